//! States in `QueryLanguage: JSONata`: Arguments, Output, Assign, `$states`, Items and
//! ItemSelector, Condition, Wait and Fail fields as expressions, and the
//! `States.QueryEvaluationError`s AWS raises.

mod harness;

use asl_local::{Executor, Status, TaskError};
use harness::machine;
use serde_json::{json, Value};

fn jsonata(states: Value) -> asl_model::StateMachine {
    let start = states
        .as_object()
        .and_then(|m| m.keys().next().cloned())
        .unwrap_or_default();
    machine(json!({"QueryLanguage": "JSONata", "StartAt": start, "States": states}))
}

#[test]
fn assign_and_output_both_see_the_variables_as_they_were_on_entry() {
    let m = jsonata(json!({
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"x": "{% $x + 10 %}", "y": "{% $x %}"},
              "Output": {"x": "{% $x %}", "in": "{% $states.input.n %}"}, "Next": "C"},
        "C": {"Type": "Pass", "Output": "{% [$x, $y, $states.input.x] %}", "End": true}
    }));
    let run = Executor::new(&m).run(json!({"n": 5}));
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!([11, 1, 1])));
}

#[test]
fn a_task_gets_its_arguments_and_its_output_reads_the_result() {
    let m = jsonata(json!({
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "f", "Payload": {"n": "{% $states.input.n * 2 %}",
                            "token": "{% $states.context.Task.Token != null %}"}},
              "Assign": {"seen": "{% $states.result.Payload %}"},
              "Output": {"r": "{% $states.result.Payload.n + 1 %}", "in": "{% $states.input %}"},
              "Next": "E"},
        "E": {"Type": "Pass", "Output": "{% $seen %}", "End": true}
    }));
    let mut ex = Executor::new(&m).lambda("f", |p| Ok(p.clone()));
    let run = ex.run(json!({"n": 4}));
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(run.calls[0].input, json!({"n": 8, "token": true}));
    assert_eq!(run.output, Some(json!({"n": 8, "token": true})));
    let m = jsonata(json!({
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "f"},
              "Output": {"r": "{% $states.result.Payload.n + 1 %}", "in": "{% $states.input %}"},
              "End": true}
    }));
    let run = Executor::new(&m)
        .lambda("f", |_| Ok(json!({"n": 1})))
        .run(json!({"a": true}));
    assert_eq!(run.output, Some(json!({"r": 2, "in": {"a": true}})));
}

#[test]
fn a_catcher_reads_the_error_output_and_an_evaluation_error_is_catchable() {
    let m = jsonata(json!({
        "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
              "Catch": [{"ErrorEquals": ["Oops"], "Assign": {"why": "{% $states.errorOutput.Cause %}"},
                         "Output": "{% $states.errorOutput.Error & '/' & $states.input.id %}", "Next": "E"}],
              "End": true},
        "E": {"Type": "Pass", "Output": {"out": "{% $states.input %}", "why": "{% $why %}"}, "End": true}
    }));
    let run = Executor::new(&m)
        .lambda("f", |_| Err(TaskError::new("Oops", "it broke")))
        .run(json!({"id": "7"}));
    assert_eq!(
        run.output,
        Some(json!({"out": "Oops/7", "why": "it broke"}))
    );

    let m = jsonata(json!({
        "P": {"Type": "Parallel", "Arguments": "{% $states.input %}",
              "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "Output": "{% $nope %}", "End": true}}}],
              "Catch": [{"ErrorEquals": ["States.QueryEvaluationError"], "Next": "E"}], "End": true},
        "E": {"Type": "Pass", "Output": "{% $states.input.Error %}", "End": true}
    }));
    let run = Executor::new(&m).run(json!({}));
    assert_eq!(run.output, Some(json!("States.QueryEvaluationError")));
}

#[test]
fn map_items_and_item_selector_with_the_map_context() {
    let m = jsonata(json!({
        "M": {"Type": "Map", "Items": "{% $states.input.xs[$ > 1] %}",
              "ItemSelector": {"i": "{% $states.context.Map.Item.Index %}", "v": "{% $states.context.Map.Item.Value %}", "k": "{% $states.input.k %}"},
              "MaxConcurrency": "{% 1 + 1 %}",
              "ItemProcessor": {"StartAt": "D", "States": {"D": {"Type": "Pass", "Output": "{% $states.input.v * $states.input.k + $states.input.i %}", "End": true}}},
              "Output": "{% $sum($states.result) %}", "End": true}
    }));
    let run = Executor::new(&m).run(json!({"xs": [1, 2, 3], "k": 10}));
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!(20 + 31)));
    let m = jsonata(json!({
        "M": {"Type": "Map", "Items": "{% $states.input.n %}",
              "ItemProcessor": {"StartAt": "D", "States": {"D": {"Type": "Pass", "End": true}}}, "End": true}
    }));
    let run = Executor::new(&m).run(json!({"n": 1}));
    assert_eq!(run.error.as_deref(), Some("States.QueryEvaluationError"));
    assert_eq!(
        run.cause.as_deref(),
        Some("An error occurred while executing the state 'M' (entered at the event id #2). The JSONata expression '$states.input.n' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'number' for value: 1")
    );
}

#[test]
fn choice_conditions_and_their_rule_assign_and_output() {
    let m = jsonata(json!({
        "C": {"Type": "Choice", "Choices": [
                {"Condition": "{% $states.input.n > 10 %}", "Next": "Big", "Output": {"size": "big"}, "Assign": {"k": "big"}},
                {"Condition": false, "Next": "Big"}],
              "Default": "Small", "Assign": {"k": "small"}},
        "Big": {"Type": "Pass", "Output": "{% [$states.input, $k] %}", "End": true},
        "Small": {"Type": "Pass", "Output": "{% [$states.input, $k] %}", "End": true}
    }));
    let mut ex = Executor::new(&m);
    assert_eq!(
        ex.run(json!({"n": 11})).output,
        Some(json!([{"size": "big"}, "big"]))
    );
    assert_eq!(
        ex.run(json!({"n": 1})).output,
        Some(json!([{"n": 1}, "small"]))
    );
    let m = jsonata(json!({
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.n %}", "Next": "X"}]},
        "X": {"Type": "Succeed"}
    }));
    let run = Executor::new(&m).run(json!({"n": 1}));
    assert_eq!(run.error.as_deref(), Some("States.QueryEvaluationError"));
    assert!(run.cause.unwrap().ends_with("specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 1"));
}

#[test]
fn wait_and_fail_fields_are_expressions() {
    let m = jsonata(json!({
        "W": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Next": "F"},
        "F": {"Type": "Fail", "Error": "{% 'E' & $string($states.input.s) %}", "Cause": "{% $states.context.State.Name %}"}
    }));
    let run = Executor::new(&m).start_time(0).run(json!({"s": 30}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("E30"));
    assert_eq!(run.cause.as_deref(), Some("F"));
    assert_eq!(run.stop_time - run.start_time, 30_000);
    let m = jsonata(json!({
        "W": {"Type": "Wait", "Timestamp": "{% $states.input.t %}", "End": true}
    }));
    let run = Executor::new(&m).run(json!({"t": "2016-12-05 21:29:29Z"}));
    assert_eq!(run.error.as_deref(), Some("States.QueryEvaluationError"));
    assert_eq!(
        run.cause.as_deref(),
        Some("An error occurred while executing the state 'W' (entered at the event id #2). The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: 2016-12-05 21:29:29Z")
    );
}

#[test]
fn a_hostile_expression_fails_the_state_instead_of_hanging() {
    let m = jsonata(json!({
        "P": {"Type": "Pass", "Output": "{% ($f := function($n){ $f($n + 1) + 1 }; $f(0)) %}", "End": true}
    }));
    let run = Executor::new(&m).run(json!({}));
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some("States.QueryEvaluationError"));
    assert!(run
        .cause
        .unwrap()
        .contains("threw an error during evaluation. U1001: stack overflow"));
}
