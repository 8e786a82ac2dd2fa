//! CloudFormation and SAM templates of a state machine: the machine, an execution role
//! with the least-privilege policy, and a template Parameter for every value the template
//! does not define, so each template deploys on its own.

use std::collections::BTreeMap;

use asl_model::StateMachine;
use serde_json::{json, Map, Value};

use crate::iam::{permissions, PolicyOptions};
use crate::placeholders::{expand, rewrite, Binding};

/// Logical ids of the resources every template defines.
const MACHINE_ID: &str = "StateMachine";
const ROLE_ID: &str = "StateMachineRole";

/// How the template names things.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TemplateOptions {
    /// `StateMachineName` / SAM `Name`. Without one, CloudFormation makes one up, except
    /// when the policy needs the machine's own ARN (distributed Map, HTTP Task): then the
    /// machine is named after the stack.
    pub state_machine_name: Option<String>,
    /// The template's `Description`.
    pub description: Option<String>,
}

/// Why a template could not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// JSON pointer into the definition.
    pub pointer: String,
    pub message: String,
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "definition at {}: {}", self.pointer, self.message)
    }
}

impl std::error::Error for TemplateError {}

/// An `AWS::StepFunctions::StateMachine` template (JSON).
pub fn to_cloudformation(
    machine: &StateMachine,
    options: &TemplateOptions,
) -> Result<Value, TemplateError> {
    template(machine, options, Flavor::CloudFormation)
}

/// An `AWS::Serverless::StateMachine` template (`Transform: AWS::Serverless-2016-10-31`).
pub fn to_sam(machine: &StateMachine, options: &TemplateOptions) -> Result<Value, TemplateError> {
    template(machine, options, Flavor::Sam)
}

/// A template as YAML.
pub fn to_yaml(template: &Value) -> Result<String, TemplateError> {
    serde_norway::to_string(template).map_err(|e| TemplateError {
        pointer: String::new(),
        message: format!("cannot write YAML: {e}"),
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Flavor {
    CloudFormation,
    Sam,
}

fn template(
    machine: &StateMachine,
    options: &TemplateOptions,
    flavor: Flavor,
) -> Result<Value, TemplateError> {
    let (definition, bindings) =
        rewrite(&asl_model::serialize::to_value(machine)).map_err(|u| TemplateError {
            pointer: u.pointer,
            message: u.message,
        })?;
    for name in bindings.keys() {
        if name == MACHINE_ID || name == ROLE_ID {
            return Err(TemplateError {
                pointer: String::new(),
                message: format!(
                    "the placeholder ${{{name}}} has the name of a resource the template \
                     defines; rename it"
                ),
            });
        }
    }
    // The policy reads the definition as the deployed machine will see it: pseudo
    // parameters and Fn::Sub-built resources written out, template Parameters as `${Name}`.
    let rewritten =
        asl_model::parse_value(&expand_all(&definition, &bindings)).map_err(|e| TemplateError {
            pointer: String::new(),
            message: format!("the rewritten definition does not parse ({e}); please report this"),
        })?;

    let policy_options = PolicyOptions {
        partition: "${AWS::Partition}".into(),
        region: "${AWS::Region}".into(),
        account: "${AWS::AccountId}".into(),
        state_machine_name: None,
    };
    let mut grants = permissions(&rewritten, &policy_options);
    let name = match (&options.state_machine_name, grants.names_own_machine) {
        (Some(n), _) => Some(n.clone()),
        (None, true) => Some("${AWS::StackName}".to_string()),
        (None, false) => None,
    };
    if name.is_some() {
        let named = PolicyOptions {
            state_machine_name: name.clone(),
            ..policy_options
        };
        grants = permissions(&rewritten, &named);
    }

    let mut parameters = Map::new();
    let mut substitutions = Map::new();
    let text = definition.to_string();
    for (key, binding) in &bindings {
        if !text.contains(&format!("${{{key}}}")) {
            // Only inside a Resource that became one Fn::Sub placeholder.
            continue;
        }
        let value = match binding {
            Binding::Pseudo(p) => json!({"Ref": p}),
            Binding::Sub(text) => json!({"Fn::Sub": text}),
            Binding::Parameter { description } => {
                parameters.insert(
                    key.clone(),
                    json!({"Type": "String", "Description": description}),
                );
                json!({"Ref": key})
            }
        };
        substitutions.insert(key.clone(), value);
    }

    let statements: Vec<Value> = grants
        .statements
        .iter()
        .map(|s| {
            let mut v = s.to_value();
            let resources: Vec<Value> = s.resources.iter().map(|r| sub(r)).collect();
            v["Resource"] = Value::Array(resources);
            v
        })
        .collect();
    let mut role_properties = Map::new();
    role_properties.insert(
        "AssumeRolePolicyDocument".into(),
        json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": {"Service": "states.amazonaws.com"},
                "Action": "sts:AssumeRole"
            }]
        }),
    );
    if !statements.is_empty() {
        role_properties.insert(
            "Policies".into(),
            json!([{
                "PolicyName": "StateMachinePermissions",
                "PolicyDocument": {"Version": "2012-10-17", "Statement": statements}
            }]),
        );
    }
    let mut role = Map::new();
    role.insert("Type".into(), json!("AWS::IAM::Role"));
    if !grants.notes.is_empty() {
        // `${…}` outside Fn::Sub is an error to cfn-lint: notes name placeholders as {…}.
        let notes: Vec<String> = grants
            .notes
            .iter()
            .map(|n| n.to_string().replace("${", "{"))
            .collect();
        role.insert("Metadata".into(), json!({"PolicyNotes": notes}));
    }
    role.insert("Properties".into(), Value::Object(role_properties));

    let mut machine_properties = Map::new();
    let role_arn = json!({"Fn::GetAtt": [ROLE_ID, "Arn"]});
    let machine_type = match flavor {
        Flavor::CloudFormation => {
            if let Some(n) = &name {
                machine_properties.insert("StateMachineName".into(), sub(n));
            }
            machine_properties.insert("RoleArn".into(), role_arn);
            machine_properties.insert("DefinitionString".into(), json!(definition.to_string()));
            "AWS::StepFunctions::StateMachine"
        }
        Flavor::Sam => {
            if let Some(n) = &name {
                machine_properties.insert("Name".into(), sub(n));
            }
            machine_properties.insert("Role".into(), role_arn);
            machine_properties.insert("Definition".into(), definition);
            "AWS::Serverless::StateMachine"
        }
    };
    if !substitutions.is_empty() {
        machine_properties.insert(
            "DefinitionSubstitutions".into(),
            Value::Object(substitutions),
        );
    }

    let mut resources = Map::new();
    resources.insert(ROLE_ID.into(), Value::Object(role));
    resources.insert(
        MACHINE_ID.into(),
        json!({"Type": machine_type, "Properties": machine_properties}),
    );

    let mut out = Map::new();
    out.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    if flavor == Flavor::Sam {
        out.insert("Transform".into(), json!("AWS::Serverless-2016-10-31"));
    }
    let description = options.description.clone().unwrap_or_else(|| {
        "A Step Functions state machine and its least-privilege execution role".into()
    });
    out.insert("Description".into(), json!(description));
    if !parameters.is_empty() {
        out.insert("Parameters".into(), Value::Object(parameters));
    }
    out.insert("Resources".into(), Value::Object(resources));
    let machine_arn = match flavor {
        Flavor::CloudFormation => json!({"Ref": MACHINE_ID}),
        Flavor::Sam => json!({"Ref": MACHINE_ID}),
    };
    out.insert(
        "Outputs".into(),
        json!({
            "StateMachineArn": {"Description": "The state machine's ARN", "Value": machine_arn},
            "RoleArn": {"Description": "The execution role's ARN", "Value": {"Fn::GetAtt": [ROLE_ID, "Arn"]}}
        }),
    );
    Ok(Value::Object(out))
}

/// A string with `${…}` as `Fn::Sub`, any other as itself.
fn sub(s: &str) -> Value {
    if s.contains("${") {
        json!({"Fn::Sub": s})
    } else {
        json!(s)
    }
}

/// `expand` on every string of a JSON value.
fn expand_all(value: &Value, bindings: &BTreeMap<String, Binding>) -> Value {
    match value {
        Value::String(s) => Value::String(expand(s, bindings)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| expand_all(v, bindings)).collect())
        }
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), expand_all(v, bindings)))
                .collect(),
        ),
        other => other.clone(),
    }
}
