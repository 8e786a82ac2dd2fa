//! One small workflow per language construct, with its exact ASL in
//! `tests/golden/constructs/<name>.asl.json` (`ASL_BLESS=1` rewrites them), and each run
//! natively and in asl-local (`asl::testing::Env::check`) on inputs that take every branch:
//! same output, same task calls.
#![allow(clippy::needless_return)]
#![allow(clippy::manual_is_multiple_of)] // `is_multiple_of` is Rust 1.87; the workspace's MSRV is 1.80

mod support;

use asl::errors::WorkflowOutput;
use asl::prelude::*;
use asl::testing::{Env, Mock};
use asl::{Failure, QueryLanguage, Timestamp};
use serde_json::{json, Value};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Order {
    pub id: String,
    pub amount: f64,
    pub count: u32,
    pub vip: bool,
    #[serde(rename = "placedAt")]
    pub placed_at: Timestamp,
    pub note: Option<String>,
    pub kind: Kind,
    pub delay: u64,
    pub status: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    Purchase,
    Refund,
    GiftCard,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Charge {
    #[serde(rename = "orderId")]
    pub order_id: String,
    pub cents: f64,
    pub channel: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Cursor {
    pub page: u32,
    pub more: bool,
    pub skip: bool,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:charge")]
pub fn charge(c: Charge) -> Order;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:review")]
pub fn review(o: Order) -> Order;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:notify")]
pub fn notify(o: Order) -> Order;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:check")]
pub fn check(o: Order) -> String;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:page")]
pub fn next_page(c: Cursor) -> Cursor;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:process")]
pub fn process(c: Cursor) -> Cursor;

/// A sequence, `let`, a struct literal as a task's input, a value kept across calls.
#[workflow]
pub fn sequence(o: Order) -> Order {
    let charged = charge(Charge {
        order_id: o.id.clone(),
        cents: o.amount,
        channel: "web".to_string(),
    });
    let reviewed = review(o);
    let chosen = if charged.vip { charged } else { reviewed };
    notify(chosen)
}

/// A workflow another one calls: its deployed ARN is given.
#[workflow(
    name = "review-flow",
    arn = "arn:aws:states:us-east-1:123456789012:stateMachine:review-flow"
)]
pub fn review_flow(o: Order) -> Order {
    review(o)
}

/// Calling another workflow: a nested execution (`states:startExecution.sync:2`) whose
/// `Output` is the typed value; kept beside the input, and as the tail.
#[workflow]
pub fn nested(o: Order) -> Order {
    let reviewed = review_flow(o.clone());
    if reviewed.vip {
        notify(reviewed)
    } else {
        review_flow(o)
    }
}

/// `if` / `else if` / `else` on numbers: one Choice with a rule per condition.
#[workflow]
pub fn numbers(o: Order) -> Order {
    if o.amount > 1000.0 {
        review(o)
    } else if o.count >= 10 {
        notify(o)
    } else {
        o
    }
}

/// Strings, booleans, `&&`, `||`, `!`, and comparing two fields.
#[workflow]
pub fn logic(o: Order) -> Order {
    if o.id == "special" && !o.vip || o.status != o.id {
        return review(o);
    }
    o
}

/// Timestamps compare with `Timestamp…` operators; `Option` with `is_some`/`is_none`.
#[workflow]
pub fn timestamps_and_options(o: Order) -> Order {
    if o.placed_at < Timestamp::from("2026-01-01T00:00:00Z") {
        return review(o);
    }
    if o.note.is_some() {
        return notify(o);
    }
    o
}

/// `match` on an enum (serde's variant names); the last arm is the Default.
#[workflow]
pub fn match_enum(o: Order) -> Order {
    match o.kind {
        Kind::Purchase => charge(Charge {
            order_id: o.id,
            cents: o.amount,
            channel: "shop".to_string(),
        }),
        Kind::Refund | Kind::GiftCard => review(o),
    }
}

/// `match` on string literals and on numeric ranges, with `_`.
#[workflow]
pub fn match_literals(o: Order) -> Order {
    match o.status.as_str() {
        "new" => return review(o),
        "held" | "late" => fail!("OrderHeld", "the order is on hold"),
        _ => {}
    }
    match o.count {
        0 => fail!("EmptyOrder"),
        1..=9 => notify(o),
        _ => review(o),
    }
}

/// `while` with `continue` and reassignment: the loop's Choice is its head.
#[workflow]
pub fn while_loop(c: Cursor) -> Cursor {
    let mut c = c;
    while c.more {
        c = next_page(c);
        if c.skip {
            continue;
        }
        c = process(c);
    }
    c
}

/// `sleep` for a literal, a field, and until a literal or a field timestamp.
#[workflow]
pub fn sleeps(o: Order) -> Order {
    sleep(Duration::from_secs(5));
    sleep(o.delay);
    sleep_until("2025-03-14T01:59:00Z");
    sleep_until(o.placed_at.clone());
    o
}

/// Early return, and `fail!` with a cause read from the payload.
#[workflow]
pub fn early_return_and_fail(o: Order) -> Order {
    if o.vip {
        return o;
    }
    if o.amount < 0.0 {
        fail!("NegativeAmount", o.status);
    }
    notify(o)
}

/// A task result stored into a field of the input: `ResultPath` on that field.
#[workflow]
pub fn field_assignment(o: Order) -> Order {
    let mut o = o;
    o.status = check(o.clone());
    o
}

/// `parallel!`: one Parallel state with a branch per argument (a block is a chain of its
/// own, with its own variables); the value is a tuple, read as `results.0`, `results.1`.
#[workflow]
pub fn parallel(o: Order) -> Order {
    let results = parallel!(check(o.clone()), {
        let reviewed = review(o.clone());
        notify(reviewed)
    });
    if results.1.vip {
        return results.1;
    }
    charge(Charge {
        order_id: results.0,
        cents: o.amount,
        channel: "parallel".to_string(),
    })
}

/// `parallel!` as the workflow's value (the Parallel state ends the machine); a branch's
/// own variable that must sit beside the input gets a field of its own in the branch.
#[workflow]
pub fn parallel_tail(o: Order) -> (String, Order) {
    parallel!(check(o.clone()), {
        let reviewed = review(o.clone());
        if reviewed.vip {
            notify(o)
        } else {
            reviewed
        }
    })
}

fn definitions() -> Vec<(&'static str, asl::Definition)> {
    vec![
        ("sequence", sequence::definition()),
        ("numbers", numbers::definition()),
        ("logic", logic::definition()),
        (
            "timestamps_and_options",
            timestamps_and_options::definition(),
        ),
        ("match_enum", match_enum::definition()),
        ("match_literals", match_literals::definition()),
        ("while_loop", while_loop::definition()),
        ("sleeps", sleeps::definition()),
        ("early_return_and_fail", early_return_and_fail::definition()),
        ("field_assignment", field_assignment::definition()),
        ("parallel", parallel::definition()),
        ("parallel_tail", parallel_tail::definition()),
        ("nested", nested::definition()),
    ]
}

#[test]
fn every_construct_matches_its_golden_asl() {
    support::check_goldens("constructs", definitions(), "constructs");
}

fn order(patch: Value) -> Value {
    let mut o = json!({"id": "o-1", "amount": 50.0, "count": 3, "vip": false, "placedAt": "2026-06-01T00:00:00Z",
                       "note": null, "kind": "PURCHASE", "delay": 2, "status": "o-1"});
    for (k, v) in patch.as_object().unwrap() {
        o[k] = v.clone();
    }
    o
}

/// What every task does, natively and in asl-local: deterministic, from its input.
fn task_result(task: &str, input: &Value) -> Value {
    match task {
        "charge" => order(
            json!({"id": input["orderId"], "amount": input["cents"], "status": "charged", "vip": true}),
        ),
        "check" => json!(format!("checked-{}", input["id"].as_str().unwrap_or(""))),
        "page" => {
            let page = input["page"].as_u64().unwrap_or(0) + 1;
            json!({"page": page, "more": page < 4, "skip": page % 2 == 0})
        }
        "process" => json!({"page": input["page"], "more": input["more"], "skip": false}),
        other => {
            let mut o = input.clone();
            o["status"] = json!(other);
            o
        }
    }
}

/// Checks `name` with `Env::check`: the native run and the ASL, in both query languages, agree
/// on the output (or the error and cause) and the task calls, every task answering by
/// [`task_result`].
fn run_both<I, O>(name: &str, f: fn(I) -> O, input: Value)
where
    I: serde::de::DeserializeOwned + Serialize,
    O: WorkflowOutput,
    O::Value: Serialize,
{
    let mut env = Env::new();
    for task in [
        "charge",
        "review",
        "notify",
        "check",
        "next_page",
        "process",
    ] {
        let key = if task == "next_page" { "page" } else { task };
        env = env.mock(Mock::json(task, move |v| Ok(task_result(key, &v))));
    }
    let (_, d) = definitions().into_iter().find(|(n, _)| *n == name).unwrap();
    let typed: I = serde_json::from_value(input).unwrap();
    let report = env.check(d, f, typed);
    assert_eq!(
        report.languages,
        [QueryLanguage::JsonPath, QueryLanguage::Jsonata],
        "{name}"
    );
}

#[test]
fn native_and_asl_agree_on_every_branch() {
    for patch in [
        json!({}),
        json!({"vip": true}),
        json!({"amount": 2000.0}),
        json!({"count": 12}),
    ] {
        run_both("sequence", sequence, order(patch.clone()));
        run_both("numbers", numbers, order(patch));
    }
    for patch in [
        json!({}),
        json!({"id": "special"}),
        json!({"id": "special", "status": "special"}),
        json!({"id": "special", "status": "special", "vip": true}),
    ] {
        run_both("logic", logic, order(patch));
    }
    for patch in [
        json!({}),
        json!({"placedAt": "2025-12-31T23:59:59Z"}),
        json!({"note": "fragile"}),
    ] {
        run_both(
            "timestamps_and_options",
            timestamps_and_options,
            order(patch),
        );
    }
    for kind in ["PURCHASE", "REFUND", "GIFT_CARD"] {
        run_both("match_enum", match_enum, order(json!({"kind": kind})));
    }
    for patch in [
        json!({"status": "new"}),
        json!({"status": "held"}),
        json!({"status": "late"}),
        json!({"status": "x", "count": 0}),
        json!({"status": "x", "count": 9}),
        json!({"status": "x", "count": 10}),
    ] {
        run_both("match_literals", match_literals, order(patch));
    }
    run_both(
        "while_loop",
        while_loop,
        json!({"page": 0, "more": true, "skip": false}),
    );
    run_both(
        "while_loop",
        while_loop,
        json!({"page": 0, "more": false, "skip": false}),
    );
    run_both(
        "sleeps",
        sleeps,
        order(json!({"placedAt": "2025-06-01T00:00:00Z"})),
    );
    for patch in [
        json!({"vip": true}),
        json!({"amount": -1.0, "status": "refund pending"}),
        json!({}),
    ] {
        run_both("early_return_and_fail", early_return_and_fail, order(patch));
    }
    run_both("field_assignment", field_assignment, order(json!({})));
    for patch in [json!({}), json!({"vip": true})] {
        run_both("parallel", parallel, order(patch.clone()));
        run_both("parallel_tail", parallel_tail, order(patch));
    }
}

/// The nested execution's `Output` is the call's value: natively the child fn runs inline;
/// in the ASL run the `startExecution.sync:2` task runs the child's ASL with the same mocks.
#[test]
fn a_nested_workflow_call_reads_the_child_output() {
    let report = Env::new()
        .mock(review::mock(|mut o: Order| {
            o.status = "review".into();
            o.vip = true;
            o
        }))
        .mock(notify::mock(|mut o: Order| {
            o.status = "notify".into();
            o
        }))
        .nested_workflow(review_flow::definition())
        .check(
            nested::definition(),
            nested,
            serde_json::from_value(order(json!({}))).unwrap(),
        );
    let out = report.output.unwrap();
    assert_eq!((out.status.as_str(), out.vip), ("notify", true));
    let tasks: Vec<&str> = report.calls.iter().map(|c| c.task.as_str()).collect();
    assert_eq!(tasks, ["review", "notify"]);
    assert_eq!(
        report.execution.calls[0].input["StateMachineArn"],
        json!("arn:aws:states:us-east-1:123456789012:stateMachine:review-flow")
    );
}

/// A failing child: as in Step Functions, the parent's `startExecution.sync:2` Task fails with
/// `States.TaskFailed` and the child's description as the cause, natively too (the child fn
/// runs inline as a child execution).
#[test]
fn a_failed_child_fails_the_parent_alike() {
    let report = Env::new()
        .mock(Mock::json("review", |_| {
            Err(Failure {
                error: "Review.Rejected".into(),
                cause: "no reviewer".into(),
            })
        }))
        .nested_workflow(review_flow::definition())
        .check(
            nested::definition(),
            nested,
            serde_json::from_value(order(json!({}))).unwrap(),
        );
    assert_eq!(
        report.output.unwrap_err(),
        Failure {
            error: "States.TaskFailed".into(),
            cause: r#"{"Status":"FAILED","StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:review-flow","Error":"Review.Rejected","Cause":"no reviewer"}"#.into(),
        }
    );
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Job {
    pub id: String,
    pub max_seconds: u64,
    pub beat: u64,
}

#[task(activity = "arn:aws:states:us-east-1:123456789012:activity:work", timeout = job.max_seconds, heartbeat = job.beat)]
pub fn work(job: Job) -> Job;

/// Timeout and heartbeat read from the task's input: `TimeoutSecondsPath`, `HeartbeatSecondsPath`.
#[workflow]
pub fn timeouts_from_input(job: Job) -> Job {
    work(job)
}

#[test]
fn timeouts_read_from_the_input_are_paths() {
    let json: Value =
        serde_json::from_str(&timeouts_from_input::definition().to_json().unwrap()).unwrap();
    assert_eq!(
        json["States"]["Work"],
        json!({"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:work",
               "TimeoutSecondsPath": "$.max_seconds", "HeartbeatSecondsPath": "$.beat", "End": true})
    );
}

/// The timeout and heartbeat read from the input hold natively as asl-local reads them from
/// the paths: a mock slower than `max_seconds`, or silent for longer than `beat`, times out.
#[test]
fn timeouts_read_from_the_input_trip_in_both_runs() {
    let job = Job {
        id: "j-1".into(),
        max_seconds: 30,
        beat: 10,
    };
    let check = |mock: Mock| {
        Env::new()
            .mock(mock)
            .check(
                timeouts_from_input::definition(),
                timeouts_from_input,
                job.clone(),
            )
            .output
            .map_err(|f| (f.error, f.cause))
    };
    let working = |secs| work::mock(|j: Job| j).taking(std::time::Duration::from_secs(secs));
    let beating = |secs| working(secs).heartbeat_every(std::time::Duration::from_secs(5));
    assert_eq!(check(beating(30)), Ok(job.clone()));
    assert_eq!(
        check(beating(31)),
        Err((
            "States.Timeout".to_string(),
            "The task ran longer than 30 s (TimeoutSeconds).".to_string()
        ))
    );
    assert_eq!(check(working(11)).unwrap_err().0, "States.HeartbeatTimeout");
}

/// `#[state(name = "…")]` on a match arm names the arm's first state.
#[workflow]
pub fn named_arms(o: Order) -> Order {
    match o.kind {
        #[state(name = "Review purchase")]
        Kind::Purchase => review(o),
        #[state(name = "Notify about the rest")]
        _ => notify(o),
    }
}

#[test]
fn a_named_arm_names_its_first_state() {
    let json: Value = serde_json::from_str(&named_arms::definition().to_json().unwrap()).unwrap();
    let names: Vec<&String> = json["States"].as_object().unwrap().keys().collect();
    assert_eq!(
        names,
        ["MatchKind", "Review purchase", "Notify about the rest"]
    );
}

const CHANNEL: &str = "web";
const BULK: u32 = 10;

/// Constants are literals of the state machine, read when the IR is built.
#[workflow]
pub fn constants(o: Order) -> Order {
    if o.count >= BULK {
        charge(Charge {
            order_id: o.id.clone(),
            cents: o.amount,
            channel: CHANNEL.to_string(),
        })
    } else {
        o
    }
}

#[test]
fn constants_are_literals() {
    let json: Value = serde_json::from_str(&constants::definition().to_json().unwrap()).unwrap();
    assert_eq!(
        json["States"]["IfCount"]["Choices"][0]["NumericGreaterThanEquals"],
        json!(10)
    );
    assert_eq!(
        json["States"]["Charge"]["Parameters"]["channel"],
        json!("web")
    );
}
