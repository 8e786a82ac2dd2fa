//! Each example workflow run natively (the Rust fn, with task handlers registered) and run as
//! its emitted ASL in asl-local, with the same task results in the same order, must give the
//! same output and make the same task calls. ASL values may carry extra fields where a
//! variable was kept alongside another (`ResultPath: "$.x"`); typed readers ignore them, so
//! the native value must be contained in the ASL one.
#![allow(deprecated)] // string-keyed `register`, kept as a shim beside `asl::testing::Env`

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use asl::ir::{Block, Expr, StmtKind, TaskSpec};
use asl::Failure;
use asl_examples::*;
use asl_local::{Executor, Outcome, Status};
use serde::{de::DeserializeOwned, Serialize};
use serde_json::{json, Value};

fn call<I: DeserializeOwned, O: Serialize>(f: fn(I) -> O, input: Value) -> Result<Value, Failure> {
    let input: I = serde_json::from_value(input).expect("the test input fits the workflow's type");
    asl::runtime::run_native(|| f(input)).map(|o| serde_json::to_value(o).unwrap())
}

fn tasks(block: &Block, out: &mut Vec<TaskSpec>) {
    fn expr(e: &Expr, out: &mut Vec<TaskSpec>) {
        match e {
            Expr::Call(c) => {
                out.push(c.task.clone());
                if let Some(a) = &c.arg {
                    expr(a, out);
                }
            }
            Expr::Struct { fields, .. } => fields.iter().for_each(|(_, v)| expr(v, out)),
            Expr::Parallel(branches) => branches.iter().for_each(|b| tasks(b, out)),
            Expr::Map(m) => tasks(&m.body, out),
            _ => {}
        }
    }
    for s in block {
        match &s.kind {
            StmtKind::Assign { value, .. }
            | StmtKind::AssignField { value, .. }
            | StmtKind::Eval(value)
            | StmtKind::Return(value) => expr(value, out),
            StmtKind::If {
                then, otherwise, ..
            } => {
                tasks(then, out);
                tasks(otherwise, out);
            }
            StmtKind::Match { arms, .. } => arms.iter().for_each(|a| tasks(&a.body, out)),
            StmtKind::Loop { body } | StmtKind::For { body, .. } => tasks(body, out),
            StmtKind::Try {
                value,
                ok,
                catchers,
                ..
            } => {
                expr(value, out);
                tasks(ok, out);
                catchers.iter().for_each(|c| tasks(&c.body, out));
            }
            _ => {}
        }
    }
}

/// The value with the fields that carry context values (task token, the parent execution's
/// id), which differ between a native run and asl-local, blanked.
fn without_context(mut v: Value) -> Value {
    match &mut v {
        Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                *x = if k == "TaskToken" || k == "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID" {
                    json!("<context>")
                } else {
                    without_context(x.take())
                };
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| *x = without_context(x.take())),
        _ => {}
    }
    v
}

/// `small` is `big`, or an object whose every field is in `big` (recursively).
fn contained(small: &Value, big: &Value) -> bool {
    match (small, big) {
        // serde writes `None` as null; an absent field reads back as `None` too.
        (Value::Object(s), Value::Object(b)) => s.iter().all(|(k, v)| match b.get(k) {
            Some(w) => contained(v, w),
            None => v.is_null(),
        }),
        (Value::Array(s), Value::Array(b)) => {
            s.len() == b.len() && s.iter().zip(b).all(|(x, y)| contained(x, y))
        }
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => small == big,
    }
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

fn check(
    name: &str,
    native: fn(Value) -> Result<Value, Failure>,
    input: Value,
    script: Vec<Value>,
) {
    let all = asl_examples::all();
    let (_, _, d) = all.iter().find(|(_, n, _)| *n == name).unwrap();
    let mut specs = Vec::new();
    tasks(&d.workflow().body, &mut specs);

    asl::runtime::reset();
    let queue = Rc::new(RefCell::new(VecDeque::from(script.clone())));
    for spec in &specs {
        // An `asl::aws` integration runs natively under its action's name (`sns:publish`).
        for task in [Some(spec.name.as_str()), integration_name(spec)]
            .into_iter()
            .flatten()
        {
            let q = queue.clone();
            let task = task.to_string();
            asl::runtime::register_json(&task.clone(), move |_| {
                q.borrow_mut()
                    .pop_front()
                    .ok_or_else(|| Failure {
                        error: "Script.Exhausted".into(),
                        cause: format!("no result left for {task}"),
                    })
                    .and_then(scripted)
            });
        }
    }
    for reader in READERS {
        let q = queue.clone();
        asl::runtime::register_json(reader, move |_| {
            q.borrow_mut().pop_front().ok_or_else(|| Failure {
                error: "Script.Exhausted".into(),
                cause: "no items left".into(),
            })
        });
    }
    let native_result = native(input.clone());
    let native_calls = asl::runtime::take_calls();

    let machine = d.state_machine().unwrap();
    let asl_queue = Rc::new(RefCell::new(VecDeque::from(script)));
    let run = Executor::new(&machine)
        .fallback(move |_| {
            match scripted(asl_queue.borrow_mut().pop_front().unwrap_or(Value::Null)) {
                // asl-local wraps what a `lambda:invoke` function returns in the Invoke response
                // itself; the native handler returns the whole response.
                Ok(v) if v.get("StatusCode").is_some() && v.get("Payload").is_some() => {
                    Outcome::ok(v["Payload"].clone())
                }
                Ok(v) => Outcome::ok(v),
                Err(f) => Outcome::err(asl_local::TaskError::new(f.error, f.cause)),
            }
        })
        .run(input);

    match (&native_result, run.status) {
        (Ok(out), Status::Succeeded) => {
            let asl_out = run.output.clone().unwrap_or(Value::Null);
            assert!(
                contained(out, &asl_out),
                "{name}: native output {out} is not in the ASL output {asl_out}"
            );
        }
        (Err(f), Status::Failed) => assert_eq!(
            Some(&f.error),
            run.error.as_ref(),
            "{name}: different errors"
        ),
        (n, s) => panic!(
            "{name}: native {n:?}, ASL {s:?} {:?} {:?}",
            run.error, run.cause
        ),
    }
    assert_eq!(
        native_calls.len(),
        run.calls.len(),
        "{name}: different numbers of task calls"
    );
    for (n, a) in native_calls.iter().zip(&run.calls) {
        let Some(spec) = specs
            .iter()
            .find(|s| s.name == n.task || integration_name(s) == Some(n.task.as_str()))
        else {
            assert!(
                READERS.contains(&n.task.as_str()),
                "{name}: native called {}, which is no task of the workflow",
                n.task
            );
            assert_eq!(
                n.task, a.resource,
                "{name}: native read items with {}, ASL called {}",
                n.task, a.resource
            );
            continue;
        };
        let resource = match &spec.resource {
            asl::ir::TaskResource::Lambda(r)
            | asl::ir::TaskResource::Activity(r)
            | asl::ir::TaskResource::Arn(r) => r,
            // `{"Fn::GetAtt": [id, "Arn"]}` / `{"Ref": id}`: the call names the logical id.
            asl::ir::TaskResource::GetAtt(id) | asl::ir::TaskResource::Ref(id) => id,
        };
        // asl-local reports a `lambda:invoke` call by its FunctionName, with the Payload as input.
        let (native_input, resource) = if resource == "arn:aws:states:::lambda:invoke" {
            (
                n.input["Payload"].clone(),
                n.input["FunctionName"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string(),
            )
        } else {
            (n.input.clone(), resource.clone())
        };
        assert!(
            a.resource.ends_with(resource.as_str())
                || a.resource.contains(&format!("\"{resource}\"")),
            "{name}: native called {} ({resource}), ASL called {}",
            n.task,
            a.resource
        );
        let (native_input, asl_input) = (
            without_context(native_input),
            without_context(a.input.clone()),
        );
        assert!(
            contained(&native_input, &asl_input),
            "{name}: {} got {} natively, {} in ASL",
            n.task,
            native_input,
            asl_input
        );
    }
}

#[test]
fn coindesk() {
    let entry = json!({"date": 1483652400000i64, "price": "964.7425"});
    check(
        "coindesk",
        |v| call(coindesk::update_feed, v),
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
        |v| call(batch_job::batch_job, v),
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
        |v| call(batch_job::batch_job, v),
        req,
        vec![json!({"jobId": "j-1"}), job("FAILED")],
    );
}

#[test]
fn identity_workflows() {
    check(
        "first-state",
        |v| call(first_state::first_state, v),
        json!({"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}}),
        vec![],
    );
    check(
        "hello-world-pass",
        |v| call(hello_world_pass::hello_world, v),
        json!({"comment": "I am a great input !"}),
        vec![],
    );
}

#[test]
fn transaction_history() {
    check(
        "transaction-history",
        |v| call(transaction_history::transaction_history, v),
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
    let f = |v| call(hello_world_choice::hello_world_choice, v);
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
    let f = |v| call(transactions::transactions, v);
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
        |v| call(transaction_sqs::transaction_sqs, v),
        tx.clone(),
        vec![json!({"MessageId": "m-1", "MD5OfMessageBody": "0cc175b9c0f1b6a831c399e269772661"})],
    );
    check(
        "transaction-sns",
        |v| call(transaction_sns::transaction_sns, v),
        tx,
        vec![json!({"MessageId": "m-1"})],
    );
    check(
        "dynamodb-clients",
        |v| call(dynamodb_clients::put_clients, v),
        json!({"CLIENT_ID": "c-1", "CLIENT_NAME": "Acme", "SOURCE_IDENTIFIER": "crm", "CREATED_TIMESTAMP": "2019-05-23T10:00:00Z", "ENTITIES": {"L": "orders"}}),
        vec![json!({})],
    );
    check(
        "dynamodb-to-sqs",
        |v| call(dynamodb_to_sqs::forward_message, v),
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
        |v| call(ecs_drainer::ecs_drainer, v),
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
        |v| call(fetch_loop::fetch_data_from_external_datasource, v),
        json!({}),
        vec![c(0, true), c(25, true), c(50, false), Value::Null],
    );
}

#[test]
fn callback_pattern_notifies_success_or_failure() {
    let f = |v| call(callback_pattern::callback_pattern, v);
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
    let f = |v| call(job_poller::job_poller, v);
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
        |v| call(distributed_map_s3::distributed_map_s3, v),
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
        |v| call(nested_workflows::nested_workflows, v),
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
    let f = |v| call(travel_saga::travel_saga, v);
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
    let f = |v| call(map_messages::map_messages, v);
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
fn check_scripted<O: Serialize>(
    name: &str,
    native: impl FnOnce() -> O,
    input: Value,
    script: Script,
) -> (Result<Value, Failure>, asl_local::Execution) {
    asl::runtime::reset();
    for (task, _, outcomes) in &script {
        let mut queue: VecDeque<_> = outcomes.clone().into();
        let task = task.to_string();
        asl::runtime::register_json(&task.clone(), move |_| match queue.pop_front() {
            Some(Ok(v)) => Ok(v),
            Some(Err((error, cause))) => Err(Failure {
                error: error.into(),
                cause: cause.into(),
            }),
            None => Err(Failure {
                error: "Script.Exhausted".into(),
                cause: format!("no result left for {task}"),
            }),
        });
    }
    let native_result = asl::runtime::run_native(native).map(|o| serde_json::to_value(o).unwrap());
    let native_calls = asl::runtime::take_calls();

    let all = asl_examples::all();
    let (_, _, d) = all.iter().find(|(_, n, _)| *n == name).unwrap();
    let machine = d.state_machine().unwrap();
    let mut ex = Executor::new(&machine);
    for (_, key, outcomes) in script {
        let outcomes: Vec<Outcome> = outcomes
            .into_iter()
            .map(|o| match o {
                Ok(v) => Outcome::ok(v),
                Err((error, cause)) => asl_local::TaskError::new(error, cause).into(),
            })
            .collect();
        ex = ex.returns(key, outcomes);
    }
    let run = ex.run(input);
    match (&native_result, run.status) {
        (Ok(out), Status::Succeeded) => {
            let asl_out = run.output.clone().unwrap_or(Value::Null);
            assert!(
                contained(out, &asl_out),
                "{name}: native output {out} is not in the ASL output {asl_out}"
            );
        }
        // A Fail state without an Error has no error name; natively it is empty.
        (Err(f), Status::Failed) => {
            let some = |s: &String| (!s.is_empty()).then(|| s.clone());
            assert_eq!(
                (some(&f.error), some(&f.cause)),
                (run.error.clone(), run.cause.clone()),
                "{name}: different failures"
            )
        }
        (n, s) => panic!(
            "{name}: native {n:?}, ASL {s:?} {:?} {:?}",
            run.error, run.cause
        ),
    }
    let mut native_tasks: Vec<&str> = native_calls.iter().map(|c| c.task.as_str()).collect();
    let mut asl_tasks: Vec<String> = run.calls.iter().map(|c| c.resource.clone()).collect();
    native_tasks.sort();
    asl_tasks.sort();
    assert_eq!(
        native_tasks.len(),
        asl_tasks.len(),
        "{name}: native calls {native_tasks:?}, ASL calls {asl_tasks:?}"
    );
    (native_result, run)
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
