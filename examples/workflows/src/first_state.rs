//! Seed 03: the smallest machine, with a one-hour execution timeout.

use asl::prelude::*;

#[workflow(name = "first-state", timeout = 3600)]
pub fn first_state(x: serde_json::Value) -> serde_json::Value {
    #[state(name = "FirstState")]
    x
}
