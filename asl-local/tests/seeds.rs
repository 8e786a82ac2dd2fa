//! The seed workflows (shared/seed-workflows/README.md), run on the inputs and task results the
//! README documents; each test asserts the documented path, transitions, status and output.

mod harness;

use std::time::Duration;

use asl_local::{Execution, Executor, Outcome, Status, TaskError};
use harness::seed;
use serde_json::{json, Value};

fn assert_run(run: &Execution, status: Status, path: &[&str], output: Option<Value>) {
    assert_eq!(
        run.states_entered(),
        path,
        "path; error {:?} cause {:?}",
        run.error,
        run.cause
    );
    assert_eq!(run.transitions(), path.len());
    assert_eq!(run.status, status, "error {:?}: {:?}", run.error, run.cause);
    if let Some(out) = output {
        assert_eq!(run.output.as_ref(), Some(&out));
    }
}

fn failed_with(run: &Execution, error: &str) {
    assert_eq!(run.status, Status::Failed);
    assert_eq!(run.error.as_deref(), Some(error), "cause: {:?}", run.cause);
}

// ---------------------------------------------------------------------------------- 01

const FEED: &str =
    r#"{"time":{"updatedISO":"2017-01-05T09:00:00+00:00"},"bpi":{"USD":{"rate":"964.7425"}}}"#;

fn coindesk() -> Executor {
    Executor::new(&seed("01-coindesk-fetch-parse-persist.asl.json"))
}

#[test]
fn s01_fetch_parse_persist() {
    let entry = json!({"date": 1483652400000u64, "price": "964.7425"});
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let s2 = seen.clone();
    let mut ex = coindesk()
        .lambda("serverless-stepfunctions-dev-fetchFeed", |_| {
            Ok(json!(FEED))
        })
        .lambda("serverless-stepfunctions-dev-parseFeed", move |raw| {
            s2.borrow_mut().push(raw.clone());
            Ok(json!({"date": 1483652400000u64, "price": "964.7425"}))
        })
        .lambda("serverless-stepfunctions-dev-writeEntry", |e| Ok(e.clone()));
    let run = ex.run(json!({}));
    assert_run(
        &run,
        Status::Succeeded,
        &["Fetch", "Parse", "Persist"],
        Some(entry.clone()),
    );
    // The state between Fetch and Parse is a bare JSON string.
    assert_eq!(*seen.borrow(), vec![json!(FEED)]);
    assert_eq!(run.calls.len(), 3);
    assert_eq!(run.calls[2].input, entry);
}

#[test]
fn s01_fetch_fails() {
    let run = coindesk()
        .lambda("serverless-stepfunctions-dev-fetchFeed", |_| {
            Err(TaskError::new("HTTPError", "503 Service Unavailable"))
        })
        .run(json!({}));
    assert_run(&run, Status::Failed, &["Fetch"], None);
    failed_with(&run, "HTTPError");
    assert_eq!(run.cause.as_deref(), Some("503 Service Unavailable"));
}

#[test]
fn s01_persist_fails() {
    let run = coindesk()
        .returns("serverless-stepfunctions-dev-fetchFeed", [json!(FEED)])
        .returns(
            "serverless-stepfunctions-dev-parseFeed",
            [json!({"date": 1483652400000u64, "price": "964.7425"})],
        )
        .returns(
            "serverless-stepfunctions-dev-writeEntry",
            [TaskError::new(
                "ResourceNotFoundException",
                "Requested resource not found: PriceIndex",
            )],
        )
        .run(json!({}));
    assert_run(&run, Status::Failed, &["Fetch", "Parse", "Persist"], None);
    failed_with(&run, "ResourceNotFoundException");
}

// ---------------------------------------------------------------------------------- 02

/// 02 is invalid ASL (Catch on a Pass state). The README's paths assume an interpreter that ignores
/// the illegal Catch, which is what asl-local's engine does when given the parsed document.
#[test]
fn s02_meetup_not_clear() {
    let run =
        Executor::new(&seed("02-meetup.invalid.asl.json")).run(json!({"crystalClear": false}));
    assert_run(
        &run,
        Status::Succeeded,
        &[
            "Introduction",
            "Presentation",
            "Questions ?",
            "Have fun",
            "Have a beer",
            "Eat some pizza",
            "Network",
            "Return home and start building awesome stuff",
        ],
        Some(json!([{"crystalClear": false}, {"crystalClear": false}, {"crystalClear": false}])),
    );
}

#[test]
fn s02_meetup_loops_until_the_history_limit() {
    let run = Executor::new(&seed("02-meetup.invalid.asl.json")).run(json!({"crystalClear": true}));
    failed_with(&run, "States.Runtime");
    assert_eq!(
        run.cause.as_deref(),
        Some("The execution reached the maximum number of history events (25000).")
    );
    assert_eq!(run.history.len(), 25_000);
    assert_eq!(
        run.history.last().map(|e| e.event_type.as_str()),
        Some("ExecutionFailed")
    );
    // 1 ExecutionStarted + 2 events for each of 12,499 states = 24,999; event 25,000 fails it.
    assert_eq!(run.transitions(), 12_499);
    let path = run.states_entered();
    assert_eq!(
        &path[..6],
        [
            "Introduction",
            "Presentation",
            "Questions ?",
            "Answer",
            "Questions ?",
            "Answer"
        ]
    );
}

#[test]
fn s02_meetup_no_flag() {
    let run = Executor::new(&seed("02-meetup.invalid.asl.json")).run(json!({}));
    assert_run(
        &run,
        Status::Failed,
        &["Introduction", "Presentation", "Questions ?"],
        None,
    );
    failed_with(&run, "States.Runtime");
}

// ---------------------------------------------------------------------------------- 03, 05

#[test]
fn s03_first_state() {
    let mut ex = Executor::new(&seed("03-first-state-timeout.asl.json"));
    assert_run(
        &ex.run(json!({})),
        Status::Succeeded,
        &["FirstState"],
        Some(json!({})),
    );
    let input = json!({"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}});
    assert_run(
        &ex.run(input.clone()),
        Status::Succeeded,
        &["FirstState"],
        Some(input),
    );
}

#[test]
fn s05_hello_world_pass() {
    let mut ex = Executor::new(&seed("05-local-hello-world-pass.asl.json"));
    let input = json!({"comment": "I am a great input !"});
    assert_run(
        &ex.run(input.clone()),
        Status::Succeeded,
        &["HelloWorld"],
        Some(input),
    );
    assert_run(
        &ex.run(json!({})),
        Status::Succeeded,
        &["HelloWorld"],
        Some(json!({})),
    );
}

// ---------------------------------------------------------------------------------- 04

fn batch_poller(statuses: &[&str]) -> Execution {
    let results: Vec<Value> = statuses
        .iter()
        .map(|s| json!({"jobId": "j-1", "status": s}))
        .collect();
    Executor::new(&seed("04-batch-job-poller.asl.json"))
        .lambda("submitBatchJob", |_| Ok(json!({"jobId": "j-1"})))
        .returns("getBatchJobStatus", results)
        .run(json!({"jobName": "classify", "jobQueue": "heavy", "jobDefinition": "classifier:1"}))
}

#[test]
fn s04_succeeds_at_first_check() {
    let run = batch_poller(&["SUCCEEDED"]);
    assert_run(
        &run,
        Status::Succeeded,
        &[
            "SubmitJob",
            "WaitForJob",
            "GetJobStatus",
            "JobComplete?",
            "JobSucceeded",
        ],
        Some(json!({
            "jobName": "classify", "jobQueue": "heavy", "jobDefinition": "classifier:1",
            "job": {"jobId": "j-1", "status": "SUCCEEDED"}
        })),
    );
    assert_eq!(run.duration(), Duration::from_secs(30));
    // GetJobStatus's InputPath $.job: the Lambda gets only the job.
    assert_eq!(run.calls[1].input, json!({"jobId": "j-1"}));
}

#[test]
fn s04_succeeds_at_third_check() {
    let run = batch_poller(&["RUNNING", "RUNNING", "SUCCEEDED"]);
    let mut path = vec!["SubmitJob"];
    for _ in 0..3 {
        path.extend(["WaitForJob", "GetJobStatus", "JobComplete?"]);
    }
    path.push("JobSucceeded");
    assert_run(&run, Status::Succeeded, &path, None);
    assert_eq!(run.transitions(), 11); // 3k + 2
    assert_eq!(run.duration(), Duration::from_secs(90));
}

#[test]
fn s04_job_failed() {
    let run = batch_poller(&["FAILED"]);
    assert_run(
        &run,
        Status::Failed,
        &[
            "SubmitJob",
            "WaitForJob",
            "GetJobStatus",
            "JobComplete?",
            "JobFailed",
        ],
        None,
    );
    failed_with(&run, "BatchJobFailed");
    assert_eq!(run.cause.as_deref(), Some("AWS Batch job failed"));
}

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

// ---------------------------------------------------------------------------------- 13

fn fetch_pdfs(payload: Value) -> Execution {
    Executor::new(&seed("13-fetch-pdfs-map.asl.json"))
        .returns("generatePayload", [payload])
        .lambda("fetchPDF", |p| {
            Ok(json!({"key": format!("s3://pdfs/{}", p["url"].as_str().unwrap_or(""))}))
        })
        .lambda("mergePDFs", |b| Ok(b.clone()))
        .run(json!({"pdfs": []}))
}

#[test]
fn s13_three_pdfs() {
    let run =
        fetch_pdfs(json!({"payload": [{"url": "a.pdf"}, {"url": "b.pdf"}, {"url": "c.pdf"}]}));
    assert_run(
        &run,
        Status::Succeeded,
        &[
            "GeneratePayload",
            "FetchPDFs",
            "FetchPDF",
            "FetchPDF",
            "FetchPDF",
            "MergePDFs",
        ],
        Some(json!({
            "payload": [{"url": "a.pdf"}, {"url": "b.pdf"}, {"url": "c.pdf"}],
            "responses": [{"key": "s3://pdfs/a.pdf"}, {"key": "s3://pdfs/b.pdf"}, {"key": "s3://pdfs/c.pdf"}]
        })),
    );
}

#[test]
fn s13_no_pdfs() {
    let run = fetch_pdfs(json!({"payload": []}));
    assert_run(
        &run,
        Status::Succeeded,
        &["GeneratePayload", "FetchPDFs", "MergePDFs"],
        Some(json!({"payload": [], "responses": []})),
    );
}

#[test]
fn s13_twelve_pdfs_at_most_five_at_once() {
    let payload: Vec<Value> = (0..12)
        .map(|i| json!({"url": format!("p{i}.pdf")}))
        .collect();
    // Each fetch takes 10 s: with MaxConcurrency 5 the twelve run in three waves (5, 5, 2).
    let run = Executor::new(&seed("13-fetch-pdfs-map.asl.json"))
        .returns("generatePayload", [json!({"payload": payload})])
        .handler("fetchPDF", |c| {
            Outcome::ok(json!({"key": c.input["url"]})).taking(Duration::from_secs(10))
        })
        .lambda("mergePDFs", |b| Ok(b.clone()))
        .run(json!({"pdfs": []}));
    let mut path = vec!["GeneratePayload", "FetchPDFs"];
    path.extend(std::iter::repeat_n("FetchPDF", 12));
    path.push("MergePDFs");
    assert_run(&run, Status::Succeeded, &path, None);
    assert_eq!(run.transitions(), 15);
    assert_eq!(run.duration(), Duration::from_secs(30));
    let starts: Vec<i64> = run
        .calls
        .iter()
        .filter(|c| c.state == "FetchPDF")
        .map(|c| (c.time - run.start_time) / 1000)
        .collect();
    assert_eq!(starts, [0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 20, 20]);
    let keys: Vec<Value> = run.output.unwrap()["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].clone())
        .collect();
    assert_eq!(
        keys,
        (0..12)
            .map(|i| json!(format!("p{i}.pdf")))
            .collect::<Vec<_>>()
    );
}

#[test]
fn s13_no_payload() {
    let run = fetch_pdfs(json!({}));
    assert_run(
        &run,
        Status::Failed,
        &["GeneratePayload", "FetchPDFs"],
        None,
    );
    failed_with(&run, "States.Runtime");
}

// ---------------------------------------------------------------------------------- 14

fn drainer(counts: &[i64]) -> Execution {
    Executor::new(&seed("14-ecs-drainer.asl.json"))
        .lambda("ecs-drain-instance", |_| Ok(json!({"containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/0abc"})))
        .returns("ecs-count-running-tasks", counts.iter().map(|n| json!(n)).collect::<Vec<_>>())
        .lambda("ecs-complete-lifecycle-action", |e| Ok(e.clone()))
        .run(json!({"EC2InstanceId": "i-0abc", "AutoScalingGroupName": "ecs-asg", "LifecycleHookName": "drain",
                    "LifecycleActionToken": "tok-1", "Cluster": "prod"}))
}

#[test]
fn s14_drains() {
    for (counts, transitions) in [(&[0][..], 5), (&[3, 0][..], 8), (&[7, 4, 1, 0][..], 14)] {
        let run = drainer(counts);
        let mut path = vec!["DrainInstance"];
        for _ in counts {
            path.extend([
                "WaitForTasksToDrain",
                "CountRunningTasks",
                "InstanceDrained?",
            ]);
        }
        path.push("CompleteLifecycleAction");
        assert_run(
            &run,
            Status::Succeeded,
            &path,
            Some(
                json!({"EC2InstanceId": "i-0abc", "AutoScalingGroupName": "ecs-asg", "LifecycleHookName": "drain",
                        "LifecycleActionToken": "tok-1", "Cluster": "prod",
                        "drain": {"containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/0abc"},
                        "runningTasks": 0}),
            ),
        );
        assert_eq!(run.transitions(), transitions);
        assert_eq!(
            run.duration(),
            Duration::from_secs(30 * counts.len() as u64)
        );
    }
}

// ---------------------------------------------------------------------------------- 15

const PASSED: &str = "File Transfer Passed. Send SES emails etc to admin.";

#[test]
fn s15_transfer_complete() {
    // The status Lambda starts at t = 35 s (after the 5 s and 30 s Waits), runs 1 s and, as the
    // activity worker, sends task success: the activity completes at t = 36 s.
    let run = Executor::new(&seed("15-etl-file-transfer-parallel.asl.json"))
        .handler("file-transfer", |_| {
            Outcome::ok(json!({"message": "File Transfer Completed"}))
                .taking(Duration::from_secs(36))
        })
        .lambda("file-transfer-master", |_| Ok(json!({"moved": 3})))
        .lambda("file-transfer-status", |_| Ok(json!({"completed": true})))
        .duration("file-transfer-status", Duration::from_secs(1))
        .run(json!({}));
    assert_run(
        &run,
        Status::Succeeded,
        // Branches interleave in simulated-time order; within each branch the README's order holds.
        &[
            "PrepareFileTransfer",
            "InvokeFileTransferActivity",
            "WaitForFileTransferWorker",
            "InvokeFileTransferWorker",
            "FileTransferFileTransferWait",
            "FileTransferWorkerCheckFileStatus",
            "FileTransferPassed",
            "FileTransferWorkerCheckFileStatusPassed",
        ],
        Some(json!([PASSED, "FileTransferWorkerCheckFileStatusPassed."])),
    );
    assert_eq!(run.duration(), Duration::from_secs(36));
}

fn transfer_fails(master: Result<Value, TaskError>) -> Execution {
    Executor::new(&seed("15-etl-file-transfer-parallel.asl.json"))
        .handler("file-transfer", |_| Outcome::never()) // no worker polls the activity
        .returns("file-transfer-master", [master])
        .returns(
            "file-transfer-status",
            [TaskError::new(
                "NewToProcessedFileTransferIncompleteException",
                "files remain in raw/",
            )],
        )
        .run(json!({}))
}

const FAILED_PATH: [&str; 7] = [
    "PrepareFileTransfer",
    "InvokeFileTransferActivity",
    "WaitForFileTransferWorker",
    "InvokeFileTransferWorker",
    "FileTransferFileTransferWait",
    "FileTransferWorkerCheckFileStatus",
    "FileTransferWorkerCheckFileStatusFailed",
];

#[test]
fn s15_status_incomplete() {
    let run = transfer_fails(Ok(json!({"moved": 3})));
    assert_run(&run, Status::Failed, &FAILED_PATH, None);
    assert_eq!(run.error, None);
    assert_eq!(run.cause.as_deref(), Some("File Transfer Failed"));
    // The activity branch is stopped.
    assert_eq!(
        harness::count(&run, asl_local::EventType::TaskStateAborted),
        1
    );
    assert_eq!(run.duration(), Duration::from_secs(35));
}

#[test]
fn s15_master_access_denied() {
    let run = transfer_fails(Err(TaskError::new(
        "AccessDeniedException",
        "not authorized to perform s3:CopyObject",
    )));
    assert_run(&run, Status::Failed, &FAILED_PATH, None);
    assert_eq!(run.cause.as_deref(), Some("File Transfer Failed"));
    // The caught error output replaced the state, and the status Lambda got it.
    assert_eq!(
        run.calls.last().map(|c| c.input.clone()),
        Some(
            json!({"Error": "AccessDeniedException", "Cause": "not authorized to perform s3:CopyObject"})
        )
    );
}

// ---------------------------------------------------------------------------------- 16

const ELIDED: &str = "arn:aws:lambda:......";

fn datasource(results: Vec<Value>) -> Execution {
    Executor::new(&seed("16-fetch-external-datasource-loop.asl.json"))
        .returns(ELIDED, results)
        .run(json!({}))
}

fn pages(p: usize) -> Vec<Value> {
    let mut r = vec![json!({"offset": 0, "continue": true})];
    for i in 0..p {
        r.push(json!({"offset": 25 * (i + 1), "continue": true}));
    }
    r.push(json!({"offset": 25 * (p + 1), "continue": false}));
    r.push(Value::Null);
    r
}

#[test]
fn s16_loops() {
    for (p, transitions) in [(0usize, 4usize), (2, 8), (40, 84)] {
        let run = datasource(pages(p));
        let mut path = vec!["Initialize"];
        for _ in 0..=p {
            path.extend(["Fetch", "PersistOrContinue"]);
        }
        path.push("Persist");
        assert_run(&run, Status::Succeeded, &path, Some(Value::Null));
        assert_eq!(run.transitions(), transitions);
    }
}

#[test]
fn s16_continue_missing_or_not_boolean() {
    let run = datasource(vec![
        json!({"offset": 0, "continue": true}),
        json!({"offset": 25}),
    ]);
    assert_run(
        &run,
        Status::Failed,
        &["Initialize", "Fetch", "PersistOrContinue"],
        None,
    );
    failed_with(&run, "States.Runtime");
    let run = datasource(vec![
        json!({"offset": 0, "continue": true}),
        json!({"offset": 25, "continue": "no"}),
    ]);
    assert_run(
        &run,
        Status::Failed,
        &["Initialize", "Fetch", "PersistOrContinue"],
        None,
    );
    failed_with(&run, "States.NoChoiceMatched");
}
