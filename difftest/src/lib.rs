//! Generated `#[workflow]` fns (see `build.rs`), compiled by the real macros, for the
//! differential test `tests/native_vs_asl.rs`: each runs natively and as its ASL in asl-local
//! with the same task handlers ([`run_task`]).

use asl::prelude::*;
use asl::Failure;
use serde_json::{json, Value};

/// The one payload type of generated workflows.
#[derive(Payload, Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Rec {
    pub n: i64,
    #[serde(rename = "label")]
    pub s: String,
    pub b: bool,
}

/// What `t3` fails with when `n` is a multiple of 7.
#[derive(TaskError, Debug, Clone)]
pub enum SevenError {
    SevenError,
    #[error(all)]
    Other(ErrorInfo),
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:t0")]
pub fn t0(r: Rec) -> Rec;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:t1")]
pub fn t1(r: Rec) -> Rec;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:t2")]
pub fn t2(r: Rec) -> Rec;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:t3")]
pub fn t3(r: Rec) -> Rec;
/// `t3` with its failure as a value.
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:t3r")]
pub fn t3r(r: Rec) -> Result<Rec, SevenError>;
/// `t3`, called only under a call-site `#[retry(errors = ["SevenError"], max_attempts = 2)]`.
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:t3q")]
pub fn t3q(r: Rec) -> Rec;

/// Every task: its fn name (also its Lambda function name) and what it does.
pub const TASKS: &[(&str, usize)] = &[
    ("t0", 0),
    ("t1", 1),
    ("t2", 2),
    ("t3", 3),
    ("t3r", 3),
    ("t3q", 3),
];

/// What task `i` does: deterministic, and `n` always grows (so bounded loops end).
/// Task 3 fails with `SevenError` when `n` is a multiple of 7.
#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` is Rust 1.87; the workspace's MSRV is 1.80
pub fn run_task(i: usize, input: &Value) -> Result<Value, Failure> {
    let n = input["n"].as_i64().unwrap_or(0);
    let s = input["label"].as_str().unwrap_or("");
    let b = input["b"].as_bool().unwrap_or(false);
    if i == 3 && n % 7 == 0 {
        return Err(Failure {
            error: "SevenError".into(),
            cause: format!("n = {n}"),
        });
    }
    let label: String = format!("{s}{i}").chars().rev().take(6).collect();
    Ok(json!({"n": n + 1 + i as i64, "label": label, "b": b ^ (i % 2 == 0)}))
}

pub enum Run {
    Plain(fn(Rec) -> Rec),
    Fallible(fn(Rec) -> Result<Rec, SevenError>),
}

pub struct Generated {
    pub name: &'static str,
    pub run: Run,
    pub definition: fn() -> asl::Definition,
    /// Has a `parallel!` or a `map` without `max_concurrency(1)`: task calls may interleave.
    pub concurrent: bool,
    pub source: &'static str,
}

#[allow(
    unused,
    unused_mut,
    unused_variables,
    unreachable_code,
    unreachable_patterns,
    unused_assignments,
    clippy::all
)]
mod generated {
    use super::*;
    include!(concat!(env!("OUT_DIR"), "/generated.rs"));
}

pub use generated::WORKFLOWS;
