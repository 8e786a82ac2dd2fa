//! The interpreter: threads of control (the machine, Parallel branches, Map iterations) advanced
//! in simulated-time order from an event queue, the semantics of every state type, Retry/Catch,
//! history recording and the service limits.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::io::Write;
use std::rc::Rc;
use std::sync::Arc;

use asl_model::{
    Common, Graph, ItemReader, JitterStrategy, JsonataOr, MapState, NullablePath, ParallelState,
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
use crate::jsonata::JsonataCache;
use crate::query::{kind_of, write_at, Ctx, Env, ExecInfo, Vars};
use crate::template::Evaluator;

mod dataflow;
mod fanout;
mod jsonata_flow;
mod jsonata_states;
mod map;
mod recovery;
mod states;
mod task;

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
    let mut ev = Evaluator::new(config.seed).with_entropy(config.entropy.clone());
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
        jsonata: JsonataCache::with_entropy(config.entropy.clone()),
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
    /// The id of the current state's `…StateEntered` event (JSONata error messages cite it).
    entered_event: u64,
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
    jsonata: JsonataCache,
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

impl<'m, 'r> Engine<'m, 'r> {
    // ---------------------------------------------------------------- scheduling and history

    pub(super) fn schedule(&mut self, tid: usize, at: i64) {
        self.seq += 1;
        let generation = self.threads[tid].generation;
        self.queue
            .push(Reverse((at.max(self.now), self.seq, tid, generation)));
    }

    pub(super) fn run(mut self, input: Arc<Value>) -> Execution {
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
    pub(super) fn record(
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

    pub(super) fn finish(&mut self, tid: Option<usize>, ending: Ending) {
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
    pub(super) fn spawn(
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
            entered_event: 0,
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

    pub(super) fn run_thread(&mut self, tid: usize) {
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

    pub(super) fn thread_done(&mut self, tid: usize, res: Result<Arc<Value>, Failure>) {
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
    pub(super) fn abort(&mut self, tid: usize) {
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
}
