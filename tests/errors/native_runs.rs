//! Typed errors run natively and in asl-local (`Env::check`, which must agree): caught,
//! propagated with `?`, and failing the execution.

use super::*;

/// Checks `workflow` on `o` with `env`'s mocks; the output both runs agreed on.
fn checked_run<O>(
    env: &mut Env,
    definition: Definition,
    workflow: fn(Order) -> O,
    o: Order,
) -> Result<O::Value, Failure>
where
    O: WorkflowOutput,
    O::Value: Serialize,
{
    env.check(definition, workflow, o).output
}

#[test]
fn a_caught_error_takes_its_arm_in_both_runs() {
    let mut env = Env::new()
        .mock(Mock::json(
            "pay",
            failing("PaymentDeclined", "insufficient funds"),
        ))
        .mock(Mock::json("fallback", succeeding("fallback", true)));
    assert_eq!(
        checked_run(&mut env, catching::definition(), catching, order(5.0)),
        Ok(receipt("fallback"))
    );

    let mut env = env
        .mock(Mock::json("pay", failing("Payment.Fraud", "stolen")))
        .mock(record::mock(|info: ErrorInfo| Receipt {
            id: format!("{}: {}", info.error, info.cause),
            approved: false,
        }));
    let r = checked_run(&mut env, catching::definition(), catching, order(5.0)).unwrap();
    assert_eq!(r.id, "Payment.Fraud: stolen");

    // The catch-all variant takes any other name, and passes it on as the error object.
    let mut env = env
        .mock(Mock::json("pay", failing("Lambda.Unknown", "crashed")))
        .mock(Mock::json("refund", |error: Value| {
            Ok(json!({"id": error["Error"], "approved": false}))
        }));
    let r = checked_run(&mut env, catching::definition(), catching, order(5.0)).unwrap();
    assert_eq!(r.id, "Lambda.Unknown");

    let mut env = env.mock(Mock::json("pay", succeeding("paid", true)));
    assert_eq!(
        checked_run(&mut env, if_let_ok::definition(), if_let_ok, order(5.0)),
        Ok(receipt("paid"))
    );
}

#[test]
fn an_error_the_task_type_does_not_name_fails_the_run() {
    let mut env = Env::new()
        .mock(Mock::json("charge", failing("Card.Network", "down")))
        .mock(Mock::json("fallback", succeeding("fallback", true)));
    let failure = checked_run(&mut env, card::definition(), card, order(5.0)).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "Card.Network".into(),
            cause: "down".into()
        }
    );

    let mut env = env.mock(Mock::json("charge", failing("Expired", "")));
    assert_eq!(
        checked_run(&mut env, card::definition(), card, order(5.0)),
        Ok(receipt("fallback"))
    );
}

#[test]
fn err_question_mark_and_typed_fail_are_failures_in_both_runs() {
    // `Err(PaymentError::Declined)`.
    let mut env = Env::new().mock(Mock::json("pay", succeeding("x", false)));
    assert_eq!(
        checked_run(&mut env, question::definition(), question, order(5.0)),
        Err(Failure {
            error: "PaymentDeclined".into(),
            cause: "".into()
        })
    );
    let mut env = env.mock(Mock::json("pay", succeeding("y", false)));
    assert_eq!(
        checked_run(&mut env, question::definition(), question, order(5.0)),
        Err(Failure {
            error: "Timeout".into(),
            cause: "".into()
        })
    );
    let mut env = env.mock(Mock::json("pay", succeeding("y", true)));
    assert_eq!(
        checked_run(&mut env, question::definition(), question, order(5.0)),
        Ok(Receipt {
            id: "y".into(),
            approved: true
        })
    );

    // `?`: the task's own error name and cause.
    let mut env = env.mock(Mock::json("pay", failing("Payment.Fraud", "stolen card")));
    assert_eq!(
        checked_run(&mut env, question::definition(), question, order(5.0)),
        Err(Failure {
            error: "Payment.Fraud".into(),
            cause: "stolen card".into()
        })
    );

    // A caught error passed on with `Err(e)`.
    let mut env = env.mock(Mock::json("pay", failing("Lambda.Unknown", "crashed")));
    assert_eq!(
        checked_run(&mut env, rethrow::definition(), rethrow, order(5.0)),
        Err(Failure {
            error: "Lambda.Unknown".into(),
            cause: "crashed".into()
        })
    );

    // `fail!(E::X, cause)`.
    let mut env = env.mock(Mock::json("fallback", succeeding("fallback", true)));
    assert_eq!(
        checked_run(&mut env, typed_fail::definition(), typed_fail, order(500.0)),
        Err(Failure {
            error: "PaymentDeclined".into(),
            cause: "too much".into()
        })
    );
    assert_eq!(
        checked_run(&mut env, typed_fail::definition(), typed_fail, order(-1.0)),
        Err(Failure {
            error: "States.Runtime".into(),
            cause: "".into()
        })
    );
    assert_eq!(
        checked_run(&mut env, typed_fail::definition(), typed_fail, order(1.0)),
        Ok(receipt("fallback"))
    );
}

#[test]
fn a_result_task_with_a_body_returns_its_body() {
    // Natively the body runs; the ASL run's Lambda does what the body does.
    let mut env = Env::new().mock(Mock::json("check", |o: Value| {
        if o["amount"].as_f64().unwrap_or(0.0) < 0.0 {
            Err(Failure {
                error: "Expired".into(),
                cause: "".into(),
            })
        } else {
            Ok(o)
        }
    }));
    assert_eq!(
        checked_run(&mut env, checked::definition(), checked, order(1.0)),
        Ok(order(1.0))
    );
    assert_eq!(
        checked_run(&mut env, checked::definition(), checked, order(-1.0)),
        Err(Failure {
            error: "Expired".into(),
            cause: "".into()
        })
    );
}
