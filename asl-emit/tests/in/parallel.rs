//! `parallel!(reserve(o), bill(o))`: two branches on the same input, their values a tuple.

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let done = obj(vec![field("ok", Shape::Bool)]);
    let reserve = task("reserve", order(), done.clone());
    let bill = task("bill", order(), done.clone());
    let both = Shape::Tuple(vec![done.clone(), done]);
    let branch = |t: &TaskSpec| vec![StmtKind::Return(call(t, at(0, &[]))).into()];
    workflow_of(
        "parallel",
        vec![("o", order()), ("both", both.clone())],
        both,
        vec![
            StmtKind::Assign {
                var: VarId(1),
                value: Expr::Parallel(vec![branch(&reserve), branch(&bill)]),
            },
            StmtKind::Return(at(1, &[])),
        ],
    )
}
