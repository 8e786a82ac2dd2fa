//! Each example workflow run natively (the Rust fn) and run as its emitted ASL in asl-local
//! by `asl::testing::Env::check`, one set of mocks serving both runs, with the same task
//! results in the same order, must give the same output and make the same task calls. ASL
//! values may carry extra fields where a variable was kept alongside another
//! (`ResultPath: "$.x"`); typed readers ignore them, so the native value must be contained
//! in the ASL one.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use asl::errors::WorkflowOutput;
use asl::ir::{walk_exprs, Expr, TaskSpec};
use asl::testing::{Env, Mock};
use asl::Failure;
use asl_examples::*;
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

fn definition(name: &str) -> asl::Definition {
    let all = asl_examples::all();
    let (_, _, d) = all.into_iter().find(|(_, n, _)| *n == name).unwrap();
    d
}

/// A scripted result: `{"$throw": {"Error", "Cause"}}` is a task failure.
fn scripted(v: Value) -> Result<Value, Failure> {
    match v.get("$throw") {
        Some(e) => Err(Failure {
            error: e["Error"].as_str().unwrap_or("").into(),
            cause: e["Cause"].as_str().unwrap_or("").into(),
        }),
        None => Ok(v),
    }
}

/// The native task name of an `asl::aws` integration: its resource after `arn:aws:states:::`.
fn integration_name(spec: &TaskSpec) -> Option<&str> {
    match &spec.resource {
        asl::ir::TaskResource::Arn(r) => r.strip_prefix("arn:aws:states:::"),
        _ => None,
    }
}

/// Item readers of distributed maps are not tasks of the IR; natively they are called by resource.
const READERS: &[&str] = &["arn:aws:states:::s3:listObjectsV2"];

/// Runs the workflow natively and as ASL with `Env::check`: every task of the workflow (an
/// `asl::aws` integration also under its action's name, `sns:publish`) and the item readers
/// answer from one script, in call order.
fn check<I, O>(name: &str, workflow: fn(I) -> O, input: Value, script: Vec<Value>)
where
    I: DeserializeOwned + Serialize,
    O: WorkflowOutput,
    O::Value: Serialize,
{
    let d = definition(name);
    let mut specs: Vec<TaskSpec> = Vec::new();
    walk_exprs(&d.workflow().body, &mut |e| {
        if let Expr::Call(c) = e {
            specs.push(c.task.clone());
        }
    });
    let queue = Rc::new(RefCell::new(VecDeque::from(script)));
    let mut env = Env::new();
    let names = specs
        .iter()
        .flat_map(|s| [Some(s.name.as_str()), integration_name(s)])
        .flatten()
        .chain(READERS.iter().copied());
    for task in names {
        let (q, task) = (queue.clone(), task.to_string());
        env = env.mock(Mock::json(task.clone(), move |_| {
            q.borrow_mut()
                .pop_front()
                .ok_or_else(|| Failure {
                    error: "Script.Exhausted".into(),
                    cause: format!("no result left for {task}"),
                })
                .and_then(scripted)
        }));
    }
    let input: I = serde_json::from_value(input).expect("the test input fits the workflow's type");
    env.check(d, workflow, input);
}

#[test]
fn coindesk() {
    let entry = json!({"date": 1483652400000i64, "price": "964.7425"});
    check(
        "coindesk",
        coindesk::update_feed,
        json!({}),
        vec![json!("{\"bpi\":{}}"), entry.clone(), entry],
    );
}

#[test]
fn batch_job_polls_until_done_and_fails_on_failure() {
    let req = json!({"jobName": "classify", "jobQueue": "heavy", "jobDefinition": "classifier:1"});
    let job = |s: &str| json!({"jobId": "j-1", "status": s});
    check(
        "batch-job",
        batch_job::batch_job,
        req.clone(),
        vec![
            json!({"jobId": "j-1"}),
            job("RUNNING"),
            job("RUNNING"),
            job("SUCCEEDED"),
        ],
    );
    check(
        "batch-job",
        batch_job::batch_job,
        req,
        vec![json!({"jobId": "j-1"}), job("FAILED")],
    );
}

#[test]
fn identity_workflows() {
    check(
        "first-state",
        first_state::first_state,
        json!({"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}}),
        vec![],
    );
    check(
        "hello-world-pass",
        hello_world_pass::hello_world,
        json!({"comment": "I am a great input !"}),
        vec![],
    );
}

#[test]
fn transaction_history() {
    check(
        "transaction-history",
        transaction_history::transaction_history,
        json!({"TransactionId": "abc", "Type": "PURCHASE"}),
        vec![
            json!({}),
            json!({"authorized": true}),
            json!({"committed": true}),
            json!({"MessageId": "m-1"}),
        ],
    );
}

#[test]
fn hello_world_choice_takes_each_branch() {
    let g = |name: &str, ok: bool| json!({"hello": {"name": name, "success": ok}});
    let f = hello_world_choice::hello_world_choice;
    check(
        "hello-world-choice",
        f,
        json!({}),
        vec![g("Hadrian", true), g("Hadrian", true), g("Hadrian", true)],
    );
    check(
        "hello-world-choice",
        f,
        json!({}),
        vec![g("Ada", true), g("Ada", true)],
    );
    check(
        "hello-world-choice",
        f,
        json!({}),
        vec![g("Ada", false), g("Ada", false)],
    );
}

#[test]
fn transactions_by_kind() {
    let f = transactions::transactions;
    let receipt = json!({"TransactionId": "abc", "status": "ok"});
    check(
        "transactions",
        f,
        json!({"TransactionId": "abc", "TransactionType": "PURCHASE"}),
        vec![receipt.clone()],
    );
    check(
        "transactions",
        f,
        json!({"TransactionId": "abc", "TransactionType": "REFUND"}),
        vec![receipt],
    );
}

#[test]
fn service_integrations() {
    let tx = json!({"TransactionId": "abc", "Type": "PURCHASE"});
    check(
        "transaction-sqs",
        transaction_sqs::transaction_sqs,
        tx.clone(),
        vec![json!({"MessageId": "m-1", "MD5OfMessageBody": "0cc175b9c0f1b6a831c399e269772661"})],
    );
    check(
        "transaction-sns",
        transaction_sns::transaction_sns,
        tx,
        vec![json!({"MessageId": "m-1"})],
    );
    check(
        "dynamodb-clients",
        dynamodb_clients::put_clients,
        json!({"CLIENT_ID": "c-1", "CLIENT_NAME": "Acme", "SOURCE_IDENTIFIER": "crm", "CREATED_TIMESTAMP": "2019-05-23T10:00:00Z", "ENTITIES": {"L": "orders"}}),
        vec![json!({})],
    );
    check(
        "dynamodb-to-sqs",
        dynamodb_to_sqs::forward_message,
        json!({"List": ["m-1"]}),
        vec![
            json!({"Item": {"Message": {"S": "hello"}}}),
            json!({"MessageId": "q-1"}),
        ],
    );
}

#[test]
fn loops() {
    let e = json!({"AutoScalingGroupName": "asg", "LifecycleHookName": "drain", "LifecycleActionToken": "t", "EC2InstanceId": "i-1"});
    check(
        "ecs-drainer",
        ecs_drainer::ecs_drainer,
        e,
        vec![
            json!({}),
            json!(3),
            json!(1),
            json!(0),
            json!({"done": true}),
        ],
    );
    let c = |offset: u32, more: bool| json!({"offset": offset, "continue": more});
    check(
        "fetch-loop",
        fetch_loop::fetch_data_from_external_datasource,
        json!({}),
        vec![c(0, true), c(25, true), c(50, false), Value::Null],
    );
}

#[test]
fn callback_pattern_notifies_success_or_failure() {
    let f = callback_pattern::callback_pattern;
    check(
        "callback-pattern",
        f,
        json!({}),
        vec![json!({"status": "done"}), json!({"MessageId": "m-1"})],
    );
    check(
        "callback-pattern",
        f,
        json!({}),
        vec![
            json!({"$throw": {"Error": "States.Timeout", "Cause": "no callback"}}),
            json!({"MessageId": "m-2"}),
        ],
    );
}

#[test]
fn job_poller_polls_until_done_or_failed() {
    let f = job_poller::job_poller;
    let job = json!({"jobName": "classify", "jobDefinition": "classifier:1", "jobQueue": "heavy", "wait_time": 30});
    let submitted = json!({"jobId": "j-1"});
    check(
        "job-poller",
        f,
        job.clone(),
        vec![
            submitted.clone(),
            json!("RUNNING"),
            json!("SUCCEEDED"),
            json!({"jobId": "j-1", "status": "SUCCEEDED"}),
        ],
    );
    check(
        "job-poller",
        f,
        job,
        vec![
            submitted,
            json!("STARTING"),
            json!("RUNNING"),
            json!("FAILED"),
        ],
    );
}

#[test]
fn distributed_map_processes_every_object() {
    let object = |key: &str| json!({"Key": key, "Size": 10, "Etag": "e", "LastModified": "2026-01-01T00:00:00Z"});
    let processed =
        |key: &str, n: u64| json!({"Payload": {"key": key, "records": n}, "StatusCode": 200});
    check(
        "distributed-map-s3",
        distributed_map_s3::distributed_map_s3,
        json!({"bucket": "amzn-s3-demo-bucket", "prefix": "in/"}),
        vec![
            json!([object("in/a"), object("in/b")]),
            processed("in/a", 1),
            processed("in/b", 2),
        ],
    );
}

#[test]
fn nested_workflows_start_three_children() {
    check(
        "nested-workflows",
        nested_workflows::nested_workflows,
        json!({"jobName": "classify", "jobDefinition": "classifier:1", "jobQueue": "heavy", "wait_time": 30}),
        vec![
            json!({"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:job-poller:a", "StartDate": 0}),
            json!({"Output": {"jobId": "j-2", "status": "SUCCEEDED"}, "Status": "SUCCEEDED", "ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:job-poller:b"}),
            json!({"status": "called back"}),
        ],
    );
}

#[test]
fn travel_saga_books_or_compensates_from_each_step() {
    let f = travel_saga::travel_saga;
    let trip = json!({"trip_id": "t-1", "depart_city": "Detroit", "depart_time": "10:00", "arrive_city": "Frankfurt",
        "arrive_time": "06:00", "rental": "BMW", "rental_from": "2026-01-02", "rental_to": "2026-01-09", "run_type": "x"});
    let ok = json!({"status": "ok"});
    let fails = json!({"$throw": {"Error": "Booking.Rejected", "Cause": "scripted"}});
    check("travel-saga", f, trip.clone(), vec![ok.clone(); 5]);
    // A failure at each of the five steps, then the compensations that step needs.
    for (failing, compensations) in [(0, 1), (1, 2), (2, 3), (3, 3), (4, 3)] {
        let mut script = vec![ok.clone(); failing];
        script.push(fails.clone());
        script.extend(vec![ok.clone(); compensations]);
        check("travel-saga", f, trip.clone(), script);
    }
}

#[test]
fn map_messages_processes_each_message_or_none() {
    let f = map_messages::map_messages;
    let message = |id: &str| json!({"MessageId": id, "ReceiptHandle": format!("rh-{id}"), "Body": format!("hello {id}")});
    let invoked = |payload: Value| json!({"Payload": payload, "StatusCode": 200});
    check(
        "map-messages",
        f,
        json!({}),
        vec![
            // One message: asl-local runs iterations concurrently, so a script for several
            // would be consumed in another order than the native run's.
            invoked(json!([message("m-1")])),
            json!({}),
            invoked(json!({})),
            json!({"MessageId": "n-1"}),
        ],
    );
    check("map-messages", f, json!({}), vec![invoked(Value::Null)]);
}

/// A task's scripted results: the fn name (native handler), the resource key (asl-local),
/// and its outcomes in call order (`Err((error, cause))` fails the call).
type Script = Vec<(
    &'static str,
    &'static str,
    Vec<Result<Value, (&'static str, &'static str)>>,
)>;

/// Like `check`, with results per task (so concurrent branches and map items may call in
/// any order) and failures.
fn check_scripted<O>(
    name: &str,
    native: impl FnOnce() -> O,
    input: Value,
    script: Script,
) -> (Result<Value, Failure>, asl_local::Execution)
where
    O: WorkflowOutput,
    O::Value: Serialize,
{
    let mut env = Env::new();
    // One mock per task serves both runs; asl-local needs no key of its own.
    for (task, _resource, outcomes) in script {
        let mut queue: VecDeque<_> = outcomes.into();
        env = env.mock(Mock::json(task, move |_| match queue.pop_front() {
            Some(Ok(v)) => Ok(v),
            Some(Err((error, cause))) => Err(Failure {
                error: error.into(),
                cause: cause.into(),
            }),
            None => Err(Failure {
                error: "Script.Exhausted".into(),
                cause: format!("no result left for {task}"),
            }),
        }));
    }
    let report = env.check(definition(name), |_: Value| native(), input);
    let output = report.output.map(|o| serde_json::to_value(o).unwrap());
    (output, report.execution)
}

#[test]
fn meetup_with_named_no_op_states() {
    let a = json!({"crystalClear": false});
    let (out, run) = check_scripted(
        "meetup",
        || meetup::meetup(serde_json::from_value(a.clone()).unwrap()),
        a.clone(),
        vec![],
    );
    assert_eq!(out.unwrap(), json!([a, a, a]));
    assert_eq!(run.transitions(), 8);
}

#[test]
fn fetch_pdfs_maps_each_item() {
    let r = json!({"pdfs": ["a.pdf", "b.pdf"]});
    let (out, run) = check_scripted(
        "fetch-pdfs",
        || fetch_pdfs::fetch_pdfs(serde_json::from_value(r.clone()).unwrap()),
        r.clone(),
        vec![
            (
                "generate_payload",
                "generatePayload",
                vec![Ok(json!({"payload": [{"url": "a.pdf"}, {"url": "b.pdf"}]}))],
            ),
            (
                "fetch_pdf",
                "fetchPDF",
                vec![Ok(json!({"key": "a"})), Ok(json!({"key": "b"}))],
            ),
            ("merge_pdfs", "mergePDFs", vec![Ok(json!({"key": "ab"}))]),
        ],
    );
    assert_eq!(out.unwrap(), json!({"key": "ab"}));
    // MergePDFs got the payload and the responses, in item order.
    let merge = run
        .calls
        .iter()
        .find(|c| c.resource.contains("mergePDFs"))
        .unwrap();
    assert_eq!(
        merge.input["responses"],
        json!([{"key": "a"}, {"key": "b"}])
    );
}

#[test]
fn etl_file_transfer_on_each_documented_path() {
    let activity = "arn:aws:states:us-west-2:123456789012:activity:file-transfer";
    let done = || Ok(json!({"message": "File Transfer Completed"}));
    let run = |status: Result<Value, (&'static str, &'static str)>,
               master: Result<Value, (&'static str, &'static str)>| {
        check_scripted(
            "etl-file-transfer",
            || etl_file_transfer::etl_orchestration(etl_file_transfer::Empty {}),
            json!({}),
            vec![
                ("file_transfer", activity, vec![done()]),
                ("transfer_master", "file-transfer-master", vec![master]),
                ("transfer_status", "file-transfer-status", vec![status]),
            ],
        )
    };
    let (out, exec) = run(Ok(json!({})), Ok(json!({})));
    assert_eq!(
        out.unwrap(),
        json!([
            "File Transfer Passed. Send SES emails etc to admin.",
            "FileTransferWorkerCheckFileStatusPassed."
        ])
    );
    assert_eq!(exec.transitions(), 8);
    // The status Lambda finds files left: the execution fails with the seed's cause.
    let (out, _) = run(
        Err((
            "NewToProcessedFileTransferIncompleteException",
            "files left",
        )),
        Ok(json!({})),
    );
    assert_eq!(out.unwrap_err().cause, "File Transfer Failed");
    // The master's error is ignored; the check still runs (and fails here).
    let (out, exec) = run(
        Err(("States.TaskFailed", "raw/ not empty")),
        Err(("AccessDeniedException", "denied")),
    );
    assert_eq!(out.unwrap_err().cause, "File Transfer Failed");
    assert!(exec
        .calls
        .iter()
        .any(|c| c.resource.ends_with("file-transfer-status")));
}

#[test]
#[should_panic(expected = "native and ASL runs of `hello-world` disagree: output $.comment")]
fn a_native_run_that_differs_from_the_asl_fails_the_check() {
    // `hello-world-pass`'s ASL against a fn that changes the comment.
    let input = json!({"comment": "I am a great input !"});
    let mut typed: hello_world_pass::Note = serde_json::from_value(input.clone()).unwrap();
    typed.comment.push('?');
    let _ = check_scripted(
        "hello-world-pass",
        || hello_world_pass::hello_world(typed),
        input,
        vec![],
    );
}
