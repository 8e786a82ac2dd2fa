//! AWS sample "Start a workflow within a workflow": start a child state machine and go on,
//! then, in parallel, start it and wait for it to finish (`.sync:2`) and start it and wait
//! for its callback (`.waitForTaskToken`). The child is this crate's `job-poller` example.
//! Shows `asl::aws::states::start_execution`, `start_execution_sync`, a `#[task]` with
//! `wait_for_task_token`, `parallel!` and `ctx().execution.id` to link the executions.

use asl::aws::states;
use asl::prelude::*;

use crate::job_poller::{FinalStatus, JobPoll};

/// The child's input: the job to run, whether the child must call back, and the parent's
/// execution id under the name the console uses to link a child to its parent.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ChildInput {
    #[serde(rename = "NeedCallback")]
    pub need_callback: bool,
    #[serde(rename = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID")]
    pub started_by: String,
    #[serde(rename = "Job")]
    pub job: JobPoll,
}

/// The child's input when it must call back: also the task token.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ChildCallbackInput {
    #[serde(rename = "NeedCallback")]
    pub need_callback: bool,
    #[serde(rename = "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID")]
    pub started_by: String,
    #[serde(rename = "Job")]
    pub job: JobPoll,
    #[serde(rename = "TaskToken")]
    pub task_token: String,
}

/// What the child sends with `SendTaskSuccess`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ChildCallback {
    pub status: String,
}

// `states::start_execution` has no `.waitForTaskToken` form: a `#[task]` of its own.
#[task(
    resource = "arn:aws:states:::states:startExecution",
    wait_for_task_token = true,
    timeout = 3600
)]
pub fn start_and_wait_for_callback(
    request: states::StartExecution<ChildCallbackInput>,
) -> ChildCallback;

/// What the parent ends with: the waited-for child's output and the callback.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct NestedResults {
    pub completed: FinalStatus,
    pub callback: ChildCallback,
}

#[workflow(
    name = "nested-workflows",
    comment = "An example of combining workflows using a Step Functions StartExecution task state with various integration patterns."
)]
pub fn nested_workflows(job: JobPoll) -> (states::ExecutionOutput<FinalStatus>, ChildCallback) {
    #[state(name = "Start new workflow and continue")]
    states::start_execution(states::StartExecution {
        state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:job-poller".into(),
        input: ChildInput {
            need_callback: false,
            started_by: ctx().execution.id,
            job: job.clone(),
        },
        name: None,
    });
    #[state(name = "Start in parallel")]
    let children = parallel!(
        {
            #[state(name = "Start new workflow and wait for completion")]
            let completed: states::ExecutionOutput<FinalStatus> =
                states::start_execution_sync(states::StartExecution {
                    state_machine_arn:
                        "arn:aws:states:us-east-1:123456789012:stateMachine:job-poller".into(),
                    input: ChildInput {
                        need_callback: false,
                        started_by: ctx().execution.id,
                        job: job.clone(),
                    },
                    name: None,
                });
            completed
        },
        {
            #[state(name = "Start new workflow and wait for callback")]
            let callback = start_and_wait_for_callback(states::StartExecution {
                state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:job-poller"
                    .into(),
                input: ChildCallbackInput {
                    need_callback: true,
                    started_by: ctx().execution.id,
                    job: job.clone(),
                    task_token: asl::aws::task_token(),
                },
                name: None,
            });
            callback
        }
    );
    children
}
