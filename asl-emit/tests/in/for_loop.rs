//! `for item in o.items { process(item); }`.

use super::build::*;
use asl_model::ir::*;
use serde_json::Value;

pub fn workflow() -> Workflow {
    let item = obj(vec![field("sku", Shape::String)]);
    let batch = obj(vec![field("items", Shape::Array(Box::new(item.clone())))]);
    let process = task("process", item.clone(), Shape::Unit);
    workflow_of(
        "for_loop",
        vec![("o", batch), ("item", item)],
        Shape::Unit,
        vec![
            StmtKind::For {
                var: VarId(1),
                items: place(0, &["items"]),
                body: vec![StmtKind::Eval(call(&process, at(1, &[]))).into()],
            },
            StmtKind::Return(Expr::Literal(Value::Null)),
        ],
    )
}
