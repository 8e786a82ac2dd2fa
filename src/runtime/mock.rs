//! Mocks of tasks: a typed closure keyed by the task itself (`charge::mock(|o| …)`), the
//! simulated time each call takes, and sequences of outcomes (`a.then(b)`: the first call
//! answered by `a`, the next ones by `b`) for retries and polling loops.

use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use super::{Failure, MockTiming};

/// A mock's closure on raw JSON.
type RawHandler = Box<dyn FnMut(Value) -> Result<Value, Failure>>;

/// What an installed mock answers one call: the result and the simulated time it took.
pub(crate) type Handler = Box<dyn FnMut(Value) -> (Result<Value, Failure>, MockTiming)>;

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
    pub(crate) fn qualified(&self) -> String {
        if self.module.is_empty() {
            self.name.to_string()
        } else {
            format!("{}::{}", self.module, self.name)
        }
    }
}

/// One outcome of a sequence: its closure, its simulated time, and how many calls it answers.
struct Stage {
    key: String,
    handler: RawHandler,
    timing: MockTiming,
    /// `None`: one call, or every further call when it is the last stage.
    times: Option<usize>,
}

/// A mock of one task, made by the task's generated `mock` fn (`charge::mock(|o| …)`) or by
/// [`Mock::json`] for any key. `a.then(b)` answers the first call with `a` and the next ones
/// with `b`; [`Mock::taking`], [`Mock::heartbeat_every`] and [`Mock::times`] apply to the
/// outcome written last.
///
/// ```ignore
/// pay::mock(|_| Err(PayError::Busy)).times(2)     // calls 1 and 2 fail,
///     .then(pay::mock(Ok).taking(secs(5)))        // call 3 and after succeed, in 5 s each
/// ```
pub struct Mock {
    pub(crate) key: String,
    stages: Vec<Stage>,
}

impl Mock {
    /// A mock on raw JSON that may fail with an ASL error; `key` is a task's fn name
    /// (`"charge"`), its qualified name (`"my_crate::billing::charge"`), or an integration's
    /// resource.
    pub fn json(
        key: impl Into<String>,
        handler: impl FnMut(Value) -> Result<Value, Failure> + 'static,
    ) -> Mock {
        let key = key.into();
        Mock {
            stages: vec![Stage {
                key: key.clone(),
                handler: Box::new(handler),
                timing: MockTiming::default(),
                times: None,
            }],
            key,
        }
    }

    fn last(&mut self) -> &mut Stage {
        self.stages.last_mut().expect("a mock has an outcome")
    }

    /// Each call this outcome answers takes `duration` of simulated time (nothing waits):
    /// longer than the call's timeout, it fails with `States.Timeout`, natively and in
    /// asl-local alike.
    pub fn taking(mut self, duration: std::time::Duration) -> Mock {
        self.last().timing.duration = Some(duration);
        self
    }

    /// While a call runs, the worker sends a heartbeat this often; without one, a call longer
    /// than its heartbeat fails with `States.HeartbeatTimeout`.
    pub fn heartbeat_every(mut self, interval: std::time::Duration) -> Mock {
        self.last().timing.heartbeat = Some(interval);
        self
    }

    /// This outcome answers `n` calls before the next one of the sequence takes over (the
    /// last outcome answers every further call unless it is given a count; then a call after
    /// its count fails the task with `States.Runtime`).
    pub fn times(mut self, n: usize) -> Mock {
        self.last().times = Some(n);
        self
    }

    /// A sequence: the calls after this mock's are answered by `next` (a mock of the same
    /// task), with its own simulated time.
    pub fn then(mut self, next: Mock) -> Mock {
        self.stages.extend(next.stages);
        self
    }

    /// The closure an environment keeps: each call goes to the current stage.
    pub(crate) fn into_handler(self) -> Handler {
        let Mock { key, mut stages } = self;
        let (mut stage, mut used) = (0, 0);
        // Messages name the task as written (`pay`), not its module path.
        let name = |key: &str| key.rsplit("::").next().unwrap_or(key).to_string();
        Box::new(move |input| {
            while stage + 1 < stages.len() && used >= stages[stage].times.unwrap_or(1) {
                stage += 1;
                used = 0;
            }
            used += 1;
            let last = stage + 1 == stages.len();
            let current = &mut stages[stage];
            if current.key != key {
                return (Err(runtime_failure(format!(
                    "`Mock::then`: the mock of `{}` is followed by a mock of `{}`; a sequence answers one task",
                    name(&key),
                    name(&current.key)
                ))), MockTiming::default());
            }
            if let (true, Some(n)) = (last, current.times) {
                if used > n {
                    let total: usize = stages.iter().map(|s| s.times.unwrap_or(1)).sum();
                    return (
                        Err(runtime_failure(format!(
                            "the mock of `{}` answers {total} call{}; this is call {}",
                            name(&key),
                            if total == 1 { "" } else { "s" },
                            total + used - n
                        ))),
                        MockTiming::default(),
                    );
                }
            }
            ((current.handler)(input), current.timing)
        })
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
            let input = typed_input::<In>(&name, input)?;
            typed_output(&name, handler(input))
        })
    }

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
            let input = typed_input::<In>(&name, input)?;
            match handler(input) {
                Ok(out) => typed_output(&name, out),
                Err(e) => Err(e.to_failure()),
            }
        })
    }
}

fn runtime_failure(cause: String) -> Failure {
    Failure {
        error: "States.Runtime".into(),
        cause,
    }
}

fn typed_input<In: DeserializeOwned>(task: &str, input: Value) -> Result<In, Failure> {
    // A task that takes `()` is passed `{}`.
    let input = match input {
        Value::Object(o) if o.is_empty() && std::any::type_name::<In>() == "()" => Value::Null,
        other => other,
    };
    serde_json::from_value(input)
        .map_err(|e| runtime_failure(format!("task `{task}`: input does not fit its type: {e}")))
}

fn typed_output(task: &str, out: impl Serialize) -> Result<Value, Failure> {
    serde_json::to_value(out)
        .map_err(|e| runtime_failure(format!("task `{task}`: result does not serialize: {e}")))
}

/// The module a task's generated `mock` fn is in is the task's own module plus its name:
/// this is the task's module.
#[doc(hidden)]
pub fn parent_module(path: &'static str) -> &'static str {
    path.rsplit_once("::").map_or("", |(parent, _)| parent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::time::Duration;

    fn answers(mock: Mock, calls: usize) -> Vec<(Result<Value, Failure>, MockTiming)> {
        let mut handler = mock.into_handler();
        (0..calls).map(|i| handler(json!(i))).collect()
    }

    fn fails(cause: &str) -> Result<Value, Failure> {
        Err(runtime_failure(cause.to_string()))
    }

    #[test]
    fn a_sequence_answers_each_call_with_its_outcome_and_time() {
        let busy = || {
            Err(Failure {
                error: "Busy".into(),
                cause: String::new(),
            })
        };
        let mock = Mock::json("pay", move |_| busy())
            .times(2)
            .taking(Duration::from_secs(1))
            .then(Mock::json("pay", Ok).taking(Duration::from_secs(5)));
        let got = answers(mock, 4);
        let secs = |s| MockTiming {
            duration: Some(Duration::from_secs(s)),
            heartbeat: None,
        };
        assert_eq!(got[0], (busy(), secs(1)));
        assert_eq!(got[1], (busy(), secs(1)));
        assert_eq!(got[2], (Ok(json!(2)), secs(5)));
        assert_eq!(got[3], (Ok(json!(3)), secs(5)), "the last outcome repeats");
    }

    #[test]
    fn a_counted_last_outcome_ends_and_another_task_in_a_sequence_is_an_error() {
        let got = answers(Mock::json("pay", Ok).times(2), 3);
        assert_eq!(got[1].0, Ok(json!(1)));
        assert_eq!(
            got[2].0,
            fails("the mock of `pay` answers 2 calls; this is call 3")
        );
        let mixed = Mock::json("pay", Ok).then(Mock::json("ship", Ok));
        assert_eq!(
            answers(mixed, 2)[1].0,
            fails("`Mock::then`: the mock of `pay` is followed by a mock of `ship`; a sequence answers one task")
        );
    }
}
