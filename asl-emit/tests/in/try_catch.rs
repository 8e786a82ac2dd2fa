//! `match charge(o) { Ok(r) => r, Err(Declined) => refund(o), Err(e) => fail!(e.error, e.cause) }`.

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let receipt = obj(vec![field("ok", Shape::Bool)]);
    let charge = task("charge", order(), receipt.clone());
    let refund = task("refund", order(), receipt.clone());
    let error = obj(vec![
        field("error", Shape::String),
        field("cause", Shape::String),
    ]);
    workflow_of(
        "try_catch",
        vec![("o", order()), ("r", receipt.clone()), ("e", error)],
        receipt,
        vec![StmtKind::Try {
            var: Some(VarId(1)),
            value: call(&charge, at(0, &[])),
            ok: vec![StmtKind::Return(at(1, &[])).into()],
            catchers: vec![
                ErrArm {
                    errors: vec!["Declined".into()],
                    var: None,
                    body: vec![StmtKind::Return(call(&refund, at(0, &[]))).into()],
                },
                ErrArm {
                    errors: vec!["States.ALL".into()],
                    var: Some(VarId(2)),
                    body: vec![StmtKind::Fail {
                        error: Some(Text::At(place(2, &["error"]))),
                        cause: Some(Text::At(place(2, &["cause"]))),
                    }
                    .into()],
                },
            ],
        }],
    )
}
