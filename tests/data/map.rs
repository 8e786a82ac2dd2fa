//! `map(…)` and `Map::over(…)` / `Map::read(…)`: the exact `ir::Expr::Map`s, and runs
//! natively and in asl-local that agree.

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
fn map_runs_in_order_in_both_runs() {
    let mut b = orders();
    b.orders.truncate(2);
    let report = Env::new()
        .mock(charge_mock())
        .check(charge_all::definition(), charge_all, b);
    assert_eq!(
        report.output,
        Ok(vec![
            Receipt {
                id: "a".into(),
                tag: "t".into()
            },
            Receipt {
                id: "b".into(),
                tag: "t".into()
            }
        ])
    );
    // Without a tolerance, the first failing item fails the map with its own error.
    let report =
        Env::new()
            .mock(charge_mock())
            .check(charge_all::definition(), charge_all, orders());
    assert_eq!(
        report.output.unwrap_err(),
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
    let mut env = Env::new().mock(charge_mock());
    // One failure of three is tolerated: natively the failing item is left out, the rest in
    // order. Native only: in asl-local the failed iteration's result
    // is its error object, `[a, b, {"Error": "TooMuch", …}]`, a known disagreement.
    let receipts = env.run_workflow(|| charge_tolerantly(orders())).unwrap();
    assert_eq!(
        receipts.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    // Two failures are one too many.
    let mut b = orders();
    b.orders[0].amount = 1000;
    let report = env.check(charge_tolerantly::definition(), charge_tolerantly, b);
    let failure = report.output.unwrap_err();
    assert_eq!(failure.error, "States.ExceedToleratedFailureThreshold");
    // The cause asl-local gives, naming the failure that went over the threshold.
    assert_eq!(
        failure.cause,
        "The Map state failed because 2 of 3 iterations failed, more than the tolerated failures allow (last error: TooMuch: c)."
    );
}

#[test]
fn a_mock_that_fails_the_run_stays_in_its_environment() {
    let mut env = Env::new().mock(charge_mock());
    let mut b = orders();
    b.orders.truncate(1);
    b.orders[0].amount = 1000;
    for _ in 0..2 {
        let report = env.check(charge_all::definition(), charge_all, b.clone());
        let failure = report.output.unwrap_err();
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
fn reader_items_come_from_the_mock_of_the_readers_resource() {
    let mut env = Env::new().mock(Mock::json("arn:aws:states:::s3:listObjectsV2", |params| {
        assert_eq!(params, json!({"Bucket": "my-bucket", "Prefix": "in/"}));
        Ok(json!([
            {"Key": "in/a", "Size": 3, "Etag": "e1", "LastModified": "2026-01-01T00:00:00Z"},
            {"Key": "in/b", "Size": 7, "Etag": "e2", "LastModified": "2026-01-02T00:00:00Z"}
        ]))
    }));
    let listing = Listing {
        prefix: "in/".into(),
    };
    // With a ResultWriter the value says where the results went. Native only: the Map Run's
    // ARN and the manifest's key are asl-local's own in the ASL run.
    let run = env.run_workflow(|| object_sizes(listing.clone())).unwrap();
    assert_eq!(run.result_writer_details.bucket, "results");
    assert!(run.result_writer_details.key.starts_with("sizes/"));
    assert_eq!(env.calls().len(), 1);
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

    let file = CsvFile {
        bucket: "b".into(),
        key: String::new(),
    };
    let report = Env::new()
        .mock(Mock::json("arn:aws:states:::s3:getObject", |_| {
            Ok(json!([{"a": "1", "b": "x"}, {"a": "2", "b": "y"}]))
        }))
        .mock(row_size::mock(
            |row: std::collections::BTreeMap<String, String>| row["a"].parse::<u32>().unwrap_or(0),
        ))
        .check(csv_rows::definition(), csv_rows, file);
    assert_eq!(report.output, Ok(vec![1, 2]));
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

    let mut env = Env::new().mock(charge_batch::mock(|b: Batch<Order>| b.items.len() as u32));
    let report = env.check(charge_in_batches::definition(), charge_in_batches, orders());
    assert_eq!(report.output, Ok(vec![2, 1]));
    assert_eq!(
        env.calls()[0].input,
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
    let report = Env::new().check(indexed::definition(), indexed, orders());
    assert_eq!(report.output, Ok(vec![0, 1, 2]));
}
