//! Parallel and Map under TestState: the branch or iteration inputs, then either the mock as the
//! state's whole result (as AWS's TestState does) or, without a mock, each branch or iteration run
//! to its end by the engine (no task handlers: a Task inside fails with `asl-local.NoHandler`).

use std::sync::Arc;

use asl_model::{
    Graph, JsonataOr, MapState, ParallelState, ProcessorMode, QueryLanguage, State, StateMachine,
    Transition,
};
use serde_json::{Map, Value};

use super::flow::{Extra, Flow};
use super::states::{finish_fanout, mocked, Done};
use super::{BranchRun, InspectionData, TestStateError, TestStateOptions};
use crate::errors::{names, Failure};
use crate::executor::Config;
use crate::handler::Registry;
use crate::intrinsics::compact;
use crate::query::kind_of;

/// The name of the Pass state put before a branch to set the visible variables.
const VARIABLES_STATE: &str = "asl-local test-state: variables";

type Step = Result<Result<Done, Failure>, TestStateError>;

const MOCK_IS_RESULT: &str = "not run: as in AWS's TestState, the mock is the state's whole result";

pub(super) fn parallel(
    flow: &mut Flow,
    s: &ParallelState,
    raw: &Arc<Value>,
    language: QueryLanguage,
    options: &TestStateOptions,
    data: &mut InspectionData,
) -> Step {
    let jsonata = language == QueryLanguage::Jsonata;
    let branch_input = (|| {
        if jsonata {
            let v = match &s.arguments {
                Some(a) => flow.ja_template(a, "Arguments", raw, Extra::default())?,
                None => (**raw).clone(),
            };
            data.after_arguments = Some(v.clone());
            return Ok(v);
        }
        let eff = flow.filter_path(s.common.input_path.as_ref(), raw, "InputPath")?;
        data.after_input_path = Some(eff.clone());
        let v = match &s.parameters {
            Some(p) => flow.template(p, &eff, Extra::default())?,
            None => eff,
        };
        data.after_parameters = Some(v.clone());
        Ok(v)
    })();
    let result = branch_input.and_then(|input| match &options.mock {
        Some(mock) => {
            data.note = Some(format!("branches {MOCK_IS_RESULT}"));
            mocked(mock)
        }
        None => {
            let inputs = vec![input; s.branches.len()];
            let graphs: Vec<&Graph> = s.branches.iter().collect();
            let variables = flow.variables();
            run_all(&graphs, inputs, language, &variables, None, data)
        }
    });
    finish_fanout(
        flow,
        &s.common,
        raw,
        result,
        s.result_selector.as_ref(),
        s.result_path.as_ref(),
        &s.transition,
        jsonata,
        data,
    )
}

pub(super) fn map(
    flow: &mut Flow,
    s: &MapState,
    raw: &Arc<Value>,
    language: QueryLanguage,
    options: &TestStateOptions,
    data: &mut InspectionData,
) -> Step {
    let jsonata = language == QueryLanguage::Jsonata;
    let Some(processor) = s.processor() else {
        return Ok(Err(Failure::runtime(
            "The Map state has neither ItemProcessor nor Iterator.",
        )));
    };
    if options.mock.is_none() {
        for (present, field) in [
            (s.item_reader.is_some(), "ItemReader"),
            (s.item_batcher.is_some(), "ItemBatcher"),
            (s.result_writer.is_some(), "ResultWriter"),
        ] {
            if present {
                return Err(TestStateError::Unsupported(format!(
                    "the Map state '{}' has {field}, which test-state does not run: pass a mock of the Map state's result",
                    flow.state
                )));
            }
        }
    }
    let inputs = if s.item_reader.is_some() {
        data.note = Some("ItemReader not read: the mock is the Map state's result".into());
        Ok(Vec::new())
    } else {
        iteration_inputs(flow, s, raw, jsonata, data)
    };
    let result = inputs.and_then(|inputs| match &options.mock {
        Some(mock) => {
            if data.note.is_none() {
                data.note = Some(format!("iterations {MOCK_IS_RESULT}"));
            }
            mocked(mock)
        }
        None => {
            let graphs = vec![processor; inputs.len()];
            let distributed = processor.processor_config.as_ref().and_then(|c| c.mode)
                == Some(ProcessorMode::Distributed);
            // A distributed Map's children are executions of their own: no outer variables.
            let variables = if distributed {
                Value::Object(Map::new())
            } else {
                flow.variables()
            };
            let tolerance = match (
                literal(&s.tolerated_failure_count),
                literal(&s.tolerated_failure_percentage),
            ) {
                (None, None) if distributed => Some((Some(0), None)),
                (None, None) => None,
                (count, pct) => Some((count, pct)),
            };
            run_all(&graphs, inputs, language, &variables, tolerance, data)
        }
    });
    finish_fanout(
        flow,
        &s.common,
        raw,
        result,
        s.result_selector.as_ref(),
        s.result_path.as_ref(),
        &s.transition,
        jsonata,
        data,
    )
}

/// The items (InputPath and ItemsPath, or Items) and each iteration's input (ItemSelector).
fn iteration_inputs(
    flow: &mut Flow,
    s: &MapState,
    raw: &Arc<Value>,
    jsonata: bool,
    data: &mut InspectionData,
) -> Result<Vec<Value>, Failure> {
    let (items, scope) = if jsonata {
        let v = match &s.items {
            None => (**raw).clone(),
            Some(tpl) => flow.ja_template(tpl, "Items", raw, Extra::default())?,
        };
        match v {
            Value::Array(a) => (a, (**raw).clone()),
            other => {
                return Err(Failure::new(
                    names::QUERY_EVALUATION_ERROR,
                    format!(
                        "Map state input must be an array but was: {}",
                        kind_of(&other)
                    ),
                ))
            }
        }
    } else {
        let eff = flow.filter_path(s.common.input_path.as_ref(), raw, "InputPath")?;
        data.after_input_path = Some(eff.clone());
        let ip = s.items_path.as_deref().unwrap_or("$");
        let items = match flow.path(ip, &eff)? {
            Some(Value::Array(a)) => a,
            Some(other) => {
                return Err(Failure::runtime(format!(
                    "The ItemsPath '{ip}' must reference an array, but it references {}",
                    kind_of(&other)
                )))
            }
            None => {
                return Err(Failure::runtime(format!(
                "Invalid path '{ip}' : The ItemsPath '{ip}' references nothing in the input '{}'",
                compact(&eff)
            )))
            }
        };
        data.after_items_path = Some(Value::Array(items.clone()));
        (items, eff)
    };
    let selector = s.item_selector.as_ref().or(s.parameters.as_ref());
    let scope = Arc::new(scope);
    let mut selected = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let extra = Extra {
            item: Some((i, &item)),
            ..Extra::default()
        };
        let v = match selector {
            Some(sel) if jsonata => flow.ja_template(sel, "ItemSelector", &scope, extra)?,
            Some(sel) => flow.template(sel, &scope, extra)?,
            None => item.clone(),
        };
        selected.push(v);
    }
    data.after_item_selector = Some(Value::Array(selected.clone()));
    Ok(selected)
}

/// A literal `ToleratedFailureCount`/`Percentage` (an expression is not evaluated here).
fn literal<T: Copy>(e: &Option<JsonataOr<T>>) -> Option<T> {
    match e {
        Some(JsonataOr::Value(v)) => Some(*v),
        _ => None,
    }
}

/// Runs each graph on its input, in order: the results in order, or the first failure. With a
/// `(count, percentage)` tolerance, a failed iteration gives its error output unless the failures
/// exceed it (`States.ExceedToleratedFailureThreshold`).
fn run_all(
    graphs: &[&Graph],
    inputs: Vec<Value>,
    language: QueryLanguage,
    variables: &Value,
    tolerance: Option<(Option<u64>, Option<f64>)>,
    data: &mut InspectionData,
) -> Result<Value, Failure> {
    let total = graphs.len();
    let mut failures = 0usize;
    let mut runs = Vec::with_capacity(graphs.len());
    let mut results = Vec::with_capacity(graphs.len());
    let mut failure = None;
    for (graph, input) in graphs.iter().zip(inputs) {
        let run = run_graph(graph, language, input, variables);
        match &run.output {
            Some(out) if run.succeeded => results.push(out.clone()),
            _ if failure.is_none() => {
                failures += 1;
                let failed = Failure {
                    error: run.error.clone(),
                    cause: run.cause.clone(),
                };
                if let Some((count, pct)) = tolerance.filter(|_| !failed.is_terminal()) {
                    let over_count = count.is_some_and(|c| failures as u64 > c);
                    let over_pct =
                        pct.is_some_and(|p| failures as f64 * 100.0 / total.max(1) as f64 > p);
                    if !over_count && !over_pct {
                        results.push(failed.error_output());
                        runs.push(run);
                        continue;
                    }
                    failure = Some(Failure::new(
                        names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                        format!(
                            "The Map state failed because {failures} of {total} iterations failed, more than the tolerated failures allow (last error: {}: {}).",
                            failed.error_name(),
                            failed.cause.clone().unwrap_or_default()
                        ),
                    ));
                    runs.push(run);
                    continue;
                }
                let mut cause = run.cause.clone();
                if run.error.as_deref() == Some(names::NO_HANDLER) {
                    cause = cause.map(|c| {
                        format!("{c} (test-state runs branches and iterations without task handlers: pass a mock of the whole state's result instead)")
                    });
                }
                failure = Some(Failure {
                    error: run.error.clone(),
                    cause,
                });
            }
            _ => {}
        }
        runs.push(run);
    }
    data.branches = Some(runs);
    match failure {
        Some(f) => Err(f),
        None => Ok(Value::Array(results)),
    }
}

/// One branch or iteration run as a machine of its own; a Pass state first sets the variables
/// the tested state sees.
fn run_graph(graph: &Graph, language: QueryLanguage, input: Value, variables: &Value) -> BranchRun {
    let mut machine = StateMachine {
        query_language: Some(language),
        start_at: graph.start_at.clone(),
        states: graph.states.clone(),
        ..StateMachine::default()
    };
    let mut input = input;
    if let Some(vars) = variables.as_object().filter(|v| !v.is_empty()) {
        if let Some(prefix) = variables_state(vars, &graph.start_at) {
            machine.states.insert(VARIABLES_STATE.to_string(), prefix);
            machine.start_at = VARIABLES_STATE.to_string();
            input = serde_json::json!({"variables": variables, "input": input});
        }
    }
    let mut registry = Registry::default();
    let run = crate::engine::execute(&machine, &mut registry, &Config::default(), input);
    let states_entered = run
        .states_entered()
        .into_iter()
        .filter(|s| *s != VARIABLES_STATE)
        .map(str::to_string)
        .collect();
    BranchRun {
        succeeded: run.succeeded(),
        output: run.output.clone(),
        error: run.error.clone(),
        cause: run.cause.clone(),
        states_entered,
    }
}

/// `{"Type": "Pass", "QueryLanguage": "JSONPath", "Assign": {"x.$": "$.variables['x']", …},
/// "OutputPath": "$.input", "Next": start}`.
fn variables_state(vars: &serde_json::Map<String, Value>, start: &str) -> Option<State> {
    let assign: serde_json::Map<String, Value> = vars
        .keys()
        .map(|k| {
            let path = format!(
                "$.variables['{}']",
                k.replace('\\', "\\\\").replace('\'', "\\'")
            );
            (format!("{k}.$"), Value::String(path))
        })
        .collect();
    let doc = serde_json::json!({
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "QueryLanguage": "JSONPath", "Assign": assign,
                          "OutputPath": "$.input", "End": true}}
    });
    let mut machine = asl_model::parse_str(&doc.to_string()).ok()?;
    let mut state = machine.states.shift_remove("P")?;
    if let Some(t) = state.transition_mut() {
        *t = Transition::Next(start.to_string());
    }
    Some(state)
}
