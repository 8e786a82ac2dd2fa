//! Generated `#[workflow]` fns (see `build.rs`), compiled by the real macros, for the
//! differential test `tests/native_vs_asl.rs`: each runs natively and as its ASL in asl-local
//! with the same task handlers ([`run_task`], [`run_data_task`]).
//!
//! Two families: JSONPath workflows over [`Rec`] (emitted in both query languages), and
//! JSONata workflows over [`Data`] whose bodies compute with pure Rust (JSONata only).

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

/// The payload of the JSONata workflows: one field of each type their computed values use.
#[derive(Payload, Serialize, Deserialize, Clone, Debug, PartialEq)]
pub struct Data {
    pub n: i64,
    pub s: String,
    pub f: f64,
    pub xs: Vec<i64>,
    pub o: Option<i64>,
    pub b: bool,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:d0")]
pub fn d0(d: Data) -> Data;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:d1")]
pub fn d1(d: Data) -> Data;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:d2")]
pub fn d2(d: Data) -> Data;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:d3")]
pub fn d3(d: Data) -> Data;
/// `d3` with its failure as a value.
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:d3r")]
pub fn d3r(d: Data) -> Result<Data, SevenError>;
/// `d3`, called only under a call-site `#[retry(errors = ["SevenError"], max_attempts = 2)]`.
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:d3q")]
pub fn d3q(d: Data) -> Data;

/// The tasks over [`Data`], as [`TASKS`].
pub const DATA_TASKS: &[(&str, usize)] = &[
    ("d0", 0),
    ("d1", 1),
    ("d2", 2),
    ("d3", 3),
    ("d3r", 3),
    ("d3q", 3),
];

/// What data task `i` does: deterministic, `n` always grows (so bounded loops end), `s`
/// stays short ASCII (at most 10 characters) with its case and spaces changed, `xs` at most
/// 4 items. Task 3 fails with `SevenError` when `n` is a multiple of 7.
#[allow(clippy::manual_is_multiple_of)] // `is_multiple_of` is Rust 1.87; the workspace's MSRV is 1.80
pub fn run_data_task(i: usize, input: &Value) -> Result<Value, Failure> {
    let d: Data = serde_json::from_value(input.clone()).map_err(|e| Failure {
        error: "BadInput".into(),
        cause: e.to_string(),
    })?;
    if i == 3 && d.n % 7 == 0 {
        return Err(Failure {
            error: "SevenError".into(),
            cause: format!("n = {}", d.n),
        });
    }
    let s = match i {
        0 => d.s.to_uppercase(),
        1 => format!(" {}", d.s),
        2 => d.s.chars().rev().collect(),
        _ => format!("{}-x", d.s.to_lowercase()),
    };
    let mut xs = d.xs;
    match i {
        0 if xs.len() < 4 => xs.push(d.n),
        0 => {
            xs.remove(0);
        }
        1 if !xs.is_empty() => {
            xs.remove(0);
        }
        2 => xs.iter_mut().for_each(|x| *x += 1),
        _ => {}
    }
    let out = Data {
        n: d.n + 1 + i as i64,
        s: s.chars().take(10).collect(),
        f: d.f + 0.5 * (i as f64 + 1.0),
        xs,
        o: match i {
            0 => Some(d.n),
            1 => None,
            2 => d.o.map(|x| x + 1),
            _ => d.o,
        },
        b: d.b ^ (i % 2 == 0),
    };
    Ok(serde_json::to_value(out).expect("Data serializes"))
}

/// A generated workflow's native fn, by payload type and by whether it returns a `Result`.
pub enum Run {
    Plain(fn(Rec) -> Rec),
    Fallible(fn(Rec) -> Result<Rec, SevenError>),
    DataPlain(fn(Data) -> Data),
    DataFallible(fn(Data) -> Result<Data, SevenError>),
}

pub struct Generated {
    pub name: &'static str,
    pub run: Run,
    pub definition: fn() -> asl::Definition,
    /// Has a `parallel!` or a `map` without `max_concurrency(1)`: task calls may interleave.
    pub concurrent: bool,
    /// A JSONata workflow over [`Data`] with computed values: it has no JSONPath form.
    pub jsonata: bool,
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
