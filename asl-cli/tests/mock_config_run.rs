//! `asl run --mock-config`: AWS's documented mock configuration example (LambdaSQSIntegration:
//! HappyPath, RetryPath, HybridPath) and a mocked state inside a Map, run end to end, with exact
//! reports and errors; and every state type in both query languages (AllStates*.asl.json).

use std::process::{Command, Output};

use serde_json::{json, Value};

fn asl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mock_config"))
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn run_case(case: &str, format: &str) -> Output {
    asl(&[
        "run",
        "LambdaSQSIntegration.asl.json",
        "--input",
        "input.json",
        "--mock-config",
        "MockConfigFile.json",
        "--state-machine",
        "LambdaSQSIntegration",
        "--test-case",
        case,
        "--format",
        format,
    ])
}

fn json_out(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

/// `"TaskStateEntered:LambdaState"` → `{"type": …, "name": …}`; `"TaskStarted"` → `{"type": …}`.
fn events(list: &[&str]) -> Value {
    Value::Array(
        list.iter()
            .map(|e| match e.split_once(':') {
                Some((ty, name)) => json!({"type": ty, "name": name}),
                None => json!({"type": e}),
            })
            .collect(),
    )
}

const LAMBDA_OK: [&str; 5] = [
    "TaskStateEntered:LambdaState",
    "TaskScheduled",
    "TaskStarted",
    "TaskSucceeded",
    "TaskStateExited:LambdaState",
];
const SQS_OK: [&str; 5] = [
    "TaskStateEntered:SQSState",
    "TaskScheduled",
    "TaskStarted",
    "TaskSucceeded",
    "TaskStateExited:SQSState",
];
const ATTEMPT_FAILED: [&str; 3] = ["TaskScheduled", "TaskStarted", "TaskFailed"];

fn sqs_message() -> Value {
    json!({
        "MD5OfMessageBody": "3bcb6e8e-7h85-4375-b0bc-1a59812c6e51",
        "MessageId": "3bcb6e8e-8b51-4375-b0bc-1a59812c6e51"
    })
}

#[test]
fn happy_path_uses_both_mocked_responses() {
    let out = run_case("HappyPath", "json");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut list = vec!["ExecutionStarted"];
    list.extend(LAMBDA_OK);
    list.extend(SQS_OK);
    list.push("ExecutionSucceeded");
    assert_eq!(
        json_out(&out),
        json!({
            "status": "SUCCEEDED",
            "output": sqs_message(),
            "error": null,
            "cause": null,
            "transitions": 2,
            "events": events(&list),
        })
    );
}

#[test]
fn retry_path_consumes_the_ranges_in_order() {
    let out = run_case("RetryPath", "json");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut list = vec!["ExecutionStarted", "TaskStateEntered:LambdaState"];
    for _ in 0..3 {
        list.extend(ATTEMPT_FAILED);
    }
    list.extend(&LAMBDA_OK[1..]);
    list.extend(SQS_OK);
    list.push("ExecutionSucceeded");
    assert_eq!(
        json_out(&out),
        json!({
            "status": "SUCCEEDED",
            "output": sqs_message(),
            "error": null,
            "cause": null,
            "transitions": 2,
            "events": events(&list),
        })
    );
    // Retries after 2, 4 and 8 simulated seconds.
    let out = run_case("RetryPath", "text");
    assert_eq!(
        text(&out.stdout),
        concat!(
            "status: SUCCEEDED\n",
            "output:\n{\n",
            "  \"MD5OfMessageBody\": \"3bcb6e8e-7h85-4375-b0bc-1a59812c6e51\",\n",
            "  \"MessageId\": \"3bcb6e8e-8b51-4375-b0bc-1a59812c6e51\"\n}\n",
            "states entered: LambdaState → SQSState\n",
            "transitions: 2\n",
            "simulated duration: 14.000 s\n",
            "task calls: 5\n"
        )
    );
}

#[test]
fn hybrid_path_leaves_the_unmocked_state_to_handlers() {
    let out = run_case("HybridPath", "json");
    assert_eq!(out.status.code(), Some(1));
    let report = json_out(&out);
    assert_eq!(report["error"], json!("asl-local.NoHandler"));
    assert_eq!(
        report["cause"],
        json!("no handler for the resource 'arn:aws:states:::sqs:sendMessage' (state 'SQSState'); register one (tried the keys 'arn:aws:states:::sqs:sendMessage') or enable echo mode")
    );
    // With --echo the unmocked SQS task returns its Parameters; the mocked Lambda result is the
    // state's raw result (the mocked Invoke response, not wrapped again).
    let out = asl(&[
        "run",
        "LambdaSQSIntegration.asl.json",
        "--mock-config",
        "MockConfigFile.json",
        "--state-machine",
        "LambdaSQSIntegration",
        "--test-case",
        "HybridPath",
        "--echo",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        json_out(&out)["output"],
        json!({
            "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/myQueue",
            "MessageBody": {"StatusCode": 200, "Payload": {"StatusCode": 200, "body": "Hello from Lambda!"}}
        })
    );
}

#[test]
fn exhausted_retries_fail_with_the_mocked_error() {
    let out = run_case("ExhaustedRetries", "json");
    assert_eq!(out.status.code(), Some(1));
    let mut list = vec!["ExecutionStarted", "TaskStateEntered:LambdaState"];
    for _ in 0..4 {
        list.extend(ATTEMPT_FAILED);
    }
    list.push("ExecutionFailed");
    assert_eq!(
        json_out(&out),
        json!({
            "status": "FAILED",
            "output": null,
            "error": "Lambda.TimeoutException",
            "cause": "Lambda timed out.",
            "transitions": 1,
            "events": events(&list),
        })
    );
}

#[test]
fn bad_files_and_names_are_explained() {
    let cases: [(&[&str], &str); 5] = [
        (
            &["--mock-config", "MockConfigFile.json", "--test-case", "HappyPath"],
            "MockConfigFile.json: at /StateMachines: the file configures 2 state machines; name one with --state-machine (known: \"LambdaSQSIntegration\", \"Other\")\n",
        ),
        (
            &["--mock-config", "MockConfigFile.json", "--state-machine", "LambdaSQSIntegration", "--test-case", "Sad"],
            "MockConfigFile.json: at /StateMachines/LambdaSQSIntegration/TestCases: no test case named \"Sad\" (known: \"HappyPath\", \"RetryPath\", \"HybridPath\", \"ExhaustedRetries\")\n",
        ),
        (
            &["--mock-config", "bad-range.mock.json", "--test-case", "T"],
            "bad-range.mock.json: at /MockedResponses/R/2: the calls must be numbered from 0 without gaps or overlaps: expected a key starting at 1, found one starting at 2\n",
        ),
        (
            &["--mock-config", "not-a-task.mock.json", "--test-case", "T"],
            "not-a-task.mock.json: the test case 'T' mocks the state 'Missing', which the state machine does not have (its Task states: LambdaState, SQSState)\n",
        ),
        (
            &["--mock-config", "absent.json", "--test-case", "T"],
            "absent.json: cannot read: No such file or directory (os error 2)\n",
        ),
    ];
    for (extra, message) in cases {
        let mut args = vec!["run", "LambdaSQSIntegration.asl.json"];
        args.extend(extra);
        let out = asl(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(text(&out.stderr), message, "{args:?}");
        assert_eq!(text(&out.stdout), "");
    }
    // --test-case without --mock-config is a usage error.
    let out = asl(&["run", "LambdaSQSIntegration.asl.json", "--test-case", "T"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_mocked_state_inside_a_map_answers_each_iteration_in_turn() {
    let out = asl(&[
        "run",
        "MapCharges.asl.json",
        "--input",
        "items.json",
        "--mock-config",
        "map.mock.json",
        "--test-case",
        "Mixed",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        concat!(
            "status: SUCCEEDED\n",
            "output: [\"ok\",\"ok\",\"skipped\"]\n",
            "states entered: Each → Charge → Charge → Charge → Skipped\n",
            "transitions: 5\n",
            "simulated duration: 0.000 s\n",
            "task calls: 3\n"
        )
    );
}

/// `AllStates.asl.json` (JSONPath) or `AllStatesJsonata.asl.json` run on `order.json` with
/// one test case of `all-states.mock.json`: its text report and exit code.
fn run_all_states(machine: &str, case: &str) -> (Option<i32>, String) {
    let file = format!("{machine}.asl.json");
    let out = asl(&[
        "run",
        &file,
        "--input",
        "order.json",
        "--mock-config",
        "all-states.mock.json",
        "--state-machine",
        machine,
        "--test-case",
        case,
    ]);
    (out.status.code(), text(&out.stdout))
}

const APPROVED_STATES: &str =
    "states entered: Score → Route → Ship → Label → Hold → Pack → Box → Box → Done\n";
const APPROVED_TAIL: &str = "transitions: 9\nsimulated duration: 5.000 s\ntask calls: 1\n";
const DECLINED_STATES: &str = concat!(
    "states entered: Score → Route → Declined\n",
    "transitions: 3\n",
    "simulated duration: 0.000 s\n",
    "task calls: 1\n"
);

/// Every state type in both query languages under a mock configuration: the mocked Task's
/// score takes the Choice to the Parallel (a Pass, and a Wait of 5 simulated seconds), the Map
/// and the Succeed, or to the Fail.
#[test]
fn every_state_type_runs_under_a_mock_config_in_both_query_languages() {
    let jsonpath_output = json!({
        "id": "o-1",
        "items": [1, 2],
        "result": {"score": 80},
        "shipping": {"label": "labelled"},
        "boxes": [{"box": 1}, {"box": 2}]
    });
    let pretty = serde_json::to_string_pretty(&jsonpath_output).unwrap();
    assert_eq!(
        run_all_states("AllStates", "Approved"),
        (
            Some(0),
            format!("status: SUCCEEDED\noutput:\n{pretty}\n{APPROVED_STATES}{APPROVED_TAIL}")
        )
    );
    assert_eq!(
        run_all_states("AllStatesJsonata", "Approved"),
        (
            Some(0),
            format!(
                "status: SUCCEEDED\noutput: {}\n{APPROVED_STATES}{APPROVED_TAIL}",
                r#"{"id":"o-1","items":[1,2],"label":"labelled","boxes":[{"box":1},{"box":2}],"score":80}"#
            )
        )
    );
    let declined = |cause: &str| {
        format!("status: FAILED\nerror: Order.Declined\ncause: {cause}\n{DECLINED_STATES}")
    };
    assert_eq!(
        run_all_states("AllStates", "Declined"),
        (Some(1), declined("score too low"))
    );
    assert_eq!(
        run_all_states("AllStatesJsonata", "Declined"),
        (Some(1), declined("score 10"))
    );
}
