//! `#[task(lambda = "charge", timeout = 30)] #[retry(errors = ["States.Timeout"], …)]`, called once.

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let receipt = obj(vec![field("ok", Shape::Bool)]);
    let mut charge = task("charge", order(), receipt.clone());
    charge.timeout_seconds = Some(30);
    charge.retry = vec![
        RetryPolicy {
            errors: vec!["States.Timeout".into()],
            interval_seconds: Some(2),
            max_attempts: Some(3),
            backoff_rate: Some(2.0),
            max_delay_seconds: Some(20),
            jitter_full: Some(true),
        },
        RetryPolicy {
            errors: vec!["States.ALL".into()],
            interval_seconds: None,
            max_attempts: Some(1),
            backoff_rate: None,
            max_delay_seconds: None,
            jitter_full: None,
        },
    ];
    workflow_of(
        "retry",
        vec![("o", order())],
        receipt,
        vec![StmtKind::Return(call(&charge, at(0, &[])))],
    )
}
