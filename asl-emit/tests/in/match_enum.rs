//! `match o.status { Approved => { ship(o); "shipped" } Rejected => fail!(…), _ => "waiting" }`.

use super::build::*;
use asl_model::ir::*;
use serde_json::json;

pub fn workflow() -> Workflow {
    let status = Shape::Enum {
        tagging: Tagging::External,
        variants: ["Approved", "Rejected", "Pending"]
            .into_iter()
            .map(|v| Variant {
                rust: v.into(),
                json: v.to_lowercase(),
                data: None,
            })
            .collect(),
    };
    let shipment = obj(vec![field("id", Shape::String), field("status", status)]);
    let ship = task("ship", shipment.clone(), Shape::Unit);
    let arm = |pattern, body: Vec<StmtKind>| Arm {
        pattern,
        body: body.into_iter().map(Stmt::from).collect(),
    };
    workflow_of(
        "match_enum",
        vec![("o", shipment)],
        Shape::String,
        vec![StmtKind::Match {
            scrutinee: place(0, &["status"]),
            arms: vec![
                arm(
                    Pattern::Variant("Approved".into()),
                    vec![
                        StmtKind::Eval(call(&ship, at(0, &[]))),
                        StmtKind::Return(Expr::Literal(json!("shipped"))),
                    ],
                ),
                arm(
                    Pattern::Variant("Rejected".into()),
                    vec![StmtKind::Fail {
                        error: Some("Rejected".into()),
                        cause: Some(Text::At(place(0, &["id"]))),
                    }],
                ),
                arm(
                    Pattern::Wildcard,
                    vec![StmtKind::Return(Expr::Literal(json!("waiting")))],
                ),
            ],
        }],
    )
}
