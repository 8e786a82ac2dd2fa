//! Choice rules: every comparison operator and its Path form, StringMatches, the type tests,
//! And/Or/Not, absent variables, and no match.

mod harness;

use asl_local::{Executor, Status};
use harness::machine;
use serde_json::{json, Value};

/// Whether one rule holds for `input`: `Ok(true)` → Yes, `Ok(false)` → Default, `Err(error)`.
fn rule(cond: Value, input: Value) -> Result<bool, String> {
    let mut r = cond;
    r["Next"] = json!("Yes");
    let m = machine(json!({
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [r], "Default": "No"},
            "Yes": {"Type": "Succeed"},
            "No": {"Type": "Succeed"}
        }
    }));
    let run = Executor::new(&m).run(input);
    match run.status {
        Status::Succeeded => Ok(run.states_entered()[1] == "Yes"),
        _ => Err(run.error.unwrap_or_default()),
    }
}

fn test(op: &str, operand: Value, value: Value) -> bool {
    rule(
        json!({"Variable": "$.v", op: operand}),
        json!({ "v": value }),
    )
    .unwrap()
}

fn test_path(op: &str, value: Value, other: Value) -> bool {
    rule(
        json!({"Variable": "$.v", op: "$.w"}),
        json!({"v": value, "w": other}),
    )
    .unwrap()
}

#[test]
fn string_comparisons() {
    assert!(test("StringEquals", json!("a"), json!("a")));
    assert!(!test("StringEquals", json!("a"), json!("A")));
    assert!(test("StringLessThan", json!("b"), json!("a")));
    assert!(!test("StringLessThan", json!("a"), json!("a")));
    assert!(test("StringGreaterThan", json!("a"), json!("b")));
    assert!(test("StringLessThanEquals", json!("a"), json!("a")));
    assert!(!test("StringLessThanEquals", json!("a"), json!("b")));
    assert!(test("StringGreaterThanEquals", json!("a"), json!("a")));
    assert!(test("StringGreaterThanEquals", json!("a"), json!("ab")));
    // A value of the wrong type never matches.
    assert!(!test("StringEquals", json!("1"), json!(1)));
    assert!(test_path("StringEqualsPath", json!("x"), json!("x")));
    assert!(test_path("StringLessThanPath", json!("a"), json!("b")));
    assert!(test_path("StringGreaterThanPath", json!("b"), json!("a")));
    assert!(test_path(
        "StringLessThanEqualsPath",
        json!("b"),
        json!("b")
    ));
    assert!(test_path(
        "StringGreaterThanEqualsPath",
        json!("b"),
        json!("b")
    ));
    assert!(!test_path("StringEqualsPath", json!("x"), json!(1)));
}

#[test]
fn numeric_comparisons() {
    assert!(test("NumericEquals", json!(1), json!(1.0)));
    assert!(!test("NumericEquals", json!(1), json!(1.5)));
    assert!(test("NumericLessThan", json!(10), json!(9.99)));
    assert!(!test("NumericLessThan", json!(10), json!(10)));
    assert!(test("NumericGreaterThan", json!(-1), json!(0)));
    assert!(test("NumericLessThanEquals", json!(10), json!(10)));
    assert!(test("NumericGreaterThanEquals", json!(10), json!(10)));
    assert!(!test("NumericGreaterThanEquals", json!(10), json!(9)));
    assert!(!test("NumericEquals", json!(1), json!("1")));
    assert!(test(
        "NumericEquals",
        json!(9007199254740993u64),
        json!(9007199254740993u64)
    ));
    assert!(!test(
        "NumericEquals",
        json!(9007199254740993u64),
        json!(9007199254740992u64)
    ));
    assert!(test_path("NumericEqualsPath", json!(3), json!(3)));
    assert!(test_path("NumericLessThanPath", json!(2), json!(3)));
    assert!(test_path("NumericGreaterThanPath", json!(4), json!(3)));
    assert!(test_path("NumericLessThanEqualsPath", json!(3), json!(3)));
    assert!(test_path(
        "NumericGreaterThanEqualsPath",
        json!(3),
        json!(3)
    ));
    assert!(!test_path("NumericLessThanPath", json!(3), json!(3)));
}

#[test]
fn boolean_comparisons() {
    assert!(test("BooleanEquals", json!(true), json!(true)));
    assert!(!test("BooleanEquals", json!(true), json!(false)));
    assert!(!test("BooleanEquals", json!(true), json!("true")));
    assert!(test_path("BooleanEqualsPath", json!(false), json!(false)));
    assert!(!test_path("BooleanEqualsPath", json!(false), json!(true)));
}

#[test]
fn timestamp_comparisons() {
    let t = |s: &str| json!(s);
    assert!(test(
        "TimestampEquals",
        t("2016-03-14T01:59:00Z"),
        t("2016-03-14T02:59:00+01:00")
    ));
    assert!(test(
        "TimestampLessThan",
        t("2016-03-14T01:59:00Z"),
        t("2016-03-14T01:58:59.999Z")
    ));
    assert!(test(
        "TimestampGreaterThan",
        t("2016-03-14T01:59:00Z"),
        t("2016-03-14T01:59:00.001Z")
    ));
    assert!(test(
        "TimestampLessThanEquals",
        t("2016-03-14T01:59:00Z"),
        t("2016-03-14T01:59:00Z")
    ));
    assert!(test(
        "TimestampGreaterThanEquals",
        t("2016-03-14T01:59:00Z"),
        t("2016-03-14T01:59:00Z")
    ));
    assert!(!test(
        "TimestampGreaterThanEquals",
        t("2016-03-14T01:59:00Z"),
        t("2016-03-14T01:58:00Z")
    ));
    // Not a timestamp: no match.
    assert!(!test(
        "TimestampEquals",
        t("2016-03-14T01:59:00Z"),
        t("2016-03-14 01:59:00")
    ));
    assert!(test_path(
        "TimestampEqualsPath",
        t("2020-01-01T00:00:00Z"),
        t("2020-01-01T00:00:00.000Z")
    ));
    assert!(test_path(
        "TimestampLessThanPath",
        t("2020-01-01T00:00:00Z"),
        t("2020-01-02T00:00:00Z")
    ));
    assert!(test_path(
        "TimestampGreaterThanPath",
        t("2020-01-02T00:00:00Z"),
        t("2020-01-01T00:00:00Z")
    ));
    assert!(test_path(
        "TimestampLessThanEqualsPath",
        t("2020-01-01T00:00:00Z"),
        t("2020-01-01T00:00:00Z")
    ));
    assert!(test_path(
        "TimestampGreaterThanEqualsPath",
        t("2020-01-01T00:00:00Z"),
        t("2020-01-01T00:00:00Z")
    ));
}

#[test]
fn string_matches() {
    assert!(test(
        "StringMatches",
        json!("log-*.txt"),
        json!("log-2024-01-01.txt")
    ));
    assert!(!test(
        "StringMatches",
        json!("log-*.txt"),
        json!("log-2024.csv")
    ));
    assert!(test("StringMatches", json!("*"), json!("")));
    assert!(test("StringMatches", json!("a\\*"), json!("a*")));
    assert!(!test("StringMatches", json!("a\\*"), json!("ab")));
    assert!(test("StringMatches", json!("a\\\\*"), json!("a\\xyz")));
    assert!(!test("StringMatches", json!("*"), json!(5)));
}

#[test]
fn type_tests() {
    assert!(test("IsNull", json!(true), json!(null)));
    assert!(test("IsNull", json!(false), json!(0)));
    assert!(test("IsNumeric", json!(true), json!(1.5)));
    assert!(test("IsNumeric", json!(false), json!("1.5")));
    assert!(test("IsString", json!(true), json!("")));
    assert!(test("IsString", json!(false), json!(null)));
    assert!(test("IsBoolean", json!(true), json!(false)));
    assert!(test("IsBoolean", json!(false), json!("false")));
    assert!(test(
        "IsTimestamp",
        json!(true),
        json!("2016-03-14T01:59:00Z")
    ));
    assert!(test("IsTimestamp", json!(false), json!("2016-03-14")));
    assert!(test("IsTimestamp", json!(false), json!(1457920740)));
    assert!(test("IsPresent", json!(true), json!(null)));
    assert_eq!(
        rule(json!({"Variable": "$.v", "IsPresent": false}), json!({})),
        Ok(true)
    );
    assert_eq!(
        rule(json!({"Variable": "$.v", "IsPresent": true}), json!({})),
        Ok(false)
    );
}

#[test]
fn absent_variables_are_runtime_errors_except_under_is_present() {
    for op in [
        json!({"StringEquals": "x"}),
        json!({"IsNull": true}),
        json!({"NumericEqualsPath": "$.w"}),
    ] {
        let mut r = op;
        r["Variable"] = json!("$.missing");
        assert_eq!(rule(r, json!({"w": 1})), Err("States.Runtime".to_string()));
    }
    // A `…Path` operand that names nothing is a runtime error too.
    assert_eq!(
        rule(
            json!({"Variable": "$.v", "NumericEqualsPath": "$.nope"}),
            json!({"v": 1})
        ),
        Err("States.Runtime".into())
    );
}

#[test]
fn boolean_combinations() {
    let input = json!({"a": 1, "b": "x"});
    let a1 = json!({"Variable": "$.a", "NumericEquals": 1});
    let a2 = json!({"Variable": "$.a", "NumericEquals": 2});
    let bx = json!({"Variable": "$.b", "StringEquals": "x"});
    assert_eq!(rule(json!({"And": [a1, bx]}), input.clone()), Ok(true));
    assert_eq!(rule(json!({"And": [a1, a2]}), input.clone()), Ok(false));
    assert_eq!(rule(json!({"Or": [a2, bx]}), input.clone()), Ok(true));
    assert_eq!(rule(json!({"Or": [a2, a2]}), input.clone()), Ok(false));
    assert_eq!(rule(json!({"Not": a2}), input.clone()), Ok(true));
    assert_eq!(
        rule(json!({"Not": {"And": [a1, {"Not": bx}]}}), input.clone()),
        Ok(true)
    );
    // And stops at the first false operand: the absent path after it is never read.
    let absent = json!({"Variable": "$.zzz", "StringEquals": "x"});
    assert_eq!(rule(json!({"And": [a2, absent]}), input.clone()), Ok(false));
    assert_eq!(rule(json!({"Or": [a1, absent]}), input.clone()), Ok(true));
    assert_eq!(
        rule(json!({"And": [a1, absent]}), input),
        Err("States.Runtime".into())
    );
}

#[test]
fn rules_are_tried_in_order_and_no_match_without_default_fails() {
    let m = machine(json!({
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "InputPath": "$.in", "OutputPath": "$.keep", "Choices": [
                {"Variable": "$.n", "NumericGreaterThan": 10, "Next": "Big"},
                {"Variable": "$.n", "NumericGreaterThan": 5, "Next": "Medium"}
            ]},
            "Big": {"Type": "Succeed"},
            "Medium": {"Type": "Succeed"}
        }
    }));
    let mut ex = Executor::new(&m);
    let run = ex.run(json!({"in": {"n": 20, "keep": {"k": 1}}}));
    assert_eq!(run.states_entered(), ["C", "Big"]);
    assert_eq!(run.output, Some(json!({"k": 1})));
    assert_eq!(
        ex.run(json!({"in": {"n": 7, "keep": 1}})).states_entered(),
        ["C", "Medium"]
    );
    let run = ex.run(json!({"in": {"n": 1, "keep": 1}}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.NoChoiceMatched"));
    assert_eq!(
        run.cause.as_deref(),
        Some("No Choice Rule of the state 'C' matched, and it has no Default.")
    );
    assert_eq!(
        harness::events(&run),
        [
            "ExecutionStarted",
            "ChoiceStateEntered:C",
            "ExecutionFailed"
        ]
    );
}
