//! Catching a task's errors (`match task(x) { Ok(v) => …, Err(E::X) => … }`, `if let Ok`): the exact `Try` IR.

use super::*;

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
