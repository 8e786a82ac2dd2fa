//! AWS Step Functions starting another state machine: `states:startExecution` (async) and
//! `states:startExecution.sync:2` (waits, with the child's output as JSON).

use serde::{Deserialize, Serialize};

use crate::aws::integration;
use crate::Payload;

/// The `Parameters` of `states:startExecution`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct StartExecution<T> {
    pub state_machine_arn: String,
    /// The child execution's input.
    pub input: T,
    /// The execution name; Step Functions makes one up when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// What `states:startExecution` returns. `StartDate` is kept as the JSON Step Functions
/// writes (a number of epoch milliseconds), not parsed.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct StartExecutionOutput {
    pub execution_arn: String,
    pub start_date: serde_json::Value,
}

/// What `states:startExecution.sync:2` returns: the finished child execution, its output
/// parsed as JSON under `Output`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ExecutionOutput<T> {
    pub output: T,
    /// `SUCCEEDED` (a failed child fails the task with `States.TaskFailed`).
    pub status: String,
    pub execution_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state_machine_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_date: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stop_date: Option<serde_json::Value>,
}

integration! {
    /// Starts an execution and goes on at once (`arn:aws:states:::states:startExecution`).
    /// Natively it calls the handler registered as `"states:startExecution"`.
    fn start_execution<T>(StartExecution<T>) -> StartExecutionOutput;
    task = "states:startExecution", state = "StartExecution", resource = "arn:aws:states:::states:startExecution",
    shapes = (StartExecution<crate::__private::AnyPayload>, StartExecutionOutput),
}

integration! {
    /// Starts an execution and waits for it (`arn:aws:states:::states:startExecution.sync:2`).
    /// Natively it calls the handler registered as `"states:startExecution.sync:2"`.
    fn start_execution_sync<In, Out>(StartExecution<In>) -> ExecutionOutput<Out>;
    task = "states:startExecution.sync:2", state = "StartExecutionSync",
    resource = "arn:aws:states:::states:startExecution.sync:2",
    shapes = (StartExecution<crate::__private::AnyPayload>, ExecutionOutput<crate::__private::AnyPayload>),
}
