//! JSONata in a state (`QueryLanguage: JSONata`): `{% %}` strings evaluated with `$states` and the
//! workflow variables bound, and the `States.QueryEvaluationError`s AWS raises when one fails.

use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Arc;

use asl_jsonata::{Expression, Options, Value as JValue};
use asl_model::jsonata::expression_body;
use serde_json::{Map, Value};

use crate::errors::{names, Failure};
use crate::intrinsics::compact;
use crate::query::Vars;

/// What `$states` holds for one evaluation; `result` and `error_output` only in the fields AWS
/// gives them (a Task/Parallel/Map's `Output`/`Assign`, a Catch's `Output`/`Assign`).
pub(crate) struct StatesVar<'a> {
    pub input: &'a Arc<Value>,
    pub result: Option<&'a Value>,
    pub error_output: Option<&'a Value>,
    /// The context object but `Execution.Input`, built on first use (it is rarely read).
    pub context: &'a dyn Fn() -> Map<String, Value>,
    pub execution_input: &'a Arc<Value>,
}

/// Where an evaluation happens, for the error cause: AWS opens every one with the state and the
/// id of its `…StateEntered` event.
pub(crate) struct Site<'a> {
    pub state: &'a str,
    pub entered_event: u64,
}

impl Site<'_> {
    /// A `States.QueryEvaluationError`.
    pub fn failure(&self, why: impl std::fmt::Display) -> Failure {
        Failure::new(names::QUERY_EVALUATION_ERROR, self.cause(why))
    }

    /// A `States.Runtime` error, with the same opening.
    pub fn runtime(&self, why: impl std::fmt::Display) -> Failure {
        Failure::new(names::RUNTIME, self.cause(why))
    }

    fn cause(&self, why: impl std::fmt::Display) -> String {
        format!(
            "An error occurred while executing the state '{}' (entered at the event id #{}). {why}",
            self.state, self.entered_event
        )
    }
}

/// Parsed expressions by their text, and the last state input converted to a JSONata value.
#[derive(Default)]
pub(crate) struct JsonataCache {
    parsed: HashMap<String, Rc<Expression>>,
    /// A Map's ItemSelector, evaluated per item, converts the state input once, not per item.
    input: Option<(Arc<Value>, JValue)>,
    execution_input: Option<(Arc<Value>, JValue)>,
    /// A test's values for `$random()` and `$uuid()` (`Executor::entropy`).
    entropy: Option<asl_jsonata::EntropySource>,
}

/// One evaluation's inputs besides the expression.
pub(crate) struct Scope<'a> {
    pub states: StatesVar<'a>,
    pub vars: &'a Vars,
    pub site: Site<'a>,
    pub now_ms: i64,
    pub seed: u64,
}

/// The result of evaluating one expression string.
pub(crate) enum Outcome {
    Value(Value),
    /// The expression gave nothing (JSONata's undefined).
    Nothing,
}

impl JsonataCache {
    pub fn with_entropy(entropy: Option<asl_jsonata::EntropySource>) -> JsonataCache {
        JsonataCache {
            entropy,
            ..JsonataCache::default()
        }
    }

    fn expression(
        &mut self,
        text: &str,
        site: &Site<'_>,
        field: &str,
    ) -> Result<Rc<Expression>, Failure> {
        if let Some(e) = self.parsed.get(text) {
            return Ok(Rc::clone(e));
        }
        let body = expression_body(text).unwrap_or(text);
        let e = Expression::parse(body).map_err(|e| {
            site.failure(format!(
                "The JSONata expression '{}' specified for the field '{field}' could not be parsed: {} ({})",
                body.trim(),
                e.message,
                e.code
            ))
        })?;
        let e = Rc::new(e);
        self.parsed.insert(text.to_string(), Rc::clone(&e));
        Ok(e)
    }

    fn input_value(&mut self, input: &Arc<Value>) -> JValue {
        converted(&mut self.input, input)
    }

    /// Evaluates one `{% … %}` string.
    pub fn eval(&mut self, text: &str, field: &str, scope: &Scope<'_>) -> Result<Outcome, Failure> {
        let expr = self.expression(text, &scope.site, field)?;
        let body = expression_body(text).unwrap_or(text);
        let options = Options {
            now_millis: Some(scope.now_ms as f64),
            random_seed: Some(scope.seed),
            entropy: self.entropy.clone(),
            ..Options::default()
        };
        let input = self.input_value(scope.states.input);
        let bound = bindings(body, scope, input.clone(), &mut self.execution_input);
        let value = expr
            .evaluate_value(input, bound, &options)
            .map_err(|e| {
                scope.site.failure(format!(
                    "The JSONata expression '{}' specified for the field '{field}' threw an error during evaluation. {}: {}",
                    body.trim(),
                    e.code,
                    e.message
                ))
            })?;
        if value.is_undefined() {
            return Ok(Outcome::Nothing);
        }
        if value.is_function() {
            return Err(scope.site.failure(format!(
                "The JSONata expression '{}' specified for the field '{field}' returned an unsupported result type.",
                body.trim()
            )));
        }
        match value.to_json() {
            Some(v) => Ok(Outcome::Value(v)),
            None => Ok(Outcome::Nothing),
        }
    }

    /// Evaluates one expression where a value is required.
    pub fn value(&mut self, text: &str, field: &str, scope: &Scope<'_>) -> Result<Value, Failure> {
        match self.eval(text, field, scope)? {
            Outcome::Value(v) => Ok(v),
            Outcome::Nothing => Err(nothing(text, field, &scope.site)),
        }
    }

    /// Evaluates a field's template: a `{% %}` string, or JSON whose strings may be expressions
    /// (object values and array items, at any depth). `field` names it in errors (`Output/a/0`).
    pub fn template(
        &mut self,
        tpl: &Value,
        field: &str,
        scope: &Scope<'_>,
    ) -> Result<Value, Failure> {
        match tpl {
            Value::String(s) if asl_model::jsonata::is_expression(s) => self.value(s, field, scope),
            Value::Object(m) => {
                let mut out = Map::with_capacity(m.len());
                for (k, v) in m {
                    out.insert(k.clone(), self.template(v, &format!("{field}/{k}"), scope)?);
                }
                Ok(Value::Object(out))
            }
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, v)| self.template(v, &format!("{field}/{i}"), scope))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            other => Ok(other.clone()),
        }
    }
}

/// The error AWS raises for an expression that gave nothing where a value is needed.
pub(crate) fn nothing(text: &str, field: &str, site: &Site<'_>) -> Failure {
    let body = expression_body(text).unwrap_or(text);
    site.failure(format!(
        "The JSONata expression '{}' specified for the field '{field}' returned nothing (undefined).",
        body.trim()
    ))
}

/// The error AWS raises for a value of the wrong type in a field (`Items`, `Seconds`, …).
pub(crate) fn wrong_type(
    text: &str,
    field: &str,
    expected: &str,
    got: &Value,
    site: &Site<'_>,
) -> Failure {
    let body = expression_body(text).unwrap_or(text);
    site.failure(format!(
        "The JSONata expression '{}' specified for the field '{field}' returned an unexpected result type. Expected '{expected}', but was '{}' for value: {}",
        body.trim(),
        json_type(got),
        compact(got)
    ))
}

/// The JSON type name AWS writes in its messages.
pub(crate) fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// `$states` and the variables the expression can name. A variable is bound only when `$name`
/// occurs in the text: there is no dynamic lookup (`$eval` is refused), so this is exact enough
/// and spares converting every variable on every evaluation.
fn bindings(
    body: &str,
    scope: &Scope<'_>,
    input: JValue,
    execution_input: &mut Option<(Arc<Value>, JValue)>,
) -> Vec<(String, JValue)> {
    let mut out = Vec::new();
    scope.vars.for_each_visible(&mut |name, value| {
        if mentions(body, name) {
            out.push((name.to_string(), JValue::from_json(value)));
        }
    });
    if mentions(body, "states") {
        let s = &scope.states;
        let mut o = asl_jsonata::value::Object::default();
        o.insert("input".into(), input);
        if let Some(r) = s.result {
            o.insert("result".into(), JValue::from_json(r));
        }
        if let Some(e) = s.error_output {
            o.insert("errorOutput".into(), JValue::from_json(e));
        }
        if body.contains("context") {
            let mut context = asl_jsonata::value::Object::default();
            for (k, v) in (s.context)() {
                let j = match (&v, k.as_str()) {
                    (Value::Object(fields), "Execution") => {
                        let mut e = asl_jsonata::value::Object::default();
                        for (f, fv) in fields {
                            e.insert(f.as_str().into(), JValue::from_json(fv));
                        }
                        e.insert(
                            "Input".into(),
                            converted(execution_input, s.execution_input),
                        );
                        JValue::object(e)
                    }
                    _ => JValue::from_json(&v),
                };
                context.insert(k.as_str().into(), j);
            }
            o.insert("context".into(), JValue::object(context));
        }
        out.push(("states".into(), JValue::object(o)));
    }
    out
}

/// `value` as a JSONata value, converted once while it stays the same `Arc`: holding the `Arc`
/// keeps its address from being reused, so pointer equality is identity.
fn converted(slot: &mut Option<(Arc<Value>, JValue)>, value: &Arc<Value>) -> JValue {
    match slot {
        Some((held, j)) if Arc::ptr_eq(held, value) => j.clone(),
        _ => {
            let j = JValue::from_json(value);
            *slot = Some((Arc::clone(value), j.clone()));
            j
        }
    }
}

fn mentions(body: &str, name: &str) -> bool {
    body.match_indices('$').any(|(i, _)| {
        body[i + 1..].starts_with(name)
            && !body[i + 1 + name.len()..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn scope<'a>(
        input: &'a Arc<Value>,
        vars: &'a Vars,
        ctx: &'a dyn Fn() -> Map<String, Value>,
    ) -> Scope<'a> {
        Scope {
            states: StatesVar {
                input,
                result: None,
                error_output: None,
                context: ctx,
                execution_input: input,
            },
            vars,
            site: Site {
                state: "S",
                entered_event: 2,
            },
            now_ms: 0,
            seed: 1,
        }
    }

    #[test]
    fn templates_evaluate_nested_expressions_and_name_the_field() {
        let mut vars = Vars::default();
        vars.set("x".into(), json!(2));
        let input = Arc::new(json!({"a": [1, 2, 3]}));
        let ctx = || {
            let mut m = Map::new();
            m.insert("State".into(), json!({"Name": "S"}));
            m
        };
        let s = scope(&input, &vars, &ctx);
        let mut c = JsonataCache::default();
        let tpl = json!({"sum": "{% $sum($states.input.a) + $x %}", "lit": ["{% $states.context.State.Name %}", 1]});
        assert_eq!(
            c.template(&tpl, "Output", &s).unwrap(),
            json!({"sum": 8, "lit": ["S", 1]})
        );
        let f = c
            .template(&json!({"r": "{% $nope %}"}), "Output", &s)
            .unwrap_err();
        assert_eq!(f.error.as_deref(), Some("States.QueryEvaluationError"));
        assert_eq!(
            f.cause.as_deref(),
            Some("An error occurred while executing the state 'S' (entered at the event id #2). The JSONata expression '$nope' specified for the field 'Output/r' returned nothing (undefined).")
        );
    }

    #[test]
    fn variables_are_bound_by_exact_name() {
        assert!(mentions("$a + 1", "a"));
        assert!(!mentions("$ab + 1", "a"));
        assert!(mentions("$f($ab, $a)", "a"));
        assert!(!mentions("a", "a"));
    }
}
