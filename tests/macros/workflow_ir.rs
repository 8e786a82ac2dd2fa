//! `#[workflow]` bodies: the exact IR of statements, conditions, matches, loops, literals and tails.

use super::*;

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
                                    rhs: Rhs::Place(o(&["audit", "created_by"])),
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
            var("_p", Shape::Integer)
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
