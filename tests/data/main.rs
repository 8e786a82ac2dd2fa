//! `map`, `for` loops, intrinsic functions and the context object: the exact IR each form
//! builds, and what a run computes — natively and as the emitted ASL in asl-local
//! (`asl::testing::Env::check`), which must agree.
//!
//! This file holds the types, tasks and workflows the tests share; the tests are in the
//! modules, one per topic.
#![allow(dead_code)]
#![allow(clippy::redundant_closure)]
// The workflows keep the forms under test: an `if` yielding `true`/`false` is a Choice, a
// `let` returned at once is a named state.
#![allow(clippy::needless_bool, clippy::let_and_return)]

mod context;
mod for_loops;
mod intrinsics;
mod map;

use asl::ir::{
    Batching, Call, CmpOp, Cond, ExecutionType as Execution, Expr, Intrinsic, MapExpr, MapItems,
    MapOptions, Place, ReaderSpec, Rhs, Shape, Stmt, StmtKind, TaskSpec, VarId, VarInfo,
};
use asl::prelude::*;
use asl::runtime;
use asl::testing::{Env, Mock};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------
// Building expected IR by hand.

fn place(var: u32, fields: &[&str]) -> Place {
    Place {
        var: VarId(var),
        fields: fields.iter().map(|f| f.to_string()).collect(),
    }
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
    stmt(StmtKind::Assign {
        var: VarId(var),
        value,
    })
}

fn call(task: TaskSpec, arg: Expr) -> Expr {
    Expr::Call(Box::new(Call {
        task,
        arg: Some(arg),
    }))
}

fn intrinsic(function: Intrinsic, args: Vec<Expr>) -> Expr {
    Expr::Intrinsic { function, args }
}

fn map_expr(items: MapItems, item: u32, body: Vec<Stmt>, options: MapOptions) -> Expr {
    Expr::Map(Box::new(MapExpr {
        items,
        item: VarId(item),
        body,
        options,
    }))
}

fn var(name: &str, shape: Shape) -> VarInfo {
    VarInfo {
        name: name.into(),
        shape,
    }
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
            Order {
                id: "a".into(),
                amount: 5,
            },
            Order {
                id: "b".into(),
                amount: 50,
            },
            Order {
                id: "c".into(),
                amount: 500,
            },
        ],
        tag: "t".into(),
        next: 1,
    }
}

/// `charge`: a receipt, or `TooMuch` (the order's id as the cause) over 100.
fn charge_mock() -> Mock {
    Mock::json("charge", |input| {
        let c: Charge = serde_json::from_value(input).expect("a charge");
        if c.order.amount > 100 {
            return Err(Failure {
                error: "TooMuch".into(),
                cause: c.order.id,
            });
        }
        Ok(json!(Receipt {
            id: c.order.id,
            tag: c.tag,
        }))
    })
}

// ---------------------------------------------------------------------------------------
// map

#[workflow]
fn charge_all(b: Orders) -> Vec<Receipt> {
    map(b.orders, |o| {
        charge(Charge {
            order: o,
            tag: b.tag.clone(),
        })
    })
}

#[workflow]
fn charge_tolerantly(b: Orders) -> Vec<Receipt> {
    Map::over(&b.orders)
        .max_concurrency(5)
        .tolerated_failures(1)
        .tolerated_failure_percent(50.0)
        .label("Charge")
        .run(|o: &Order| {
            let tag = b.tag.clone();
            charge(Charge {
                order: o.clone(),
                tag,
            })
        })
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Listing {
    prefix: String,
}

#[workflow]
fn object_sizes(l: Listing) -> MapRunResult {
    Map::read(S3Objects {
        bucket: "my-bucket",
        prefix: l.prefix,
    })
    .distributed(ExecutionType::Express)
    .result_writer("results", "sizes/")
    .run(|object| object.size)
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct CsvFile {
    bucket: String,
    key: String,
}

#[task(lambda = "row-size")]
fn row_size(row: std::collections::BTreeMap<String, String>) -> u32;

#[workflow]
fn csv_rows(f: CsvFile) -> Vec<u32> {
    Map::read(S3Csv {
        bucket: f.bucket,
        key: "rows.csv".to_string(),
    })
    .distributed(ExecutionType::Standard)
    .run(|row| row_size(row))
}

#[workflow]
fn charge_in_batches(b: Orders) -> Vec<u32> {
    Map::over(b.orders)
        .distributed(ExecutionType::Express)
        .batch(2)
        .run(|batch| charge_batch(batch))
}

#[workflow]
fn indexed(b: Orders) -> Vec<usize> {
    map(b.orders, |_o| ctx().map.item.index)
}

// ---------------------------------------------------------------------------------------
// for loops

#[workflow]
fn note_small(b: Orders) -> u32 {
    let mut count = 0;
    for o in b.orders.iter() {
        if o.amount > 100 {
            break;
        }
        if o.amount < 10 {
            continue;
        }
        note(o.clone());
        count += 1;
    }
    count
}

// ---------------------------------------------------------------------------------------
// Intrinsics

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Labels {
    title: String,
    count: usize,
    has_b: bool,
    ids: Vec<String>,
    second: Order,
    next_plus: u32,
    minus: u32,
}

#[workflow]
fn labels(b: Orders) -> Labels {
    let tag = b.tag.clone();
    let first = b.orders[0].clone();
    let has_b = if b.orders.contains(&first) {
        true
    } else {
        false
    };
    Labels {
        title: format!("{} {{x}} '{tag}' \\ {}", b.next, first.id),
        count: b.orders.len(),
        has_b,
        ids: vec![first.id, "k".to_string()],
        second: b.orders[b.next as usize].clone(),
        next_plus: b.next + 2,
        minus: b.next - 1,
    }
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Computed {
    id: String,
    digest: String,
    encoded: String,
    decoded: String,
    range: Vec<i64>,
    chunks: Vec<Vec<Order>>,
    distinct: Vec<String>,
    merged: Order,
    text: String,
    parsed: Order,
    dice: i64,
    words: Vec<String>,
    execution: String,
}

#[workflow]
fn computed(b: Orders) -> Computed {
    let words = vec![b.tag.clone(), b.tag.clone(), "u".to_string()];
    let first = b.orders[0].clone();
    Computed {
        id: uuid(),
        digest: hash(b.tag.clone(), HashAlgorithm::Sha256),
        encoded: base64_encode(&b.tag),
        decoded: base64_decode("aGk="),
        range: array_range(1, 9, 2),
        chunks: partition(&b.orders, 2),
        distinct: unique(&words),
        merged: merge(first.clone(), b.orders[1].clone()),
        text: to_json_string(&first),
        parsed: from_json_string::<Order>(to_json_string(&first)),
        dice: random(1, 6),
        words: split("a,b;;c", ",;"),
        execution: ctx().execution.name,
    }
}

/// An intrinsic or a map bound by `let` is a value, not a task call (`uuid::task()`).
#[workflow]
fn bound_data(b: Orders) -> Vec<Receipt> {
    let id = uuid();
    let receipts = map(b.orders, |o| {
        charge(Charge {
            order: o,
            tag: id.clone(),
        })
    });
    receipts
}

// ---------------------------------------------------------------------------------------
// The context object

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Stamp {
    execution: String,
    started: Timestamp,
    state: String,
    retries: u32,
    token: String,
    input: Value,
}

#[task(resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken")]
fn stamp(s: Stamp) -> Stamp;

#[workflow]
fn stamped(_b: Orders) -> Stamp {
    stamp(Stamp {
        execution: ctx().execution.id,
        started: ctx().execution.start_time,
        state: ctx().state.name,
        retries: ctx().state.retry_count,
        token: ctx().task.token,
        input: ctx().execution.input,
    })
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Price {
    name: String,
    amount: f64,
}

#[workflow]
fn price_label(p: Price) -> String {
    format!("{} costs {amount}", p.name, amount = p.amount)
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Amounts {
    floats: Vec<f64>,
    count: i64,
}

#[workflow]
fn amounts_label(a: Amounts) -> String {
    format!(
        "{} {} {} {} {} {}",
        a.floats[0], a.floats[1], a.floats[2], a.floats[3], a.count, a.floats
    )
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct SplitCase {
    text: String,
    delimiters: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Splits {
    special: Vec<String>,
    given: Vec<String>,
}

/// `split` by a literal of regex-special characters and by the input's delimiters.
#[workflow]
fn split_both(c: SplitCase) -> Splits {
    Splits {
        special: split(c.text.clone(), ".]\\^-"),
        given: split(c.text, c.delimiters),
    }
}

#[workflow]
fn price_text(p: Price) -> String {
    format!("{}", p)
}
