//! `let mut r; loop { r = poll(o); if r.done { break } sleep(5) } r`.

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let status = obj(vec![field("done", Shape::Bool)]);
    let poll = task("poll", order(), status.clone());
    workflow_of(
        "loop_break",
        vec![("o", order()), ("r", status.clone())],
        status,
        vec![
            StmtKind::Loop {
                body: vec![
                    StmtKind::Assign {
                        var: VarId(1),
                        value: call(&poll, at(0, &[])),
                    }
                    .into(),
                    StmtKind::If {
                        cond: Cond::IsTrue(place(1, &["done"])),
                        then: vec![StmtKind::Break.into()],
                        otherwise: vec![],
                    }
                    .into(),
                    StmtKind::Sleep(SleepFor::Seconds(5)).into(),
                ],
            },
            StmtKind::Return(at(1, &[])),
        ],
    )
}
