//! `?` on a task call, `Ok`/`Err` as the workflow's result and `fail!(E::X)`: the exact IR.

use super::*;

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
        rhs: Rhs::Literal(json!("x")),
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
