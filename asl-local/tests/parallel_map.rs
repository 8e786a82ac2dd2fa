//! Parallel branches and Map iterations: outputs, failures and aborts, concurrency on the
//! simulated clock, ItemSelector, tolerated failures, distributed mode, ItemReader, ItemBatcher.

mod harness;

use std::time::Duration;

use asl_local::{EventType, Executor, Outcome, Status, TaskError};
use harness::{count, events, machine, times};
use serde_json::{json, Value};

const FN: &str = "arn:aws:lambda:us-east-1:123456789012:function:work";

fn map_machine(extra: Value) -> asl_model::StateMachine {
    let mut m = json!({"Type": "Map", "ItemsPath": "$.items", "End": true,
        "ItemProcessor": {"StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": FN, "End": true}}}});
    for (k, v) in extra.as_object().unwrap() {
        m[k] = v.clone();
    }
    machine(json!({"StartAt": "M", "States": {"M": m}}))
}

/// Each item `{"n": k, "secs": s, "fail": bool}` takes `secs` seconds and returns `n * 10` or fails.
fn worker() -> impl FnMut(&asl_local::TaskCall) -> Outcome {
    |c| {
        let d = Duration::from_secs(c.input["secs"].as_u64().unwrap_or(0));
        if c.input["fail"] == json!(true) {
            Outcome::err(TaskError::new(
                "ItemFailed",
                format!("item {}", c.input["n"]),
            ))
            .taking(d)
        } else {
            Outcome::ok(json!(c.input["n"].as_i64().unwrap_or(0) * 10)).taking(d)
        }
    }
}

fn items(spec: &[(i64, u64, bool)]) -> Value {
    json!({"items": spec.iter().map(|(n, s, f)| json!({"n": n, "secs": s, "fail": f})).collect::<Vec<_>>()})
}

#[test]
fn parallel_outputs_in_branch_order() {
    let m = machine(
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "ResultPath": "$.both",
        "ResultSelector": {"first.$": "$[0]", "second.$": "$[1].v"}, "End": true,
        "Branches": [
            {"StartAt": "Slow", "States": {"Slow": {"Type": "Wait", "Seconds": 10, "Next": "A"}, "A": {"Type": "Pass", "Result": "a", "End": true}}},
            {"StartAt": "B", "States": {"B": {"Type": "Pass", "Parameters": {"v.$": "$.x"}, "End": true}}}
        ]}}}),
    );
    let run = Executor::new(&m).run(json!({"x": 1}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(
        run.output,
        Some(json!({"x": 1, "both": {"first": "a", "second": 1}}))
    );
    assert_eq!(run.duration(), Duration::from_secs(10));
    assert_eq!(
        events(&run),
        [
            "ExecutionStarted",
            "ParallelStateEntered:P",
            "ParallelStateStarted",
            "WaitStateEntered:Slow",
            "PassStateEntered:B",
            "PassStateExited",
            "WaitStateExited",
            "PassStateEntered:A",
            "PassStateExited",
            "ParallelStateSucceeded",
            "ParallelStateExited",
            "ExecutionSucceeded"
        ]
    );
    // Branch events chain from ParallelStateStarted.
    let started = run
        .history
        .iter()
        .find(|e| e.event_type == EventType::ParallelStateStarted)
        .unwrap()
        .id;
    let first_b = run
        .history
        .iter()
        .find(|e| e.state_name.as_deref() == Some("B"))
        .unwrap();
    assert_eq!(first_b.previous_event_id, started);
}

#[test]
fn a_failing_branch_stops_the_others_and_can_be_caught() {
    let m = machine(json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "Done",
              "Catch": [{"ErrorEquals": ["Broken"], "ResultPath": "$.err", "Next": "Recover"}],
              "Branches": [
                  {"StartAt": "Long", "States": {"Long": {"Type": "Task", "Resource": FN, "Next": "After"},
                                                 "After": {"Type": "Task", "Resource": FN, "End": true}}},
                  {"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 5, "Next": "Boom"},
                                              "Boom": {"Type": "Fail", "Error": "Broken", "Cause": "branch 2"}}}
              ]},
        "Done": {"Type": "Succeed"},
        "Recover": {"Type": "Pass", "End": true}
    }}));
    let run = Executor::new(&m)
        .handler("work", |_| {
            Outcome::ok(json!(1)).taking(Duration::from_secs(60))
        })
        .run(json!({"in": 1}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.states_entered(), ["P", "Long", "W", "Boom", "Recover"]);
    assert_eq!(
        run.output,
        Some(json!({"in": 1, "err": {"Error": "Broken", "Cause": "branch 2"}}))
    );
    // The task of branch 1 was aborted at t = 5 s; "After" never ran.
    assert_eq!(run.calls.len(), 1);
    assert_eq!(times(&run, EventType::TaskStateAborted), [5_000]);
    assert_eq!(times(&run, EventType::ParallelStateFailed), [5_000]);
    assert_eq!(run.duration(), Duration::from_secs(5));
    // Uncaught, the branch's error and cause fail the execution.
    let m2 = machine(
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
        {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Broken", "Cause": "why"}}}]}}}),
    );
    let run = Executor::new(&m2).run(json!({}));
    assert_eq!(
        (run.error.as_deref(), run.cause.as_deref()),
        (Some("Broken"), Some("why"))
    );
    assert_eq!(
        events(&run)[3..],
        [
            "FailStateEntered:F",
            "ParallelStateFailed",
            "ExecutionFailed"
        ]
    );
}

#[test]
fn map_keeps_item_order_and_honours_max_concurrency() {
    let m = map_machine(json!({"MaxConcurrency": 2}));
    // Durations 30, 10, 10, 5: slots free at 10 (item 1) and 20 (item 2).
    let run = Executor::new(&m).handler("work", worker()).run(items(&[
        (1, 30, false),
        (2, 10, false),
        (3, 10, false),
        (4, 5, false),
    ]));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.output, Some(json!([10, 20, 30, 40])));
    let starts: Vec<i64> = run
        .calls
        .iter()
        .map(|c| (c.time - run.start_time) / 1000)
        .collect();
    assert_eq!(starts, [0, 0, 10, 20]);
    assert_eq!(run.duration(), Duration::from_secs(30));
    let index_of = |ty| {
        run.history
            .iter()
            .filter(|e| e.event_type == ty)
            .map(|e| e.details.index.unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(index_of(EventType::MapIterationStarted), [0, 1, 2, 3]);
    assert_eq!(index_of(EventType::MapIterationSucceeded), [1, 2, 3, 0]);
    // MaxConcurrency 1 runs the items one after another; MaxConcurrencyPath reads it from the input.
    let m = map_machine(json!({"MaxConcurrencyPath": "$.max"}));
    let mut input = items(&[(1, 3, false), (2, 3, false)]);
    input["max"] = json!(1);
    let run = Executor::new(&m).handler("work", worker()).run(input);
    assert_eq!(
        run.calls
            .iter()
            .map(|c| (c.time - run.start_time) / 1000)
            .collect::<Vec<_>>(),
        [0, 3]
    );
}

#[test]
fn map_history_for_two_items() {
    let m = map_machine(json!({}));
    let run = Executor::new(&m)
        .handler("work", worker())
        .run(items(&[(1, 0, false), (2, 0, false)]));
    assert_eq!(
        events(&run),
        [
            "ExecutionStarted",
            "MapStateEntered:M",
            "MapStateStarted",
            "MapIterationStarted",
            "MapIterationStarted",
            "TaskStateEntered:Work",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "TaskStateEntered:Work",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "MapIterationSucceeded",
            "LambdaFunctionSucceeded",
            "TaskStateExited",
            "MapIterationSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(run.transitions(), 3);
}

#[test]
fn item_selector_and_legacy_parameters() {
    for (key, processor) in [
        ("ItemSelector", "ItemProcessor"),
        ("Parameters", "Iterator"),
    ] {
        let m = machine(
            json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs",
            key: {"index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "shared.$": "$.shared"},
            processor: {"StartAt": "Id", "States": {"Id": {"Type": "Pass", "End": true}}},
            "ResultPath": "$.out", "End": true}}}),
        );
        let run = Executor::new(&m).run(json!({"xs": ["a", "b"], "shared": 7}));
        assert_eq!(
            run.output,
            Some(json!({"xs": ["a", "b"], "shared": 7, "out": [
                {"index": 0, "value": "a", "shared": 7}, {"index": 1, "value": "b", "shared": 7}]})),
            "{key}"
        );
    }
}

#[test]
fn map_failures_without_tolerance() {
    let m = map_machine(json!({"MaxConcurrency": 3}));
    let run = Executor::new(&m).handler("work", worker()).run(items(&[
        (1, 10, false),
        (2, 2, true),
        (3, 10, false),
    ]));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(
        (run.error.as_deref(), run.cause.as_deref()),
        (Some("ItemFailed"), Some("item 2"))
    );
    assert_eq!(count(&run, EventType::MapIterationFailed), 1);
    assert_eq!(count(&run, EventType::MapIterationAborted), 2);
    assert_eq!(count(&run, EventType::TaskStateAborted), 2);
    assert_eq!(times(&run, EventType::MapStateFailed), [2_000]);
}

#[test]
fn tolerated_failures() {
    let input = items(&[(1, 0, false), (2, 0, true), (3, 0, false), (4, 0, true)]);
    let m = map_machine(json!({"ToleratedFailureCount": 2}));
    let run = Executor::new(&m)
        .handler("work", worker())
        .run(input.clone());
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(
        run.output,
        Some(
            json!([10, {"Error": "ItemFailed", "Cause": "item 2"}, 30, {"Error": "ItemFailed", "Cause": "item 4"}])
        )
    );
    let m = map_machine(json!({"ToleratedFailureCount": 1}));
    let run = Executor::new(&m)
        .handler("work", worker())
        .run(input.clone());
    assert_eq!(
        run.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    // 2 of 4 is 50 %: tolerated at 50, not at 49.
    let m = map_machine(json!({"ToleratedFailurePercentage": 50}));
    assert_eq!(
        Executor::new(&m)
            .handler("work", worker())
            .run(input.clone())
            .status,
        Status::Succeeded
    );
    let m = map_machine(json!({"ToleratedFailurePercentage": 49}));
    assert_eq!(
        Executor::new(&m)
            .handler("work", worker())
            .run(input)
            .error
            .as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
}

#[test]
fn distributed_map_runs_child_executions() {
    let m = machine(
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.items", "End": true,
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Work", "States": {"Work": {"Type": "Task", "Resource": FN, "End": true}}}}}}),
    );
    let run = Executor::new(&m)
        .handler("work", worker())
        .run(items(&[(1, 0, false), (2, 0, false)]));
    assert_eq!(run.output, Some(json!([10, 20])));
    assert_eq!(
        events(&run),
        [
            "ExecutionStarted",
            "MapStateEntered:M",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    // Child executions' states count as transitions, though their events are not in this history.
    assert_eq!(run.states_entered(), ["M", "Work", "Work"]);
    // Distributed mode tolerates no failure by default.
    let run = Executor::new(&m)
        .handler("work", worker())
        .run(items(&[(1, 0, true)]));
    assert_eq!(
        run.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    assert_eq!(count(&run, EventType::MapRunFailed), 1);
}

#[test]
fn item_reader_needs_a_handler() {
    let m = machine(
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "End": true,
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "JSON", "MaxItems": 2},
                       "Parameters": {"Bucket": "b", "Key.$": "$.key"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "Id", "States": {"Id": {"Type": "Pass", "End": true}}}}}}),
    );
    let run = Executor::new(&m).run(json!({"key": "k.json"}));
    assert_eq!(run.error.as_deref(), Some("States.ItemReaderFailed"));
    assert_eq!(
        run.cause.as_deref(),
        Some("asl-local reads no S3: register a handler for the ItemReader resource 'arn:aws:states:::s3:getObject' that returns the items as a JSON array")
    );
    let run = Executor::new(&m)
        .resource("arn:aws:states:::s3:getObject", |p| {
            assert_eq!(p, &json!({"Bucket": "b", "Key": "k.json"}));
            Ok(json!([{"id": 1}, {"id": 2}, {"id": 3}]))
        })
        .run(json!({"key": "k.json"}));
    assert_eq!(run.output, Some(json!([{"id": 1}, {"id": 2}])));
}

#[test]
fn item_batcher_groups_items() {
    let m = machine(
        json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs", "End": true,
        "ItemBatcher": {"MaxItemsPerBatch": 2, "BatchInput": {"tag.$": "$.tag"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
            "StartAt": "Id", "States": {"Id": {"Type": "Pass", "End": true}}}}}}),
    );
    let run = Executor::new(&m).run(json!({"xs": [1, 2, 3], "tag": "t"}));
    assert_eq!(
        run.output,
        Some(
            json!([{"BatchInput": {"tag": "t"}, "Items": [1, 2]}, {"BatchInput": {"tag": "t"}, "Items": [3]}])
        )
    );
}

#[test]
fn map_errors() {
    let m = map_machine(json!({}));
    let run = Executor::new(&m).run(json!({"items": {"not": "an array"}}));
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    let run = Executor::new(&m).run(json!({}));
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    let run = Executor::new(&m).run(json!({"items": []}));
    assert_eq!(run.output, Some(json!([])));
    assert_eq!(
        events(&run),
        [
            "ExecutionStarted",
            "MapStateEntered:M",
            "MapStateStarted",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
}

#[test]
fn nested_map_in_parallel() {
    let m = machine(
        json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
            {"StartAt": "M", "States": {"M": {"Type": "Map", "ItemsPath": "$.xs", "End": true,
                "ItemProcessor": {"StartAt": "Double", "States": {"Double": {"Type": "Pass",
                    "Parameters": {"v.$": "States.MathAdd($, $)"}, "End": true}}}}}},
            {"StartAt": "N", "States": {"N": {"Type": "Pass", "Result": "n", "End": true}}}
        ]}}}),
    );
    let run = Executor::new(&m).run(json!({"xs": [1, 2]}));
    assert_eq!(run.output, Some(json!([[{"v": 2}, {"v": 4}], "n"])));
    assert_eq!(run.transitions(), 5);
}
