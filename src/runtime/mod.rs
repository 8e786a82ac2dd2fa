//! Running a workflow natively: task handlers for bodyless tasks, `sleep`, and `fail!`.

use std::cell::RefCell;
use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};

use asl_model::ir::RetryPolicy;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

type Handler = Box<dyn FnMut(Value) -> Result<Value, Failure>>;

thread_local! {
    /// Retry policies given at the next task call (`#[retry(…)]` on its statement).
    static NEXT_CALL_RETRY: RefCell<Option<Vec<RetryPolicy>>> = const { RefCell::new(None) };
    static HANDLERS: RefCell<HashMap<String, Handler>> = RefCell::new(HashMap::new());
    static CALLS: RefCell<Vec<TaskCall>> = const { RefCell::new(Vec::new()) };
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

/// Registers the native implementation of a bodyless `#[task]` for this thread.
pub fn register<In, Out, F>(task: &str, mut handler: F)
where
    In: DeserializeOwned,
    Out: Serialize,
    F: FnMut(In) -> Out + 'static,
{
    let task_name = task.to_string();
    let boxed: Handler = Box::new(move |input: Value| {
        let input: In = serde_json::from_value(input).map_err(|e| Failure {
            error: "States.Runtime".into(),
            cause: format!("task `{task_name}`: input does not fit its type: {e}"),
        })?;
        serde_json::to_value(handler(input)).map_err(|e| Failure {
            error: "States.Runtime".into(),
            cause: format!("task `{task_name}`: result does not serialize: {e}"),
        })
    });
    HANDLERS.with(|h| h.borrow_mut().insert(task.to_string(), boxed));
}

/// Registers a handler that works on raw JSON and may fail with an ASL error.
pub fn register_json(task: &str, handler: impl FnMut(Value) -> Result<Value, Failure> + 'static) {
    HANDLERS.with(|h| h.borrow_mut().insert(task.to_string(), Box::new(handler)));
}

/// Removes every handler and recorded call of this thread.
pub fn reset() {
    HANDLERS.with(|h| h.borrow_mut().clear());
    CALLS.with(|c| c.borrow_mut().clear());
}

/// The task calls recorded on this thread since the last `reset`/`take_calls`.
pub fn take_calls() -> Vec<TaskCall> {
    CALLS.with(|c| std::mem::take(&mut *c.borrow_mut()))
}

/// Records a call of a task that has a Rust body (the body then runs).
#[doc(hidden)]
pub fn record_call<In: Serialize>(task: &str, input: &In) {
    let input = serde_json::to_value(input).unwrap_or(Value::Null);
    CALLS.with(|c| {
        c.borrow_mut().push(TaskCall {
            task: task.to_string(),
            input,
        })
    });
}

/// What a bodyless task does when the workflow runs natively: the registered handler.
#[doc(hidden)]
pub fn call_task<In: Serialize, Out: DeserializeOwned>(task: &str, input: In) -> Out {
    call_task_retrying(task, input, &[])
}

/// `call_task` with the task's retry policies: a failure a retrier matches calls the handler
/// again, as many times as the retrier allows (natively there is no waiting).
#[doc(hidden)]
pub fn call_task_retrying<In: Serialize, Out: DeserializeOwned>(
    task: &str,
    input: In,
    retry: &[RetryPolicy],
) -> Out {
    match run_handler(task, input, retry) {
        Ok(out) => out,
        Err(HandlerError::Failed(f) | HandlerError::Runtime(f)) => fail(f),
    }
}

/// What a bodyless task returning `Result<Out, E>` does natively: the registered handler's
/// failure is `Err(e)` when `E` has a variant for it; any other failure ends the run, as an
/// uncaught error ends the execution.
#[doc(hidden)]
pub fn call_task_result<In: Serialize, Out: DeserializeOwned, E: crate::TaskError>(
    task: &str,
    input: In,
) -> Result<Out, E> {
    call_task_result_retrying(task, input, &[])
}

/// `call_task_result` with the task's retry policies (see `call_task_retrying`).
#[doc(hidden)]
pub fn call_task_result_retrying<In: Serialize, Out: DeserializeOwned, E: crate::TaskError>(
    task: &str,
    input: In,
    retry: &[RetryPolicy],
) -> Result<Out, E> {
    match run_handler(task, input, retry) {
        Ok(out) => Ok(out),
        Err(HandlerError::Failed(f)) => match E::from_failure(&f) {
            Some(e) => Err(e),
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
    task: &str,
    input: In,
    retry: &[RetryPolicy],
) -> Result<Out, HandlerError> {
    let at_call = NEXT_CALL_RETRY.with(|r| r.borrow_mut().take());
    let retry = at_call.as_deref().unwrap_or(retry);
    let mut attempts = vec![0i64; retry.len()];
    loop {
        match run_handler_once(task, &input) {
            Err(HandlerError::Failed(f)) => {
                // The first retrier whose names match decides, with its own count.
                let matching = retry.iter().position(|r| {
                    r.errors
                        .iter()
                        .any(|e| asl_local::error_matches(e, &f.error))
                });
                match matching {
                    Some(i) if attempts[i] < retry[i].max_attempts.unwrap_or(3) => attempts[i] += 1,
                    _ => return Err(HandlerError::Failed(f)),
                }
            }
            other => return other,
        }
    }
}

fn run_handler_once<In: Serialize, Out: DeserializeOwned>(
    task: &str,
    input: &In,
) -> Result<Out, HandlerError> {
    record_call(task, input);
    let input = serde_json::to_value(input).map_err(|e| {
        HandlerError::Runtime(Failure {
            error: "States.Runtime".into(),
            cause: format!("task `{task}`: input does not serialize: {e}"),
        })
    })?;
    let handler = HANDLERS.with(|h| h.borrow_mut().remove(task));
    let Some(mut handler) = handler else {
        return Err(HandlerError::Runtime(Failure {
            error: "asl.NoHandler".into(),
            cause: format!(
                "task `{task}` has no Rust body and no handler is registered for it; call `asl::runtime::register(\"{task}\", |input| …)` before running the workflow natively"
            ),
        }));
    };
    // A handler may end the run with `fail(…)` (a panic): it stays registered all the same,
    // for the calls after a caught or tolerated failure.
    let result = panic::catch_unwind(AssertUnwindSafe(|| handler(input)));
    HANDLERS.with(|h| h.borrow_mut().insert(task.to_string(), handler));
    let result = result.unwrap_or_else(|payload| panic::resume_unwind(payload));
    let value = result.map_err(HandlerError::Failed)?;
    serde_json::from_value(value).map_err(|e| {
        HandlerError::Runtime(Failure {
            error: "States.Runtime".into(),
            cause: format!("task `{task}`: result does not fit its type: {e}"),
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
    let hook = panic::take_hook();
    // A Failure is an expected outcome: keep it off stderr.
    panic::set_hook(Box::new(|info| {
        if info.payload().downcast_ref::<Failure>().is_none() {
            eprintln!("{info}");
        }
    }));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    panic::set_hook(hook);
    match result {
        Ok(v) => Ok(v),
        Err(payload) => match payload.downcast::<Failure>() {
            Ok(failure) => Err(*failure),
            Err(other) => panic::resume_unwind(other),
        },
    }
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
    let _ = duration.seconds();
}

/// `Wait` until a timestamp. Natively it returns at once.
pub fn sleep_until<T: AsRef<str>>(timestamp: T) {
    let _ = timestamp.as_ref();
}
