//! `asl run` end to end: exact output (text and JSON) and exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn asl_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/run"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn asl(args: &[&str]) -> Output {
    asl_with_stdin(args, "")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json_out(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)))
}

#[test]
fn succeeds_with_handlers_as_json() {
    let out = asl(&[
        "run",
        "hello.asl.json",
        "--input",
        "input.json",
        "--handlers",
        "hadrian.handlers.json",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        json_out(&out),
        json!({
            "status": "SUCCEEDED",
            "output": {"greeting": "Hello Hadrian"},
            "error": null,
            "cause": null,
            "transitions": 5,
            "events": [
                {"type": "ExecutionStarted"},
                {"type": "TaskStateEntered", "name": "Hello"},
                {"type": "LambdaFunctionScheduled"},
                {"type": "LambdaFunctionStarted"},
                {"type": "LambdaFunctionSucceeded"},
                {"type": "TaskStateExited", "name": "Hello"},
                {"type": "TaskStateEntered", "name": "World"},
                {"type": "LambdaFunctionScheduled"},
                {"type": "LambdaFunctionStarted"},
                {"type": "LambdaFunctionSucceeded"},
                {"type": "TaskStateExited", "name": "World"},
                {"type": "ChoiceStateEntered", "name": "ChoiceState"},
                {"type": "ChoiceStateExited", "name": "ChoiceState"},
                {"type": "WaitStateEntered", "name": "WaitState"},
                {"type": "WaitStateExited", "name": "WaitState"},
                {"type": "TaskStateEntered", "name": "Greeting"},
                {"type": "LambdaFunctionScheduled"},
                {"type": "LambdaFunctionStarted"},
                {"type": "LambdaFunctionSucceeded"},
                {"type": "TaskStateExited", "name": "Greeting"},
                {"type": "ExecutionSucceeded"}
            ]
        })
    );
}

#[test]
fn text_report_for_a_person() {
    let out = asl(&[
        "run",
        "hello.asl.json",
        "--handlers",
        "hadrian.handlers.json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "status: SUCCEEDED\n\
         output: {\"greeting\":\"Hello Hadrian\"}\n\
         states entered: Hello → World → ChoiceState → WaitState → Greeting\n\
         transitions: 5\n\
         simulated duration: 6.500 s\n\
         task calls: 3\n"
    );
}

#[test]
fn failed_execution_exits_1() {
    let out = asl(&["run", "hello.asl.json", "--handlers", "ada.handlers.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "status: FAILED\n\
         error: NotHadrian\n\
         cause: no success\n\
         states entered: Hello → World → ChoiceState → FailedState\n\
         transitions: 4\n\
         simulated duration: 2.000 s\n\
         task calls: 2\n"
    );
    let out = asl(&[
        "run",
        "hello.asl.json",
        "--handlers",
        "ada.handlers.json",
        "--format",
        "json",
    ]);
    let v = json_out(&out);
    assert_eq!(
        (
            v["status"].clone(),
            v["error"].clone(),
            v["cause"].clone(),
            v["output"].clone()
        ),
        (
            json!("FAILED"),
            json!("NotHadrian"),
            json!("no success"),
            Value::Null
        )
    );
}

#[test]
fn missing_handler_names_the_resource_and_echo_replaces_it() {
    let out = asl(&["run", "hello.asl.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_out(&out);
    assert_eq!(v["error"], "asl-local.NoHandler");
    assert_eq!(
        v["cause"],
        "no handler for the resource 'arn:aws:lambda:us-east-1:123456789012:function:hello' (state 'Hello'); register one \
         (tried the keys 'arn:aws:lambda:us-east-1:123456789012:function:hello', 'hello') or enable echo mode"
    );
    // Echo: World returns {} (Hello's echo of the default input), so $.hello.name is absent.
    let out = asl(&["run", "hello.asl.json", "--echo", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(json_out(&out)["error"], "States.Runtime");
}

#[test]
fn timed_out_exits_1() {
    let out = asl(&["run", "timeout.asl.json", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let v = json_out(&out);
    assert_eq!(v["status"], "TIMED_OUT");
    assert_eq!(v["error"], "States.Timeout");
    assert_eq!(
        v["events"],
        json!([{"type": "ExecutionStarted"}, {"type": "WaitStateEntered", "name": "W"}, {"type": "ExecutionTimedOut"}])
    );
}

#[test]
fn input_from_stdin() {
    let out = asl_with_stdin(
        &[
            "run",
            "timeout.asl.json",
            "--input",
            "-",
            "--format",
            "json",
        ],
        "{\"from\": \"stdin\"}",
    );
    assert_eq!(out.status.code(), Some(1));
    let out = asl_with_stdin(
        &["run", "-", "--input", "input.json"],
        r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": true}, "ResultPath": "$.r", "End": true}}}"#,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout)
        .starts_with("status: SUCCEEDED\noutput: {\"user\":\"u-1\",\"r\":{\"ok\":true}}\n"));
}

#[test]
fn bad_arguments_and_invalid_definitions_exit_2() {
    let out = asl(&[
        "run",
        "hello.asl.json",
        "--handlers",
        "broken.handlers.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "broken.handlers.json: \"hello\": unknown key \"reslt\" (allowed: result, error, cause, never, seconds, heartbeat_seconds)\n");
    assert_eq!(out.stdout, b"");
    let out = asl(&["run", "hello.asl.json", "--input", "missing.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).starts_with("missing.json: cannot read: "));
    let out = asl(&[
        "run",
        "hello.asl.json",
        "--input",
        "hadrian.handlers.json",
        "--handlers",
        "nope.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = asl(&["run", "badtype.asl.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("badtype.asl.json:/States/A/Type: error["),
        "{}",
        text(&out.stderr)
    );
    let out = asl(&["run", "no-such.asl.json"]);
    assert_eq!(out.status.code(), Some(2));
    let out = asl(&["run"]);
    assert_eq!(out.status.code(), Some(2));
    let out = asl(&["run", "hello.asl.json", "--format", "yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let out = asl(&["run", "-", "--input", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "asl run: the definition and the input cannot both come from standard input\n"
    );
}
