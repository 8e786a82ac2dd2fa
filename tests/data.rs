//! `map`, `for` loops, intrinsic functions and the context object: the exact IR each form
//! builds, and what a native run computes (in order, with ASL's semantics).

#![allow(dead_code)]
#![allow(clippy::redundant_closure)]

use asl::ir::{
    Batching, Call, CmpOp, Cond, ExecutionType as Execution, Expr, Intrinsic, ItemReader, MapExpr, MapItems, MapOptions, Operand,
    Place, Shape, Stmt, StmtKind, TaskSpec, VarId, VarInfo,
};
use asl::prelude::*;
use asl::runtime;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------
// Building expected IR by hand.

fn place(var: u32, fields: &[&str]) -> Place {
    Place { var: VarId(var), fields: fields.iter().map(|f| f.to_string()).collect() }
}

fn at(var: u32, fields: &[&str]) -> Expr {
    Expr::Place(place(var, fields))
}

fn lit(value: Value) -> Expr {
    Expr::Literal(value)
}

fn stmt(kind: StmtKind) -> Stmt {
    kind.into()
}

fn ret(value: Expr) -> Stmt {
    stmt(StmtKind::Return(value))
}

fn assign(var: u32, value: Expr) -> Stmt {
    stmt(StmtKind::Assign { var: VarId(var), value })
}

fn call(task: TaskSpec, arg: Expr) -> Expr {
    Expr::Call(Box::new(Call { task, arg: Some(arg) }))
}

fn intrinsic(function: Intrinsic, args: Vec<Expr>) -> Expr {
    Expr::Intrinsic { function, args }
}

fn map_expr(items: MapItems, item: u32, body: Vec<Stmt>, options: MapOptions) -> Expr {
    Expr::Map(Box::new(MapExpr { items, item: VarId(item), body, options }))
}

fn var(name: &str, shape: Shape) -> VarInfo {
    VarInfo { name: name.into(), shape }
}

// ---------------------------------------------------------------------------------------
// Payloads and tasks.

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    id: String,
    amount: u32,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Orders {
    orders: Vec<Order>,
    tag: String,
    next: u32,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Receipt {
    id: String,
    tag: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Charge {
    order: Order,
    tag: String,
}

#[task(lambda = "charge")]
fn charge(c: Charge) -> Receipt;

#[task(lambda = "charge-batch")]
fn charge_batch(b: Batch<Order>) -> u32;

#[task(lambda = "note")]
fn note(o: Order);

fn orders() -> Orders {
    Orders {
        orders: vec![
            Order { id: "a".into(), amount: 5 },
            Order { id: "b".into(), amount: 50 },
            Order { id: "c".into(), amount: 500 },
        ],
        tag: "t".into(),
        next: 1,
    }
}

fn register_charge() {
    runtime::register("charge", |c: Charge| {
        if c.order.amount > 100 {
            runtime::fail(Failure { error: "TooMuch".into(), cause: c.order.id });
        }
        Receipt { id: c.order.id, tag: c.tag }
    });
}

// ---------------------------------------------------------------------------------------
// map

#[workflow]
fn charge_all(b: Orders) -> Vec<Receipt> {
    map(b.orders, |o| charge(Charge { order: o, tag: b.tag.clone() }))
}

#[test]
fn map_builds_a_map_over_a_place_with_the_item_shape() {
    let w = charge_all::workflow();
    assert_eq!(w.vars, vec![var("b", Orders::shape()), var("o", Order::shape())]);
    let charge_arg = call(
        charge::task(),
        Expr::Struct {
            shape: Charge::shape(),
            fields: vec![("order".into(), at(1, &[])), ("tag".into(), at(0, &["tag"]))],
        },
    );
    assert_eq!(
        w.body,
        vec![ret(map_expr(MapItems::Place(place(0, &["orders"])), 1, vec![ret(charge_arg)], MapOptions::default()))]
    );
}

#[test]
fn map_runs_natively_in_order() {
    runtime::reset();
    register_charge();
    let mut b = orders();
    b.orders.truncate(2);
    let receipts = runtime::run_native(|| charge_all(b)).unwrap();
    assert_eq!(receipts, vec![Receipt { id: "a".into(), tag: "t".into() }, Receipt { id: "b".into(), tag: "t".into() }]);
    // Without a tolerance, the first failing item fails the map with its own error.
    let failure = runtime::run_native(|| charge_all(orders())).unwrap_err();
    assert_eq!(failure, Failure { error: "TooMuch".into(), cause: "c".into() });
}
