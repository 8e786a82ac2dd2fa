//! The serverless-step-functions back end: a `stepFunctions:` block for serverless.yml.

use serde_json::{json, Map, Value};

use crate::{Definition, EmitError};

/// Settings of the generated serverless document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServerlessOptions {
    /// `validate: true` makes the plugin check definitions at package time.
    pub validate: bool,
    /// Extra keys per state machine (e.g. `events`), by state machine name.
    pub extra: Map<String, Value>,
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
        if let Some(Value::Object(extra)) = options.extra.get(d.name()) {
            machine.extend(extra.clone());
        }
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
