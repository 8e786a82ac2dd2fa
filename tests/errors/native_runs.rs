//! Typed errors in native runs: caught, propagated with `?`, and failing the execution.

use super::*;

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
