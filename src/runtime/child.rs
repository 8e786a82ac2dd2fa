//! A workflow fn called from another workflow's native run: a child execution, as the parent's
//! `states:startExecution.sync:2` Task starts it in Step Functions. Its failure fails the
//! parent's call with `States.TaskFailed` and the child's description as the cause, natively
//! and in `Env::check`'s ASL run alike ([`nested_execution_failure`] builds both).

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::time::Duration;

use asl_local::Status;
use serde_json::{Map, Value};

use super::{catching, clock, timing, CallTiming, Failure, MockTiming};
use crate::errors::WorkflowOutput;

thread_local! {
    /// Workflow fns running on this thread in the current native run: 0 outside any, 1 in the
    /// run's own workflow, more in the children it calls.
    static WORKFLOW_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// What a Task waiting for a nested execution fails with when that execution fails or times
/// out: `States.TaskFailed`, with the JSON of the execution's description
/// (`DescribeExecution`'s `Status`, `StateMachineArn`, `Error` and `Cause`; an absent error or
/// cause is left out) as the cause. Failures of the test harness itself (a missing mock) are
/// passed on as they are, so that their message reaches the test.
pub(crate) fn nested_execution_failure(
    state_machine_arn: &str,
    status: Status,
    error: Option<&str>,
    cause: Option<&str>,
) -> Failure {
    if let Some(harness @ ("asl.NoHandler" | "asl-local.NoHandler")) = error {
        return Failure {
            error: harness.to_string(),
            cause: cause.unwrap_or_default().to_string(),
        };
    }
    let mut description = Map::new();
    description.insert("Status".into(), status.as_str().into());
    description.insert("StateMachineArn".into(), state_machine_arn.into());
    for (key, value) in [("Error", error), ("Cause", cause)] {
        if let Some(value) = value {
            description.insert(key.into(), value.into());
        }
    }
    Failure {
        error: asl_local::names::TASK_FAILED.to_string(),
        cause: Value::Object(description).to_string(),
    }
}

/// Runs a workflow fn's body (the macro's expansion calls it): as the run's own workflow, or,
/// called from another workflow, as a child execution of the state machine `arn`, whose
/// failure (a `fail!`, an uncaught task error, an `Err`) is the parent's `States.TaskFailed`.
/// The parent catches it as a call of an integration (`Err(StatesError::TaskFailed)`); a child
/// returning `Result<T, E>` gives the parent `Err` when `E` has a variant for it.
#[doc(hidden)]
pub fn workflow_execution<O: WorkflowOutput>(arn: &str, body: impl FnOnce() -> O) -> O {
    struct Depth;
    impl Drop for Depth {
        fn drop(&mut self) {
            WORKFLOW_DEPTH.with(|d| d.set(d.get() - 1));
        }
    }
    let outer = WORKFLOW_DEPTH.with(|d| d.replace(d.get() + 1));
    let _depth = Depth;
    if outer == 0 {
        return body();
    }
    // The parent's `match`/`?` on this call, and its timeout and heartbeat, are the child
    // call's as a whole, not its first task's.
    let caught = catching::take_catching();
    let timing = timing::take_call_timing(CallTiming::default());
    let start = clock::raw_now_ms();
    let outcome = match panic::catch_unwind(AssertUnwindSafe(body)) {
        Ok(out) => out.into_child_result(),
        Err(payload) => match payload.downcast::<Failure>() {
            Ok(failure) => Err(*failure),
            Err(other) => panic::resume_unwind(other),
        },
    };
    let failure = match (timed_out(start, timing), outcome) {
        // Slower than the call's timeout: the Task fails with it, whatever the child does.
        (Some(timeout), _) => timeout,
        (None, Ok(out)) => return out,
        (None, Err(failure)) if failure.error == "asl.NoHandler" => super::fail(failure),
        (None, Err(failure)) => nested_execution_failure(
            arn,
            Status::Failed,
            Some(failure.error.as_str()).filter(|e| !e.is_empty()),
            Some(failure.cause.as_str()).filter(|c| !c.is_empty()),
        ),
    };
    if let Some(out) = O::from_child_failure(&failure) {
        return out;
    }
    if caught {
        catching::keep_caught(&failure);
    }
    super::fail(failure)
}

/// The `States.Timeout` / `States.HeartbeatTimeout` of a child call that took from `start`
/// till now, with the call's timing (a child sends no heartbeats), as asl-local decides for
/// a Task; the clock is then at the deadline.
fn timed_out(start: Option<i64>, call: CallTiming) -> Option<Failure> {
    let (start, now) = (start?, clock::raw_now_ms()?);
    let child = MockTiming {
        duration: Some(Duration::from_millis(
            u64::try_from(now - start).unwrap_or(0),
        )),
        heartbeat: None,
    };
    let failure = timing::timed_out(child, call)?;
    clock::set(Some(start + timing::call_time_ms(child, call)));
    Some(failure)
}

/// Runs `f` as a native run of its own: the workflow fn it calls first is the run's workflow,
/// also inside a mock of another run.
pub(crate) fn fresh_depth<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(usize);
    impl Drop for Restore {
        fn drop(&mut self) {
            WORKFLOW_DEPTH.with(|d| d.set(self.0));
        }
    }
    let _restore = Restore(WORKFLOW_DEPTH.with(|d| d.replace(0)));
    f()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_description_leaves_absent_fields_out_and_passes_harness_errors_on() {
        let failed = nested_execution_failure(
            "arn:aws:states:us-east-1:1:stateMachine:child",
            Status::Failed,
            Some("Review.Rejected"),
            None,
        );
        assert_eq!(failed.error, "States.TaskFailed");
        assert_eq!(
            failed.cause,
            r#"{"Status":"FAILED","StateMachineArn":"arn:aws:states:us-east-1:1:stateMachine:child","Error":"Review.Rejected"}"#
        );
        let missing = nested_execution_failure("a", Status::Failed, Some("asl.NoHandler"), None);
        assert_eq!(missing.error, "asl.NoHandler");
    }
}
