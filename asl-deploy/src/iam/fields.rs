//! Reading the values a Task passes to its integration (JSONPath `Parameters`, JSONata
//! `Arguments`): a literal, or chosen at run time by a path, an intrinsic or an expression.

use serde_json::Value;

/// One field of a payload template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Field {
    /// Written in the definition (possibly with `${Name}` placeholders).
    Literal(String),
    /// `"Name.$": "$.path"`, `"{% expr %}"`, or a non-string value where a string belongs.
    Dynamic,
    Missing,
}

/// `payload.name`, looking through nested objects for `a.b` given as `["a", "b"]`.
pub(crate) fn field(payload: Option<&Value>, name: &str) -> Field {
    field_at(payload, &[name])
}

pub(crate) fn field_at(payload: Option<&Value>, path: &[&str]) -> Field {
    let mut current = match payload {
        Some(v) => v,
        None => return Field::Missing,
    };
    for key in path {
        let object = match current {
            Value::Object(o) => o,
            // A whole JSONata payload (`"{% … %}"`) or anything else: decided at run time.
            _ => return Field::Dynamic,
        };
        if object.contains_key(&format!("{key}.$")) {
            return Field::Dynamic;
        }
        match object.get(*key) {
            Some(v) => current = v,
            None => return Field::Missing,
        }
    }
    literal(current)
}

/// A value as a literal string, when it is one.
pub(crate) fn literal(value: &Value) -> Field {
    match value {
        Value::String(s) if is_jsonata(s) => Field::Dynamic,
        Value::String(s) => Field::Literal(s.clone()),
        Value::Object(_) => match intrinsic_placeholder(value) {
            Some(p) => Field::Literal(p),
            None => Field::Dynamic,
        },
        _ => Field::Dynamic,
    }
}

pub(crate) fn is_jsonata(s: &str) -> bool {
    let t = s.trim();
    t.starts_with("{%") && t.ends_with("%}")
}

/// A CloudFormation intrinsic as the `Fn::Sub` placeholder text that means the same:
/// `{"Fn::GetAtt": ["Fn", "Arn"]}` → `${Fn.Arn}`, `{"Ref": "X"}` → `${X}`,
/// `{"Fn::Sub": "text"}` → `text`.
pub(crate) fn intrinsic_placeholder(value: &Value) -> Option<String> {
    let object = value.as_object()?;
    if object.len() != 1 {
        return None;
    }
    let (key, arg) = object.iter().next()?;
    match key.as_str() {
        "Ref" => Some(format!("${{{}}}", arg.as_str()?)),
        "Fn::GetAtt" => match arg {
            Value::String(s) if s.contains('.') => Some(format!("${{{s}}}")),
            Value::Array(a) if a.len() == 2 => {
                Some(format!("${{{}.{}}}", a[0].as_str()?, a[1].as_str()?))
            }
            _ => None,
        },
        "Fn::Sub" => match arg {
            Value::String(s) => Some(s.clone()),
            Value::Array(a) if a.len() == 2 && a[1].as_object()?.is_empty() => {
                Some(a[0].as_str()?.to_string())
            }
            _ => None,
        },
        _ => None,
    }
}

/// `${Name}` (or `#{Name}`) and nothing else.
pub(crate) fn is_whole_placeholder(s: &str) -> bool {
    (s.starts_with("${") || s.starts_with("#{"))
        && s.ends_with('}')
        && s[2..s.len() - 1].chars().all(|c| c != '}' && c != '{')
}
