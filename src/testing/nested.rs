//! One ASL run of [`Env::check`](crate::testing::Env::check) in asl-local, child workflows
//! included: a `startExecution.sync` call of a workflow given with [`Env::nested_workflow`]
//! runs that workflow's ASL with the same mocks, as natively the child fn runs inline.

use std::cell::RefCell;
use std::rc::Rc;

use asl_emit::Definition;
use asl_local::{Execution, Executor, Outcome, Status, TaskCall as AslCall, TaskError};
use asl_model::StateMachine;
use serde_json::{json, Value};

use super::dispatch::AslMocks;
use crate::runtime::{nested_execution_failure, Env, Overrides};

/// The resource of a nested execution that is waited for (`.sync` and `.sync:2`).
const START_SYNC: &str = "arn:aws:states:::states:startExecution.sync";

impl Env {
    /// A workflow the checked one calls (`review_flow(o)` in its body, a
    /// `states:startExecution.sync:2` Task in its ASL): in the ASL run, that call runs
    /// `definition` in asl-local with the same mocks, so its task calls are compared with the
    /// ones the child fn makes inline natively. Without it, the call goes to the mocks like any
    /// integration.
    pub fn nested_workflow(mut self, definition: Definition) -> Env {
        self.nested.retain(|d| d.name() != definition.name());
        self.nested.push(definition);
        self
    }
}

/// What one ASL run shares with the runs of its child workflows.
#[derive(Clone)]
pub(crate) struct AslRun {
    pub mocks: Rc<RefCell<AslMocks>>,
    /// The child workflows, by state machine name.
    children: Rc<Vec<(String, StateMachine)>>,
    overrides: Overrides,
}

impl AslRun {
    pub fn new(mocks: AslMocks, nested: &[Definition], overrides: &Overrides) -> AslRun {
        let children = nested
            .iter()
            .map(|d| {
                let machine = d.state_machine().unwrap_or_else(|e| {
                    panic!(
                        "nested workflow `{}` does not compile to ASL: {e}",
                        d.name()
                    )
                });
                (d.name().to_string(), machine)
            })
            .collect();
        AslRun {
            mocks: Rc::new(RefCell::new(mocks)),
            children: Rc::new(children),
            overrides: overrides.clone(),
        }
    }

    /// Runs `machine` on `input`, starting at `start_ms` when given.
    pub fn execute(
        &self,
        machine: &StateMachine,
        input: Value,
        start_ms: Option<i64>,
    ) -> Execution {
        let run = self.clone();
        let executor = self.overrides.configure(Executor::new(machine));
        let executor = match start_ms {
            Some(ms) => executor.start_time(ms),
            None => executor,
        };
        executor.fallback(move |call| run.answer(call)).run(input)
    }

    fn answer(&self, call: &AslCall) -> Outcome {
        match self.child_of(call) {
            Some(machine) => self.run_child(&machine, call),
            None => self.mocks.borrow_mut().answer(call),
        }
    }

    /// The child workflow a `startExecution.sync` call starts: its `StateMachineArn` ends in
    /// `:stateMachine:<name>`.
    fn child_of(&self, call: &AslCall) -> Option<StateMachine> {
        if !call.resource.starts_with(START_SYNC) {
            return None;
        }
        let arn = call.input.get("StateMachineArn")?.as_str()?;
        let name = arn.rsplit_once(":stateMachine:")?.1;
        self.children
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, m)| m.clone())
    }

    /// The child's execution as `startExecution.sync:2` returns it (its `Output` as JSON),
    /// taking the child's simulated time. A failed child fails the call with
    /// `States.TaskFailed`, its description as the cause, as Step Functions does (and as the
    /// native run does, by the same function).
    fn run_child(&self, machine: &StateMachine, call: &AslCall) -> Outcome {
        let input = call.input.get("Input").cloned().unwrap_or(json!({}));
        let child = self.execute(machine, input.clone(), Some(call.time));
        let arn = call.input["StateMachineArn"].clone();
        let took = child.duration();
        let outcome = match child.status {
            Status::Succeeded => Outcome::ok(json!({
                "Output": child.output.clone().unwrap_or(Value::Null),
                "Input": input,
                "Status": "SUCCEEDED",
                "StateMachineArn": arn,
            })),
            Status::Failed | Status::TimedOut => {
                let arn = arn.as_str().unwrap_or_default();
                let failure = nested_execution_failure(
                    arn,
                    child.status,
                    child.error.as_deref(),
                    child.cause.as_deref(),
                );
                Outcome::err(TaskError::new(failure.error, failure.cause))
            }
        };
        outcome.taking(took)
    }
}
