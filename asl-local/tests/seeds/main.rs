//! The seed workflows (shared/seed-workflows/README.md), run on the inputs and task results the
//! README documents; each test asserts the documented path, transitions, status and output.

#[path = "../harness/mod.rs"]
mod harness;

mod chains;
mod choices;
mod integrations;
mod maps_and_loops;

use std::time::Duration;

use asl_local::{Execution, Executor, Outcome, Status, TaskError};
use harness::seed;
use serde_json::{json, Value};

fn assert_run(run: &Execution, status: Status, path: &[&str], output: Option<Value>) {
    assert_eq!(
        run.states_entered(),
        path,
        "path; error {:?} cause {:?}",
        run.error,
        run.cause
    );
    assert_eq!(run.transitions(), path.len());
    assert_eq!(run.status, status, "error {:?}: {:?}", run.error, run.cause);
    if let Some(out) = output {
        assert_eq!(run.output.as_ref(), Some(&out));
    }
}

fn failed_with(run: &Execution, error: &str) {
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some(error), "cause: {:?}", run.cause);
}
