//! The handlers and the call log of native runs: an [`Env`] installed for the duration of one
//! run (a stack per thread, restored afterwards), and the deprecated thread-wide registry that
//! `register`/`reset`/`take_calls` keep for older tests.

use std::cell::RefCell;
use std::collections::HashMap;

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use super::{Failure, MockTiming, TaskCall};

pub(crate) type Handler = Box<dyn FnMut(Value) -> Result<Value, Failure>>;

/// Which task a call is: its fn name and the module it is declared in (`module_path!()`), so
/// two tasks of the same name in two modules are told apart. Built by the macros.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TaskKey<'a> {
    pub module: &'a str,
    pub name: &'a str,
}

impl<'a> From<&'a str> for TaskKey<'a> {
    /// A key by bare name (integrations, ItemReaders, and the deprecated `register`).
    fn from(name: &'a str) -> Self {
        TaskKey { module: "", name }
    }
}

impl TaskKey<'_> {
    fn qualified(&self) -> String {
        if self.module.is_empty() {
            self.name.to_string()
        } else {
            format!("{}::{}", self.module, self.name)
        }
    }
}

/// A mock of one task, made by the task's generated `mock` fn (`charge::mock(|o| …)`) or by
/// [`Mock::json`] for any key.
pub struct Mock {
    key: String,
    pub(crate) handler: Handler,
    timing: MockTiming,
}

impl Mock {
    /// A mock on raw JSON that may fail with an ASL error; `key` is a task's fn name
    /// (`"charge"`), its qualified name (`"my_crate::billing::charge"`), or an integration's
    /// resource.
    pub fn json(
        key: impl Into<String>,
        handler: impl FnMut(Value) -> Result<Value, Failure> + 'static,
    ) -> Mock {
        Mock {
            key: key.into(),
            handler: Box::new(handler),
            timing: MockTiming::default(),
        }
    }

    /// Every call of this mock takes `duration` of simulated time (nothing waits): longer than
    /// the call's timeout, it fails with `States.Timeout`, natively and in asl-local alike.
    pub fn taking(mut self, duration: std::time::Duration) -> Mock {
        self.timing.duration = Some(duration);
        self
    }

    /// While a call runs, the worker sends a heartbeat this often; without one, a call longer
    /// than its heartbeat fails with `States.HeartbeatTimeout`.
    pub fn heartbeat_every(mut self, interval: std::time::Duration) -> Mock {
        self.timing.heartbeat = Some(interval);
        self
    }

    /// A typed mock for the task `key` (the macros' `mock` fns call this).
    #[doc(hidden)]
    pub fn typed<In, Out, F>(key: TaskKey<'_>, mut handler: F) -> Mock
    where
        In: DeserializeOwned,
        Out: Serialize,
        F: FnMut(In) -> Out + 'static,
    {
        let name = key.name.to_string();
        Mock::json(key.qualified(), move |input| {
            let input: In = serde_json::from_value(input).map_err(|e| Failure {
                error: "States.Runtime".into(),
                cause: format!("task `{name}`: input does not fit its type: {e}"),
            })?;
            serde_json::to_value(handler(input)).map_err(|e| Failure {
                error: "States.Runtime".into(),
                cause: format!("task `{name}`: result does not serialize: {e}"),
            })
        })
    }
}

impl Mock {
    /// A typed mock for a task returning `Result<Out, E>`: `Err(e)` fails the call with the
    /// ASL error `e` stands for, which the workflow may catch.
    #[doc(hidden)]
    pub fn typed_result<In, Out, E, F>(key: TaskKey<'_>, mut handler: F) -> Mock
    where
        In: DeserializeOwned,
        Out: Serialize,
        E: crate::TaskError,
        F: FnMut(In) -> Result<Out, E> + 'static,
    {
        let name = key.name.to_string();
        Mock::json(key.qualified(), move |input| {
            let input: In = serde_json::from_value(input).map_err(|e| Failure {
                error: "States.Runtime".into(),
                cause: format!("task `{name}`: input does not fit its type: {e}"),
            })?;
            match handler(input) {
                Ok(out) => serde_json::to_value(out).map_err(|e| Failure {
                    error: "States.Runtime".into(),
                    cause: format!("task `{name}`: result does not serialize: {e}"),
                }),
                Err(e) => Err(e.to_failure()),
            }
        })
    }
}

/// The module a task's generated `mock` fn is in is the task's own module plus its name:
/// this is the task's module.
#[doc(hidden)]
pub fn parent_module(path: &'static str) -> &'static str {
    path.rsplit_once("::").map_or("", |(parent, _)| parent)
}

/// The mocks and the call log of native runs. `Env::new().mock(charge::mock(|o| …)).run(|| checkout(order))`.
#[derive(Default)]
pub struct Env {
    pub(crate) handlers: HashMap<String, Handler>,
    /// The simulated time of the mocks that take some (`Mock::taking`), by key.
    pub(crate) timings: HashMap<String, MockTiming>,
    calls: Vec<TaskCall>,
    /// The handlers' results, kept while `Env::check` runs the workflow natively, so that the
    /// ASL run gets the same results from mocks that keep state (scripts, attempt counters).
    pub(crate) answered: Option<Vec<AnsweredCall>>,
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
        if mock.timing == MockTiming::default() {
            self.timings.remove(&mock.key);
        } else {
            self.timings.insert(mock.key.clone(), mock.timing);
        }
        self.handlers.insert(mock.key, mock.handler);
        self
    }

    /// The task calls of the runs made with this environment, in order.
    pub fn calls(&self) -> &[TaskCall] {
        &self.calls
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
        INSTALLED.with(|i| i.borrow_mut().push(std::mem::take(self)));
        let _restore = Restore(self);
        super::run_native(f)
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
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| handler(input)));
    let timing = if legacy {
        LEGACY.with(|l| l.borrow().timings.get(&slot).copied())
    } else {
        with_current(|env| env.timings.get(&slot).copied())
    }
    .unwrap_or_default();
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
