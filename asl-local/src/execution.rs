//! The result of a run: status, output or error, the history, the task calls and transition counts.

use std::time::Duration;

use serde_json::Value;

use crate::handler::TaskCall;
use crate::history::{EventType, HistoryEvent};

/// How an execution ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Status {
    Succeeded,
    Failed,
    TimedOut,
}

impl Status {
    /// `SUCCEEDED`, `FAILED`, `TIMED_OUT`, as `DescribeExecution` reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One finished execution.
#[derive(Debug, Clone)]
pub struct Execution {
    pub status: Status,
    /// The output (set when the execution succeeded).
    pub output: Option<Value>,
    /// The error name (set when it failed or timed out, unless a Fail state gave none).
    pub error: Option<String>,
    pub cause: Option<String>,
    /// Every history event, in order (a distributed Map's child executions are not in it, as on AWS).
    pub history: Vec<HistoryEvent>,
    /// Every task call (and ItemReader/ResultWriter call), in simulated-time order.
    pub calls: Vec<TaskCall>,
    /// Simulated start and stop, milliseconds since the epoch.
    pub start_time: i64,
    pub stop_time: i64,
    pub(crate) entered: Vec<String>,
}

impl Execution {
    /// States entered, counting the states inside Parallel branches and Map iterations (also a
    /// distributed Map's children): the seed README's "transitions".
    pub fn transitions(&self) -> usize {
        self.entered.len()
    }

    /// The names of the states entered, in order.
    pub fn states_entered(&self) -> Vec<&str> {
        self.entered.iter().map(String::as_str).collect()
    }

    /// The task calls made, in order.
    pub fn calls(&self) -> &[TaskCall] {
        &self.calls
    }

    /// Simulated time from start to stop.
    pub fn duration(&self) -> Duration {
        Duration::from_millis(u64::try_from(self.stop_time - self.start_time).unwrap_or(0))
    }

    pub fn event_types(&self) -> Vec<EventType> {
        self.history.iter().map(|e| e.event_type).collect()
    }

    pub fn succeeded(&self) -> bool {
        self.status == Status::Succeeded
    }
}
