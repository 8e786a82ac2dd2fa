//! `if o.amount > 1000 { fail!("TooLarge", o.id) } o`.

use super::build::*;
use asl_model::ir::*;
use serde_json::json;

pub fn workflow() -> Workflow {
    workflow_of(
        "fail",
        vec![("o", order())],
        order(),
        vec![
            StmtKind::If {
                cond: Cond::Compare {
                    place: place(0, &["amount"]),
                    op: CmpOp::Gt,
                    rhs: Rhs::Literal(json!(1000)),
                },
                then: vec![StmtKind::Fail {
                    error: Some("TooLarge".into()),
                    cause: Some(Text::At(place(0, &["id"]))),
                }
                .into()],
                otherwise: vec![],
            },
            StmtKind::Return(at(0, &[])),
        ],
    )
}
