//! Checks of Choice states: their rules, conditions and comparison operators.

use serde_json::Value;

use super::fields::{self, ObjectKind};
use super::literals;
use super::payload::PathKind;
use super::{codes, Validator};
use crate::diagnostic::Pointer;
use crate::document::*;
use crate::jsonata;
use crate::path::MAX_NESTING;

impl Validator {
    pub(super) fn choice(&mut self, c: &ChoiceState, ptr: &Pointer, ql: QueryLanguage) {
        if c.choices.is_empty() {
            self.error(
                codes::CHOICE_NO_RULES,
                &ptr.join("Choices"),
                "a Choice state needs a non-empty \"Choices\" array of rules",
            );
        }
        for (i, rule) in c.choices.iter().enumerate() {
            let rptr = ptr.join("Choices").join(i);
            fields::object_unknown_fields(
                ObjectKind::ChoiceRule,
                &rule.unknown,
                &rptr,
                &mut self.diags,
            );
            self.condition(&rule.condition, &rptr, ql, 0);
            if let Some(output) = &rule.output {
                if !self.wrong_language(true, &rptr, "Output", ql, QueryLanguage::Jsonata) {
                    self.jsonata_value(output, &rptr.join("Output"));
                }
            }
            if let Some(assign) = &rule.assign {
                self.assign(assign, &rptr.join("Assign"), ql);
            }
        }
        if c.default.is_none() && !c.choices.is_empty() {
            self.warning(
                codes::CHOICE_NO_DEFAULT,
                ptr,
                "no \"Default\": when no rule matches, the execution fails with States.NoChoiceMatched; add a \"Default\" state",
            );
        }
    }

    fn condition(&mut self, c: &Condition, ptr: &Pointer, ql: QueryLanguage, depth: usize) {
        if depth > MAX_NESTING {
            self.error(
                codes::NESTING_TOO_DEEP,
                ptr,
                format!("Choice rules nested more than {MAX_NESTING} levels deep"),
            );
            return;
        }
        match c {
            Condition::And(list) | Condition::Or(list) => {
                let field = if matches!(c, Condition::And(_)) {
                    "And"
                } else {
                    "Or"
                };
                if self.wrong_language(true, ptr, field, ql, QueryLanguage::JsonPath) {
                    return;
                }
                if list.is_empty() {
                    self.error(
                        codes::EMPTY_BOOLEAN_COMBINATOR,
                        &ptr.join(field),
                        format!("\"{field}\" needs a non-empty array of rules"),
                    );
                }
                for (i, inner) in list.iter().enumerate() {
                    self.condition(inner, &ptr.join(field).join(i), ql, depth + 1);
                }
            }
            Condition::Not(inner) => {
                if !self.wrong_language(true, ptr, "Not", ql, QueryLanguage::JsonPath) {
                    self.condition(inner, &ptr.join("Not"), ql, depth + 1);
                }
            }
            Condition::Test { variable, test } => {
                if self.wrong_language(true, ptr, "Variable", ql, QueryLanguage::JsonPath) {
                    return;
                }
                self.path(
                    variable,
                    &ptr.join("Variable"),
                    "Variable",
                    PathKind::Reference,
                );
                let op = test.operator_name();
                let at = ptr.join(&op);
                match test {
                    Test::Compare {
                        operand: Operand::Path(p),
                        ..
                    } => {
                        self.path(p, &at, &op, PathKind::Reference);
                    }
                    Test::Compare {
                        kind: CompareKind::Timestamp,
                        operand: Operand::String(s),
                        ..
                    } => {
                        self.timestamp_literal(s, &at, &op);
                    }
                    Test::StringMatches(pattern) => {
                        if let Some((offset, escape)) =
                            literals::string_matches_pattern_error(pattern)
                        {
                            self.error(
                                codes::INVALID_STRING_MATCHES,
                                &at,
                                format!("\"{escape}\" at offset {offset} is not an escape StringMatches knows: only \\* (a literal star) and \\\\ (a backslash) are; write other characters without a backslash"),
                            );
                        }
                    }
                    _ => {}
                }
            }
            Condition::Jsonata(v) => {
                if self.wrong_language(true, ptr, "Condition", ql, QueryLanguage::Jsonata) {
                    return;
                }
                match v {
                    Value::Bool(_) => {}
                    Value::String(s) if jsonata::is_expression(s) => {
                        self.jsonata_string(s, &ptr.join("Condition"))
                    }
                    _ => self.error(
                        codes::EXPECTED_EXPRESSION,
                        &ptr.join("Condition"),
                        "\"Condition\" must be a {% %} expression (or true/false)",
                    ),
                }
            }
        }
    }
}
