//! Lowering of hand-built IR for caught errors, `for` loops, `map`, intrinsics and context
//! values: the exact ASL (golden files in `tests/golden`, re-bless with `ASL_BLESS=1`) and
//! runs of it in asl-local with the outputs and task calls the IR means.

use asl_emit::Definition;
use asl_local::{Executor, Status, TaskError};
use asl_model::ir::*;
use serde_json::{json, Value};

fn field(rust: &str, shape: Shape) -> Field {
    Field::named(rust, shape)
}

fn obj(fields: Vec<Field>) -> Shape {
    Shape::Object(fields)
}

fn task(name: &str, input: Shape, output: Shape) -> TaskSpec {
    TaskSpec::new(name, TaskResource::Lambda(name.into()), input, output)
}

fn call(t: &TaskSpec, arg: Expr) -> Expr {
    Expr::call(t, Some(arg))
}

fn var(v: u32) -> Place {
    Place::var(VarId(v))
}

fn at(v: u32, fields: &[&str]) -> Expr {
    Expr::Place(Place::at(VarId(v), fields))
}

fn workflow(name: &str, vars: Vec<(&str, Shape)>, output: Shape, body: Vec<StmtKind>) -> Workflow {
    let body = body.into_iter().map(Stmt::from).collect();
    Workflow::new(name, Some(VarId(0)), output, vars, body)
}

/// The emitted definition, compared with (or, with `ASL_BLESS=1`, written to) its golden file.
fn golden(w: Workflow) -> asl_model::StateMachine {
    let name = w.name.clone();
    let d = Definition::new(w);
    let text = d.to_json_pretty().unwrap_or_else(|e| panic!("{e}"));
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.asl.json"));
    if std::env::var_os("ASL_BLESS").is_some() {
        std::fs::write(&path, format!("{text}\n")).unwrap();
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("no golden file {}; run with ASL_BLESS=1", path.display()));
    assert_eq!(
        text.trim_end(),
        expected.trim_end(),
        "{name} differs from {}",
        path.display()
    );
    d.state_machine().unwrap()
}

fn calls(run: &asl_local::Execution) -> Vec<(String, Value)> {
    run.calls
        .iter()
        .map(|c| {
            (
                c.resource.rsplit(':').next().unwrap_or("").to_string(),
                c.input.clone(),
            )
        })
        .collect()
}

fn order() -> Shape {
    obj(vec![
        field("id", Shape::String),
        field("amount", Shape::Number),
    ])
}

fn receipt() -> Shape {
    obj(vec![field("ok", Shape::Bool)])
}

/// `match charge(o) { Ok(r) => r, Err(Declined) => refund(o), Err(e) => fail!(e) }`
fn caught() -> Workflow {
    let charge = task("charge", order(), receipt());
    let refund = task("refund", order(), receipt());
    workflow(
        "caught",
        vec![("o", order()), ("r", receipt()), ("e", Shape::Any)],
        receipt(),
        vec![StmtKind::Try {
            var: Some(VarId(1)),
            value: call(&charge, at(0, &[])),
            ok: vec![StmtKind::Return(at(1, &[])).into()],
            catchers: vec![
                ErrArm {
                    errors: vec!["Declined".into()],
                    var: None,
                    body: vec![StmtKind::Return(call(&refund, at(0, &[]))).into()],
                },
                ErrArm {
                    errors: vec!["States.ALL".into()],
                    var: Some(VarId(2)),
                    body: vec![StmtKind::Fail {
                        error: Some(Text::At(var(2).field("error"))),
                        cause: Some(Text::At(var(2).field("cause"))),
                    }
                    .into()],
                },
            ],
        }],
    )
}

#[test]
fn a_caught_call_has_one_catcher_per_err_arm() {
    let machine = golden(caught());
    let o = json!({"id": "o-1", "amount": 5});
    let ok = Executor::new(&machine)
        .lambda("charge", |_| Ok(json!({"ok": true})))
        .run(o.clone());
    assert_eq!(ok.output, Some(json!({"ok": true})));

    let declined = Executor::new(&machine)
        .lambda("charge", |_| Err(TaskError::new("Declined", "card")))
        .lambda("refund", |_| Ok(json!({"ok": false})))
        .run(o.clone());
    assert_eq!(declined.output, Some(json!({"ok": false})));
    assert_eq!(
        calls(&declined),
        vec![
            ("charge".to_string(), o.clone()),
            ("refund".to_string(), o.clone())
        ]
    );

    let other = Executor::new(&machine)
        .lambda("charge", |_| Err(TaskError::new("Boom", "it broke")))
        .run(o);
    assert_eq!(other.status, Status::Failed);
    assert_eq!(
        (other.error.as_deref(), other.cause.as_deref()),
        (Some("Boom"), Some("it broke"))
    );
}

/// A caught call whose state must be kept: the handler reads the input, the Ok arm too.
fn caught_keeping_state() -> Workflow {
    let charge = task("charge", order(), receipt());
    let notify = task("notify", Shape::Any, receipt());
    let pair = obj(vec![field("order", order()), field("error", Shape::Any)]);
    workflow(
        "caught_keeping_state",
        vec![("o", order()), ("r", receipt()), ("e", Shape::Any)],
        order(),
        vec![
            StmtKind::Try {
                var: Some(VarId(1)),
                value: call(&charge, at(0, &[])),
                ok: vec![],
                catchers: vec![ErrArm {
                    errors: vec!["States.TaskFailed".into(), "States.Timeout".into()],
                    var: Some(VarId(2)),
                    body: vec![StmtKind::Eval(call(
                        &notify,
                        Expr::Struct {
                            shape: pair,
                            fields: vec![
                                ("order".into(), at(0, &[])),
                                ("error".into(), at(2, &[])),
                            ],
                        },
                    ))
                    .into()],
                }],
            },
            StmtKind::Return(at(0, &[])),
        ],
    )
}

#[test]
fn a_caught_error_lands_beside_the_values_still_needed() {
    let machine = golden(caught_keeping_state());
    let o = json!({"id": "o-1", "amount": 5});
    let run = Executor::new(&machine)
        .lambda("charge", |_| Err(TaskError::new("States.Timeout", "slow")))
        .lambda("notify", |_| Ok(json!({"ok": true})))
        .run(o.clone());
    // Values kept beside the root object travel with it; the typed view is the order.
    let out = run.output.clone().unwrap();
    assert_eq!((&out["id"], &out["amount"]), (&o["id"], &o["amount"]));
    let (task, input) = &calls(&run)[1];
    assert_eq!(task, "notify");
    assert_eq!(
        (&input["order"]["id"], &input["error"]),
        (
            &o["id"],
            &json!({"Error": "States.Timeout", "Cause": "slow"})
        )
    );
}

fn basket() -> Shape {
    obj(vec![
        field("tag", Shape::String),
        field("items", Shape::Array(Box::new(Shape::Number))),
    ])
}

/// `for x in b.items { if x > 1 { record(x) } else { continue } }; b`
fn for_loop() -> Workflow {
    let record = task("record", Shape::Number, Shape::Any);
    workflow(
        "for_loop",
        vec![("b", basket()), ("x", Shape::Number)],
        basket(),
        vec![
            StmtKind::For {
                var: VarId(1),
                items: var(0).field("items"),
                body: vec![StmtKind::If {
                    cond: Cond::Compare {
                        place: var(1),
                        op: CmpOp::Gt,
                        rhs: Rhs::Literal(json!(1)),
                    },
                    then: vec![StmtKind::Eval(call(&record, at(1, &[]))).into()],
                    otherwise: vec![StmtKind::Continue.into()],
                }
                .into()],
            },
            StmtKind::Return(at(0, &[])),
        ],
    )
}

#[test]
fn a_for_loop_visits_each_item_in_order() {
    let machine = golden(for_loop());
    let b = json!({"tag": "t", "items": [3, 1, 2]});
    let run = Executor::new(&machine)
        .lambda("record", |_| Ok(json!(null)))
        .run(b.clone());
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(
        calls(&run),
        vec![
            ("record".to_string(), json!(3)),
            ("record".to_string(), json!(2))
        ]
    );
    let out = run.output.unwrap();
    assert_eq!((&out["tag"], &out["items"]), (&b["tag"], &b["items"]));
    let empty = Executor::new(&machine).run(json!({"tag": "t", "items": []}));
    assert_eq!(empty.status, Status::Succeeded);
    assert!(empty.calls.is_empty());
}

/// `map(b.items, |x| check(Pair { x, tag: b.tag }))` with at most 5 at once.
fn mapped() -> Workflow {
    let pair = obj(vec![field("x", Shape::Number), field("tag", Shape::String)]);
    let check = task("check", pair.clone(), Shape::String);
    let body = vec![StmtKind::Return(call(
        &check,
        Expr::Struct {
            shape: pair,
            fields: vec![("x".into(), at(1, &[])), ("tag".into(), at(0, &["tag"]))],
        },
    ))
    .into()];
    workflow(
        "mapped",
        vec![("b", basket()), ("x", Shape::Number)],
        Shape::Array(Box::new(Shape::String)),
        vec![StmtKind::Return(Expr::Map(Box::new(MapExpr {
            items: MapItems::Place(var(0).field("items")),
            item: VarId(1),
            body,
            options: MapOptions {
                max_concurrency: Some(5),
                ..Default::default()
            },
        })))],
    )
}

#[test]
fn a_map_passes_each_item_and_the_values_it_reads() {
    let machine = golden(mapped());
    let run = Executor::new(&machine)
        .lambda("check", |v| {
            Ok(json!(format!(
                "{}-{}",
                v["tag"].as_str().unwrap_or(""),
                v["x"]
            )))
        })
        .run(json!({"tag": "t", "items": [1, 2, 3]}));
    assert_eq!(run.output, Some(json!(["t-1", "t-2", "t-3"])));
}

/// `let results = map(b.items, |x| check(x)); summarize(Summary { tag: b.tag, results })`
fn mapped_plain() -> Workflow {
    let check = task("check", Shape::Number, Shape::String);
    let summary = obj(vec![
        field("tag", Shape::String),
        field("results", Shape::Array(Box::new(Shape::String))),
    ]);
    let summarize = task("summarize", summary.clone(), Shape::String);
    workflow(
        "mapped_plain",
        vec![
            ("b", basket()),
            ("x", Shape::Number),
            ("results", Shape::Any),
        ],
        Shape::String,
        vec![
            StmtKind::Assign {
                var: VarId(2),
                value: Expr::Map(Box::new(MapExpr {
                    items: MapItems::Place(var(0).field("items")),
                    item: VarId(1),
                    body: vec![StmtKind::Return(call(&check, at(1, &[]))).into()],
                    options: MapOptions::default(),
                })),
            },
            StmtKind::Return(call(
                &summarize,
                Expr::Struct {
                    shape: summary,
                    fields: vec![
                        ("tag".into(), at(0, &["tag"])),
                        ("results".into(), at(2, &[])),
                    ],
                },
            )),
        ],
    )
}

#[test]
fn a_map_of_items_alone_needs_no_item_selector() {
    let machine = golden(mapped_plain());
    let run = Executor::new(&machine)
        .lambda("check", |v| Ok(json!(v.to_string())))
        .lambda("summarize", |v| {
            Ok(json!(format!(
                "{}:{}",
                v["tag"].as_str().unwrap_or(""),
                v["results"]
            )))
        })
        .run(json!({"tag": "t", "items": [1, 2]}));
    assert_eq!(run.output, Some(json!("t:[\"1\",\"2\"]")));
}

/// `map(b.items, |x| check(Pair { x, tag: ctx().map.item.index }))`: `$$.Map.Item` is
/// defined only in the `ItemSelector`, so the index is passed there.
fn mapped_index() -> Workflow {
    let pair = obj(vec![field("x", Shape::Number), field("tag", Shape::Number)]);
    let check = task("check", pair.clone(), Shape::String);
    let index = Expr::Context(vec!["Map".into(), "Item".into(), "Index".into()]);
    let body = vec![StmtKind::Return(call(
        &check,
        Expr::Struct {
            shape: pair,
            fields: vec![("x".into(), at(1, &[])), ("tag".into(), index)],
        },
    ))
    .into()];
    workflow(
        "mapped_index",
        vec![("b", basket()), ("x", Shape::Number)],
        Shape::Array(Box::new(Shape::String)),
        vec![StmtKind::Return(Expr::Map(Box::new(MapExpr {
            items: MapItems::Place(var(0).field("items")),
            item: VarId(1),
            body,
            options: MapOptions::default(),
        })))],
    )
}

#[test]
fn a_map_passes_the_item_index_through_its_item_selector() {
    let machine = golden(mapped_index());
    let run = Executor::new(&machine)
        .lambda("check", |v| Ok(json!(format!("{}@{}", v["x"], v["tag"]))))
        .run(json!({"tag": "t", "items": [7, 8]}));
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    assert_eq!(run.output, Some(json!(["7@0", "8@1"])));
}

/// Intrinsics: a pure `format!` folds into Parameters; a `uuid()` used twice is computed once;
/// `contains` in a condition is computed before the Choice; the context object by path.
fn computed() -> Workflow {
    let note = obj(vec![
        field("message", Shape::String),
        field("id", Shape::String),
        field("execution", Shape::String),
    ]);
    let send = task("send", note.clone(), Shape::Any);
    let message = Expr::Intrinsic {
        function: Intrinsic::Format,
        args: vec![
            Expr::Literal(json!("Hello {}, it\\'s {}")),
            at(0, &["tag"]),
            Expr::Literal(json!("late")),
        ],
    };
    let fields = |extra: &str| {
        vec![
            ("message".to_string(), Expr::Place(var(1))),
            ("id".to_string(), Expr::Place(var(2))),
            (
                "execution".to_string(),
                if extra == "ctx" {
                    Expr::Context(vec!["Execution".into(), "Id".into()])
                } else {
                    Expr::Literal(json!("none"))
                },
            ),
        ]
    };
    workflow(
        "computed",
        vec![
            ("b", basket()),
            ("message", Shape::String),
            ("id", Shape::String),
        ],
        Shape::Any,
        vec![
            StmtKind::Assign {
                var: VarId(1),
                value: message,
            },
            StmtKind::Assign {
                var: VarId(2),
                value: Expr::Intrinsic {
                    function: Intrinsic::Uuid,
                    args: vec![],
                },
            },
            StmtKind::If {
                cond: Cond::Value(Expr::Intrinsic {
                    function: Intrinsic::ArrayContains,
                    args: vec![at(0, &["items"]), Expr::Literal(json!(2))],
                }),
                then: vec![StmtKind::Eval(call(
                    &send,
                    Expr::Struct {
                        shape: note.clone(),
                        fields: fields("ctx"),
                    },
                ))
                .into()],
                otherwise: vec![],
            },
            StmtKind::Return(call(
                &send,
                Expr::Struct {
                    shape: note,
                    fields: fields(""),
                },
            )),
        ],
    )
}

#[test]
fn intrinsics_fold_into_parameters_or_are_computed_once() {
    let machine = golden(computed());
    let run = Executor::new(&machine)
        .lambda("send", |v| Ok(v.clone()))
        .run(json!({"tag": "Ann", "items": [1, 2]}));
    assert_eq!(run.status, Status::Succeeded, "{:?}", run.cause);
    let sent = calls(&run);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].1["message"], json!("Hello Ann, it's late"));
    assert_eq!(sent[0].1["id"], sent[1].1["id"], "one uuid");
    assert_eq!(sent[0].1["id"].as_str().map(str::len), Some(36));
    assert!(sent[0].1["execution"]
        .as_str()
        .is_some_and(|s| s.starts_with("arn:aws:states:")));
    let skipped = Executor::new(&machine)
        .lambda("send", |v| Ok(v.clone()))
        .run(json!({"tag": "Ann", "items": [1]}));
    assert_eq!(calls(&skipped).len(), 1);
}

/// `let r = Rec { … }; vec![r.clone(), r]`: a struct literal cannot be written inside an
/// intrinsic call, so `r` is computed into the state first (found by the generated-Rust
/// differential test).
#[test]
fn a_struct_literal_used_in_an_intrinsic_is_computed_first() {
    let pair = obj(vec![field("x", Shape::Number), field("tag", Shape::String)]);
    let w = workflow(
        "struct_in_array",
        vec![
            ("b", basket()),
            ("r", pair.clone()),
            ("l", Shape::Array(Box::new(pair.clone()))),
        ],
        Shape::Array(Box::new(pair.clone())),
        vec![
            StmtKind::Assign {
                var: VarId(1),
                value: Expr::Struct {
                    shape: pair,
                    fields: vec![
                        ("x".into(), Expr::Literal(json!(1))),
                        ("tag".into(), at(0, &["tag"])),
                    ],
                },
            },
            StmtKind::Assign {
                var: VarId(2),
                value: Expr::Intrinsic {
                    function: Intrinsic::Array,
                    args: vec![at(1, &[]), at(1, &[])],
                },
            },
            StmtKind::Return(at(2, &[])),
        ],
    );
    let machine = Definition::new(w)
        .state_machine()
        .unwrap_or_else(|e| panic!("{e}"));
    let run = Executor::new(&machine).run(json!({"tag": "t", "items": []}));
    assert_eq!(
        run.output,
        Some(json!([{"x": 1, "tag": "t"}, {"x": 1, "tag": "t"}]))
    );
}
