//! `map`, `for` loops, intrinsic functions and the context object: the exact IR each form
//! builds, and what a native run computes (in order, with ASL's semantics).
#![allow(deprecated)] // string-keyed `register`, kept as a shim beside `asl::testing::Env`
#![allow(dead_code)]
#![allow(clippy::redundant_closure)]

use asl::ir::{
    Batching, Call, CmpOp, Cond, ExecutionType as Execution, Expr, Intrinsic, ItemReader, MapExpr,
    MapItems, MapOptions, Operand, Place, Shape, Stmt, StmtKind, TaskSpec, VarId, VarInfo,
};
use asl::prelude::*;
use asl::runtime;
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

fn register_charge() {
    runtime::register("charge", |c: Charge| {
        if c.order.amount > 100 {
            runtime::fail(Failure {
                error: "TooMuch".into(),
                cause: c.order.id,
            });
        }
        Receipt {
            id: c.order.id,
            tag: c.tag,
        }
    });
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

#[test]
fn map_builds_a_map_over_a_place_with_the_item_shape() {
    let w = charge_all::workflow();
    assert_eq!(
        w.vars,
        vec![var("b", Orders::shape()), var("o", Order::shape())]
    );
    let charge_arg = call(
        charge::task(),
        Expr::Struct {
            shape: Charge::shape(),
            fields: vec![
                ("order".into(), at(1, &[])),
                ("tag".into(), at(0, &["tag"])),
            ],
        },
    );
    assert_eq!(
        w.body,
        vec![ret(map_expr(
            MapItems::Place(place(0, &["orders"])),
            1,
            vec![ret(charge_arg)],
            MapOptions::default()
        ))]
    );
}

#[test]
fn map_runs_natively_in_order() {
    runtime::reset();
    register_charge();
    let mut b = orders();
    b.orders.truncate(2);
    let receipts = runtime::run_native(|| charge_all(b)).unwrap();
    assert_eq!(
        receipts,
        vec![
            Receipt {
                id: "a".into(),
                tag: "t".into()
            },
            Receipt {
                id: "b".into(),
                tag: "t".into()
            }
        ]
    );
    // Without a tolerance, the first failing item fails the map with its own error.
    let failure = runtime::run_native(|| charge_all(orders())).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "TooMuch".into(),
            cause: "c".into()
        }
    );
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

#[test]
fn map_options_are_literals_in_map_options() {
    let w = charge_tolerantly::workflow();
    assert_eq!(
        w.vars,
        vec![
            var("b", Orders::shape()),
            var("o", Order::shape()),
            var("tag", Shape::Any)
        ]
    );
    let charge_arg = call(
        charge::task(),
        Expr::Struct {
            shape: Charge::shape(),
            fields: vec![("order".into(), at(1, &[])), ("tag".into(), at(2, &[]))],
        },
    );
    assert_eq!(
        w.body,
        vec![ret(map_expr(
            MapItems::Place(place(0, &["orders"])),
            1,
            vec![assign(2, at(0, &["tag"])), ret(charge_arg)],
            MapOptions {
                max_concurrency: Some(5),
                tolerated_failure_count: Some(1),
                tolerated_failure_percentage: Some(50.0),
                label: Some("Charge".into()),
                ..MapOptions::default()
            },
        ))]
    );
}

#[test]
fn tolerated_failures_leave_failing_items_out_until_the_threshold() {
    runtime::reset();
    register_charge();
    // One failure of three is tolerated: the failing item is left out, the rest in order.
    let receipts = runtime::run_native(|| charge_tolerantly(orders())).unwrap();
    assert_eq!(
        receipts.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    // Two failures are one too many.
    let mut b = orders();
    b.orders[0].amount = 1000;
    let failure = runtime::run_native(|| charge_tolerantly(b)).unwrap_err();
    assert_eq!(failure.error, "States.ExceedToleratedFailureThreshold");
    // The cause asl-local gives, naming the failure that went over the threshold.
    assert_eq!(
        failure.cause,
        "The Map state failed because 2 of 3 iterations failed, more than the tolerated failures allow (last error: TooMuch: c)."
    );
}

#[test]
fn a_handler_that_fails_the_run_stays_registered() {
    runtime::reset();
    register_charge();
    let mut b = orders();
    b.orders.truncate(1);
    b.orders[0].amount = 1000;
    for _ in 0..2 {
        let failure = runtime::run_native(|| charge_all(b.clone())).unwrap_err();
        assert_eq!(
            (failure.error.as_str(), failure.cause.as_str()),
            ("TooMuch", "a")
        );
    }
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

#[test]
fn a_distributed_map_reads_its_items_with_an_item_reader() {
    let w = object_sizes::workflow();
    assert_eq!(w.vars[1], var("object", S3Object::shape()));
    assert_eq!(
        w.body,
        vec![ret(map_expr(
            MapItems::Reader(ItemReader {
                resource: "arn:aws:states:::s3:listObjectsV2".into(),
                parameters: Expr::Struct {
                    shape: Shape::Any,
                    fields: vec![
                        ("Bucket".into(), lit(json!("my-bucket"))),
                        ("Prefix".into(), at(0, &["prefix"]))
                    ],
                },
                reader_config: None,
            }),
            1,
            vec![ret(at(1, &["size"]))],
            MapOptions {
                distributed: Some(Execution::Express),
                result_writer: Some(json!({"Bucket": "results", "Prefix": "sizes/"})),
                ..MapOptions::default()
            },
        ))]
    );
    // The item's shape gives the AWS names.
    assert_eq!(
        S3Object::shape().field("last_modified").map(|f| f.0),
        Some(vec!["LastModified".to_string()])
    );
}

#[test]
fn reader_items_come_from_the_handler_registered_under_the_resource() {
    runtime::reset();
    runtime::register_json("arn:aws:states:::s3:listObjectsV2", |params| {
        assert_eq!(params, json!({"Bucket": "my-bucket", "Prefix": "in/"}));
        Ok(json!([
            {"Key": "in/a", "Size": 3, "Etag": "e1", "LastModified": "2026-01-01T00:00:00Z"},
            {"Key": "in/b", "Size": 7, "Etag": "e2", "LastModified": "2026-01-02T00:00:00Z"}
        ]))
    });
    // With a ResultWriter the value says where the results went.
    let run = runtime::run_native(|| {
        object_sizes(Listing {
            prefix: "in/".into(),
        })
    })
    .unwrap();
    assert_eq!(run.result_writer_details.bucket, "results");
    assert!(run.result_writer_details.key.starts_with("sizes/"));
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

#[test]
fn a_csv_reader_has_its_reader_config_and_rows_as_maps() {
    let w = csv_rows::workflow();
    assert_eq!(w.vars[1], var("row", Shape::Map(Box::new(Shape::String))));
    let Stmt {
        kind: StmtKind::Return(Expr::Map(map)),
        ..
    } = &w.body[0]
    else {
        panic!("{:?}", w.body)
    };
    assert_eq!(
        map.items,
        MapItems::Reader(ItemReader {
            resource: "arn:aws:states:::s3:getObject".into(),
            parameters: Expr::Struct {
                shape: Shape::Any,
                fields: vec![
                    ("Bucket".into(), at(0, &["bucket"])),
                    ("Key".into(), lit(json!("rows.csv")))
                ],
            },
            reader_config: Some(json!({"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"})),
        })
    );
    assert_eq!(map.options.distributed, Some(Execution::Standard));

    runtime::reset();
    runtime::register_json("arn:aws:states:::s3:getObject", |_| {
        Ok(json!([{"a": "1", "b": "x"}, {"a": "2", "b": "y"}]))
    });
    runtime::register(
        "row_size",
        |row: std::collections::BTreeMap<String, String>| row["a"].parse::<u32>().unwrap_or(0),
    );
    let file = CsvFile {
        bucket: "b".into(),
        key: String::new(),
    };
    assert_eq!(runtime::run_native(|| csv_rows(file)), Ok(vec![1, 2]));
}

#[workflow]
fn charge_in_batches(b: Orders) -> Vec<u32> {
    Map::over(b.orders)
        .batch(2)
        .run(|batch| charge_batch(batch))
}

#[test]
fn batches_give_the_closure_a_batch_of_items() {
    let w = charge_in_batches::workflow();
    assert_eq!(w.vars[1], var("batch", Batch::<Order>::shape()));
    let Stmt {
        kind: StmtKind::Return(Expr::Map(map)),
        ..
    } = &w.body[0]
    else {
        panic!("{:?}", w.body)
    };
    assert_eq!(
        map.options.batch,
        Some(Batching {
            max_items: Some(2),
            max_input_bytes: None
        })
    );
    assert_eq!(
        Batch::<Order>::shape().field("items").map(|f| f.0),
        Some(vec!["Items".to_string()])
    );

    runtime::reset();
    runtime::register("charge_batch", |b: Batch<Order>| b.items.len() as u32);
    assert_eq!(
        runtime::run_native(|| charge_in_batches(orders())),
        Ok(vec![2, 1])
    );
    assert_eq!(
        runtime::take_calls()[0].input,
        json!({"Items": [{"id": "a", "amount": 5}, {"id": "b", "amount": 50}]})
    );
}

#[workflow]
fn indexed(b: Orders) -> Vec<usize> {
    map(b.orders, |_o| ctx().map.item.index)
}

#[test]
fn the_map_item_is_in_the_context() {
    let w = indexed::workflow();
    let Stmt {
        kind: StmtKind::Return(Expr::Map(map)),
        ..
    } = &w.body[0]
    else {
        panic!("{:?}", w.body)
    };
    assert_eq!(
        map.body,
        vec![ret(Expr::Context(vec![
            "Map".into(),
            "Item".into(),
            "Index".into()
        ]))]
    );
    assert_eq!(runtime::run_native(|| indexed(orders())), Ok(vec![0, 1, 2]));
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

#[test]
fn for_loops_build_for_with_break_and_continue() {
    let w = note_small::workflow();
    assert_eq!(
        w.vars,
        vec![
            var("b", Orders::shape()),
            var("count", Shape::Any),
            var("o", Order::shape())
        ]
    );
    let cmp = |op, n: u32| Cond::Compare {
        place: place(2, &["amount"]),
        op,
        rhs: Operand::Literal(json!(n)),
    };
    assert_eq!(
        w.body,
        vec![
            assign(1, lit(json!(0))),
            stmt(StmtKind::For {
                var: VarId(2),
                items: place(0, &["orders"]),
                body: vec![
                    stmt(StmtKind::If {
                        cond: cmp(CmpOp::Gt, 100),
                        then: vec![stmt(StmtKind::Break)],
                        otherwise: vec![]
                    }),
                    stmt(StmtKind::If {
                        cond: cmp(CmpOp::Lt, 10),
                        then: vec![stmt(StmtKind::Continue)],
                        otherwise: vec![]
                    }),
                    stmt(StmtKind::Eval(call(note::task(), at(2, &[])))),
                    assign(
                        1,
                        intrinsic(Intrinsic::MathAdd, vec![at(1, &[]), lit(json!(1))])
                    ),
                ],
            }),
            ret(at(1, &[])),
        ]
    );
}

#[test]
fn for_loops_run_natively_in_order() {
    runtime::reset();
    runtime::register("note", |_: Order| ());
    let mut b = orders();
    b.orders.push(Order {
        id: "d".into(),
        amount: 20,
    });
    b.orders.insert(
        0,
        Order {
            id: "z".into(),
            amount: 30,
        },
    );
    assert_eq!(runtime::run_native(|| note_small(b)), Ok(2));
    let noted: Vec<Value> = runtime::take_calls()
        .into_iter()
        .map(|c| c.input["id"].clone())
        .collect();
    assert_eq!(noted, [json!("z"), json!("b")]);
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

#[test]
fn intrinsics_build_intrinsic_exprs() {
    let w = labels::workflow();
    let labels = |fields: Vec<(&str, Expr)>| Expr::Struct {
        shape: Labels::shape(),
        fields: fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    };
    assert_eq!(
        w.body,
        vec![
            assign(1, at(0, &["tag"])),
            assign(2, at(0, &["orders", "0"])),
            stmt(StmtKind::If {
                cond: Cond::Value(intrinsic(
                    Intrinsic::ArrayContains,
                    vec![at(0, &["orders"]), at(2, &[])]
                )),
                then: vec![assign(3, lit(json!(true)))],
                otherwise: vec![assign(3, lit(json!(false)))],
            }),
            ret(labels(vec![
                (
                    "title",
                    intrinsic(
                        Intrinsic::Format,
                        vec![
                            lit(json!(r"{} \{x\} \'{}\' \\ {}")),
                            at(0, &["next"]),
                            at(1, &[]),
                            at(2, &["id"])
                        ],
                    ),
                ),
                (
                    "count",
                    intrinsic(Intrinsic::ArrayLength, vec![at(0, &["orders"])])
                ),
                ("has_b", at(3, &[])),
                (
                    "ids",
                    intrinsic(Intrinsic::Array, vec![at(2, &["id"]), lit(json!("k"))])
                ),
                (
                    "second",
                    intrinsic(
                        Intrinsic::ArrayGetItem,
                        vec![at(0, &["orders"]), at(0, &["next"])]
                    )
                ),
                (
                    "next_plus",
                    intrinsic(Intrinsic::MathAdd, vec![at(0, &["next"]), lit(json!(2))])
                ),
                (
                    "minus",
                    intrinsic(Intrinsic::MathAdd, vec![at(0, &["next"]), lit(json!(-1))])
                ),
            ])),
        ]
    );
}

#[test]
fn intrinsics_run_natively() {
    let out = runtime::run_native(|| labels(orders())).unwrap();
    assert_eq!(
        out,
        Labels {
            title: r"1 {x} 't' \ a".into(),
            count: 3,
            has_b: true,
            ids: vec!["a".into(), "k".into()],
            second: Order {
                id: "b".into(),
                amount: 50
            },
            next_plus: 3,
            minus: 0,
        }
    );
}

#[test]
fn the_format_template_means_the_same_in_states_format() {
    // The template the macro wrote, evaluated as Step Functions does, gives what `format!` gave natively.
    let asl = asl_local::intrinsics::evaluate(
        "States.Format",
        &[
            json!(r"{} \{x\} \'{}\' \\ {}"),
            json!(1),
            json!("t"),
            json!("a"),
        ],
    );
    assert_eq!(asl, Ok(json!(r"1 {x} 't' \ a")));
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

#[test]
fn let_binds_an_intrinsic_or_a_map() {
    let w = bound_data::workflow();
    assert_eq!(w.vars[1], var("id", Shape::Any));
    assert_eq!(w.body[0], assign(1, intrinsic(Intrinsic::Uuid, vec![])));
    let Stmt {
        kind: StmtKind::Assign {
            value: Expr::Map(_),
            ..
        },
        ..
    } = &w.body[1]
    else {
        panic!("{:?}", w.body)
    };
}

#[test]
fn intrinsic_fns_build_their_intrinsics() {
    let w = computed::workflow();
    let Stmt {
        kind: StmtKind::Return(Expr::Struct { fields, .. }),
        ..
    } = &w.body[2]
    else {
        panic!("{:?}", w.body)
    };
    let first = || at(2, &[]);
    let expected = vec![
        intrinsic(Intrinsic::Uuid, vec![]),
        intrinsic(
            Intrinsic::Hash,
            vec![at(0, &["tag"]), lit(json!("SHA-256"))],
        ),
        intrinsic(Intrinsic::Base64Encode, vec![at(0, &["tag"])]),
        intrinsic(Intrinsic::Base64Decode, vec![lit(json!("aGk="))]),
        intrinsic(
            Intrinsic::ArrayRange,
            vec![lit(json!(1)), lit(json!(9)), lit(json!(2))],
        ),
        intrinsic(
            Intrinsic::ArrayPartition,
            vec![at(0, &["orders"]), lit(json!(2))],
        ),
        intrinsic(Intrinsic::ArrayUnique, vec![at(1, &[])]),
        intrinsic(
            Intrinsic::JsonMerge,
            vec![first(), at(0, &["orders", "1"]), lit(json!(false))],
        ),
        intrinsic(Intrinsic::JsonToString, vec![first()]),
        intrinsic(
            Intrinsic::StringToJson,
            vec![intrinsic(Intrinsic::JsonToString, vec![first()])],
        ),
        intrinsic(Intrinsic::MathRandom, vec![lit(json!(1)), lit(json!(6))]),
        intrinsic(
            Intrinsic::StringSplit,
            vec![lit(json!("a,b;;c")), lit(json!(",;"))],
        ),
        Expr::Context(vec!["Execution".into(), "Name".into()]),
    ];
    assert_eq!(
        fields.iter().map(|(_, v)| v.clone()).collect::<Vec<_>>(),
        expected
    );
}

#[test]
fn intrinsic_fns_compute_what_step_functions_computes() {
    let out = runtime::run_native(|| computed(orders())).unwrap();
    assert_eq!(out.id.len(), 36);
    assert_eq!(out.id.as_bytes()[14], b'4');
    assert_eq!(
        out.digest,
        "e3b98a4da31a127d4bde6e43033f66ba274cab0eb7eb1c70ec41402bf6273dd8"
    );
    assert_eq!(out.encoded, "dA==");
    assert_eq!(out.decoded, "hi");
    assert_eq!(out.range, vec![1, 3, 5, 7, 9]);
    assert_eq!(out.chunks.iter().map(Vec::len).collect::<Vec<_>>(), [2, 1]);
    assert_eq!(out.distinct, ["t", "u"]);
    assert_eq!(
        out.merged,
        Order {
            id: "b".into(),
            amount: 50
        }
    );
    assert_eq!(out.text, r#"{"id":"a","amount":5}"#);
    assert_eq!(
        out.parsed,
        Order {
            id: "a".into(),
            amount: 5
        }
    );
    assert!((1..=6).contains(&out.dice));
    assert_eq!(out.words, ["a", "b", "c"]);
    assert_eq!(out.execution, "native");
}

#[test]
fn intrinsic_errors_end_a_native_run_as_in_step_functions() {
    let failure = runtime::run_native(|| base64_decode("%%%")).unwrap_err();
    assert_eq!(failure.error, "States.IntrinsicFailure");
    let failure = runtime::run_native(|| array_range(0, 5000, 1)).unwrap_err();
    assert_eq!(failure.error, "States.IntrinsicFailure");
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

#[test]
fn context_fields_are_context_exprs_with_aws_names() {
    let w = stamped::workflow();
    let Stmt {
        kind: StmtKind::Return(Expr::Call(c)),
        ..
    } = &w.body[0]
    else {
        panic!("{:?}", w.body)
    };
    let Some(Expr::Struct { fields, .. }) = &c.arg else {
        panic!("{:?}", c.arg)
    };
    let paths: Vec<Expr> = fields.iter().map(|(_, v)| v.clone()).collect();
    let context = |a: &str, b: &str| Expr::Context(vec![a.into(), b.into()]);
    assert_eq!(
        paths,
        vec![
            context("Execution", "Id"),
            context("Execution", "StartTime"),
            context("State", "Name"),
            context("State", "RetryCount"),
            context("Task", "Token"),
            context("Execution", "Input"),
        ]
    );
}

#[test]
fn the_context_runs_natively_with_defaults_and_a_settable_execution() {
    runtime::reset();
    runtime::register("stamp", |s: Stamp| s);
    asl::context::reset();
    let s = runtime::run_native(|| stamped(orders())).unwrap();
    assert_eq!(s.execution, "native");
    let mut execution = ctx().execution;
    execution.id = "arn:aws:states:us-east-1:1:execution:m:e".into();
    execution.input = json!({"tag": "t"});
    asl::context::set_execution(execution);
    let s = runtime::run_native(|| stamped(orders())).unwrap();
    assert_eq!(
        (s.execution.as_str(), s.input),
        (
            "arn:aws:states:us-east-1:1:execution:m:e",
            json!({"tag": "t"})
        )
    );
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

#[test]
fn native_format_prints_values_as_states_format_does() {
    assert_eq!(
        price_label::workflow().body,
        vec![ret(intrinsic(
            Intrinsic::Format,
            vec![
                lit(json!("{} costs {}")),
                at(0, &["name"]),
                at(0, &["amount"])
            ]
        ))]
    );
    // Rust's `format!` would print `2`; Step Functions prints the JSON number `2.0`.
    let label = runtime::run_native(|| {
        price_label(Price {
            name: "tea".into(),
            amount: 2.0,
        })
    })
    .unwrap();
    assert_eq!(label, "tea costs 2.0");
}
