//! The typed AWS service integrations (`asl::aws`) and the `#[task]` keys for the others
//! (`aws_sdk`, `http`, `sync`, `wait_for_task_token`): one small workflow each, its exact
//! ASL in `tests/golden/aws/<name>.asl.json` (`ASL_BLESS=1` rewrites them), no validator
//! errors, and native runs with handlers registered under the integrations' task names
//! agreeing with asl-local runs of the ASL.
#![allow(deprecated)] // string-keyed `register`, kept as a shim beside `asl::testing::Env`

#[path = "../support/mod.rs"]
mod support;

mod runs;
pub mod workflows;

use asl::aws::http::{HttpInvoke, HttpResponse};
use asl::aws::{dynamodb, events, lambda, sns, sqs, states};
use asl_local::{Executor, Status};
use serde_json::{json, Value};
use workflows::*;

fn definitions() -> Vec<(&'static str, asl::Definition)> {
    vec![
        ("lambda_invoke", lambda_invoke::definition()),
        ("lambda_invoke_literal", lambda_invoke_literal::definition()),
        ("sqs_send_message", sqs_send_message::definition()),
        (
            "sqs_wait_for_task_token",
            sqs_wait_for_task_token::definition(),
        ),
        ("sns_publish", sns_publish::definition()),
        ("dynamodb_put_item", dynamodb_put_item::definition()),
        ("dynamodb_get_item", dynamodb_get_item::definition()),
        ("dynamodb_update_item", dynamodb_update_item::definition()),
        ("dynamodb_delete_item", dynamodb_delete_item::definition()),
        ("events_put_events", events_put_events::definition()),
        (
            "states_start_execution",
            states_start_execution::definition(),
        ),
        (
            "states_start_execution_sync",
            states_start_execution_sync::definition(),
        ),
        ("aws_sdk_task", aws_sdk_task::definition()),
        ("http_invoke", http_invoke::definition()),
        ("sync_and_callback", sync_and_callback::definition()),
        ("placeholders", placeholders::definition()),
    ]
}

#[test]
fn every_integration_matches_its_golden_asl_and_validates() {
    support::check_goldens("aws", definitions(), "aws");
}

fn order() -> Order {
    Order {
        id: "o-1".into(),
        amount: 12.5,
        customer_email: "a@example.com".into(),
        total: "12.5".into(),
    }
}

/// A scripted task: its result from the effective Parameters.
type Handler = fn(&Value) -> Value;

/// Runs `name` in asl-local with `handlers` (resource → result from the effective
/// Parameters) and returns its output; panics unless it succeeds.
fn run_asl(name: &str, input: &Order, handlers: Vec<(&str, Handler)>) -> (Value, Vec<Value>) {
    let (_, d) = definitions().into_iter().find(|(n, _)| *n == name).unwrap();
    let machine = d.state_machine().unwrap();
    let mut ex = Executor::new(&machine);
    for (resource, f) in handlers {
        ex = if resource.starts_with("arn:") || resource.starts_with("${") {
            ex.resource(resource, move |v| Ok(f(v)))
        } else {
            ex.lambda(resource, move |v| Ok(f(v)))
        };
    }
    let run = ex.run(serde_json::to_value(input).unwrap());
    assert_eq!(
        run.status,
        Status::Succeeded,
        "{name}: {:?} {:?}",
        run.error,
        run.cause
    );
    let inputs = run.calls.iter().map(|c| c.input.clone()).collect();
    (run.output.clone().unwrap(), inputs)
}

/// The native run's task inputs, in order.
fn native_inputs() -> Vec<Value> {
    asl::runtime::take_calls()
        .into_iter()
        .map(|c| c.input)
        .collect()
}

fn receipt_for(charge_payload: &Value) -> Value {
    json!({"receiptId": format!("r-{}", charge_payload["orderId"].as_str().or(charge_payload["id"].as_str()).unwrap_or("")), "approved": true})
}
