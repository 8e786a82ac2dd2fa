//! `map(o.items, |item| price(item))` with at most 4 items at a time.

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let item = obj(vec![field("sku", Shape::String)]);
    let quote = obj(vec![field("price", Shape::Number)]);
    let batch = obj(vec![field("items", Shape::Array(Box::new(item.clone())))]);
    let price = task("price", item.clone(), quote.clone());
    let quotes = Shape::Array(Box::new(quote.clone()));
    let map = Expr::Map(Box::new(MapExpr {
        items: MapItems::Place(place(0, &["items"])),
        item: VarId(1),
        body: vec![
            StmtKind::Assign {
                var: VarId(2),
                value: call(&price, at(1, &[])),
            }
            .into(),
            StmtKind::Return(at(2, &[])).into(),
        ],
        options: MapOptions {
            max_concurrency: Some(4),
            ..MapOptions::default()
        },
    }));
    workflow_of(
        "map",
        vec![
            ("o", batch),
            ("item", item),
            ("q", quote),
            ("quotes", quotes.clone()),
        ],
        quotes,
        vec![
            StmtKind::Assign {
                var: VarId(3),
                value: map,
            },
            StmtKind::Return(at(3, &[])),
        ],
    )
}
