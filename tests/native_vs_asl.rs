//! Each example workflow run natively (the Rust fn, with task handlers registered) and run as
//! its emitted ASL in asl-local, with the same task results in the same order, must give the
//! same output and make the same task calls. ASL values may carry extra fields where a
//! variable was kept alongside another (`ResultPath: "$.x"`); typed readers ignore them, so
//! the native value must be contained in the ASL one.

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
            _ => {}
        }
    }
    for s in block {
        match &s.kind {
            StmtKind::Assign { value, .. } | StmtKind::AssignField { value, .. } | StmtKind::Eval(value) | StmtKind::Return(value) => expr(value, out),
            StmtKind::If { then, otherwise, .. } => {
                tasks(then, out);
                tasks(otherwise, out);
            }
            StmtKind::Match { arms, .. } => arms.iter().for_each(|a| tasks(&a.body, out)),
            StmtKind::Loop { body } => tasks(body, out),
            _ => {}
        }
    }
}

/// `small` is `big`, or an object whose every field is in `big` (recursively).
fn contained(small: &Value, big: &Value) -> bool {
    match (small, big) {
        // serde writes `None` as null; an absent field reads back as `None` too.
        (Value::Object(s), Value::Object(b)) => s.iter().all(|(k, v)| match b.get(k) {
            Some(w) => contained(v, w),
            None => v.is_null(),
        }),
        (Value::Array(s), Value::Array(b)) => s.len() == b.len() && s.iter().zip(b).all(|(x, y)| contained(x, y)),
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => small == big,
    }
}

fn check(name: &str, native: fn(Value) -> Result<Value, Failure>, input: Value, script: Vec<Value>) {
    let all = asl_examples::all();
    let (_, _, d) = all.iter().find(|(_, n, _)| *n == name).unwrap();
    let mut specs = Vec::new();
    tasks(&d.workflow().body, &mut specs);

    asl::runtime::reset();
    let queue = Rc::new(RefCell::new(VecDeque::from(script.clone())));
    for spec in &specs {
        let q = queue.clone();
        let task = spec.name.clone();
        asl::runtime::register_json(&spec.name, move |_| {
            q.borrow_mut().pop_front().ok_or_else(|| Failure { error: "Script.Exhausted".into(), cause: format!("no result left for {task}") })
        });
    }
    let native_result = native(input.clone());
    let native_calls = asl::runtime::take_calls();

    let machine = d.state_machine().unwrap();
    let asl_queue = Rc::new(RefCell::new(VecDeque::from(script)));
    let run = Executor::new(&machine)
        .fallback(move |_| Outcome::ok(asl_queue.borrow_mut().pop_front().unwrap_or(Value::Null)))
        .run(input);

    match (&native_result, run.status) {
        (Ok(out), Status::Succeeded) => {
            let asl_out = run.output.clone().unwrap_or(Value::Null);
            assert!(contained(out, &asl_out), "{name}: native output {out} is not in the ASL output {asl_out}");
        }
        (Err(f), Status::Failed) => assert_eq!(Some(&f.error), run.error.as_ref(), "{name}: different errors"),
        (n, s) => panic!("{name}: native {n:?}, ASL {s:?} {:?} {:?}", run.error, run.cause),
    }
    assert_eq!(native_calls.len(), run.calls.len(), "{name}: different numbers of task calls");
    for (n, a) in native_calls.iter().zip(&run.calls) {
        let spec = specs.iter().find(|s| s.name == n.task).unwrap();
        let resource = match &spec.resource {
            asl::ir::TaskResource::Lambda(r) | asl::ir::TaskResource::Activity(r) | asl::ir::TaskResource::Arn(r) => r,
            // `{"Fn::GetAtt": [id, "Arn"]}` / `{"Ref": id}`: the call names the logical id.
            asl::ir::TaskResource::GetAtt(id) | asl::ir::TaskResource::Ref(id) => id,
        };
        assert!(a.resource.ends_with(resource.as_str()) || a.resource.contains(&format!("\"{resource}\"")), "{name}: native called {} ({resource}), ASL called {}", n.task, a.resource);
        assert!(contained(&n.input, &a.input), "{name}: {} got {} natively, {} in ASL", n.task, n.input, a.input);
    }
}

#[test]
fn coindesk() {
    let entry = json!({"date": 1483652400000i64, "price": "964.7425"});
    check("coindesk", |v| call(coindesk::update_feed, v), json!({}), vec![json!("{\"bpi\":{}}"), entry.clone(), entry]);
}

#[test]
fn batch_job_polls_until_done_and_fails_on_failure() {
    let req = json!({"jobName": "classify", "jobQueue": "heavy", "jobDefinition": "classifier:1"});
    let job = |s: &str| json!({"jobId": "j-1", "status": s});
    check("batch-job", |v| call(batch_job::batch_job, v), req.clone(), vec![json!({"jobId": "j-1"}), job("RUNNING"), job("RUNNING"), job("SUCCEEDED")]);
    check("batch-job", |v| call(batch_job::batch_job, v), req, vec![json!({"jobId": "j-1"}), job("FAILED")]);
}

#[test]
fn identity_workflows() {
    check("first-state", |v| call(first_state::first_state, v), json!({"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}}), vec![]);
    check("hello-world-pass", |v| call(hello_world_pass::hello_world, v), json!({"comment": "I am a great input !"}), vec![]);
}

#[test]
fn transaction_history() {
    check(
        "transaction-history",
        |v| call(transaction_history::transaction_history, v),
        json!({"TransactionId": "abc", "Type": "PURCHASE"}),
        vec![json!({}), json!({"authorized": true}), json!({"committed": true}), json!({"MessageId": "m-1"})],
    );
}

#[test]
fn hello_world_choice_takes_each_branch() {
    let g = |name: &str, ok: bool| json!({"hello": {"name": name, "success": ok}});
    let f = |v| call(hello_world_choice::hello_world_choice, v);
    check("hello-world-choice", f, json!({}), vec![g("Hadrian", true), g("Hadrian", true), g("Hadrian", true)]);
    check("hello-world-choice", f, json!({}), vec![g("Ada", true), g("Ada", true)]);
    check("hello-world-choice", f, json!({}), vec![g("Ada", false), g("Ada", false)]);
}

#[test]
fn transactions_by_kind() {
    let f = |v| call(transactions::transactions, v);
    let receipt = json!({"TransactionId": "abc", "status": "ok"});
    check("transactions", f, json!({"TransactionId": "abc", "TransactionType": "PURCHASE"}), vec![receipt.clone()]);
    check("transactions", f, json!({"TransactionId": "abc", "TransactionType": "REFUND"}), vec![receipt]);
}

#[test]
fn service_integrations() {
    let tx = json!({"TransactionId": "abc", "Type": "PURCHASE"});
    check("transaction-sqs", |v| call(transaction_sqs::transaction_sqs, v), tx.clone(), vec![json!({"MessageId": "m-1"})]);
    check("transaction-sns", |v| call(transaction_sns::transaction_sns, v), tx, vec![json!({"MessageId": "m-1"})]);
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
        vec![json!({"Item": {"Message": {"S": "hello"}}}), json!({"MessageId": "q-1"})],
    );
}

#[test]
fn loops() {
    let e = json!({"AutoScalingGroupName": "asg", "LifecycleHookName": "drain", "LifecycleActionToken": "t", "EC2InstanceId": "i-1"});
    check("ecs-drainer", |v| call(ecs_drainer::ecs_drainer, v), e, vec![json!({}), json!(3), json!(1), json!(0), json!({"done": true})]);
    let c = |offset: u32, more: bool| json!({"offset": offset, "continue": more});
    check(
        "fetch-loop",
        |v| call(fetch_loop::fetch_data_from_external_datasource, v),
        json!({}),
        vec![c(0, true), c(25, true), c(50, false), Value::Null],
    );
}
