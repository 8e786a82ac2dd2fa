//! JSONata workflows' pure Rust expressions: the exact `Expr::Compute` trees of arithmetic,
//! casts, string, `Option` and iterator methods, closures, `fold`, `if`/`match` values,
//! `format!`, tuples and tuple destructuring (also in JSONPath), and their native runs.
// The workflows bind some values only to show their IR.
#![allow(unused_variables)]

use super::*;
use asl::ir::{BinaryOp, Closure, ClosureMethod, Compute, FormatPiece, Method, NumericType};
use asl::QueryLanguage;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Line {
    sku: String,
    price: f64,
    qty: u32,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Cart {
    customer: String,
    lines: Vec<Line>,
    discount: Option<f64>,
}

#[workflow(query_language = "JSONata")]
fn price_quote(c: Cart) -> f64 {
    let subtotal: f64 = c
        .lines
        .iter()
        .filter(|l| l.qty > 0)
        .map(|l| l.price * l.qty as f64)
        .sum();
    let total = subtotal * (1.0 - c.discount.unwrap_or(0.0));
    (total * 100.0).round() / 100.0
}

#[workflow(query_language = "JSONata")]
fn tidy(c: Cart) -> String {
    let name = c.customer.trim().to_uppercase();
    let tags: Vec<String> = c
        .customer
        .split(",")
        .map(|t| t.trim().to_string())
        .collect();
    let n = name.chars().count() + tags.len();
    if n > 3 && name.ends_with("X") {
        fail!("Long");
    }
    format!("{}:{n} {{ok}}", name.to_lowercase())
}

#[workflow(query_language = "JSONata")]
fn scores(c: Cart) -> (f64, bool) {
    let best = c.lines.iter().map(|l| l.price).fold(0.0, f64::max);
    let total = c.lines.iter().fold(0.0, |acc, l| acc + l.price);
    let ok = c.lines.iter().any(|l| l.price == 0.0) || c.lines.iter().all(|l: &Line| l.qty >= 1);
    let scaled = c.discount.map(|d| d * 100.0);
    let label = if total > 100.0 { "big" } else { "small" };
    let size = match c.lines.len() {
        0 => "none",
        1..=3 => "few",
        _ => "many",
    };
    let last = c.lines[c.lines.len() - 1].price;
    (best, ok)
}

#[task(lambda = "label")]
fn tag(s: String) -> String;

#[workflow]
fn pair_up(c: Cart) -> String {
    let (a, _b) = parallel!(tag(c.customer.clone()), tag(c.customer.clone()));
    let n = c.lines.len() as i64;
    a
}

#[workflow(query_language = "JSONata")]
fn casts(c: Cart) -> f64 {
    let (name, count) = (c.customer.clone(), c.lines.len());
    count as f64 / 2.0
}

#[task(lambda = "reprice")]
fn reprice(c: Cart) -> Line;

#[workflow(query_language = "JSONata")]
fn call_in_computation(c: Cart) -> f64 {
    reprice(c).price * 2.0
}

#[workflow(query_language = "JSONata")]
#[allow(clippy::single_match)] // the statement `match` is the form under test
fn statements(c: Cart) -> f64 {
    let mut x = 1.0;
    while x < c.lines.len() as f64 * 2.0 {
        x *= 1.5;
    }
    match c.customer.trim() {
        "" => fail!("NoCustomer"),
        _ => {}
    }
    x
}

fn cmp(x: Compute) -> Expr {
    Expr::Compute(Box::new(x))
}

fn bin(op: BinaryOp, lhs: Expr, rhs: Expr) -> Expr {
    cmp(Compute::Binary { op, lhs, rhs })
}

fn method(method: Method, receiver: Expr, args: Vec<Expr>) -> Expr {
    cmp(Compute::Method {
        method,
        receiver,
        args,
    })
}

fn closure(method: ClosureMethod, receiver: Expr, params: &[u32], body: Expr) -> Expr {
    cmp(Compute::Closure {
        method,
        receiver,
        closure: Closure {
            params: params.iter().map(|p| VarId(*p)).collect(),
            body,
        },
    })
}

fn cast(to: NumericType, value: Expr) -> Expr {
    cmp(Compute::Cast { to, value })
}

#[test]
fn the_attribute_makes_a_jsonata_definition() {
    assert_eq!(
        price_quote::definition().query_language(),
        QueryLanguage::Jsonata
    );
    assert_eq!(
        pair_up::definition().query_language(),
        QueryLanguage::JsonPath
    );
}

#[test]
fn float_arithmetic_and_an_iterator_chain() {
    let wf = price_quote::workflow();
    assert_eq!(
        wf.vars,
        vec![
            var("c", Cart::shape()),
            var("subtotal", Shape::Number),
            var("l", Shape::Any),
            var("l_2", Shape::Any),
            var("total", Shape::Any),
        ]
    );
    let filtered = closure(
        ClosureMethod::Filter,
        at(0, &["lines"]),
        &[2],
        bin(BinaryOp::Gt, at(2, &["qty"]), lit(json!(0))),
    );
    let mapped = closure(
        ClosureMethod::Map,
        filtered,
        &[3],
        bin(
            BinaryOp::Mul,
            at(3, &["price"]),
            cast(NumericType::Float, at(3, &["qty"])),
        ),
    );
    assert_eq!(
        wf.body,
        vec![
            assign(1, method(Method::Sum, mapped, vec![])),
            assign(
                4,
                bin(
                    BinaryOp::Mul,
                    at(1, &[]),
                    bin(
                        BinaryOp::Sub,
                        lit(json!(1.0)),
                        method(
                            Method::UnwrapOr,
                            at(0, &["discount"]),
                            vec![lit(json!(0.0))]
                        ),
                    ),
                ),
            ),
            ret(bin(
                BinaryOp::Div,
                method(
                    Method::Round,
                    bin(BinaryOp::Mul, at(4, &[]), lit(json!(100.0))),
                    vec![]
                ),
                lit(json!(100.0)),
            )),
        ]
    );
}

#[test]
fn string_methods_conditions_and_format() {
    let wf = tidy::workflow();
    let name = || at(1, &[]);
    assert_eq!(
        wf.body,
        vec![
            assign(
                1,
                method(
                    Method::ToUppercase,
                    method(Method::Trim, at(0, &["customer"]), vec![]),
                    vec![]
                )
            ),
            assign(
                2,
                closure(
                    ClosureMethod::Map,
                    method(Method::Split, at(0, &["customer"]), vec![lit(json!(","))]),
                    &[3],
                    method(
                        Method::ToString,
                        method(Method::Trim, at(3, &[]), vec![]),
                        vec![]
                    ),
                )
            ),
            assign(
                4,
                bin(
                    BinaryOp::Add,
                    method(Method::CharCount, name(), vec![]),
                    method(Method::Len, at(2, &[]), vec![]),
                )
            ),
            stmt(StmtKind::If {
                cond: Cond::And(
                    Box::new(compare(place(4, &[]), CmpOp::Gt, json!(3))),
                    Box::new(Cond::Value(method(
                        Method::EndsWith,
                        name(),
                        vec![lit(json!("X"))]
                    ))),
                ),
                then: vec![stmt(StmtKind::Fail {
                    error: Some("Long".into()),
                    cause: None,
                })],
                otherwise: vec![],
            }),
            ret(cmp(Compute::Format(vec![
                FormatPiece::Value(method(Method::ToLowercase, name(), vec![])),
                FormatPiece::Text(":".into()),
                FormatPiece::Value(at(4, &[])),
                FormatPiece::Text(" {ok}".into()),
            ]))),
        ]
    );
    // The closure's parameter is a variable of its own, not visible after it.
    assert_eq!(wf.vars[3], var("t", Shape::Any));
}

#[test]
fn fold_any_all_option_map_and_values_of_if_and_match() {
    let wf = scores::workflow();
    let names: Vec<&str> = wf.vars.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "c", "best", "l", "acc", "item", "total", "acc_2", "l_2", "ok", "l_3", "l_4", "scaled",
            "d", "label", "size", "last"
        ]
    );
    assert_eq!(wf.vars[10].shape, Line::shape());
    let lines = || at(0, &["lines"]);
    let fold_max = cmp(Compute::Fold {
        receiver: closure(ClosureMethod::Map, lines(), &[2], at(2, &["price"])),
        init: lit(json!(0.0)),
        closure: Closure {
            params: vec![VarId(3), VarId(4)],
            body: method(Method::Max, at(3, &[]), vec![at(4, &[])]),
        },
    });
    let fold_sum = cmp(Compute::Fold {
        receiver: lines(),
        init: lit(json!(0.0)),
        closure: Closure {
            params: vec![VarId(6), VarId(7)],
            body: bin(BinaryOp::Add, at(6, &[]), at(7, &["price"])),
        },
    });
    let ok = bin(
        BinaryOp::Or,
        closure(
            ClosureMethod::Any,
            lines(),
            &[9],
            bin(BinaryOp::Eq, at(9, &["price"]), lit(json!(0.0))),
        ),
        closure(
            ClosureMethod::All,
            lines(),
            &[10],
            bin(BinaryOp::Ge, at(10, &["qty"]), lit(json!(1))),
        ),
    );
    let len = || method(Method::Len, lines(), vec![]);
    assert_eq!(
        wf.body,
        vec![
            assign(1, fold_max),
            assign(5, fold_sum),
            assign(8, ok),
            assign(
                11,
                closure(
                    ClosureMethod::OptionMap,
                    at(0, &["discount"]),
                    &[12],
                    bin(BinaryOp::Mul, at(12, &[]), lit(json!(100.0))),
                )
            ),
            assign(
                13,
                cmp(Compute::If {
                    cond: bin(BinaryOp::Gt, at(5, &[]), lit(json!(100.0))),
                    then: lit(json!("big")),
                    otherwise: lit(json!("small")),
                })
            ),
            assign(
                14,
                cmp(Compute::Match {
                    scrutinee: len(),
                    arms: vec![
                        (Pattern::Literal(json!(0)), lit(json!("none"))),
                        (
                            Pattern::Range {
                                start: Some(json!(1)),
                                end: Some(json!(3)),
                                inclusive: true,
                            },
                            lit(json!("few")),
                        ),
                        (Pattern::Wildcard, lit(json!("many"))),
                    ],
                })
            ),
            assign(
                15,
                cmp(Compute::Field {
                    base: cmp(Compute::Index {
                        base: lines(),
                        index: bin(BinaryOp::Sub, len(), lit(json!(1))),
                    }),
                    field: "price".into(),
                })
            ),
            ret(Expr::Array(vec![at(1, &[]), at(8, &[])])),
        ]
    );
}

#[test]
fn tuple_destructuring_and_casts_in_jsonpath() {
    let wf = pair_up::workflow();
    let names: Vec<&str> = wf.vars.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["c", "a_b", "a", "_b", "n"]);
    let branch = || vec![ret(call(tag::task(), at(0, &["customer"])))];
    assert_eq!(
        wf.body,
        vec![
            assign(1, Expr::Parallel(vec![branch(), branch()])),
            assign(2, at(1, &["0"])),
            assign(3, at(1, &["1"])),
            assign(
                4,
                Expr::Intrinsic {
                    function: asl::ir::Intrinsic::ArrayLength,
                    args: vec![at(0, &["lines"])],
                }
            ),
            ret(at(2, &[])),
        ]
    );
}

#[test]
fn tuple_literals_and_casts_in_jsonata() {
    let wf = casts::workflow();
    let names: Vec<&str> = wf.vars.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["c", "name_count", "name", "count"]);
    assert_eq!(
        wf.body,
        vec![
            assign(
                1,
                Expr::Array(vec![
                    at(0, &["customer"]),
                    method(Method::Len, at(0, &["lines"]), vec![]),
                ])
            ),
            assign(2, at(1, &["0"])),
            assign(3, at(1, &["1"])),
            ret(bin(
                BinaryOp::Div,
                cast(NumericType::Float, at(3, &[])),
                lit(json!(2.0)),
            )),
        ]
    );
}

#[test]
fn a_task_call_inside_a_computation_stays_in_place() {
    // The passes hoist it into a state of its own before the computation.
    assert_eq!(
        call_in_computation::workflow().body,
        vec![ret(bin(
            BinaryOp::Mul,
            cmp(Compute::Field {
                base: call(reprice::task(), at(0, &[])),
                field: "price".into(),
            }),
            lit(json!(2.0)),
        ))]
    );
}

#[test]
fn computed_conditions_scrutinees_and_compound_assignments() {
    let wf = statements::workflow();
    let names: Vec<&str> = wf.vars.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["c", "x", "scrutinee"]);
    let bound = bin(
        BinaryOp::Mul,
        cast(
            NumericType::Float,
            method(Method::Len, at(0, &["lines"]), vec![]),
        ),
        lit(json!(2.0)),
    );
    assert_eq!(
        wf.body,
        vec![
            assign(1, lit(json!(1.0))),
            stmt(StmtKind::Loop {
                body: vec![
                    stmt(StmtKind::If {
                        cond: Cond::Not(Box::new(Cond::Value(bin(
                            BinaryOp::Lt,
                            at(1, &[]),
                            bound
                        )))),
                        then: vec![stmt(StmtKind::Break)],
                        otherwise: vec![],
                    }),
                    assign(1, bin(BinaryOp::Mul, at(1, &[]), lit(json!(1.5)))),
                ],
            }),
            assign(2, method(Method::Trim, at(0, &["customer"]), vec![])),
            stmt(StmtKind::Match {
                scrutinee: place(2, &[]),
                arms: vec![
                    arm(
                        Pattern::Literal(json!("")),
                        vec![stmt(StmtKind::Fail {
                            error: Some("NoCustomer".into()),
                            cause: None,
                        })]
                    ),
                    arm(Pattern::Wildcard, vec![]),
                ],
            }),
            ret(at(1, &[])),
        ]
    );
}

fn cart() -> Cart {
    Cart {
        customer: " vip, gold ".into(),
        lines: vec![
            Line {
                sku: "a".into(),
                price: 10.25,
                qty: 2,
            },
            Line {
                sku: "b".into(),
                price: 5.0,
                qty: 0,
            },
        ],
        discount: Some(0.1),
    }
}

#[test]
fn the_native_runs_compute_with_rust() {
    assert_eq!(price_quote(cart()), 18.45);
    assert_eq!(tidy(cart()), "vip, gold:11 {ok}");
    assert_eq!(scores(cart()), (10.25, false));
    assert_eq!(casts(cart()), 1.0);
    assert_eq!(statements(cart()), 5.0625);
}
