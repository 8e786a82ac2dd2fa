//! A workflow fn called from another workflow's native run: a child execution, as the parent's
//! `states:startExecution.sync:2` Task starts it in Step Functions. Its failure fails the
//! parent's call with `States.TaskFailed` and the child's description as the cause, natively
//! and in `Env::check`'s ASL run alike ([`nested_execution_failure`] builds both).

use std::cell::Cell;
use std::marker::PhantomData;
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

/// Runs a workflow fn's body (the macro's expansion calls it) on its `input` (its arguments):
/// as the run's own workflow, or, called from another workflow, as a child execution of the
/// state machine `arn`, whose failure (a `fail!`, an uncaught task error, an `Err`) is the
/// parent's `States.TaskFailed`. The parent catches it as a call of an integration
/// (`Err(StatesError::TaskFailed)`); a child returning `Result<T, E>` gives the parent `Err`
/// when `E` has a variant for it. A `#[retry(…)]` at the call runs the whole child again, on
/// a clone of its input (`clone_input`, there when the input is `Clone`).
#[doc(hidden)]
pub fn workflow_execution<I, O: WorkflowOutput>(
    arn: &str,
    input: I,
    clone_input: Option<fn(&I) -> I>,
    body: impl Fn(I) -> O,
) -> O {
    struct Depth;
    impl Drop for Depth {
        fn drop(&mut self) {
            WORKFLOW_DEPTH.with(|d| d.set(d.get() - 1));
        }
    }
    let outer = WORKFLOW_DEPTH.with(|d| d.replace(d.get() + 1));
    let _depth = Depth;
    if outer == 0 {
        return body(input);
    }
    // The parent's `match`/`?` on this call, its timeout, heartbeat and retries are the child
    // call's as a whole, not its first task's.
    let caught = catching::take_catching();
    let timing = timing::take_call_timing(CallTiming::default());
    let retry = super::take_call_retry().unwrap_or_default();
    let mut attempts = vec![0i64; retry.len()];
    let mut input = input;
    let failure = loop {
        let spare = match clone_input {
            Some(clone) if !retry.is_empty() => Some(clone(&input)),
            _ => None,
        };
        let failure = match attempt(arn, timing, || body(input)) {
            Ok(out) => return out,
            Err(failure) => failure,
        };
        let Some(delay) = super::retry_delay(&retry, &mut attempts, &failure.error) else {
            break failure;
        };
        input = spare.unwrap_or_else(|| {
            panic!(
                "a #[retry] at the call of the workflow `{arn}` runs it again on a clone of its \
                 input, but the input type is not `Clone`: derive `Clone` for it"
            )
        });
        clock::advance(delay);
    };
    if let Some(out) = O::from_child_failure(&failure) {
        return out;
    }
    if caught {
        catching::keep_caught(&failure);
    }
    super::fail(failure)
}

/// One attempt of a child call: the child's output, or the failure of the parent's Task
/// (its timeout when the child was slower than it, else `States.TaskFailed`).
fn attempt<O: WorkflowOutput>(
    arn: &str,
    timing: CallTiming,
    run: impl FnOnce() -> O,
) -> Result<O, Failure> {
    let start = clock::raw_now_ms();
    let outcome = match panic::catch_unwind(AssertUnwindSafe(run)) {
        Ok(out) => out.into_child_result(),
        Err(payload) => match payload.downcast::<Failure>() {
            Ok(failure) => Err(*failure),
            Err(other) => panic::resume_unwind(other),
        },
    };
    match (timed_out(start, timing), outcome) {
        // Slower than the call's timeout: the Task fails with it, whatever the child does.
        (Some(timeout), _) => Err(timeout),
        (None, Ok(out)) => Ok(out),
        (None, Err(failure)) if failure.error == "asl.NoHandler" => super::fail(failure),
        (None, Err(failure)) => Err(nested_execution_failure(
            arn,
            Status::Failed,
            Some(failure.error.as_str()).filter(|e| !e.is_empty()),
            Some(failure.cause.as_str()).filter(|c| !c.is_empty()),
        )),
    }
}

/// What a `#[retry(…)]` at a call of a `#[task]` or an integration asks of its argument:
/// nothing (the call's input is serialized once and sent again).
#[doc(hidden)]
pub struct RetriedTask;

/// What a `#[retry(…)]` at a call of a workflow asks of its argument: `Clone`, since each
/// attempt runs the child again on its own copy.
#[doc(hidden)]
pub struct RetriedWorkflow;

/// The argument of a retried call, passed on as it is once the callee's kind (`f::Retried`)
/// accepts it: the call site's check that a retried workflow's input is `Clone` (rustc then
/// reports the missing `Clone`, "required for `RetriedWorkflow` to implement `RetriedInput`").
#[doc(hidden)]
pub trait RetriedInput<A> {
    fn pass(argument: A) -> A {
        argument
    }
}

impl<A> RetriedInput<A> for RetriedTask {}
impl<A: Clone> RetriedInput<A> for RetriedWorkflow {}

/// Picks, in a workflow fn's expansion, how its input is cloned for another attempt:
/// `(&InputCloner::of(&input)).cloner()` is `Some(I::clone)` when the input is `Clone`
/// ([`ClonedInput`]), else `None` ([`UnclonedInput`], found one auto-ref later).
#[doc(hidden)]
pub struct InputCloner<I>(PhantomData<fn(&I) -> I>);

impl<I> InputCloner<I> {
    pub fn of(_: &I) -> Self {
        InputCloner(PhantomData)
    }
}

#[doc(hidden)]
pub trait ClonedInput<I> {
    fn cloner(&self) -> Option<fn(&I) -> I>;
}

impl<I: Clone> ClonedInput<I> for InputCloner<I> {
    fn cloner(&self) -> Option<fn(&I) -> I> {
        Some(I::clone)
    }
}

#[doc(hidden)]
pub trait UnclonedInput<I> {
    fn cloner(&self) -> Option<fn(&I) -> I>;
}

impl<I> UnclonedInput<I> for &InputCloner<I> {
    fn cloner(&self) -> Option<fn(&I) -> I> {
        None
    }
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
