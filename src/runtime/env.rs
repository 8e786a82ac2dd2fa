//! The handlers and the call log of native runs: an [`Env`] installed for the duration of one
//! run (a stack per thread, restored afterwards), and the deprecated thread-wide registry that
//! `register`/`reset`/`take_calls` keep for older tests.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use serde_json::Value;

use super::mock::{Handler, Mock, TaskKey};
use super::overrides::{Draws, Overrides};
use super::{Failure, MockTiming, TaskCall};

/// The mocks and the call log of native runs. `Env::new().mock(charge::mock(|o| …)).run(|| checkout(order))`.
#[derive(Default)]
pub struct Env {
    pub(crate) handlers: HashMap<String, Handler>,
    calls: Vec<TaskCall>,
    /// The handlers' results, kept while `Env::check` runs the workflow natively, so that the
    /// ASL run gets the same results from mocks that keep state (scripts, attempt counters).
    pub(crate) answered: Option<Vec<AnsweredCall>>,
    /// The UUIDs, random values, clock and context the test fixes.
    pub(crate) overrides: Overrides,
    /// The fixed values' draws in the native run in progress.
    draws: Option<Rc<RefCell<Draws>>>,
    /// `ctx().execution.input` of the next native run (`Env::check` gives it its input).
    pub(crate) native_input: Option<Value>,
    /// The child workflows `Env::check` runs as ASL where the checked one calls them.
    pub(crate) nested: Vec<asl_emit::Definition>,
    /// The simulated time the last native run took.
    pub(crate) native_duration: Option<std::time::Duration>,
}

/// One call a mock answered in a native run: the mock's key, the task's name, the input and
/// what the mock returned.
#[derive(Debug, Clone)]
pub(crate) struct AnsweredCall {
    pub key: String,
    pub name: String,
    pub input: Value,
    pub result: Result<Value, Failure>,
    pub timing: MockTiming,
}

thread_local! {
    /// The environments of the runs in progress on this thread, innermost last.
    static INSTALLED: RefCell<Vec<Env>> = const { RefCell::new(Vec::new()) };
    /// The deprecated registry of `register`, used when no `Env` is installed.
    static LEGACY: RefCell<Env> = RefCell::new(Env::default());
    /// Native runs in progress on this thread (calls are recorded only inside one).
    pub(crate) static RUN_DEPTH: RefCell<usize> = const { RefCell::new(0) };
}

impl Env {
    pub fn new() -> Env {
        Env::default()
    }

    /// Adds (or replaces) the mock of one task.
    pub fn mock(mut self, mock: Mock) -> Env {
        self.handlers.insert(mock.key.clone(), mock.into_handler());
        self
    }

    /// The task calls of the runs made with this environment, in order.
    pub fn calls(&self) -> &[TaskCall] {
        &self.calls
    }

    /// The simulated time the last native run with this environment took (Waits, mocks'
    /// `taking`, retry intervals; `parallel!` branches and map iterations overlapping as in
    /// Step Functions).
    pub fn native_duration(&self) -> Option<std::time::Duration> {
        self.native_duration
    }

    /// Takes the recorded calls, leaving none.
    pub fn take_calls(&mut self) -> Vec<TaskCall> {
        std::mem::take(&mut self.calls)
    }

    /// Runs `f` with this environment installed on the current thread (restored afterwards,
    /// also when `f` panics); a `fail!` or an uncaught task failure becomes `Err`.
    pub fn run<T>(&mut self, f: impl FnOnce() -> T) -> Result<T, Failure> {
        struct Restore<'e>(&'e mut Env);
        impl Drop for Restore<'_> {
            fn drop(&mut self) {
                if let Some(env) = INSTALLED.with(|i| i.borrow_mut().pop()) {
                    *self.0 = env;
                }
            }
        }
        let current = crate::context::ctx().execution;
        let mut execution = self.overrides.execution(&current)?;
        // The simulated clock starts where asl-local's does; a fixed context shows it.
        let shown = execution.is_some();
        let start = execution
            .as_ref()
            .and_then(|e| asl_local::parse_millis(&e.start_time.0))
            .unwrap_or(asl_local::DEFAULT_START_MS);
        if let Some(input) = self.native_input.take() {
            execution.get_or_insert(current).input = input;
        }
        self.draws = self.overrides.draws();
        INSTALLED.with(|i| i.borrow_mut().push(std::mem::take(self)));
        let restore = Restore(self);
        let timed = || super::clock::with_clock(start, shown, || super::run_native(f));
        let (result, took) = match execution {
            Some(execution) => crate::context::with_execution(execution, timed),
            None => timed(),
        };
        drop(restore);
        self.native_duration = Some(std::time::Duration::from_millis(took.max(0) as u64));
        result
    }

    /// Runs a workflow returning `T` or `Result<T, E>` (see [`super::run_workflow`]).
    pub fn run_workflow<O: crate::errors::WorkflowOutput>(
        &mut self,
        f: impl FnOnce() -> O,
    ) -> Result<O::Value, Failure> {
        self.run(f)?.into_result()
    }

    fn take_handler(&mut self, key: &TaskKey<'_>) -> Option<(String, Handler)> {
        let qualified = key.qualified();
        if let Some(h) = self.handlers.remove(&qualified) {
            return Some((qualified, h));
        }
        self.handlers
            .remove(key.name)
            .map(|h| (key.name.to_string(), h))
    }
}

/// Runs `f` on the innermost installed environment, or on the legacy registry.
fn with_current<R>(f: impl FnOnce(&mut Env) -> R) -> R {
    let mut f = Some(f);
    let done = INSTALLED.with(|i| {
        let mut stack = i.borrow_mut();
        stack
            .last_mut()
            .map(|env| (f.take().expect("called once"))(env))
    });
    match done {
        Some(r) => r,
        None => LEGACY.with(|l| (f.take().expect("called once"))(&mut l.borrow_mut())),
    }
}

/// The draws of the fixed UUIDs and random values in the native run in progress, if any.
pub(crate) fn current_draws() -> Option<Rc<RefCell<Draws>>> {
    with_current(|env| env.draws.clone())
}

/// Records a call, inside a native run only.
pub(crate) fn record(key: TaskKey<'_>, input: Value) {
    if RUN_DEPTH.with(|d| *d.borrow()) == 0 {
        return;
    }
    with_current(|env| {
        env.calls.push(TaskCall {
            task: key.name.to_string(),
            input,
        })
    });
}

/// Calls the handler for `key`: taken out while it runs, so it may run workflows itself, and
/// put back afterwards, also when it ends the run with `fail(…)`.
/// An installed environment without the handler falls back to the legacy registry.
pub(crate) fn call(key: TaskKey<'_>, input: Value) -> Option<(Result<Value, Failure>, MockTiming)> {
    let (legacy, (slot, mut handler)) = match with_current(|env| env.take_handler(&key)) {
        Some(found) => (false, found),
        None => (true, LEGACY.with(|l| l.borrow_mut().take_handler(&key))?),
    };
    // Only `Env::check` needs the results; other runs skip the copies.
    let kept_input = (!legacy && with_current(|env| env.answered.is_some())).then(|| input.clone());
    let answer = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(input)));
    let timing = answer.as_ref().map(|(_, t)| *t).unwrap_or_default();
    let result = answer.map(|(r, _)| r);
    if legacy {
        LEGACY.with(|l| l.borrow_mut().handlers.insert(slot, handler));
    } else {
        let result = result.as_ref().ok();
        with_current(|env| {
            if let (Some(answered), Some(input), Some(result)) =
                (env.answered.as_mut(), kept_input, result)
            {
                answered.push(AnsweredCall {
                    key: slot.clone(),
                    name: key.name.to_string(),
                    input,
                    result: result.clone(),
                    timing,
                });
            }
            env.handlers.insert(slot, handler)
        });
    }
    Some((
        result.unwrap_or_else(|payload| std::panic::resume_unwind(payload)),
        timing,
    ))
}

pub(crate) fn legacy_register(name: &str, handler: Handler) {
    LEGACY.with(|l| l.borrow_mut().handlers.insert(name.to_string(), handler));
}

pub(crate) fn legacy_reset() {
    LEGACY.with(|l| *l.borrow_mut() = Env::default());
}

pub(crate) fn legacy_take_calls() -> Vec<TaskCall> {
    LEGACY.with(|l| l.borrow_mut().take_calls())
}
