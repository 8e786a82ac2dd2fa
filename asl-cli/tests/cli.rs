//! The `asl` binary end to end: exact output and exit codes.

use std::process::{Command, Output, Stdio};

fn asl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn validate_valid_file_exits_0_silently() {
    let out = asl(&["validate", "ok.asl.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");
}

#[test]
fn validate_reports_schema_errors_with_pointer_and_exits_1() {
    let out = asl(&["validate", "badtype.asl.json", "ok.asl.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "badtype.asl.json:/States/A/Retry/0/BackoffRate: error[SCHEMA_TYPE]: expected a number ≥ 1.0, found a string\n"
    );
}

#[test]
fn validate_json_format() {
    let out = asl(&["validate", "--format", "json", "badtype.asl.json"]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v,
        serde_json::json!([{
            "file": "badtype.asl.json",
            "valid": false,
            "diagnostics": [{
                "severity": "error",
                "code": "SCHEMA_TYPE",
                "pointer": "/States/A/Retry/0/BackoffRate",
                "message": "expected a number ≥ 1.0, found a string"
            }]
        }])
    );
}

#[test]
fn unparseable_json_exits_2_with_line_and_column() {
    let out = asl(&["validate", "broken.json", "ok.asl.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "broken.json:4:39: not valid JSON: trailing comma\n"
    );
}

#[test]
fn missing_file_exits_2() {
    let out = asl(&["validate", "nope.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).starts_with("nope.json: cannot read: "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn usage_error_exits_2() {
    assert_eq!(asl(&["validate"]).status.code(), Some(2));
    assert_eq!(asl(&["frobnicate"]).status.code(), Some(2));
}

#[test]
fn fmt_prints_canonical_form() {
    let out = asl(&["fmt", "unformatted.asl.json"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/ok.asl.json"
        ))
        .unwrap()
    );
}

#[test]
fn fmt_check_exits_1_when_not_canonical() {
    let out = asl(&["fmt", "--check", "unformatted.asl.json", "ok.asl.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stdout),
        "unformatted.asl.json: not in canonical form (run `asl fmt unformatted.asl.json`)\n"
    );
    assert_eq!(
        asl(&["fmt", "--check", "ok.asl.json"]).status.code(),
        Some(0)
    );
}

#[test]
fn reads_standard_input() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(["fmt", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(br#"{"States":{"A":{"End":true,"Type":"Succeed"}},"StartAt":"A"}"#)
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).starts_with("{\n  \"StartAt\": \"A\""));
}
