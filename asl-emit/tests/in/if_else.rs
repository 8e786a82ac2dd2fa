//! `let r = charge(o); if r.ok { notify(o) } else { refund(o) }; r`.

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let receipt = obj(vec![field("ok", Shape::Bool)]);
    let charge = task("charge", order(), receipt.clone());
    let notify = task("notify", order(), Shape::Unit);
    let refund = task("refund", order(), Shape::Unit);
    workflow_of(
        "if_else",
        vec![("o", order()), ("r", receipt.clone())],
        receipt,
        vec![
            StmtKind::Assign {
                var: VarId(1),
                value: call(&charge, at(0, &[])),
            },
            StmtKind::If {
                cond: Cond::IsTrue(place(1, &["ok"])),
                then: vec![StmtKind::Eval(call(&notify, at(0, &[]))).into()],
                otherwise: vec![StmtKind::Eval(call(&refund, at(0, &[]))).into()],
            },
            StmtKind::Return(at(1, &[])),
        ],
    )
}
