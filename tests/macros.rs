//! The macros' expansions: exact `Shape`s from `#[derive(Payload)]`, exact IR from
//! `#[workflow]` bodies, `TaskSpec`s from `#[task]`/`#[retry]`, and native runs.
#![allow(deprecated)] // string-keyed `register`, kept as a shim beside `asl::testing::Env`
#![allow(dead_code)]
// The workflow bodies below are written to exercise syntax, not to be idiomatic.
#![allow(
    clippy::let_and_return,
    clippy::partialeq_to_none,
    clippy::redundant_closure
)]

use asl::ir::{
    Arm, Call, CmpOp, Cond, Duration as Wait, Expr, Field, Operand, Pattern, Place, RetryPolicy,
    Shape, Stmt, StmtKind, Tagging, TaskResource, TaskSpec, Text, VarId, VarInfo, Variant,
    Workflow,
};
use asl::prelude::*;
use asl::runtime;
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------
// Building expected IR by hand.

fn field(rust: &str, json: &str, shape: Shape) -> Field {
    Field {
        rust: rust.into(),
        json: json.into(),
        shape,
        flatten: false,
    }
}

fn unit_variant(rust: &str, json: &str) -> Variant {
    Variant {
        rust: rust.into(),
        json: json.into(),
        data: None,
    }
}

fn var(name: &str, shape: Shape) -> VarInfo {
    VarInfo {
        name: name.into(),
        shape,
    }
}

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

fn named(name: &str, kind: StmtKind) -> Stmt {
    Stmt {
        kind,
        name: Some(name.into()),
    }
}

fn assign(var: u32, value: Expr) -> Stmt {
    stmt(StmtKind::Assign {
        var: VarId(var),
        value,
    })
}

fn ret(value: Expr) -> Stmt {
    stmt(StmtKind::Return(value))
}

fn call(task: TaskSpec, arg: Expr) -> Expr {
    Expr::Call(Box::new(Call {
        task,
        arg: Some(arg),
    }))
}

fn compare(p: Place, op: CmpOp, value: Value) -> Cond {
    Cond::Compare {
        place: p,
        op,
        rhs: Operand::Literal(value),
    }
}

fn arm(pattern: Pattern, body: Vec<Stmt>) -> Arm {
    Arm { pattern, body }
}

fn fail(error: &str, cause: &str) -> Stmt {
    stmt(StmtKind::Fail {
        error: Some(error.into()),
        cause: Some(Text::Literal(cause.into())),
    })
}

// ---------------------------------------------------------------------------------------
// Payload shapes.

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Order {
    order_id: String,
    #[serde(rename = "TOTAL")]
    amount: f64,
    kind: Kind,
    note: Option<String>,
    #[serde(skip)]
    cache: u32,
    #[serde(skip_serializing, default)]
    secret: String,
    #[serde(skip_deserializing)]
    computed: bool,
    #[serde(flatten)]
    audit: Audit,
    express: bool,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
struct Audit {
    created_by: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
enum Kind {
    Purchase,
    Refund,
    GiftCard,
}

#[test]
fn struct_fields_follow_rename_skip_flatten_and_option() {
    assert_eq!(
        Order::shape(),
        Shape::Object(vec![
            field("order_id", "orderId", Shape::String),
            field("amount", "TOTAL", Shape::Number),
            field(
                "kind",
                "kind",
                Shape::Enum {
                    tagging: Tagging::External,
                    variants: vec![
                        unit_variant("Purchase", "PURCHASE"),
                        unit_variant("Refund", "REFUND"),
                        unit_variant("GiftCard", "GIFT_CARD"),
                    ],
                }
            ),
            field("note", "note", Shape::Option(Box::new(Shape::String))),
            Field {
                rust: "audit".into(),
                json: "audit".into(),
                shape: Shape::Object(vec![field("created_by", "created_by", Shape::String)]),
                flatten: true,
            },
            field("express", "express", Shape::Bool),
        ])
    );
    // Flattened fields are found through the parent, under their own JSON names.
    assert_eq!(
        Order::shape().field("created_by"),
        Some((vec!["created_by".to_string()], Shape::String))
    );
}

macro_rules! rename_all_case {
    ($struct_name:ident, $enum_name:ident, $case:literal) => {
        #[derive(Payload, Serialize)]
        #[serde(rename_all = $case)]
        #[allow(dead_code)]
        struct $struct_name {
            user_id: u32,
            x: u32,
        }

        #[derive(Payload, Serialize)]
        #[serde(rename_all = $case)]
        #[allow(dead_code)]
        enum $enum_name {
            GiftCard,
            A,
        }
    };
}

rename_all_case!(FieldsLower, VariantsLower, "lowercase");
rename_all_case!(FieldsUpper, VariantsUpper, "UPPERCASE");
rename_all_case!(FieldsPascal, VariantsPascal, "PascalCase");
rename_all_case!(FieldsCamel, VariantsCamel, "camelCase");
rename_all_case!(FieldsSnake, VariantsSnake, "snake_case");
rename_all_case!(FieldsScreaming, VariantsScreaming, "SCREAMING_SNAKE_CASE");
rename_all_case!(FieldsKebab, VariantsKebab, "kebab-case");
rename_all_case!(
    FieldsScreamingKebab,
    VariantsScreamingKebab,
    "SCREAMING-KEBAB-CASE"
);

fn json_names(shape: Shape) -> Vec<String> {
    match shape {
        Shape::Object(fields) => fields.into_iter().map(|f| f.json).collect(),
        Shape::Enum { variants, .. } => variants.into_iter().map(|v| v.json).collect(),
        other => panic!("not an object or enum: {other:?}"),
    }
}

/// Each case against what serde itself writes.
#[test]
fn rename_all_matches_serde_for_every_case() {
    let cases: Vec<(Shape, Shape, [&str; 2], [&str; 2])> = vec![
        (
            FieldsLower::shape(),
            VariantsLower::shape(),
            ["user_id", "x"],
            ["giftcard", "a"],
        ),
        (
            FieldsUpper::shape(),
            VariantsUpper::shape(),
            ["USER_ID", "X"],
            ["GIFTCARD", "A"],
        ),
        (
            FieldsPascal::shape(),
            VariantsPascal::shape(),
            ["UserId", "X"],
            ["GiftCard", "A"],
        ),
        (
            FieldsCamel::shape(),
            VariantsCamel::shape(),
            ["userId", "x"],
            ["giftCard", "a"],
        ),
        (
            FieldsSnake::shape(),
            VariantsSnake::shape(),
            ["user_id", "x"],
            ["gift_card", "a"],
        ),
        (
            FieldsScreaming::shape(),
            VariantsScreaming::shape(),
            ["USER_ID", "X"],
            ["GIFT_CARD", "A"],
        ),
        (
            FieldsKebab::shape(),
            VariantsKebab::shape(),
            ["user-id", "x"],
            ["gift-card", "a"],
        ),
        (
            FieldsScreamingKebab::shape(),
            VariantsScreamingKebab::shape(),
            ["USER-ID", "X"],
            ["GIFT-CARD", "A"],
        ),
    ];
    for (fields, variants, field_names, variant_names) in cases {
        assert_eq!(json_names(fields), field_names);
        assert_eq!(json_names(variants), variant_names);
    }
    // And serde agrees.
    let written = serde_json::to_value(FieldsScreamingKebab { user_id: 1, x: 2 }).unwrap();
    assert_eq!(written, json!({"USER-ID": 1, "X": 2}));
    assert_eq!(
        serde_json::to_value(VariantsCamel::GiftCard).unwrap(),
        json!("giftCard")
    );
}

#[derive(Payload, Serialize, Deserialize)]
#[serde(
    tag = "type",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
#[allow(dead_code)]
enum Internally {
    Card {
        card_number: String,
    },
    #[serde(rename = "bank-transfer")]
    Bank(Account),
    Cash,
    #[serde(skip)]
    Internal,
}

#[derive(Payload, Serialize, Deserialize)]
#[allow(dead_code)]
struct Account {
    iban: String,
}

#[derive(Payload, Serialize, Deserialize)]
#[serde(tag = "t", content = "c")]
#[allow(dead_code)]
enum Adjacently {
    Pair(u32, String),
    #[serde(rename_all = "UPPERCASE")]
    Named {
        first_name: String,
    },
}

#[derive(Payload, Serialize, Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum Untagged {
    Number(f64),
    Text(String),
}

#[derive(Payload, Serialize, Deserialize)]
#[allow(dead_code)]
enum Externally {
    Unit,
    Newtype(bool),
}

#[test]
fn enum_tagging_and_variant_data() {
    assert_eq!(
        Internally::shape(),
        Shape::Enum {
            tagging: Tagging::Internal { tag: "type".into() },
            variants: vec![
                Variant {
                    rust: "Card".into(),
                    json: "card".into(),
                    data: Some(Shape::Object(vec![field(
                        "card_number",
                        "cardNumber",
                        Shape::String
                    )])),
                },
                Variant {
                    rust: "Bank".into(),
                    json: "bank-transfer".into(),
                    data: Some(Shape::Object(vec![field("iban", "iban", Shape::String)])),
                },
                unit_variant("Cash", "cash"),
            ],
        }
    );
    assert_eq!(
        Adjacently::shape(),
        Shape::Enum {
            tagging: Tagging::Adjacent {
                tag: "t".into(),
                content: "c".into()
            },
            variants: vec![
                Variant {
                    rust: "Pair".into(),
                    json: "Pair".into(),
                    data: Some(Shape::Tuple(vec![Shape::Number, Shape::String])),
                },
                Variant {
                    rust: "Named".into(),
                    json: "Named".into(),
                    data: Some(Shape::Object(vec![field(
                        "first_name",
                        "FIRST_NAME",
                        Shape::String
                    )])),
                },
            ],
        }
    );
    assert_eq!(
        Untagged::shape(),
        Shape::Enum {
            tagging: Tagging::Untagged,
            variants: vec![
                Variant {
                    rust: "Number".into(),
                    json: "Number".into(),
                    data: Some(Shape::Number)
                },
                Variant {
                    rust: "Text".into(),
                    json: "Text".into(),
                    data: Some(Shape::String)
                },
            ],
        }
    );
    assert_eq!(
        Externally::shape(),
        Shape::Enum {
            tagging: Tagging::External,
            variants: vec![
                unit_variant("Unit", "Unit"),
                Variant {
                    rust: "Newtype".into(),
                    json: "Newtype".into(),
                    data: Some(Shape::Bool)
                },
            ],
        }
    );
}

#[derive(Payload, Serialize, Deserialize)]
struct OrderId(String);

#[derive(Payload, Serialize, Deserialize)]
struct Point(f64, f64);

#[derive(Payload, Serialize, Deserialize)]
struct Marker;

#[derive(Payload, Serialize, Deserialize)]
#[serde(transparent)]
struct Wrapped {
    inner: Vec<u32>,
}

#[derive(Payload, Serialize, Deserialize)]
struct Generic<T> {
    #[serde(rename = "S")]
    s: T,
}

#[derive(Payload, Serialize, Deserialize)]
#[serde(into = "String")]
#[derive(Clone)]
struct Code {
    #[allow(dead_code)]
    parts: Vec<u8>,
}

impl From<Code> for String {
    fn from(_: Code) -> String {
        String::new()
    }
}

mod custom_format {
    pub fn serialize<S: serde::Serializer>(v: &u32, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&v.to_string())
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
        let s: String = serde::Deserialize::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[derive(Payload, Serialize, Deserialize)]
#[allow(dead_code)]
struct Custom {
    #[serde(with = "custom_format")]
    count: u32,
    r#type: String,
}

#[test]
fn newtype_tuple_unit_transparent_generic_into_and_custom_serializers() {
    assert_eq!(OrderId::shape(), Shape::String);
    assert_eq!(
        Point::shape(),
        Shape::Tuple(vec![Shape::Number, Shape::Number])
    );
    assert_eq!(Marker::shape(), Shape::Unit);
    assert_eq!(Wrapped::shape(), Shape::Array(Box::new(Shape::Number)));
    assert_eq!(
        Generic::<bool>::shape(),
        Shape::Object(vec![field("s", "S", Shape::Bool)])
    );
    assert_eq!(Code::shape(), Shape::String);
    assert_eq!(
        Custom::shape(),
        Shape::Object(vec![
            field("count", "count", Shape::Any),
            field("type", "type", Shape::String)
        ])
    );
}

#[derive(Payload, Serialize, Deserialize)]
struct Tree {
    label: String,
    children: Vec<Tree>,
    parent: Option<Box<Tree>>,
}

#[derive(Payload, Serialize, Deserialize)]
struct Ping {
    pong: Option<Box<Pong>>,
}

#[derive(Payload, Serialize, Deserialize)]
struct Pong {
    ping: Ping,
}

#[test]
fn recursive_types_refer_to_themselves_by_name() {
    let shape = Tree::shape();
    let tree = || Shape::Named {
        name: "Tree",
        shape: asl::ir::ShapeFn(Tree::shape),
    };
    assert_eq!(
        shape,
        Shape::Object(vec![
            field("label", "label", Shape::String),
            field("children", "children", Shape::Array(Box::new(tree()))),
            field("parent", "parent", Shape::Option(Box::new(tree()))),
        ])
    );
    // The named shape expands to the same object.
    let Shape::Object(fields) = &shape else {
        unreachable!()
    };
    assert_eq!(fields[1].shape, Shape::Array(Box::new(tree())));
    assert_eq!(tree().resolved(), shape);
    // Mutual recursion.
    assert_eq!(
        Ping::shape(),
        Shape::Object(vec![field(
            "pong",
            "pong",
            Shape::Option(Box::new(Shape::Object(vec![field(
                "ping",
                "ping",
                Shape::Named {
                    name: "Ping",
                    shape: asl::ir::ShapeFn(Ping::shape)
                }
            )])))
        )])
    );
}

// ---------------------------------------------------------------------------------------
// Tasks.

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Receipt {
    #[serde(rename = "Id")]
    id: String,
    approved: bool,
}

#[task(lambda = "charge-card", timeout = 300, heartbeat = 60s, name = "ChargeCard")]
#[retry(errors = ["States.Timeout", "Lambda.TooManyRequestsException"], interval = 2s, max_attempts = 6, backoff = 2.0, max_delay = 60, jitter = full)]
#[retry(max_attempts = 0)]
fn charge(order: Order) -> Receipt;

#[task(activity = "arn:aws:states:us-east-1:123456789012:activity:approve")]
fn approve(receipt: &Receipt) -> Receipt;

#[task(resource = "arn:aws:states:::sns:publish")]
fn notify(receipt: Receipt);

#[task(lambda = "new-id")]
fn new_id() -> String;

#[task(lambda = "double")]
fn double(n: u32) -> u32 {
    n * 2
}

fn receipt_shape() -> Shape {
    Shape::Object(vec![
        field("id", "Id", Shape::String),
        field("approved", "approved", Shape::Bool),
    ])
}

#[test]
fn task_specs_carry_resource_types_timeouts_and_retries() {
    assert_eq!(
        charge::task(),
        TaskSpec {
            name: "ChargeCard".into(),
            resource: TaskResource::Lambda("charge-card".into()),
            input: Order::shape(),
            output: receipt_shape(),
            retry: vec![
                RetryPolicy {
                    errors: vec![
                        "States.Timeout".into(),
                        "Lambda.TooManyRequestsException".into()
                    ],
                    interval_seconds: Some(2),
                    max_attempts: Some(6),
                    backoff_rate: Some(2.0),
                    max_delay_seconds: Some(60),
                    jitter_full: Some(true),
                },
                RetryPolicy {
                    errors: vec!["States.ALL".into()],
                    interval_seconds: None,
                    max_attempts: Some(0),
                    backoff_rate: None,
                    max_delay_seconds: None,
                    jitter_full: None,
                },
            ],
            timeout_seconds: Some(300),
            heartbeat_seconds: Some(60),
            timeout_field: None,
            heartbeat_field: None,
            envelope: None,
        }
    );
    assert_eq!(
        approve::task().resource,
        TaskResource::Activity("arn:aws:states:us-east-1:123456789012:activity:approve".into())
    );
    assert_eq!(approve::task().input, receipt_shape());
    assert_eq!(
        notify::task().resource,
        TaskResource::Arn("arn:aws:states:::sns:publish".into())
    );
    assert_eq!(notify::task().output, Shape::Unit);
    assert_eq!(new_id::task().input, Shape::Unit);
    assert_eq!(new_id::task().name, "new_id");
    assert_eq!(double::task().input, Shape::Number);
}

// ---------------------------------------------------------------------------------------
// Workflow IR.

#[workflow(name = "checkout", comment = "Charge, then approve", timeout = 3600)]
fn checkout(o: Order) -> Receipt {
    #[state(name = "Charge")]
    let r = charge(o);
    let r = approve(&r);
    r
}

#[test]
fn a_linear_workflow_with_shadowing() {
    assert_eq!(
        checkout::workflow(),
        Workflow {
            name: "checkout".into(),
            comment: Some("Charge, then approve".into()),
            timeout_seconds: Some(3600),
            input: Some(VarId(0)),
            output: receipt_shape(),
            vars: vec![
                var("o", Order::shape()),
                var("r", receipt_shape()),
                var("r_2", receipt_shape())
            ],
            body: vec![
                named(
                    "Charge",
                    StmtKind::Assign {
                        var: VarId(1),
                        value: call(charge::task(), at(0, &[]))
                    }
                ),
                assign(2, call(approve::task(), at(1, &[]))),
                ret(at(2, &[])),
            ],
        }
    );
    assert_eq!(checkout::definition().name(), "checkout");
}

#[workflow]
fn conditions(o: Order) -> Receipt {
    if o.amount > 100.0 && !o.express {
        return charge(o);
    } else if 10.0 <= o.amount || o.note.is_none() {
        fail!("TooSmall", "amount below 10");
    } else if o.note.is_some() && o.express {
        fail!(NoteGiven);
    } else if o.kind == Kind::Refund || o.note == None {
        fail!(cause = "refund");
    } else if o.order_id == o.audit.created_by && o.note != None {
        fail!("Same", o.order_id);
    } else if true {
        sleep(5);
    }
    charge(o)
}

#[test]
fn if_chains_and_conditions() {
    let o = |fields: &[&str]| place(0, fields);
    let expected = vec![
        stmt(StmtKind::If {
            cond: Cond::And(
                Box::new(compare(o(&["amount"]), CmpOp::Gt, json!(100.0))),
                Box::new(Cond::Not(Box::new(Cond::IsTrue(o(&["express"]))))),
            ),
            then: vec![ret(call(charge::task(), at(0, &[])))],
            otherwise: vec![stmt(StmtKind::If {
                // The literal was on the left: the operator is flipped.
                cond: Cond::Or(
                    Box::new(compare(o(&["amount"]), CmpOp::Ge, json!(10.0))),
                    Box::new(Cond::IsNone(o(&["note"]))),
                ),
                then: vec![fail("TooSmall", "amount below 10")],
                otherwise: vec![stmt(StmtKind::If {
                    cond: Cond::And(
                        Box::new(Cond::IsSome(o(&["note"]))),
                        Box::new(Cond::IsTrue(o(&["express"]))),
                    ),
                    then: vec![stmt(StmtKind::Fail {
                        error: Some("NoteGiven".into()),
                        cause: None,
                    })],
                    otherwise: vec![stmt(StmtKind::If {
                        cond: Cond::Or(
                            Box::new(compare(o(&["kind"]), CmpOp::Eq, json!("REFUND"))),
                            Box::new(Cond::IsNone(o(&["note"]))),
                        ),
                        then: vec![stmt(StmtKind::Fail {
                            error: None,
                            cause: Some(Text::Literal("refund".into())),
                        })],
                        otherwise: vec![stmt(StmtKind::If {
                            cond: Cond::And(
                                Box::new(Cond::Compare {
                                    place: o(&["order_id"]),
                                    op: CmpOp::Eq,
                                    rhs: Operand::Place(o(&["audit", "created_by"])),
                                }),
                                Box::new(Cond::IsSome(o(&["note"]))),
                            ),
                            then: vec![stmt(StmtKind::Fail {
                                error: Some("Same".into()),
                                cause: Some(Text::At(o(&["order_id"]))),
                            })],
                            otherwise: vec![stmt(StmtKind::If {
                                cond: Cond::Literal(true),
                                then: vec![stmt(StmtKind::Sleep(Wait::Seconds(5)))],
                                otherwise: vec![],
                            })],
                        })],
                    })],
                })],
            })],
        }),
        ret(call(charge::task(), at(0, &[]))),
    ];
    assert_eq!(conditions::workflow().body, expected);
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Ticket {
    status: Option<Status>,
    priority: u32,
    label: String,
    kind: Kind,
    flag: bool,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "lowercase")]
enum Status {
    Open,
    Closed,
}

#[task(lambda = "label")]
fn label(label: String) -> String;

#[workflow]
fn triage(t: Ticket) -> String {
    #[state(name = "ByStatus")]
    match t.status {
        Some(Status::Open) | None => {}
        Some(_s) => {
            fail!("Closed", "closed");
        }
    }
    match t.priority {
        0 => fail!("NoPriority", "priority 0"),
        1..=3 => {
            sleep(std::time::Duration::from_secs(60));
        }
        4..10 | 20.. => {}
        _p => {}
    }
    match &t.kind {
        Kind::Purchase => {}
        Kind::Refund | Kind::GiftCard => {}
    }
    match t.label.as_str() {
        "urgent" => label(t.label.clone()),
        _ => t.label,
    }
}

#[test]
fn match_patterns_bindings_and_tail_arms() {
    let t = |fields: &[&str]| place(0, fields);
    let status_shape = Shape::Enum {
        tagging: Tagging::External,
        variants: vec![
            unit_variant("Open", "open"),
            unit_variant("Closed", "closed"),
        ],
    };
    let wf = triage::workflow();
    assert_eq!(
        wf.vars,
        vec![
            var("t", Ticket::shape()),
            var("_s", status_shape),
            var("_p", Shape::Number)
        ],
    );
    assert_eq!(
        wf.body,
        vec![
            named(
                "ByStatus",
                StmtKind::Match {
                    scrutinee: t(&["status"]),
                    arms: vec![
                        arm(
                            Pattern::Or(vec![
                                Pattern::SomeOf(Box::new(Pattern::Variant("Open".into()))),
                                Pattern::None
                            ]),
                            vec![]
                        ),
                        arm(
                            Pattern::Some,
                            vec![assign(1, at(0, &["status"])), fail("Closed", "closed")]
                        ),
                    ],
                }
            ),
            stmt(StmtKind::Match {
                scrutinee: t(&["priority"]),
                arms: vec![
                    arm(
                        Pattern::Literal(json!(0)),
                        vec![fail("NoPriority", "priority 0")]
                    ),
                    arm(
                        Pattern::Range {
                            start: Some(json!(1)),
                            end: Some(json!(3)),
                            inclusive: true
                        },
                        vec![stmt(StmtKind::Sleep(Wait::Seconds(60)))]
                    ),
                    arm(
                        Pattern::Or(vec![
                            Pattern::Range {
                                start: Some(json!(4)),
                                end: Some(json!(10)),
                                inclusive: false
                            },
                            Pattern::Range {
                                start: Some(json!(20)),
                                end: None,
                                inclusive: false
                            },
                        ]),
                        vec![]
                    ),
                    arm(Pattern::Wildcard, vec![assign(2, at(0, &["priority"]))]),
                ],
            }),
            stmt(StmtKind::Match {
                scrutinee: t(&["kind"]),
                arms: vec![
                    arm(Pattern::Variant("Purchase".into()), vec![]),
                    arm(
                        Pattern::Or(vec![
                            Pattern::Variant("Refund".into()),
                            Pattern::Variant("GiftCard".into())
                        ]),
                        vec![]
                    ),
                ],
            }),
            stmt(StmtKind::Match {
                scrutinee: t(&["label"]),
                arms: vec![
                    arm(
                        Pattern::Literal(json!("urgent")),
                        vec![ret(call(label::task(), at(0, &["label"])))]
                    ),
                    arm(Pattern::Wildcard, vec![ret(at(0, &["label"]))]),
                ],
            }),
        ]
    );
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Counter {
    n: u32,
    done: bool,
    delay: u64,
    at: String,
}

#[task(lambda = "step")]
fn step(c: Counter) -> Counter;

#[workflow]
fn loops(c: Counter) {
    let mut c = c;
    while !c.done {
        c = step(c);
        if c.n == 3 {
            continue;
        }
    }
    loop {
        sleep(c.delay);
        sleep_until(c.at.clone());
        sleep_until("2026-01-01T00:00:00Z");
        sleep(Duration::from_secs(c.delay));
        if c.n >= 3 {
            break;
        }
        c.n = 4;
        c.at = "later".to_string();
    }
}

#[test]
fn loops_sleeps_and_field_assignment() {
    let wf = loops::workflow();
    assert_eq!(wf.output, Shape::Unit);
    let counter = Counter::shape();
    assert_eq!(
        wf.vars,
        vec![var("c", counter.clone()), var("c_2", Shape::Any)]
    );
    let c = |fields: &[&str]| place(1, fields);
    assert_eq!(
        wf.body,
        vec![
            assign(1, at(0, &[])),
            stmt(StmtKind::Loop {
                body: vec![
                    stmt(StmtKind::If {
                        cond: Cond::Not(Box::new(Cond::Not(Box::new(Cond::IsTrue(c(&["done"])))))),
                        then: vec![stmt(StmtKind::Break)],
                        otherwise: vec![],
                    }),
                    assign(1, call(step::task(), at(1, &[]))),
                    stmt(StmtKind::If {
                        cond: compare(c(&["n"]), CmpOp::Eq, json!(3)),
                        then: vec![stmt(StmtKind::Continue)],
                        otherwise: vec![],
                    }),
                ],
            }),
            stmt(StmtKind::Loop {
                body: vec![
                    stmt(StmtKind::Sleep(Wait::SecondsAt(c(&["delay"])))),
                    stmt(StmtKind::Sleep(Wait::UntilAt(c(&["at"])))),
                    stmt(StmtKind::Sleep(Wait::Until("2026-01-01T00:00:00Z".into()))),
                    stmt(StmtKind::Sleep(Wait::SecondsAt(c(&["delay"])))),
                    stmt(StmtKind::If {
                        cond: compare(c(&["n"]), CmpOp::Ge, json!(3)),
                        then: vec![stmt(StmtKind::Break)],
                        otherwise: vec![],
                    }),
                    stmt(StmtKind::AssignField {
                        place: c(&["n"]),
                        value: lit(json!(4))
                    }),
                    stmt(StmtKind::AssignField {
                        place: c(&["at"]),
                        value: lit(json!("later"))
                    }),
                ],
            }),
            ret(lit(Value::Null)),
        ]
    );
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
struct Envelope<T> {
    topic_arn: String,
    message: T,
    #[serde(skip)]
    local_only: bool,
    #[serde(flatten)]
    audit: Audit,
}

#[task(resource = "arn:aws:states:::sns:publish")]
fn publish(e: Envelope<Receipt>) -> Receipt;

#[workflow]
fn literals(r: Receipt) -> Receipt {
    let id: String = new_id();
    let message = Receipt { id, approved: true };
    let _draft = Envelope {
        topic_arn: "draft".to_string(),
        message: r.clone(),
        local_only: false,
        audit: Audit {
            created_by: "me".into(),
        },
    };
    publish(Envelope {
        topic_arn: String::from("arn:topic"),
        message: Receipt {
            approved: false,
            id: r.id.clone(),
        },
        local_only: true,
        audit: Audit {
            created_by: "me".into(),
        },
    });
    message
}

#[test]
fn struct_literals_use_json_names_from_the_shape() {
    let wf = literals::workflow();
    assert_eq!(
        wf.vars,
        vec![
            var("r", receipt_shape()),
            var("id", Shape::String),
            var("message", Shape::Any),
            var("_draft", Shape::Any)
        ]
    );
    let envelope_shape = publish::task().input;
    // Without a type from the context, a generic struct's parameters are `Any`.
    let draft_shape = Envelope::<asl::__private::AnyPayload>::shape();
    assert_eq!(
        draft_shape,
        Shape::Object(vec![
            field("topic_arn", "TopicArn", Shape::String),
            field("message", "Message", Shape::Any),
            Field {
                flatten: true,
                ..field("audit", "Audit", Audit::shape())
            },
        ])
    );
    assert_eq!(
        wf.body,
        vec![
            assign(
                1,
                Expr::Call(Box::new(Call {
                    task: new_id::task(),
                    arg: None
                }))
            ),
            assign(
                2,
                Expr::Struct {
                    shape: receipt_shape(),
                    fields: vec![
                        ("Id".into(), at(1, &[])),
                        ("approved".into(), lit(json!(true)))
                    ],
                }
            ),
            assign(
                3,
                Expr::Struct {
                    shape: draft_shape,
                    fields: vec![
                        ("TopicArn".into(), lit(json!("draft"))),
                        ("Message".into(), at(0, &[])),
                        ("created_by".into(), lit(json!("me"))),
                    ],
                }
            ),
            stmt(StmtKind::Eval(call(
                publish::task(),
                Expr::Struct {
                    shape: envelope_shape,
                    fields: vec![
                        ("TopicArn".into(), lit(json!("arn:topic"))),
                        (
                            "Message".into(),
                            Expr::Struct {
                                shape: receipt_shape(),
                                fields: vec![
                                    ("approved".into(), lit(json!(false))),
                                    ("Id".into(), at(0, &["id"]))
                                ],
                            }
                        ),
                        // `local_only` is skipped by serde; `audit` is flattened into the envelope.
                        ("created_by".into(), lit(json!("me"))),
                    ],
                }
            ))),
            ret(at(2, &[])),
        ]
    );
}

#[task(lambda = "pay")]
fn pay(p: Internally) -> bool;

#[task(lambda = "name")]
fn name_it(a: Adjacently) -> bool;

#[workflow]
fn payments(r: Receipt) -> bool {
    pay(Internally::Card {
        card_number: r.id.clone(),
    });
    let named: Adjacently = Adjacently::Named { first_name: r.id };
    name_it(named)
}

#[test]
fn enum_struct_variant_literals_are_tagged_as_serde_tags_them() {
    let wf = payments::workflow();
    assert_eq!(
        wf.body,
        vec![
            stmt(StmtKind::Eval(call(
                pay::task(),
                Expr::Struct {
                    shape: Internally::shape(),
                    fields: vec![
                        ("type".into(), lit(json!("card"))),
                        ("cardNumber".into(), at(0, &["id"]))
                    ],
                }
            ))),
            assign(
                1,
                Expr::Struct {
                    shape: Adjacently::shape(),
                    fields: vec![
                        ("t".into(), lit(json!("Named"))),
                        (
                            "c".into(),
                            Expr::Struct {
                                shape: Shape::Object(vec![field(
                                    "first_name",
                                    "FIRST_NAME",
                                    Shape::String
                                )]),
                                fields: vec![("FIRST_NAME".into(), at(0, &["id"]))],
                            }
                        ),
                    ],
                }
            ),
            ret(call(name_it::task(), at(1, &[]))),
        ]
    );
}

#[workflow]
fn values_from_branches(t: Ticket) -> String {
    let chosen = if t.flag {
        label(t.label.clone())
    } else if let Some(Status::Open) = t.status {
        "open".to_string()
    } else {
        match t.kind {
            Kind::Purchase => t.label.clone(),
            _ => return t.label,
        }
    };
    chosen
}

#[test]
fn let_takes_the_value_of_if_and_match() {
    let wf = values_from_branches::workflow();
    assert_eq!(
        wf.body,
        vec![
            stmt(StmtKind::If {
                cond: Cond::IsTrue(place(0, &["flag"])),
                then: vec![assign(1, call(label::task(), at(0, &["label"])))],
                otherwise: vec![stmt(StmtKind::Match {
                    scrutinee: place(0, &["status"]),
                    arms: vec![
                        arm(
                            Pattern::SomeOf(Box::new(Pattern::Variant("Open".into()))),
                            vec![assign(1, lit(json!("open")))]
                        ),
                        arm(
                            Pattern::Wildcard,
                            vec![stmt(StmtKind::Match {
                                scrutinee: place(0, &["kind"]),
                                arms: vec![
                                    arm(
                                        Pattern::Variant("Purchase".into()),
                                        vec![assign(1, at(0, &["label"]))]
                                    ),
                                    arm(Pattern::Wildcard, vec![ret(at(0, &["label"]))]),
                                ],
                            })]
                        ),
                    ],
                })],
            }),
            ret(at(1, &[])),
        ]
    );
}

#[workflow]
fn no_input() -> String {
    let id = new_id();
    if id == "x" {
        fail!("X");
    }
    id
}

#[workflow]
fn ends_with_tail_if(r: Receipt) {
    notify(r.clone());
    if r.approved {
        notify(r)
    }
}

#[test]
fn zero_parameter_workflows_and_unit_tails() {
    let wf = no_input::workflow();
    assert_eq!(wf.input, None);
    assert_eq!(wf.vars, vec![var("id", Shape::String)]);
    assert_eq!(wf.body[2], ret(at(0, &[])));

    let wf = ends_with_tail_if::workflow();
    assert_eq!(
        wf.body,
        vec![
            stmt(StmtKind::Eval(call(notify::task(), at(0, &[])))),
            stmt(StmtKind::If {
                cond: Cond::IsTrue(place(0, &["approved"])),
                then: vec![ret(call(notify::task(), at(0, &[])))],
                otherwise: vec![ret(lit(Value::Null))],
            }),
        ]
    );
}

// ---------------------------------------------------------------------------------------
// Native runs.

fn order(amount: f64, kind: Kind) -> Order {
    Order {
        order_id: "o-1".into(),
        amount,
        kind,
        note: None,
        cache: 0,
        secret: String::new(),
        computed: false,
        audit: Audit {
            created_by: "me".into(),
        },
        express: false,
    }
}

#[test]
fn workflows_run_natively_with_registered_handlers() {
    runtime::reset();
    runtime::register("charge", |o: Order| Receipt {
        id: o.order_id,
        approved: false,
    });
    runtime::register("approve", |r: Receipt| Receipt {
        approved: true,
        ..r
    });
    let receipt = runtime::run_native(|| checkout(order(20.0, Kind::Purchase))).unwrap();
    assert_eq!(
        receipt,
        Receipt {
            id: "o-1".into(),
            approved: true
        }
    );
    let calls = runtime::take_calls();
    assert_eq!(
        calls.iter().map(|c| c.task.as_str()).collect::<Vec<_>>(),
        ["charge", "approve"]
    );
    assert_eq!(calls[0].input["orderId"], json!("o-1"));
    assert_eq!(calls[0].input["TOTAL"], json!(20.0));
    assert_eq!(calls[1].input, json!({"Id": "o-1", "approved": false}));
}

#[test]
fn fail_ends_a_native_run_with_its_error_and_cause() {
    runtime::reset();
    runtime::register("charge", |o: Order| Receipt {
        id: o.order_id,
        approved: false,
    });
    let failure = runtime::run_native(|| conditions(order(50.0, Kind::Purchase))).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "TooSmall".into(),
            cause: "amount below 10".into()
        }
    );

    let mut with_note = order(5.0, Kind::Purchase);
    with_note.note = Some("n".into());
    with_note.express = true;
    let failure = runtime::run_native(|| conditions(with_note)).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "NoteGiven".into(),
            cause: String::new()
        }
    );

    let mut same = order(5.0, Kind::Purchase);
    same.order_id = "me".into();
    same.note = Some("n".into());
    let failure = runtime::run_native(|| conditions(same)).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "Same".into(),
            cause: "me".into()
        }
    );

    let receipt = runtime::run_native(|| conditions(order(500.0, Kind::Purchase))).unwrap();
    assert_eq!(receipt.id, "o-1");
}

#[workflow]
fn doubled_twice(n: u32) -> u32 {
    let n = double(n);
    double(n)
}

#[test]
fn tasks_with_bodies_run_natively_and_record_their_calls() {
    runtime::reset();
    assert_eq!(runtime::run_native(|| doubled_twice(3)), Ok(12));
    let calls = runtime::take_calls();
    assert_eq!(
        calls
            .iter()
            .map(|c| (c.task.as_str(), c.input.clone()))
            .collect::<Vec<_>>(),
        [("double", json!(3)), ("double", json!(6))]
    );
}

#[test]
fn a_missing_handler_is_a_failure_that_says_what_to_do() {
    runtime::reset();
    let failure = runtime::run_native(|| no_input()).unwrap_err();
    assert_eq!(failure.error, "asl.NoHandler");
    assert!(
        failure
            .cause
            .contains("asl::testing::Env::new().mock(new_id::mock(|input| …))"),
        "{}",
        failure.cause
    );
}

#[test]
fn loops_run_natively() {
    runtime::reset();
    runtime::register("step", |c: Counter| Counter {
        n: c.n + 1,
        done: c.n + 1 >= 3,
        ..c
    });
    let start = Counter {
        n: 0,
        done: false,
        delay: 1,
        at: "now".into(),
    };
    runtime::run_native(|| loops(start)).unwrap();
    assert_eq!(runtime::take_calls().len(), 3);
}
