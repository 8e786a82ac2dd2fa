//! `#[derive(Payload)]`: the exact `Shape`s, honouring `#[serde(…)]` (rename, skip, flatten, tagging, newtypes, recursion).

use super::*;

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
                    data: Some(Shape::Tuple(vec![Shape::Integer, Shape::String])),
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

#[test]
fn newtype_tuple_unit_transparent_generic_into_and_custom_serializers() {
    assert_eq!(OrderId::shape(), Shape::String);
    assert_eq!(
        Point::shape(),
        Shape::Tuple(vec![Shape::Number, Shape::Number])
    );
    assert_eq!(Marker::shape(), Shape::Unit);
    assert_eq!(Wrapped::shape(), Shape::Array(Box::new(Shape::Integer)));
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
