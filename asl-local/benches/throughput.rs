//! Throughput of asl-local in state transitions per second, on (a) a Pass/Choice counting loop
//! and (b) a Map whose iterations run 3 Pass states, in JSONPath; (c) the counting loop with its
//! counter in a JSONPath variable; (d) the loop and (e) the Map in JSONata with Variables; and,
//! when `.ci/venv/bin/python` exists, the same definitions (smaller) on moto's interpreter, with
//! the ratio of the per-transition rates.
//!
//! Run: `cargo bench -p asl-local --bench throughput` (from the workspace root).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use asl_local::{Executor, Limits, Status};
use serde_json::{json, Value};

fn counting_loop() -> Value {
    json!({
        "Comment": "Counts $.i up to $.n with a Choice back-edge: 2 transitions per iteration.",
        "StartAt": "Init",
        "States": {
            "Init": {"Type": "Pass", "Parameters": {"i": 0, "n.$": "$.n"}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$.n", "Next": "Incr"}], "Default": "Done"},
            "Incr": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)", "n.$": "$.n"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}
        }
    })
}

fn map_of_passes() -> Value {
    json!({
        "Comment": "A Map over $.items; each iteration runs 3 Pass states.",
        "StartAt": "Each",
        "States": {
            "Each": {"Type": "Map", "ItemsPath": "$.items", "End": true,
                "ItemProcessor": {"StartAt": "A", "States": {
                    "A": {"Type": "Pass", "Parameters": {"v.$": "$"}, "Next": "B"},
                    "B": {"Type": "Pass", "Result": 1, "ResultPath": "$.b", "Next": "C"},
                    "C": {"Type": "Pass", "OutputPath": "$.v", "End": true}
                }}}
        }
    })
}

fn variables_loop() -> Value {
    json!({
        "Comment": "The counting loop with the counter in a JSONPath variable (the bound stays in the input: moto's NumericLessThanPath does not read a variable).",
        "StartAt": "Init",
        "States": {
            "Init": {"Type": "Pass", "Assign": {"i": 0}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Variable": "$i", "NumericLessThanPath": "$.n", "Next": "Incr"}], "Default": "Done"},
            "Incr": {"Type": "Pass", "Assign": {"i.$": "States.MathAdd($i, 1)"}, "Next": "Check"},
            "Done": {"Type": "Succeed"}
        }
    })
}

fn jsonata_loop() -> Value {
    json!({
        "Comment": "The counting loop in JSONata, with the counter and a running sum in variables.",
        "QueryLanguage": "JSONata",
        "StartAt": "Init",
        "States": {
            "Init": {"Type": "Pass", "Assign": {"i": 0, "sum": 0, "n": "{% $states.input.n %}"}, "Next": "Check"},
            "Check": {"Type": "Choice", "Choices": [{"Condition": "{% $i < $n %}", "Next": "Incr"}], "Default": "Done"},
            "Incr": {"Type": "Pass", "Assign": {"i": "{% $i + 1 %}", "sum": "{% $sum + $i * 0.5 %}"}, "Next": "Check"},
            "Done": {"Type": "Succeed", "Output": {"sum": "{% $sum %}"}}
        }
    })
}

fn jsonata_map() -> Value {
    json!({
        "Comment": "A JSONata Map over the input's items; each iteration runs 3 Pass states.",
        "QueryLanguage": "JSONata",
        "StartAt": "Each",
        "States": {
            "Each": {"Type": "Map", "Items": "{% $states.input.items %}", "End": true,
                "ItemSelector": {"v": "{% $states.context.Map.Item.Value %}"},
                "ItemProcessor": {"StartAt": "A", "States": {
                    "A": {"Type": "Pass", "Assign": {"v": "{% $states.input.v %}"}, "Next": "B"},
                    "B": {"Type": "Pass", "Output": {"b": "{% $v * 2 %}"}, "Next": "C"},
                    "C": {"Type": "Pass", "Output": "{% $states.input.b + $v %}", "End": true}
                }}}
        }
    })
}

fn loop_input(n: u64) -> Value {
    json!({ "n": n })
}

fn map_input(n: u64) -> Value {
    json!({"items": (0..n).collect::<Vec<_>>()})
}

/// Transitions per second of asl-local: best of `rounds` runs.
fn ours(def: &Value, input: &Value, rounds: usize) -> (usize, f64) {
    let machine = asl_model::parse_value(def).expect("bench definition parses");
    // AWS would stop the 10,000-iteration loop at 25,000 history events; the bench lifts that limit.
    let limits = Limits {
        max_history_events: usize::MAX,
        ..Limits::default()
    };
    let mut ex = Executor::new(&machine).limits(limits);
    let mut best = f64::INFINITY;
    let mut transitions = 0;
    for _ in 0..rounds {
        let t0 = Instant::now();
        let run = ex.run(input.clone());
        let secs = t0.elapsed().as_secs_f64();
        assert_eq!(
            run.status,
            Status::Succeeded,
            "{:?}: {:?}",
            run.error,
            run.cause
        );
        transitions = run.transitions();
        best = best.min(secs);
    }
    (transitions, transitions as f64 / best)
}

/// (transitions, transitions per second) on moto, or why not.
fn moto(root: &Path, def: &Value, input: &Value, tag: &str) -> Result<(usize, f64), String> {
    let python = root.join(".ci/venv/bin/python");
    if !python.exists() {
        return Err(format!(
            "{} not found (the CI venv with moto is not installed)",
            python.display()
        ));
    }
    let dir = std::env::temp_dir().join(format!("asl-local-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let (d, i) = (
        dir.join(format!("{tag}.asl.json")),
        dir.join(format!("{tag}.input.json")),
    );
    std::fs::write(&d, def.to_string()).map_err(|e| e.to_string())?;
    std::fs::write(&i, input.to_string()).map_err(|e| e.to_string())?;
    let script = root.join("asl-local/benches/moto_run.py");
    let out = Command::new(&python)
        .arg(&script)
        .arg(&d)
        .arg(&i)
        .output()
        .map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    if !out.status.success() {
        return Err(format!(
            "moto_run.py failed: {}",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .last()
                .unwrap_or("")
        ));
    }
    let line = String::from_utf8_lossy(&out.stdout);
    let v: Value = serde_json::from_str(line.trim())
        .map_err(|e| format!("moto_run.py printed {line:?}: {e}"))?;
    if v["status"] != "SUCCEEDED" {
        return Err(format!("moto ended with {}", v["status"]));
    }
    let transitions = v["transitions"].as_u64().unwrap_or(0) as usize;
    let secs = v["seconds"].as_f64().unwrap_or(f64::NAN);
    Ok((transitions, transitions as f64 / secs))
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let cases = [
        (
            "(a) Pass/Choice counting loop",
            counting_loop(),
            loop_input(10_000),
            loop_input(500),
            "loop",
        ),
        (
            "(b) Map of 3 Pass states per item",
            map_of_passes(),
            map_input(1_000),
            map_input(100),
            "map",
        ),
        (
            "(c) JSONPath Variables counting loop",
            variables_loop(),
            loop_input(10_000),
            loop_input(500),
            "vars-loop",
        ),
        (
            "(d) JSONata + Variables counting loop",
            jsonata_loop(),
            loop_input(10_000),
            loop_input(500),
            "jsonata-loop",
        ),
        (
            "(e) JSONata Map of 3 Pass states per item",
            jsonata_map(),
            map_input(1_000),
            map_input(100),
            "jsonata-map",
        ),
    ];
    println!("asl-local throughput (best of 5 runs; simulated clock, no waits)");
    for (name, def, input, small, tag) in &cases {
        let (n, rate) = ours(def, input, 5);
        println!("{name}: asl-local {n} transitions, {rate:.0} transitions/s");
        match moto(&root, def, small, tag) {
            Ok((m, moto_rate)) => {
                let (n_small, rate_small) = ours(def, small, 5);
                println!(
                    "{name}: moto {m} transitions, {moto_rate:.0} transitions/s (asl-local on the same input: {n_small} transitions, {rate_small:.0}/s)"
                );
                if m == n_small {
                    println!(
                        "{name}: ratio asl-local/moto = {:.0}x (per transition)",
                        rate_small / moto_rate
                    );
                } else {
                    println!("{name}: no ratio: moto ran a different path ({m} transitions, asl-local {n_small})");
                }
            }
            Err(why) => println!("{name}: moto skipped: {why}"),
        }
    }
}
