//! Rewriting a definition for a template: CloudFormation intrinsics (`Fn::GetAtt`, `Ref`,
//! `Fn::Sub`) and `${Name}` / `#{Name}` placeholders become `${Param}` placeholders that
//! `DefinitionSubstitutions` resolve, each recorded with what it stands for.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

/// What a `${Name}` placeholder of the rewritten definition is bound to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Binding {
    /// A template Parameter (the template does not define the value).
    Parameter { description: String },
    /// A pseudo parameter such as `AWS::Region`.
    Pseudo(&'static str),
    /// A Task Resource with placeholders inside it, built by the template with `Fn::Sub`
    /// (Step Functions and cfn-lint check a Resource as an ARN unless it is one placeholder).
    Sub(String),
}

impl Binding {
    /// How `Fn::Sub` elsewhere in the template (the policy) writes `${key}`.
    pub fn sub_text(&self, key: &str) -> String {
        match self {
            Binding::Parameter { .. } => format!("${{{key}}}"),
            Binding::Pseudo(p) => format!("${{{p}}}"),
            Binding::Sub(text) => text.clone(),
        }
    }
}

/// `s` with each bound `${key}` written as `Fn::Sub` elsewhere in the template needs it.
pub(crate) fn expand(s: &str, bindings: &BTreeMap<String, Binding>) -> String {
    let mut out = s.to_string();
    for (key, binding) in bindings {
        if !matches!(binding, Binding::Parameter { .. }) {
            out = out.replace(&format!("${{{key}}}"), &binding.sub_text(key));
        }
    }
    out
}

/// A placeholder the rewrite could not turn into a parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsupported {
    pub pointer: String,
    pub message: String,
}

/// The definition with every intrinsic and placeholder rewritten, and the bindings.
pub(crate) fn rewrite(
    definition: &Value,
) -> Result<(Value, BTreeMap<String, Binding>), Unsupported> {
    let mut bindings = BTreeMap::new();
    let value = rewrite_value(definition, "", &mut bindings)?;
    Ok((value, bindings))
}

const PSEUDO: [&str; 6] = [
    "AWS::Region",
    "AWS::AccountId",
    "AWS::Partition",
    "AWS::StackName",
    "AWS::StackId",
    "AWS::URLSuffix",
];

/// `fetchPDF` + `Arn` → `FetchPDFArn`; `my-queue.url` → `MyQueueUrl`.
pub(crate) fn parameter_name(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts {
        let mut upper = true;
        for c in part.chars() {
            if c.is_ascii_alphanumeric() {
                if upper {
                    out.extend(c.to_uppercase());
                } else {
                    out.push(c);
                }
                upper = false;
            } else {
                upper = true;
            }
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, 'P');
    }
    out
}

/// The placeholder name for `name` (as written inside `${…}`), recording its binding.
fn bind(name: &str, bindings: &mut BTreeMap<String, Binding>) -> String {
    if let Some(pseudo) = PSEUDO.iter().find(|p| **p == name) {
        let key = parameter_name(&[pseudo]);
        bindings.insert(key.clone(), Binding::Pseudo(pseudo));
        return key;
    }
    let parts: Vec<&str> = name.split('.').collect();
    let key = parameter_name(&parts);
    let description = if parts.len() == 2 {
        format!(
            "The {} of {} (Fn::GetAtt in the definition)",
            parts[1], parts[0]
        )
    } else {
        format!("The value of ${{{name}}} in the definition")
    };
    bindings
        .entry(key.clone())
        .or_insert(Binding::Parameter { description });
    key
}

fn rewrite_value(
    value: &Value,
    pointer: &str,
    bindings: &mut BTreeMap<String, Binding>,
) -> Result<Value, Unsupported> {
    match value {
        Value::String(s) => Ok(Value::String(rewrite_string(s, bindings))),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| rewrite_value(v, &format!("{pointer}/{i}"), bindings))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        Value::Object(object) => {
            if let Some(text) = intrinsic(object, pointer)? {
                return Ok(Value::String(rewrite_string(&text, bindings)));
            }
            let is_task = object.get("Type").and_then(Value::as_str) == Some("Task");
            let mut out = Map::new();
            for (k, v) in object {
                let child = format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1"));
                let mut rewritten = rewrite_value(v, &child, bindings)?;
                if is_task && k == "Resource" {
                    if let (Value::String(before), Value::String(after)) = (v, &rewritten) {
                        let state = pointer.rsplit('/').next().unwrap_or("Task");
                        rewritten = Value::String(task_resource(state, before, after, bindings));
                    }
                }
                out.insert(k.clone(), rewritten);
            }
            Ok(Value::Object(out))
        }
        other => Ok(other.clone()),
    }
}

/// A Task's Resource that is not a whole placeholder, a service integration or a complete
/// ARN becomes one placeholder `${StateResource}`: built with `Fn::Sub` when it has
/// placeholders inside, a template Parameter when it is not a complete ARN.
fn task_resource(
    state: &str,
    before: &str,
    after: &str,
    bindings: &mut BTreeMap<String, Binding>,
) -> String {
    let is_integration = after
        .split_once(':')
        .map(|(_, rest)| rest.split_once(":states:::").is_some())
        .unwrap_or(false);
    if is_integration || crate::iam::fields::is_whole_placeholder(after) {
        return after.to_string();
    }
    let state = state.replace("~1", "/").replace("~0", "~");
    let mut key = parameter_name(&[&state, "Resource"]);
    while bindings.contains_key(&key) {
        key.push('X');
    }
    if after.contains("${") {
        let text = expand(after, bindings);
        bindings.insert(key.clone(), Binding::Sub(text));
    } else if !is_complete_arn(after) {
        bindings.insert(
            key.clone(),
            Binding::Parameter {
                description: format!(
                    "The ARN of state {state}'s Resource: the definition writes {before:?}, \
                     which is not a complete ARN"
                ),
            },
        );
    } else {
        return after.to_string();
    }
    format!("${{{key}}}")
}

/// `arn:aws…:SERVICE:REGION:ACCOUNT:…` with a real region and a 12-digit account.
fn is_complete_arn(s: &str) -> bool {
    let parts: Vec<&str> = s.splitn(6, ':').collect();
    let [arn, partition, service, region, account, rest] = parts.as_slice() else {
        return false;
    };
    let region_ok = region.split('-').count() >= 3
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && region.ends_with(|c: char| c.is_ascii_digit());
    *arn == "arn"
        && partition.starts_with("aws")
        && !service.is_empty()
        && region_ok
        && account.len() == 12
        && account.chars().all(|c| c.is_ascii_digit())
        && !rest.is_empty()
}

/// A CloudFormation intrinsic as `Fn::Sub` text; `None` for an ordinary object.
fn intrinsic(object: &Map<String, Value>, pointer: &str) -> Result<Option<String>, Unsupported> {
    if object.len() != 1 {
        return Ok(None);
    }
    let Some((key, _)) = object.iter().next() else {
        return Ok(None);
    };
    if key != "Ref" && !key.starts_with("Fn::") {
        return Ok(None);
    }
    match crate::iam::fields::intrinsic_placeholder(&Value::Object(object.clone())) {
        Some(text) => Ok(Some(text)),
        None => Err(Unsupported {
            pointer: pointer.to_string(),
            message: format!(
                "{key} cannot be turned into a template parameter; write the value as \
                 {{\"Fn::GetAtt\": [\"Resource\", \"Arn\"]}}, {{\"Ref\": \"Name\"}}, \
                 {{\"Fn::Sub\": \"text\"}} or a ${{Name}} placeholder"
            ),
        }),
    }
}

/// `${Name}` and `#{Name}` → `${Param}`; `${!Literal}` is left as Fn::Sub leaves it.
fn rewrite_string(s: &str, bindings: &mut BTreeMap<String, Binding>) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(['$', '#']) {
        let (before, from) = rest.split_at(i);
        out.push_str(before);
        let opened = from[1..].starts_with('{') && !from[2..].starts_with('!');
        let close = from.find('}');
        match (opened, close) {
            (true, Some(end)) if end > 2 && !from[2..end].contains(['{', '$', '#', ' ']) => {
                let key = bind(&from[2..end], bindings);
                out.push_str("${");
                out.push_str(&key);
                out.push('}');
                rest = &from[end + 1..];
            }
            _ => {
                out.push_str(&from[..1]);
                rest = &from[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intrinsics_and_placeholders_become_parameters() {
        let (v, b) = rewrite(&json!({
            "A": {"Fn::GetAtt": ["fetchPDF", "Arn"]},
            "B": "arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:hello",
            "C": "${my-queue}",
            "D": {"Ref": "Topic"},
            "E": "$.path",
            "F": "{% $x %}"
        }))
        .unwrap();
        assert_eq!(
            v,
            json!({
                "A": "${FetchPDFArn}",
                "B": "arn:aws:lambda:${AWSRegion}:${AWSAccountId}:function:hello",
                "C": "${MyQueue}",
                "D": "${Topic}",
                "E": "$.path",
                "F": "{% $x %}"
            })
        );
        assert_eq!(
            b.keys().collect::<Vec<_>>(),
            [
                "AWSAccountId",
                "AWSRegion",
                "FetchPDFArn",
                "MyQueue",
                "Topic"
            ]
        );
        assert_eq!(b["AWSRegion"], Binding::Pseudo("AWS::Region"));
    }

    #[test]
    fn task_resources_become_one_placeholder() {
        let (v, b) = rewrite(&json!({"States": {
            "Hello": {"Type": "Task", "Resource": "arn:aws:lambda:#{AWS::Region}:#{AWS::AccountId}:function:hello"},
            "Bad": {"Type": "Task", "Resource": "arn:aws:lambda:REGION:ACCOUNT_ID:function:FUNCTION_NAME"},
            "Ok": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f"},
            "Sns": {"Type": "Task", "Resource": "arn:aws:states:::sns:publish"}
        }}))
        .unwrap();
        assert_eq!(v["States"]["Hello"]["Resource"], "${HelloResource}");
        assert_eq!(v["States"]["Bad"]["Resource"], "${BadResource}");
        assert_eq!(
            v["States"]["Ok"]["Resource"],
            "arn:aws:lambda:us-east-1:123456789012:function:f"
        );
        assert_eq!(
            v["States"]["Sns"]["Resource"],
            "arn:aws:states:::sns:publish"
        );
        assert_eq!(
            b["HelloResource"],
            Binding::Sub("arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:hello".into())
        );
        assert!(matches!(b["BadResource"], Binding::Parameter { .. }));
    }

    #[test]
    fn other_intrinsics_are_reported_where_they_are() {
        let e = rewrite(&json!({"States": {"T": {"Resource": {"Fn::Join": ["", ["a"]]}}}}))
            .unwrap_err();
        assert_eq!(e.pointer, "/States/T/Resource");
        assert!(
            e.message.starts_with("Fn::Join cannot be turned"),
            "{}",
            e.message
        );
    }
}
