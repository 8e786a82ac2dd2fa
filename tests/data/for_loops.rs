//! `for item in x.items { … }`: the exact IR, and runs natively and in asl-local that agree.

use super::*;

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
        rhs: Rhs::Literal(json!(n)),
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
fn for_loops_run_in_order_natively_and_in_both_languages() {
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
    let mut env = Env::new().mock(note::mock(|_: Order| ()));
    assert_eq!(env.run_workflow(|| note_small(b.clone())), Ok(2));
    let noted: Vec<Value> = env
        .take_calls()
        .iter()
        .map(|c| c.input["id"].clone())
        .collect();
    assert_eq!(noted, [json!("z"), json!("b")]);
    let report = env.check(note_small::definition(), note_small, b);
    assert_eq!(report.output.unwrap(), 2);
    assert_eq!(report.languages.len(), 2);
}
