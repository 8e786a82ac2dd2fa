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

    let mut env = Env::new()
        .mock(Mock::json("pay", succeeding("paid", true)))
        .mock(Mock::json("confirm", failing("Lambda.Unknown", "gone")));
    // `?` passes the call's error on as it is: the execution fails with its name and cause
    // (`LambdaError::Unknown` is a unit variant, the cause is the call's).
    let report = env.check(readme_checkout::definition(), readme_checkout, order(1.0));
    assert_eq!(
        report.output,
        Err(Failure {
            error: "Lambda.Unknown".into(),
            cause: "gone".into()
        })
    );
    let mut env = env.mock(Mock::json("confirm", succeeding("confirmed", false)));
    let report = env.check(readme_checkout::definition(), readme_checkout, order(1.0));
    assert_eq!(
        report.output,
        Err(Failure {
            error: "PaymentDeclined".into(),
            cause: "not approved".into()
        })
    );
}
