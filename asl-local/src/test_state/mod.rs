//! AWS's TestState API, offline: runs one state of a machine (found at any depth) on an input,
//! with a mocked task result or error, and reports every data-flow stage (`inspectionData`) and
//! the outcome (`SUCCEEDED`, `FAILED`, `RETRIABLE`, `CAUGHT_ERROR`, `nextState`).
//!
//! ```
//! use asl_local::{test_state, TestStateMock, TestStateOptions, TestStateStatus};
//! use serde_json::json;
//!
//! let machine = asl_model::parse_str(r#"{"StartAt": "Call", "States": {
//!   "Call": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
//!            "Parameters": {"Payload.$": "$.order"}, "ResultSelector": {"id.$": "$.Payload.id"},
//!            "ResultPath": "$.created", "Next": "Done"},
//!   "Done": {"Type": "Succeed"}}}"#).unwrap();
//! let options = TestStateOptions {
//!     mock: Some(TestStateMock::Result(json!({"Payload": {"id": 7}}))),
//!     ..TestStateOptions::default()
//! };
//! let report = test_state(&machine, "Call", json!({"order": {"n": 1}}), &options).unwrap();
//! assert_eq!(report.status, TestStateStatus::Succeeded);
//! assert_eq!(report.next_state.as_deref(), Some("Done"));
//! assert_eq!(report.output, Some(json!({"order": {"n": 1}, "created": {"id": 7}})));
//! let data = report.inspection_data.unwrap();
//! assert_eq!(data.after_parameters, Some(json!({"Payload": {"n": 1}})));
//! ```

use asl_model::{QueryLanguage, State, StateMachine};
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

mod fanout;
mod flow;
mod states;

/// The task result TestState uses instead of calling the resource (its `mock` field).
#[derive(Debug, Clone, PartialEq)]
pub enum TestStateMock {
    /// `mock.result`: what the resource returns.
    Result(Value),
    /// `mock.errorOutput`: the error the resource fails with.
    Error { error: String, cause: String },
}

/// How much the report holds (TestState's `inspectionLevel`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InspectionLevel {
    /// The outcome only: status, output, next state, error and cause.
    Info,
    /// Also `inspectionData`: every data-flow stage.
    #[default]
    Debug,
    /// As `Debug` (asl-local makes no HTTP calls, so there is no request/response to show).
    Trace,
}

/// What TestState is given besides the definition, the state name and the input.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TestStateOptions {
    pub mock: Option<TestStateMock>,
    /// Variables visible to the state (TestState's `variables`).
    pub variables: Map<String, Value>,
    pub inspection_level: InspectionLevel,
    /// Retries already made by the matching retrier (`stateConfiguration.retrierRetryCount`).
    pub retrier_retry_count: u32,
}

/// The state's execution status (TestState's `status`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestStateStatus {
    Succeeded,
    Failed,
    /// A retrier matched the error and has attempts left.
    Retriable,
    /// A catcher matched the error; `nextState` is its `Next`.
    CaughtError,
}

impl TestStateStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            TestStateStatus::Succeeded => "SUCCEEDED",
            TestStateStatus::Failed => "FAILED",
            TestStateStatus::Retriable => "RETRIABLE",
            TestStateStatus::CaughtError => "CAUGHT_ERROR",
        }
    }
}

/// Which retrier or catcher handled an error (TestState's `inspectionData.errorDetails`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorDetails {
    pub catch_index: Option<usize>,
    pub retry_index: Option<usize>,
    /// The wait before the retry: `IntervalSeconds × BackoffRate^retries`, capped by
    /// `MaxDelaySeconds` (without jitter, which is random).
    pub retry_backoff_interval_seconds: Option<u64>,
}

/// How one Parallel branch or Map iteration ran (asl-local's addition: TestState runs none).
#[derive(Debug, Clone, PartialEq)]
pub struct BranchRun {
    pub succeeded: bool,
    pub output: Option<Value>,
    pub error: Option<String>,
    pub cause: Option<String>,
    pub states_entered: Vec<String>,
}

/// Each data-flow stage of the tested state; a stage the state does not have is `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InspectionData {
    pub input: Option<Value>,
    pub after_input_path: Option<Value>,
    pub after_parameters: Option<Value>,
    pub after_arguments: Option<Value>,
    pub after_items_path: Option<Value>,
    pub after_item_selector: Option<Value>,
    /// The task's (or Parallel/Map's) raw result.
    pub result: Option<Value>,
    pub after_result_selector: Option<Value>,
    pub after_result_path: Option<Value>,
    /// Every variable after the state ran (the given ones and those it assigned).
    pub variables: Option<Value>,
    pub error_details: Option<ErrorDetails>,
    /// asl-local's additions: the variables this state's `Assign` set, the Choice rule taken
    /// (`{"rule": index, "next": …}` or `{"default": …}`), the Wait (`{"seconds", "until"}`), and
    /// the branches or iterations run, or why they were not.
    pub assigned: Option<Value>,
    pub choice: Option<Value>,
    pub wait: Option<Value>,
    pub branches: Option<Vec<BranchRun>>,
    pub note: Option<String>,
}

/// TestState's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStateReport {
    pub state: String,
    pub state_type: &'static str,
    pub query_language: QueryLanguage,
    pub status: TestStateStatus,
    pub output: Option<Value>,
    pub next_state: Option<String>,
    pub error: Option<String>,
    pub cause: Option<String>,
    /// `None` at [`InspectionLevel::Info`].
    pub inspection_data: Option<InspectionData>,
}

/// Why a state cannot be tested as asked (TestState's `ValidationException`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TestStateError {
    #[error("there is no state named '{name}' (the states: {known})")]
    NoSuchState { name: String, known: String },
    #[error("the state '{state}' is a Task: pass a mock of its result or error (asl-local calls no real resource)")]
    MockRequired { state: String },
    #[error("the state '{state}' is a {state_type} state, which does not take a mock (only Task, Parallel and Map states do)")]
    MockNotAllowed {
        state: String,
        state_type: &'static str,
    },
    #[error("{0}")]
    Unsupported(String),
}

/// Runs the state named `state_name` (at any depth of `machine`) once on `input`.
pub fn test_state(
    machine: &StateMachine,
    state_name: &str,
    input: Value,
    options: &TestStateOptions,
) -> Result<TestStateReport, TestStateError> {
    let Some(state) = find_state(&machine.states, state_name) else {
        let mut names = Vec::new();
        all_names(&machine.states, &mut names);
        return Err(TestStateError::NoSuchState {
            name: state_name.to_string(),
            known: names.join(", "),
        });
    };
    let language = state
        .common()
        .query_language
        .or(machine.query_language)
        .unwrap_or(QueryLanguage::JsonPath);
    match (state, &options.mock) {
        (State::Task(_), None) => {
            return Err(TestStateError::MockRequired {
                state: state_name.to_string(),
            })
        }
        (State::Task(_) | State::Parallel(_) | State::Map(_), _) | (_, None) => {}
        (other, Some(_)) => {
            return Err(TestStateError::MockNotAllowed {
                state: state_name.to_string(),
                state_type: other.type_name(),
            })
        }
    }
    let mut report = states::run(state_name, state, language, input, options)?;
    if options.inspection_level == InspectionLevel::Info {
        report.inspection_data = None;
    }
    Ok(report)
}

fn find_state<'m>(states: &'m IndexMap<String, State>, name: &str) -> Option<&'m State> {
    if let Some(s) = states.get(name) {
        return Some(s);
    }
    states.values().find_map(|s| match s {
        State::Parallel(p) => p.branches.iter().find_map(|b| find_state(&b.states, name)),
        State::Map(m) => m.processor().and_then(|g| find_state(&g.states, name)),
        _ => None,
    })
}

fn all_names(states: &IndexMap<String, State>, out: &mut Vec<String>) {
    for (name, s) in states {
        out.push(name.clone());
        match s {
            State::Parallel(p) => p.branches.iter().for_each(|b| all_names(&b.states, out)),
            State::Map(m) => {
                if let Some(g) = m.processor() {
                    all_names(&g.states, out);
                }
            }
            _ => {}
        }
    }
}

impl BranchRun {
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "status".into(),
            json!(if self.succeeded {
                "SUCCEEDED"
            } else {
                "FAILED"
            }),
        );
        put(&mut m, "output", self.output.clone());
        put(&mut m, "error", self.error.clone().map(Value::String));
        put(&mut m, "cause", self.cause.clone().map(Value::String));
        m.insert("statesEntered".into(), json!(self.states_entered));
        Value::Object(m)
    }
}

fn put(m: &mut Map<String, Value>, key: &str, v: Option<Value>) {
    if let Some(v) = v {
        m.insert(key.to_string(), v);
    }
}

impl InspectionData {
    /// The object with TestState's field names (values as JSON, not as JSON text).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, "input", self.input.clone());
        put(&mut m, "afterInputPath", self.after_input_path.clone());
        put(&mut m, "afterParameters", self.after_parameters.clone());
        put(&mut m, "afterArguments", self.after_arguments.clone());
        put(&mut m, "afterItemsPath", self.after_items_path.clone());
        put(
            &mut m,
            "afterItemSelector",
            self.after_item_selector.clone(),
        );
        put(&mut m, "result", self.result.clone());
        put(
            &mut m,
            "afterResultSelector",
            self.after_result_selector.clone(),
        );
        put(&mut m, "afterResultPath", self.after_result_path.clone());
        put(&mut m, "variables", self.variables.clone());
        if let Some(d) = &self.error_details {
            let mut e = Map::new();
            put(&mut e, "catchIndex", d.catch_index.map(Value::from));
            put(&mut e, "retryIndex", d.retry_index.map(Value::from));
            put(
                &mut e,
                "retryBackoffIntervalSeconds",
                d.retry_backoff_interval_seconds.map(Value::from),
            );
            m.insert("errorDetails".into(), Value::Object(e));
        }
        put(&mut m, "assigned", self.assigned.clone());
        put(&mut m, "choice", self.choice.clone());
        put(&mut m, "wait", self.wait.clone());
        put(
            &mut m,
            "branches",
            self.branches
                .as_ref()
                .map(|b| Value::Array(b.iter().map(BranchRun::to_json).collect())),
        );
        put(&mut m, "note", self.note.clone().map(Value::String));
        Value::Object(m)
    }
}

impl TestStateReport {
    /// TestState's response object: `status`, `output`, `nextState`, `error`, `cause`,
    /// `inspectionData` (absent fields left out), plus the state's name, type and query language.
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("stateName".into(), json!(self.state));
        m.insert("stateType".into(), json!(self.state_type));
        m.insert("queryLanguage".into(), json!(self.query_language.as_str()));
        m.insert("status".into(), json!(self.status.as_str()));
        put(&mut m, "output", self.output.clone());
        put(
            &mut m,
            "nextState",
            self.next_state.clone().map(Value::String),
        );
        put(&mut m, "error", self.error.clone().map(Value::String));
        put(&mut m, "cause", self.cause.clone().map(Value::String));
        put(
            &mut m,
            "inspectionData",
            self.inspection_data.as_ref().map(InspectionData::to_json),
        );
        Value::Object(m)
    }
}
