//! The README's typed-error example, end to end.

use super::*;

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
    // `?` passes the call's error on as it is: the execution fails with its name and cause
    // (`LambdaError::Unknown` is a unit variant, the cause is the call's).
    assert_eq!(
        run_workflow(|| readme_checkout(order(1.0))),
        Err(Failure {
            error: "Lambda.Unknown".into(),
            cause: "gone".into()
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
