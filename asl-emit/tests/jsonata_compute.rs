//! Computed values in the JSONata back end: each case is a pure Rust expression written as
//! IR, emitted as JSONata, run in asl-local on an input, and compared with the value Rust
//! computes for the same expression (written next to it, so a wrong expectation cannot hide).

use asl_emit::Definition;
use asl_local::{Executor, Status};
use asl_model::ir::*;
use serde_json::{json, Value};

fn field(rust: &str, shape: Shape) -> Field {
    Field {
        rust: rust.into(),
        json: rust.into(),
        shape,
        flatten: false,
    }
}

fn item_shape() -> Shape {
    Shape::Object(vec![
        field("price", Shape::Number),
        field("qty", Shape::Integer),
    ])
}

/// The input: `In { a: i64, b: i64, x: f64, s: String, t: String, items: Vec<Item>, ns: Vec<i64>, opt: Option<i64>, empty: Vec<i64> }`.
fn input_shape() -> Shape {
    Shape::Object(vec![
        field("a", Shape::Integer),
        field("b", Shape::Integer),
        field("x", Shape::Number),
        field("s", Shape::String),
        field("t", Shape::String),
        field("items", Shape::Array(Box::new(item_shape()))),
        field("ns", Shape::Array(Box::new(Shape::Integer))),
        field(
            "nested",
            Shape::Array(Box::new(Shape::Array(Box::new(Shape::Integer)))),
        ),
        field("opt", Shape::Option(Box::new(Shape::Integer))),
        field("empty", Shape::Array(Box::new(Shape::Integer))),
    ])
}

fn input() -> Value {
    json!({
        "a": -7, "b": 2, "x": -2.5, "s": "  héllo wörld😀 ", "t": "a,b,,c",
        "items": [{"price": 1.25, "qty": 3}, {"price": 0.5, "qty": 4}],
        "ns": [5], "nested": [[1, 2]], "opt": null, "empty": []
    })
}

fn at(f: &str) -> Expr {
    Expr::Place(Place::var(VarId(0)).field(f))
}
fn var(i: u32) -> Expr {
    Expr::Place(Place::var(VarId(i)))
}
fn lit(v: Value) -> Expr {
    Expr::Literal(v)
}
fn c(c: Compute) -> Expr {
    Expr::Compute(Box::new(c))
}
fn bin(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
    c(Compute::Binary { op, lhs, rhs })
}
fn method(method: Method, receiver: Expr, args: Vec<Expr>) -> Expr {
    c(Compute::Method {
        method,
        receiver,
        args,
    })
}
fn closure(method: ClosureMethod, receiver: Expr, param: u32, body: Expr) -> Expr {
    c(Compute::Closure {
        method,
        receiver,
        closure: Closure {
            params: vec![VarId(param)],
            body,
        },
    })
}

/// JSON numbers compared by value: JSONata writes `-3.0` as `-3`, as JSON allows.
fn numbers_as_f64(v: Value) -> Value {
    match v {
        Value::Number(n) => json!(n.as_f64()),
        Value::Array(items) => Value::Array(items.into_iter().map(numbers_as_f64).collect()),
        Value::Object(m) => {
            Value::Object(m.into_iter().map(|(k, v)| (k, numbers_as_f64(v))).collect())
        }
        other => other,
    }
}

macro_rules! assert_same {
    ($jsonata:expr, $rust:expr $(,)?) => {
        assert_eq!(numbers_as_f64($jsonata), numbers_as_f64($rust))
    };
}

/// Runs `value` (over the input variable 0 and closure parameters 1, 2) as JSONata.
fn run(value: Expr) -> Value {
    let vars = vec![
        VarInfo {
            name: "input".into(),
            shape: input_shape(),
        },
        VarInfo {
            name: "it".into(),
            shape: Shape::Any,
        },
        VarInfo {
            name: "acc".into(),
            shape: Shape::Any,
        },
        VarInfo {
            name: "out".into(),
            shape: Shape::Any,
        },
    ];
    let wf = Workflow {
        name: "compute".into(),
        comment: None,
        timeout_seconds: None,
        input: Some(VarId(0)),
        output: Shape::Any,
        vars,
        body: vec![
            StmtKind::Assign {
                var: VarId(3),
                value,
            }
            .into(),
            StmtKind::Return(var(3)).into(),
        ],
    };
    let machine = Definition::new(wf)
        .as_jsonata()
        .state_machine()
        .unwrap_or_else(|e| panic!("{e}"));
    let run = Executor::new(&machine).run(input());
    assert_eq!(
        run.status,
        Status::Succeeded,
        "{:?} {:?}\n{}",
        run.error,
        run.cause,
        asl_model::serialize::to_string_pretty(&machine)
    );
    run.output.unwrap_or(Value::Null)
}

#[test]
fn integer_arithmetic_truncates_as_rust_does() {
    let (a, b): (i64, i64) = (-7, 2);
    assert_same!(run(bin(BinaryOp::Div, at("a"), at("b"))), json!(a / b));
    assert_same!(
        run(bin(BinaryOp::Rem, at("a"), lit(json!(3)))),
        json!(a % 3)
    );
    assert_same!(
        run(bin(
            BinaryOp::Sub,
            bin(BinaryOp::Mul, at("a"), at("b")),
            lit(json!(1))
        )),
        json!(a * b - 1)
    );
    let x = -2.5f64;
    let cast = c(Compute::Cast {
        to: NumericType::Integer(IntType::I64),
        value: at("x"),
    });
    assert_same!(run(cast), json!(x as i64));
}

#[test]
fn float_methods_follow_rust() {
    let x = -2.5f64;
    assert_same!(
        run(method(Method::Round, at("x"), vec![])),
        json!(x.round())
    );
    assert_same!(
        run(method(Method::Round, lit(json!(2.5)), vec![])),
        json!(2.5f64.round())
    );
    assert_same!(
        run(method(Method::Floor, at("x"), vec![])),
        json!(x.floor())
    );
    assert_same!(run(method(Method::Abs, at("x"), vec![])), json!(x.abs()));
    assert_same!(
        run(method(Method::Max, at("x"), vec![lit(json!(1.5))])),
        json!(x.max(1.5))
    );
    assert_same!(
        run(bin(BinaryOp::Mul, at("x"), lit(json!(1.5)))),
        json!(x * 1.5)
    );
}

#[test]
fn string_methods_follow_rust() {
    let s = "  héllo wörld😀 ";
    let t = "a,b,,c";
    assert_same!(run(method(Method::Trim, at("s"), vec![])), json!(s.trim()));
    assert_same!(
        run(method(Method::ToUppercase, at("s"), vec![])),
        json!(s.to_uppercase())
    );
    assert_same!(run(method(Method::Len, at("s"), vec![])), json!(s.len()));
    assert_same!(
        run(method(Method::CharCount, at("s"), vec![])),
        json!(s.chars().count())
    );
    assert_same!(
        run(method(Method::StartsWith, at("t"), vec![lit(json!("a,"))])),
        json!(t.starts_with("a,"))
    );
    assert_same!(
        run(method(Method::EndsWith, at("t"), vec![lit(json!("b"))])),
        json!(t.ends_with('b'))
    );
    assert_same!(
        run(method(Method::Contains, at("t"), vec![lit(json!(",,"))])),
        json!(t.contains(",,"))
    );
    assert_same!(
        run(method(
            Method::Replace,
            at("t"),
            vec![lit(json!(",")), lit(json!(";"))]
        )),
        json!(t.replace(',', ";"))
    );
    assert_same!(
        run(method(Method::Split, at("t"), vec![lit(json!(","))])),
        json!(t.split(',').collect::<Vec<_>>())
    );
    assert_same!(
        run(bin(BinaryOp::Add, at("t"), lit(json!("!")))),
        json!(t.to_string() + "!")
    );
    let format = c(Compute::Format(vec![
        FormatPiece::Text("n=".into()),
        FormatPiece::Value(at("a")),
        FormatPiece::Text(" t=".into()),
        FormatPiece::Value(at("t")),
    ]));
    assert_same!(run(format), json!(format!("n={} t={t}", -7)));
}

#[test]
fn iterator_chains_collect_arrays_even_of_one_item() {
    let items = [(1.25f64, 3i64), (0.5, 4)];
    let total = closure(
        ClosureMethod::Map,
        at("items"),
        1,
        bin(
            BinaryOp::Mul,
            Expr::Place(Place::var(VarId(1)).field("price")),
            Expr::Place(Place::var(VarId(1)).field("qty")),
        ),
    );
    assert_same!(
        run(method(Method::Sum, total, vec![])),
        json!(items.iter().map(|(p, q)| p * *q as f64).sum::<f64>())
    );
    let ns = [5i64];
    let kept = closure(
        ClosureMethod::Filter,
        at("ns"),
        1,
        bin(BinaryOp::Gt, var(1), lit(json!(3))),
    );
    assert_same!(
        run(kept),
        json!(ns.iter().filter(|n| **n > 3).collect::<Vec<_>>())
    );
    let nested = [[1i64, 2]];
    assert_same!(
        run(closure(ClosureMethod::Map, at("nested"), 1, var(1))),
        json!(nested.iter().collect::<Vec<_>>())
    );
    let empty: [i64; 0] = [];
    assert_same!(
        run(closure(
            ClosureMethod::Any,
            at("empty"),
            1,
            lit(json!(true))
        )),
        json!(empty.iter().any(|_| true))
    );
    assert_same!(
        run(closure(
            ClosureMethod::All,
            at("empty"),
            1,
            lit(json!(false))
        )),
        json!(empty.iter().all(|_| false))
    );
    assert_same!(
        run(method(Method::Sum, at("empty"), vec![])),
        json!(empty.iter().sum::<i64>())
    );
    assert_same!(
        run(method(Method::First, at("empty"), vec![])),
        json!(empty.first())
    );
    assert_same!(
        run(method(Method::IterMax, at("ns"), vec![])),
        json!(ns.iter().max())
    );
    let fold = c(Compute::Fold {
        receiver: at("ns"),
        init: lit(json!(10)),
        closure: Closure {
            params: vec![VarId(2), VarId(1)],
            body: bin(BinaryOp::Add, var(2), var(1)),
        },
    });
    assert_same!(run(fold), json!(ns.iter().fold(10, |acc, n| acc + n)));
}

#[test]
#[allow(clippy::unnecessary_literal_unwrap)] // Rust's value of the same expression on None
fn options_and_conditional_values() {
    let opt: Option<i64> = None;
    assert_same!(
        run(method(Method::UnwrapOr, at("opt"), vec![lit(json!(4))])),
        json!(opt.unwrap_or(4))
    );
    assert_same!(
        run(method(Method::IsNone, at("opt"), vec![])),
        json!(opt.is_none())
    );
    let a = -7i64;
    let value = c(Compute::If {
        cond: bin(BinaryOp::Lt, at("a"), lit(json!(0))),
        then: lit(json!("negative")),
        otherwise: lit(json!("positive")),
    });
    assert_same!(
        run(value),
        json!(if a < 0 { "negative" } else { "positive" })
    );
    let t = "a,b,,c";
    let matched = c(Compute::Match {
        scrutinee: at("t"),
        arms: vec![
            (Pattern::Literal(json!("x")), lit(json!(1))),
            (Pattern::Wildcard, lit(json!(2))),
        ],
    });
    assert_same!(
        run(matched),
        json!(match t {
            "x" => 1,
            _ => 2,
        })
    );
}
