//! The IR visitors reach every place of every kind of statement, expression and condition, in
//! source order, and a `VisitorMut` rewrites them all.

use asl_model::ir::*;
use serde_json::json;

fn at(v: u32, fields: &[&str]) -> Place {
    Place::at(VarId(v), fields)
}

fn read(v: u32, fields: &[&str]) -> Expr {
    Expr::Place(at(v, fields))
}

fn noop_task() -> TaskSpec {
    TaskSpec::new(
        "t",
        TaskResource::Lambda("t".into()),
        Shape::Any,
        Shape::Any,
    )
}

/// One statement of each kind, each reading variable 1 (and the map item 5) somewhere.
fn body() -> Block {
    let map = Expr::Map(Box::new(MapExpr {
        items: MapItems::Place(at(1, &["items"])),
        item: VarId(5),
        body: vec![StmtKind::Return(Expr::Compute(Box::new(Compute::Binary {
            op: BinaryOp::Add,
            lhs: read(5, &[]),
            rhs: read(1, &[]),
        })))
        .into()],
        options: MapOptions::default(),
    }));
    let kinds = vec![
        StmtKind::Assign {
            var: VarId(2),
            value: Expr::Struct {
                shape: Shape::Any,
                fields: vec![("a".into(), read(1, &["x"]))],
            },
        },
        StmtKind::AssignField {
            place: at(1, &["y"]),
            value: Expr::Call(Box::new(Call {
                task: noop_task(),
                arg: Some(read(1, &[])),
            })),
        },
        StmtKind::If {
            cond: Cond::And(
                Box::new(Cond::IsTrue(at(1, &["flag"]))),
                Box::new(Cond::Compare {
                    place: at(1, &["n"]),
                    op: CmpOp::Gt,
                    rhs: Rhs::Place(at(1, &["m"])),
                }),
            ),
            then: vec![StmtKind::Eval(Expr::Intrinsic {
                function: Intrinsic::Format,
                args: vec![Expr::Literal(json!("x {}")), read(1, &[])],
            })
            .into()],
            otherwise: vec![StmtKind::Return(Expr::Array(vec![read(1, &[])])).into()],
        },
        StmtKind::Match {
            scrutinee: at(1, &["kind"]),
            arms: vec![Arm {
                pattern: Pattern::Wildcard,
                body: vec![StmtKind::Break.into()],
            }],
        },
        StmtKind::Loop {
            body: vec![StmtKind::Continue.into()],
        },
        StmtKind::For {
            var: VarId(3),
            items: at(1, &["list"]),
            body: vec![StmtKind::Sleep(SleepFor::SecondsAt(at(1, &["delay"]))).into()],
        },
        StmtKind::Try {
            var: Some(VarId(4)),
            value: map,
            ok: vec![],
            catchers: vec![ErrArm {
                errors: vec!["States.ALL".into()],
                var: None,
                body: vec![StmtKind::Fail {
                    error: Some(Text::At(at(1, &["e"]))),
                    cause: Some("literal".into()),
                }
                .into()],
            }],
        },
        StmtKind::Eval(Expr::Parallel(vec![vec![StmtKind::Return(Expr::Context(
            vec!["Execution".into(), "Id".into()],
        ))
        .into()]])),
    ];
    kinds.into_iter().map(Stmt::from).collect()
}

/// Every place, as `var.field.field`, in the order the visitor meets them.
fn places(block: &[Stmt]) -> Vec<String> {
    struct Places(Vec<String>);
    impl<'a> Visitor<'a> for Places {
        fn visit_place(&mut self, p: &'a Place) {
            let mut text = p.var.0.to_string();
            for f in &p.fields {
                text.push('.');
                text.push_str(f);
            }
            self.0.push(text);
        }
    }
    let mut v = Places(Vec::new());
    v.visit_block(block);
    v.0
}

const READS_OF_1: [&str; 15] = [
    "1.x", "1.y", "1", "1.flag", "1.n", "1.m", "1", "1", "1.kind", "1.list", "1.delay", "1.items",
    "5", "1", "1.e",
];

#[test]
fn the_visitor_meets_every_place_in_source_order() {
    assert_eq!(places(&body()), READS_OF_1);
}

#[test]
fn a_visitor_mut_renames_every_place() {
    struct Rename;
    impl VisitorMut for Rename {
        fn visit_place_mut(&mut self, p: &mut Place) {
            if p.var == VarId(1) {
                p.var = VarId(9);
            }
        }
    }
    let mut block = body();
    Rename.visit_block_mut(&mut block);
    let expected: Vec<String> = READS_OF_1.iter().map(|p| p.replacen('1', "9", 1)).collect();
    assert_eq!(places(&block), expected);
}

#[test]
fn walk_exprs_sees_outer_expressions_before_inner_ones() {
    let mut kinds = Vec::new();
    walk_exprs(&body()[6..7], &mut |e| {
        kinds.push(match e {
            Expr::Map(_) => "map",
            Expr::Compute(_) => "compute",
            Expr::Place(_) => "place",
            other => panic!("not in the try statement: {other:?}"),
        })
    });
    assert_eq!(kinds, ["map", "compute", "place", "place"]);
}
