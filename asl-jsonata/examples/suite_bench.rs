//! Times the reference suite's expressions in asl-jsonata and in jsonata-js 2.0.6 (the engine
//! Step Functions runs) and prints the ratio, both measured in this one run:
//!
//! `cargo run --release -p asl-jsonata --example suite_bench [ROUNDS]`
//!
//! jsonata-js runs in one node process (`.ci/jsonata/bench.js`, after `npm ci` in
//! `.ci/jsonata`). Cases with a time limit or a depth limit (they test the guards, not the
//! engine) and the `$eval` group (Step Functions refuses it) are left out; cases that end in an
//! error stay in, since both engines report them. Each engine compiles and evaluates every case
//! ROUNDS times (default 20), then evaluates the compiled expressions ROUNDS times more.

#[path = "../tests/common/suite_cases.rs"]
mod suite_cases;

use std::io::Write;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use asl_jsonata::{Expression, Options};
use serde_json::{json, Value};

struct Bench {
    expr: String,
    input: Option<Value>,
    options: Options,
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .map(|r| r.parse().expect("ROUNDS is a whole number"))
        .unwrap_or(20);
    let Some(dir) = suite_cases::suite_dir() else {
        eprintln!("skipped: ../shared/jsonata-test-suite-2.0.6 is not beside the project");
        return;
    };
    let benches: Vec<Bench> = suite_cases::load(&dir)
        .iter()
        .filter(|c| {
            c.group != "function-eval"
                && c.json.get("unloadable").is_none()
                && c.json.get("timelimit").is_none()
                && c.json.get("depth").is_none()
        })
        .map(|c| {
            let (input, options) = suite_cases::input_and_options(c, &dir.join("datasets"));
            Bench {
                expr: c.expr.clone(),
                input,
                options,
            }
        })
        .collect();

    let cases_file = std::env::temp_dir().join(format!("suite-bench-{}.jsonl", std::process::id()));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&cases_file).unwrap());
    for b in &benches {
        let bindings: serde_json::Map<String, Value> =
            b.options.bindings.clone().into_iter().collect();
        let mut line = json!({ "expr": b.expr, "bindings": bindings });
        if let Some(input) = &b.input {
            line["input"] = input.clone();
        }
        writeln!(out, "{line}").unwrap();
    }
    out.flush().unwrap();
    drop(out);

    let (ours_full, ours_eval) = time_ours(&benches, rounds);
    if let Some(top) = std::env::var("SUITE_BENCH_TOP")
        .ok()
        .and_then(|t| t.parse().ok())
    {
        print_slowest(&benches, top);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.ci/jsonata/bench.js");
    let node = Command::new("node")
        .arg(&script)
        .arg(&cases_file)
        .arg(rounds.to_string())
        .output();
    let _ = std::fs::remove_file(&cases_file);
    println!("{} suite expressions, {rounds} rounds each", benches.len());
    println!(
        "asl-jsonata  parse+evaluate {:>9.1} ms   evaluate {:>9.1} ms",
        ms(ours_full),
        ms(ours_eval)
    );
    let node = match node {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            eprintln!(
                "jsonata-js did not run: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            eprintln!("(run `npm ci` in .ci/jsonata first)");
            std::process::exit(1);
        }
        Err(e) => {
            eprintln!("node did not start: {e}");
            std::process::exit(1);
        }
    };
    let theirs: Value =
        serde_json::from_slice(&node.stdout).expect("bench.js prints one JSON object");
    let (js_full, js_eval) = (
        theirs["parse_evaluate_ms"].as_f64().unwrap(),
        theirs["evaluate_ms"].as_f64().unwrap(),
    );
    println!("jsonata-js   parse+evaluate {js_full:>9.1} ms   evaluate {js_eval:>9.1} ms");
    println!(
        "ratio (jsonata-js / asl-jsonata): parse+evaluate {:.1}x, evaluate {:.1}x",
        js_full / ms(ours_full),
        js_eval / ms(ours_eval)
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Total time of ROUNDS passes of parse+evaluate, then of ROUNDS passes of evaluate alone.
fn time_ours(benches: &[Bench], rounds: usize) -> (Duration, Duration) {
    let start = Instant::now();
    for _ in 0..rounds {
        for b in benches {
            let outcome =
                Expression::parse(&b.expr).and_then(|e| e.evaluate(b.input.as_ref(), &b.options));
            std::hint::black_box(outcome.ok());
        }
    }
    let full = start.elapsed();
    let compiled: Vec<_> = benches
        .iter()
        .map(|b| Expression::parse(&b.expr).ok())
        .collect();
    let start = Instant::now();
    for _ in 0..rounds {
        for (b, e) in benches.iter().zip(&compiled) {
            if let Some(e) = e {
                std::hint::black_box(e.evaluate(b.input.as_ref(), &b.options).ok());
            }
        }
    }
    (full, start.elapsed())
}

/// The slowest cases of this engine, one parse+evaluate each: where to look first.
fn print_slowest(benches: &[Bench], top: usize) {
    let mut times: Vec<(Duration, &str)> = benches
        .iter()
        .map(|b| {
            let start = Instant::now();
            let outcome =
                Expression::parse(&b.expr).and_then(|e| e.evaluate(b.input.as_ref(), &b.options));
            std::hint::black_box(outcome.ok());
            (start.elapsed(), b.expr.as_str())
        })
        .collect();
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    for (t, expr) in times.iter().take(top) {
        let expr: String = expr.chars().take(100).collect();
        eprintln!("{:>8.3} ms  {}", ms(*t), expr.replace('\n', " "));
    }
}
