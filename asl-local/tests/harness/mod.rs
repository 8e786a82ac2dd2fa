//! Test harness shared by the integration tests: loading definitions and reading executions.
#![allow(dead_code)]

use std::path::PathBuf;

use asl_local::{EventType, Execution};
use asl_model::StateMachine;
use serde_json::Value;

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn seed(file: &str) -> StateMachine {
    let path = repo_root().join("tests/corpus/seeds").join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    asl_model::parse_str(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

pub fn machine(def: Value) -> StateMachine {
    asl_model::parse_value(&def).unwrap_or_else(|e| panic!("definition does not parse: {e}"))
}

/// Event types with the state name for `…StateEntered`, `Type:Name`, for compact assertions.
pub fn events(run: &Execution) -> Vec<String> {
    run.history
        .iter()
        .map(|e| match (&e.state_name, e.event_type.is_state_entered()) {
            (Some(n), true) => format!("{}:{n}", e.event_type),
            _ => e.event_type.to_string(),
        })
        .collect()
}

pub fn count(run: &Execution, ty: EventType) -> usize {
    run.history.iter().filter(|e| e.event_type == ty).count()
}

/// Timestamps (ms after the start) of the events of one type.
pub fn times(run: &Execution, ty: EventType) -> Vec<i64> {
    run.history
        .iter()
        .filter(|e| e.event_type == ty)
        .map(|e| e.timestamp - run.start_time)
        .collect()
}
