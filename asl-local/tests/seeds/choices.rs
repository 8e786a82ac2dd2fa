//! Seeds 06–08: Choice-driven pipelines (a transaction pipeline, hello world by name, transaction types).

use super::*;

// ---------------------------------------------------------------------------------- 06

fn transaction_pipeline() -> Executor {
    Executor::new(&seed("06-transaction-history-pipeline.asl.json"))
        .resource("arn:aws:states:::dynamodb:putItem", |p| {
            assert_eq!(p["TableName"], "TransactionHistory");
            Ok(json!({}))
        })
        .resource("arn:aws:states:::sns:publish", |p| {
            assert_eq!(p["Message"]["Status"], "SUCCESS");
            Ok(json!({"MessageId": "m-1"}))
        })
}

#[test]
fn s06_authorized() {
    let run = transaction_pipeline()
        .lambda("authorize-credentials", |_| Ok(json!({"authorized": true})))
        .lambda("commit-transaction", |_| Ok(json!({"committed": true})))
        .run(json!({"TransactionId": "abc", "Type": "PURCHASE"}));
    assert_run(
        &run,
        Status::Succeeded,
        &[
            "StoreRequestInHistory",
            "AuthorizeCredentials",
            "CommitTransaction",
            "BroadcastSuccess",
        ],
        Some(json!({"MessageId": "m-1"})),
    );
    assert_eq!(
        run.calls[0].input,
        json!({"TableName": "TransactionHistory", "Item": {"TransactionId": {"S": "abc"}, "Type": {"S": "PURCHASE"}}})
    );
    assert_eq!(
        run.calls[2].input,
        json!({"TransactionId": "abc", "Type": "PURCHASE", "authorization": {"authorized": true}})
    );
    assert_eq!(
        run.calls[3].input,
        json!({"TopicArn": "arn:aws:sns:us-east-1:123456789012:transaction-events",
               "Message": {"TransactionId": "abc", "Type": "PURCHASE", "Status": "SUCCESS"}})
    );
}

#[test]
fn s06_unauthorized() {
    let run = transaction_pipeline()
        .lambda("authorize-credentials", |_| {
            Err(TaskError::new("Unauthorized", "credentials rejected"))
        })
        .run(json!({"TransactionId": "abc", "Type": "PURCHASE"}));
    assert_run(
        &run,
        Status::Failed,
        &["StoreRequestInHistory", "AuthorizeCredentials"],
        None,
    );
    failed_with(&run, "Unauthorized");
}

#[test]
fn s06_missing_type() {
    let run = transaction_pipeline().run(json!({"TransactionId": "abc"}));
    assert_run(&run, Status::Failed, &["StoreRequestInHistory"], None);
    failed_with(&run, "States.Runtime");
    assert_eq!(
        run.cause.as_deref(),
        Some("The JSONPath '$.Type' specified for the field 'S.$' could not be found in the input '{\"TransactionId\":\"abc\"}'")
    );
    assert!(run.calls.is_empty());
}

// ---------------------------------------------------------------------------------- 07

fn hello_world(world: Value) -> Execution {
    Executor::new(&seed("07-hello-world-choice.asl.json"))
        .lambda("hello", |_| Ok(json!({"message": "hello"})))
        .returns("world", [world])
        .lambda("fromUsername", |h| {
            Ok(json!({"greeting": format!("Hello {}", h["hello"]["name"].as_str().unwrap_or(""))}))
        })
        .run(json!({}))
}

#[test]
fn s07_hadrian() {
    let run = hello_world(json!({"hello": {"name": "Hadrian"}}));
    assert_run(
        &run,
        Status::Succeeded,
        &["Hello", "World", "ChoiceState", "WaitState", "Greeting"],
        Some(json!({"greeting": "Hello Hadrian"})),
    );
    assert_eq!(run.duration(), Duration::from_secs(5));
}

#[test]
fn s07_ada_success() {
    let world = json!({"hello": {"name": "Ada", "success": true}});
    let run = hello_world(world.clone());
    assert_run(
        &run,
        Status::Succeeded,
        &["Hello", "World", "ChoiceState", "SucceedState"],
        Some(world),
    );
}

#[test]
fn s07_ada_failure() {
    let run = hello_world(json!({"hello": {"name": "Ada", "success": false}}));
    assert_run(
        &run,
        Status::Failed,
        &["Hello", "World", "ChoiceState", "FailedState"],
        None,
    );
    assert_eq!((run.error.as_deref(), run.cause.as_deref()), (None, None));
}

#[test]
fn s07_no_name_is_a_runtime_error() {
    let run = hello_world(json!({"hello": {"success": true}}));
    assert_run(
        &run,
        Status::Failed,
        &["Hello", "World", "ChoiceState"],
        None,
    );
    failed_with(&run, "States.Runtime");
    assert_eq!(
        run.cause.as_deref(),
        Some("Invalid path '$.hello.name': The choice state's condition path references an invalid value.")
    );
}

// ---------------------------------------------------------------------------------- 08

fn transaction_type(input: Value) -> Execution {
    Executor::new(&seed("08-transaction-type-choice.asl.json"))
        .lambda("FUNCTION_NAME", |t| {
            let kind = t["TransactionType"].as_str().unwrap_or("");
            Ok(json!({
                "TransactionType": kind,
                "Timestamp": "2019-05-23 10-00-00",
                "Message": format!("Hello from process {} lambda", kind.to_lowercase()),
            }))
        })
        .run(input)
}

#[test]
fn s08_purchase_and_refund() {
    let run = transaction_type(json!({"TransactionType": "PURCHASE"}));
    assert_run(
        &run,
        Status::Succeeded,
        &["ProcessTransaction", "ProcessPurchase"],
        Some(
            json!({"TransactionType": "PURCHASE", "Timestamp": "2019-05-23 10-00-00", "Message": "Hello from process purchase lambda"}),
        ),
    );
    let run = transaction_type(json!({"TransactionType": "REFUND"}));
    assert_run(
        &run,
        Status::Succeeded,
        &["ProcessTransaction", "ProcessRefund"],
        None,
    );
}

#[test]
fn s08_seed_input_and_wrong_case() {
    let run = transaction_type(json!({"Transaction Type": "Purchase"}));
    assert_run(&run, Status::Failed, &["ProcessTransaction"], None);
    failed_with(&run, "States.Runtime");
    let run = transaction_type(json!({"TransactionType": "Purchase"}));
    assert_run(&run, Status::Failed, &["ProcessTransaction"], None);
    failed_with(&run, "States.NoChoiceMatched");
}
