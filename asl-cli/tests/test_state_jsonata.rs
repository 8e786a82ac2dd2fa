//! `asl test-state` end to end in JSONata (QueryLanguage at the top): every state type, Arguments,
//! Output, Assign, Retry and Catch, exact JSON reports; and the text report and usage errors.

use serde_json::{json, Value};

mod test_state_support;
use test_state_support::{asl, order, report, text};

fn jsonata_report(state: &str, input: &str, extra: &[&str]) -> (i32, Value) {
    report("jsonata.asl.json", state, input, extra)
}

#[test]
fn jsonata_task_arguments_output_assign_and_catch() {
    let (code, r) = jsonata_report(
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
            "stateName": "Charge", "stateType": "Task", "queryLanguage": "JSONata",
            "status": "SUCCEEDED", "output": {"receipt": "r-42", "total": 30}, "nextState": "Route",
            "inspectionData": {
                "input": order(),
                "afterArguments": {"FunctionName": "charge", "Payload": {"amount": 30, "by": "Ada"}},
                "result": {"StatusCode": 200, "Payload": {"receipt": "r-42"}},
                "variables": {"count": 3, "customer": "Ada", "lastReceipt": "r-42"},
                "assigned": {"lastReceipt": "r-42"}
            }
        })
    );
    // States.Timeout: Retry[0] (IntervalSeconds 5, BackoffRate 2, MaxDelaySeconds 8).
    let (code, r) = jsonata_report(
        "Charge",
        "order.json",
        &[
            "--mock",
            "mocks/timeout.json",
            "--variables",
            "inputs/variables.json",
            "--retrier-retry-count",
            "1",
        ],
    );
    assert_eq!(code, 1);
    assert_eq!(r["status"], json!("RETRIABLE"));
    assert_eq!(
        r["inspectionData"]["errorDetails"],
        json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 8})
    );
    // Any other error: the Catch's Output and Assign see $states.errorOutput.
    let (code, r) = jsonata_report(
        "Charge",
        "order.json",
        &[
            "--mock",
            "mocks/declined.json",
            "--variables",
            "inputs/variables.json",
        ],
    );
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Charge", "stateType": "Task", "queryLanguage": "JSONata",
            "status": "CAUGHT_ERROR", "output": {"failed": "Payment.Declined"}, "nextState": "Declined",
            "error": "Payment.Declined", "cause": "card expired",
            "inspectionData": {
                "input": order(),
                "afterArguments": {"FunctionName": "charge", "Payload": {"amount": 30, "by": "Ada"}},
                "variables": {"count": 3, "customer": "Ada", "why": "card expired"},
                "assigned": {"why": "card expired"},
                "errorDetails": {"catchIndex": 0}
            }
        })
    );
    // Without the variable, Arguments fails with States.QueryEvaluationError, which States.ALL catches.
    let (code, r) = jsonata_report(
        "Charge",
        "order.json",
        &["--mock", "mocks/charged.json", "--inspection-level", "INFO"],
    );
    assert_eq!(code, 0);
    let cause = "An error occurred while executing the state 'Charge' (entered at the event id #1). The JSONata expression '$customer' specified for the field 'Arguments/Payload/by' returned nothing (undefined).";
    assert_eq!(
        r,
        json!({
            "stateName": "Charge", "stateType": "Task", "queryLanguage": "JSONata",
            "status": "CAUGHT_ERROR", "output": {"failed": "States.QueryEvaluationError"},
            "nextState": "Declined", "error": "States.QueryEvaluationError", "cause": cause
        })
    );
}

#[test]
fn jsonata_choice_wait_pass_succeed_fail() {
    let big = json!({"receipt": "r-42", "total": 250});
    let (code, r) = jsonata_report("Route", "big.json", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Route", "stateType": "Choice", "queryLanguage": "JSONata",
            "status": "SUCCEEDED", "output": {"big": 250}, "nextState": "Pause",
            "inspectionData": {"input": big, "variables": {}, "choice": {"rule": 0, "next": "Pause"}}
        })
    );
    let (code, r) = jsonata_report("Pause", "big.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(r["error"], json!("States.QueryEvaluationError"));
    let (code, r) = jsonata_report("Shape", "big.json", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Shape", "stateType": "Pass", "queryLanguage": "JSONata",
            "status": "SUCCEEDED", "output": {"items": [1, 2, 3], "receipt": "r-42"}, "nextState": "Fanout",
            "inspectionData": {"input": big, "variables": {}}
        })
    );
    let (code, r) = jsonata_report("Done", "sums.json", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Done", "stateType": "Succeed", "queryLanguage": "JSONata",
            "status": "SUCCEEDED", "output": 17,
            "inspectionData": {"input": [2, 5, 10], "variables": {}}
        })
    );
    let (code, r) = jsonata_report("Declined", "failed.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(
        r,
        json!({
            "stateName": "Declined", "stateType": "Fail", "queryLanguage": "JSONata",
            "status": "FAILED", "error": "Payment.Declined", "cause": "declined: Custom.Boom",
            "inspectionData": {"input": {"failed": "Custom.Boom"}, "variables": {}}
        })
    );
}

#[test]
fn jsonata_wait_seconds_expression() {
    let out = asl(&[
        "test-state",
        "jsonata.asl.json",
        "--state",
        "Pause",
        "--input",
        "inputs/wait.json",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        r,
        json!({
            "stateName": "Pause", "stateType": "Wait", "queryLanguage": "JSONata",
            "status": "SUCCEEDED", "output": {"big": 250}, "nextState": "Shape",
            "inspectionData": {"input": {"big": 250}, "variables": {}, "wait": {"seconds": 25}}
        })
    );
}

#[test]
fn jsonata_parallel_and_map() {
    let items = json!({"items": [1, 2, 3], "receipt": "r-42"});
    let (code, r) = jsonata_report(
        "Fanout",
        "items.json",
        &["--variables", "inputs/variables.json"],
    );
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "Fanout", "stateType": "Parallel", "queryLanguage": "JSONata",
            "status": "SUCCEEDED", "output": {"parts": ["r-42-L", "Ada"], "items": [1, 2, 3]}, "nextState": "EachItem",
            "inspectionData": {
                "input": items,
                "afterArguments": {"receipt": "r-42"},
                "result": ["r-42-L", "Ada"],
                "variables": {"count": 3, "customer": "Ada"},
                "branches": [
                    {"status": "SUCCEEDED", "output": "r-42-L", "statesEntered": ["Left"]},
                    {"status": "SUCCEEDED", "output": "Ada", "statesEntered": ["Right"]}
                ]
            }
        })
    );
    // Without the variable the second branch fails, and so does the Parallel state.
    let (code, r) = jsonata_report("Fanout", "items.json", &[]);
    assert_eq!(code, 1);
    assert_eq!(r["error"], json!("States.QueryEvaluationError"));
    assert_eq!(
        r["inspectionData"]["branches"][1]["status"],
        json!("FAILED")
    );

    let (code, r) = jsonata_report("EachItem", "items.json", &[]);
    assert_eq!(code, 0);
    assert_eq!(
        r,
        json!({
            "stateName": "EachItem", "stateType": "Map", "queryLanguage": "JSONata",
            "status": "SUCCEEDED", "output": [1, 5, 11], "nextState": "Done",
            "inspectionData": {
                "input": items,
                "afterItemSelector": [{"v": 1, "i": 0}, {"v": 2, "i": 1}, {"v": 3, "i": 2}],
                "result": [1, 5, 11],
                "variables": {},
                "branches": [
                    {"status": "SUCCEEDED", "output": 1, "statesEntered": ["Square"]},
                    {"status": "SUCCEEDED", "output": 5, "statesEntered": ["Square"]},
                    {"status": "SUCCEEDED", "output": 11, "statesEntered": ["Square"]}
                ]
            }
        })
    );
}

#[test]
fn text_report_lists_the_stages_in_order() {
    let out = asl(&[
        "test-state",
        "orders.asl.json",
        "--state",
        "Charge",
        "--input",
        "inputs/order.json",
        "--mock",
        "mocks/declined.json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        concat!(
            "state: Charge (Task, JSONPath)\n",
            "input: {\"order\":{\"total\":30,\"lines\":2},\"id\":\"o-1\"}\n",
            "after InputPath: {\"total\":30,\"lines\":2}\n",
            "after Parameters: {\"FunctionName\":\"charge\",\"Payload\":{\"amount\":30,\"currency\":\"EUR\"}}\n",
            "after ResultPath: {\"order\":{\"total\":30,\"lines\":2},\"id\":\"o-1\",\"failure\":{\"Error\":\"Payment.Declined\",\"Cause\":\"card expired\"}}\n",
            "variables: {}\n",
            "catch: Catch[0] → Declined\n",
            "status: CAUGHT_ERROR\n",
            "output: {\"order\":{\"total\":30,\"lines\":2},\"id\":\"o-1\",\"failure\":{\"Error\":\"Payment.Declined\",\"Cause\":\"card expired\"}}\n",
            "error: Payment.Declined\n",
            "cause: card expired\n",
            "next state: Declined\n",
        )
    );
    let out = asl(&[
        "test-state",
        "orders.asl.json",
        "--state",
        "Route",
        "--input",
        "inputs/charged.json",
    ]);
    assert_eq!(
        text(&out.stdout),
        concat!(
            "state: Route (Choice, JSONPath)\n",
            "input: {\"status\":200,\"receipt\":\"r-42\",\"delay\":45,\"customer\":\"Ada\",\"items\":[10,20]}\n",
            "after InputPath: {\"status\":200,\"receipt\":\"r-42\",\"delay\":45,\"customer\":\"Ada\",\"items\":[10,20]}\n",
            "choice: rule 1 matched → Pause\n",
            "assigned: {\"routed\":\"pause\"}\n",
            "variables: {\"routed\":\"pause\"}\n",
            "status: SUCCEEDED\n",
            "output: {\"status\":200,\"receipt\":\"r-42\",\"delay\":45,\"customer\":\"Ada\",\"items\":[10,20]}\n",
            "next state: Pause\n",
        )
    );
}

#[test]
fn usage_errors_explain_what_to_pass() {
    for (args, message) in [
        (
            vec!["--state", "Charge", "--input", "inputs/order.json"],
            "asl test-state: the state 'Charge' is a Task: pass --mock FILE with its result ({\"result\": …}) or error ({\"error\": \"Name\", \"cause\": \"text\"}); asl-local calls no real resource\n",
        ),
        (
            vec!["--state", "Nope", "--input", "inputs/order.json"],
            "asl test-state: there is no state named 'Nope' (the states: Charge, Route, Pause, Shape, Convert, Fanout, Left, Right, Nested, EachItem, AddIndex, Done, Declined)\n",
        ),
        (
            vec!["--state", "Shape", "--input", "inputs/order.json", "--mock", "mocks/charged.json"],
            "asl test-state: the state 'Shape' is a Pass state, which does not take a mock (only Task, Parallel and Map states do)\n",
        ),
        (
            vec!["--state", "Charge", "--input", "inputs/order.json", "--mock", "mocks/typo.json"],
            "mocks/typo.json: unknown key \"reslt\" (allowed: result, or error and cause)\n",
        ),
        (
            vec!["--state", "Charge", "--input", "inputs/order.json", "--mock", "mocks/charged.json", "--variables", "inputs/sums.json"],
            "inputs/sums.json: the variables must be a JSON object of names to values\n",
        ),
    ] {
        let mut all = vec!["test-state", "orders.asl.json"];
        all.extend(&args);
        let out = asl(&all);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stderr), message, "{args:?}");
        assert_eq!(text(&out.stdout), "", "{args:?}");
    }
}
