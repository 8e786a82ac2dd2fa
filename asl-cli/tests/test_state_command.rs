//! `asl test-state` end to end in JSONPath: every state type (and a JSONata state inside a
//! JSONPath machine, states nested in Parallel branches and Map processors), mocks of results and
//! errors, Retry and Catch, exact JSON reports, the text form and usage errors.

use serde_json::json;

mod test_state_support;
use test_state_support::{charged, order, report, with};

#[test]
fn jsonpath_task_shows_every_stage() {
    let (code, r) = report(
        "orders.asl.json",
        "Charge",
        "order.json",
        &[
            "--mock",
            "mocks/charged.json",
            "--variables",
            "inputs/variables.json",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Charge", "stateType": "Task", "queryLanguage": "JSONPath",
            "status": "SUCCEEDED",
            "output": {"receipt": "r-42", "status": 200},
            "nextState": "Route",
            "inspectionData": {
                "input": order(),
                "afterInputPath": {"total": 30, "lines": 2},
                "afterParameters": {"FunctionName": "charge", "Payload": {"amount": 30, "currency": "EUR"}},
                "result": {"StatusCode": 200, "Payload": {"receipt": "r-42"}},
                "afterResultSelector": {"receipt": "r-42", "status": 200},
                "afterResultPath": with(order(), "charge", json!({"receipt": "r-42", "status": 200})),
                "variables": {"count": 3, "customer": "Ada", "lastReceipt": "r-42"},
                "assigned": {"lastReceipt": "r-42"}
            }
        })
    );
}

#[test]
fn jsonpath_task_errors_retry_then_fail_or_are_caught() {
    let stages = json!({
        "input": order(),
        "afterInputPath": {"total": 30, "lines": 2},
        "afterParameters": {"FunctionName": "charge", "Payload": {"amount": 30, "currency": "EUR"}},
        "variables": {}
    });
    let retriable = |count: &str, seconds: u64| {
        let (code, r) = report(
            "orders.asl.json",
            "Charge",
            "order.json",
            &[
                "--mock",
                "mocks/throttled.json",
                "--retrier-retry-count",
                count,
            ],
        );
        assert_eq!(code, 1);
        let mut data = stages.clone();
        data["errorDetails"] = json!({"retryIndex": 0, "retryBackoffIntervalSeconds": seconds});
        assert_eq!(
            r,
            json!({
                "stateName": "Charge", "stateType": "Task", "queryLanguage": "JSONPath",
                "status": "RETRIABLE",
                "error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded",
                "inspectionData": data
            })
        );
    };
    retriable("0", 2);
    retriable("1", 6); // 2 × 3^1
                       // MaxAttempts 2 used up, and no Catch matches: FAILED.
    let (code, r) = report(
        "orders.asl.json",
        "Charge",
        "order.json",
        &[
            "--mock",
            "mocks/throttled.json",
            "--retrier-retry-count",
            "2",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(
        r,
        json!({
            "stateName": "Charge", "stateType": "Task", "queryLanguage": "JSONPath",
            "status": "FAILED",
            "error": "Lambda.TooManyRequestsException", "cause": "Rate exceeded",
            "inspectionData": stages
        })
    );
    let (code, r) = report(
        "orders.asl.json",
        "Charge",
        "order.json",
        &["--mock", "mocks/declined.json"],
    );
    assert_eq!(code, 0);
    let caught = with(
        order(),
        "failure",
        json!({"Error": "Payment.Declined", "Cause": "card expired"}),
    );
    let mut data = stages.clone();
    data["afterResultPath"] = caught.clone();
    data["errorDetails"] = json!({"catchIndex": 0});
    assert_eq!(
        r,
        json!({
            "stateName": "Charge", "stateType": "Task", "queryLanguage": "JSONPath",
            "status": "CAUGHT_ERROR",
            "output": caught,
            "nextState": "Declined",
            "error": "Payment.Declined", "cause": "card expired",
            "inspectionData": data
        })
    );
}

#[test]
fn jsonpath_choice_wait_pass_succeed_fail() {
    let (code, r) = report("orders.asl.json", "Route", "charged.json", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Route", "stateType": "Choice", "queryLanguage": "JSONPath",
            "status": "SUCCEEDED", "output": charged(), "nextState": "Pause",
            "inspectionData": {
                "input": charged(), "afterInputPath": charged(),
                "variables": {"routed": "pause"}, "assigned": {"routed": "pause"},
                "choice": {"rule": 1, "next": "Pause"}
            }
        })
    );
    let (_, r) = report("orders.asl.json", "Route", "not-found.json", &[]);
    assert_eq!(r["nextState"], json!("Shape"));
    assert_eq!(r["inspectionData"]["choice"], json!({"default": "Shape"}));

    let (code, r) = report("orders.asl.json", "Pause", "charged.json", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Pause", "stateType": "Wait", "queryLanguage": "JSONPath",
            "status": "SUCCEEDED", "output": charged(), "nextState": "Shape",
            "inspectionData": {"input": charged(), "afterInputPath": charged(), "variables": {}, "wait": {"seconds": 45}}
        })
    );

    let (code, r) = report(
        "orders.asl.json",
        "Shape",
        "charged.json",
        &["--variables", "inputs/variables.json"],
    );
    assert_eq!(code, 0);
    let shaped = with(charged(), "shaped", json!({"id": "r-42", "who": "Ada"}));
    assert_eq!(
        r,
        json!({
            "stateName": "Shape", "stateType": "Pass", "queryLanguage": "JSONPath",
            "status": "SUCCEEDED", "output": shaped, "nextState": "Convert",
            "inspectionData": {
                "input": charged(), "afterInputPath": charged(),
                "afterParameters": {"id": "r-42", "who": "Ada"},
                "afterResultPath": shaped,
                "variables": {"count": 3, "customer": "Ada"}
            }
        })
    );

    let (code, r) = report("orders.asl.json", "Done", "charged.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        r,
        json!({
            "stateName": "Done", "stateType": "Succeed", "queryLanguage": "JSONPath",
            "status": "FAILED", "error": "States.Runtime",
            "cause": "Invalid path '$.sums' : The InputPath '$.sums' references nothing in the input '{\"status\":200,\"receipt\":\"r-42\",\"delay\":45,\"customer\":\"Ada\",\"items\":[10,20]}'",
            "inspectionData": {"input": charged(), "variables": {}}
        })
    );
    let (code, r) = report("orders.asl.json", "Done", "summed.json", &[]);
    assert_eq!(code, 0);
    assert_eq!(r["output"], json!([2, 5, 10]));
    assert_eq!(r.get("nextState"), None);

    let (code, r) = report("orders.asl.json", "Declined", "failure.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        r,
        json!({
            "stateName": "Declined", "stateType": "Fail", "queryLanguage": "JSONPath",
            "status": "FAILED", "error": "Payment.Declined", "cause": "card expired",
            "inspectionData": {"input": {"failure": {"Error": "Payment.Declined", "Cause": "card expired"}}, "variables": {}}
        })
    );
}

#[test]
fn a_jsonata_state_in_a_jsonpath_machine() {
    let (code, r) = report("orders.asl.json", "Convert", "charged.json", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Convert", "stateType": "Pass", "queryLanguage": "JSONata",
            "status": "SUCCEEDED", "output": with(charged(), "upper", json!("R-42")), "nextState": "Fanout",
            "inspectionData": {"input": charged(), "variables": {"converted": true}, "assigned": {"converted": true}}
        })
    );
}

#[test]
fn jsonpath_parallel_and_map_run_their_branches_or_take_the_mock() {
    let (code, r) = report(
        "orders.asl.json",
        "Fanout",
        "charged.json",
        &["--variables", "inputs/variables.json"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Fanout", "stateType": "Parallel", "queryLanguage": "JSONPath",
            "status": "SUCCEEDED", "output": {"sides": ["left", "right"]}, "nextState": "EachItem",
            "inspectionData": {
                "input": charged(), "afterInputPath": charged(),
                "afterParameters": {"receipt": "r-42"},
                "result": [{"side": "left", "r": "r-42"}, {"side": "right", "who": "Ada", "nested": 1}],
                "afterResultSelector": {"sides": ["left", "right"]},
                "afterResultPath": {"sides": ["left", "right"]},
                "variables": {"count": 3, "customer": "Ada"},
                "branches": [
                    {"status": "SUCCEEDED", "output": {"side": "left", "r": "r-42"}, "statesEntered": ["Left"]},
                    {"status": "SUCCEEDED", "output": {"side": "right", "who": "Ada", "nested": 1}, "statesEntered": ["Right", "Nested"]}
                ]
            }
        })
    );
    let (code, r) = report(
        "orders.asl.json",
        "Fanout",
        "charged.json",
        &["--mock", "mocks/parallel.json"],
    );
    assert_eq!(code, 0);
    assert_eq!(r["output"], json!({"sides": ["left", "mocked"]}));
    assert_eq!(
        r["inspectionData"]["note"],
        json!("branches not run: as in AWS's TestState, the mock is the state's whole result")
    );
    assert_eq!(r["inspectionData"].get("branches"), None);

    let (code, r) = report("orders.asl.json", "EachItem", "charged.json", &[]);
    assert_eq!(code, 0);
    let summed = with(charged(), "sums", json!([10, 21]));
    assert_eq!(
        r,
        json!({
            "stateName": "EachItem", "stateType": "Map", "queryLanguage": "JSONPath",
            "status": "SUCCEEDED", "output": summed, "nextState": "Done",
            "inspectionData": {
                "input": charged(), "afterInputPath": charged(),
                "afterItemsPath": [10, 20],
                "afterItemSelector": [{"value": 10, "index": 0}, {"value": 20, "index": 1}],
                "result": [10, 21],
                "afterResultPath": summed,
                "variables": {},
                "branches": [
                    {"status": "SUCCEEDED", "output": 10, "statesEntered": ["AddIndex"]},
                    {"status": "SUCCEEDED", "output": 21, "statesEntered": ["AddIndex"]}
                ]
            }
        })
    );
}

#[test]
fn nested_states_are_found() {
    let (code, r) = report("orders.asl.json", "Nested", "charged.json", &[]);
    assert_eq!(code, 0);
    assert_eq!(r["output"], with(charged(), "nested", json!(1)));
    assert_eq!(r.get("nextState"), None);
    let (code, r) = report("orders.asl.json", "AddIndex", "items.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(r["error"], json!("States.Runtime"));
}
