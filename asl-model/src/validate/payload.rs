//! Checks of the data-carrying fields: paths, payload templates (`.$` keys), intrinsics,
//! JSONata `{% %}` strings and `Assign`.

use indexmap::IndexMap;
use serde_json::Value;

use super::literals::is_variable_name;
use super::{codes, Validator};
use crate::diagnostic::Pointer;
use crate::document::{NullablePath, QueryLanguage};
use crate::intrinsic::{looks_like_intrinsic, parse_intrinsic};
use crate::jsonata;
use crate::path::{parse_path, JsonPath, Root, MAX_NESTING};

/// Largest `Assign` object, serialized (AWS limit: 256 KiB).
pub const MAX_ASSIGN_BYTES: usize = 262_144;

/// What a path field accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathKind {
    /// `InputPath`, `OutputPath`, a `.$` value: any path.
    Path,
    /// `ItemsPath`, `…Path` fields, a Choice `Variable`: a path naming one node.
    Reference,
    /// `ResultPath`: a reference path into the state input (`$…`).
    Result,
}

/// How a JSONPath-state template treats its contents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateKind {
    /// `.$` keys are evaluated (Parameters, ResultSelector, ItemSelector, …).
    Evaluated,
    /// Taken as is (a Pass state's `Result`).
    Literal,
}

impl Validator {
    /// Check a path field; `None` when it is not a usable path.
    pub(super) fn path(
        &mut self,
        s: &str,
        ptr: &Pointer,
        field: &str,
        kind: PathKind,
    ) -> Option<JsonPath> {
        let path = match parse_path(s) {
            Ok(p) => p,
            Err(e) => {
                let hint = if looks_like_intrinsic(s) {
                    "; intrinsic functions are only allowed as the value of a \".$\" key"
                } else {
                    ""
                };
                self.error(
                    codes::INVALID_PATH,
                    ptr,
                    format!("\"{field}\" is not a valid JSONPath (\"{s}\" {e}){hint}"),
                );
                return None;
            }
        };
        if kind != PathKind::Path && !path.is_reference_path() {
            self.error(
                codes::NOT_REFERENCE_PATH,
                ptr,
                format!(
                    "\"{field}\" must be a reference path naming a single node (only .field and [index] steps), \
                     but \"{s}\" uses wildcards, slices, unions, filters or '..'"
                ),
            );
            return None;
        }
        if kind == PathKind::Result && path.root != Root::Input {
            self.error(
                codes::RESULT_PATH_ROOT,
                ptr,
                format!(
                    "\"{field}\" must start with '$' (a place in the state's input), not \"{}\": the context object and \
                     variables cannot be written; use Assign to set a variable",
                    path.root
                ),
            );
            return None;
        }
        Some(path)
    }

    pub(super) fn nullable_path(
        &mut self,
        p: &Option<NullablePath>,
        ptr: &Pointer,
        field: &str,
        kind: PathKind,
    ) {
        if let Some(NullablePath::Path(s)) = p {
            self.path(s, &ptr.join(field), field, kind);
        }
    }

    /// `ErrorPath`/`CausePath`: a reference path or an intrinsic call.
    pub(super) fn path_or_intrinsic(&mut self, s: &str, ptr: &Pointer, field: &str) {
        if looks_like_intrinsic(s) {
            if let Err(e) = parse_intrinsic(s) {
                self.error(codes::INVALID_INTRINSIC, ptr, format!("\"{field}\": {e}"));
            }
        } else {
            self.path(s, ptr, field, PathKind::Reference);
        }
    }

    /// The value of a `"key.$"` field of a JSONPath template.
    fn dynamic_value(&mut self, v: &Value, ptr: &Pointer, key: &str) {
        let Value::String(s) = v else {
            self.error(
                codes::DYNAMIC_VALUE_NOT_STRING,
                ptr,
                format!("the value of \"{key}\" must be a string holding a path or an intrinsic call; drop the \".$\" suffix to pass a literal value"),
            );
            return;
        };
        if s.starts_with('$') {
            self.path(s, ptr, key, PathKind::Path);
        } else if looks_like_intrinsic(s) {
            if let Err(e) = parse_intrinsic(s) {
                self.error(codes::INVALID_INTRINSIC, ptr, format!("\"{key}\": {e}"));
            }
        } else {
            self.error(
                codes::DYNAMIC_VALUE_NOT_PATH,
                ptr,
                format!(
                    "\"{key}\" ends in \".$\", so its value must be a path ($…, $$…, $variable) or an intrinsic call (States.…), \
                     not \"{s}\"; drop the \".$\" suffix to pass the string as is"
                ),
            );
        }
    }

    /// A payload template of a JSONPath state. `object`: whether the field must be an object.
    pub(super) fn jsonpath_template(
        &mut self,
        v: &Value,
        ptr: &Pointer,
        field: &str,
        object: bool,
        kind: TemplateKind,
    ) {
        if object && !v.is_object() {
            self.error(
                codes::PAYLOAD_NOT_OBJECT,
                ptr,
                format!("\"{field}\" must be a JSON object (a payload template)"),
            );
            return;
        }
        self.template_value(v, ptr, kind, 0);
    }

    fn template_value(&mut self, v: &Value, ptr: &Pointer, kind: TemplateKind, depth: usize) {
        if depth > MAX_NESTING {
            self.error(
                codes::NESTING_TOO_DEEP,
                ptr,
                format!("JSON nested more than {MAX_NESTING} levels deep; flatten it"),
            );
            return;
        }
        match v {
            Value::Object(map) => {
                if kind == TemplateKind::Evaluated {
                    self.duplicate_fields(map.keys(), ptr);
                }
                for (key, value) in map {
                    let at = ptr.join(key);
                    match (key.ends_with(".$"), kind) {
                        (true, TemplateKind::Evaluated) => self.dynamic_value(value, &at, key),
                        (true, TemplateKind::Literal) => {
                            self.warning(
                                codes::DYNAMIC_KEY_IN_RESULT,
                                &at,
                                format!(
                                    "\"Result\" is passed on as is, so \"{key}\" keeps its \".$\" suffix and its value is not evaluated; \
                                     use \"Parameters\" to build the output from paths"
                                ),
                            );
                            self.template_value(value, &at, kind, depth + 1);
                        }
                        (false, _) => self.template_value(value, &at, kind, depth + 1),
                    }
                }
            }
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.template_value(item, &ptr.join(i), kind, depth + 1);
                }
            }
            Value::String(s) if jsonata::is_expression(s) => self.warning(
                codes::JSONATA_LITERAL_IN_JSONPATH,
                ptr,
                "this state uses JSONPath, so this {% %} string is passed on literally, not evaluated; \
                 set \"QueryLanguage\": \"JSONata\" on the state to evaluate it",
            ),
            _ => {}
        }
    }

    /// Keys that collide once `.$` suffixes are stripped.
    fn duplicate_fields<'k>(&mut self, keys: impl Iterator<Item = &'k String>, ptr: &Pointer) {
        let mut seen: Vec<&str> = Vec::new();
        for key in keys {
            let bare = key.strip_suffix(".$").unwrap_or(key);
            if seen.contains(&bare) {
                self.error(
                    codes::DUPLICATE_PAYLOAD_FIELD,
                    &ptr.join(key),
                    format!("\"{key}\" and another field both become \"{bare}\" once \".$\" is stripped; keep only one"),
                );
            } else {
                seen.push(bare);
            }
        }
    }

    /// Any JSON of a JSONata state: every `{% %}` string must parse, and `.$` keys are not allowed.
    pub(super) fn jsonata_value(&mut self, v: &Value, ptr: &Pointer) {
        self.jsonata_value_at(v, ptr, 0);
    }

    fn jsonata_value_at(&mut self, v: &Value, ptr: &Pointer, depth: usize) {
        if depth > MAX_NESTING {
            self.error(
                codes::NESTING_TOO_DEEP,
                ptr,
                format!("JSON nested more than {MAX_NESTING} levels deep; flatten it"),
            );
            return;
        }
        match v {
            Value::String(s) => self.jsonata_string(s, ptr),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.jsonata_value_at(item, &ptr.join(i), depth + 1);
                }
            }
            Value::Object(map) => {
                for (key, value) in map {
                    let at = ptr.join(key);
                    if key.ends_with(".$") {
                        self.dynamic_key_in_jsonata(key, &at);
                    }
                    self.jsonata_value_at(value, &at, depth + 1);
                }
            }
            _ => {}
        }
    }

    fn dynamic_key_in_jsonata(&mut self, key: &str, at: &Pointer) {
        let bare = key.strip_suffix(".$").unwrap_or(key);
        // A warning: AWS accepts the key and keeps it literally (recorded execution 743).
        self.warning(
            codes::DYNAMIC_KEY_IN_JSONATA,
            at,
            format!(
                "\"{key}\": JSONata states do not evaluate \".$\" keys: the key is kept as written; name the field \"{bare}\" and give it a {{% %}} expression to compute it"
            ),
        );
    }

    /// A string of a JSONata state: checked when it is a `{% %}` expression.
    pub(super) fn jsonata_string(&mut self, s: &str, ptr: &Pointer) {
        if jsonata::is_expression(s) {
            if let Err(e) = jsonata::check_syntax(s) {
                self.error(
                    codes::INVALID_JSONATA,
                    ptr,
                    format!("invalid JSONata expression {e}"),
                );
            }
        }
    }

    /// `Assign`, in either query language.
    pub(super) fn assign(
        &mut self,
        assign: &IndexMap<String, Value>,
        ptr: &Pointer,
        ql: QueryLanguage,
    ) {
        let size = serde_json::to_string(assign).map(|s| s.len()).unwrap_or(0);
        if size > MAX_ASSIGN_BYTES {
            self.error(
                codes::ASSIGN_TOO_LARGE,
                ptr,
                format!("\"Assign\" is {size} bytes; Step Functions allows at most {MAX_ASSIGN_BYTES} (256 KiB): store large data elsewhere (S3) and assign a reference"),
            );
        }
        let mut seen: Vec<&str> = Vec::new();
        for (key, value) in assign {
            let at = ptr.join(key);
            let dynamic = key.ends_with(".$");
            let name = key.strip_suffix(".$").unwrap_or(key);
            if name == "states" {
                self.error(
                    codes::VARIABLE_NAME_RESERVED,
                    &at,
                    "\"states\" is reserved for the $states variable Step Functions provides; choose another variable name",
                );
            } else if !is_variable_name(name) {
                self.error(
                    codes::VARIABLE_NAME_INVALID,
                    &at,
                    format!("\"{name}\" is not a valid variable name: start with a letter or '_' and use only letters, digits and '_'"),
                );
            }
            match ql {
                QueryLanguage::JsonPath => {
                    if seen.contains(&name) {
                        self.error(
                            codes::DUPLICATE_PAYLOAD_FIELD,
                            &at,
                            format!("\"{key}\" and another field both assign the variable \"{name}\"; keep only one"),
                        );
                    }
                    if dynamic {
                        self.dynamic_value(value, &at, key);
                    } else {
                        self.template_value(value, &at, TemplateKind::Evaluated, 1);
                    }
                }
                QueryLanguage::Jsonata => {
                    if dynamic {
                        self.dynamic_key_in_jsonata(key, &at);
                    }
                    self.jsonata_value(value, &at);
                }
            }
            seen.push(name);
        }
    }
}
