//! Context fields (`ctx().execution.id`, `ctx().map.item.index`, …): the exact IR, native
//! runs with the defaults and a settable execution, and runs in both that agree.

use super::*;

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
    // Native only: the defaults and `set_execution` are the native run's own context.
    let mut env = Env::new().mock(stamp::mock(|s: Stamp| s));
    asl::context::reset();
    let s = env.run_workflow(|| stamped(orders())).unwrap();
    assert_eq!(s.execution, "native");
    let mut execution = ctx().execution;
    execution.id = "arn:aws:states:us-east-1:1:execution:m:e".into();
    execution.input = json!({"tag": "t"});
    asl::context::set_execution(execution);
    let s = env.run_workflow(|| stamped(orders())).unwrap();
    assert_eq!(
        (s.execution.as_str(), s.input),
        (
            "arn:aws:states:us-east-1:1:execution:m:e",
            json!({"tag": "t"})
        )
    );
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
    let price = Price {
        name: "tea".into(),
        amount: 2.0,
    };
    let report = Env::new().check(price_label::definition(), price_label, price);
    assert_eq!(report.output.unwrap(), "tea costs 2.0");
    assert_eq!(report.languages.len(), 2);
}

#[test]
fn format_prints_floats_and_integers_alike_natively_and_in_both_languages() {
    let amounts = Amounts {
        floats: vec![
            2.0, 2.5, -3.0, 0.0, 1e15, 1e16, -1.5e17, 0.000001, 0.00001, 1.5e-7, 1e21, 0.1,
        ],
        count: 7,
    };
    let report = Env::new().check(amounts_label::definition(), amounts_label, amounts);
    assert_eq!(
        report.output.unwrap(),
        "2.0 2.5 -3.0 0.0 7 [2.0, 2.5, -3.0, 0.0, 1000000000000000.0, 1e+16, -1.5e+17, 1e-6, \
         0.00001, 1.5e-7, 1e+21, 0.1]"
    );
    assert_eq!(report.languages.len(), 2);
    let price = Price {
        name: "tea".into(),
        amount: 1e16,
    };
    let report = Env::new().check(price_text::definition(), price_text, price);
    assert_eq!(report.output.unwrap(), "{name=tea, amount=1e+16}");
    assert_eq!(report.languages.len(), 2);
}
