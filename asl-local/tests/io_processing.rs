//! Input and output processing (InputPath, Parameters, ResultSelector, ResultPath, OutputPath),
//! the context object, JSONPath variables, Wait, Pass, Fail, resource kinds and their history.

mod harness;

use std::time::Duration;

use asl_local::{EventType, Executor, Outcome, ResourceKind, Status, TaskError};
use harness::{events, machine, times};
use serde_json::{json, Value};

fn one(state: Value) -> asl_model::StateMachine {
    machine(json!({"StartAt": "S", "States": {"S": state}}))
}

#[test]
fn the_aws_docs_pipeline() {
    // InputPath → Parameters → task → ResultSelector → ResultPath → OutputPath.
    let m = one(json!({
        "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "InputPath": "$.dataset2",
        "Parameters": {"comment": "Selecting what I care about.", "MyDetails": {"size.$": "$.val1", "all.$": "$"}, "list": [{"x.$": "$.val2"}, "lit"]},
        "ResultSelector": {"picked.$": "$.nested.value", "static": 1},
        "ResultPath": "$.taskresult",
        "OutputPath": "$.taskresult",
        "End": true
    }));
    let run = Executor::new(&m)
        .lambda("f", |p| {
            Ok(json!({"nested": {"value": p["MyDetails"]["size"]}, "noise": true}))
        })
        .run(json!({"dataset1": {"val1": 1}, "dataset2": {"val1": "a", "val2": "b"}}));
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(
        run.calls[0].input,
        json!({"comment": "Selecting what I care about.", "MyDetails": {"size": "a", "all": {"val1": "a", "val2": "b"}}, "list": [{"x": "b"}, "lit"]})
    );
    assert_eq!(run.output, Some(json!({"picked": "a", "static": 1})));
}

#[test]
fn result_path_variants() {
    let pass = |rp: Value, input: Value| {
        let mut st = json!({"Type": "Pass", "Result": {"r": 1}, "End": true});
        if !rp.is_null() || rp == json!("null") {
            st["ResultPath"] = rp.clone();
        }
        let run = Executor::new(&one(st)).run(input);
        (run.status, run.output, run.error)
    };
    assert_eq!(pass(json!("$"), json!({"a": 1})).1, Some(json!({"r": 1})));
    assert_eq!(
        pass(json!("$.x.y.z"), json!({"a": 1})).1,
        Some(json!({"a": 1, "x": {"y": {"z": {"r": 1}}}}))
    );
    assert_eq!(
        pass(json!("$.a"), json!({"a": {"old": true}})).1,
        Some(json!({"a": {"r": 1}}))
    );
    assert_eq!(
        pass(json!("$.l[1]"), json!({"l": [0, 0]})).1,
        Some(json!({"l": [0, {"r": 1}]}))
    );
    assert_eq!(
        pass(json!("$.a.b"), json!({"a": {"keep": 2}})).1,
        Some(json!({"a": {"keep": 2, "b": {"r": 1}}}))
    );
    // Cannot be applied: a string input, a scalar on the way, an index outside the array.
    for input in [json!("text"), json!({"a": 5}), json!({"l": []})] {
        let path = if input.get("l").is_some() {
            "$.l[0]"
        } else {
            "$.a.b"
        };
        let (status, _, error) = pass(json!(path), input);
        assert_eq!(status, Status::Failed);
        assert_eq!(error.as_deref(), Some("States.ResultPathMatchFailure"));
    }
    // null discards the result.
    let st = json!({"Type": "Pass", "Result": {"r": 1}, "ResultPath": null, "End": true});
    assert_eq!(
        Executor::new(&one(st)).run(json!({"a": 1})).output,
        Some(json!({"a": 1}))
    );
}

#[test]
fn input_and_output_paths() {
    let run = Executor::new(&one(
        json!({"Type": "Pass", "InputPath": null, "End": true}),
    ))
    .run(json!({"a": 1}));
    assert_eq!(run.output, Some(json!({})));
    let run = Executor::new(&one(
        json!({"Type": "Pass", "OutputPath": null, "End": true}),
    ))
    .run(json!({"a": 1}));
    assert_eq!(run.output, Some(json!({})));
    let run = Executor::new(&one(
        json!({"Type": "Pass", "InputPath": "$.a[*].b", "End": true}),
    ))
    .run(json!({"a": [{"b": 1}, {"c": 2}, {"b": 3}]}));
    assert_eq!(run.output, Some(json!([1, 3])));
    let run = Executor::new(&one(
        json!({"Type": "Pass", "InputPath": "$.missing", "End": true}),
    ))
    .run(json!({"a": 1}));
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    assert_eq!(run.cause.as_deref(), Some("Invalid path '$.missing' : The InputPath '$.missing' references nothing in the input '{\"a\":1}'"));
    let run = Executor::new(&one(
        json!({"Type": "Pass", "OutputPath": "$.b", "End": true}),
    ))
    .run(json!({"a": 1}));
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
}

#[test]
fn pass_parameters_and_result() {
    let st = json!({"Type": "Pass", "Parameters": {"x.$": "$.a", "n": [1, {"y.$": "$.b"}]}, "ResultPath": "$.p", "End": true});
    let run = Executor::new(&one(st)).run(json!({"a": 1, "b": 2}));
    assert_eq!(
        run.output,
        Some(json!({"a": 1, "b": 2, "p": {"x": 1, "n": [1, {"y": 2}]}}))
    );
    // Result wins over Parameters.
    let st = json!({"Type": "Pass", "Result": "r", "Parameters": {"x": 1}, "End": true});
    assert_eq!(
        Executor::new(&one(st)).run(json!({})).output,
        Some(json!("r"))
    );
}

#[test]
fn context_object() {
    let st = json!({"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {
        "id.$": "$$.Execution.Id", "name.$": "$$.Execution.Name", "start.$": "$$.Execution.StartTime",
        "role.$": "$$.Execution.RoleArn", "input.$": "$$.Execution.Input", "state.$": "$$.State.Name",
        "entered.$": "$$.State.EnteredTime", "retry.$": "$$.State.RetryCount", "sm.$": "$$.StateMachine.Id",
        "smName.$": "$$.StateMachine.Name", "token.$": "$$.Task.Token"
    }, "End": true});
    let run = Executor::new(&one(st))
        .echo(true)
        .state_machine_name("orders")
        .execution_name("run-1")
        .start_time(asl_local::parse_millis("2024-05-01T12:00:00Z").unwrap())
        .run(json!({"in": true}));
    let token = run.calls[0].task_token.clone();
    assert_eq!(
        run.output,
        Some(json!({
            "id": "arn:aws:states:us-east-1:123456789012:execution:orders:run-1",
            "name": "run-1",
            "start": "2024-05-01T12:00:00.000Z",
            "role": "arn:aws:iam::123456789012:role/asl-local",
            "input": {"in": true},
            "state": "S",
            "entered": "2024-05-01T12:00:00.000Z",
            "retry": 0,
            "sm": "arn:aws:states:us-east-1:123456789012:stateMachine:orders",
            "smName": "orders",
            "token": token,
        }))
    );
    assert_eq!(token.len(), 36);
}

#[test]
fn variables_and_their_scopes() {
    let m = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"n": 1}, "Assign": {"x.$": "$.n", "lit": "L", "obj": {"k.$": "$.n"}}, "Next": "B"},
        // Assignments of one state see the values from before it: y gets the old x.
        "B": {"Type": "Pass", "Assign": {"x": 2, "y.$": "$x"}, "Next": "P"},
        "P": {"Type": "Parallel", "Next": "C", "Branches": [
            {"StartAt": "In", "States": {"In": {"Type": "Pass", "Parameters": {"seen.$": "$x"}, "Assign": {"inner": true}, "End": true}}}
        ]},
        "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "y.$": "$y", "lit.$": "$lit", "obj.$": "$obj", "branch.$": "$"}, "End": true}
    }}));
    let run = Executor::new(&m).run(json!({}));
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(
        run.output,
        Some(json!({"x": 2, "y": 1, "lit": "L", "obj": {"k": 1}, "branch": [{"seen": 2}]}))
    );
    // A branch's variables are not visible outside it.
    let m = machine(json!({"StartAt": "P", "States": {
        "P": {"Type": "Parallel", "Next": "C", "Branches": [
            {"StartAt": "In", "States": {"In": {"Type": "Pass", "Assign": {"inner": true}, "End": true}}}
        ]},
        "C": {"Type": "Pass", "Parameters": {"v.$": "$inner"}, "End": true}
    }}));
    let run = Executor::new(&m).run(json!({}));
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
}

#[test]
fn task_assign_sees_the_raw_result_and_catch_assign_the_error() {
    let m = machine(json!({"StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:getObject",
              "ResultSelector": {"only.$": "$.a"}, "Assign": {"raw.$": "$.b"},
              "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"err.$": "$.Error"}, "Next": "Failed"}],
              "Next": "Read"},
        "Read": {"Type": "Pass", "Parameters": {"raw.$": "$raw", "out.$": "$"}, "End": true},
        "Failed": {"Type": "Pass", "Parameters": {"err.$": "$err"}, "End": true}
    }}));
    let run = Executor::new(&m)
        .resource("arn:aws:states:::aws-sdk:s3:getObject", |_| {
            Ok(json!({"a": 1, "b": 2}))
        })
        .run(json!({}));
    assert_eq!(run.output, Some(json!({"raw": 2, "out": {"only": 1}})));
    let run = Executor::new(&m)
        .resource("arn:aws:states:::aws-sdk:s3:getObject", |_| {
            Err(TaskError::new("S3.NoSuchKey", "gone"))
        })
        .run(json!({}));
    assert_eq!(run.output, Some(json!({"err": "S3.NoSuchKey"})));
}

#[test]
fn wait_forms_on_the_simulated_clock() {
    let wait = |w: Value, input: Value| {
        let mut st = w;
        st["Type"] = json!("Wait");
        st["Next"] = json!("Done");
        let m = machine(
            json!({"StartAt": "W", "States": {"W": st, "Done": {"Type": "Pass", "End": true}}}),
        );
        Executor::new(&m).run(input)
    };
    let run = wait(json!({"Seconds": 90}), json!({"a": 1}));
    assert_eq!(times(&run, EventType::WaitStateExited), [90_000]);
    assert_eq!(run.output, Some(json!({"a": 1})));
    let run = wait(json!({"SecondsPath": "$.s"}), json!({"s": 12}));
    assert_eq!(times(&run, EventType::WaitStateExited), [12_000]);
    let run = wait(json!({"Timestamp": "2025-01-01T01:00:00Z"}), json!({}));
    assert_eq!(times(&run, EventType::WaitStateExited), [3_600_000]);
    let run = wait(
        json!({"TimestampPath": "$.t"}),
        json!({"t": "2025-01-01T00:00:01.500+00:00"}),
    );
    assert_eq!(times(&run, EventType::WaitStateExited), [1_500]);
    // A timestamp in the past does not wait.
    let run = wait(json!({"Timestamp": "2016-03-14T01:59:00Z"}), json!({}));
    assert_eq!(times(&run, EventType::WaitStateExited), [0]);
    for (w, input) in [
        (json!({"SecondsPath": "$.s"}), json!({"s": -1})),
        (json!({"SecondsPath": "$.s"}), json!({"s": "10"})),
        (json!({"SecondsPath": "$.s"}), json!({})),
        (json!({"TimestampPath": "$.t"}), json!({"t": "yesterday"})),
    ] {
        let run = wait(w, input);
        assert_eq!(run.error.as_deref(), Some("States.Runtime"));
    }
}

#[test]
fn fail_state_fields() {
    let run =
        Executor::new(&one(json!({"Type": "Fail", "Error": "E", "Cause": "C"}))).run(json!({}));
    assert_eq!(
        (run.error.as_deref(), run.cause.as_deref()),
        (Some("E"), Some("C"))
    );
    assert_eq!(
        events(&run),
        ["ExecutionStarted", "FailStateEntered:S", "ExecutionFailed"]
    );
    let st = json!({"Type": "Fail", "ErrorPath": "$.e", "CausePath": "States.Format('code {}', $.code)"});
    let run = Executor::new(&one(st)).run(json!({"e": "Custom", "code": 7}));
    assert_eq!(
        (run.error.as_deref(), run.cause.as_deref()),
        (Some("Custom"), Some("code 7"))
    );
    let run = Executor::new(&one(json!({"Type": "Fail", "ErrorPath": "$.e"}))).run(json!({"e": 5}));
    assert_eq!(run.error.as_deref(), Some("States.Runtime"));
}

#[test]
fn lambda_invoke_wraps_the_result() {
    let st = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
                    "Parameters": {"FunctionName": "arn:aws:lambda:us-east-1:123456789012:function:greet:$LATEST", "Payload": {"who.$": "$.name"}},
                    "End": true});
    let run = Executor::new(&one(st.clone()))
        .lambda("greet", |p| Ok(json!({"hi": p["who"]})))
        .seed(3)
        .run(json!({"name": "Ada"}));
    assert_eq!(run.calls[0].kind, ResourceKind::LambdaInvoke);
    assert_eq!(run.calls[0].input, json!({"who": "Ada"}));
    let out = run.output.clone().unwrap();
    let id = out["SdkResponseMetadata"]["RequestId"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        out,
        json!({
            "ExecutedVersion": "$LATEST",
            "Payload": {"hi": "Ada"},
            "SdkHttpMetadata": {
                "AllHttpHeaders": {"X-Amz-Executed-Version": ["$LATEST"], "x-amzn-RequestId": [id], "Content-Type": ["application/json"]},
                "HttpHeaders": {"X-Amz-Executed-Version": "$LATEST", "x-amzn-RequestId": id, "Content-Type": "application/json"},
                "HttpStatusCode": 200
            },
            "SdkResponseMetadata": {"RequestId": id},
            "StatusCode": 200
        })
    );
    assert_eq!(
        events(&run)[2..6],
        [
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited"
        ]
    );
    let sched = &run.history[2];
    assert_eq!(
        sched.details.resource.as_deref(),
        Some("arn:aws:lambda:us-east-1:123456789012:function:greet:$LATEST")
    );
}

#[test]
fn resource_kinds_record_their_own_events() {
    let cases = [
        (
            "arn:aws:lambda:us-east-1:123456789012:function:f",
            "f",
            [
                "LambdaFunctionScheduled",
                "LambdaFunctionStarted",
                "LambdaFunctionSucceeded",
            ],
        ),
        (
            "arn:aws:states:us-east-1:123456789012:activity:work",
            "work",
            ["ActivityScheduled", "ActivityStarted", "ActivitySucceeded"],
        ),
        (
            "arn:aws:states:::sns:publish",
            "arn:aws:states:::sns:publish",
            ["TaskScheduled", "TaskStarted", "TaskSucceeded"],
        ),
    ];
    for (resource, key, want) in cases {
        let m = one(json!({"Type": "Task", "Resource": resource, "End": true}));
        let run = Executor::new(&m).returns(key, [json!(1)]).run(json!({}));
        assert_eq!(events(&run)[2..5], want, "{resource}");
    }
    // .sync and .waitForTaskToken add TaskSubmitted; a handler registered without the suffix matches.
    let m = one(
        json!({"Type": "Task", "Resource": "arn:aws:states:::states:startExecution.sync:2", "End": true}),
    );
    let run = Executor::new(&m)
        .resource("arn:aws:states:::states:startExecution", |_| {
            Ok(json!({"Output": "{}"}))
        })
        .run(json!({}));
    assert_eq!(
        events(&run)[2..6],
        [
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded"
        ]
    );
    // CloudFormation references name a function by its logical id.
    let m =
        one(json!({"Type": "Task", "Resource": {"Fn::GetAtt": ["fetchPDF", "Arn"]}, "End": true}));
    let run = Executor::new(&m)
        .lambda("fetchPDF", |_| Ok(json!("pdf")))
        .run(json!({}));
    assert_eq!(run.output, Some(json!("pdf")));
}

#[test]
fn history_ids_timestamps_and_names() {
    let m = machine(json!({"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Next": "W"},
        "W": {"Type": "Wait", "Seconds": 2, "Next": "T"},
        "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}
    }}));
    let run = Executor::new(&m)
        .handler("f", |_| {
            Outcome::ok(json!({})).taking(Duration::from_millis(250))
        })
        .run(json!({}));
    let rows: Vec<(u64, u64, String, &str, Option<&str>)> = run
        .history
        .iter()
        .map(|e| {
            (
                e.id,
                e.previous_event_id,
                e.time(),
                e.event_type.as_str(),
                e.state_name.as_deref(),
            )
        })
        .collect();
    let t0 = "2025-01-01T00:00:00.000Z".to_string();
    let t2 = "2025-01-01T00:00:02.000Z".to_string();
    let t3 = "2025-01-01T00:00:02.250Z".to_string();
    assert_eq!(
        rows,
        [
            (1, 0, t0.clone(), "ExecutionStarted", None),
            (2, 1, t0.clone(), "PassStateEntered", Some("A")),
            (3, 2, t0.clone(), "PassStateExited", Some("A")),
            (4, 3, t0.clone(), "WaitStateEntered", Some("W")),
            (5, 4, t2.clone(), "WaitStateExited", Some("W")),
            (6, 5, t2.clone(), "TaskStateEntered", Some("T")),
            (7, 6, t2.clone(), "LambdaFunctionScheduled", Some("T")),
            (8, 7, t2.clone(), "LambdaFunctionStarted", Some("T")),
            (9, 8, t3.clone(), "LambdaFunctionSucceeded", Some("T")),
            (10, 9, t3.clone(), "TaskStateExited", Some("T")),
            (11, 10, t3, "ExecutionSucceeded", None),
        ]
    );
    assert_eq!(run.history[0].to_json()["details"], json!({"input": {}}));
}

#[test]
fn echo_and_fallback() {
    let m = one(
        json!({"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"a.$": "$.x"}, "End": true}),
    );
    assert_eq!(
        Executor::new(&m).echo(true).run(json!({"x": 1})).output,
        Some(json!({"a": 1}))
    );
    let run = Executor::new(&m)
        .fallback(|c| Outcome::ok(json!({"resource": c.resource, "state": c.state})))
        .run(json!({"x": 1}));
    assert_eq!(
        run.output,
        Some(json!({"resource": "arn:aws:states:::dynamodb:putItem", "state": "S"}))
    );
    // Canned results are consumed in order; every run starts over.
    let m = one(
        json!({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "End": true}),
    );
    let mut ex = Executor::new(&m).returns("f", [json!(1)]);
    assert_eq!(ex.run(json!({})).output, Some(json!(1)));
    assert_eq!(ex.run(json!({})).output, Some(json!(1)));
}
