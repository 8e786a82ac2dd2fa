//! Reading Choice states: rules, nested And/Or/Not conditions and comparison operators.

use serde_json::Value;

use super::fields::Fields;
use super::{codes, Cx, MAX_DEPTH};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::*;

impl Cx {
    pub(super) fn choice(&mut self, f: &mut Fields) -> ChoiceState {
        let choices = match f.take("Choices") {
            Some((v, p)) => self.list(&v, &p, Cx::choice_rule).unwrap_or_default(),
            None => Vec::new(), // the validator reports a Choice without rules
        };
        ChoiceState {
            choices,
            default: self.string(f, "Default"),
            common: self.common(f),
        }
    }

    pub(super) fn choice_rule(&mut self, v: &Value, p: &Pointer) -> Option<ChoiceRule> {
        let mut f = self.object(v, p, "a Choice rule object")?;
        let next = self.required_string(&mut f, "Next");
        let comment = self.string(&mut f, "Comment");
        let assign = self.assign(&mut f, "Assign");
        let output = self.any(&mut f, "Output");
        let condition = self.condition_fields(&mut f)?;
        Some(ChoiceRule {
            comment,
            condition,
            next: next.unwrap_or_default(),
            assign,
            output,
            unknown: f.rest(),
        })
    }

    /// A nested rule (inside And/Or/Not): no Next, no Assign.
    pub(super) fn nested_condition(&mut self, v: &Value, p: &Pointer) -> Option<Condition> {
        if self.depth >= MAX_DEPTH {
            self.errors.push(Diagnostic::error(
                codes::NESTING_TOO_DEEP,
                p,
                format!("Choice rules are nested more than {MAX_DEPTH} levels deep"),
            ));
            return None;
        }
        self.depth += 1;
        let mut f = self.object(v, p, "a Choice rule object");
        let cond = f.as_mut().and_then(|f| {
            let _ = self.string(f, "Comment");
            self.condition_fields(f)
        });
        self.depth -= 1;
        if let Some(f) = f {
            for (key, _) in f.map {
                // Next/Assign inside a nested rule, or a stray field: the spec forbids both.
                self.errors.push(Diagnostic::error(
                    codes::CHOICE_RULE_SHAPE,
                    p.join(&key),
                    format!("\"{key}\" is not allowed in a nested Choice rule (inside And/Or/Not); move it to the top-level rule"),
                ));
            }
        }
        cond
    }

    /// The Boolean-expression part of a rule; leaves other fields in `f`.
    pub(super) fn condition_fields(&mut self, f: &mut Fields) -> Option<Condition> {
        let ptr = f.ptr.clone();
        let mut found: Vec<Condition> = Vec::new();
        let mut names: Vec<String> = Vec::new();

        if let Some((v, p)) = f.take("And") {
            names.push("And".into());
            found.push(Condition::And(
                self.list(&v, &p, Cx::nested_condition).unwrap_or_default(),
            ));
        }
        if let Some((v, p)) = f.take("Or") {
            names.push("Or".into());
            found.push(Condition::Or(
                self.list(&v, &p, Cx::nested_condition).unwrap_or_default(),
            ));
        }
        if let Some((v, p)) = f.take("Not") {
            names.push("Not".into());
            if let Some(c) = self.nested_condition(&v, &p) {
                found.push(Condition::Not(Box::new(c)));
            }
        }
        if let Some((v, _)) = f.take("Condition") {
            names.push("Condition".into());
            found.push(Condition::Jsonata(v));
        }

        let variable = self.string(f, "Variable");
        let operator_keys: Vec<String> = f.map.keys().filter(|k| is_operator(k)).cloned().collect();
        let mut tests = Vec::new();
        for key in &operator_keys {
            names.push(key.clone());
            if let Some((v, p)) = f.take(key) {
                if let Some(t) = self.test(key, v, &p) {
                    tests.push(t);
                }
            }
        }
        if !operator_keys.is_empty() {
            match (&variable, tests.pop()) {
                (Some(var), Some(test)) => found.push(Condition::Test {
                    variable: var.clone(),
                    test,
                }),
                (None, _) => self.errors.push(Diagnostic::error(
                    codes::CHOICE_RULE_SHAPE,
                    &ptr,
                    format!(
                        "\"{}\" needs a \"Variable\" naming the value to compare",
                        operator_keys[0]
                    ),
                )),
                (Some(_), None) => {} // the operand was reported
            }
        } else if variable.is_some() {
            self.errors.push(Diagnostic::error(
                codes::CHOICE_RULE_SHAPE,
                &ptr,
                "\"Variable\" without a comparison operator; add one such as \"StringEquals\" or \"IsPresent\"",
            ));
            return None;
        }

        match names.len() {
            0 => {
                self.errors.push(Diagnostic::error(
                    codes::CHOICE_RULE_SHAPE,
                    &ptr,
                    "a Choice rule needs a condition: \"Variable\" with an operator, \"And\", \"Or\", \"Not\", or (JSONata) \"Condition\"",
                ));
                None
            }
            1 => found.pop(),
            _ => {
                self.errors.push(Diagnostic::error(
                    codes::CHOICE_RULE_SHAPE,
                    &ptr,
                    format!("a Choice rule has exactly one condition, found {}; combine them with \"And\" or \"Or\"", names.join(", ")),
                ));
                None
            }
        }
    }

    pub(super) fn test(&mut self, key: &str, v: Value, p: &Pointer) -> Option<Test> {
        let flag = |cx: &mut Cx, v: Value| match v {
            Value::Bool(b) => Some(b),
            other => {
                cx.type_error(p, "true or false", &other);
                None
            }
        };
        match key {
            "IsNull" => return flag(self, v).map(Test::IsNull),
            "IsPresent" => return flag(self, v).map(Test::IsPresent),
            "IsNumeric" => return flag(self, v).map(Test::IsNumeric),
            "IsString" => return flag(self, v).map(Test::IsString),
            "IsBoolean" => return flag(self, v).map(Test::IsBoolean),
            "IsTimestamp" => return flag(self, v).map(Test::IsTimestamp),
            "StringMatches" => {
                return match v {
                    Value::String(s) => Some(Test::StringMatches(s)),
                    other => {
                        self.type_error(p, "a pattern string", &other);
                        None
                    }
                }
            }
            _ => {}
        }
        let (kind, op, is_path) = split_operator(key)?;
        let operand = if is_path {
            match v {
                Value::String(s) => Operand::Path(s),
                other => {
                    self.type_error(p, "a path string", &other);
                    return None;
                }
            }
        } else {
            match (kind, v) {
                (CompareKind::String | CompareKind::Timestamp, Value::String(s)) => {
                    Operand::String(s)
                }
                (CompareKind::Numeric, Value::Number(n)) => Operand::Number(n),
                (CompareKind::Boolean, Value::Bool(b)) => Operand::Bool(b),
                (kind, other) => {
                    let expected = match kind {
                        CompareKind::String => "a string",
                        CompareKind::Timestamp => "an RFC 3339 timestamp string",
                        CompareKind::Numeric => "a number",
                        CompareKind::Boolean => "true or false",
                    };
                    self.type_error(p, expected, &other);
                    return None;
                }
            }
        };
        Some(Test::Compare { kind, op, operand })
    }
}

/// Whether `key` is a Choice comparison operator name.
fn is_operator(key: &str) -> bool {
    matches!(
        key,
        "StringMatches"
            | "IsNull"
            | "IsPresent"
            | "IsNumeric"
            | "IsString"
            | "IsBoolean"
            | "IsTimestamp"
    ) || split_operator(key).is_some()
}

/// `NumericGreaterThanEqualsPath` → (Numeric, GreaterThanEquals, true).
pub fn split_operator(key: &str) -> Option<(CompareKind, CompareOp, bool)> {
    let (kind, rest) = [
        ("String", CompareKind::String),
        ("Numeric", CompareKind::Numeric),
        ("Boolean", CompareKind::Boolean),
        ("Timestamp", CompareKind::Timestamp),
    ]
    .into_iter()
    .find_map(|(prefix, kind)| key.strip_prefix(prefix).map(|rest| (kind, rest)))?;
    let (rest, is_path) = match rest.strip_suffix("Path") {
        Some(r) => (r, true),
        None => (rest, false),
    };
    let op = match rest {
        "Equals" => CompareOp::Equals,
        "LessThan" => CompareOp::LessThan,
        "GreaterThan" => CompareOp::GreaterThan,
        "LessThanEquals" => CompareOp::LessThanEquals,
        "GreaterThanEquals" => CompareOp::GreaterThanEquals,
        _ => return None,
    };
    if kind == CompareKind::Boolean && op != CompareOp::Equals {
        return None;
    }
    Some((kind, op, is_path))
}
