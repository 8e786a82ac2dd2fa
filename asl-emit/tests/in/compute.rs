//! A JSONata workflow computing in the state machine:
//! `let total = o.amount.round() as i64 * o.qty; Priced { total, label: format!("order {}: {}", o.id, total) }`
//! (a float is formatted only as an integer: Rust and JSONata print floats differently).

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let line = obj(vec![
        field("id", Shape::String),
        field("amount", Shape::Number),
        field("qty", Shape::Integer),
    ]);
    let priced = obj(vec![
        field("total", Shape::Integer),
        field("label", Shape::String),
    ]);
    let compute = |c: Compute| Expr::Compute(Box::new(c));
    let total = compute(Compute::Binary {
        op: BinaryOp::Mul,
        lhs: compute(Compute::Cast {
            to: NumericType::Integer(IntType::I64),
            value: compute(Compute::Method {
                method: Method::Round,
                receiver: at(0, &["amount"]),
                args: vec![],
            }),
        }),
        rhs: at(0, &["qty"]),
    });
    let label = compute(Compute::Format(vec![
        FormatPiece::Text("order ".into()),
        FormatPiece::Value(at(0, &["id"])),
        FormatPiece::Text(": ".into()),
        FormatPiece::Value(at(1, &[])),
    ]));
    workflow_of(
        "compute",
        vec![("o", line), ("total", Shape::Integer)],
        priced.clone(),
        vec![
            StmtKind::Assign {
                var: VarId(1),
                value: total,
            },
            StmtKind::Return(Expr::Struct {
                shape: priced,
                fields: vec![("total".into(), at(1, &[])), ("label".into(), label)],
            }),
        ],
    )
}
