//! Every generated workflow (`build.rs`) run natively (the Rust fn, with an `asl::testing::Env`
//! mocking each task) and as its emitted ASL in asl-local (the same handlers as Lambda
//! functions): the same success or failure, the same output (read as `Rec` or `Data`:
//! variables kept beside the root object may add fields), the same error name, and the same
//! task calls (name and typed input) in the same order. A JSONPath workflow over `Rec` runs on
//! every input `{n: 0..6, b: both}` and is compared in both query languages; a JSONata
//! workflow over `Data` (computed values, no JSONPath form) runs on `data_inputs()` as JSONata.
//!
//! Where ASL is legitimately nondeterministic (a `parallel!` or a `map` without
//! `max_concurrency(1)`: branches and iterations run concurrently), calls are compared as a
//! multiset, and when both runs fail, which error wins the race is not compared (as in
//! `asl-emit/tests/differential.rs`).
//!
//! `ASL_DIFFTEST_ONLY=w0123` runs one workflow and prints its source and ASL.
use std::collections::BTreeMap;
use std::time::Instant;

use asl::testing::{Env, Mock};
use asl::Failure;
use asl_difftest::{
    run_data_task, run_task, Data, Generated, Rec, Run, DATA_TASKS, TASKS, WORKFLOWS,
};
use asl_local::{Executor, Status, TaskError};
use serde_json::{json, Value};

/// A task call: the task's name and its input as `Rec` reads it.
type Call = (String, Value);

#[derive(Debug, PartialEq)]
struct Outcome {
    result: Result<Value, String>,
    calls: Vec<Call>,
}

/// The typed view of a value: the payload's fields only (extra fields are variables riding
/// along), its numbers as the payload's types read them.
fn typed(jsonata: bool, v: &Value) -> Result<Value, String> {
    if jsonata {
        return serde_json::from_value::<Data>(v.clone())
            .map(|r| unsigned_zero(serde_json::to_value(r).unwrap()))
            .map_err(|e| format!("not a Data ({e}): {v}"));
    }
    serde_json::from_value::<Rec>(v.clone())
        .map(|r| serde_json::to_value(r).unwrap())
        .map_err(|e| format!("not a Rec ({e}): {v}"))
}

/// `-0.0` as `0.0`: JSON between states carries no sign of zero (JSONata writes its `-0` as
/// `0`), where Rust's `-0.25 * 0.0` keeps one.
fn unsigned_zero(v: Value) -> Value {
    match v {
        Value::Number(n) if n.as_f64() == Some(0.0) && n.is_f64() => Value::from(0.0),
        Value::Array(items) => Value::Array(items.into_iter().map(unsigned_zero).collect()),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, unsigned_zero(v)))
                .collect(),
        ),
        other => other,
    }
}

/// What a task does to its input (`run_task`, `run_data_task`).
type Behaviour = fn(usize, &Value) -> Result<Value, Failure>;

/// The family's tasks and what they do.
fn tasks(jsonata: bool) -> (&'static [(&'static str, usize)], Behaviour) {
    if jsonata {
        (DATA_TASKS, run_data_task)
    } else {
        (TASKS, run_task)
    }
}

fn native(w: &Generated, input: &Value) -> Outcome {
    let (names, behaviour) = tasks(w.jsonata);
    let mut env = Env::new();
    for &(name, i) in names {
        env = env.mock(Mock::json(name, move |v| behaviour(i, &v)));
    }
    fn value<T: serde::Serialize>(r: Result<T, Failure>) -> Result<Value, String> {
        r.map(|r| unsigned_zero(serde_json::to_value(r).unwrap()))
            .map_err(|f| f.error)
    }
    let read = |input: &Value| input.clone();
    let result = match w.run {
        Run::Plain(f) => {
            value(env.run_workflow(|| f(serde_json::from_value(read(input)).unwrap())))
        }
        Run::Fallible(f) => {
            value(env.run_workflow(|| f(serde_json::from_value(read(input)).unwrap())))
        }
        Run::DataPlain(f) => {
            value(env.run_workflow(|| f(serde_json::from_value(read(input)).unwrap())))
        }
        Run::DataFallible(f) => {
            value(env.run_workflow(|| f(serde_json::from_value(read(input)).unwrap())))
        }
    };
    let mut calls = Vec::new();
    for c in env.take_calls() {
        // A retried call is recorded once per attempt, natively as in ASL.
        let input = typed(w.jsonata, &c.input).unwrap_or(c.input);
        calls.push((c.task.clone(), input));
    }
    Outcome { result, calls }
}

fn asl(w: &Generated, machine: &asl::model::StateMachine, input: &Value) -> Outcome {
    let (names, behaviour) = tasks(w.jsonata);
    let mut ex = Executor::new(machine);
    for &(name, i) in names {
        ex = ex.lambda(name, move |v| {
            behaviour(i, v).map_err(|f| TaskError::new(f.error, f.cause))
        });
    }
    let run = ex.run(input.clone());
    if std::env::var_os("ASL_DIFFTEST_ONLY").is_some() {
        println!(
            "ASL on {input}: {:?} {:?} {:?}",
            run.status, run.error, run.cause
        );
    }
    let result = match run.status {
        Status::Succeeded => typed(w.jsonata, run.output.as_ref().unwrap_or(&Value::Null)),
        _ => Err(run.error.clone().unwrap_or_default()),
    };
    let calls = run
        .calls
        .iter()
        .map(|c| {
            (
                c.resource.rsplit(':').next().unwrap_or("").to_string(),
                typed(w.jsonata, &c.input).unwrap_or(c.input.clone()),
            )
        })
        .collect();
    Outcome { result, calls }
}

/// `None` when they agree.
fn compare(w: &Generated, native: &Outcome, asl: &Outcome) -> Option<String> {
    if w.concurrent {
        if native.result.is_err() && asl.result.is_err() {
            // Both failed; which failing branch or iteration ends the run is a race.
            return None;
        }
        if native.result != asl.result {
            return Some(format!(
                "results differ: native {:?}, ASL {:?}",
                native.result, asl.result
            ));
        }
        let key = |c: &Call| format!("{}{}", c.0, c.1);
        let (mut n, mut a) = (native.calls.clone(), asl.calls.clone());
        n.sort_by_key(key);
        a.sort_by_key(key);
        if n != a {
            return Some(format!(
                "task calls differ (as multisets):\nnative {n:?}\nASL    {a:?}"
            ));
        }
        return None;
    }
    if native.result != asl.result {
        return Some(format!(
            "results differ: native {:?}, ASL {:?}",
            native.result, asl.result
        ));
    }
    if native.calls != asl.calls {
        let first = native
            .calls
            .iter()
            .zip(&asl.calls)
            .position(|(a, b)| a != b)
            .unwrap_or(native.calls.len().min(asl.calls.len()));
        return Some(format!(
            "task calls differ at #{first} (native {} calls, ASL {}):\nnative {:?}\nASL    {:?}",
            native.calls.len(),
            asl.calls.len(),
            native.calls.get(first),
            asl.calls.get(first)
        ));
    }
    None
}

/// Workflows that hit a known, not yet fixed bug: counted and printed, and the test fails
/// when one of them starts to agree (then remove it here).
const KNOWN: &[&str] = &[];

/// The inputs of the JSONata family: spaces and case in `s`, negative and multiple-of-7
/// numbers, empty and one-item vectors, `o` absent and present.
fn data_inputs() -> Vec<Value> {
    vec![
        json!({"n": 0, "s": "in", "f": 0.0, "xs": [], "o": null, "b": false}),
        json!({"n": 3, "s": "  Hello World ", "f": 2.5, "xs": [1, -2, 3], "o": 4, "b": true}),
        json!({"n": -7, "s": "ABC", "f": -1.5, "xs": [7], "o": -3, "b": false}),
        json!({"n": 12, "s": "", "f": 10.25, "xs": [0, 0, 5, -9], "o": null, "b": true}),
        json!({"n": 5, "s": "a b,c", "f": -0.5, "xs": [2, 4], "o": 0, "b": true}),
        json!({"n": -1, "s": "xyz in ", "f": 3.75, "xs": [-4], "o": 9, "b": false}),
    ]
}

#[test]
fn generated_workflows_run_the_same_natively_and_as_asl() {
    let only = std::env::var("ASL_DIFFTEST_ONLY").ok();
    let rec_inputs: Vec<Value> = (0..6)
        .flat_map(|n| [false, true].map(|b| json!({"n": n, "label": "in", "b": b})))
        .collect();
    let data_inputs = data_inputs();
    let start = Instant::now();
    let mut jsonata_workflows = 0usize;
    let (mut runs, mut workflows, mut native_failed, mut calls) = (0usize, 0usize, 0usize, 0usize);
    let mut failures: BTreeMap<&str, String> = BTreeMap::new();
    for w in WORKFLOWS {
        if only.as_deref().is_some_and(|o| o != w.name) {
            continue;
        }
        let definition = (w.definition)();
        // The ASL in both query languages: JSONPath (the workflow's own) and JSONata; a
        // JSONata workflow's own only.
        let languages = if w.jsonata {
            vec![("JSONata", definition.clone())]
        } else {
            vec![
                ("JSONPath", definition.clone()),
                ("JSONata", definition.as_jsonata()),
            ]
        };
        let expected = languages.len();
        let mut machines = Vec::new();
        for (language, d) in languages {
            match d.state_machine() {
                Ok(m) => machines.push((language, m)),
                Err(e) => {
                    failures.insert(w.name, format!("no {language} state machine: {e}"));
                }
            }
            if only.is_some() {
                println!("{}\n{}", w.source, d.to_json_pretty().unwrap_or_default());
            }
        }
        if machines.len() < expected {
            continue;
        }
        workflows += 1;
        jsonata_workflows += w.jsonata as usize;
        let inputs = if w.jsonata { &data_inputs } else { &rec_inputs };
        for input in inputs {
            let n = native(w, input);
            runs += 1;
            calls += n.calls.len();
            native_failed += n.result.is_err() as usize;
            for (language, machine) in &machines {
                let a = asl(w, machine, input);
                if let Some(why) = compare(w, &n, &a) {
                    failures
                        .entry(w.name)
                        .or_insert_with(|| format!("{language}, on {input}: {why}"));
                }
            }
        }
    }
    println!(
        "{workflows} workflows ({} JSONPath × {} inputs, compared with their JSONPath and JSONata ASL; {jsonata_workflows} JSONata × {} inputs) = {runs} native runs ({native_failed} ending in a failure, {calls} native task calls) in {:.1?}",
        workflows - jsonata_workflows,
        rec_inputs.len(),
        data_inputs.len(),
        start.elapsed()
    );
    let known: Vec<&str> = KNOWN
        .iter()
        .copied()
        .filter(|k| match failures.remove(k) {
            // One workflow asked for: say how it differs, known or not.
            Some(why) if only.is_some() => {
                println!("{k} (known): {why}");
                true
            }
            found => found.is_some(),
        })
        .collect();
    println!(
        "{} known failures skipped after running: {known:?}",
        known.len()
    );
    if only.is_none() {
        assert_eq!(
            known.len(),
            KNOWN.len(),
            "a KNOWN workflow now agrees: remove it from KNOWN"
        );
    }
    let report: Vec<String> = failures
        .iter()
        .map(|(name, why)| {
            let w = WORKFLOWS.iter().find(|w| w.name == *name).unwrap();
            format!("{name}: {why}\n{}", w.source)
        })
        .collect();
    assert!(
        report.is_empty(),
        "{} of {workflows} workflows disagree:\n\n{}",
        report.len(),
        report.join("\n")
    );
}
