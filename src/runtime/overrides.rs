//! A test's values for what a run cannot decide itself — the UUIDs and random numbers the
//! workflow draws, the clock, and the execution's context (`ctx().execution.*`) — given to an
//! [`Env`](super::Env) and applied alike to the native run and to asl-local.

use std::cell::RefCell;
use std::rc::Rc;

use super::{Env, Failure};
use crate::context::ExecutionContext;
use crate::payload::Timestamp;
use asl_local::{Entropy, EntropySource, Executor};

/// asl-local's region and account, which its ARNs carry.
const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";

/// What an environment fixes; each field unset leaves the run's own value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Overrides {
    pub uuids: Vec<String>,
    pub randoms: Vec<f64>,
    /// The execution's start, RFC 3339 as given.
    pub clock: Option<String>,
    pub execution_name: Option<String>,
    pub state_machine_name: Option<String>,
    pub role_arn: Option<String>,
}

impl Overrides {
    /// Whether the execution's context is fixed (then natively it is asl-local's).
    fn sets_context(&self) -> bool {
        self.clock.is_some()
            || self.execution_name.is_some()
            || self.state_machine_name.is_some()
            || self.role_arn.is_some()
    }

    fn start_ms(&self) -> Result<i64, Failure> {
        match &self.clock {
            None => Ok(asl_local::DEFAULT_START_MS),
            Some(t) => asl_local::parse_millis(t).ok_or_else(|| Failure {
                error: "States.Runtime".into(),
                cause: format!(
                    "`Env::clock`: `{t}` is not an RFC 3339 timestamp (such as 2026-01-01T00:00:00Z)"
                ),
            }),
        }
    }

    /// The native run's `ctx().execution` when the context is fixed: what asl-local's context
    /// object holds with the same settings (`input` is the run's own).
    pub fn execution(
        &self,
        current: &ExecutionContext,
    ) -> Result<Option<ExecutionContext>, Failure> {
        if !self.sets_context() {
            return Ok(None);
        }
        let name = self
            .execution_name
            .clone()
            .unwrap_or_else(|| "native".into());
        let machine = self.machine_name();
        Ok(Some(ExecutionContext {
            id: format!("arn:aws:states:{REGION}:{ACCOUNT}:execution:{machine}:{name}"),
            name,
            start_time: Timestamp(asl_local::format_millis(self.start_ms()?)),
            input: current.input.clone(),
            role_arn: self
                .role_arn
                .clone()
                .unwrap_or_else(|| format!("arn:aws:iam::{ACCOUNT}:role/asl-local")),
        }))
    }

    fn machine_name(&self) -> &str {
        self.state_machine_name.as_deref().unwrap_or("StateMachine")
    }

    /// Fresh draws of the fixed UUIDs and random numbers (one per run), if any are fixed.
    pub fn draws(&self) -> Option<Rc<RefCell<Draws>>> {
        (!self.uuids.is_empty() || !self.randoms.is_empty()).then(|| {
            Rc::new(RefCell::new(Draws {
                uuids: self.uuids.clone(),
                randoms: self.randoms.clone(),
                next_uuid: 0,
                next_random: 0,
                ran_out: None,
            }))
        })
    }

    /// `executor` with the same values: the context, the clock and the draws.
    pub fn configure(&self, mut executor: Executor) -> Executor {
        if self.sets_context() {
            executor = executor
                .execution_name(self.execution_name.as_deref().unwrap_or("native"))
                .state_machine_name(self.machine_name())
                .start_time(self.start_ms().unwrap_or(asl_local::DEFAULT_START_MS));
            if let Some(role) = &self.role_arn {
                executor = executor.role_arn(role.as_str());
            }
        }
        match self.draws() {
            Some(draws) => executor.entropy_source(EntropySource(draws)),
            None => executor,
        }
    }
}

/// One run's draws of the fixed values, in order. Past the last (or on a random value outside
/// [0, 1)) it answers `None`, so asl-local generates one, and keeps why: the native run fails
/// with it.
#[derive(Debug)]
pub(crate) struct Draws {
    uuids: Vec<String>,
    randoms: Vec<f64>,
    next_uuid: usize,
    next_random: usize,
    pub ran_out: Option<String>,
}

impl Entropy for Draws {
    fn uuid(&mut self) -> Option<String> {
        if self.uuids.is_empty() {
            return None;
        }
        let drawn = self.uuids.get(self.next_uuid).cloned();
        self.next_uuid += 1;
        if drawn.is_none() {
            self.ran_out = Some(format!(
                "`Env::uuids` gives {} UUID{}; the workflow draws UUID {}",
                self.uuids.len(),
                plural(self.uuids.len()),
                self.next_uuid
            ));
        }
        drawn
    }

    fn random(&mut self) -> Option<f64> {
        if self.randoms.is_empty() {
            return None;
        }
        let drawn = self.randoms.get(self.next_random).copied();
        self.next_random += 1;
        match drawn {
            Some(v) if (0.0..1.0).contains(&v) => Some(v),
            Some(v) => {
                self.ran_out = Some(format!(
                    "`Env::random_values`: {v} is not in [0, 1) (value {})",
                    self.next_random
                ));
                None
            }
            None => {
                self.ran_out = Some(format!(
                    "`Env::random_values` gives {} value{}; the workflow draws value {}",
                    self.randoms.len(),
                    plural(self.randoms.len()),
                    self.next_random
                ));
                None
            }
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The failure of a native draw past the fixed values, if the last draw was one.
pub(crate) fn ran_out(draws: &Rc<RefCell<Draws>>) -> Option<Failure> {
    draws.borrow_mut().ran_out.take().map(|cause| Failure {
        error: "States.Runtime".into(),
        cause,
    })
}

impl Env {
    /// The UUIDs `uuid()`, `States.UUID` and `$uuid()` return, in order, natively and in
    /// asl-local alike. Drawing more fails the native run with a message saying so.
    pub fn uuids<S: Into<String>>(mut self, uuids: impl IntoIterator<Item = S>) -> Env {
        self.overrides.uuids = uuids.into_iter().map(Into::into).collect();
        self
    }

    /// The values in [0, 1) that random draws take, in order: `$random()` returns `v`, and
    /// `random(lo, hi)` / `States.MathRandom(lo, hi)` return `lo + floor(v * (hi - lo + 1))`
    /// (`0.5` → 4 for a die, `random(1, 6)`). Drawing more fails the native run.
    pub fn random_values(mut self, values: impl IntoIterator<Item = f64>) -> Env {
        self.overrides.randoms = values.into_iter().collect();
        self
    }

    /// The execution's start (RFC 3339, `2026-01-01T00:00:00Z`): `ctx().execution.start_time`
    /// natively, and asl-local's clock (`$$.Execution.StartTime`, `$now()`, the time Waits
    /// until a timestamp take). Fixing any context value makes the native `ctx().execution`
    /// asl-local's: id `arn:aws:states:us-east-1:123456789012:execution:<machine>:<name>`,
    /// name `native` unless [`Env::execution_name`] says otherwise, start 2025-01-01.
    pub fn clock(mut self, start: impl AsRef<str>) -> Env {
        self.overrides.clock = Some(start.as_ref().to_string());
        self
    }

    /// `ctx().execution.name` (and the end of its id), in both runs.
    pub fn execution_name(mut self, name: impl Into<String>) -> Env {
        self.overrides.execution_name = Some(name.into());
        self
    }

    /// The state machine's name, in the execution's id (`$$.StateMachine.Name` in asl-local).
    pub fn state_machine_name(mut self, name: impl Into<String>) -> Env {
        self.overrides.state_machine_name = Some(name.into());
        self
    }

    /// `ctx().execution.role_arn`, in both runs.
    pub fn role_arn(mut self, arn: impl Into<String>) -> Env {
        self.overrides.role_arn = Some(arn.into());
        self
    }
}
