//! `asl jsonata`: results as JSON with exit 0, errors as code and message with exit 1.

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
fn evaluates_against_input_and_bindings() {
    let out = asl(&[
        "jsonata",
        "{% $states.input.items[price > 1].name %}",
        "--bindings",
        "jsonata-bindings.json",
    ]);
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "[\n  \"b\",\n  \"c\"\n]\n");
}

#[test]
fn undefined_result_prints_undefined() {
    let out = asl(&["jsonata", "missing.field"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "undefined\n");
}

#[test]
fn syntax_error_gives_code_offset_in_the_text_given_and_exit_1() {
    let out = asl(&["jsonata", "{% 1 + %}"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr),
        "S0207 at offset 7: unexpected end of expression: an operand is missing\n"
    );
}

#[test]
fn runtime_error_gives_its_code() {
    let out = asl(&["jsonata", "'a' + 1"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).starts_with("T2001 at offset 4: "),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn bad_bindings_file_is_a_usage_error() {
    let out = asl(&["jsonata", "1", "--bindings", "does-not-exist.json"]);
    assert_eq!(out.status.code(), Some(2));
}
