//! `map(…)` and `Map::over(…)` / `Map::read(…)`: the exact `ir::Expr::Map`s and native runs.

use super::*;

#[test]
fn map_builds_a_map_over_a_place_with_the_item_shape() {
    let w = charge_all::workflow();
    assert_eq!(
        w.vars,
        vec![var("b", Orders::shape()), var("o", Order::shape())]
    );
    let charge_arg = call(
        charge::task(),
        Expr::Struct {
            shape: Charge::shape(),
            fields: vec![
                ("order".into(), at(1, &[])),
                ("tag".into(), at(0, &["tag"])),
            ],
        },
    );
    assert_eq!(
        w.body,
        vec![ret(map_expr(
            MapItems::Place(place(0, &["orders"])),
            1,
            vec![ret(charge_arg)],
            MapOptions::default()
        ))]
    );
}

#[test]
fn map_runs_natively_in_order() {
    runtime::reset();
    register_charge();
    let mut b = orders();
    b.orders.truncate(2);
    let receipts = runtime::run_native(|| charge_all(b)).unwrap();
    assert_eq!(
        receipts,
        vec![
            Receipt {
                id: "a".into(),
                tag: "t".into()
            },
            Receipt {
                id: "b".into(),
                tag: "t".into()
            }
        ]
    );
    // Without a tolerance, the first failing item fails the map with its own error.
    let failure = runtime::run_native(|| charge_all(orders())).unwrap_err();
    assert_eq!(
        failure,
        Failure {
            error: "TooMuch".into(),
            cause: "c".into()
        }
    );
}

#[test]
fn map_options_are_literals_in_map_options() {
    let w = charge_tolerantly::workflow();
    assert_eq!(
        w.vars,
        vec![
            var("b", Orders::shape()),
            var("o", Order::shape()),
            var("tag", Shape::Any)
        ]
    );
    let charge_arg = call(
        charge::task(),
        Expr::Struct {
            shape: Charge::shape(),
            fields: vec![("order".into(), at(1, &[])), ("tag".into(), at(2, &[]))],
        },
    );
    assert_eq!(
        w.body,
        vec![ret(map_expr(
            MapItems::Place(place(0, &["orders"])),
            1,
            vec![assign(2, at(0, &["tag"])), ret(charge_arg)],
            MapOptions {
                max_concurrency: Some(5),
                tolerated_failure_count: Some(1),
                tolerated_failure_percentage: Some(50.0),
                label: Some("Charge".into()),
                ..MapOptions::default()
            },
        ))]
    );
}

#[test]
fn tolerated_failures_leave_failing_items_out_until_the_threshold() {
    runtime::reset();
    register_charge();
    // One failure of three is tolerated: the failing item is left out, the rest in order.
    let receipts = runtime::run_native(|| charge_tolerantly(orders())).unwrap();
    assert_eq!(
        receipts.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    // Two failures are one too many.
    let mut b = orders();
    b.orders[0].amount = 1000;
    let failure = runtime::run_native(|| charge_tolerantly(b)).unwrap_err();
    assert_eq!(failure.error, "States.ExceedToleratedFailureThreshold");
    // The cause asl-local gives, naming the failure that went over the threshold.
    assert_eq!(
        failure.cause,
        "The Map state failed because 2 of 3 iterations failed, more than the tolerated failures allow (last error: TooMuch: c)."
    );
}

#[test]
fn a_handler_that_fails_the_run_stays_registered() {
    runtime::reset();
    register_charge();
    let mut b = orders();
    b.orders.truncate(1);
    b.orders[0].amount = 1000;
    for _ in 0..2 {
        let failure = runtime::run_native(|| charge_all(b.clone())).unwrap_err();
        assert_eq!(
            (failure.error.as_str(), failure.cause.as_str()),
            ("TooMuch", "a")
        );
    }
}

#[test]
fn a_distributed_map_reads_its_items_with_an_item_reader() {
    let w = object_sizes::workflow();
    assert_eq!(w.vars[1], var("object", S3Object::shape()));
    assert_eq!(
        w.body,
        vec![ret(map_expr(
            MapItems::Reader(ReaderSpec {
                resource: "arn:aws:states:::s3:listObjectsV2".into(),
                parameters: Expr::Struct {
                    shape: Shape::Any,
                    fields: vec![
                        ("Bucket".into(), lit(json!("my-bucket"))),
                        ("Prefix".into(), at(0, &["prefix"]))
                    ],
                },
                reader_config: None,
            }),
            1,
            vec![ret(at(1, &["size"]))],
            MapOptions {
                distributed: Some(Execution::Express),
                result_writer: Some(json!({"Bucket": "results", "Prefix": "sizes/"})),
                ..MapOptions::default()
            },
        ))]
    );
    // The item's shape gives the AWS names.
    assert_eq!(
        S3Object::shape().field("last_modified").map(|f| f.0),
        Some(vec!["LastModified".to_string()])
    );
}

#[test]
fn reader_items_come_from_the_handler_registered_under_the_resource() {
    runtime::reset();
    runtime::register_json("arn:aws:states:::s3:listObjectsV2", |params| {
        assert_eq!(params, json!({"Bucket": "my-bucket", "Prefix": "in/"}));
        Ok(json!([
            {"Key": "in/a", "Size": 3, "Etag": "e1", "LastModified": "2026-01-01T00:00:00Z"},
            {"Key": "in/b", "Size": 7, "Etag": "e2", "LastModified": "2026-01-02T00:00:00Z"}
        ]))
    });
    // With a ResultWriter the value says where the results went.
    let run = runtime::run_native(|| {
        object_sizes(Listing {
            prefix: "in/".into(),
        })
    })
    .unwrap();
    assert_eq!(run.result_writer_details.bucket, "results");
    assert!(run.result_writer_details.key.starts_with("sizes/"));
}

#[test]
fn a_csv_reader_has_its_reader_config_and_rows_as_maps() {
    let w = csv_rows::workflow();
    assert_eq!(w.vars[1], var("row", Shape::Map(Box::new(Shape::String))));
    let Stmt {
        kind: StmtKind::Return(Expr::Map(map)),
        ..
    } = &w.body[0]
    else {
        panic!("{:?}", w.body)
    };
    assert_eq!(
        map.items,
        MapItems::Reader(ReaderSpec {
            resource: "arn:aws:states:::s3:getObject".into(),
            parameters: Expr::Struct {
                shape: Shape::Any,
                fields: vec![
                    ("Bucket".into(), at(0, &["bucket"])),
                    ("Key".into(), lit(json!("rows.csv")))
                ],
            },
            reader_config: Some(json!({"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"})),
        })
    );
    assert_eq!(map.options.distributed, Some(Execution::Standard));

    runtime::reset();
    runtime::register_json("arn:aws:states:::s3:getObject", |_| {
        Ok(json!([{"a": "1", "b": "x"}, {"a": "2", "b": "y"}]))
    });
    runtime::register(
        "row_size",
        |row: std::collections::BTreeMap<String, String>| row["a"].parse::<u32>().unwrap_or(0),
    );
    let file = CsvFile {
        bucket: "b".into(),
        key: String::new(),
    };
    assert_eq!(runtime::run_native(|| csv_rows(file)), Ok(vec![1, 2]));
}

#[test]
fn batches_give_the_closure_a_batch_of_items() {
    let w = charge_in_batches::workflow();
    assert_eq!(w.vars[1], var("batch", Batch::<Order>::shape()));
    let Stmt {
        kind: StmtKind::Return(Expr::Map(map)),
        ..
    } = &w.body[0]
    else {
        panic!("{:?}", w.body)
    };
    assert_eq!(
        map.options.batch,
        Some(Batching {
            max_items: Some(2),
            max_input_bytes: None
        })
    );
    assert_eq!(
        Batch::<Order>::shape().field("items").map(|f| f.0),
        Some(vec!["Items".to_string()])
    );

    runtime::reset();
    runtime::register("charge_batch", |b: Batch<Order>| b.items.len() as u32);
    assert_eq!(
        runtime::run_native(|| charge_in_batches(orders())),
        Ok(vec![2, 1])
    );
    assert_eq!(
        runtime::take_calls()[0].input,
        json!({"Items": [{"id": "a", "amount": 5}, {"id": "b", "amount": 50}]})
    );
}

#[test]
fn the_map_item_is_in_the_context() {
    let w = indexed::workflow();
    let Stmt {
        kind: StmtKind::Return(Expr::Map(map)),
        ..
    } = &w.body[0]
    else {
        panic!("{:?}", w.body)
    };
    assert_eq!(
        map.body,
        vec![ret(Expr::Context(vec![
            "Map".into(),
            "Item".into(),
            "Index".into()
        ]))]
    );
    assert_eq!(runtime::run_native(|| indexed(orders())), Ok(vec![0, 1, 2]));
}
