//! Reading ASL JSON into the document model, collecting every error with its JSON pointer.
//!
//! The parser is strict about JSON types (a string where a number belongs is an error
//! here) and lenient about structure: fields a state type does not know are kept in the
//! model's `unknown` maps, and a missing `Next`/`End` is kept as `Transition::Missing`,
//! so the validator reports them with a rule code. It never panics.

mod choice;
mod document;
mod fields;
pub(crate) mod order;
mod states;

use serde_json::Value;

use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::*;
pub use choice::split_operator;
pub use order::sort_in_document_order;

/// Nesting of Parallel/Map/Choice rules deeper than this is refused, so that a
/// hand-built `Value` cannot exhaust the stack.
const MAX_DEPTH: usize = 200;

/// Why a text could not be read as a state machine.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ParseError {
    /// Not JSON at all.
    #[error("line {line}, column {column}: {message}")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    /// JSON, but not shaped like a state machine; every problem found, in document order.
    #[error("{}", .0.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<Diagnostic>),
}

/// Parses ASL JSON text.
pub fn parse_str(text: &str) -> Result<StateMachine, ParseError> {
    let value: Value = serde_json::from_str(text).map_err(|e| ParseError::Json {
        line: e.line(),
        column: e.column(),
        message: json_error_message(&e),
    })?;
    parse_value(&value)
}

/// serde_json's message without its trailing " at line L column C".
fn json_error_message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

/// Parses an already-decoded JSON value.
pub fn parse_value(value: &Value) -> Result<StateMachine, ParseError> {
    let mut cx = Cx::default();
    let machine = cx.machine(value, &Pointer::root());
    match machine {
        Some(m) if cx.errors.is_empty() => Ok(m),
        _ => {
            let mut errors = cx.errors;
            sort_in_document_order(value, &mut errors);
            Err(ParseError::Invalid(errors))
        }
    }
}

/// Parse-time rule codes (the validator's are in `validate`).
pub mod codes {
    /// A value of the wrong JSON type or out of its type's range.
    pub const SCHEMA_TYPE: &str = "SCHEMA_TYPE";
    /// A required field is absent.
    pub const SCHEMA_REQUIRED: &str = "SCHEMA_REQUIRED";
    /// A string that is not one of the allowed values.
    pub const SCHEMA_VALUE: &str = "SCHEMA_VALUE";
    /// `Type` names no state type.
    pub const UNKNOWN_STATE_TYPE: &str = "UNKNOWN_STATE_TYPE";
    /// A Choice rule with no operator, several operators, or an operator without `Variable`.
    pub const CHOICE_RULE_SHAPE: &str = "CHOICE_RULE_SHAPE";
    /// Nesting too deep to be a real state machine.
    pub const NESTING_TOO_DEEP: &str = "NESTING_TOO_DEEP";
}

#[derive(Default)]
struct Cx {
    errors: Vec<Diagnostic>,
    depth: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_type_error_with_its_pointer() {
        let err = parse_str(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:x",
               "Retry": [{"ErrorEquals": ["States.ALL"], "BackoffRate": "fast"}],
               "TimeoutSeconds": -1, "End": true}}}"#,
        )
        .unwrap_err();
        let ParseError::Invalid(diags) = err else {
            panic!("expected Invalid")
        };
        let lines: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            lines,
            [
                "/States/A/Retry/0/BackoffRate: error[SCHEMA_TYPE]: expected a number ≥ 1.0, found a string",
                "/States/A/TimeoutSeconds: error[SCHEMA_TYPE]: expected a non-negative integer or a JSONata expression, found a number",
            ]
        );
    }

    #[test]
    fn json_syntax_errors_carry_line_and_column() {
        let err = parse_str("{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}").unwrap_err();
        assert_eq!(
            err,
            ParseError::Json {
                line: 3,
                column: 14,
                message: "key must be a string".into()
            }
        );
    }

    #[test]
    fn keeps_unknown_fields_and_missing_transitions_for_the_validator() {
        let m = parse_str(
            r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Resource": "x", "Bogus": 1}}}"#,
        )
        .unwrap();
        let State::Pass(p) = &m.states["A"] else {
            panic!()
        };
        assert_eq!(p.transition, Transition::Missing);
        assert_eq!(
            p.common.unknown.keys().collect::<Vec<_>>(),
            ["Resource", "Bogus"]
        );
    }

    #[test]
    fn choice_operator_names_split() {
        assert_eq!(
            split_operator("NumericGreaterThanEqualsPath"),
            Some((CompareKind::Numeric, CompareOp::GreaterThanEquals, true))
        );
        assert_eq!(split_operator("BooleanLessThan"), None);
        assert_eq!(
            split_operator("StringEquals"),
            Some((CompareKind::String, CompareOp::Equals, false))
        );
    }

    #[test]
    fn choice_rule_with_two_operators_is_refused() {
        let err = parse_str(
            r#"{"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [
                {"Variable": "$.a", "StringEquals": "x", "IsPresent": true, "Next": "D"}]},
                "D": {"Type": "Succeed"}}}"#,
        )
        .unwrap_err();
        let ParseError::Invalid(diags) = err else {
            panic!()
        };
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, codes::CHOICE_RULE_SHAPE);
        assert_eq!(diags[0].pointer, "/States/C/Choices/0");
    }
}
