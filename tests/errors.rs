//! Typed errors: `#[derive(TaskError)]`, tasks returning `Result`, the IR of catching
//! (`Try`), `?`, `Err` as the workflow's result, `fail!(E::X)` and `#[retry]` at a call, and
//! their native runs.
#![allow(deprecated)] // string-keyed `register`, kept as a shim beside `asl::testing::Env`
#![allow(dead_code)]
#![allow(clippy::let_and_return)]

use asl::errors::{AnyError, LambdaError, StatesError};
use asl::ir::{
    Call, Catcher, CmpOp, Cond, Expr, Field, Operand, Place, RetryPolicy, Shape, Stmt, StmtKind,
    Text, VarId, VarInfo,
};
use asl::prelude::*;
use asl::runtime::{self, run_workflow};
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

fn catcher(errors: &[&str], var: Option<u32>, body: Vec<Stmt>) -> Catcher {
    Catcher {
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

#[test]
fn task_errors_know_their_names_and_round_trip_as_the_error_object() {
    assert_eq!(
        PaymentError::error_names(),
        [
            ("Declined", "PaymentDeclined"),
            ("Fraud", "Payment.Fraud"),
            ("Timeout", "Timeout"),
            ("Busy", "Busy"),
            ("Other", "States.ALL")
        ]
    );
    let info = |error: &str, cause: &str| ErrorInfo {
        error: error.into(),
        cause: cause.into(),
    };
    let failure = |error: &str, cause: &str| Failure {
        error: error.into(),
        cause: cause.into(),
    };

    assert_eq!(
        serde_json::to_value(PaymentError::Declined).unwrap(),
        json!({"Error": "PaymentDeclined", "Cause": ""})
    );
    assert_eq!(
        serde_json::to_value(PaymentError::Fraud(info("Payment.Fraud", "stolen card"))).unwrap(),
        json!({"Error": "Payment.Fraud", "Cause": "stolen card"})
    );
    assert_eq!(
        serde_json::to_value(PaymentError::Other(info("Lambda.Unknown", "boom"))).unwrap(),
        json!({"Error": "Lambda.Unknown", "Cause": "boom"})
    );

    let read: PaymentError =
        serde_json::from_value(json!({"Error": "PaymentDeclined", "Cause": "x"})).unwrap();
    assert_eq!(read, PaymentError::Declined);
    let read: PaymentError =
        serde_json::from_value(json!({"Error": "Payment.Fraud", "Cause": "x"})).unwrap();
    assert_eq!(read, PaymentError::Fraud(info("Payment.Fraud", "x")));
    let read: PaymentError =
        serde_json::from_value(json!({"Error": "Other.Thing", "Cause": "y"})).unwrap();
    assert_eq!(read, PaymentError::Other(info("Other.Thing", "y")));
    let unknown = serde_json::from_value::<CardError>(json!({"Error": "Other.Thing", "Cause": ""}))
        .unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("`Other.Thing` is not an error of `CardError`"),
        "{unknown}"
    );

    assert_eq!(
        PaymentError::from_failure(&failure("Busy", "c")),
        Some(PaymentError::Busy)
    );
    assert_eq!(
        PaymentError::from_failure(&failure("Nope", "c")),
        Some(PaymentError::Other(info("Nope", "c")))
    );
    assert_eq!(CardError::from_failure(&failure("Nope", "c")), None);
    assert_eq!(
        CardError::from_failure(&failure("Stolen", "c")),
        Some(CardError::Stolen(info("Stolen", "c")))
    );
    assert_eq!(
        PaymentError::Fraud(info("ignored", "why")).to_failure(),
        failure("Payment.Fraud", "why")
    );
    assert_eq!(PaymentError::Timeout.to_failure(), failure("Timeout", ""));

    assert_eq!(<PaymentError as Payload>::shape(), error_object_shape());
    assert_eq!(<ErrorInfo as Payload>::shape(), error_object_shape());
}

#[test]
fn ready_made_error_enums_name_the_asl_errors() {
    let states = StatesError::error_names();
    assert_eq!(states[0], ("Timeout", "States.Timeout"));
    assert!(states.contains(&("TaskFailed", "States.TaskFailed")));
    assert!(states.contains(&("Permissions", "States.Permissions")));
    assert!(states.contains(&("HeartbeatTimeout", "States.HeartbeatTimeout")));
    assert_eq!(states.last(), Some(&("Other", "States.ALL")));
    assert_eq!(
        LambdaError::error_names(),
        [
            ("ServiceException", "Lambda.ServiceException"),
            ("AwsLambdaException", "Lambda.AWSLambdaException"),
            ("SdkClientException", "Lambda.SdkClientException"),
            ("TooManyRequests", "Lambda.TooManyRequestsException"),
            ("Unknown", "Lambda.Unknown"),
        ]
    );
    assert_eq!(AnyError::error_names(), [("Error", "States.ALL")]);
    let any = AnyError::from_failure(&Failure {
        error: "X".into(),
        cause: "y".into(),
    });
    assert_eq!(
        any,
        Some(AnyError::Error(ErrorInfo {
            error: "X".into(),
            cause: "y".into()
        }))
    );
}

#[test]
fn a_result_task_outputs_its_ok_type_and_lists_its_errors() {
    assert_eq!(pay::task().output, receipt_shape());
    assert_eq!(pay::errors(), PaymentError::error_names());
    assert_eq!(
        charge::errors(),
        [("Expired", "Expired"), ("Stolen", "Stolen")]
    );
    // Typed variants in `errors = [...]` are their ASL names.
    assert_eq!(
        charge::task().retry,
        [retry(
            &["Busy", "States.Timeout", "States.TaskFailed"],
            Some(2),
            None
        )]
    );
}

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

#[test]
fn a_match_on_a_task_call_catches_its_errors_arm_by_arm() {
    let wf = catching::workflow();
    assert_eq!(
        wf.vars,
        [
            var("o", Order::shape()),
            var("r", receipt_shape()),
            var("info", error_object_shape()),
            var("e", error_object_shape())
        ]
    );
    assert_eq!(
        wf.body,
        [stmt(StmtKind::Try {
            var: Some(VarId(1)),
            value: call(pay::task(), at(0)),
            ok: vec![ret(at(1))],
            catchers: vec![
                catcher(
                    &["PaymentDeclined"],
                    None,
                    vec![ret(call(fallback::task(), at(0)))]
                ),
                catcher(
                    &["Payment.Fraud"],
                    Some(2),
                    vec![ret(call(record::task(), at(2)))]
                ),
                catcher(
                    &["Timeout", "Busy"],
                    None,
                    vec![fail_named("Retryable", Some(Text::Literal("later".into())))]
                ),
                // `PaymentError` has a catch-all: `Err(e)` is every other error.
                catcher(
                    &["States.ALL"],
                    Some(3),
                    vec![ret(call(refund::task(), at(3)))]
                ),
            ],
        })]
    );
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

#[test]
fn err_wildcards_catch_the_names_not_caught_before_them() {
    let wf = card::workflow();
    assert_eq!(
        wf.vars,
        [
            var("o", Order::shape()),
            var("r", receipt_shape()),
            var("v", receipt_shape())
        ]
    );
    assert_eq!(
        wf.body,
        [
            stmt(StmtKind::Try {
                var: Some(VarId(2)),
                value: call(charge::task(), at(0)),
                ok: vec![stmt(StmtKind::Assign {
                    var: VarId(1),
                    value: at(2)
                })],
                catchers: vec![catcher(
                    &["Expired", "Stolen"],
                    None,
                    vec![stmt(StmtKind::Assign {
                        var: VarId(1),
                        value: call(fallback::task(), at(0))
                    })]
                )],
            }),
            ret(at(1)),
        ]
    );

    let wf = card_expired_first::workflow();
    assert_eq!(
        wf.body,
        [stmt(StmtKind::Try {
            var: None,
            value: call(charge::task(), at(0)),
            ok: vec![ret(Expr::Call(Box::new(Call {
                task: receipt_of::task(),
                arg: None
            })))],
            catchers: vec![
                catcher(&["Expired"], None, vec![ret(call(fallback::task(), at(0)))]),
                catcher(
                    &["Stolen"],
                    None,
                    vec![stmt(StmtKind::Fail {
                        error: Some("CardStolen".into()),
                        cause: None
                    })]
                ),
            ],
        })]
    );
}

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

#[test]
fn if_let_on_a_task_call_is_a_try_with_one_catcher() {
    assert_eq!(
        if_let_ok::workflow().body,
        [stmt(StmtKind::Try {
            var: Some(VarId(1)),
            value: call(pay::task(), at(0)),
            ok: vec![ret(at(1))],
            catchers: vec![catcher(
                &["States.ALL"],
                None,
                vec![ret(call(fallback::task(), at(0)))]
            )],
        })]
    );
    let null = Expr::Literal(Value::Null);
    assert_eq!(
        if_let_err::workflow().body,
        [stmt(StmtKind::Try {
            var: None,
            value: call(charge::task(), at(0)),
            ok: vec![ret(null.clone())],
            catchers: vec![catcher(
                &["Stolen"],
                Some(1),
                vec![stmt(StmtKind::Eval(call(record::task(), at(1)))), ret(null)]
            )],
        })]
    );
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

#[test]
fn question_mark_is_the_plain_call_and_err_is_a_fail() {
    let wf = question::workflow();
    assert_eq!(wf.output, receipt_shape());
    assert_eq!(
        wf.vars,
        [var("o", Order::shape()), var("r", receipt_shape())]
    );
    let cond_id = Cond::Compare {
        place: place(1, &["id"]),
        op: CmpOp::Eq,
        rhs: Operand::Literal(json!("x")),
    };
    assert_eq!(
        wf.body,
        [
            stmt(StmtKind::Assign {
                var: VarId(1),
                value: call(pay::task(), at(0))
            }),
            stmt(StmtKind::Eval(call(pay::task(), at(0)))),
            stmt(StmtKind::If {
                cond: Cond::IsTrue(place(1, &["approved"])),
                then: vec![ret(at(1))],
                otherwise: vec![]
            }),
            stmt(StmtKind::If {
                cond: cond_id,
                then: vec![fail_named("PaymentDeclined", None)],
                otherwise: vec![]
            }),
            fail_named("Timeout", None),
        ]
    );
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

#[test]
fn err_of_a_caught_error_fails_with_its_name_and_cause() {
    let text_at = |var: u32, field: &str| Some(Text::At(place(var, &[field])));
    assert_eq!(
        rethrow::workflow().body,
        [stmt(StmtKind::Try {
            var: Some(VarId(1)),
            value: call(pay::task(), at(0)),
            ok: vec![ret(at(1))],
            catchers: vec![
                catcher(
                    &["Payment.Fraud"],
                    Some(2),
                    vec![fail_named("Payment.Fraud", text_at(2, "cause"))]
                ),
                catcher(
                    &["PaymentDeclined"],
                    None,
                    vec![ret(call(fallback::task(), at(0)))]
                ),
                catcher(
                    &["States.ALL"],
                    Some(3),
                    vec![stmt(StmtKind::Fail {
                        error: text_at(3, "error"),
                        cause: text_at(3, "cause")
                    })]
                ),
            ],
        })]
    );
    let receipt_of = Expr::Call(Box::new(Call {
        task: receipt_of::task(),
        arg: None,
    }));
    assert_eq!(
        rethrow_other::workflow().body,
        [stmt(StmtKind::Try {
            var: None,
            value: call(pay::task(), at(0)),
            ok: vec![ret(receipt_of)],
            // The catch-all variant stands for the names no other arm catches: its catcher goes last.
            catchers: vec![
                catcher(
                    &["PaymentDeclined", "Payment.Fraud", "Timeout", "Busy"],
                    None,
                    vec![fail_named("Busy", None)]
                ),
                catcher(
                    &["States.ALL"],
                    Some(1),
                    vec![stmt(StmtKind::Fail {
                        error: text_at(1, "error"),
                        cause: text_at(1, "cause")
                    })]
                ),
            ],
        })]
    );
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

#[test]
fn fail_with_a_typed_error_uses_its_asl_name() {
    let body = typed_fail::workflow().body;
    let StmtKind::If { then, .. } = &body[0].kind else {
        panic!("{body:?}")
    };
    assert_eq!(
        then,
        &[fail_named(
            "PaymentDeclined",
            Some(Text::Literal("too much".into()))
        )]
    );
    let StmtKind::If { then, .. } = &body[1].kind else {
        panic!("{body:?}")
    };
    assert_eq!(then, &[fail_named("States.Runtime", None)]);
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

#[test]
fn retry_at_a_call_replaces_the_declared_policies() {
    let with_retry = |mut spec: asl::ir::TaskSpec, policies: Vec<RetryPolicy>| {
        spec.retry = policies;
        spec
    };
    assert_eq!(
        retry_here::workflow().body,
        [
            stmt(StmtKind::Assign {
                var: VarId(1),
                value: call(
                    with_retry(
                        fallback::task(),
                        vec![
                            retry(&["Busy"], Some(5), None),
                            retry(&["States.ALL"], None, Some(1))
                        ]
                    ),
                    at(0)
                ),
            }),
            stmt(StmtKind::Eval(call(
                with_retry(
                    fallback::task(),
                    vec![retry(&["Lambda.TooManyRequestsException"], None, None)]
                ),
                at(0)
            ))),
            stmt(StmtKind::Assign {
                var: VarId(2),
                value: call(
                    with_retry(pay::task(), vec![retry(&["States.ALL"], Some(0), None)]),
                    at(0)
                ),
            }),
            ret(at(1)),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Native runs.

#[test]
fn a_caught_error_takes_its_arm_natively() {
    runtime::reset();
    runtime::register_json("pay", failing("PaymentDeclined", "insufficient funds"));
    runtime::register_json("fallback", succeeding("fallback", true));
    assert_eq!(
        runtime::run_native(|| catching(order(5.0))),
        Ok(receipt("fallback"))
    );

    runtime::register_json("pay", failing("Payment.Fraud", "stolen"));
    runtime::register("record", |info: ErrorInfo| Receipt {
        id: format!("{}: {}", info.error, info.cause),
        approved: false,
    });
    let r = runtime::run_native(|| catching(order(5.0))).unwrap();
    assert_eq!(r.id, "Payment.Fraud: stolen");

    // The catch-all variant takes any other name, and passes it on as the error object.
    runtime::register_json("pay", failing("Lambda.Unknown", "crashed"));
    runtime::register_json("refund", |error: Value| {
        Ok(json!({"id": error["Error"], "approved": false}))
    });
    let r = runtime::run_native(|| catching(order(5.0))).unwrap();
    assert_eq!(r.id, "Lambda.Unknown");

    runtime::register_json("pay", succeeding("paid", true));
    assert_eq!(
        runtime::run_native(|| if_let_ok(order(5.0))),
        Ok(receipt("paid"))
    );
}

#[test]
fn an_error_the_task_type_does_not_name_fails_the_run() {
    runtime::reset();
    runtime::register_json("charge", failing("Card.Network", "down"));
    runtime::register_json("fallback", succeeding("fallback", true));
    let failure = run_workflow(|| card(order(5.0))).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "Card.Network".into(),
            cause: "down".into()
        }
    );

    runtime::register_json("charge", failing("Expired", ""));
    assert_eq!(run_workflow(|| card(order(5.0))), Ok(receipt("fallback")));
}

#[test]
fn run_workflow_turns_err_question_mark_and_typed_fail_into_failures() {
    runtime::reset();
    // `Err(PaymentError::Declined)`.
    runtime::register_json("pay", succeeding("x", false));
    assert_eq!(
        run_workflow(|| question(order(5.0))),
        Err(Failure {
            error: "PaymentDeclined".into(),
            cause: "".into()
        })
    );
    runtime::register_json("pay", succeeding("y", false));
    assert_eq!(
        run_workflow(|| question(order(5.0))),
        Err(Failure {
            error: "Timeout".into(),
            cause: "".into()
        })
    );
    runtime::register_json("pay", succeeding("y", true));
    assert_eq!(
        run_workflow(|| question(order(5.0))),
        Ok(Receipt {
            id: "y".into(),
            approved: true
        })
    );

    // `?`: the task's own error name and cause.
    runtime::register_json("pay", failing("Payment.Fraud", "stolen card"));
    assert_eq!(
        run_workflow(|| question(order(5.0))),
        Err(Failure {
            error: "Payment.Fraud".into(),
            cause: "stolen card".into()
        })
    );

    // A caught error passed on with `Err(e)`.
    runtime::register_json("pay", failing("Lambda.Unknown", "crashed"));
    assert_eq!(
        run_workflow(|| rethrow(order(5.0))),
        Err(Failure {
            error: "Lambda.Unknown".into(),
            cause: "crashed".into()
        })
    );

    // `fail!(E::X, cause)`.
    runtime::register_json("fallback", succeeding("fallback", true));
    assert_eq!(
        run_workflow(|| typed_fail(order(500.0))),
        Err(Failure {
            error: "PaymentDeclined".into(),
            cause: "too much".into()
        })
    );
    assert_eq!(
        run_workflow(|| typed_fail(order(-1.0))),
        Err(Failure {
            error: "States.Runtime".into(),
            cause: "".into()
        })
    );
    assert_eq!(
        run_workflow(|| typed_fail(order(1.0))),
        Ok(receipt("fallback"))
    );
}

#[workflow]
fn checked(o: Order) -> Result<Order, CardError> {
    let o = check(o)?;
    Ok(o)
}

#[test]
fn a_result_task_with_a_body_returns_its_body() {
    runtime::reset();
    assert_eq!(run_workflow(|| checked(order(1.0))), Ok(order(1.0)));
    assert_eq!(
        run_workflow(|| checked(order(-1.0))),
        Err(Failure {
            error: "Expired".into(),
            cause: "".into()
        })
    );
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

#[test]
fn the_readme_example_builds_and_runs() {
    let body = readme_checkout::workflow().body;
    let StmtKind::Try { catchers, .. } = &body[0].kind else {
        panic!("{body:?}")
    };
    let errors: Vec<&[String]> = catchers.iter().map(|c| c.errors.as_slice()).collect();
    assert_eq!(
        errors,
        [
            &["PaymentDeclined".to_string()][..],
            &["Payment.Fraud".to_string()],
            &["States.ALL".to_string()]
        ]
    );
    let StmtKind::Assign {
        value: Expr::Call(confirm_call),
        ..
    } = &body[1].kind
    else {
        panic!("{body:?}")
    };
    assert_eq!(
        confirm_call.task.retry,
        [retry(&["Lambda.TooManyRequestsException"], Some(5), None)]
    );

    runtime::reset();
    runtime::register_json("pay", succeeding("paid", true));
    runtime::register_json("confirm", failing("Lambda.Unknown", "gone"));
    // `LambdaError::Unknown` is a unit variant: natively it keeps the name, not the cause.
    assert_eq!(
        run_workflow(|| readme_checkout(order(1.0))),
        Err(Failure {
            error: "Lambda.Unknown".into(),
            cause: "".into()
        })
    );
    runtime::register_json("confirm", succeeding("confirmed", false));
    assert_eq!(
        run_workflow(|| readme_checkout(order(1.0))),
        Err(Failure {
            error: "PaymentDeclined".into(),
            cause: "not approved".into()
        })
    );
}
