//! `fn w(o: Order) -> Receipt { charge(o) }`: one task call, its result the output.

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let receipt = obj(vec![field("ok", Shape::Bool)]);
    let charge = task("charge", order(), receipt.clone());
    workflow_of(
        "task",
        vec![("o", order())],
        receipt,
        vec![StmtKind::Return(call(&charge, at(0, &[])))],
    )
}
