//! Whether a native run and an ASL run agree (output or failure, task calls), the first
//! difference when they do not, and both runs side by side for the message.
//!
//! ASL values may carry extra fields where a variable was kept alongside another
//! (`ResultPath: "$.x"`); typed readers ignore them, so a native value agrees with an ASL
//! value it is contained in.

use serde_json::{json, Value};

use super::dispatch::{invoke_part, same_input, AslTaskCall};
use crate::runtime::{Failure, TaskCall};

/// One run, as compared: its output or failure and its task calls.
pub(crate) struct Run<'a> {
    pub outcome: Result<Value, Failure>,
    pub calls: &'a [AslTaskCall],
}

/// The native calls in the form the ASL run's are kept in.
pub(crate) fn native_calls(calls: &[TaskCall]) -> Vec<AslTaskCall> {
    calls
        .iter()
        .map(|c| AslTaskCall {
            task: c.task.clone(),
            input: c.input.clone(),
            lambda_invoke: false,
        })
        .collect()
}

/// The value with the fields that carry context values (task token, the parent execution's
/// id), which differ between a native run and asl-local, blanked.
pub(crate) fn without_context(mut v: Value) -> Value {
    match &mut v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                *x = if k == "TaskToken" || k == "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID" {
                    json!("<context>")
                } else {
                    without_context(x.take())
                };
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| *x = without_context(x.take())),
        _ => {}
    }
    v
}

/// `small` is `big`, or an object whose every field is in `big` (recursively).
pub(crate) fn contained(small: &Value, big: &Value) -> bool {
    first_difference(small, big).is_none()
}

/// Where `native` is first not contained in `asl`: `$.a[1].b: native 1, ASL 2`.
pub(crate) fn first_difference(native: &Value, asl: &Value) -> Option<String> {
    difference_at("$", native, asl)
}

fn difference_at(path: &str, native: &Value, asl: &Value) -> Option<String> {
    match (native, asl) {
        // serde writes `None` as null; an absent field reads back as `None` too.
        (Value::Object(n), Value::Object(a)) => n.iter().find_map(|(k, v)| {
            let at = format!("{path}.{k}");
            match a.get(k) {
                Some(w) => difference_at(&at, v, w),
                None if v.is_null() => None,
                None => Some(format!("{at}: native {v}, absent in ASL")),
            }
        }),
        (Value::Array(n), Value::Array(a)) if n.len() == a.len() => n
            .iter()
            .zip(a)
            .enumerate()
            .find_map(|(i, (x, y))| difference_at(&format!("{path}[{i}]"), x, y)),
        (Value::Array(n), Value::Array(a)) => Some(format!(
            "{path}: native has {} items, ASL {}",
            n.len(),
            a.len()
        )),
        (Value::Number(x), Value::Number(y)) if x.as_f64() == y.as_f64() => None,
        _ if native == asl => None,
        _ => Some(format!("{path}: native {native}, ASL {asl}")),
    }
}

/// The first difference between the runs, or `None` when they agree.
pub(crate) fn disagreement(native: &Run<'_>, asl: &Run<'_>) -> Option<String> {
    outcome_difference(&native.outcome, &asl.outcome)
        .or_else(|| calls_difference(native.calls, asl.calls))
}

fn outcome_difference(
    native: &Result<Value, Failure>,
    asl: &Result<Value, Failure>,
) -> Option<String> {
    match (native, asl) {
        (Ok(n), Ok(a)) => first_difference(n, a).map(|d| format!("output {d}")),
        (Err(n), Err(a)) if n.error != a.error => {
            Some(format!("error: native `{}`, ASL `{}`", n.error, a.error))
        }
        // Step Functions wraps an expression's error in a sentence naming the state and the
        // expression, which the native run cannot know: the error's own message must agree.
        (Err(n), Err(a))
            if n.error == "States.QueryEvaluationError" && a.cause.ends_with(&n.cause) =>
        {
            None
        }
        (Err(n), Err(a)) if n.cause != a.cause => Some(format!(
            "cause of `{}`: native {:?}, ASL {:?}",
            n.error, n.cause, a.cause
        )),
        (Err(_), Err(_)) => None,
        (Ok(n), Err(a)) => Some(format!(
            "native succeeded with {n}, ASL failed with {}",
            failure_text(a)
        )),
        (Err(n), Ok(a)) => Some(format!(
            "native failed with {}, ASL succeeded with {a}",
            failure_text(n)
        )),
    }
}

/// Whether a native call and an ASL call are the same call.
fn same_call(native: &AslTaskCall, asl: &AslTaskCall) -> bool {
    native.task == asl.task && same_input(&native.input, &asl.input, asl.lambda_invoke)
}

/// The calls agree when they are the same calls in the same order, or in another order
/// (Parallel branches and Map iterations run concurrently in asl-local).
fn calls_difference(native: &[AslTaskCall], asl: &[AslTaskCall]) -> Option<String> {
    let in_order =
        native.len() == asl.len() && native.iter().zip(asl).all(|(n, a)| same_call(n, a));
    if in_order || same_calls_in_any_order(native, asl) {
        return None;
    }
    let i = (0..native.len().max(asl.len()))
        .find(|&i| match (native.get(i), asl.get(i)) {
            (Some(n), Some(a)) => !same_call(n, a),
            _ => true,
        })
        .unwrap_or(0);
    let show = |c: Option<&AslTaskCall>| match c {
        Some(c) => format!("`{}` with {}", c.task, c.input),
        None => "no call".to_string(),
    };
    let (n, a) = (native.get(i), asl.get(i));
    let detail = match (n, a) {
        (Some(n), Some(a)) if n.task == a.task => {
            let native_input = if a.lambda_invoke {
                invoke_part(&n.input)
            } else {
                n.input.clone()
            };
            first_difference(
                &without_context(native_input),
                &without_context(a.input.clone()),
            )
            .map(|d| format!(" (input {d})"))
            .unwrap_or_default()
        }
        _ => String::new(),
    };
    Some(format!(
        "task call {} of {} native, {} ASL: native {}, ASL {}{detail}",
        i + 1,
        native.len(),
        asl.len(),
        show(n),
        show(a)
    ))
}

fn same_calls_in_any_order(native: &[AslTaskCall], asl: &[AslTaskCall]) -> bool {
    if native.len() != asl.len() {
        return false;
    }
    let mut unmatched: Vec<&AslTaskCall> = asl.iter().collect();
    native
        .iter()
        .all(|n| match unmatched.iter().position(|a| same_call(n, a)) {
            Some(i) => {
                unmatched.swap_remove(i);
                true
            }
            None => false,
        })
}

fn failure_text(f: &Failure) -> String {
    if f.cause.is_empty() {
        format!("`{}`", f.error)
    } else {
        format!("`{}`: {}", f.error, f.cause)
    }
}

/// The two runs in two columns: the outcome, then the task calls, one a line.
pub(crate) fn side_by_side(native: &Run<'_>, asl: &Run<'_>) -> String {
    let column = |run: &Run<'_>| {
        let mut lines = vec![match &run.outcome {
            Ok(v) => format!("output {v}"),
            Err(f) => format!("failed {}", failure_text(f)),
        }];
        lines.extend(
            run.calls
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{}. {} {}", i + 1, c.task, c.input)),
        );
        lines
    };
    let (left, right) = (column(native), column(asl));
    const WIDTH: usize = 60;
    let cell = |s: &str| {
        if s.chars().count() > WIDTH {
            let cut: String = s.chars().take(WIDTH - 1).collect();
            format!("{cut}…")
        } else {
            s.to_string()
        }
    };
    let width = left
        .iter()
        .map(|l| cell(l).chars().count())
        .chain([6])
        .max()
        .unwrap_or(WIDTH);
    let mut out = format!("{:<width$} | ASL (asl-local)\n", "native");
    out.push_str(&format!(
        "{}-+-{}\n",
        "-".repeat(width),
        "-".repeat(WIDTH.min(40))
    ));
    for i in 0..left.len().max(right.len()) {
        let l = left.get(i).map(|s| cell(s)).unwrap_or_default();
        let r = right.get(i).map(|s| cell(s)).unwrap_or_default();
        let mark = if l == r { '|' } else { '≠' };
        out.push_str(&format!("{l:<width$} {mark} {r}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(task: &str, input: Value) -> AslTaskCall {
        AslTaskCall {
            task: task.into(),
            input,
            lambda_invoke: false,
        }
    }

    #[test]
    fn extra_asl_fields_and_absent_nulls_agree() {
        assert!(contained(
            &json!({"a": 1, "b": null, "c": [1.0, {"d": "x"}]}),
            &json!({"a": 1.0, "c": [1, {"d": "x", "e": 2}], "kept": true})
        ));
        assert_eq!(
            first_difference(&json!({"a": [1, {"b": 2}]}), &json!({"a": [1, {"b": 3}]})),
            Some("$.a[1].b: native 2, ASL 3".to_string())
        );
        assert_eq!(
            first_difference(&json!({"a": 1}), &json!({})),
            Some("$.a: native 1, absent in ASL".to_string())
        );
    }

    #[test]
    fn calls_in_another_order_agree_and_a_different_call_is_named() {
        let native = [call("a", json!(1)), call("b", json!(2))];
        let swapped = [call("b", json!(2)), call("a", json!(1))];
        assert_eq!(calls_difference(&native, &swapped), None);
        let other = [call("a", json!(1)), call("b", json!(3))];
        assert_eq!(
            calls_difference(&native, &other).as_deref(),
            Some("task call 2 of 2 native, 2 ASL: native `b` with 2, ASL `b` with 3 (input $: native 2, ASL 3)")
        );
        let fewer = [call("a", json!(1))];
        assert!(calls_difference(&native, &fewer)
            .unwrap()
            .contains("native `b` with 2, ASL no call"));
    }

    #[test]
    fn the_side_by_side_marks_the_lines_that_differ() {
        let native_calls = [call("charge", json!({"id": 1}))];
        let native = Run {
            outcome: Ok(json!({"ok": true})),
            calls: &native_calls,
        };
        let asl = Run {
            outcome: Err(Failure {
                error: "Payment".into(),
                cause: "declined".into(),
            }),
            calls: &native_calls,
        };
        assert_eq!(
            disagreement(&native, &asl).as_deref(),
            Some("native succeeded with {\"ok\":true}, ASL failed with `Payment`: declined")
        );
        let table = side_by_side(&native, &asl);
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[0].starts_with("native") && lines[0].ends_with("| ASL (asl-local)"));
        assert!(
            lines[2].contains(" ≠ failed `Payment`: declined"),
            "{table}"
        );
        assert!(lines[3].contains(" | 1. charge"), "{table}");
    }
}
