//! Reading typed fields out of one JSON object: strings, numbers, lists, paths, `{% %}` expressions, with a type error at each wrong field's pointer.

use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::{codes, Cx};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::*;

/// The fields of one JSON object, taken one by one; what is left is `unknown`.
pub(super) struct Fields {
    pub(super) map: Map<String, Value>,
    pub(super) ptr: Pointer,
}

impl Fields {
    pub(super) fn take(&mut self, key: &str) -> Option<(Value, Pointer)> {
        self.map.shift_remove(key).map(|v| (v, self.ptr.join(key)))
    }

    pub(super) fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    pub(super) fn rest(self) -> UnknownFields {
        self.map.into_iter().collect()
    }
}

pub(super) fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl Cx {
    pub(super) fn type_error(&mut self, ptr: &Pointer, expected: &str, found: &Value) {
        self.errors.push(Diagnostic::error(
            codes::SCHEMA_TYPE,
            ptr,
            format!("expected {expected}, found {}", describe(found)),
        ));
    }

    pub(super) fn object(&mut self, v: &Value, ptr: &Pointer, what: &str) -> Option<Fields> {
        match v {
            Value::Object(map) => Some(Fields {
                map: map.clone(),
                ptr: ptr.clone(),
            }),
            other => {
                self.type_error(ptr, what, other);
                None
            }
        }
    }

    pub(super) fn require<T>(&mut self, f: &Fields, key: &str, got: Option<T>) -> Option<T> {
        if got.is_none() && !f.has(key) {
            // The field was absent (a present-but-wrong field already reported itself).
            self.errors.push(Diagnostic::error(
                codes::SCHEMA_REQUIRED,
                &f.ptr,
                format!("missing required field \"{key}\""),
            ));
        }
        got
    }

    pub(super) fn string(&mut self, f: &mut Fields, key: &str) -> Option<String> {
        let (v, p) = f.take(key)?;
        match v {
            Value::String(s) => Some(s),
            other => {
                self.type_error(&p, "a string", &other);
                None
            }
        }
    }

    pub(super) fn required_string(&mut self, f: &mut Fields, key: &str) -> Option<String> {
        let present = f.has(key);
        let got = self.string(f, key);
        if !present {
            self.require::<()>(f, key, None);
        }
        got
    }

    pub(super) fn boolean(&mut self, f: &mut Fields, key: &str) -> Option<bool> {
        let (v, p) = f.take(key)?;
        match v {
            Value::Bool(b) => Some(b),
            other => {
                self.type_error(&p, "a boolean", &other);
                None
            }
        }
    }

    pub(super) fn uint(&mut self, f: &mut Fields, key: &str) -> Option<u64> {
        let (v, p) = f.take(key)?;
        match v.as_u64() {
            Some(n) => Some(n),
            None => {
                self.type_error(&p, "a non-negative integer", &v);
                None
            }
        }
    }

    pub(super) fn int(&mut self, f: &mut Fields, key: &str) -> Option<i64> {
        let (v, p) = f.take(key)?;
        match v.as_i64() {
            Some(n) => Some(n),
            None => {
                self.type_error(&p, "an integer", &v);
                None
            }
        }
    }

    pub(super) fn float(&mut self, f: &mut Fields, key: &str, expected: &str) -> Option<f64> {
        let (v, p) = f.take(key)?;
        match v.as_f64() {
            Some(n) => Some(n),
            None => {
                self.type_error(&p, expected, &v);
                None
            }
        }
    }

    /// Any JSON value (payload templates).
    pub(super) fn any(&mut self, f: &mut Fields, key: &str) -> Option<Value> {
        f.take(key).map(|(v, _)| v)
    }

    /// A payload template that must be an object (Parameters, ResultSelector, …) in
    /// JSONPath; JSONata also allows a `{% %}` string, so any JSON is kept here and the
    /// validator judges it against the query language.
    pub(super) fn template(&mut self, f: &mut Fields, key: &str) -> Option<Value> {
        self.any(f, key)
    }

    pub(super) fn uint_expr(&mut self, f: &mut Fields, key: &str) -> Option<JsonataOr<u64>> {
        let (v, p) = f.take(key)?;
        match v {
            Value::String(s) => Some(JsonataOr::Jsonata(s)),
            other => match other.as_u64() {
                Some(n) => Some(JsonataOr::Value(n)),
                None => {
                    self.type_error(&p, "a non-negative integer or a JSONata expression", &other);
                    None
                }
            },
        }
    }

    pub(super) fn float_expr(&mut self, f: &mut Fields, key: &str) -> Option<JsonataOr<f64>> {
        let (v, p) = f.take(key)?;
        match v {
            Value::String(s) => Some(JsonataOr::Jsonata(s)),
            other => match other.as_f64() {
                Some(n) => Some(JsonataOr::Value(n)),
                None => {
                    self.type_error(&p, "a number or a JSONata expression", &other);
                    None
                }
            },
        }
    }

    pub(super) fn nullable_path(&mut self, f: &mut Fields, key: &str) -> Option<NullablePath> {
        let (v, p) = f.take(key)?;
        match v {
            Value::Null => Some(NullablePath::Null),
            Value::String(s) => Some(NullablePath::Path(s)),
            other => {
                self.type_error(&p, "a path string or null", &other);
                None
            }
        }
    }

    pub(super) fn string_list(&mut self, f: &mut Fields, key: &str) -> Option<Vec<String>> {
        let (v, p) = f.take(key)?;
        let Value::Array(items) = v else {
            self.type_error(&p, "an array of strings", &v);
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            match item {
                Value::String(s) => out.push(s),
                other => self.type_error(&p.join(i), "a string", &other),
            }
        }
        Some(out)
    }

    pub(super) fn assign(&mut self, f: &mut Fields, key: &str) -> Option<IndexMap<String, Value>> {
        let (v, p) = f.take(key)?;
        match v {
            Value::Object(map) => Some(map.into_iter().collect()),
            other => {
                self.type_error(&p, "an object of variable names to values", &other);
                None
            }
        }
    }

    /// A string that must be one of `allowed`, mapped to its typed value.
    pub(super) fn one_of<T: Copy>(
        &mut self,
        f: &mut Fields,
        key: &str,
        allowed: &[(&str, T)],
    ) -> Option<T> {
        let ptr = f.ptr.join(key);
        let s = self.string(f, key)?;
        match allowed.iter().find(|(name, _)| *name == s) {
            Some((_, t)) => Some(*t),
            None => {
                let names: Vec<_> = allowed.iter().map(|(n, _)| format!("\"{n}\"")).collect();
                self.errors.push(Diagnostic::error(
                    codes::SCHEMA_VALUE,
                    ptr,
                    format!(
                        "\"{s}\" is not allowed here; use one of {}",
                        names.join(", ")
                    ),
                ));
                None
            }
        }
    }

    pub(super) fn query_language(&mut self, f: &mut Fields) -> Option<QueryLanguage> {
        self.one_of(
            f,
            "QueryLanguage",
            &[
                ("JSONPath", QueryLanguage::JsonPath),
                ("JSONata", QueryLanguage::Jsonata),
            ],
        )
    }

    pub(super) fn resource(&mut self, v: Value, p: &Pointer) -> Option<Resource> {
        match v {
            Value::String(s) => Some(Resource::Arn(s)),
            Value::Object(ref map)
                if map.len() == 1 && map.keys().all(|k| k == "Ref" || k.starts_with("Fn::")) =>
            {
                Some(Resource::Intrinsic(v))
            }
            other => {
                self.type_error(p, "an ARN string or a CloudFormation intrinsic ({\"Fn::GetAtt\": …} / {\"Ref\": …})", &other);
                None
            }
        }
    }
}
