//! Each state type's stages under TestState (JSONPath and JSONata), and what an error leads to:
//! a retrier with attempts left (`RETRIABLE`), a catcher (`CAUGHT_ERROR`) or `FAILED`.

use std::sync::Arc;

use asl_model::{
    ChoiceState, Common, Condition, ErrorHandling, FailState, JsonataOr, NullablePath, PassState,
    QueryLanguage, State, TaskState, Transition, WaitState,
};
use serde_json::{json, Value};

use super::flow::{Extra, Flow};
use super::{
    fanout, ErrorDetails, InspectionData, TestStateError, TestStateMock, TestStateOptions,
    TestStateReport, TestStateStatus,
};
use crate::clock::{format_millis, parse_millis};
use crate::errors::{any_matches, names, Failure};
use crate::intrinsics::compact;
use crate::query::kind_of;

/// Variables a state assigns, set when it completes.
pub(super) type Assigned = Vec<(String, Value)>;

/// A state that completed: its output and the next state (`None`: the end).
pub(super) struct Done {
    output: Value,
    next: Option<String>,
    assigned: Assigned,
}

/// The longest Wait AWS accepts, in seconds.
const MAX_WAIT_SECONDS: u64 = 99_999_999;

pub(super) fn run(
    name: &str,
    state: &State,
    language: QueryLanguage,
    input: Value,
    options: &TestStateOptions,
) -> Result<TestStateReport, TestStateError> {
    let can_retry = state.error_handling().is_some();
    let mut flow = Flow::new(
        name,
        &input,
        &options.variables,
        can_retry.then_some(options.retrier_retry_count),
    );
    let jsonata = language == QueryLanguage::Jsonata;
    let mut data = InspectionData {
        input: Some(input.clone()),
        ..InspectionData::default()
    };
    let raw = Arc::new(input);
    let step = match state {
        State::Pass(s) if jsonata => plain_jsonata(&mut flow, &s.common, &raw, &s.transition),
        State::Pass(s) => pass(&mut flow, s, &raw, &mut data),
        State::Succeed(s) if jsonata => plain_jsonata(&mut flow, &s.common, &raw, &Transition::End),
        State::Succeed(s) => succeed(&mut flow, &s.common, &raw, &mut data),
        State::Fail(s) => Err(fail(&mut flow, s, &raw, jsonata)),
        State::Choice(s) => choice(&mut flow, s, &raw, jsonata, &mut data),
        State::Wait(s) => wait(&mut flow, s, &raw, jsonata, &mut data),
        State::Task(s) => task(&mut flow, s, &raw, jsonata, options, &mut data),
        State::Parallel(s) => fanout::parallel(&mut flow, s, &raw, language, options, &mut data)?,
        State::Map(s) => fanout::map(&mut flow, s, &raw, language, options, &mut data)?,
    };
    let mut report = TestStateReport {
        state: name.to_string(),
        state_type: state.type_name(),
        query_language: language,
        status: TestStateStatus::Succeeded,
        output: None,
        next_state: None,
        error: None,
        cause: None,
        inspection_data: None,
    };
    match step {
        Ok(done) => {
            flow.commit(&done.assigned);
            if !done.assigned.is_empty() {
                data.assigned = Some(assigned_object(&done.assigned));
            }
            report.output = Some(done.output);
            report.next_state = done.next;
        }
        Err(f) => {
            report.error = f.error.clone();
            report.cause = f.cause.clone();
            report.status = TestStateStatus::Failed;
            if let Some(eh) = state.error_handling() {
                recover(
                    &mut flow,
                    eh,
                    &f,
                    &raw,
                    jsonata,
                    options,
                    &mut data,
                    &mut report,
                );
            }
        }
    }
    data.variables = Some(flow.variables());
    report.inspection_data = Some(data);
    Ok(report)
}

fn assigned_object(assigned: &Assigned) -> Value {
    Value::Object(assigned.iter().cloned().collect())
}

fn next_of(t: &Transition) -> Option<String> {
    match t {
        Transition::Next(n) | Transition::Both(n) => Some(n.clone()),
        Transition::End | Transition::Missing => None,
    }
}

/// Pass and Succeed in JSONata: `Assign` and `Output` (the input without one).
fn plain_jsonata(
    flow: &mut Flow,
    common: &Common,
    raw: &Arc<Value>,
    transition: &Transition,
) -> Result<Done, Failure> {
    let assigned = flow.ja_assign(common.assign.as_ref(), raw, Extra::default())?;
    let output = flow.ja_output(
        common.output.as_ref(),
        (**raw).clone(),
        raw,
        Extra::default(),
    )?;
    Ok(Done {
        output,
        next: next_of(transition),
        assigned,
    })
}

fn pass(
    flow: &mut Flow,
    s: &PassState,
    raw: &Value,
    data: &mut InspectionData,
) -> Result<Done, Failure> {
    let eff = flow.filter_path(s.common.input_path.as_ref(), raw, "InputPath")?;
    data.after_input_path = Some(eff.clone());
    let result = match (&s.result, &s.parameters) {
        (Some(r), _) => {
            data.result = Some(r.clone());
            r.clone()
        }
        (None, Some(p)) => {
            let v = flow.template(p, &eff, Extra::default())?;
            data.after_parameters = Some(v.clone());
            v
        }
        (None, None) => eff,
    };
    let assigned = flow.assign(s.common.assign.as_ref(), &result)?;
    let out = flow.result_path(raw, s.result_path.as_ref(), result)?;
    data.after_result_path = Some(out.clone());
    let output = flow.filter_path(s.common.output_path.as_ref(), &out, "OutputPath")?;
    Ok(Done {
        output,
        next: next_of(&s.transition),
        assigned,
    })
}

fn succeed(
    flow: &mut Flow,
    common: &Common,
    raw: &Value,
    data: &mut InspectionData,
) -> Result<Done, Failure> {
    let eff = flow.filter_path(common.input_path.as_ref(), raw, "InputPath")?;
    data.after_input_path = Some(eff.clone());
    let output = flow.filter_path(common.output_path.as_ref(), &eff, "OutputPath")?;
    Ok(Done {
        output,
        next: None,
        assigned: Vec::new(),
    })
}

fn fail(flow: &mut Flow, s: &FailState, raw: &Arc<Value>, jsonata: bool) -> Failure {
    let mut field = |value: &Option<String>, path: &Option<String>, what: &str| match (value, path)
    {
        (Some(v), _) if jsonata => flow.ja_string(v, what, raw).map(Some),
        (Some(v), _) => Ok(Some(v.clone())),
        (None, Some(p)) => match flow.dynamic(&format!("{what}Path"), p, raw)? {
            Value::String(s) => Ok(Some(s)),
            other => Err(Failure::runtime(format!(
                "The {what}Path '{p}' must reference a string, but it is {}",
                kind_of(&other)
            ))),
        },
        (None, None) => Ok(None),
    };
    match (
        field(&s.error, &s.error_path, "Error"),
        field(&s.cause, &s.cause_path, "Cause"),
    ) {
        (Ok(error), Ok(cause)) => Failure { error, cause },
        (Err(f), _) | (_, Err(f)) => f,
    }
}

fn choice(
    flow: &mut Flow,
    s: &ChoiceState,
    raw: &Arc<Value>,
    jsonata: bool,
    data: &mut InspectionData,
) -> Result<Done, Failure> {
    let eff = if jsonata {
        (**raw).clone()
    } else {
        let eff = flow.filter_path(s.common.input_path.as_ref(), raw, "InputPath")?;
        data.after_input_path = Some(eff.clone());
        eff
    };
    let mut chosen = None;
    for (i, rule) in s.choices.iter().enumerate() {
        let hit = match (&rule.condition, jsonata) {
            (Condition::Jsonata(Value::Bool(b)), true) => *b,
            (Condition::Jsonata(Value::String(text)), true) => {
                flow.ja_typed(text, "Condition", raw, "boolean", Value::is_boolean)? == json!(true)
            }
            (Condition::Jsonata(other), _) => {
                return Err(Failure::runtime(format!(
                    "A Choice rule's Condition must be a boolean or a JSONata expression, not {}",
                    compact(other)
                )))
            }
            (_, true) => {
                return Err(Failure::runtime(
                    "A Choice rule in a JSONata state needs a Condition.",
                ))
            }
            (cond, false) => flow.choice_holds(cond, &eff)?,
        };
        if hit {
            chosen = Some((i, rule));
            break;
        }
    }
    let (next, assign, output) = match (chosen, &s.default) {
        (Some((i, rule)), _) => {
            data.choice = Some(json!({"rule": i, "next": rule.next}));
            (&rule.next, rule.assign.as_ref(), rule.output.as_ref())
        }
        (None, Some(d)) => {
            data.choice = Some(json!({"default": d}));
            (d, s.common.assign.as_ref(), s.common.output.as_ref())
        }
        (None, None) => {
            return Err(Failure::new(
                names::NO_CHOICE_MATCHED,
                format!(
                    "No Choice Rule of the state '{}' matched, and it has no Default.",
                    flow.state
                ),
            ))
        }
    };
    let (output, assigned) = if jsonata {
        let assigned = flow.ja_assign(assign, raw, Extra::default())?;
        let out = flow.ja_output(output, (**raw).clone(), raw, Extra::default())?;
        (out, assigned)
    } else {
        let assigned = flow.assign(assign, &eff)?;
        let out = flow.filter_path(s.common.output_path.as_ref(), &eff, "OutputPath")?;
        (out, assigned)
    };
    Ok(Done {
        output,
        next: Some(next.clone()),
        assigned,
    })
}

fn wait(
    flow: &mut Flow,
    s: &WaitState,
    raw: &Arc<Value>,
    jsonata: bool,
    data: &mut InspectionData,
) -> Result<Done, Failure> {
    let eff = if jsonata {
        (**raw).clone()
    } else {
        let eff = flow.filter_path(s.common.input_path.as_ref(), raw, "InputPath")?;
        data.after_input_path = Some(eff.clone());
        eff
    };
    let seconds_from = |n: u64| json!({"seconds": n});
    let until_from = |text: &str| -> Result<Value, Failure> {
        let ms = parse_millis(text).ok_or_else(|| {
            Failure::runtime(format!(
                "The Timestamp '{text}' is not an RFC 3339 timestamp."
            ))
        })?;
        Ok(json!({"until": format_millis(ms)}))
    };
    let wait = match (&s.seconds, &s.timestamp, &s.seconds_path, &s.timestamp_path) {
        (Some(JsonataOr::Value(n)), ..) => seconds_from(*n),
        (Some(JsonataOr::Jsonata(text)), ..) => {
            let fits = |v: &Value| {
                v.as_f64().is_some_and(|n| {
                    n.fract() == 0.0 && (0.0..=MAX_WAIT_SECONDS as f64).contains(&n)
                })
            };
            let v = flow.ja_typed(text, "Seconds", raw, "integer", fits)?;
            seconds_from(v.as_f64().unwrap_or(0.0) as u64)
        }
        (_, Some(JsonataOr::Value(ts)), ..) => until_from(ts)?,
        (_, Some(JsonataOr::Jsonata(text)), ..) => {
            let ts = flow.ja_string(text, "Timestamp", raw)?;
            until_from(&ts)?
        }
        (_, _, Some(p), _) => match flow.path(p, &eff)? {
            Some(Value::Number(n)) if n.as_u64().is_some() => seconds_from(n.as_u64().unwrap_or(0)),
            other => {
                return Err(Failure::runtime(format!(
                "The SecondsPath '{p}' must reference a non-negative integer, but it references {}",
                other.map_or("nothing".to_string(), |v| compact(&v))
            )))
            }
        },
        (_, _, _, Some(p)) => match flow.path(p, &eff)? {
            Some(Value::String(ts)) => until_from(&ts)?,
            other => {
                return Err(Failure::runtime(format!(
                "The TimestampPath '{p}' must reference a timestamp string, but it references {}",
                other.map_or("nothing".to_string(), |v| compact(&v))
            )))
            }
        },
        _ => {
            return Err(Failure::runtime(
                "The Wait state has none of Seconds, Timestamp, SecondsPath, TimestampPath.",
            ))
        }
    };
    data.wait = Some(wait);
    if jsonata {
        return plain_jsonata(flow, &s.common, raw, &s.transition);
    }
    let assigned = flow.assign(s.common.assign.as_ref(), &eff)?;
    let output = flow.filter_path(s.common.output_path.as_ref(), &eff, "OutputPath")?;
    Ok(Done {
        output,
        next: next_of(&s.transition),
        assigned,
    })
}

/// The mock as the resource's answer.
pub(super) fn mocked(mock: &TestStateMock) -> Result<Value, Failure> {
    match mock {
        TestStateMock::Result(v) => Ok(v.clone()),
        TestStateMock::Error { error, cause } => Err(Failure {
            error: Some(error.clone()),
            cause: Some(cause.clone()),
        }),
    }
}

fn task(
    flow: &mut Flow,
    s: &TaskState,
    raw: &Arc<Value>,
    jsonata: bool,
    options: &TestStateOptions,
    data: &mut InspectionData,
) -> Result<Done, Failure> {
    let token = flow.token();
    let extra = Extra {
        token: Some(&token),
        ..Extra::default()
    };
    if jsonata {
        let args = match &s.arguments {
            Some(a) => flow.ja_template(a, "Arguments", raw, extra)?,
            None => (**raw).clone(),
        };
        data.after_arguments = Some(args);
    } else {
        let eff = flow.filter_path(s.common.input_path.as_ref(), raw, "InputPath")?;
        data.after_input_path = Some(eff.clone());
        let params = match &s.parameters {
            Some(p) => flow.template(p, &eff, extra)?,
            None => eff,
        };
        data.after_parameters = Some(params);
    }
    let Some(mock) = &options.mock else {
        return Err(Failure::runtime("internal: a Task needs a mock"));
    };
    let result = mocked(mock)?;
    let selector = s.result_selector.as_ref();
    complete(
        flow,
        &s.common,
        raw,
        result,
        selector,
        s.result_path.as_ref(),
        jsonata,
        data,
    )
    .map(|(output, assigned)| Done {
        output,
        next: next_of(&s.transition),
        assigned,
    })
}

/// After a Task, Parallel or Map produced its result: Assign, then ResultSelector, ResultPath and
/// OutputPath (JSONPath) or Output (JSONata).
#[allow(clippy::too_many_arguments)]
pub(super) fn complete(
    flow: &mut Flow,
    common: &Common,
    raw: &Arc<Value>,
    result: Value,
    selector: Option<&Value>,
    rp: Option<&NullablePath>,
    jsonata: bool,
    data: &mut InspectionData,
) -> Result<(Value, Assigned), Failure> {
    data.result = Some(result.clone());
    if jsonata {
        let extra = Extra {
            result: Some(&result),
            ..Extra::default()
        };
        let assigned = flow.ja_assign(common.assign.as_ref(), raw, extra)?;
        let out = flow.ja_output(common.output.as_ref(), result.clone(), raw, extra)?;
        return Ok((out, assigned));
    }
    let assigned = flow.assign(common.assign.as_ref(), &result)?;
    let selected = match selector {
        Some(sel) => {
            let v = flow.template(sel, &result, Extra::default())?;
            data.after_result_selector = Some(v.clone());
            v
        }
        None => result,
    };
    let out = flow.result_path(raw, rp, selected)?;
    data.after_result_path = Some(out.clone());
    let out = flow.filter_path(common.output_path.as_ref(), &out, "OutputPath")?;
    Ok((out, assigned))
}

/// An error in a Task, Parallel or Map: the first matching retrier with attempts left makes it
/// `RETRIABLE`; else the first matching catcher makes it `CAUGHT_ERROR`; else it stays `FAILED`.
#[allow(clippy::too_many_arguments)]
fn recover(
    flow: &mut Flow,
    eh: &ErrorHandling,
    f: &Failure,
    raw: &Arc<Value>,
    jsonata: bool,
    options: &TestStateOptions,
    data: &mut InspectionData,
    report: &mut TestStateReport,
) {
    if f.is_terminal() {
        return;
    }
    let retriers = eh.retry.as_deref().unwrap_or_default();
    if let Some((i, r)) = retriers
        .iter()
        .enumerate()
        .find(|(_, r)| any_matches(&r.error_equals, f))
    {
        let done = options.retrier_retry_count;
        let max = u64::try_from(r.max_attempts.unwrap_or(3).max(0)).unwrap_or(0);
        if u64::from(done) < max {
            let mut delay = r.interval_seconds.unwrap_or(1) as f64
                * r.backoff_rate
                    .unwrap_or(2.0)
                    .powi(i32::try_from(done).unwrap_or(i32::MAX));
            if let Some(cap) = r.max_delay_seconds {
                delay = delay.min(cap as f64);
            }
            let seconds = if delay.is_finite() {
                delay.round().clamp(0.0, u64::MAX as f64) as u64
            } else {
                u64::MAX
            };
            report.status = TestStateStatus::Retriable;
            data.error_details = Some(ErrorDetails {
                retry_index: Some(i),
                retry_backoff_interval_seconds: Some(seconds),
                ..ErrorDetails::default()
            });
            return;
        }
    }
    let catchers = eh.catch.as_deref().unwrap_or_default();
    let Some((i, c)) = catchers
        .iter()
        .enumerate()
        .find(|(_, c)| any_matches(&c.error_equals, f))
    else {
        return;
    };
    let error_output = f.error_output();
    let caught = if jsonata {
        let extra = Extra {
            error_output: Some(&error_output),
            ..Extra::default()
        };
        flow.ja_assign(c.assign.as_ref(), raw, extra)
            .and_then(|assigned| {
                let out = flow.ja_output(c.output.as_ref(), error_output.clone(), raw, extra)?;
                Ok((out, assigned))
            })
    } else {
        flow.assign(c.assign.as_ref(), &error_output)
            .and_then(|assigned| {
                let out = flow.result_path(raw, c.result_path.as_ref(), error_output.clone())?;
                data.after_result_path = Some(out.clone());
                Ok((out, assigned))
            })
    };
    match caught {
        Ok((out, assigned)) => {
            flow.commit(&assigned);
            if !assigned.is_empty() {
                data.assigned = Some(assigned_object(&assigned));
            }
            report.status = TestStateStatus::CaughtError;
            report.output = Some(out);
            report.next_state = Some(c.next.clone());
            data.error_details = Some(ErrorDetails {
                catch_index: Some(i),
                ..ErrorDetails::default()
            });
        }
        Err(f2) => {
            report.error = f2.error;
            report.cause = f2.cause;
        }
    }
}

/// A Parallel or Map state's end: its result through the data flow, and its transition.
#[allow(clippy::too_many_arguments)]
pub(super) fn finish_fanout(
    flow: &mut Flow,
    common: &Common,
    raw: &Arc<Value>,
    result: Result<Value, Failure>,
    selector: Option<&Value>,
    rp: Option<&NullablePath>,
    transition: &Transition,
    jsonata: bool,
    data: &mut InspectionData,
) -> Result<Result<Done, Failure>, TestStateError> {
    Ok(result.and_then(|result| {
        complete(flow, common, raw, result, selector, rp, jsonata, data).map(
            |(output, assigned)| Done {
                output,
                next: next_of(transition),
                assigned,
            },
        )
    }))
}
