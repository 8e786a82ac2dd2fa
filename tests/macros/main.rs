//! The macros' expansions: exact `Shape`s from `#[derive(Payload)]`, exact IR from
//! `#[workflow]` bodies, `TaskSpec`s from `#[task]`/`#[retry]`, and runs natively and in
//! asl-local (`asl::testing::Env::check`).
//!
//! This file holds the types, tasks and workflows the tests share; the tests are in the
//! modules, one per topic.
#![allow(dead_code)]
// The workflow bodies below are written to exercise syntax, not to be idiomatic.
#![allow(
    clippy::let_and_return,
    clippy::partialeq_to_none,
    clippy::redundant_closure
)]

mod compute_ir;
mod native_runs;
mod shapes;
mod tasks;
mod workflow_ir;

use asl::ir::{
    Arm, Call, CmpOp, Cond, Expr, Field, Pattern, Place, RetryPolicy, Rhs, Shape, SleepFor as Wait,
    Stmt, StmtKind, Tagging, TaskResource, TaskSpec, Text, VarId, VarInfo, Variant, Workflow,
};
use asl::prelude::*;
use asl::testing::{Env, Mock};
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
        rhs: Rhs::Literal(value),
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
// Payload shapes: the types the shape tests (`shapes.rs`) and the workflows use.

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

// ---------------------------------------------------------------------------------------
// Tasks (their specs are tested in `tasks.rs`).

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

// ---------------------------------------------------------------------------------------
// Workflows (their IR is tested in `workflow_ir.rs`).

#[workflow(name = "checkout", comment = "Charge, then approve", timeout = 3600)]
fn checkout(o: Order) -> Receipt {
    #[state(name = "Charge")]
    let r = charge(o);
    let r = approve(&r);
    r
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

// ---------------------------------------------------------------------------------------
// Native runs (`native_runs.rs`).

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

#[workflow]
fn doubled_twice(n: u32) -> u32 {
    let n = double(n);
    double(n)
}
