//! Typed errors, maps, `for` loops, intrinsics, the context object and a typed AWS call, each
//! as one small workflow taken the whole way: macro → IR → lowering → ASL (exact golden in
//! `tests/golden/constructs/<name>.asl.json`, `ASL_BLESS=1` rewrites them) → a native run and
//! an asl-local run on inputs that take every branch, with the same output (or the same
//! error and cause) and the same task calls in order.
#![allow(clippy::needless_return)]

#[path = "../support/mod.rs"]
mod support;

mod agreement;
pub mod errors;
pub mod intrinsics;
pub mod maps;
mod runner;

use asl::aws::sqs;
use asl::prelude::*;
use asl::testing::{Env, Mock};
use asl::QueryLanguage;
pub use errors::*;
pub use intrinsics::*;
pub use maps::*;
use runner::*;
use serde_json::{json, Value};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Order {
    pub id: String,
    pub amount: u32,
    pub vip: bool,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Mode {
    Each,
    Bulk,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Orders {
    pub orders: Vec<Order>,
    pub tag: String,
    pub tags: Vec<String>,
    pub limit: u32,
    pub mode: Mode,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Receipt {
    pub id: String,
    pub note: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    pub tag: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Stamp {
    pub execution: String,
    pub index: usize,
    pub id: String,
}

#[derive(TaskError, Debug, Clone, PartialEq)]
pub enum PayError {
    #[error(name = "PaymentDeclined")]
    Declined,
    #[error(name = "Payment.Fraud")]
    Fraud(ErrorInfo),
    Busy,
    #[error(all)]
    Other(ErrorInfo),
}

const ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:";
const QUEUE: &str = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";

// Each task's function name is its fn name, so one handler table serves both runs.
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:pay")]
pub fn pay(o: Order) -> Result<Receipt, PayError>;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:fallback")]
pub fn fallback(o: Order) -> Receipt;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:report")]
pub fn report(info: ErrorInfo) -> Receipt;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:refund")]
pub fn refund(e: PayError) -> Receipt;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:notify")]
pub fn notify(r: Receipt) -> Receipt;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:charge")]
pub fn charge(o: Order) -> Receipt;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:note")]
pub fn note(o: Order) -> Receipt;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:label")]
pub fn label(l: Label) -> Receipt;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:bulk")]
pub fn bulk(b: Orders) -> Vec<Receipt>;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:stamp")]
pub fn stamp(s: Stamp) -> Stamp;

fn definitions() -> Vec<(&'static str, asl::Definition)> {
    vec![
        ("catch_typed", catch_typed::definition()),
        ("catch_binding", catch_binding::definition()),
        ("rethrow", rethrow::definition()),
        ("question_mark", question_mark::definition()),
        ("if_let_ok", if_let_ok::definition()),
        ("typed_fail", typed_fail::definition()),
        ("retry_at_call", retry_at_call::definition()),
        ("caught_in_loop", caught_in_loop::definition()),
        ("map_plain", map_plain::definition()),
        ("map_captured", map_captured::definition()),
        ("map_options", map_options::definition()),
        ("map_multi", map_multi::definition()),
        ("map_in_match", map_in_match::definition()),
        ("for_break_continue", for_break_continue::definition()),
        ("counter_loop", counter_loop::definition()),
        ("format_params", format_params::definition()),
        ("uuid_twice", uuid_twice::definition()),
        ("len_contains", len_contains::definition()),
        ("context_execution", context_execution::definition()),
        ("context_map_index", context_map_index::definition()),
        ("sqs_format", sqs_format::definition()),
        ("retry_and_catch", retry_and_catch::definition()),
        ("question_in_loop", question_in_loop::definition()),
        ("map_item_value", map_item_value::definition()),
        ("nested_maps", nested_maps::definition()),
    ]
}

#[test]
fn every_construct_matches_its_golden_asl() {
    support::check_goldens("constructs", definitions(), "constructs_errors_data");
}
