//! Seeds 09–12: SQS, SNS and DynamoDB integrations and a forwarder.

use super::*;

// ---------------------------------------------------------------------------------- 09, 10

fn sqs_ok() -> impl FnMut(&Value) -> Result<Value, TaskError> {
    |p: &Value| match p["QueueUrl"].as_str() {
        Some("") | None => Err(TaskError::new(
            "SQS.InvalidAddressException",
            "The address  is not valid for this endpoint.",
        )),
        Some(_) => {
            Ok(json!({"MessageId": "q-1", "MD5OfMessageBody": "d41d8cd98f00b204e9800998ecf8427e"}))
        }
    }
}

#[test]
fn s09_sqs() {
    let mut ex = Executor::new(&seed("09-transaction-sqs.asl.json"))
        .resource("arn:aws:states:::sqs:sendMessage", sqs_ok());
    let run = ex.run(json!({"TransactionId": "abc", "Type": "PURCHASE"}));
    // As written, QueueUrl is "": the SendMessage call fails at BroadcastToSqs; the path is the same.
    assert_run(
        &run,
        Status::Failed,
        &["ProcessTransaction", "BroadcastToSqs"],
        None,
    );
    assert_eq!(
        run.calls[0].input,
        json!({"QueueUrl": "", "MessageBody": {"TransactionId": "abc", "Type": "PURCHASE"}})
    );
    let run = ex.run(json!({"TransactionId": "abc"}));
    assert_run(
        &run,
        Status::Failed,
        &["ProcessTransaction", "BroadcastToSqs"],
        None,
    );
    failed_with(&run, "States.Runtime");
}

#[test]
fn s09_sqs_with_a_queue() {
    let text = std::fs::read_to_string(
        harness::repo_root().join("tests/corpus/seeds/09-transaction-sqs.asl.json"),
    )
    .unwrap()
    .replace(
        "\"QueueUrl\": \"\"",
        "\"QueueUrl\": \"https://sqs.us-east-1.amazonaws.com/123456789012/transactions\"",
    );
    let m = asl_model::parse_str(&text).unwrap();
    let run = Executor::new(&m)
        .resource("arn:aws:states:::sqs:sendMessage", sqs_ok())
        .run(json!({"TransactionId": "abc", "Type": "PURCHASE"}));
    assert_run(
        &run,
        Status::Succeeded,
        &["ProcessTransaction", "BroadcastToSqs"],
        Some(json!({"MessageId": "q-1", "MD5OfMessageBody": "d41d8cd98f00b204e9800998ecf8427e"})),
    );
}

#[test]
fn s10_sns() {
    let mut ex = Executor::new(&seed("10-transaction-sns.asl.json")).resource(
        "arn:aws:states:::sns:publish",
        |p| {
            if p["TopicArn"] == "Replace Me!" {
                return Err(TaskError::new(
                    "SNS.InvalidParameterException",
                    "Invalid parameter: TopicArn",
                ));
            }
            Ok(json!({"MessageId": "n-1"}))
        },
    );
    let run = ex.run(json!({"TransactionId": "abc", "Type": "PURCHASE"}));
    assert_run(
        &run,
        Status::Failed,
        &["ProcessTransaction", "BroadcastToSns"],
        None,
    );
    failed_with(&run, "SNS.InvalidParameterException");
    assert_eq!(
        run.calls[0].input["Message"],
        json!({"TransactionId": "abc", "Type": "PURCHASE", "Source": "Step Functions!"})
    );
    let run = ex.run(json!({"Type": "REFUND"}));
    assert_run(
        &run,
        Status::Failed,
        &["ProcessTransaction", "BroadcastToSns"],
        None,
    );
    failed_with(&run, "States.Runtime");
}

// ---------------------------------------------------------------------------------- 11, 12

fn dynamodb_put(p: &Value) -> Result<Value, TaskError> {
    let items = p["Item"].as_object().cloned().unwrap_or_default();
    for (k, v) in items {
        if let Some(s) = v.get("S") {
            if !s.is_string() {
                return Err(TaskError::new(
                    "DynamoDB.AmazonDynamoDBException",
                    format!("{k}: the S value must be a string"),
                ));
            }
        }
    }
    Ok(json!({"SdkHttpMetadata": {"HttpStatusCode": 200}}))
}

fn client(entities: Value) -> Value {
    json!({"CLIENT_ID": "c-1", "CLIENT_NAME": "Acme", "SOURCE_IDENTIFIER": "crm",
           "CREATED_TIMESTAMP": "2019-05-23T10:00:00Z", "ENTITIES": entities})
}

#[test]
fn s11_put_item() {
    let mut ex = Executor::new(&seed("11-dynamodb-putitem-clients.asl.json"))
        .resource("arn:aws:states:::dynamodb:putItem", dynamodb_put);
    let input = client(json!({"L": "orders,invoices"}));
    let mut want = input.clone();
    want["DynamoDB"] = json!({"SdkHttpMetadata": {"HttpStatusCode": 200}});
    assert_run(&ex.run(input), Status::Succeeded, &["1st"], Some(want));
    let run = ex.run(client(json!({"L": [{"S": "orders"}]})));
    assert_run(&run, Status::Failed, &["1st"], None);
    failed_with(&run, "DynamoDB.AmazonDynamoDBException");
    let mut no_name = client(json!({"L": "x"}));
    no_name.as_object_mut().unwrap().remove("CLIENT_NAME");
    let run = ex.run(no_name);
    assert_run(&run, Status::Failed, &["1st"], None);
    failed_with(&run, "States.Runtime");
}

fn forwarder() -> Executor {
    Executor::new(&seed("12-dynamodb-getitem-to-sqs.asl.json"))
        .resource("arn:aws:states:::dynamodb:getItem", |p| {
            Ok(match p["Key"]["MessageId"]["S"].as_str() {
                Some("m-1") => {
                    json!({"Item": {"MessageId": {"S": "m-1"}, "Message": {"S": "hello"}}})
                }
                _ => json!({}),
            })
        })
        .resource("arn:aws:states:::sqs:sendMessage", |p| {
            Ok(json!({"MessageId": "q-1", "Body": p["MessageBody"]}))
        })
}

#[test]
fn s12_forward() {
    let run = forwarder().run(json!({"List": ["m-1", "m-2"]}));
    assert_run(
        &run,
        Status::Succeeded,
        &["Read Next Message from DynamoDB", "Send Message to SQS"],
        Some(json!({
            "List": ["m-1", "m-2"],
            "DynamoDB": {"Item": {"MessageId": {"S": "m-1"}, "Message": {"S": "hello"}}},
            "SQS": {"MessageId": "q-1", "Body": "hello"}
        })),
    );
}

#[test]
fn s12_no_item_and_empty_list() {
    let run = forwarder().run(json!({"List": ["m-9"]}));
    assert_run(
        &run,
        Status::Failed,
        &["Read Next Message from DynamoDB", "Send Message to SQS"],
        None,
    );
    failed_with(&run, "States.Runtime");
    let run = forwarder().run(json!({"List": []}));
    assert_run(
        &run,
        Status::Failed,
        &["Read Next Message from DynamoDB"],
        None,
    );
    failed_with(&run, "States.Runtime");
}
