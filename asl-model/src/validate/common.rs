//! Checks of the fields every state shares (InputPath, Output, Assign, …) and of fields given in the wrong query language.

use serde_json::Value;

use super::payload::{PathKind, TemplateKind};
use super::{codes, Validator};
use crate::diagnostic::Pointer;
use crate::document::*;
use crate::jsonata;

impl Validator {
    /// A field present in the wrong query language.
    pub(super) fn wrong_language(
        &mut self,
        present: bool,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
        allowed_in: QueryLanguage,
    ) -> bool {
        if !present || ql == allowed_in {
            return false;
        }
        match allowed_in {
            QueryLanguage::JsonPath => self.error(
                codes::JSONPATH_FIELD_IN_JSONATA,
                &ptr.join(field),
                format!("\"{field}\" is a JSONPath field, but this state uses JSONata: {}", jsonata_replacement(field)),
            ),
            QueryLanguage::Jsonata => self.error(
                codes::JSONATA_FIELD_IN_JSONPATH,
                &ptr.join(field),
                format!(
                    "\"{field}\" is a JSONata field, but this state uses JSONPath: set \"QueryLanguage\": \"JSONata\" on the state, or {}",
                    jsonpath_replacement(field)
                ),
            ),
        }
        true
    }

    pub(super) fn common(&mut self, state: &State, ptr: &Pointer, ql: QueryLanguage) {
        let c = state.common();
        if matches!(state, State::Fail(_)) {
            for (field, present) in [
                ("InputPath", c.input_path.is_some()),
                ("OutputPath", c.output_path.is_some()),
                ("Output", c.output.is_some()),
                ("Assign", c.assign.is_some()),
            ] {
                if present {
                    self.error(
                        codes::FIELD_NOT_ALLOWED,
                        &ptr.join(field),
                        format!("a Fail state has no \"{field}\" (its output is the error and cause): remove it"),
                    );
                }
            }
            return;
        }
        if !self.wrong_language(
            c.input_path.is_some(),
            ptr,
            "InputPath",
            ql,
            QueryLanguage::JsonPath,
        ) {
            self.nullable_path(&c.input_path, ptr, "InputPath", PathKind::Path);
        }
        if !self.wrong_language(
            c.output_path.is_some(),
            ptr,
            "OutputPath",
            ql,
            QueryLanguage::JsonPath,
        ) {
            self.nullable_path(&c.output_path, ptr, "OutputPath", PathKind::Path);
        }
        if let Some(output) = &c.output {
            if !self.wrong_language(true, ptr, "Output", ql, QueryLanguage::Jsonata) {
                self.jsonata_value(output, &ptr.join("Output"));
            }
        }
        if let Some(assign) = &c.assign {
            if matches!(state, State::Succeed(_)) {
                self.error(
                    codes::FIELD_NOT_ALLOWED,
                    &ptr.join("Assign"),
                    "a Succeed state has no \"Assign\": no state follows it to read the variables; remove it",
                );
            } else {
                self.assign(assign, &ptr.join("Assign"), ql);
            }
        }
    }

    /// A numeric field that may be a `{% %}` expression in JSONata; its literal value, if any.
    pub(super) fn number_field<'e, T: std::fmt::Display>(
        &mut self,
        e: &'e JsonataOr<T>,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
    ) -> Option<&'e T> {
        let s = match e {
            JsonataOr::Value(v) => return Some(v),
            JsonataOr::Jsonata(s) => s,
        };
        let at = ptr.join(field);
        match (jsonata::is_expression(s), ql) {
            (true, QueryLanguage::Jsonata) => self.jsonata_string(s, &at),
            (true, QueryLanguage::JsonPath) => self.error(
                codes::JSONATA_IN_JSONPATH_STATE,
                &at,
                format!("\"{field}\" is a {{% %}} expression, but this state uses JSONPath: give a number, use \"{field}Path\", or set \"QueryLanguage\": \"JSONata\""),
            ),
            (false, _) => self.error(
                codes::EXPECTED_NUMBER,
                &at,
                format!("\"{field}\" must be a number{}, not the string \"{s}\"", if ql == QueryLanguage::Jsonata { " or a {% %} expression" } else { "" }),
            ),
        }
        None
    }

    /// A `…Path` field of a JSONPath state.
    pub(super) fn path_field(
        &mut self,
        p: &Option<String>,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
    ) {
        if let Some(s) = p {
            if !self.wrong_language(true, ptr, field, ql, QueryLanguage::JsonPath) {
                self.path(s, &ptr.join(field), field, PathKind::Reference);
            }
        }
    }

    pub(super) fn exclusive(&mut self, a: bool, b: bool, ptr: &Pointer, first: &str, second: &str) {
        if a && b {
            self.error(
                codes::MUTUALLY_EXCLUSIVE_FIELDS,
                &ptr.join(second),
                format!("\"{first}\" and \"{second}\" cannot both be given: keep one"),
            );
        }
    }

    /// JSONPath `Parameters`-like template or its JSONata counterpart, by language.
    pub(super) fn jsonpath_payload(
        &mut self,
        v: &Option<Value>,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
    ) {
        if let Some(v) = v {
            if !self.wrong_language(true, ptr, field, ql, QueryLanguage::JsonPath) {
                self.jsonpath_template(v, &ptr.join(field), field, true, TemplateKind::Evaluated);
            }
        }
    }

    pub(super) fn jsonata_payload(
        &mut self,
        v: &Option<Value>,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
    ) {
        if let Some(v) = v {
            if !self.wrong_language(true, ptr, field, ql, QueryLanguage::Jsonata) {
                let at = ptr.join(field);
                let is_expr = matches!(v, Value::String(s) if jsonata::is_expression(s));
                if !v.is_object() && !is_expr {
                    self.error(
                        codes::PAYLOAD_NOT_OBJECT,
                        &at,
                        format!("\"{field}\" must be a JSON object or a {{% %}} expression"),
                    );
                } else {
                    self.jsonata_value(v, &at);
                }
            }
        }
    }

    /// A template valid in both languages (ItemSelector, Credentials, BatchInput).
    pub(super) fn either_payload(
        &mut self,
        v: &Option<Value>,
        ptr: &Pointer,
        field: &str,
        ql: QueryLanguage,
    ) {
        let Some(v) = v else { return };
        let at = ptr.join(field);
        match ql {
            QueryLanguage::JsonPath => {
                self.jsonpath_template(v, &at, field, true, TemplateKind::Evaluated)
            }
            QueryLanguage::Jsonata => {
                let is_expr = matches!(v, Value::String(s) if jsonata::is_expression(s));
                if !v.is_object() && !is_expr {
                    self.error(
                        codes::PAYLOAD_NOT_OBJECT,
                        &at,
                        format!("\"{field}\" must be a JSON object or a {{% %}} expression"),
                    );
                } else {
                    self.jsonata_value(v, &at);
                }
            }
        }
    }

    pub(super) fn result_path(
        &mut self,
        p: &Option<NullablePath>,
        ptr: &Pointer,
        ql: QueryLanguage,
    ) {
        if !self.wrong_language(p.is_some(), ptr, "ResultPath", ql, QueryLanguage::JsonPath) {
            self.nullable_path(p, ptr, "ResultPath", PathKind::Result);
        }
    }
}

/// What a JSONata state uses instead of a JSONPath field.
fn jsonata_replacement(field: &str) -> &'static str {
    match field {
        "InputPath" | "Parameters" => "use \"Arguments\" with {% %} expressions over $states.input",
        "OutputPath" | "ResultSelector" | "ResultPath" => {
            "use \"Output\" (and \"Assign\") with {% %} expressions over $states.result"
        }
        "Result" => "use \"Output\" to give the state's output",
        "ItemsPath" => "use \"Items\" with a {% %} expression",
        "Variable" | "And" | "Or" | "Not" => "use \"Condition\" with a {% %} expression",
        _ => "give the value as a {% %} expression in the field without the \"Path\" suffix",
    }
}

/// What a JSONPath state uses instead of a JSONata field.
fn jsonpath_replacement(field: &str) -> &'static str {
    match field {
        "Arguments" => "use \"Parameters\" with \".$\" paths",
        "Output" => "use \"OutputPath\"/\"ResultSelector\"/\"ResultPath\"",
        "Items" => "use \"ItemsPath\"",
        "Condition" => "use \"Variable\" with a comparison operator",
        _ => "use its JSONPath counterpart",
    }
}
