//! Step Functions itself: nested executions (`states:startExecution`, with `.sync` /
//! `.sync:2` polling and the managed EventBridge rule) and HTTP Tasks (`http:invoke`).

use serde_json::{json, Value};

use super::fields::field_at;
use super::{field, Field, Grants, Integration, Pattern};

const EXECUTION_RULE: &str = "StepFunctionsGetEventsForStepFunctionsExecutionRule";

pub(crate) fn grant(
    grants: &mut Grants,
    integration: &Integration,
    payload: Option<&Value>,
) -> bool {
    match (integration.service, integration.action) {
        ("states", "startExecution") => start_execution(grants, integration, payload),
        ("http", "invoke") => http_invoke(grants, payload),
        _ => return false,
    }
    true
}

fn start_execution(grants: &mut Grants, integration: &Integration, payload: Option<&Value>) {
    let machine = match field(payload, "StateMachineArn") {
        Field::Literal(arn) => Some(arn),
        Field::Dynamic => {
            grants.note("StateMachineArn is chosen at run time: states:StartExecution on *");
            None
        }
        Field::Missing => {
            grants.note("states:startExecution without StateMachineArn: on *");
            None
        }
    };
    let start = machine.clone().unwrap_or_else(|| "*".into());
    grants.allow(&["states:StartExecution"], &[start]);
    if integration.pattern == Pattern::Sync {
        let executions = match machine.as_deref().and_then(execution_arns) {
            Some(e) => e,
            None => grants.options.arn("states", "execution:*"),
        };
        grants.allow(
            &["states:DescribeExecution", "states:StopExecution"],
            &[executions],
        );
        let rule = grants.options.managed_rule(EXECUTION_RULE);
        grants.allow(
            &["events:DescribeRule", "events:PutRule", "events:PutTargets"],
            &[rule],
        );
    }
}

/// `arn:P:states:R:A:stateMachine:NAME[:QUALIFIER]` → `arn:P:states:R:A:execution:NAME:*`.
fn execution_arns(machine: &str) -> Option<String> {
    let parts: Vec<&str> = machine.split(':').collect();
    if parts.len() < 7 || parts[0] != "arn" || parts[2] != "states" || parts[5] != "stateMachine" {
        return None;
    }
    Some(format!(
        "arn:{}:states:{}:{}:execution:{}:*",
        parts[1], parts[3], parts[4], parts[6]
    ))
}

fn http_invoke(grants: &mut Grants, payload: Option<&Value>) {
    let mut string_equals = serde_json::Map::new();
    let mut string_like = serde_json::Map::new();
    match field(payload, "Method") {
        Field::Literal(m) => {
            string_equals.insert("states:HTTPMethod".into(), json!(m));
        }
        _ => grants.note("Method is chosen at run time: the policy does not limit the HTTP method"),
    }
    match field(payload, "ApiEndpoint") {
        Field::Literal(e) => {
            string_like.insert("states:HTTPEndpoint".into(), json!(e));
        }
        _ => {
            grants.note("ApiEndpoint is chosen at run time: the policy does not limit the endpoint")
        }
    }
    let mut condition = serde_json::Map::new();
    if !string_equals.is_empty() {
        condition.insert("StringEquals".into(), Value::Object(string_equals));
    }
    if !string_like.is_empty() {
        condition.insert("StringLike".into(), Value::Object(string_like));
    }
    let condition = (!condition.is_empty()).then_some(Value::Object(condition));
    let (machine, _) = grants.own_machine();
    grants.allow_if(&["states:InvokeHTTPEndpoint"], &[machine], condition);

    let (connection, secret) = match field_at(payload, &["Authentication", "ConnectionArn"]) {
        Field::Literal(arn) => {
            let secret = connection_secret(&arn).unwrap_or_else(|| {
                grants
                    .options
                    .arn("secretsmanager", "secret:events!connection/*")
            });
            (arn, secret)
        }
        _ => {
            grants.note(
                "Authentication.ConnectionArn is not a literal: the connection and its secret are *",
            );
            (
                grants.options.arn("events", "connection/*"),
                grants
                    .options
                    .arn("secretsmanager", "secret:events!connection/*"),
            )
        }
    };
    grants.allow(&["events:RetrieveConnectionCredentials"], &[connection]);
    grants.allow(
        &[
            "secretsmanager:DescribeSecret",
            "secretsmanager:GetSecretValue",
        ],
        &[secret],
    );
}

/// The Secrets Manager secret EventBridge keeps for a connection:
/// `arn:P:events:R:A:connection/NAME/ID` → `arn:P:secretsmanager:R:A:secret:events!connection/NAME/*`.
fn connection_secret(connection: &str) -> Option<String> {
    let parts: Vec<&str> = connection.splitn(6, ':').collect();
    if parts.len() != 6 || parts[0] != "arn" || parts[2] != "events" {
        return None;
    }
    let name = parts[5].strip_prefix("connection/")?.split('/').next()?;
    Some(format!(
        "arn:{}:secretsmanager:{}:{}:secret:events!connection/{name}/*",
        parts[1], parts[3], parts[4]
    ))
}
