//! `let id = ctx().execution.id; Started { id, at: ctx().execution.start_time }`.

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let started = obj(vec![field("id", Shape::String), field("at", Shape::String)]);
    let context = |path: &[&str]| Expr::Context(path.iter().map(|p| p.to_string()).collect());
    workflow_of(
        "context",
        vec![("o", order()), ("id", Shape::String)],
        started.clone(),
        vec![
            StmtKind::Assign {
                var: VarId(1),
                value: context(&["Execution", "Id"]),
            },
            StmtKind::Return(Expr::Struct {
                shape: started,
                fields: vec![
                    ("id".into(), at(1, &[])),
                    ("at".into(), context(&["Execution", "StartTime"])),
                ],
            }),
        ],
    )
}
