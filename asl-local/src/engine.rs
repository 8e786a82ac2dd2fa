//! The interpreter: threads of control (the machine, Parallel branches, Map iterations) advanced
//! in simulated-time order from an event queue, the semantics of every state type, Retry/Catch,
//! history recording and the service limits.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::Write;
use std::rc::Rc;
use std::sync::Arc;

use asl_model::{
    Common, Expr, Graph, ItemReader, JitterStrategy, MapState, NullablePath, ParallelState,
    PassState, ProcessorMode, QueryLanguage, Resource, State, StateMachine, TaskState, Transition,
    WaitState,
};
use indexmap::IndexMap;
use serde_json::{json, Value};

use crate::choice;
use crate::clock::{format_millis, parse_millis};
use crate::errors::{any_matches, names, Failure};
use crate::execution::{Execution, Status};
use crate::executor::{Config, Limits};
use crate::handler::{
    activity_name, is_lambda_invoke, is_submitted_pattern, lambda_function_name, strip_pattern,
    unqualified_lambda_arn, Dispatch, Outcome, Registry, ResourceKind, TaskCall, TaskError,
};
use crate::history::{EventDetails, EventType, HistoryEvent};
use crate::intrinsics::compact;
use crate::query::{kind_of, write_at, Ctx, Env, ExecInfo, Vars};
use crate::template::Evaluator;

type States = IndexMap<String, State>;

/// AWS's default task timeout when `TimeoutSeconds` is not given.
const DEFAULT_TASK_TIMEOUT_SECONDS: u64 = 99_999_999;
/// Most concurrent iterations of an inline Map (AWS: 40), and of a distributed one (10,000).
const INLINE_MAX_CONCURRENCY: usize = 40;
const DISTRIBUTED_MAX_CONCURRENCY: usize = 10_000;
/// Upper bound for any simulated delay, so arithmetic never overflows (about 300 years).
const MAX_DELAY_MS: i64 = 10_000_000_000_000;

pub(crate) fn execute(
    machine: &StateMachine,
    registry: &mut Registry,
    config: &Config,
    input: Value,
) -> Execution {
    let mut ev = Evaluator::new(config.seed);
    let exec_name = config
        .execution_name
        .clone()
        .unwrap_or_else(|| ev.rng.uuid_v4());
    let prefix = format!("arn:aws:states:{}:{}", config.region, config.account);
    let input = Arc::new(input);
    let exec = ExecInfo {
        id: format!("{prefix}:execution:{}:{exec_name}", config.machine_name),
        name: exec_name,
        start_time: format_millis(config.start_ms),
        role_arn: config
            .role_arn
            .clone()
            .unwrap_or_else(|| format!("arn:aws:iam::{}:role/asl-local", config.account)),
        machine_id: format!("{prefix}:stateMachine:{}", config.machine_name),
        machine_name: config.machine_name.clone(),
        input: Arc::clone(&input),
    };
    let timeout_secs = machine
        .timeout_seconds
        .unwrap_or(config.limits.max_execution_seconds);
    let deadline = config.start_ms.saturating_add(secs_to_ms(timeout_secs));
    let engine = Engine {
        machine,
        registry,
        limits: config.limits,
        exec,
        ev,
        now: config.start_ms,
        start: config.start_ms,
        seq: 0,
        queue: BinaryHeap::new(),
        threads: Vec::new(),
        history: Vec::new(),
        entered: Vec::new(),
        calls: Vec::new(),
        ending: None,
        deadline,
        timeout_secs,
    };
    engine.run(input)
}

fn secs_to_ms(s: u64) -> i64 {
    i64::try_from(s)
        .unwrap_or(i64::MAX)
        .saturating_mul(1000)
        .min(MAX_DELAY_MS)
}

/// Bytes of compact JSON, counted without building the text.
pub(crate) fn json_size(v: &Value) -> usize {
    struct Count(usize);
    impl Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut c = Count(0);
    let _ = serde_json::to_writer(&mut c, v);
    c.0
}

enum Ending {
    Succeeded(Arc<Value>),
    Failed(Failure),
    TimedOut(Failure),
}

/// What a thread does next after a step.
enum Step<'m> {
    Next(&'m str, Arc<Value>),
    End(Arc<Value>),
    Fail(Failure),
    /// Waiting for a timer or for children; the phase says which.
    Block,
}

enum Phase<'m> {
    /// About to enter the current state.
    Enter,
    /// In a Wait state: the output, and the variables to assign on exit.
    Waiting(Arc<Value>, Vec<(String, Value)>),
    /// A task is running; the timer fires when it ends.
    Task(Box<TaskRun>),
    /// Waiting out a retry interval; then the state's work runs again.
    Backoff,
    /// A Parallel or Map state waiting for its branches/iterations.
    Fanout(Box<Fanout<'m>>),
    Done,
}

struct TaskRun {
    kind: ResourceKind,
    end: TaskEnd,
}

enum TaskEnd {
    Result(Value),
    Error(TaskError),
    TimedOut(Failure),
}

struct Fanout<'m> {
    /// `None` for a Parallel state.
    map: Option<MapRun<'m>>,
    results: Vec<Option<Value>>,
    remaining: usize,
    failure: Option<Failure>,
    /// Set when the owner has been scheduled to finish the state.
    woken: bool,
    /// The event children chain from (`ParallelStateStarted`, `MapStateStarted`/`MapRunStarted`).
    anchor: u64,
}

struct MapRun<'m> {
    processor: &'m Graph,
    inputs: Vec<Value>,
    next: usize,
    running: usize,
    max: usize,
    distributed: bool,
    /// `Some((count, percentage))` when failures are tolerated up to a threshold.
    tolerance: Option<(Option<u64>, Option<f64>)>,
    failures: usize,
}

struct Thread<'m> {
    states: &'m States,
    state: &'m str,
    input: Arc<Value>,
    phase: Phase<'m>,
    parent: Option<(usize, usize)>,
    children: Vec<usize>,
    alive: bool,
    generation: u32,
    vars: Rc<Vars>,
    last_event: u64,
    entered_at: i64,
    /// Retries so far per retrier (the backoff exponent) and per retrier and error name (what
    /// MaxAttempts limits, as the spec's example reads: "its limit of two retries for that
    /// particular error"), for the current state visit.
    retry_counts: Vec<u32>,
    retry_by_name: Vec<(usize, String, u32)>,
    retry_total: u32,
    /// Whether this thread's events go into the history (not in a distributed Map's children).
    recorded: bool,
    /// States entered by a distributed Map child execution (its own history limit).
    child_states: usize,
}

struct Engine<'m, 'r> {
    machine: &'m StateMachine,
    registry: &'r mut Registry,
    limits: Limits,
    exec: ExecInfo,
    ev: Evaluator,
    now: i64,
    start: i64,
    seq: u64,
    queue: BinaryHeap<Reverse<(i64, u64, usize, u32)>>,
    threads: Vec<Thread<'m>>,
    history: Vec<HistoryEvent>,
    entered: Vec<String>,
    calls: Vec<TaskCall>,
    ending: Option<Ending>,
    deadline: i64,
    timeout_secs: u64,
}

fn entered_type(s: &State) -> EventType {
    match s {
        State::Task(_) => EventType::TaskStateEntered,
        State::Pass(_) => EventType::PassStateEntered,
        State::Choice(_) => EventType::ChoiceStateEntered,
        State::Wait(_) => EventType::WaitStateEntered,
        State::Succeed(_) => EventType::SucceedStateEntered,
        State::Fail(_) => EventType::FailStateEntered,
        State::Parallel(_) => EventType::ParallelStateEntered,
        State::Map(_) => EventType::MapStateEntered,
    }
}

fn exited_type(s: &State) -> Option<EventType> {
    Some(match s {
        State::Task(_) => EventType::TaskStateExited,
        State::Pass(_) => EventType::PassStateExited,
        State::Choice(_) => EventType::ChoiceStateExited,
        State::Wait(_) => EventType::WaitStateExited,
        State::Succeed(_) => EventType::SucceedStateExited,
        State::Parallel(_) => EventType::ParallelStateExited,
        State::Map(_) => EventType::MapStateExited,
        State::Fail(_) => return None,
    })
}

fn is_distributed(s: &MapState) -> bool {
    s.processor()
        .and_then(|p| p.processor_config.as_ref())
        .and_then(|c| c.mode)
        == Some(ProcessorMode::Distributed)
}

/// Scheduled, started, succeeded, failed, timed-out event types for a resource kind.
fn task_events(kind: ResourceKind) -> [EventType; 5] {
    use EventType::*;
    match kind {
        ResourceKind::Lambda => [
            LambdaFunctionScheduled,
            LambdaFunctionStarted,
            LambdaFunctionSucceeded,
            LambdaFunctionFailed,
            LambdaFunctionTimedOut,
        ],
        ResourceKind::Activity => [
            ActivityScheduled,
            ActivityStarted,
            ActivitySucceeded,
            ActivityFailed,
            ActivityTimedOut,
        ],
        ResourceKind::LambdaInvoke | ResourceKind::Service => [
            TaskScheduled,
            TaskStarted,
            TaskSucceeded,
            TaskFailed,
            TaskTimedOut,
        ],
    }
}

/// How a Task's resource is called: its kind, the name shown, the handler keys to try, and what
/// the handler receives.
struct Target {
    kind: ResourceKind,
    resource: String,
    keys: Vec<String>,
    payload: Value,
}

fn target(resource: &Resource, params: Value) -> Target {
    match resource {
        Resource::Intrinsic(v) => {
            let logical = v
                .get("Fn::GetAtt")
                .and_then(|a| a.get(0))
                .or_else(|| v.get("Ref"))
                .and_then(Value::as_str)
                .map(str::to_string);
            let text = compact(v);
            let keys = logical
                .iter()
                .cloned()
                .chain(std::iter::once(text.clone()))
                .collect();
            Target {
                kind: ResourceKind::Lambda,
                resource: logical.unwrap_or(text),
                keys,
                payload: params,
            }
        }
        Resource::Arn(arn) => {
            if is_lambda_invoke(arn) {
                if let Some(function) = params
                    .get("FunctionName")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                {
                    let mut keys = vec![function.clone()];
                    if let Some(name) = lambda_function_name(&function) {
                        keys.push(name.to_string());
                    }
                    if let Some((name, _qualifier)) = function
                        .split_once(':')
                        .filter(|_| !function.starts_with("arn:"))
                    {
                        keys.push(name.to_string());
                    }
                    keys.push(arn.clone());
                    keys.push(strip_pattern(arn).to_string());
                    let payload = params.get("Payload").cloned().unwrap_or_else(|| json!({}));
                    return Target {
                        kind: ResourceKind::LambdaInvoke,
                        resource: function,
                        keys,
                        payload,
                    };
                }
            }
            if let Some(name) = lambda_function_name(arn) {
                let mut keys = vec![arn.clone()];
                if let Some(unqualified) = unqualified_lambda_arn(arn).filter(|u| u != arn) {
                    keys.push(unqualified);
                }
                keys.push(name.to_string());
                return Target {
                    kind: ResourceKind::Lambda,
                    resource: arn.clone(),
                    keys,
                    payload: params,
                };
            }
            if arn.starts_with("arn:") && arn.contains(":lambda:") {
                // A placeholder Lambda ARN (`arn:aws:lambda:......`): exact match only.
                return Target {
                    kind: ResourceKind::Lambda,
                    resource: arn.clone(),
                    keys: vec![arn.clone()],
                    payload: params,
                };
            }
            if let Some(name) = activity_name(arn) {
                let keys = vec![arn.clone(), name.to_string()];
                return Target {
                    kind: ResourceKind::Activity,
                    resource: arn.clone(),
                    keys,
                    payload: params,
                };
            }
            let mut keys = vec![arn.clone()];
            if strip_pattern(arn) != arn {
                keys.push(strip_pattern(arn).to_string());
            }
            Target {
                kind: ResourceKind::Service,
                resource: arn.clone(),
                keys,
                payload: params,
            }
        }
    }
}

impl<'m, 'r> Engine<'m, 'r> {
    // ---------------------------------------------------------------- scheduling and history

    fn schedule(&mut self, tid: usize, at: i64) {
        self.seq += 1;
        let generation = self.threads[tid].generation;
        self.queue
            .push(Reverse((at.max(self.now), self.seq, tid, generation)));
    }

    fn run(mut self, input: Arc<Value>) -> Execution {
        let details = EventDetails {
            input: Some(Arc::clone(&input)),
            ..EventDetails::default()
        };
        let started = self.record(None, EventType::ExecutionStarted, None, details);
        if json_size(&input) > self.limits.max_payload_bytes {
            let f = Failure::new(
                names::DATA_LIMIT_EXCEEDED,
                format!(
                    "The execution input is larger than the {} bytes allowed.",
                    self.limits.max_payload_bytes
                ),
            );
            self.finish(None, Ending::Failed(f));
        } else {
            let root = self.spawn(
                &self.machine.states,
                &self.machine.start_at,
                input,
                None,
                Rc::new(Vars::default()),
                true,
                started,
            );
            self.schedule(root, self.now);
        }
        while self.ending.is_none() {
            let Some(Reverse((at, _, tid, generation))) = self.queue.pop() else {
                self.finish(
                    None,
                    Ending::Failed(Failure::runtime(
                        "The execution stalled: no state can make progress.",
                    )),
                );
                break;
            };
            if at > self.deadline {
                self.now = self.deadline;
                let f = Failure::new(
                    names::TIMEOUT,
                    format!(
                        "The execution ran longer than its TimeoutSeconds ({} s).",
                        self.timeout_secs
                    ),
                );
                self.finish(None, Ending::TimedOut(f));
                break;
            }
            self.now = at;
            let t = &self.threads[tid];
            if !t.alive || t.generation != generation {
                continue;
            }
            self.run_thread(tid);
        }
        let (status, output, error, cause) = match self.ending.take() {
            Some(Ending::Succeeded(v)) => (
                Status::Succeeded,
                Some(Arc::try_unwrap(v).unwrap_or_else(|a| (*a).clone())),
                None,
                None,
            ),
            Some(Ending::Failed(f)) => (Status::Failed, None, f.error, f.cause),
            Some(Ending::TimedOut(f)) => (Status::TimedOut, None, f.error, f.cause),
            None => (Status::Failed, None, Some(names::RUNTIME.to_string()), None),
        };
        Execution {
            status,
            output,
            error,
            cause,
            history: self.history,
            calls: self.calls,
            start_time: self.start,
            stop_time: self.now,
            entered: self.entered,
        }
    }

    /// Appends an event for a thread (or the execution). Returns its id, or 0 when nothing was
    /// recorded (a distributed Map child, or the execution has ended). Enforces the history limit.
    fn record(
        &mut self,
        tid: Option<usize>,
        ty: EventType,
        name: Option<&str>,
        details: EventDetails,
    ) -> u64 {
        if self.ending.is_some() {
            return 0;
        }
        if let Some(t) = tid {
            if !self.threads[t].recorded {
                return 0;
            }
        }
        let terminal = matches!(
            ty,
            EventType::ExecutionSucceeded
                | EventType::ExecutionFailed
                | EventType::ExecutionTimedOut
        );
        if !terminal && self.history.len() + 1 >= self.limits.max_history_events {
            let f = Failure::runtime(format!(
                "The execution reached the maximum number of history events ({}).",
                self.limits.max_history_events
            ));
            self.finish(tid, Ending::Failed(f));
            return 0;
        }
        let id = self.history.len() as u64 + 1;
        let previous = match tid {
            Some(t) => self.threads[t].last_event,
            None => self.history.len() as u64,
        };
        self.history.push(HistoryEvent {
            id,
            previous_event_id: previous,
            timestamp: self.now,
            event_type: ty,
            state_name: name.map(str::to_string),
            details,
        });
        if let Some(t) = tid {
            self.threads[t].last_event = id;
        }
        id
    }

    fn finish(&mut self, tid: Option<usize>, ending: Ending) {
        if self.ending.is_some() {
            return;
        }
        let (ty, details) = match &ending {
            Ending::Succeeded(v) => (
                EventType::ExecutionSucceeded,
                EventDetails {
                    output: Some(Arc::clone(v)),
                    ..EventDetails::default()
                },
            ),
            Ending::Failed(f) => (
                EventType::ExecutionFailed,
                EventDetails {
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                    ..EventDetails::default()
                },
            ),
            Ending::TimedOut(f) => (
                EventType::ExecutionTimedOut,
                EventDetails {
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                    ..EventDetails::default()
                },
            ),
        };
        let recorded_tid = tid.filter(|&t| self.threads[t].recorded);
        self.record(recorded_tid, ty, None, details);
        self.ending = Some(ending);
    }

    #[allow(clippy::too_many_arguments)]
    fn spawn(
        &mut self,
        states: &'m States,
        start_at: &'m str,
        input: Arc<Value>,
        parent: Option<(usize, usize)>,
        vars: Rc<Vars>,
        recorded: bool,
        anchor: u64,
    ) -> usize {
        let tid = self.threads.len();
        self.threads.push(Thread {
            states,
            state: start_at,
            input,
            phase: Phase::Enter,
            parent,
            children: Vec::new(),
            alive: true,
            generation: 0,
            vars,
            last_event: anchor,
            entered_at: self.now,
            retry_counts: Vec::new(),
            retry_by_name: Vec::new(),
            retry_total: 0,
            recorded,
            child_states: 0,
        });
        if let Some((p, _)) = parent {
            self.threads[p].children.push(tid);
        }
        tid
    }

    fn run_thread(&mut self, tid: usize) {
        loop {
            if self.ending.is_some() {
                return;
            }
            let phase = std::mem::replace(&mut self.threads[tid].phase, Phase::Done);
            let step = match phase {
                Phase::Enter => self.enter(tid),
                Phase::Waiting(out, assigned) => self.wait_done(tid, out, assigned),
                Phase::Task(run) => self.task_done(tid, *run),
                Phase::Backoff => self.attempt(tid),
                Phase::Fanout(f) => self.fanout_done(tid, f),
                Phase::Done => return,
            };
            match step {
                Step::Next(name, input) => {
                    let t = &mut self.threads[tid];
                    t.state = name;
                    t.input = input;
                    t.phase = Phase::Enter;
                }
                Step::End(out) => return self.thread_done(tid, Ok(out)),
                Step::Fail(f) => return self.thread_done(tid, Err(f)),
                Step::Block => return,
            }
        }
    }

    fn thread_done(&mut self, tid: usize, res: Result<Arc<Value>, Failure>) {
        let t = &mut self.threads[tid];
        t.alive = false;
        t.generation = t.generation.wrapping_add(1);
        t.phase = Phase::Done;
        t.vars = Rc::new(Vars::default());
        match t.parent {
            None => match res {
                Ok(v) => self.finish(Some(tid), Ending::Succeeded(v)),
                Err(f) => self.finish(Some(tid), Ending::Failed(f)),
            },
            Some((p, slot)) => self.child_done(p, slot, tid, res),
        }
    }

    /// Stops a thread and everything under it, recording the `…Aborted` events.
    fn abort(&mut self, tid: usize) {
        let kids = std::mem::take(&mut self.threads[tid].children);
        for k in kids {
            if self.threads[k].alive {
                self.abort(k);
            }
        }
        let t = &mut self.threads[tid];
        if !t.alive {
            return;
        }
        t.alive = false;
        t.generation = t.generation.wrapping_add(1);
        let phase = std::mem::replace(&mut t.phase, Phase::Done);
        let name = t.state;
        let state = t.states.get(name);
        let parent = t.parent;
        let ty = match (&phase, state) {
            (Phase::Task(_), _) | (Phase::Backoff, Some(State::Task(_))) => {
                Some(EventType::TaskStateAborted)
            }
            (Phase::Waiting(..), _) => Some(EventType::WaitStateAborted),
            (Phase::Fanout(f), _) if f.map.is_some() => Some(EventType::MapStateAborted),
            (Phase::Fanout(_), _) | (Phase::Backoff, Some(State::Parallel(_))) => {
                Some(EventType::ParallelStateAborted)
            }
            (Phase::Backoff, Some(State::Map(_))) => Some(EventType::MapStateAborted),
            _ => None,
        };
        if let Some(ty) = ty {
            self.record(Some(tid), ty, Some(name), EventDetails::default());
        }
        if let Some((p, slot)) = parent {
            let pt = &self.threads[p];
            if let Some(State::Map(ms)) = pt.states.get(pt.state) {
                if !is_distributed(ms) {
                    let map_name = pt.state;
                    let details = EventDetails {
                        index: Some(slot),
                        ..EventDetails::default()
                    };
                    self.record(
                        Some(tid),
                        EventType::MapIterationAborted,
                        Some(map_name),
                        details,
                    );
                }
            }
        }
    }

    // ---------------------------------------------------------------- evaluation helpers

    fn query_language(&self, common: &Common) -> QueryLanguage {
        common
            .query_language
            .or(self.machine.query_language)
            .unwrap_or(QueryLanguage::JsonPath)
    }

    fn with_env<T>(
        &mut self,
        tid: usize,
        input: &Value,
        token: Option<&str>,
        item: Option<(usize, &Value)>,
        f: impl FnOnce(&mut Evaluator, &Env<'_>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let t = &self.threads[tid];
        let vars = Rc::clone(&t.vars);
        let ctx = Ctx {
            exec: &self.exec,
            state: t.state,
            entered: t.entered_at,
            retry: t.retry_total,
            token,
            item,
        };
        let env = Env::new(input, &vars, &ctx);
        f(&mut self.ev, &env)
    }

    fn template(&mut self, tid: usize, tpl: &Value, input: &Value) -> Result<Value, Failure> {
        self.with_env(tid, input, None, None, |ev, env| ev.template(tpl, env))
    }

    fn path(&mut self, tid: usize, path: &str, input: &Value) -> Result<Option<Value>, Failure> {
        self.with_env(tid, input, None, None, |ev, env| ev.path(path, env))
    }

    fn check_size(&self, v: &Value, what: &str) -> Result<(), Failure> {
        if self.limits.max_payload_bytes == usize::MAX {
            return Ok(());
        }
        let size = json_size(v);
        if size > self.limits.max_payload_bytes {
            return Err(Failure::new(
                names::DATA_LIMIT_EXCEEDED,
                format!(
                    "The {what} has a size of {size} bytes, exceeding the maximum of {} bytes.",
                    self.limits.max_payload_bytes
                ),
            ));
        }
        Ok(())
    }

    fn input_path(
        &mut self,
        tid: usize,
        common: &Common,
        raw: &Arc<Value>,
    ) -> Result<Arc<Value>, Failure> {
        self.filter_path(tid, common.input_path.as_ref(), raw, "InputPath")
    }

    fn output_path(
        &mut self,
        tid: usize,
        common: &Common,
        out: Arc<Value>,
    ) -> Result<Arc<Value>, Failure> {
        self.filter_path(tid, common.output_path.as_ref(), &out, "OutputPath")
    }

    fn filter_path(
        &mut self,
        tid: usize,
        path: Option<&NullablePath>,
        data: &Arc<Value>,
        field: &str,
    ) -> Result<Arc<Value>, Failure> {
        match path {
            None => Ok(Arc::clone(data)),
            Some(NullablePath::Null) => Ok(Arc::new(json!({}))),
            Some(NullablePath::Path(p)) if p == "$" => Ok(Arc::clone(data)),
            Some(NullablePath::Path(p)) => match self.path(tid, p, data)? {
                Some(v) => Ok(Arc::new(v)),
                None => Err(Failure::runtime(format!(
                    "Invalid path '{p}' : The {field} '{p}' references nothing in the input '{}'",
                    compact(data)
                ))),
            },
        }
    }

    /// ResultPath: where the result goes in the state's raw input.
    fn result_path(
        &mut self,
        raw: &Arc<Value>,
        rp: Option<&NullablePath>,
        result: Arc<Value>,
    ) -> Result<Arc<Value>, Failure> {
        match rp {
            None => Ok(result),
            Some(NullablePath::Null) => Ok(Arc::clone(raw)),
            Some(NullablePath::Path(p)) => {
                let fail = |why: String| {
                    Failure::new(
                        names::RESULT_PATH_MATCH_FAILURE,
                        format!(
                            "Unable to apply ResultPath '{p}' to input '{}': {why}",
                            compact(raw)
                        ),
                    )
                };
                let path = self
                    .ev
                    .paths
                    .get(p)
                    .map_err(|f| fail(f.cause.unwrap_or_default()))?;
                if path.root != asl_model::path::Root::Input || !path.is_reference_path() {
                    return Err(fail(
                        "a ResultPath must be a reference path starting at '$'".into(),
                    ));
                }
                if path.segments.is_empty() {
                    return Ok(result);
                }
                let mut doc = (**raw).clone();
                let value = Arc::try_unwrap(result).unwrap_or_else(|a| (*a).clone());
                write_at(&mut doc, &path.segments, value).map_err(fail)?;
                Ok(Arc::new(doc))
            }
        }
    }

    /// Evaluates an `Assign` block with `$` bound to `dollar`; committed later by [`Self::commit`].
    fn assign(
        &mut self,
        tid: usize,
        assign: Option<&IndexMap<String, Value>>,
        dollar: &Value,
    ) -> Result<Vec<(String, Value)>, Failure> {
        let Some(assign) = assign else {
            return Ok(Vec::new());
        };
        let out = self.with_env(tid, dollar, None, None, |ev, env| {
            let mut out = Vec::with_capacity(assign.len());
            for (k, v) in assign {
                match k.strip_suffix(".$").filter(|n| !n.is_empty()) {
                    Some(name) => out.push((name.to_string(), ev.dynamic(k, v, env)?)),
                    None => out.push((k.clone(), ev.template(v, env)?)),
                }
            }
            Ok(out)
        })?;
        let total: usize = out.iter().map(|(k, v)| k.len() + json_size(v)).sum();
        if total > self.limits.max_payload_bytes {
            return Err(Failure::new(
                names::DATA_LIMIT_EXCEEDED,
                format!("The variables assigned have a size of {total} bytes, exceeding the maximum of {} bytes.", self.limits.max_payload_bytes),
            ));
        }
        Ok(out)
    }

    fn commit(&mut self, tid: usize, assigned: Vec<(String, Value)>) {
        if assigned.is_empty() {
            return;
        }
        let vars = Rc::make_mut(&mut self.threads[tid].vars);
        for (k, v) in assigned {
            vars.set(k, v);
        }
    }

    fn current(&self, tid: usize) -> Option<&'m State> {
        let t = &self.threads[tid];
        t.states.get(t.state)
    }

    /// The `…StateExited` event, then the transition.
    fn exit(&mut self, tid: usize, state: &'m State, out: Arc<Value>) -> Step<'m> {
        let name = self.threads[tid].state;
        if let Some(ty) = exited_type(state) {
            let details = EventDetails {
                output: Some(Arc::clone(&out)),
                ..EventDetails::default()
            };
            self.record(Some(tid), ty, Some(name), details);
        }
        match state {
            State::Succeed(_) => Step::End(out),
            State::Choice(_) | State::Fail(_) => {
                Step::Fail(Failure::runtime("internal: no transition"))
            }
            _ => match state.transition() {
                Some(Transition::Next(n)) | Some(Transition::Both(n)) => {
                    Step::Next(n.as_str(), out)
                }
                Some(Transition::End) => Step::End(out),
                _ => Step::Fail(Failure::runtime(format!(
                    "The state '{name}' has neither Next nor End."
                ))),
            },
        }
    }

    // ---------------------------------------------------------------- states

    fn enter(&mut self, tid: usize) -> Step<'m> {
        let (states, name) = (self.threads[tid].states, self.threads[tid].state);
        let Some(state) = states.get(name) else {
            return Step::Fail(Failure::runtime(format!(
                "There is no state named '{name}' to transition to."
            )));
        };
        let t = &mut self.threads[tid];
        t.entered_at = self.now;
        t.retry_counts.clear();
        t.retry_by_name.clear();
        t.retry_total = 0;
        let input = Arc::clone(&t.input);
        if !t.recorded {
            t.child_states += 1;
            if t.child_states.saturating_mul(2) >= self.limits.max_history_events {
                return Step::Fail(Failure::runtime(format!(
                    "The child execution reached the maximum number of history events ({}).",
                    self.limits.max_history_events
                )));
            }
        }
        let details = EventDetails {
            input: Some(input),
            ..EventDetails::default()
        };
        self.record(Some(tid), entered_type(state), Some(name), details);
        if self.ending.is_some() {
            return Step::Block;
        }
        self.entered.push(name.to_string());
        if self.query_language(state.common()) == QueryLanguage::Jsonata {
            return Step::Fail(Failure::new(
                names::UNSUPPORTED,
                format!("not yet supported by asl-local: JSONata (the state '{name}' uses QueryLanguage JSONata)"),
            ));
        }
        match state {
            State::Pass(s) => self.pass(tid, state, s),
            State::Choice(s) => self.choice(tid, state, s),
            State::Wait(s) => self.wait(tid, s),
            State::Succeed(s) => {
                let raw = Arc::clone(&self.threads[tid].input);
                let r = self
                    .input_path(tid, &s.common, &raw)
                    .and_then(|eff| self.output_path(tid, &s.common, eff));
                match r {
                    Ok(out) => self.exit(tid, state, out),
                    Err(f) => Step::Fail(f),
                }
            }
            State::Fail(s) => {
                let raw = Arc::clone(&self.threads[tid].input);
                let error = match (&s.error, &s.error_path) {
                    (Some(e), _) => Ok(Some(e.clone())),
                    (None, Some(p)) => self.fail_field(tid, "ErrorPath", p, &raw).map(Some),
                    (None, None) => Ok(None),
                };
                let cause = match (&s.cause, &s.cause_path) {
                    (Some(c), _) => Ok(Some(c.clone())),
                    (None, Some(p)) => self.fail_field(tid, "CausePath", p, &raw).map(Some),
                    (None, None) => Ok(None),
                };
                match (error, cause) {
                    (Ok(error), Ok(cause)) => Step::Fail(Failure { error, cause }),
                    (Err(f), _) | (_, Err(f)) => Step::Fail(f),
                }
            }
            State::Task(_) | State::Parallel(_) | State::Map(_) => self.attempt(tid),
        }
    }

    /// `ErrorPath`/`CausePath`: a path or an intrinsic, which must give a string.
    fn fail_field(
        &mut self,
        tid: usize,
        field: &str,
        path: &str,
        raw: &Value,
    ) -> Result<String, Failure> {
        let key = format!("{field}.$");
        let v = self.with_env(tid, raw, None, None, |ev, env| {
            ev.dynamic(&key, &Value::String(path.to_string()), env)
        })?;
        match v {
            Value::String(s) => Ok(s),
            other => Err(Failure::runtime(format!(
                "The {field} '{path}' must reference a string, but it is {}",
                kind_of(&other)
            ))),
        }
    }

    fn pass(&mut self, tid: usize, state: &'m State, s: &'m PassState) -> Step<'m> {
        let raw = Arc::clone(&self.threads[tid].input);
        let r = (|| {
            let eff = self.input_path(tid, &s.common, &raw)?;
            let result = match (&s.result, &s.parameters) {
                (Some(r), _) => Arc::new(r.clone()),
                (None, Some(p)) => {
                    let v = self.template(tid, p, &eff)?;
                    self.check_size(&v, "Parameters output")?;
                    Arc::new(v)
                }
                (None, None) => eff,
            };
            let assigned = self.assign(tid, s.common.assign.as_ref(), &result)?;
            let out = self.result_path(&raw, s.result_path.as_ref(), result)?;
            let out = self.output_path(tid, &s.common, out)?;
            self.check_size(&out, "state output")?;
            Ok((out, assigned))
        })();
        match r {
            Ok((out, assigned)) => {
                self.commit(tid, assigned);
                self.exit(tid, state, out)
            }
            Err(f) => Step::Fail(f),
        }
    }

    fn choice(&mut self, tid: usize, state: &'m State, s: &'m asl_model::ChoiceState) -> Step<'m> {
        let raw = Arc::clone(&self.threads[tid].input);
        let r = (|| {
            let eff = self.input_path(tid, &s.common, &raw)?;
            let mut chosen = None;
            for rule in &s.choices {
                let hit = self.with_env(tid, &eff, None, None, |ev, env| {
                    choice::holds(&rule.condition, env, ev)
                })?;
                if hit {
                    chosen = Some((rule.next.as_str(), rule.assign.as_ref()));
                    break;
                }
            }
            let (next, assign) = match (chosen, &s.default) {
                (Some(c), _) => c,
                (None, Some(d)) => (d.as_str(), s.common.assign.as_ref()),
                (None, None) => {
                    return Err(Failure::new(
                        names::NO_CHOICE_MATCHED,
                        format!(
                            "No Choice Rule of the state '{}' matched, and it has no Default.",
                            self.threads[tid].state
                        ),
                    ))
                }
            };
            let assigned = self.assign(tid, assign, &eff)?;
            let out = self.output_path(tid, &s.common, eff)?;
            Ok((next, out, assigned))
        })();
        match r {
            Ok((next, out, assigned)) => {
                self.commit(tid, assigned);
                let name = self.threads[tid].state;
                let details = EventDetails {
                    output: Some(Arc::clone(&out)),
                    ..EventDetails::default()
                };
                self.record(Some(tid), EventType::ChoiceStateExited, Some(name), details);
                let _ = state;
                Step::Next(next, out)
            }
            Err(f) => Step::Fail(f),
        }
    }

    fn wait(&mut self, tid: usize, s: &'m WaitState) -> Step<'m> {
        let raw = Arc::clone(&self.threads[tid].input);
        let r = (|| {
            let eff = self.input_path(tid, &s.common, &raw)?;
            let until = match (&s.seconds, &s.timestamp, &s.seconds_path, &s.timestamp_path) {
                (Some(Expr::Value(n)), ..) => self.now.saturating_add(secs_to_ms(*n)),
                (_, Some(Expr::Value(ts)), ..) => parse_millis(ts)
                    .ok_or_else(|| Failure::runtime(format!("The Timestamp '{ts}' is not an RFC 3339 timestamp.")))?,
                (_, _, Some(p), _) => match self.path(tid, p, &eff)? {
                    Some(Value::Number(n)) if n.as_u64().is_some() => {
                        self.now.saturating_add(secs_to_ms(n.as_u64().unwrap_or(0)))
                    }
                    Some(other) => {
                        return Err(Failure::runtime(format!(
                            "The SecondsPath '{p}' must reference a non-negative integer, but it references {}",
                            compact(&other)
                        )))
                    }
                    None => return Err(Failure::runtime(format!("The SecondsPath '{p}' references nothing in the input."))),
                },
                (_, _, _, Some(p)) => match self.path(tid, p, &eff)? {
                    Some(Value::String(ts)) => parse_millis(&ts).ok_or_else(|| {
                        Failure::runtime(format!("The TimestampPath '{p}' references '{ts}', which is not an RFC 3339 timestamp."))
                    })?,
                    Some(other) => {
                        return Err(Failure::runtime(format!(
                            "The TimestampPath '{p}' must reference a timestamp string, but it references {}",
                            kind_of(&other)
                        )))
                    }
                    None => {
                        return Err(Failure::runtime(format!("The TimestampPath '{p}' references nothing in the input.")))
                    }
                },
                (Some(Expr::Jsonata(_)), ..) | (_, Some(Expr::Jsonata(_)), ..) => {
                    return Err(Failure::new(names::UNSUPPORTED, "not yet supported by asl-local: JSONata"))
                }
                _ => return Err(Failure::runtime("The Wait state has none of Seconds, Timestamp, SecondsPath, TimestampPath.")),
            };
            let assigned = self.assign(tid, s.common.assign.as_ref(), &eff)?;
            let out = self.output_path(tid, &s.common, eff)?;
            Ok((until, out, assigned))
        })();
        match r {
            Ok((until, out, assigned)) => {
                self.threads[tid].phase = Phase::Waiting(out, assigned);
                let until = until.min(self.now.saturating_add(MAX_DELAY_MS));
                self.schedule(tid, until);
                Step::Block
            }
            Err(f) => Step::Fail(f),
        }
    }

    fn wait_done(
        &mut self,
        tid: usize,
        out: Arc<Value>,
        assigned: Vec<(String, Value)>,
    ) -> Step<'m> {
        let Some(state) = self.current(tid) else {
            return Step::Fail(Failure::runtime("internal: lost the Wait state"));
        };
        self.commit(tid, assigned);
        self.exit(tid, state, out)
    }

    /// Runs (or re-runs, after a retry interval) the work of a Task, Parallel or Map state.
    fn attempt(&mut self, tid: usize) -> Step<'m> {
        let step = match self.current(tid) {
            Some(State::Task(s)) => self.task_attempt(tid, s),
            Some(State::Parallel(s)) => self.parallel_attempt(tid, s),
            Some(State::Map(s)) => self.map_attempt(tid, s),
            _ => Err(Failure::runtime(
                "internal: attempt on a state without work",
            )),
        };
        match step {
            Ok(step) => step,
            Err(f) => self.state_error(tid, f),
        }
    }

    fn positive_seconds(
        &mut self,
        tid: usize,
        field: &str,
        path: &str,
        eff: &Value,
    ) -> Result<u64, Failure> {
        match self.path(tid, path, eff)? {
            Some(Value::Number(n)) if n.as_u64().is_some_and(|x| x > 0) => {
                Ok(n.as_u64().unwrap_or(1))
            }
            Some(other) => Err(Failure::runtime(format!(
                "The {field} '{path}' must reference a positive integer, but it references {}",
                compact(&other)
            ))),
            None => Err(Failure::runtime(format!(
                "The {field} '{path}' references nothing in the input."
            ))),
        }
    }

    fn task_attempt(&mut self, tid: usize, s: &'m TaskState) -> Result<Step<'m>, Failure> {
        let raw = Arc::clone(&self.threads[tid].input);
        let eff = self.input_path(tid, &s.common, &raw)?;
        let token = self.ev.rng.uuid_v4();
        let params = match &s.parameters {
            Some(p) => {
                let v =
                    self.with_env(tid, &eff, Some(&token), None, |ev, env| ev.template(p, env))?;
                self.check_size(&v, "Parameters output")?;
                v
            }
            None => (*eff).clone(),
        };
        let timeout = match (&s.timeout_seconds, &s.timeout_seconds_path) {
            (Some(Expr::Value(n)), _) => *n,
            (_, Some(p)) => self.positive_seconds(tid, "TimeoutSecondsPath", p, &eff)?,
            _ => DEFAULT_TASK_TIMEOUT_SECONDS,
        };
        let heartbeat = match (&s.heartbeat_seconds, &s.heartbeat_seconds_path) {
            (Some(Expr::Value(n)), _) => Some(*n),
            (_, Some(p)) => Some(self.positive_seconds(tid, "HeartbeatSecondsPath", p, &eff)?),
            _ => None,
        };
        let tgt = target(&s.resource, params);
        let [scheduled, started, _, failed, timed_out] = task_events(tgt.kind);
        let name = self.threads[tid].state;
        let sched_details = EventDetails {
            resource: Some(tgt.resource.clone()),
            parameters: Some(Arc::new(tgt.payload.clone())),
            timeout_seconds: s
                .timeout_seconds
                .is_some()
                .then_some(timeout)
                .or(s.timeout_seconds_path.as_ref().map(|_| timeout)),
            heartbeat_seconds: heartbeat,
            ..EventDetails::default()
        };
        self.record(Some(tid), scheduled, Some(name), sched_details);
        self.record(Some(tid), started, Some(name), EventDetails::default());
        let raw_resource = match &s.resource {
            Resource::Arn(a) => a.as_str(),
            Resource::Intrinsic(_) => "",
        };
        if is_submitted_pattern(raw_resource) {
            self.record(
                Some(tid),
                EventType::TaskSubmitted,
                Some(name),
                EventDetails::default(),
            );
        }
        if self.ending.is_some() {
            return Ok(Step::Block);
        }
        let call = TaskCall {
            state: name.to_string(),
            resource: tgt.resource.clone(),
            kind: tgt.kind,
            input: tgt.payload,
            attempt: self.threads[tid].retry_total,
            time: self.now,
            task_token: token,
        };
        let outcome = match self.registry.call(&tgt.keys, &call) {
            Dispatch::Done(o) => o,
            Dispatch::Missing(why) => {
                let f = Failure::new(names::NO_HANDLER, why);
                let details = EventDetails {
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                    ..EventDetails::default()
                };
                self.record(Some(tid), failed, Some(name), details);
                return Err(f);
            }
        };
        self.calls.push(call);
        let (at, end) = self.task_timing(outcome, timeout, heartbeat);
        let _ = timed_out;
        self.threads[tid].phase = Phase::Task(Box::new(TaskRun {
            kind: tgt.kind,
            end,
        }));
        self.schedule(tid, at);
        Ok(Step::Block)
    }

    /// When the task's result arrives, or when a timeout trips first.
    fn task_timing(
        &self,
        outcome: Outcome,
        timeout: u64,
        heartbeat: Option<u64>,
    ) -> (i64, TaskEnd) {
        let duration = if outcome.never {
            None
        } else {
            Some(outcome.duration.map_or(0, |d| {
                i64::try_from(d.as_millis())
                    .unwrap_or(i64::MAX)
                    .min(MAX_DELAY_MS)
            }))
        };
        let timeout_ms = secs_to_ms(timeout);
        let beats_ok = |hb_ms: i64| {
            outcome
                .heartbeat
                .is_some_and(|iv| i64::try_from(iv.as_millis()).unwrap_or(i64::MAX) <= hb_ms)
        };
        let hb_deadline = heartbeat.map(secs_to_ms).filter(|&hb| !beats_ok(hb));
        let limit = hb_deadline.map_or(timeout_ms, |hb| hb.min(timeout_ms));
        match duration {
            Some(d) if d <= limit => {
                let end = match outcome.result {
                    Ok(v) => TaskEnd::Result(v),
                    Err(e) => TaskEnd::Error(e),
                };
                (self.now.saturating_add(d), end)
            }
            _ => match hb_deadline {
                Some(hb) if hb < timeout_ms => (
                    self.now.saturating_add(hb),
                    TaskEnd::TimedOut(Failure::new(
                        names::HEARTBEAT_TIMEOUT,
                        format!(
                            "No heartbeat was received for {} s (HeartbeatSeconds).",
                            hb / 1000
                        ),
                    )),
                ),
                _ => (
                    self.now.saturating_add(timeout_ms),
                    TaskEnd::TimedOut(Failure::new(
                        names::TIMEOUT,
                        format!("The task ran longer than {timeout} s (TimeoutSeconds)."),
                    )),
                ),
            },
        }
    }

    fn task_done(&mut self, tid: usize, run: TaskRun) -> Step<'m> {
        let Some(state @ State::Task(s)) = self.current(tid) else {
            return Step::Fail(Failure::runtime("internal: lost the Task state"));
        };
        let name = self.threads[tid].state;
        let [_, _, succeeded, failed, timed_out] = task_events(run.kind);
        match run.end {
            TaskEnd::Result(v) => {
                let v = if run.kind == ResourceKind::LambdaInvoke {
                    self.lambda_invoke_response(v)
                } else {
                    v
                };
                let v = Arc::new(v);
                let details = EventDetails {
                    output: Some(Arc::clone(&v)),
                    ..EventDetails::default()
                };
                self.record(Some(tid), succeeded, Some(name), details);
                if let Err(f) = self.check_size(&v, "task result") {
                    return self.state_error(tid, f);
                }
                self.complete(
                    tid,
                    state,
                    &s.common,
                    v,
                    s.result_selector.as_ref(),
                    s.result_path.as_ref(),
                )
            }
            TaskEnd::Error(e) => {
                let details = EventDetails {
                    error: Some(e.error.clone()),
                    cause: Some(e.cause.clone()),
                    ..EventDetails::default()
                };
                self.record(Some(tid), failed, Some(name), details);
                self.state_error(
                    tid,
                    Failure {
                        error: Some(e.error),
                        cause: Some(e.cause),
                    },
                )
            }
            TaskEnd::TimedOut(f) => {
                let details = EventDetails {
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                    ..EventDetails::default()
                };
                self.record(Some(tid), timed_out, Some(name), details);
                self.state_error(tid, f)
            }
        }
    }

    /// The Lambda Invoke API response Step Functions returns for `arn:aws:states:::lambda:invoke`.
    fn lambda_invoke_response(&mut self, payload: Value) -> Value {
        let request_id = self.ev.rng.uuid_v4();
        json!({
            "ExecutedVersion": "$LATEST",
            "Payload": payload,
            "SdkHttpMetadata": {
                "AllHttpHeaders": {
                    "X-Amz-Executed-Version": ["$LATEST"],
                    "x-amzn-RequestId": [request_id],
                    "Content-Type": ["application/json"],
                },
                "HttpHeaders": {
                    "X-Amz-Executed-Version": "$LATEST",
                    "x-amzn-RequestId": request_id,
                    "Content-Type": "application/json",
                },
                "HttpStatusCode": 200,
            },
            "SdkResponseMetadata": {"RequestId": request_id},
            "StatusCode": 200,
        })
    }

    /// After a Task, Parallel or Map produced its result: Assign, ResultSelector, ResultPath,
    /// OutputPath, the size limit, the exit event and the transition.
    fn complete(
        &mut self,
        tid: usize,
        state: &'m State,
        common: &'m Common,
        result: Arc<Value>,
        selector: Option<&'m Value>,
        rp: Option<&'m NullablePath>,
    ) -> Step<'m> {
        let raw = Arc::clone(&self.threads[tid].input);
        let r = (|| {
            let assigned = self.assign(tid, common.assign.as_ref(), &result)?;
            let selected = match selector {
                Some(sel) => Arc::new(self.template(tid, sel, &result)?),
                None => result,
            };
            let out = self.result_path(&raw, rp, selected)?;
            let out = self.output_path(tid, common, out)?;
            self.check_size(&out, "state output")?;
            Ok((out, assigned))
        })();
        match r {
            Ok((out, assigned)) => {
                self.commit(tid, assigned);
                self.exit(tid, state, out)
            }
            Err(f) => self.state_error(tid, f),
        }
    }

    /// An error in a Task, Parallel or Map state: retry, catch, or fail the thread.
    fn state_error(&mut self, tid: usize, f: Failure) -> Step<'m> {
        if f.is_terminal() {
            return Step::Fail(f);
        }
        let Some(state) = self.current(tid) else {
            return Step::Fail(f);
        };
        let Some(eh) = state.error_handling() else {
            return Step::Fail(f);
        };
        if let Some(retriers) = &eh.retry {
            if let Some((i, r)) = retriers
                .iter()
                .enumerate()
                .find(|(_, r)| any_matches(&r.error_equals, &f))
            {
                let t = &mut self.threads[tid];
                if t.retry_counts.len() < retriers.len() {
                    t.retry_counts.resize(retriers.len(), 0);
                }
                let done = t.retry_counts[i];
                let name = f.error_name();
                let for_name = t
                    .retry_by_name
                    .iter()
                    .find(|(k, n, _)| *k == i && n == name)
                    .map_or(0, |e| e.2);
                let max = u64::try_from(r.max_attempts.unwrap_or(3).max(0)).unwrap_or(0);
                if u64::from(for_name) < max {
                    match t
                        .retry_by_name
                        .iter_mut()
                        .find(|(k, n, _)| *k == i && n == name)
                    {
                        Some(e) => e.2 += 1,
                        None => t.retry_by_name.push((i, name.to_string(), 1)),
                    }
                    let mut delay = r.interval_seconds.unwrap_or(1) as f64
                        * r.backoff_rate.unwrap_or(2.0).powi(done as i32);
                    if let Some(cap) = r.max_delay_seconds {
                        delay = delay.min(cap as f64);
                    }
                    if r.jitter_strategy == Some(JitterStrategy::Full) {
                        delay *= self.ev.rng.next_f64();
                    }
                    let ms = if delay.is_finite() {
                        (delay * 1000.0).round().clamp(0.0, MAX_DELAY_MS as f64) as i64
                    } else {
                        MAX_DELAY_MS
                    };
                    let t = &mut self.threads[tid];
                    t.retry_counts[i] += 1;
                    t.retry_total += 1;
                    t.phase = Phase::Backoff;
                    self.schedule(tid, self.now.saturating_add(ms));
                    return Step::Block;
                }
            }
        }
        if let Some(catchers) = &eh.catch {
            if let Some(c) = catchers.iter().find(|c| any_matches(&c.error_equals, &f)) {
                let raw = Arc::clone(&self.threads[tid].input);
                let error_output = Arc::new(f.error_output());
                let r = (|| {
                    let assigned = self.assign(tid, c.assign.as_ref(), &error_output)?;
                    let out = self.result_path(&raw, c.result_path.as_ref(), error_output)?;
                    self.check_size(&out, "state output")?;
                    Ok((out, assigned))
                })();
                return match r {
                    Ok((out, assigned)) => {
                        self.commit(tid, assigned);
                        let name = self.threads[tid].state;
                        if let Some(ty) = exited_type(state) {
                            let details = EventDetails {
                                output: Some(Arc::clone(&out)),
                                ..EventDetails::default()
                            };
                            self.record(Some(tid), ty, Some(name), details);
                        }
                        Step::Next(c.next.as_str(), out)
                    }
                    Err(f2) => Step::Fail(f2),
                };
            }
        }
        Step::Fail(f)
    }

    // ---------------------------------------------------------------- Parallel and Map

    fn parallel_attempt(&mut self, tid: usize, s: &'m ParallelState) -> Result<Step<'m>, Failure> {
        let raw = Arc::clone(&self.threads[tid].input);
        let eff = self.input_path(tid, &s.common, &raw)?;
        let branch_input = match &s.parameters {
            Some(p) => {
                let v = self.template(tid, p, &eff)?;
                self.check_size(&v, "Parameters output")?;
                Arc::new(v)
            }
            None => eff,
        };
        let name = self.threads[tid].state;
        let anchor = self.record(
            Some(tid),
            EventType::ParallelStateStarted,
            Some(name),
            EventDetails::default(),
        );
        let n = s.branches.len();
        let mut fan = Box::new(Fanout {
            map: None,
            results: vec![None; n],
            remaining: n,
            failure: None,
            woken: false,
            anchor,
        });
        let recorded = self.threads[tid].recorded;
        let vars = Rc::clone(&self.threads[tid].vars);
        let mut kids = Vec::with_capacity(n);
        for (i, b) in s.branches.iter().enumerate() {
            let child = self.spawn(
                &b.states,
                &b.start_at,
                Arc::clone(&branch_input),
                Some((tid, i)),
                Vars::child(&vars),
                recorded,
                anchor,
            );
            kids.push(child);
        }
        if n == 0 {
            fan.woken = true;
            self.threads[tid].phase = Phase::Fanout(fan);
            self.schedule(tid, self.now);
        } else {
            self.threads[tid].phase = Phase::Fanout(fan);
            for k in kids {
                self.schedule(k, self.now);
            }
        }
        Ok(Step::Block)
    }

    fn map_attempt(&mut self, tid: usize, s: &'m MapState) -> Result<Step<'m>, Failure> {
        let raw = Arc::clone(&self.threads[tid].input);
        let eff = self.input_path(tid, &s.common, &raw)?;
        let Some(processor) = s.processor() else {
            return Err(Failure::runtime(
                "The Map state has neither ItemProcessor nor Iterator.",
            ));
        };
        let items: Vec<Value> = match &s.item_reader {
            Some(reader) => self.read_items(tid, reader, &eff)?,
            None => {
                let ip = s.items_path.as_deref().unwrap_or("$");
                match self.path(tid, ip, &eff)? {
                    Some(Value::Array(a)) => a,
                    Some(other) => {
                        return Err(Failure::runtime(format!(
                            "The ItemsPath '{ip}' must reference an array, but it references {}",
                            kind_of(&other)
                        )))
                    }
                    None => {
                        return Err(Failure::runtime(format!(
                            "Invalid path '{ip}' : The ItemsPath '{ip}' references nothing in the input '{}'",
                            compact(&eff)
                        )))
                    }
                }
            }
        };
        let selector = s.item_selector.as_ref().or(s.parameters.as_ref());
        let mut selected = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let v = match selector {
                Some(sel) => self.with_env(tid, &eff, None, Some((i, &item)), |ev, env| {
                    ev.template(sel, env)
                })?,
                None => item,
            };
            self.check_size(&v, "Map iteration input")?;
            selected.push(v);
        }
        let inputs = match &s.item_batcher {
            Some(b) => self.batch(tid, b, selected, &eff)?,
            None => selected,
        };
        let distributed = is_distributed(s);
        let max = match (&s.max_concurrency, &s.max_concurrency_path) {
            (Some(Expr::Value(n)), _) => *n,
            (_, Some(p)) => match self.path(tid, p, &eff)? {
                Some(Value::Number(n)) if n.as_u64().is_some() => n.as_u64().unwrap_or(0),
                other => {
                    return Err(Failure::runtime(format!(
                        "The MaxConcurrencyPath '{p}' must reference a non-negative integer, but it references {}",
                        other.map_or("nothing".to_string(), |v| compact(&v))
                    )))
                }
            },
            _ => 0,
        };
        let cap = if distributed {
            DISTRIBUTED_MAX_CONCURRENCY
        } else {
            INLINE_MAX_CONCURRENCY
        };
        let max = if max == 0 {
            cap
        } else {
            usize::try_from(max).unwrap_or(cap).min(cap)
        };
        let count = match (&s.tolerated_failure_count, &s.tolerated_failure_count_path) {
            (Some(Expr::Value(n)), _) => Some(*n),
            (_, Some(p)) => Some(self.non_negative(tid, "ToleratedFailureCountPath", p, &eff)?),
            _ => None,
        };
        let pct = match (
            &s.tolerated_failure_percentage,
            &s.tolerated_failure_percentage_path,
        ) {
            (Some(Expr::Value(n)), _) => Some(*n),
            (_, Some(p)) => {
                Some(self.non_negative(tid, "ToleratedFailurePercentagePath", p, &eff)? as f64)
            }
            _ => None,
        };
        let tolerance = match (count, pct) {
            (None, None) if distributed => Some((Some(0), None)),
            (None, None) => None,
            other => Some(other),
        };
        let name = self.threads[tid].state;
        let mut anchor = self.record(
            Some(tid),
            EventType::MapStateStarted,
            Some(name),
            EventDetails::default(),
        );
        if distributed {
            anchor = self.record(
                Some(tid),
                EventType::MapRunStarted,
                Some(name),
                EventDetails::default(),
            );
        }
        let n = inputs.len();
        let mut fan = Box::new(Fanout {
            map: Some(MapRun {
                processor,
                inputs,
                next: 0,
                running: 0,
                max,
                distributed,
                tolerance,
                failures: 0,
            }),
            results: vec![None; n],
            remaining: n,
            failure: None,
            woken: false,
            anchor,
        });
        if n == 0 {
            fan.woken = true;
            self.threads[tid].phase = Phase::Fanout(fan);
            self.schedule(tid, self.now);
            return Ok(Step::Block);
        }
        self.fill_map(tid, &mut fan);
        self.threads[tid].phase = Phase::Fanout(fan);
        Ok(Step::Block)
    }

    fn non_negative(
        &mut self,
        tid: usize,
        field: &str,
        path: &str,
        eff: &Value,
    ) -> Result<u64, Failure> {
        match self.path(tid, path, eff)? {
            Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64().unwrap_or(0)),
            other => Err(Failure::runtime(format!(
                "The {field} '{path}' must reference a non-negative integer, but it references {}",
                other.map_or("nothing".to_string(), |v| compact(&v))
            ))),
        }
    }

    /// ItemBatcher: groups the (selected) items into `{"Items": [...], "BatchInput": ...}`.
    fn batch(
        &mut self,
        tid: usize,
        b: &'m asl_model::ItemBatcher,
        items: Vec<Value>,
        eff: &Value,
    ) -> Result<Vec<Value>, Failure> {
        let max_items = match (&b.max_items_per_batch, &b.max_items_per_batch_path) {
            (Some(Expr::Value(n)), _) => Some(*n),
            (_, Some(p)) => Some(self.non_negative(tid, "MaxItemsPerBatchPath", p, eff)?),
            _ => None,
        }
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX).max(1));
        let max_bytes = match (
            &b.max_input_bytes_per_batch,
            &b.max_input_bytes_per_batch_path,
        ) {
            (Some(Expr::Value(n)), _) => Some(*n),
            (_, Some(p)) => Some(self.non_negative(tid, "MaxInputBytesPerBatchPath", p, eff)?),
            _ => None,
        }
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
        let batch_input = match &b.batch_input {
            Some(t) => Some(self.template(tid, t, eff)?),
            None => None,
        };
        let mut batches = Vec::new();
        let mut current: Vec<Value> = Vec::new();
        let mut bytes = 0usize;
        for item in items {
            let size = json_size(&item);
            let full_items = max_items.is_some_and(|m| current.len() >= m);
            let full_bytes = max_bytes.is_some_and(|m| !current.is_empty() && bytes + size > m);
            if full_items || full_bytes {
                batches.push(std::mem::take(&mut current));
                bytes = 0;
            }
            bytes += size + 1;
            current.push(item);
        }
        if !current.is_empty() {
            batches.push(current);
        }
        Ok(batches
            .into_iter()
            .map(|items| match &batch_input {
                Some(bi) => json!({"BatchInput": bi, "Items": items}),
                None => json!({"Items": items}),
            })
            .collect())
    }

    /// ItemReader: the handler registered for the reader's resource returns the items (asl-local
    /// reads no S3); `ReaderConfig.MaxItems` applies.
    fn read_items(
        &mut self,
        tid: usize,
        reader: &'m ItemReader,
        eff: &Value,
    ) -> Result<Vec<Value>, Failure> {
        let fail = |why: String| Failure::new(names::ITEM_READER_FAILED, why);
        let resource = match &reader.resource {
            Resource::Arn(a) => a.clone(),
            Resource::Intrinsic(v) => compact(v),
        };
        let params = match &reader.parameters {
            Some(p) => self.template(tid, p, eff)?,
            None => json!({}),
        };
        let mut keys = vec![resource.clone()];
        if strip_pattern(&resource) != resource {
            keys.push(strip_pattern(&resource).to_string());
        }
        let call = TaskCall {
            state: self.threads[tid].state.to_string(),
            resource: resource.clone(),
            kind: ResourceKind::Service,
            input: params,
            attempt: self.threads[tid].retry_total,
            time: self.now,
            task_token: String::new(),
        };
        let outcome = match self.registry.call(&keys, &call) {
            Dispatch::Done(o) => o,
            Dispatch::Missing(_) => {
                return Err(fail(format!(
                    "asl-local reads no S3: register a handler for the ItemReader resource '{resource}' that returns the items as a JSON array"
                )))
            }
        };
        self.calls.push(call);
        let items = match outcome.result {
            Ok(Value::Array(a)) => a,
            Ok(other) => {
                return Err(fail(format!(
                    "the ItemReader handler for '{resource}' returned {}, not an array of items",
                    kind_of(&other)
                )))
            }
            Err(e) => return Err(fail(format!("{}: {}", e.error, e.cause))),
        };
        let max = match reader.reader_config.as_ref() {
            Some(cfg) => match (&cfg.max_items, &cfg.max_items_path) {
                (Some(Expr::Value(n)), _) => Some(*n),
                (_, Some(p)) => Some(self.non_negative(tid, "MaxItemsPath", p, eff)?),
                _ => None,
            },
            None => None,
        };
        Ok(match max.filter(|&m| m > 0) {
            Some(m) => items
                .into_iter()
                .take(usize::try_from(m).unwrap_or(usize::MAX))
                .collect(),
            None => items,
        })
    }

    /// Starts Map iterations until the concurrency limit or the items run out.
    fn fill_map(&mut self, tid: usize, fan: &mut Fanout<'m>) {
        let anchor = fan.anchor;
        let Some(map) = fan.map.as_mut() else { return };
        let map_name = self.threads[tid].state;
        let recorded = self.threads[tid].recorded && !map.distributed;
        while map.running < map.max && map.next < map.inputs.len() {
            let i = map.next;
            map.next += 1;
            map.running += 1;
            let input = Arc::new(std::mem::take(&mut map.inputs[i]));
            let vars = if map.distributed {
                Rc::new(Vars::default())
            } else {
                Vars::child(&self.threads[tid].vars)
            };
            let child = self.spawn(
                &map.processor.states,
                &map.processor.start_at,
                input,
                Some((tid, i)),
                vars,
                recorded,
                anchor,
            );
            let details = EventDetails {
                index: Some(i),
                ..EventDetails::default()
            };
            self.record(
                Some(child),
                EventType::MapIterationStarted,
                Some(map_name),
                details,
            );
            self.schedule(child, self.now);
        }
    }

    fn child_done(
        &mut self,
        p: usize,
        slot: usize,
        child: usize,
        res: Result<Arc<Value>, Failure>,
    ) {
        let phase = std::mem::replace(&mut self.threads[p].phase, Phase::Done);
        let Phase::Fanout(mut fan) = phase else {
            self.threads[p].phase = phase;
            return;
        };
        self.threads[p].children.retain(|&c| c != child);
        if fan.failure.is_some() {
            self.threads[p].phase = Phase::Fanout(fan);
            return;
        }
        let map_name = self.threads[p].state;
        let value = |r: Arc<Value>| Arc::try_unwrap(r).unwrap_or_else(|a| (*a).clone());
        match fan.map.as_mut() {
            None => match res {
                Ok(out) => {
                    if let Some(r) = fan.results.get_mut(slot) {
                        *r = Some(value(out));
                    }
                    fan.remaining = fan.remaining.saturating_sub(1);
                }
                Err(f) => {
                    fan.failure = Some(f);
                    self.abort_children(p);
                }
            },
            Some(map) => {
                map.running = map.running.saturating_sub(1);
                let distributed = map.distributed;
                match res {
                    Ok(out) => {
                        if !distributed {
                            let details = EventDetails {
                                index: Some(slot),
                                ..EventDetails::default()
                            };
                            self.record(
                                Some(child),
                                EventType::MapIterationSucceeded,
                                Some(map_name),
                                details,
                            );
                        }
                        if let Some(r) = fan.results.get_mut(slot) {
                            *r = Some(value(out));
                        }
                        fan.remaining = fan.remaining.saturating_sub(1);
                    }
                    Err(f) => {
                        if !distributed {
                            let details = EventDetails {
                                index: Some(slot),
                                error: f.error.clone(),
                                cause: f.cause.clone(),
                                ..EventDetails::default()
                            };
                            self.record(
                                Some(child),
                                EventType::MapIterationFailed,
                                Some(map_name),
                                details,
                            );
                        }
                        map.failures += 1;
                        let total = fan.results.len();
                        let exceeded = match map.tolerance {
                            None => Some(f.clone()),
                            Some((count, pct)) => {
                                let over_count = count.is_some_and(|c| map.failures as u64 > c);
                                let over_pct = pct.is_some_and(|p| {
                                    map.failures as f64 * 100.0 / total.max(1) as f64 > p
                                });
                                (over_count || over_pct || f.is_terminal()).then(|| {
                                    if f.is_terminal() {
                                        f.clone()
                                    } else {
                                        Failure::new(
                                            names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                                            format!(
                                                "The Map state failed because {} of {total} iterations failed, more than the tolerated failures allow (last error: {}: {}).",
                                                map.failures,
                                                f.error_name(),
                                                f.cause.clone().unwrap_or_default()
                                            ),
                                        )
                                    }
                                })
                            }
                        };
                        match exceeded {
                            Some(fail) => {
                                fan.failure = Some(fail);
                                self.abort_children(p);
                            }
                            None => {
                                if let Some(r) = fan.results.get_mut(slot) {
                                    *r = Some(f.error_output());
                                }
                                fan.remaining = fan.remaining.saturating_sub(1);
                            }
                        }
                    }
                }
                if fan.failure.is_none() {
                    self.fill_map(p, &mut fan);
                }
            }
        }
        if (fan.failure.is_some() || fan.remaining == 0) && !fan.woken {
            fan.woken = true;
            self.threads[p].phase = Phase::Fanout(fan);
            self.schedule(p, self.now);
        } else {
            self.threads[p].phase = Phase::Fanout(fan);
        }
    }

    fn abort_children(&mut self, p: usize) {
        let kids = std::mem::take(&mut self.threads[p].children);
        for k in kids {
            if self.threads[k].alive {
                self.abort(k);
            }
        }
    }

    fn fanout_done(&mut self, tid: usize, fan: Box<Fanout<'m>>) -> Step<'m> {
        if !fan.woken {
            self.threads[tid].phase = Phase::Fanout(fan);
            return Step::Block;
        }
        let name = self.threads[tid].state;
        let state = self.current(tid);
        let distributed = fan.map.as_ref().is_some_and(|m| m.distributed);
        let (succeeded, failed) = if fan.map.is_some() {
            (EventType::MapStateSucceeded, EventType::MapStateFailed)
        } else {
            (
                EventType::ParallelStateSucceeded,
                EventType::ParallelStateFailed,
            )
        };
        if let Some(f) = fan.failure {
            let details = EventDetails {
                error: f.error.clone(),
                cause: f.cause.clone(),
                ..EventDetails::default()
            };
            if distributed {
                self.record(
                    Some(tid),
                    EventType::MapRunFailed,
                    Some(name),
                    details.clone(),
                );
            }
            self.record(Some(tid), failed, Some(name), details);
            return self.state_error(tid, f);
        }
        if distributed {
            self.record(
                Some(tid),
                EventType::MapRunSucceeded,
                Some(name),
                EventDetails::default(),
            );
        }
        self.record(Some(tid), succeeded, Some(name), EventDetails::default());
        let results = Value::Array(
            fan.results
                .into_iter()
                .map(|r| r.unwrap_or(Value::Null))
                .collect(),
        );
        match state {
            Some(st @ State::Parallel(s)) => self.complete(
                tid,
                st,
                &s.common,
                Arc::new(results),
                s.result_selector.as_ref(),
                s.result_path.as_ref(),
            ),
            Some(st @ State::Map(s)) => {
                let result = match &s.result_writer {
                    Some(w) => match self.write_results(tid, w, results) {
                        Ok(v) => v,
                        Err(f) => return self.state_error(tid, f),
                    },
                    None => results,
                };
                self.complete(
                    tid,
                    st,
                    &s.common,
                    Arc::new(result),
                    s.result_selector.as_ref(),
                    s.result_path.as_ref(),
                )
            }
            _ => Step::Fail(Failure::runtime("internal: lost the Parallel/Map state")),
        }
    }

    /// ResultWriter: the handler for the writer's resource gets `{"Parameters", "Results"}`; the
    /// Map's result is `{"MapRunArn", "ResultWriterDetails": <handler result>}`.
    fn write_results(
        &mut self,
        tid: usize,
        w: &'m asl_model::ResultWriter,
        results: Value,
    ) -> Result<Value, Failure> {
        let fail = |why: String| Failure::new(names::RESULT_WRITER_FAILED, why);
        let Some(resource) = w.resource.as_ref().map(|r| match r {
            Resource::Arn(a) => a.clone(),
            Resource::Intrinsic(v) => compact(v),
        }) else {
            // WriterConfig only (JSONata transformation without a resource): results are returned.
            return Ok(results);
        };
        let raw = Arc::clone(&self.threads[tid].input);
        let params = match &w.parameters {
            Some(p) => self.template(tid, p, &raw)?,
            None => json!({}),
        };
        let call = TaskCall {
            state: self.threads[tid].state.to_string(),
            resource: resource.clone(),
            kind: ResourceKind::Service,
            input: json!({"Parameters": params, "Results": results}),
            attempt: 0,
            time: self.now,
            task_token: String::new(),
        };
        let keys = vec![resource.clone(), strip_pattern(&resource).to_string()];
        let outcome = match self.registry.call(&keys, &call) {
            Dispatch::Done(o) => o,
            Dispatch::Missing(_) => {
                return Err(fail(format!(
                    "asl-local writes no S3: register a handler for the ResultWriter resource '{resource}'"
                )))
            }
        };
        self.calls.push(call);
        let details = outcome
            .result
            .map_err(|e| fail(format!("{}: {}", e.error, e.cause)))?;
        let run_id = self.ev.rng.uuid_v4();
        let map_run = format!(
            "{}:{}",
            self.exec
                .machine_id
                .replacen(":stateMachine:", ":mapRun:", 1),
            run_id
        );
        Ok(json!({"MapRunArn": map_run, "ResultWriterDetails": details}))
    }
}
