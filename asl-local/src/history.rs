//! The execution history: events of the same types, in the same order, that Step Functions records.

use std::fmt;
use std::sync::Arc;

use serde_json::{json, Map, Value};

use crate::clock::format_millis;

macro_rules! event_types {
    ($($name:ident),* $(,)?) => {
        /// A history event type, named as in the Step Functions API (`GetExecutionHistory`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum EventType { $($name),* }

        impl EventType {
            /// The API name, e.g. `TaskStateEntered`.
            pub fn as_str(self) -> &'static str {
                match self { $(EventType::$name => stringify!($name)),* }
            }
        }
    };
}

event_types!(
    ExecutionStarted,
    ExecutionSucceeded,
    ExecutionFailed,
    ExecutionTimedOut,
    PassStateEntered,
    PassStateExited,
    TaskStateEntered,
    TaskStateExited,
    TaskStateAborted,
    TaskScheduled,
    TaskStarted,
    TaskSubmitted,
    TaskSucceeded,
    TaskFailed,
    TaskTimedOut,
    LambdaFunctionScheduled,
    LambdaFunctionStarted,
    LambdaFunctionSucceeded,
    LambdaFunctionFailed,
    LambdaFunctionTimedOut,
    ActivityScheduled,
    ActivityStarted,
    ActivitySucceeded,
    ActivityFailed,
    ActivityTimedOut,
    ChoiceStateEntered,
    ChoiceStateExited,
    WaitStateEntered,
    WaitStateExited,
    WaitStateAborted,
    SucceedStateEntered,
    SucceedStateExited,
    FailStateEntered,
    ParallelStateEntered,
    ParallelStateStarted,
    ParallelStateSucceeded,
    ParallelStateFailed,
    ParallelStateAborted,
    ParallelStateExited,
    MapStateEntered,
    MapStateStarted,
    MapIterationStarted,
    MapIterationSucceeded,
    MapIterationFailed,
    MapIterationAborted,
    MapStateSucceeded,
    MapStateFailed,
    MapStateAborted,
    MapStateExited,
    MapRunStarted,
    MapRunSucceeded,
    MapRunFailed,
);

impl EventType {
    /// `…StateEntered`: one state transition.
    pub fn is_state_entered(self) -> bool {
        matches!(
            self,
            EventType::PassStateEntered
                | EventType::TaskStateEntered
                | EventType::ChoiceStateEntered
                | EventType::WaitStateEntered
                | EventType::SucceedStateEntered
                | EventType::FailStateEntered
                | EventType::ParallelStateEntered
                | EventType::MapStateEntered
        )
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an event carries beyond its type; only the fields that apply are set.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventDetails {
    /// State or execution input (`…Entered`, `ExecutionStarted`, `MapIterationStarted` is not given one).
    pub input: Option<Arc<Value>>,
    /// State, task or execution output (`…Exited`, `…Succeeded`).
    pub output: Option<Arc<Value>>,
    /// The task's resource (`TaskScheduled`, `LambdaFunctionScheduled`, `ActivityScheduled`).
    pub resource: Option<String>,
    /// What the handler was given: the effective Parameters (`Payload` for `lambda:invoke`).
    pub parameters: Option<Arc<Value>>,
    pub timeout_seconds: Option<u64>,
    pub heartbeat_seconds: Option<u64>,
    pub error: Option<String>,
    pub cause: Option<String>,
    /// Map iteration index (`MapIteration…`).
    pub index: Option<usize>,
}

/// One history event.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// 1-based, in recording order.
    pub id: u64,
    /// The event this one follows in its own flow (0 for the first); inside a Parallel branch or
    /// Map iteration the flow is that branch's, starting at `ParallelStateStarted`/`MapIterationStarted`.
    pub previous_event_id: u64,
    /// Simulated time, milliseconds since the Unix epoch.
    pub timestamp: i64,
    pub event_type: EventType,
    /// The state (`…StateEntered/Exited/Aborted`, `MapIteration…`: the Map state's name).
    pub state_name: Option<String>,
    pub details: EventDetails,
}

impl HistoryEvent {
    /// The timestamp as Step Functions prints it (`2025-01-01T00:00:05.000Z`).
    pub fn time(&self) -> String {
        format_millis(self.timestamp)
    }

    /// A JSON rendering close to `GetExecutionHistory`'s (detail objects flattened into one `details`).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("id".into(), json!(self.id));
        m.insert("previousEventId".into(), json!(self.previous_event_id));
        m.insert("timestamp".into(), json!(self.time()));
        m.insert("type".into(), json!(self.event_type.as_str()));
        if let Some(name) = &self.state_name {
            m.insert("name".into(), json!(name));
        }
        let d = &self.details;
        let mut details = Map::new();
        let mut put = |k: &str, v: Option<Value>| {
            if let Some(v) = v {
                details.insert(k.into(), v);
            }
        };
        put("input", d.input.as_deref().cloned());
        put("output", d.output.as_deref().cloned());
        put("resource", d.resource.clone().map(Value::String));
        put("parameters", d.parameters.as_deref().cloned());
        put("timeoutInSeconds", d.timeout_seconds.map(|n| json!(n)));
        put("heartbeatInSeconds", d.heartbeat_seconds.map(|n| json!(n)));
        put("error", d.error.clone().map(Value::String));
        put("cause", d.cause.clone().map(Value::String));
        put("index", d.index.map(|n| json!(n)));
        if !details.is_empty() {
            m.insert("details".into(), Value::Object(details));
        }
        Value::Object(m)
    }
}
