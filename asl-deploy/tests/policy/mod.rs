//! One-Task machines and the policy statements expected of them, for the IAM tests.
#![allow(dead_code)] // each test file uses its own subset

use asl_deploy::iam_policy;
use serde_json::{json, Value};

/// A machine of one Task state `T` with this resource and Parameters.
pub fn task(resource: &str, parameters: Value) -> asl_model::StateMachine {
    asl_model::parse_value(&json!({
        "StartAt": "T",
        "States": {"T": {"Type": "Task", "Resource": resource, "Parameters": parameters, "End": true}}
    }))
    .unwrap()
}

pub fn statements(resource: &str, parameters: Value) -> Value {
    iam_policy(&task(resource, parameters))["Statement"].clone()
}

pub fn allow(actions: &[&str], resources: &[&str]) -> Value {
    json!({"Effect": "Allow", "Action": actions, "Resource": resources})
}
