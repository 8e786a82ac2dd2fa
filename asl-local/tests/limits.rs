//! Service limits: payload size (256 KiB), history length (25,000 events), execution TimeoutSeconds.

mod harness;

use std::time::Duration;

use asl_local::{EventType, Executor, Limits, Outcome, Status};
use harness::{machine, times};
use serde_json::{json, Value};

const FN: &str = "arn:aws:lambda:us-east-1:123456789012:function:f";

/// A JSON string whose compact encoding is exactly `bytes` long (two quotes included).
fn blob(bytes: usize) -> Value {
    json!("x".repeat(bytes - 2))
}

#[test]
fn state_output_limit_is_256_kib() {
    let m = machine(
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"b.$": "$.b"}, "End": true}}}),
    );
    // {"b":"…"} is 6 bytes of wrapping around the string.
    let run = Executor::new(&m).run(json!({"b": blob(262_144 - 6)}));
    assert_eq!(run.status, Status::Succeeded);
    let run = Executor::new(&m).run(json!({"b": blob(262_144 - 16)}));
    assert_eq!(run.status, Status::Succeeded);
    let m = machine(
        json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"b.$": "$.b", "more": "0123456789"}, "End": true}}}),
    );
    let run = Executor::new(&m).run(json!({"b": blob(262_144 - 16)}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(
        run.cause.as_deref(),
        Some("The Parameters output has a size of 262154 bytes, exceeding the maximum of 262144 bytes.")
    );
}

#[test]
fn execution_input_limit() {
    let m = machine(json!({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}));
    let run = Executor::new(&m).run(blob(262_145));
    assert_eq!(run.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(run.transitions(), 0);
    assert_eq!(
        run.event_types(),
        [EventType::ExecutionStarted, EventType::ExecutionFailed]
    );
}

#[test]
fn task_result_limit_is_not_caught_by_states_all() {
    let m = machine(json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": FN, "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "C"}], "End": true},
        "C": {"Type": "Pass", "End": true}
    }}));
    let run = Executor::new(&m)
        .lambda("f", |_| Ok(blob(300_000)))
        .run(json!({}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(run.states_entered(), ["T"]);
    // Named explicitly, a catcher handles it.
    let m = machine(json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": FN, "Catch": [{"ErrorEquals": ["States.DataLimitExceeded"], "Next": "C"}], "End": true},
        "C": {"Type": "Pass", "End": true}
    }}));
    let run = Executor::new(&m)
        .lambda("f", |_| Ok(blob(300_000)))
        .run(json!({}));
    assert_eq!(run.states_entered(), ["T", "C"]);
}

/// Init, then `k` rounds of Check → Incr, then Check → Done: 8 + 4k events.
fn counting_loop() -> asl_model::StateMachine {
    machine(json!({"StartAt": "Init", "States": {
        "Init": {"Type": "Pass", "Result": {"i": 0}, "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [{"Variable": "$.i", "NumericLessThanPath": "$$.Execution.Input.n", "Next": "Incr"}], "Default": "Done"},
        "Incr": {"Type": "Pass", "Parameters": {"i.$": "States.MathAdd($.i, 1)"}, "Next": "Check"},
        "Done": {"Type": "Succeed"}
    }}))
}

#[test]
fn the_25000th_event_may_be_execution_succeeded() {
    let m = counting_loop();
    let run = Executor::new(&m).run(json!({"n": 6_248}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.history.len(), 25_000);
    assert_eq!(run.output, Some(json!({"i": 6_248})));
    let run = Executor::new(&m).run(json!({"n": 6_249}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert_eq!(run.history.len(), 25_000);
    assert_eq!(
        run.history.last().unwrap().event_type,
        EventType::ExecutionFailed
    );
    // The limit can be lifted (AWS cannot); the loop then runs to its end.
    let run = Executor::new(&m)
        .limits(Limits {
            max_history_events: usize::MAX,
            ..Limits::default()
        })
        .run(json!({"n": 10_000}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.transitions(), 1 + 2 * 10_000 + 2);
}

#[test]
fn execution_timeout_on_the_simulated_clock() {
    let m = machine(json!({"TimeoutSeconds": 60, "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 45, "Next": "T"},
        "T": {"Type": "Task", "Resource": FN, "End": true}
    }}));
    let run = Executor::new(&m)
        .handler("f", |_| {
            Outcome::ok(json!(1)).taking(Duration::from_secs(30))
        })
        .run(json!({}));
    assert_eq!(run.status, Status::TimedOut);
    assert_eq!(run.error.as_deref(), Some("States.Timeout"));
    assert_eq!(run.duration(), Duration::from_secs(60));
    assert_eq!(times(&run, EventType::ExecutionTimedOut), [60_000]);
    let run = Executor::new(&m)
        .handler("f", |_| {
            Outcome::ok(json!(1)).taking(Duration::from_secs(15))
        })
        .run(json!({}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.duration(), Duration::from_secs(60));
}

#[test]
fn a_task_that_never_answers_hits_the_default_execution_limit() {
    // No TimeoutSeconds anywhere: the task's default is 99,999,999 s, the execution's one year.
    let m = machine(
        json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:a", "End": true}}}),
    );
    let run = Executor::new(&m)
        .handler("a", |_| Outcome::never())
        .run(json!({}));
    assert_eq!(run.status, Status::TimedOut);
    assert_eq!(run.duration(), Duration::from_secs(365 * 24 * 3600));
}

#[test]
fn extreme_values_do_not_overflow() {
    let m = machine(json!({"StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": 18446744073709551615u64, "Next": "P"},
        "P": {"Type": "Pass", "Parameters": {"r.$": "States.ArrayRange(-9223372036854775808, 9223372036854775807, 9223372036854775807)"}, "End": true}
    }}));
    // The simulated clock saturates instead of overflowing.
    let run = Executor::new(&m).start_time(i64::MAX - 5).run(json!({}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.stop_time, i64::MAX);
    let m = machine(json!({"StartAt": "P", "States": {
        "P": {"Type": "Pass", "Parameters": {"r.$": "States.ArrayRange(-9223372036854775808, 9223372036854775807, 9223372036854775807)"}, "End": true}
    }}));
    let run = Executor::new(&m).run(json!({}));
    assert_eq!(run.output, Some(json!({"r": [i64::MIN, -1, i64::MAX - 1]})));
}

#[test]
fn all_variables_together_are_limited_to_10_mib() {
    // 45 states, each assigning its own 250,000-character variable: the 42nd passes 10 MiB.
    let mut states = serde_json::Map::new();
    for i in 0..45 {
        let next = if i == 44 {
            json!({"End": true})
        } else {
            json!({"Next": format!("S{}", i + 1)})
        };
        let mut s =
            json!({"Type": "Pass", "Assign": {format!("v{i}"): "{% $pad('', 250000, 'x') %}"}});
        s.as_object_mut()
            .unwrap()
            .extend(next.as_object().unwrap().clone());
        states.insert(format!("S{i}"), s);
    }
    let m = machine(json!({"QueryLanguage": "JSONata", "StartAt": "S0", "States": states}));
    let run = Executor::new(&m).run(json!({}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(run.transitions(), 42);
    // One variable over 256 KiB fails at once.
    let m = machine(
        json!({"QueryLanguage": "JSONata", "StartAt": "S", "States": {
            "S": {"Type": "Pass", "Assign": {"big": "{% $pad('', 300000, 'x') %}"}, "End": true}
        }}),
    );
    let run = Executor::new(&m).run(json!({}));
    assert_eq!(run.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(
        run.cause.as_deref(),
        Some(
            "The variable 'big' has a size of 300005 bytes, exceeding the maximum of 262144 bytes."
        )
    );
}
