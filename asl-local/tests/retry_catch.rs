//! Retry (intervals, backoff, MaxDelaySeconds, jitter, per-retrier counts) on the simulated
//! clock with exact timestamps; Catch and its error output; task timeouts and heartbeats.

mod harness;

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use asl_local::{format_millis, EventType, Executor, Outcome, Status, TaskError};
use harness::{machine, times};
use serde_json::{json, Value};

const FN: &str = "arn:aws:lambda:us-east-1:123456789012:function:f";

fn task(extra: Value) -> Value {
    let mut t = json!({"Type": "Task", "Resource": FN, "End": true});
    for (k, v) in extra.as_object().unwrap() {
        t[k] = v.clone();
    }
    json!({"StartAt": "T", "States": {"T": t, "Z": {"Type": "Pass", "End": true}}})
}

/// A handler that fails with the given errors in order, then succeeds with `{"ok": true}`.
fn failing(errors: &[&str]) -> Vec<Outcome> {
    let mut v: Vec<Outcome> = errors
        .iter()
        .map(|e| Outcome::err(TaskError::new(*e, "boom")))
        .collect();
    v.push(Outcome::ok(json!({"ok": true})));
    v
}

#[test]
fn backoff_waits_on_the_simulated_clock() {
    let m = machine(task(
        json!({"Retry": [{"ErrorEquals": ["States.Timeout", "Busy"], "IntervalSeconds": 3, "MaxAttempts": 2, "BackoffRate": 1.5}]}),
    ));
    let run = Executor::new(&m)
        .returns("f", failing(&["Busy", "Busy"]))
        .run(json!({}));
    assert_eq!(run.status, Status::Succeeded);
    // Waits of 3 and 4.5 seconds.
    assert_eq!(
        times(&run, EventType::LambdaFunctionScheduled),
        [0, 3_000, 7_500]
    );
    let stamps: Vec<String> = run
        .history
        .iter()
        .filter(|e| e.event_type == EventType::LambdaFunctionScheduled)
        .map(|e| e.time())
        .collect();
    assert_eq!(
        stamps,
        [
            "2025-01-01T00:00:00.000Z",
            "2025-01-01T00:00:03.000Z",
            "2025-01-01T00:00:07.500Z"
        ]
    );
    assert_eq!(
        run.calls.iter().map(|c| c.attempt).collect::<Vec<_>>(),
        [0, 1, 2]
    );
    assert_eq!(run.duration(), Duration::from_millis(7_500));
    assert_eq!(
        harness::events(&run),
        [
            "ExecutionStarted",
            "TaskStateEntered:T",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionFailed",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionFailed",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded",
        ]
    );
    assert_eq!(run.transitions(), 1);
}

#[test]
fn defaults_are_one_second_three_attempts_rate_two() {
    let m = machine(task(json!({"Retry": [{"ErrorEquals": ["States.ALL"]}]})));
    let run = Executor::new(&m)
        .returns("f", failing(&["E", "E", "E", "E"]))
        .run(json!({}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("E"));
    assert_eq!(
        times(&run, EventType::LambdaFunctionScheduled),
        [0, 1_000, 3_000, 7_000]
    );
    assert_eq!(run.stop_time - run.start_time, 7_000);
}

#[test]
fn max_delay_caps_the_backoff() {
    let m = machine(task(
        json!({"Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 10, "BackoffRate": 3.0, "MaxAttempts": 4, "MaxDelaySeconds": 20}]}),
    ));
    let run = Executor::new(&m)
        .returns("f", failing(&["E", "E", "E", "E"]))
        .run(json!({}));
    assert_eq!(run.status, Status::Succeeded);
    // 10, then min(30, 20), min(90, 20), min(270, 20).
    assert_eq!(
        times(&run, EventType::LambdaFunctionScheduled),
        [0, 10_000, 30_000, 50_000, 70_000]
    );
}

#[test]
fn full_jitter_is_seeded_and_bounded() {
    let m = machine(task(
        json!({"Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 10, "MaxAttempts": 3, "JitterStrategy": "FULL"}]}),
    ));
    let run_with = |seed| {
        Executor::new(&m)
            .seed(seed)
            .returns("f", failing(&["E", "E", "E"]))
            .run(json!({}))
    };
    let a = times(&run_with(1), EventType::LambdaFunctionScheduled);
    assert_eq!(a, times(&run_with(1), EventType::LambdaFunctionScheduled));
    assert_ne!(a, times(&run_with(2), EventType::LambdaFunctionScheduled));
    let gaps: Vec<i64> = a.windows(2).map(|w| w[1] - w[0]).collect();
    for (gap, max) in gaps.iter().zip([10_000, 20_000, 40_000]) {
        assert!((0..=max).contains(gap), "{gap} > {max}");
    }
}

#[test]
fn retriers_count_separately_as_in_the_aws_example() {
    // AWS "Complex retry scenarios": errors A, B, C, B, B → waits 1, 2, 5, 4, then the catcher.
    let m = machine(task(json!({
        "Retry": [
            {"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2.0, "MaxAttempts": 2},
            {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5}
        ],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]
    })));
    let run = Executor::new(&m)
        .returns(
            "f",
            failing(&["ErrorA", "ErrorB", "ErrorC", "ErrorB", "ErrorB"]),
        )
        .run(json!({"in": 1}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(
        times(&run, EventType::LambdaFunctionScheduled),
        [0, 1_000, 3_000, 8_000, 12_000]
    );
    assert_eq!(run.states_entered(), ["T", "Z"]);
    assert_eq!(
        run.output,
        Some(json!({"Error": "ErrorB", "Cause": "boom"}))
    );
}

#[test]
fn max_attempts_zero_never_retries() {
    let m = machine(task(
        json!({"Retry": [{"ErrorEquals": ["E"], "MaxAttempts": 0}, {"ErrorEquals": ["States.ALL"]}]}),
    ));
    let run = Executor::new(&m)
        .returns("f", failing(&["E"]))
        .run(json!({}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.calls.len(), 1);
}

#[test]
fn retry_count_is_in_the_context_object() {
    let m = machine(task(json!({
        "Parameters": {"try.$": "$$.State.RetryCount", "entered.$": "$$.State.EnteredTime"},
        "Retry": [{"ErrorEquals": ["E"], "IntervalSeconds": 2}]
    })));
    let run = Executor::new(&m)
        .returns("f", failing(&["E", "E"]))
        .run(json!({}));
    let inputs: Vec<Value> = run.calls.iter().map(|c| c.input.clone()).collect();
    let entered = format_millis(run.start_time);
    assert_eq!(
        inputs,
        [
            json!({"try": 0, "entered": entered}),
            json!({"try": 1, "entered": entered}),
            json!({"try": 2, "entered": entered})
        ]
    );
}

#[test]
fn task_failed_does_not_match_timeouts() {
    let m = machine(task(json!({
        "TimeoutSeconds": 5,
        "Retry": [{"ErrorEquals": ["States.TaskFailed"], "MaxAttempts": 5}],
        "Catch": [{"ErrorEquals": ["States.Timeout"], "ResultPath": "$.error", "Next": "Z"}]
    })));
    let run = Executor::new(&m)
        .handler("f", |_| {
            Outcome::ok(json!(1)).taking(Duration::from_secs(6))
        })
        .run(json!({"x": 1}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.calls.len(), 1);
    assert_eq!(times(&run, EventType::LambdaFunctionTimedOut), [5_000]);
    assert_eq!(
        run.output,
        Some(
            json!({"x": 1, "error": {"Error": "States.Timeout", "Cause": "The task ran longer than 5 s (TimeoutSeconds)."}})
        )
    );
}

#[test]
fn timeout_seconds_path_and_exact_boundary() {
    let m = machine(task(json!({"TimeoutSecondsPath": "$.limit"})));
    let mut ex = Executor::new(&m).handler("f", |c| {
        let secs = c.input["takes"].as_u64().unwrap_or(0);
        Outcome::ok(json!("done")).taking(Duration::from_secs(secs))
    });
    // A result that arrives exactly at the limit is on time.
    let run = ex.run(json!({"limit": 10, "takes": 10}));
    assert_eq!(run.status, Status::Succeeded);
    let run = ex.run(json!({"limit": 10, "takes": 11}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Timeout"));
    assert_eq!(run.stop_time - run.start_time, 10_000);
    let run = ex.run(json!({"limit": 0, "takes": 1}));
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
}

#[test]
fn heartbeats() {
    let m = machine(json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:worker",
              "TimeoutSeconds": 600, "HeartbeatSeconds": 60,
              "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Late"}], "End": true},
        "Late": {"Type": "Pass", "End": true}
    }}));
    // No heartbeat within 60 s: States.HeartbeatTimeout at t = 60 s (States.Timeout catches it).
    let run = Executor::new(&m)
        .handler("worker", |_| {
            Outcome::ok(json!(1)).taking(Duration::from_secs(300))
        })
        .run(json!({}));
    assert_eq!(run.states_entered(), ["T", "Late"]);
    assert_eq!(times(&run, EventType::ActivityTimedOut), [60_000]);
    assert_eq!(
        run.output,
        Some(
            json!({"Error": "States.HeartbeatTimeout", "Cause": "No heartbeat was received for 60 s (HeartbeatSeconds)."})
        )
    );
    // Heartbeats every 30 s keep it alive until its result at 300 s.
    let run = Executor::new(&m)
        .handler("worker", |_| {
            Outcome::ok(json!("done"))
                .taking(Duration::from_secs(300))
                .heartbeat_every(Duration::from_secs(30))
        })
        .run(json!({}));
    assert_eq!(run.states_entered(), ["T"]);
    assert_eq!(run.output, Some(json!("done")));
    assert_eq!(times(&run, EventType::ActivitySucceeded), [300_000]);
    // A worker that never answers, heartbeating: TimeoutSeconds ends it.
    let run = Executor::new(&m)
        .handler("worker", |_| {
            Outcome::never().heartbeat_every(Duration::from_secs(10))
        })
        .run(json!({}));
    assert_eq!(times(&run, EventType::ActivityTimedOut), [600_000]);
    assert_eq!(run.output.as_ref().unwrap()["Error"], "States.Timeout");
    assert_eq!(
        harness::events(&run)[..6],
        [
            "ExecutionStarted",
            "TaskStateEntered:T",
            "ActivityScheduled",
            "ActivityStarted",
            "ActivityTimedOut",
            "TaskStateExited"
        ]
    );
}

#[test]
fn catch_result_path_and_order() {
    let m = machine(json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": FN, "Catch": [
            {"ErrorEquals": ["Specific"], "ResultPath": "$.error-info", "Next": "Recover"},
            {"ErrorEquals": ["States.ALL"], "Next": "Other"}
        ], "End": true},
        "Recover": {"Type": "Pass", "End": true},
        "Other": {"Type": "Pass", "End": true}
    }}));
    let run = Executor::new(&m)
        .returns("f", [TaskError::new("Specific", "why")])
        .run(json!({"keep": true}));
    assert_eq!(run.states_entered(), ["T", "Recover"]);
    assert_eq!(
        run.output,
        Some(json!({"keep": true, "error-info": {"Error": "Specific", "Cause": "why"}}))
    );
    assert_eq!(
        harness::events(&run),
        [
            "ExecutionStarted",
            "TaskStateEntered:T",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionFailed",
            "TaskStateExited",
            "PassStateEntered:Recover",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
    let run = Executor::new(&m)
        .returns("f", [TaskError::new("Else", "x")])
        .run(json!({"keep": true}));
    assert_eq!(run.states_entered(), ["T", "Other"]);
    assert_eq!(run.output, Some(json!({"Error": "Else", "Cause": "x"})));
}

#[test]
fn runtime_errors_and_missing_handlers_are_never_caught() {
    let m = machine(json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": FN, "Parameters": {"a.$": "$.missing"},
              "Retry": [{"ErrorEquals": ["States.ALL"]}],
              "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}], "End": true},
        "Z": {"Type": "Pass", "End": true}
    }}));
    let run = Executor::new(&m).echo(true).run(json!({}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert_eq!(run.states_entered(), ["T"]);
    let m = machine(task(
        json!({"Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Z"}]}),
    ));
    let run = Executor::new(&m).run(json!({}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("asl-local.NoHandler"));
    assert_eq!(
        run.cause.as_deref(),
        Some(
            "no handler for the resource 'arn:aws:lambda:us-east-1:123456789012:function:f' (state 'T'); register one \
             (tried the keys 'arn:aws:lambda:us-east-1:123456789012:function:f', 'f') or enable echo mode"
        )
    );
}

#[test]
fn parallel_state_is_retried_as_a_whole() {
    let attempts = Rc::new(Cell::new(0));
    let a = attempts.clone();
    let m = machine(
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true,
        "Retry": [{"ErrorEquals": ["Flaky"], "IntervalSeconds": 4}],
        "Branches": [
            {"StartAt": "B1", "States": {"B1": {"Type": "Task", "Resource": FN, "End": true}}},
            {"StartAt": "B2", "States": {"B2": {"Type": "Pass", "Result": 2, "End": true}}}
        ]}}}),
    );
    let run = Executor::new(&m)
        .lambda("f", move |_| {
            a.set(a.get() + 1);
            if a.get() == 1 {
                Err(TaskError::new("Flaky", "first time"))
            } else {
                Ok(json!(1))
            }
        })
        .run(json!({}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.output, Some(json!([1, 2])));
    assert_eq!(attempts.get(), 2);
    assert_eq!(times(&run, EventType::ParallelStateStarted), [0, 4_000]);
    assert_eq!(run.states_entered(), ["P", "B1", "B2", "B1", "B2"]);
}
