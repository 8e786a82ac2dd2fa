//! Differential test of the lowering: generated workflows run by a reference interpreter of
//! the IR (what the Rust fn does natively) and, lowered to ASL, by asl-local must give the
//! same output, the same failure and the same task calls in the same order.

mod generator;
mod interp;

use std::collections::HashMap;

use asl_emit::Definition;
use asl_local::{Executor, Status, TaskError};
use asl_model::ir::*;
use proptest::prelude::*;
use serde_json::{json, Value};

use generator::{recipe, workflow};
use interp::{Flow, Interp};

/// `Rec { n, s, b }`: the one payload type of generated workflows.
fn rec() -> Shape {
    Shape::Object(vec![
        Field {
            rust: "n".into(),
            json: "n".into(),
            shape: Shape::Number,
            flatten: false,
        },
        Field {
            rust: "s".into(),
            json: "label".into(),
            shape: Shape::String,
            flatten: false,
        },
        Field {
            rust: "b".into(),
            json: "b".into(),
            shape: Shape::Bool,
            flatten: false,
        },
    ])
}

const TASKS: usize = 4;

fn task(i: usize) -> TaskSpec {
    let arn = format!("arn:aws:lambda:us-east-1:123456789012:function:t{i}");
    TaskSpec::new(&format!("t{i}"), TaskResource::Lambda(arn), rec(), rec())
}

/// What task `i` does: deterministic, and `n` always grows (so bounded loops end).
/// Task 3 fails when `n` is a multiple of 7.
#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` is Rust 1.87; the workspace's MSRV is 1.80
fn run_task(i: usize, input: &Value) -> Result<Value, TaskError> {
    let n = input["n"].as_i64().unwrap_or(0);
    let s = input["label"].as_str().unwrap_or("");
    let b = input["b"].as_bool().unwrap_or(false);
    if i == 3 && n % 7 == 0 {
        return Err(TaskError {
            error: "SevenError".into(),
            cause: format!("n = {n}"),
        });
    }
    Ok(
        json!({"n": n + 1 + i as i64, "label": format!("{s}{i}").chars().rev().take(6).collect::<String>(), "b": b ^ (i % 2 == 0)}),
    )
}

/// The typed view of a record: extra fields (attached variables) do not count.
fn project(v: &Value) -> Value {
    json!({"n": v["n"], "label": v["label"], "b": v["b"]})
}

fn compare(wf: &Workflow, parallel: bool, input: Value) -> Result<(), TestCaseError> {
    let mut interp = Interp {
        wf,
        env: HashMap::from([(VarId(0), input.clone())]),
        calls: Vec::new(),
        steps: 0,
        cause: String::new(),
    };
    let native = match interp.block(&wf.body) {
        Flow::Return(v) => Ok(project(&v)),
        Flow::Fail(e) => Err(e),
        _ => unreachable!("every generated body returns"),
    };
    // A run that long would hit the 25,000-event history limit on AWS as in asl-local.
    prop_assume!(interp.calls.len() < 2_000);
    let machine = Definition::new(wf.clone())
        .state_machine()
        .map_err(|e| TestCaseError::fail(format!("{e}\n{wf:#?}")))?;
    let mut ex = Executor::new(&machine);
    for i in 0..TASKS {
        ex = ex.lambda(format!("t{i}"), move |input| run_task(i, input));
    }
    let run = ex.run(input);
    let asl_result = match run.status {
        Status::Succeeded => Ok(project(run.output.as_ref().unwrap_or(&Value::Null))),
        _ => Err(run.error.clone().unwrap_or_default()),
    };
    let mut asl_calls: Vec<(String, Value)> = run
        .calls
        .iter()
        .map(|c| {
            (
                c.resource.rsplit(':').next().unwrap_or("").to_string(),
                project(&c.input),
            )
        })
        .collect();
    let text = asl_model::serialize::to_string_pretty(&machine);
    if parallel && asl_result.is_err() && native.is_err() {
        // Two branches that both fail race: which error ends the Parallel is not ordered
        // (the sequential run always sees the first branch's). Both runs failed; that agrees.
        return Ok(());
    }
    prop_assert_eq!(&asl_result, &native, "outputs differ\n{}", text);
    let mut calls = interp.calls.clone();
    if parallel {
        // Branches run concurrently: the same calls, in some order; after a failure, the
        // other branches may have made calls the sequential run did not.
        if asl_result.is_err() {
            return Ok(());
        }
        let key = |c: &(String, Value)| format!("{}{}", c.0, c.1);
        asl_calls.sort_by_key(key);
        calls.sort_by_key(key);
    }
    prop_assert_eq!(&asl_calls, &calls, "task calls differ\n{}", text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, rng_seed: proptest::test_runner::RngSeed::Fixed(0x5eed), ..ProptestConfig::default() })]

    #[test]
    fn lowered_asl_behaves_like_the_workflow(recipes in prop::collection::vec(recipe(), 1..6), ret in any::<usize>(), n in 0..10i64, b in any::<bool>()) {
        let (wf, parallel) = workflow(&recipes, ret);
        compare(&wf, parallel, json!({"n": n, "label": "in", "b": b}))?;
    }
}
