//! The serverless-step-functions back end: a `stepFunctions:` block for serverless.yml.

use serde_json::{json, Map, Value};

use crate::{Definition, EmitError};

/// Settings of the generated serverless document.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerlessOptions {
    /// `validate: true` makes the plugin check definitions at package time.
    pub validate: bool,
    /// Write each machine's least-privilege statements as `iamRoleStatements` (default on):
    /// the plugin's own inference misses what `Parameters`/`Arguments` name. Skipped for a
    /// machine whose `extra` sets a `role` (the plugin allows only one of the two).
    pub iam_role_statements: bool,
    /// Extra keys per state machine (e.g. `events`), by state machine name.
    pub extra: Map<String, Value>,
}

impl Default for ServerlessOptions {
    fn default() -> Self {
        ServerlessOptions {
            validate: false,
            iam_role_statements: true,
            extra: Map::new(),
        }
    }
}

pub(crate) fn document(
    definitions: &[&Definition],
    options: &ServerlessOptions,
) -> Result<String, EmitError> {
    let mut machines = Map::new();
    for d in definitions {
        let mut machine = Map::new();
        machine.insert("name".into(), Value::String(d.name().to_string()));
        machine.insert(
            "definition".into(),
            asl_model::serialize::to_value(&d.state_machine()?),
        );
        let extra = match options.extra.get(d.name()) {
            Some(Value::Object(extra)) => extra.clone(),
            _ => Map::new(),
        };
        if options.iam_role_statements && !extra.contains_key("role") {
            let mut policy = d.iam_policy()?;
            if let Some(Value::Array(statements)) = policy.get_mut("Statement").map(Value::take) {
                if !statements.is_empty() {
                    machine.insert("iamRoleStatements".into(), Value::Array(statements));
                }
            }
        }
        machine.extend(extra);
        machines.insert(d.name().to_string(), Value::Object(machine));
    }
    let mut block = Map::new();
    if options.validate {
        block.insert("validate".into(), Value::Bool(true));
    }
    block.insert("stateMachines".into(), Value::Object(machines));
    let doc = json!({ "stepFunctions": Value::Object(block) });
    serde_norway::to_string(&doc).map_err(|e| EmitError::Yaml(e.to_string()))
}
