//! Intrinsic functions as values (`format!`, `vec!`, `a + 1`, `x.len()`, `hash`, …): the exact IR and native runs.

use super::*;

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
fn intrinsics_run_alike_in_both_runs() {
    let report = Env::new().check(labels::definition(), labels, orders());
    assert_eq!(
        report.output.unwrap(),
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
    // The UUID, the random number and the execution's name fixed alike for both runs.
    let uuid = "0b0c5e9a-2f43-4d2a-9c1e-6a7f00000001";
    let mut env = Env::new()
        .uuids([uuid])
        .random_values([0.5])
        .execution_name("native");
    let report = env.check(computed::definition(), computed, orders());
    assert_eq!(report.languages.len(), 2);
    let out = env.run_workflow(|| computed(orders())).unwrap();
    assert_eq!(out.id, uuid);
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
    assert_eq!(out.dice, 4);
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

#[test]
fn split_splits_on_each_delimiter_character_in_both_languages() {
    let cases: [(&str, &str, &[&str], &[&str]); 7] = [
        ("", ",", &[], &[]),
        (
            "a.b]c\\d^e-f",
            ".]\\^-",
            &["a", "b", "c", "d", "e", "f"],
            &["a", "b", "c", "d", "e", "f"],
        ),
        ("..a]]b--", ",.", &["a", "b"], &["a]]b--"]),
        ("-a-", "", &["a"], &["-a-"]),
        ("x", "x", &["x"], &[]),
        ("a b,c", " ,", &["a b,c"], &["a", "b", "c"]),
        ("^", "^^", &[], &[]),
    ];
    for (text, delimiters, special, given) in cases {
        let case = SplitCase {
            text: text.into(),
            delimiters: delimiters.into(),
        };
        let report = Env::new().check(split_both::definition(), split_both, case);
        assert_eq!(report.languages.len(), 2);
        assert_eq!(
            report.output.unwrap(),
            Splits {
                special: special.iter().map(|s| s.to_string()).collect(),
                given: given.iter().map(|s| s.to_string()).collect(),
            },
            "{text:?} by {delimiters:?}"
        );
    }
}
