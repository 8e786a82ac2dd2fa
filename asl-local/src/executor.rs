//! The public entry point: an [`Executor`] holds a state machine, its task handlers and the
//! simulation settings, and runs executions.

use std::time::Duration;

use asl_model::StateMachine;
use serde_json::Value;

use crate::engine;
use crate::execution::Execution;
use crate::handler::{Entry, Outcome, Registry, TaskCall, TaskError};

/// Service limits asl-local enforces. The defaults are AWS's (Standard workflows).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest state input/output, task result, Parameters or variable assignment, in bytes of
    /// compact JSON: 256 KiB. Larger fails with `States.DataLimitExceeded`.
    pub max_payload_bytes: usize,
    /// Most history events: 25,000. The execution fails when the 25,000th event is not
    /// `ExecutionSucceeded`. `usize::MAX` disables the limit.
    pub max_history_events: usize,
    /// Longest execution when the machine sets no `TimeoutSeconds`: one year.
    pub max_execution_seconds: u64,
    /// All variables one thread of the execution sees together, in bytes: 10 MiB.
    pub max_variables_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_payload_bytes: 262_144,
            max_history_events: 25_000,
            max_execution_seconds: 365 * 24 * 3600,
            max_variables_bytes: 10 * 1024 * 1024,
        }
    }
}

/// Settings of the simulation and of the context object.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub seed: u64,
    pub start_ms: i64,
    pub machine_name: String,
    pub execution_name: Option<String>,
    pub region: String,
    pub account: String,
    pub role_arn: Option<String>,
    pub limits: Limits,
    /// A test's values for `States.UUID`/`$uuid()` and `States.MathRandom`/`$random()`.
    pub entropy: Option<asl_jsonata::EntropySource>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            seed: 0,
            start_ms: DEFAULT_START_MS,
            machine_name: "StateMachine".into(),
            execution_name: None,
            region: "us-east-1".into(),
            account: "123456789012".into(),
            role_arn: None,
            limits: Limits::default(),
            entropy: None,
        }
    }
}

/// 2025-01-01T00:00:00Z, the default simulated start.
pub const DEFAULT_START_MS: i64 = 1_735_689_600_000;

/// Runs a state machine locally.
///
/// ```
/// use asl_local::{Executor, Status, TaskError};
/// use serde_json::json;
///
/// let machine = asl_model::parse_str(r#"{
///   "StartAt": "Greet",
///   "States": {
///     "Greet": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:greet",
///               "ResultPath": "$.greeting", "End": true}
///   }
/// }"#).unwrap();
/// let run = Executor::new(&machine)
///     .lambda("greet", |input| Ok(json!(format!("Hello, {}", input["name"].as_str().unwrap_or("?")))))
///     .run(json!({"name": "Ada"}));
/// assert_eq!(run.status, Status::Succeeded);
/// assert_eq!(run.output, Some(json!({"name": "Ada", "greeting": "Hello, Ada"})));
/// assert_eq!(run.states_entered(), ["Greet"]);
/// ```
pub struct Executor {
    machine: StateMachine,
    registry: Registry,
    config: Config,
}

fn simple<F>(mut f: F) -> Box<dyn FnMut(&TaskCall) -> Outcome>
where
    F: FnMut(&Value) -> Result<Value, TaskError> + 'static,
{
    Box::new(move |call: &TaskCall| Outcome::from(f(&call.input)))
}

impl Executor {
    pub fn new(machine: &StateMachine) -> Self {
        Executor {
            machine: machine.clone(),
            registry: Registry::default(),
            config: Config::default(),
        }
    }

    /// Handles a Lambda function, by name (`greet`) or ARN. Matches Tasks whose `Resource` is the
    /// function's ARN (any qualifier), `{"Fn::GetAtt": ["greet", "Arn"]}` / `{"Ref": "greet"}`, and
    /// `arn:aws:states:::lambda:invoke` with `Parameters.FunctionName` naming it (the handler then
    /// gets `Payload`, and the state's result is the Invoke response wrapping the return value).
    pub fn lambda<F>(self, name_or_arn: impl Into<String>, f: F) -> Self
    where
        F: FnMut(&Value) -> Result<Value, TaskError> + 'static,
    {
        self.handler(name_or_arn, simple(f))
    }

    /// Handles any resource string exactly as written (a service integration such as
    /// `arn:aws:states:::sqs:sendMessage`, `aws-sdk:*`, an ItemReader's resource …). The handler gets
    /// the effective Parameters. A `.sync`/`.waitForTaskToken` resource also matches its handler
    /// registered without the suffix.
    pub fn resource<F>(self, resource: impl Into<String>, f: F) -> Self
    where
        F: FnMut(&Value) -> Result<Value, TaskError> + 'static,
    {
        self.handler(resource, simple(f))
    }

    /// Handles an activity, by ARN or by activity name: the handler plays the worker.
    pub fn activity<F>(self, name_or_arn: impl Into<String>, f: F) -> Self
    where
        F: FnMut(&Value) -> Result<Value, TaskError> + 'static,
    {
        self.handler(name_or_arn, simple(f))
    }

    /// Canned outcomes for a key (resource, function or activity name), consumed in order, one per
    /// call; every run starts again from the first. Values, [`TaskError`]s and [`Outcome`]s mix:
    /// `vec![Outcome::from(json!(1)), TaskError::new("E", "c").into()]`.
    pub fn returns<I, O>(mut self, key: impl Into<String>, outcomes: I) -> Self
    where
        I: IntoIterator<Item = O>,
        O: Into<Outcome>,
    {
        let outcomes = outcomes.into_iter().map(Into::into).collect();
        self.registry
            .entries
            .insert(key.into(), Entry::Canned { outcomes, next: 0 });
        self
    }

    /// The general form: the handler sees the whole [`TaskCall`] (attempt number, task token, time)
    /// and returns an [`Outcome`], which may carry a simulated duration and heartbeats.
    pub fn handler<F>(mut self, key: impl Into<String>, f: F) -> Self
    where
        F: FnMut(&TaskCall) -> Outcome + 'static,
    {
        self.registry
            .entries
            .insert(key.into(), Entry::Func(Box::new(f)));
        self
    }

    /// Canned outcomes for every task call made by the state with this name (anywhere in the
    /// machine, Parallel branches and Map processors included), in order, before any handler
    /// keyed by resource. Each result is the state's raw result: a `lambda:invoke` result is used
    /// as written, not wrapped in the Invoke response. A call after the last fails the task.
    pub fn state_returns<I, O>(mut self, state_name: impl Into<String>, outcomes: I) -> Self
    where
        I: IntoIterator<Item = O>,
        O: Into<Outcome>,
    {
        let outcomes = outcomes.into_iter().map(Into::into).collect();
        self.registry
            .by_state
            .insert(state_name.into(), Entry::Canned { outcomes, next: 0 });
        self
    }

    /// Handles every task that no registered key matches.
    pub fn fallback<F>(mut self, f: F) -> Self
    where
        F: FnMut(&TaskCall) -> Outcome + 'static,
    {
        self.registry.fallback = Some(Box::new(f));
        self
    }

    /// Echo mode: a task with no handler returns its input (like moto's Lambda stand-in). Off by
    /// default: such a task fails the execution with `asl-local.NoHandler`, naming the resource.
    pub fn echo(mut self, on: bool) -> Self {
        self.registry.echo = on;
        self
    }

    /// The simulated duration of every call to `key` whose outcome does not set its own.
    pub fn duration(mut self, key: impl Into<String>, d: Duration) -> Self {
        self.registry.durations.insert(key.into(), d);
        self
    }

    /// Seeds the RNG behind `States.UUID`, `States.MathRandom` (without a seed argument), retry
    /// jitter, task tokens and the default execution name. Default 0.
    pub fn seed(mut self, seed: u64) -> Self {
        self.config.seed = seed;
        self
    }

    /// Where `States.UUID` / `$uuid()` and `States.MathRandom` / `$random()` take their values
    /// before the seeded generator's (a test fixing them): a value `v` of `random()` is
    /// `$random()` itself and `States.MathRandom(lo, hi)` = `lo + floor(v * (hi - lo + 1))`.
    /// Task tokens, retry jitter and generated names still come from the seed.
    pub fn entropy(mut self, source: impl asl_jsonata::Entropy + 'static) -> Self {
        let shared = std::rc::Rc::new(std::cell::RefCell::new(source));
        self.config.entropy = Some(asl_jsonata::EntropySource(shared));
        self
    }

    /// [`Executor::entropy`] with a source shared with its caller (a native run's, say).
    pub fn entropy_source(mut self, source: asl_jsonata::EntropySource) -> Self {
        self.config.entropy = Some(source);
        self
    }

    /// Simulated start time, milliseconds since the epoch (default 2025-01-01T00:00:00Z).
    pub fn start_time(mut self, epoch_ms: i64) -> Self {
        self.config.start_ms = epoch_ms;
        self
    }

    /// `$$.StateMachine.Name` (default `StateMachine`).
    pub fn state_machine_name(mut self, name: impl Into<String>) -> Self {
        self.config.machine_name = name.into();
        self
    }

    /// `$$.Execution.Name` (default: a UUID from the seed).
    pub fn execution_name(mut self, name: impl Into<String>) -> Self {
        self.config.execution_name = Some(name.into());
        self
    }

    /// Region and account of the ARNs in the context object (default us-east-1, 123456789012).
    pub fn region(mut self, region: impl Into<String>, account: impl Into<String>) -> Self {
        self.config.region = region.into();
        self.config.account = account.into();
        self
    }

    /// `$$.Execution.RoleArn` (default `arn:aws:iam::<account>:role/asl-local`).
    pub fn role_arn(mut self, arn: impl Into<String>) -> Self {
        self.config.role_arn = Some(arn.into());
        self
    }

    pub fn limits(mut self, limits: Limits) -> Self {
        self.config.limits = limits;
        self
    }

    /// Runs one execution to its end on the simulated clock (no real waiting).
    pub fn run(&mut self, input: Value) -> Execution {
        self.registry.rewind();
        engine::execute(&self.machine, &mut self.registry, &self.config, input)
    }
}
