//! Typed errors: `#[derive(TaskError)]`, tasks returning `Result`, the IR of catching
//! (`Try`), `?`, `Err` as the workflow's result, `fail!(E::X)` and `#[retry]` at a call, and
//! their runs natively and in asl-local (`asl::testing::Env::check`, which must agree).
//!
//! This file holds the types, tasks and workflows the tests share; the tests are in the
//! modules, one per topic.
#![allow(dead_code)]
#![allow(clippy::let_and_return)]

mod call_retry;
mod catching_ir;
mod native_runs;
mod readme_example;
mod result_and_fail;
mod task_error_derive;

use asl::errors::WorkflowOutput;
use asl::errors::{AnyError, LambdaError, StatesError};
use asl::ir::{
    Call, CmpOp, Cond, ErrArm, Expr, Field, Place, RetryPolicy, Rhs, Shape, Stmt, StmtKind, Text,
    VarId, VarInfo,
};
use asl::prelude::*;
use asl::testing::{Env, Mock};
use asl::Definition;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------
// Building expected IR by hand.

fn field(rust: &str, json: &str, shape: Shape) -> Field {
    Field {
        rust: rust.into(),
        json: json.into(),
        shape,
        flatten: false,
    }
}

fn var(name: &str, shape: Shape) -> VarInfo {
    VarInfo {
        name: name.into(),
        shape,
    }
}

fn place(var: u32, fields: &[&str]) -> Place {
    Place {
        var: VarId(var),
        fields: fields.iter().map(|f| f.to_string()).collect(),
    }
}

fn at(var: u32) -> Expr {
    Expr::Place(place(var, &[]))
}

fn stmt(kind: StmtKind) -> Stmt {
    kind.into()
}

fn ret(value: Expr) -> Stmt {
    stmt(StmtKind::Return(value))
}

fn call(task: asl::ir::TaskSpec, arg: Expr) -> Expr {
    Expr::Call(Box::new(Call {
        task,
        arg: Some(arg),
    }))
}

fn catcher(errors: &[&str], var: Option<u32>, body: Vec<Stmt>) -> ErrArm {
    ErrArm {
        errors: errors.iter().map(|e| e.to_string()).collect(),
        var: var.map(VarId),
        body,
    }
}

fn fail_named(error: &str, cause: Option<Text>) -> Stmt {
    stmt(StmtKind::Fail {
        error: Some(Text::Literal(error.into())),
        cause,
    })
}

fn error_object_shape() -> Shape {
    Shape::Object(vec![
        field("error", "Error", Shape::String),
        field("cause", "Cause", Shape::String),
    ])
}

fn receipt_shape() -> Shape {
    Shape::Object(vec![
        field("id", "id", Shape::String),
        field("approved", "approved", Shape::Bool),
    ])
}

fn retry(errors: &[&str], max_attempts: Option<i64>, interval: Option<u64>) -> RetryPolicy {
    RetryPolicy {
        errors: errors.iter().map(|e| e.to_string()).collect(),
        interval_seconds: interval,
        max_attempts,
        backoff_rate: None,
        max_delay_seconds: None,
        jitter_full: None,
    }
}

// ---------------------------------------------------------------------------------------
// Types and tasks.

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    id: String,
    amount: f64,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Receipt {
    id: String,
    approved: bool,
}

#[derive(TaskError, Debug, Clone, PartialEq)]
enum PaymentError {
    #[error(name = "PaymentDeclined")]
    Declined,
    #[error(name = "Payment.Fraud")]
    Fraud(ErrorInfo),
    Timeout,
    Busy,
    #[error(all)]
    Other(ErrorInfo),
}

/// No catch-all: an error it does not name is not caught.
#[derive(TaskError, Debug, Clone, PartialEq)]
enum CardError {
    Expired,
    Stolen(ErrorInfo),
}

#[task(lambda = "pay")]
fn pay(order: Order) -> Result<Receipt, PaymentError>;

#[task(lambda = "charge")]
#[retry(errors = [PaymentError::Busy, "States.Timeout", StatesError::TaskFailed], max_attempts = 2)]
fn charge(order: Order) -> Result<Receipt, CardError>;

#[task(lambda = "fallback")]
fn fallback(order: Order) -> Receipt;

#[task(lambda = "refund")]
fn refund(error: PaymentError) -> Receipt;

#[task(lambda = "record")]
fn record(info: ErrorInfo) -> Receipt;

/// A task with a body returns what its body returns.
#[task(lambda = "check")]
fn check(order: Order) -> Result<Order, CardError> {
    if order.amount < 0.0 {
        Err(CardError::Expired)
    } else {
        Ok(order)
    }
}

fn order(amount: f64) -> Order {
    Order {
        id: "o-1".into(),
        amount,
    }
}

fn receipt(id: &str) -> Receipt {
    Receipt {
        id: id.into(),
        approved: true,
    }
}

fn failing(error: &str, cause: &str) -> impl FnMut(Value) -> Result<Value, Failure> + 'static {
    let failure = Failure {
        error: error.into(),
        cause: cause.into(),
    };
    move |_| Err(failure.clone())
}

fn succeeding(
    id: &'static str,
    approved: bool,
) -> impl FnMut(Value) -> Result<Value, Failure> + 'static {
    move |_| Ok(json!({"id": id, "approved": approved}))
}

// ---------------------------------------------------------------------------------------
// derive(TaskError).

// ---------------------------------------------------------------------------------------
// Catching: the IR.

#[workflow]
fn catching(o: Order) -> Receipt {
    match pay(o.clone()) {
        Ok(r) => r,
        Err(PaymentError::Declined) => fallback(o),
        Err(PaymentError::Fraud(info)) => record(info),
        Err(PaymentError::Timeout | PaymentError::Busy) => fail!("Retryable", "later"),
        Err(e) => refund(e),
    }
}

#[workflow]
fn card(o: Order) -> Receipt {
    let r = match charge(o.clone()) {
        Ok(v) => v,
        Err(_) => fallback(o),
    };
    r
}

#[workflow]
fn card_expired_first(o: Order) -> Receipt {
    match charge(o.clone()) {
        Err(CardError::Expired) => fallback(o),
        Ok(_) => receipt_of(),
        Err(_) => fail!("CardStolen"),
    }
}

#[task(lambda = "receipt-of")]
fn receipt_of() -> Receipt;

#[workflow]
fn if_let_ok(o: Order) -> Receipt {
    if let Ok(r) = pay(o.clone()) {
        r
    } else {
        fallback(o)
    }
}

#[workflow]
fn if_let_err(o: Order) {
    if let Err(CardError::Stolen(info)) = charge(o) {
        record(info);
    }
}

// ---------------------------------------------------------------------------------------
// `?`, `Ok`/`Err` as the result, `fail!(E::X)`.

#[workflow]
fn question(o: Order) -> Result<Receipt, PaymentError> {
    let r = pay(o.clone())?;
    pay(o)?;
    if r.approved {
        return Ok(r);
    }
    if r.id == "x" {
        return Err(PaymentError::Declined);
    }
    Err(PaymentError::Timeout)
}

#[workflow]
fn rethrow(o: Order) -> Result<Receipt, PaymentError> {
    match pay(o.clone()) {
        Ok(r) => Ok(r),
        Err(PaymentError::Fraud(info)) => Err(PaymentError::Fraud(info)),
        Err(PaymentError::Declined) => Ok(fallback(o)),
        Err(e) => Err(e),
    }
}

#[workflow]
fn rethrow_other(o: Order) -> Result<Receipt, PaymentError> {
    match pay(o) {
        Ok(_) => Ok(receipt_of()),
        Err(PaymentError::Other(info)) => Err(PaymentError::Other(info)),
        Err(_) => Err(PaymentError::Busy),
    }
}

#[workflow]
fn typed_fail(o: Order) -> Receipt {
    if o.amount > 100.0 {
        fail!(PaymentError::Declined, "too much");
    }
    if o.amount < 0.0 {
        fail!(StatesError::Runtime);
    }
    fallback(o)
}

// ---------------------------------------------------------------------------------------
// `#[retry]` at a call.

#[workflow]
fn retry_here(o: Order) -> Result<Receipt, PaymentError> {
    #[retry(errors = [PaymentError::Busy], max_attempts = 5)]
    #[retry(errors = ["States.ALL"], interval = 1)]
    let r = fallback(o.clone());
    #[retry(errors = [LambdaError::TooManyRequests])]
    fallback(o.clone());
    #[retry(max_attempts = 0)]
    let _s = pay(o)?;
    Ok(r)
}

// ---------------------------------------------------------------------------------------
// Native runs.

#[workflow]
fn checked(o: Order) -> Result<Order, CardError> {
    let o = check(o)?;
    Ok(o)
}

// ---------------------------------------------------------------------------------------
// The README's example.

#[task(lambda = "report")]
fn report(info: ErrorInfo) -> Receipt;

#[task(lambda = "confirm")]
fn confirm(r: Receipt) -> Result<Receipt, LambdaError>;

impl From<LambdaError> for PaymentError {
    fn from(e: LambdaError) -> PaymentError {
        let failure = e.to_failure();
        PaymentError::Other(ErrorInfo {
            error: failure.error,
            cause: failure.cause,
        })
    }
}

#[workflow]
fn readme_checkout(o: Order) -> Result<Receipt, PaymentError> {
    let r = match pay(o.clone()) {
        Ok(r) => r,
        Err(PaymentError::Declined) => fallback(o.clone()),
        Err(PaymentError::Fraud(info)) => report(info),
        Err(e) => return Err(e),
    };
    #[retry(errors = [LambdaError::TooManyRequests], max_attempts = 5)]
    let receipt = confirm(r)?;
    if !receipt.approved {
        fail!(PaymentError::Declined, "not approved");
    }
    Ok(receipt)
}
