//! Running a workflow natively: task handlers for bodyless tasks, `sleep`, and `fail!`.

mod catching;
mod child;
mod clock;
mod env;
mod mock;
mod overrides;
mod timing;

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};

use asl_model::ir::RetryPolicy;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

pub(crate) use catching::passed_on;
pub use catching::{Catching, IntegrationReturns, PlainCall};
pub(crate) use child::nested_execution_failure;
pub use child::{
    workflow_execution, ClonedInput, InputCloner, RetriedInput, RetriedTask, RetriedWorkflow,
    UnclonedInput,
};
pub(crate) use clock::now_ms as simulated_now_ms;
pub use clock::Fork;
pub(crate) use clock::{Slots, DISTRIBUTED_MAX_CONCURRENCY, INLINE_MAX_CONCURRENCY};
pub use env::Env;
pub(crate) use env::{current_draws, AnsweredCall};
pub(crate) use mock::Handler;
pub use mock::{parent_module, Mock, TaskKey};
pub(crate) use overrides::{ran_out, Draws, Overrides};
pub use timing::{time_next_call, CallTiming, MockTiming};

thread_local! {
    /// Retry policies given at the next task call (`#[retry(…)]` on its statement).
    static NEXT_CALL_RETRY: RefCell<Option<Vec<RetryPolicy>>> = const { RefCell::new(None) };
}

/// A workflow that ended in a `Fail`: the ASL error name and cause.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}: {cause}")]
pub struct Failure {
    pub error: String,
    pub cause: String,
}

/// One task call made by a native run, for comparing with an ASL execution.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskCall {
    /// The task fn's name.
    pub task: String,
    pub input: Value,
}

impl TaskCall {
    /// The input, read as the task's input type.
    pub fn input_as<In: DeserializeOwned>(&self) -> Result<In, serde_json::Error> {
        In::deserialize(&self.input)
    }
}

/// Registers the native implementation of a bodyless `#[task]` for this thread, by bare name.
#[deprecated(
    note = "use `asl::testing::Env::new().mock(task::mock(|input| …))`: keyed by the task itself, scoped to one run"
)]
pub fn register<In, Out, F>(task: &str, handler: F)
where
    In: DeserializeOwned,
    Out: Serialize,
    F: FnMut(In) -> Out + 'static,
{
    env::legacy_register(
        task,
        Mock::typed(TaskKey::from(task), handler).into_handler(),
    );
}

/// Registers a handler that works on raw JSON and may fail with an ASL error.
#[deprecated(note = "use `asl::testing::Env::new().mock(Mock::json(name, |input| …))`")]
pub fn register_json(task: &str, handler: impl FnMut(Value) -> Result<Value, Failure> + 'static) {
    env::legacy_register(task, Mock::json(task, handler).into_handler());
}

/// Removes every handler and recorded call registered on this thread with `register`.
#[deprecated(note = "an `asl::testing::Env` holds its own mocks and calls")]
pub fn reset() {
    env::legacy_reset();
}

/// The task calls recorded outside any `Env` on this thread since the last `reset`/`take_calls`.
#[deprecated(note = "use `Env::calls` / `Env::take_calls`")]
pub fn take_calls() -> Vec<TaskCall> {
    env::legacy_take_calls()
}

/// Records a call of a task that has a Rust body (the body then runs); only inside a run.
#[doc(hidden)]
pub fn record_call<'k, In: Serialize>(task: impl Into<TaskKey<'k>>, input: &In) {
    env::record(task.into(), task_input(input).unwrap_or(Value::Null));
}

/// A task's input as its state passes it: a task that takes `()` gets `{}` (JSONPath's
/// `InputPath: null`, JSONata's `Arguments: {}`), as in the ASL run.
fn task_input<In: Serialize>(input: &In) -> serde_json::Result<Value> {
    if std::any::type_name::<In>() == "()" {
        return Ok(Value::Object(serde_json::Map::new()));
    }
    serde_json::to_value(input)
}

/// What a bodyless task does when the workflow runs natively: the registered handler.
#[doc(hidden)]
pub fn call_task<'k, In: Serialize, Out: DeserializeOwned>(
    task: impl Into<TaskKey<'k>>,
    input: In,
) -> Out {
    call_task_retrying(task, input, &[])
}

/// `call_task` with the task's retry policies: a failure a retrier matches calls the handler
/// again, as many times as the retrier allows (natively there is no waiting).
#[doc(hidden)]
pub fn call_task_retrying<'k, In: Serialize, Out: DeserializeOwned>(
    task: impl Into<TaskKey<'k>>,
    input: In,
    retry: &[RetryPolicy],
) -> Out {
    call_task_timed(task, input, retry, CallTiming::default())
}

/// `call_task_retrying` with the task's own timeout and heartbeat: a mock taking longer
/// (`Mock::taking`) fails the call with `States.Timeout` / `States.HeartbeatTimeout`. Inside
/// `Catching` (a `match` on an integration call) an ASL failure is the caught `Err`.
#[doc(hidden)]
pub fn call_task_timed<'k, In: Serialize, Out: DeserializeOwned>(
    task: impl Into<TaskKey<'k>>,
    input: In,
    retry: &[RetryPolicy],
    timing: CallTiming,
) -> Out {
    let caught = catching::take_catching();
    match run_handler(task.into(), input, retry, timing) {
        Ok(out) => out,
        Err(HandlerError::Failed(f)) => {
            if caught {
                catching::keep_caught(&f);
            }
            fail(f)
        }
        Err(HandlerError::Runtime(f)) => fail(f),
    }
}

/// What a bodyless task returning `Result<Out, E>` does natively: the registered handler's
/// failure is `Err(e)` when `E` has a variant for it; any other failure ends the run, as an
/// uncaught error ends the execution.
#[doc(hidden)]
pub fn call_task_result<'k, In: Serialize, Out: DeserializeOwned, E: crate::TaskError>(
    task: impl Into<TaskKey<'k>>,
    input: In,
) -> Result<Out, E> {
    call_task_result_retrying(task, input, &[])
}

/// `call_task_result` with the task's retry policies (see `call_task_retrying`).
#[doc(hidden)]
pub fn call_task_result_retrying<'k, In: Serialize, Out: DeserializeOwned, E: crate::TaskError>(
    task: impl Into<TaskKey<'k>>,
    input: In,
    retry: &[RetryPolicy],
) -> Result<Out, E> {
    call_task_result_timed(task, input, retry, CallTiming::default())
}

/// `call_task_result_retrying` with the task's own timeout and heartbeat (see `call_task_timed`).
#[doc(hidden)]
pub fn call_task_result_timed<'k, In: Serialize, Out: DeserializeOwned, E: crate::TaskError>(
    task: impl Into<TaskKey<'k>>,
    input: In,
    retry: &[RetryPolicy],
    timing: CallTiming,
) -> Result<Out, E> {
    match run_handler(task.into(), input, retry, timing) {
        Ok(out) => Ok(out),
        Err(HandlerError::Failed(f)) => match E::from_failure(&f) {
            Some(e) => {
                catching::keep_uncaught(&f);
                Err(e)
            }
            None => fail(f),
        },
        // A missing handler or a result of the wrong type is a bug in the test, not an error to catch.
        Err(HandlerError::Runtime(f)) => fail(f),
    }
}

enum HandlerError {
    /// The handler failed with an ASL error.
    Failed(Failure),
    /// No handler, or the input or result does not fit the task's types.
    Runtime(Failure),
}

/// `#[retry(…)]` on a workflow statement: the next task call uses these policies instead of
/// its task's.
#[doc(hidden)]
pub fn retry_next_call(policies: Vec<RetryPolicy>) {
    NEXT_CALL_RETRY.with(|r| *r.borrow_mut() = Some(policies));
}

/// Calls the handler, again while a retrier matches its failure and has attempts left.
fn run_handler<In: Serialize, Out: DeserializeOwned>(
    task: TaskKey<'_>,
    input: In,
    retry: &[RetryPolicy],
    timing: CallTiming,
) -> Result<Out, HandlerError> {
    let at_call = take_call_retry();
    let retry = at_call.as_deref().unwrap_or(retry);
    let timing = timing::take_call_timing(timing);
    let mut attempts = vec![0i64; retry.len()];
    loop {
        match run_handler_once(task, &input, timing) {
            Err(HandlerError::Failed(f)) => match retry_delay(retry, &mut attempts, &f.error) {
                Some(delay) => clock::advance(delay),
                None => return Err(HandlerError::Failed(f)),
            },
            other => return other,
        }
    }
}

/// The policies given at the call starting now (`#[retry(…)]` on its statement), if any.
pub(crate) fn take_call_retry() -> Option<Vec<RetryPolicy>> {
    NEXT_CALL_RETRY.with(|r| r.borrow_mut().take())
}

/// Whether an attempt that failed with `error` is retried, as Step Functions decides: the
/// first retrier whose names match decides, with its own count (`attempts`, one per
/// retrier). `Some(ms)`: after that wait, counted; `None`: the call fails.
pub(crate) fn retry_delay(retry: &[RetryPolicy], attempts: &mut [i64], error: &str) -> Option<i64> {
    let i = retry
        .iter()
        .position(|r| r.errors.iter().any(|e| asl_local::error_matches(e, error)))?;
    if attempts[i] >= retry[i].max_attempts.unwrap_or(3) {
        return None;
    }
    let delay = clock::retry_delay_ms(&retry[i], attempts[i]);
    attempts[i] += 1;
    Some(delay)
}

fn run_handler_once<In: Serialize, Out: DeserializeOwned>(
    task: TaskKey<'_>,
    input: &In,
    timing: CallTiming,
) -> Result<Out, HandlerError> {
    let name = task.name;
    let input = task_input(input).map_err(|e| {
        HandlerError::Runtime(Failure {
            error: "States.Runtime".into(),
            cause: format!("task `{name}`: input does not serialize: {e}"),
        })
    })?;
    env::record(task, input.clone());
    let Some((result, mock_timing)) = env::call(task, input) else {
        return Err(HandlerError::Runtime(Failure {
            error: "asl.NoHandler".into(),
            cause: format!(
                "task `{name}` has no Rust body and no mock: add one to the run's environment, `asl::testing::Env::new().mock({name}::mock(|input| …))`"
            ),
        }));
    };
    clock::advance(timing::call_time_ms(mock_timing, timing));
    // A mock slower than the call's timeout or heartbeat: its answer comes too late.
    if let Some(f) = timing::timed_out(mock_timing, timing) {
        return Err(HandlerError::Failed(f));
    }
    let value = result.map_err(HandlerError::Failed)?;
    serde_json::from_value(value).map_err(|e| {
        HandlerError::Runtime(Failure {
            error: "States.Runtime".into(),
            cause: format!("task `{name}`: result does not fit its type: {e}"),
        })
    })
}

/// Ends the native run with a failure (what `fail!` expands to).
pub fn fail(failure: Failure) -> ! {
    panic::panic_any(failure)
}

/// Runs a workflow fn natively, turning a `fail!` or a task failure into `Err`.
///
/// Other panics (bugs) propagate.
pub fn run_native<T>(f: impl FnOnce() -> T) -> Result<T, Failure> {
    install_failure_filter();
    catching::forget_passed_on();
    struct Depth;
    impl Drop for Depth {
        fn drop(&mut self) {
            env::RUN_DEPTH.with(|d| *d.borrow_mut() -= 1);
        }
    }
    env::RUN_DEPTH.with(|d| *d.borrow_mut() += 1);
    let depth = Depth;
    let result = panic::catch_unwind(AssertUnwindSafe(|| child::fresh_depth(f)));
    drop(depth);
    match result {
        Ok(v) => Ok(v),
        Err(payload) => match payload.downcast::<Failure>() {
            Ok(failure) => Err(*failure),
            Err(other) => panic::resume_unwind(other),
        },
    }
}

/// Keeps a `Failure` ending a native run off stderr (it is an expected outcome), once per
/// process: the hook is never swapped per run, so parallel tests cannot leave one behind.
fn install_failure_filter() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let in_run = env::RUN_DEPTH.with(|d| *d.borrow() > 0);
            if !(in_run && info.payload().downcast_ref::<Failure>().is_some()) {
                previous(info);
            }
        }));
    });
}

/// Runs a workflow fn natively, like [`run_native`], for a workflow returning `T` or
/// `Result<T, E>` (`E: TaskError`): an `Err(e)` is the failure `e` stands for, as the
/// execution fails with it.
///
/// `run_workflow(|| checkout(order))`.
pub fn run_workflow<O: crate::errors::WorkflowOutput>(
    f: impl FnOnce() -> O,
) -> Result<O::Value, Failure> {
    run_native(f)?.into_result()
}

/// A duration `sleep` accepts: a `std::time::Duration` or a whole number of seconds.
pub trait Seconds {
    fn seconds(&self) -> u64;
}

impl Seconds for std::time::Duration {
    fn seconds(&self) -> u64 {
        self.as_secs()
    }
}

macro_rules! seconds_int {
    ($($t:ty),*) => { $(impl Seconds for $t { fn seconds(&self) -> u64 { (*self).try_into().unwrap_or(0) } })* };
}
seconds_int!(u8, u16, u32, u64, usize, i32, i64);

impl<T: Seconds> Seconds for &T {
    fn seconds(&self) -> u64 {
        (**self).seconds()
    }
}

/// `Wait` for a time. Natively it returns at once: tests should not sleep.
pub fn sleep<D: Seconds>(duration: D) {
    let seconds = i64::try_from(duration.seconds()).unwrap_or(i64::MAX);
    clock::advance(seconds.saturating_mul(1000));
}

/// `Wait` until a timestamp. Natively it returns at once.
pub fn sleep_until<T: AsRef<str>>(timestamp: T) {
    if let Some(ms) = asl_local::parse_millis(timestamp.as_ref()) {
        clock::advance_to(ms);
    }
}
