//! Times asl-jsonata and jsonata-rs 0.3.4 on the reference suite's expressions that jsonata-rs
//! evaluates at all (it returns a value, and no panic), and prints the ratio:
//! `cargo run --release` in this folder, `[ROUNDS]` as its one argument (default 20).

#[path = "../../../asl-jsonata/tests/common/suite_cases.rs"]
mod suite_cases;

use std::time::{Duration, Instant};

use asl_jsonata::{Expression, Options};
use serde_json::Value;

struct Bench {
    expr: String,
    input: Option<Value>,
    input_text: Option<String>,
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
    let all: Vec<Bench> = suite_cases::load(&dir)
        .iter()
        .filter(|c| {
            c.group != "function-eval"
                && c.json.get("unloadable").is_none()
                && c.json.get("timelimit").is_none()
                && c.json.get("depth").is_none()
                // jsonata-rs takes bindings as its own values; leave those cases out.
                && c.json.get("bindings").is_none_or(|b| b.as_object().is_some_and(|o| o.is_empty()))
        })
        .map(|c| {
            let (input, options) = suite_cases::input_and_options(c, &dir.join("datasets"));
            let input_text = input.as_ref().map(Value::to_string);
            Bench { expr: c.expr.clone(), input, input_text, options }
        })
        .collect();
    // Only what jsonata-rs evaluates: a value, within a second, without a panic.
    std::panic::set_hook(Box::new(|_| {}));
    let benches: Vec<&Bench> = all.iter().filter(|b| std::panic::catch_unwind(|| theirs(b)).unwrap_or(false)).collect();
    let _ = std::panic::take_hook();
    let ours = time(rounds, || {
        for b in &benches {
            let out = Expression::parse(&b.expr).and_then(|e| e.evaluate(b.input.as_ref(), &b.options));
            std::hint::black_box(out.ok());
        }
    });
    let jsonata_rs = time(rounds, || {
        for b in &benches {
            std::hint::black_box(theirs(b));
        }
    });
    println!(
        "{} of {} suite expressions evaluate in jsonata-rs 0.3.4; {rounds} rounds of parse+evaluate each",
        benches.len(),
        all.len()
    );
    println!("asl-jsonata {:>9.1} ms", ms(ours));
    println!("jsonata-rs  {:>9.1} ms", ms(jsonata_rs));
    println!("ratio (jsonata-rs / asl-jsonata): {:.1}x", ms(jsonata_rs) / ms(ours));
}

/// Parse and evaluate in jsonata-rs: whether it gave a value.
fn theirs(b: &Bench) -> bool {
    let arena = bumpalo::Bump::new();
    let Ok(expr) = jsonata_rs::JsonAta::new(&b.expr, &arena) else {
        return false;
    };
    expr.evaluate_timeboxed(b.input_text.as_deref(), None, Some(1000)).is_ok()
}

fn time(rounds: usize, mut run: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..rounds {
        run();
    }
    start.elapsed()
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
