//! The typed AWS service integrations (`asl::aws`) and the `#[task]` keys for the others
//! (`aws_sdk`, `http`, `sync`, `wait_for_task_token`): one small workflow each, its exact
//! ASL in `tests/golden/aws/<name>.asl.json` (`ASL_BLESS=1` rewrites them), no validator
//! errors, and `asl::testing::Env::check` runs with the integrations' typed mocks: the native
//! run and the asl-local runs of the ASL agree on output and task calls.

#[path = "../support/mod.rs"]
mod support;

mod runs;
pub mod workflows;

use asl::aws::http::{HttpInvoke, HttpResponse};
use asl::aws::{dynamodb, events, lambda, sns, sqs, states};
use asl::testing::{Env, Report};
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

/// The inputs of a checked run's task calls: natively, and as asl-local's resources saw
/// them (the effective Parameters; a `lambda:invoke` function its Payload).
fn call_inputs<T>(report: &Report<T>) -> (Vec<Value>, Vec<Value>) {
    let native = report.calls.iter().map(|c| c.input.clone()).collect();
    let asl = report
        .execution
        .calls
        .iter()
        .map(|c| c.input.clone())
        .collect();
    (native, asl)
}
