//! `Env::check`: one workflow run natively and as its emitted ASL in asl-local with the same
//! mocks; the runs must agree, and the [`Report`] says what happened.

use std::borrow::Borrow;
use std::fmt;
use std::rc::Rc;
use std::time::Duration;

use asl_emit::Definition;
use asl_local::{Execution, HistoryEvent, Status};
use asl_model::{QueryLanguage, StateMachine};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::Value;

use super::compare::{disagreement, native_calls, side_by_side, Run};
use super::dispatch::{AslMocks, AslTaskCall};
use super::nested::AslRun;
use super::specs::task_specs;
use crate::errors::WorkflowOutput;
use crate::runtime::{AnsweredCall, Env, Failure, TaskCall};

/// What a checked workflow did; the native run and the ASL run agreed on it.
#[derive(Debug, Clone)]
pub struct Report<T> {
    /// The workflow's value, or the failure it ended with.
    pub output: Result<T, Failure>,
    /// The task calls, in the native run's order (retries are calls too).
    pub calls: Vec<TaskCall>,
    /// The ASL states entered, in order (inside Parallel branches and Map iterations too).
    pub states_entered: Vec<String>,
    /// How many states were entered (inside Parallel branches and Map iterations too).
    pub transitions: usize,
    /// Task attempts after the first (retries), which Standard Workflows bill as transitions.
    pub retries: usize,
    /// The simulated time from start to end (Waits, mocks' `taking`, retry intervals; Parallel
    /// branches and Map iterations overlapping): the native run's too, unless a retrier
    /// jitters (asl-local draws the jitter).
    pub duration: Duration,
    /// The query languages the ASL ran in and agreed in: the workflow's own first, then the
    /// other one when the workflow can be written in it.
    pub languages: Vec<QueryLanguage>,
    /// The whole asl-local execution (in the workflow's own query language): raw output,
    /// history, the calls as resources saw them.
    pub execution: Execution,
}

/// What Standard Workflows charge per state transition, in US dollars: $0.025 per 1,000
/// state transitions, retries included (<https://aws.amazon.com/step-functions/pricing/>,
/// US East (N. Virginia); the monthly free tier of 4,000 transitions is not deducted).
pub const PRICE_PER_TRANSITION: f64 = 0.025 / 1000.0;

impl<T> Report<T> {
    /// The ASL execution's history events, as `GetExecutionHistory` lists them.
    pub fn history(&self) -> &[HistoryEvent] {
        &self.execution.history
    }

    /// The transitions a Standard Workflow bills: states entered plus retries.
    pub fn billed_transitions(&self) -> usize {
        self.transitions + self.retries
    }

    /// What one execution costs as a Standard Workflow, in US dollars
    /// ([`PRICE_PER_TRANSITION`] × [`Report::billed_transitions`]).
    pub fn price(&self) -> f64 {
        self.billed_transitions() as f64 * PRICE_PER_TRANSITION
    }

    /// The inputs of the calls of `task` (its fn name), read as `In`: the call log, typed.
    pub fn inputs_of<In: DeserializeOwned>(
        &self,
        task: &str,
    ) -> Result<Vec<In>, serde_json::Error> {
        self.calls
            .iter()
            .filter(|c| c.task == task)
            .map(TaskCall::input_as)
            .collect()
    }
}

/// The native run and the ASL run of a workflow did not agree.
#[derive(Debug, Clone)]
pub struct Disagreement {
    /// The workflow's name.
    pub workflow: String,
    /// The first difference: `output $.total: native 20, ASL 21`.
    pub difference: String,
    /// Both runs in two columns, the lines that differ marked `≠`.
    pub side_by_side: String,
}

impl fmt::Display for Disagreement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "native and ASL runs of `{}` disagree: {}\n\n{}",
            self.workflow, self.difference, self.side_by_side
        )
    }
}

impl std::error::Error for Disagreement {}

impl Env {
    /// Runs `workflow(input)` natively and `definition` (the same workflow's
    /// `my_workflow::definition()`) in asl-local with this environment's mocks, and panics
    /// with both runs side by side unless they agree on the output (or failure), the task
    /// calls and the simulated duration.
    ///
    /// ```ignore
    /// let report = Env::new()
    ///     .mock(charge::mock(|o: Order| Ok(Receipt { id: o.id })))
    ///     .check(checkout::definition(), checkout, order);
    /// assert_eq!(report.output, Ok(Receipt { id: "o-1".into() }));
    /// assert_eq!(report.transitions, 3);
    /// ```
    ///
    /// In the ASL run a task call gets what its mock answered the native run for the same task
    /// and input (mocks that count attempts or follow a script answer both runs alike); a call
    /// the native run did not make calls the mock. A task with a Rust body runs natively; in
    /// the ASL run it needs a mock of its name (`Mock::json("name", …)`).
    pub fn check<In, O>(
        &mut self,
        definition: impl Borrow<Definition>,
        workflow: impl FnOnce(In) -> O,
        input: In,
    ) -> Report<O::Value>
    where
        In: Serialize,
        O: WorkflowOutput,
        O::Value: Serialize,
    {
        self.try_check(definition, workflow, input)
            .unwrap_or_else(|d| panic!("{d}"))
    }

    /// [`Env::check`], returning the disagreement instead of panicking.
    pub fn try_check<In, O>(
        &mut self,
        definition: impl Borrow<Definition>,
        workflow: impl FnOnce(In) -> O,
        input: In,
    ) -> Result<Report<O::Value>, Disagreement>
    where
        In: Serialize,
        O: WorkflowOutput,
        O::Value: Serialize,
    {
        let definition = definition.borrow();
        let machine = definition
            .state_machine()
            .unwrap_or_else(|e| panic!("`{}` does not compile to ASL: {e}", definition.name()));
        // The other query language too, when the workflow can be written in it (a JSONata
        // workflow with computed values has no JSONPath form).
        let other = match definition.query_language() {
            QueryLanguage::JsonPath => definition.as_jsonata(),
            QueryLanguage::Jsonata => definition
                .clone()
                .with_query_language(QueryLanguage::JsonPath),
        };
        let other_machine = other.state_machine().ok();
        let asl_input = serde_json::to_value(&input).expect("the workflow's input serializes");

        let first_call = self.calls().len();
        self.answered = Some(Vec::new());
        self.native_input = Some(asl_input.clone());
        let output = self.run_workflow(|| workflow(input));
        let answered = self.answered.take().unwrap_or_default();
        let native_duration = self.native_duration.unwrap_or_default();
        // A jittered retry waits a random share in asl-local, which the native run does not
        // draw: then the durations may differ.
        let jitters = task_specs(&definition.workflow().body)
            .iter()
            .any(|spec| spec.retry.iter().any(|r| r.jitter_full == Some(true)));
        let calls = self.calls()[first_call..].to_vec();

        let native_outcome = output
            .as_ref()
            .map(|v| serde_json::to_value(v).expect("the workflow's output serializes"));
        let native_calls = native_calls(&calls);
        let native = Run {
            outcome: native_outcome.map_err(Clone::clone),
            calls: &native_calls,
        };
        let mut primary = None;
        let mut languages = Vec::new();
        for (language, machine) in std::iter::once((definition.query_language(), &machine))
            .chain(other_machine.as_ref().map(|m| (other.query_language(), m)))
        {
            let (execution, asl_calls) =
                self.run_asl(definition, machine, asl_input.clone(), answered.clone());
            let asl = Run {
                outcome: asl_outcome(&execution),
                calls: &asl_calls,
            };
            let difference = disagreement(&native, &asl).or_else(|| {
                let asl_duration = execution.duration();
                (native_duration != asl_duration && !jitters).then(|| {
                    format!(
                        "simulated duration: native {} ms, ASL {} ms",
                        native_duration.as_millis(),
                        asl_duration.as_millis()
                    )
                })
            });
            if let Some(difference) = difference {
                return Err(Disagreement {
                    // The workflow's own language goes unsaid; the other one is named.
                    workflow: if primary.is_none() {
                        definition.name().to_string()
                    } else {
                        format!("{} (as {})", definition.name(), language.as_str())
                    },
                    difference,
                    side_by_side: side_by_side(&native, &asl),
                });
            }
            primary.get_or_insert(execution);
            languages.push(language);
        }
        let execution = primary.expect("the workflow's own ASL ran");
        Ok(Report {
            output,
            calls,
            states_entered: execution
                .states_entered()
                .into_iter()
                .map(str::to_string)
                .collect(),
            transitions: execution.transitions(),
            retries: execution.calls.iter().filter(|c| c.attempt > 0).count(),
            duration: execution.duration(),
            languages,
            execution,
        })
    }
}

impl Env {
    /// Runs `machine` in asl-local with the mocks, replaying the native run's answers.
    fn run_asl(
        &mut self,
        definition: &Definition,
        machine: &StateMachine,
        input: Value,
        answered: Vec<AnsweredCall>,
    ) -> (Execution, Vec<AslTaskCall>) {
        let mocks = AslMocks::new(
            task_specs(&definition.workflow().body),
            std::mem::take(&mut self.handlers),
            answered,
        );
        let run = AslRun::new(mocks, &self.nested, &self.overrides);
        let execution = run.execute(machine, input, None);
        let mocks = Rc::try_unwrap(run.mocks)
            .ok()
            .expect("the executor is dropped")
            .into_inner();
        self.handlers = mocks.handlers;
        (execution, mocks.calls)
    }
}

/// The execution's output, or its failure (a Fail state without an Error has an empty name,
/// as natively).
fn asl_outcome(execution: &Execution) -> Result<Value, Failure> {
    match execution.status {
        Status::Succeeded => Ok(execution.output.clone().unwrap_or(Value::Null)),
        Status::Failed | Status::TimedOut => Err(Failure {
            // A missing mock fails both runs; natively under the runtime's name.
            error: match execution.error.as_deref() {
                Some("asl-local.NoHandler") => "asl.NoHandler".to_string(),
                other => other.unwrap_or_default().to_string(),
            },
            cause: execution.cause.clone().unwrap_or_default(),
        }),
    }
}
