//! Task handlers: what a Task state's resource returns when asl-local runs it, and how long it takes
//! on the simulated clock.

use std::collections::HashMap;
use std::time::Duration;

use serde_json::Value;

/// An error a task reports: its name (`ErrorEquals` matches it) and a human-readable cause.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{error}: {cause}")]
pub struct TaskError {
    pub error: String,
    pub cause: String,
}

impl TaskError {
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        TaskError {
            error: error.into(),
            cause: cause.into(),
        }
    }
}

/// What one task call produces: a result or an error, after a simulated duration.
///
/// ```
/// use std::time::Duration;
/// use asl_local::{Outcome, TaskError};
/// use serde_json::json;
///
/// let quick = Outcome::ok(json!({"done": true}));
/// let slow = Outcome::ok(json!(1)).taking(Duration::from_secs(90));          // trips TimeoutSeconds 60
/// let beating = Outcome::ok(json!(1)).taking(Duration::from_secs(600)).heartbeat_every(Duration::from_secs(30));
/// let failing = Outcome::err(TaskError::new("Busy", "try later"));
/// let hanging = Outcome::never();                                             // no worker ever answers
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub result: Result<Value, TaskError>,
    /// Simulated time from `…Started` to the result; `None`: the resource's default (see
    /// [`Executor::duration`](crate::Executor::duration)), else zero.
    pub duration: Option<Duration>,
    /// The worker sends a heartbeat this often (for `HeartbeatSeconds`); `None`: never.
    pub heartbeat: Option<Duration>,
    /// The task never reports back; only a timeout (task or execution) ends it.
    pub never: bool,
}

impl Outcome {
    pub fn ok(value: Value) -> Self {
        Outcome {
            result: Ok(value),
            duration: None,
            heartbeat: None,
            never: false,
        }
    }

    pub fn err(error: TaskError) -> Self {
        Outcome {
            result: Err(error),
            duration: None,
            heartbeat: None,
            never: false,
        }
    }

    /// A task that never completes (an activity nobody polls, a task token nobody returns).
    pub fn never() -> Self {
        Outcome {
            result: Ok(Value::Null),
            duration: None,
            heartbeat: None,
            never: true,
        }
    }

    /// Takes this long on the simulated clock.
    pub fn taking(mut self, duration: Duration) -> Self {
        self.duration = Some(duration);
        self
    }

    /// Sends a heartbeat at this interval while it runs.
    pub fn heartbeat_every(mut self, interval: Duration) -> Self {
        self.heartbeat = Some(interval);
        self
    }
}

impl From<Value> for Outcome {
    fn from(v: Value) -> Self {
        Outcome::ok(v)
    }
}

impl From<TaskError> for Outcome {
    fn from(e: TaskError) -> Self {
        Outcome::err(e)
    }
}

impl From<Result<Value, TaskError>> for Outcome {
    fn from(r: Result<Value, TaskError>) -> Self {
        Outcome {
            result: r,
            duration: None,
            heartbeat: None,
            never: false,
        }
    }
}

/// How a Task's resource is invoked, which decides the history events and the payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResourceKind {
    /// A Lambda function ARN (or a CloudFormation `Fn::GetAtt`/`Ref` to one): `LambdaFunction…` events.
    Lambda,
    /// `arn:aws:states:::lambda:invoke[.waitForTaskToken]`: `Task…` events, handler gets `Payload`,
    /// the result is wrapped like the Lambda Invoke API response.
    LambdaInvoke,
    /// An activity ARN: `Activity…` events.
    Activity,
    /// Any other resource (service integrations, `aws-sdk:*`, `http:invoke`): `Task…` events.
    Service,
}

/// One task call, as a handler sees it and as [`Execution::calls`](crate::Execution::calls) records it.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskCall {
    /// The Task state's name.
    pub state: String,
    /// The resource as written (for `lambda:invoke`, the `FunctionName` parameter).
    pub resource: String,
    pub kind: ResourceKind,
    /// What the resource receives: the effective Parameters (the `Payload` for `lambda:invoke`).
    pub input: Value,
    /// 0 for the first attempt, then 1, 2, … for retries (`$$.State.RetryCount`).
    pub attempt: u32,
    /// Simulated start time, milliseconds since the epoch.
    pub time: i64,
    /// `$$.Task.Token` of this attempt.
    pub task_token: String,
}

pub(crate) type HandlerFn = Box<dyn FnMut(&TaskCall) -> Outcome>;

pub(crate) enum Entry {
    Func(HandlerFn),
    Canned { outcomes: Vec<Outcome>, next: usize },
}

/// Handlers by key (a resource string, a Lambda function name, an activity name …).
#[derive(Default)]
pub(crate) struct Registry {
    pub entries: HashMap<String, Entry>,
    /// Outcomes by state name, tried before `entries`; their results are the state's raw result
    /// (a `lambda:invoke` result is not wrapped in the Invoke response).
    pub by_state: HashMap<String, Entry>,
    pub durations: HashMap<String, Duration>,
    pub fallback: Option<HandlerFn>,
    pub echo: bool,
}

/// What calling the registry gave.
pub(crate) enum Dispatch {
    Done(Outcome),
    /// No handler, no fallback, no echo: why, for the error's cause.
    Missing(String),
}

impl Registry {
    /// Rewinds canned results so that every run consumes them from the start.
    pub fn rewind(&mut self) {
        for e in self.entries.values_mut().chain(self.by_state.values_mut()) {
            if let Entry::Canned { next, .. } = e {
                *next = 0;
            }
        }
    }

    pub fn call(&mut self, keys: &[String], call: &TaskCall) -> Dispatch {
        match self.by_state.get_mut(&call.state) {
            Some(Entry::Func(f)) => return Dispatch::Done(f(call)),
            Some(Entry::Canned { outcomes, next }) => {
                return match outcomes.get(*next) {
                    Some(o) => {
                        *next += 1;
                        Dispatch::Done(o.clone())
                    }
                    None => Dispatch::Missing(format!(
                    "all {} mocked response(s) for the state '{}' were used; it was called again",
                    outcomes.len(),
                    call.state
                )),
                }
            }
            None => {}
        }
        let mut exhausted = None;
        for key in keys {
            let default = self.durations.get(key).copied();
            match self.entries.get_mut(key) {
                Some(Entry::Func(f)) => {
                    let mut out = f(call);
                    if out.duration.is_none() {
                        out.duration = default;
                    }
                    return Dispatch::Done(out);
                }
                Some(Entry::Canned { outcomes, next }) => match outcomes.get(*next) {
                    Some(o) => {
                        *next += 1;
                        let mut out = o.clone();
                        if out.duration.is_none() {
                            out.duration = default;
                        }
                        return Dispatch::Done(out);
                    }
                    None => exhausted = Some((key.clone(), outcomes.len())),
                },
                None => {}
            }
        }
        if let Some(f) = self.fallback.as_mut() {
            return Dispatch::Done(f(call));
        }
        if self.echo {
            return Dispatch::Done(Outcome::ok(call.input.clone()));
        }
        Dispatch::Missing(match exhausted {
            Some((key, n)) => format!(
                "all {n} canned result(s) registered for '{key}' were used; the resource '{}' (state '{}') was called again",
                call.resource, call.state
            ),
            None => format!(
                "no handler for the resource '{}' (state '{}'); register one (tried the keys {}) or enable echo mode",
                call.resource,
                call.state,
                keys.iter().map(|k| format!("'{k}'")).collect::<Vec<_>>().join(", ")
            ),
        })
    }
}

/// The Lambda function name in a function ARN (`arn:aws:lambda:r:a:function:NAME[:qualifier]`);
/// the region and account may be placeholders such as `#{AWS::Region}`.
pub(crate) fn lambda_function_name(arn: &str) -> Option<&str> {
    if !arn.starts_with("arn:") || !arn.contains(":lambda:") {
        return None;
    }
    let (_, rest) = arn.rsplit_once(":function:")?;
    rest.split(':').next().filter(|n| !n.is_empty())
}

/// The ARN without a `:qualifier` (version or alias) after the function name.
pub(crate) fn unqualified_lambda_arn(arn: &str) -> Option<String> {
    let name = lambda_function_name(arn)?;
    let (prefix, _) = arn.rsplit_once(":function:")?;
    Some(format!("{prefix}:function:{name}"))
}

/// The activity name in an activity ARN (`arn:aws:states:r:a:activity:NAME`).
pub(crate) fn activity_name(arn: &str) -> Option<&str> {
    if !arn.starts_with("arn:") || !arn.contains(":states:") {
        return None;
    }
    let (_, rest) = arn.rsplit_once(":activity:")?;
    Some(rest).filter(|n| !n.is_empty() && !n.contains(':'))
}

/// `arn:aws:states:::lambda:invoke`, with or without an integration-pattern suffix.
pub(crate) fn is_lambda_invoke(resource: &str) -> bool {
    let base = strip_pattern(resource);
    base.starts_with("arn:") && base.ends_with(":states:::lambda:invoke")
}

/// The resource without `.sync`, `.sync:2` or `.waitForTaskToken`.
pub(crate) fn strip_pattern(resource: &str) -> &str {
    for suffix in [".sync:2", ".sync", ".waitForTaskToken"] {
        if let Some(base) = resource.strip_suffix(suffix) {
            return base;
        }
    }
    resource
}

/// Whether the resource's integration pattern waits (`.sync`, `.waitForTaskToken`): a `TaskSubmitted` event.
pub(crate) fn is_submitted_pattern(resource: &str) -> bool {
    strip_pattern(resource) != resource
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_parts() {
        assert_eq!(
            lambda_function_name("arn:aws:lambda:us-east-1:123456789012:function:hello"),
            Some("hello")
        );
        assert_eq!(
            lambda_function_name("arn:aws:lambda:us-east-1:123456789012:function:hello:prod"),
            Some("hello")
        );
        assert_eq!(lambda_function_name("arn:aws:lambda:......"), None);
        assert_eq!(lambda_function_name("hello"), None);
        assert_eq!(
            lambda_function_name("arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:hello"),
            Some("hello")
        );
        assert_eq!(
            unqualified_lambda_arn("arn:aws:lambda:us-east-1:1:function:f:3").as_deref(),
            Some("arn:aws:lambda:us-east-1:1:function:f")
        );
        assert_eq!(
            activity_name("arn:aws:states:us-east-1:123456789012:activity:file-transfer"),
            Some("file-transfer")
        );
        assert!(is_lambda_invoke("arn:aws:states:::lambda:invoke"));
        assert!(is_lambda_invoke(
            "arn:aws:states:::lambda:invoke.waitForTaskToken"
        ));
        assert!(!is_lambda_invoke("arn:aws:states:::sqs:sendMessage"));
        assert_eq!(
            strip_pattern("arn:aws:states:::states:startExecution.sync:2"),
            "arn:aws:states:::states:startExecution"
        );
    }
}
