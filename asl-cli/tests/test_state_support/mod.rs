//! Helpers shared by the `asl test-state` tests: running the binary in tests/test_state and
//! reading its JSON report.
#![allow(dead_code)]

use std::process::{Command, Output};

use serde_json::{json, Value};

pub fn asl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_asl"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/test_state"))
        .output()
        .unwrap()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Runs `asl test-state FILE --state STATE --input inputs/INPUT [extra…] --format json`: the
/// exit code and the report.
pub fn report(file: &str, state: &str, input: &str, extra: &[&str]) -> (i32, Value) {
    let input = format!("inputs/{input}");
    let mut args = vec!["test-state", file, "--state", state, "--input", &input];
    args.extend(extra);
    args.extend(["--format", "json"]);
    let out = asl(&args);
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {} {}", text(&out.stdout), text(&out.stderr)));
    (out.status.code().unwrap_or(-1), v)
}

pub fn charged() -> Value {
    json!({"status": 200, "receipt": "r-42", "delay": 45, "customer": "Ada", "items": [10, 20]})
}

pub fn order() -> Value {
    json!({"order": {"total": 30, "lines": 2}, "id": "o-1"})
}

pub fn with(mut base: Value, key: &str, v: Value) -> Value {
    base[key] = v;
    base
}
