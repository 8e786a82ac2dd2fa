//! A state's data flow in JSONata: `Arguments`, `Output`, `Assign` and the numeric fields, each a
//! template or a `{% %}` expression evaluated with `$states` and the thread's variables.

use super::*;
use crate::jsonata::{wrong_type, Scope, Site, StatesVar};

/// What `$states` and the context hold in one field besides the state input.
#[derive(Default, Clone, Copy)]
pub(super) struct Extra<'a> {
    pub result: Option<&'a Value>,
    pub error_output: Option<&'a Value>,
    pub token: Option<&'a str>,
    pub item: Option<(usize, &'a Value)>,
}

impl Extra<'_> {
    pub const NONE: Extra<'static> = Extra {
        result: None,
        error_output: None,
        token: None,
        item: None,
    };
}

impl<'a> Extra<'a> {
    pub fn result(v: &'a Value) -> Self {
        Extra {
            result: Some(v),
            ..Extra::NONE
        }
    }
    pub fn error_output(v: &'a Value) -> Self {
        Extra {
            error_output: Some(v),
            ..Extra::NONE
        }
    }
}

impl<'m> Engine<'m, '_> {
    /// The current state and its entered event, for error causes.
    pub(super) fn site(&self, tid: usize) -> Site<'m> {
        let t = &self.threads[tid];
        Site {
            state: t.state,
            entered_event: t.entered_event,
        }
    }

    pub(super) fn is_jsonata(&self, common: &Common) -> bool {
        self.query_language(common) == QueryLanguage::Jsonata
    }

    fn with_jsonata<T>(
        &mut self,
        tid: usize,
        input: &Arc<Value>,
        extra: Extra<'_>,
        f: impl FnOnce(&mut crate::jsonata::JsonataCache, &Scope<'_>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let t = &self.threads[tid];
        let vars = Rc::clone(&t.vars);
        let ctx = Ctx {
            exec: &self.exec,
            state: t.state,
            entered: t.entered_at,
            retry: t
                .states
                .get(t.state)
                .is_some_and(|s| s.error_handling().is_some())
                .then_some(t.retry_total),
            token: extra.token,
            item: extra.item,
        };
        let context = || ctx.without_input();
        let scope = Scope {
            states: StatesVar {
                input,
                result: extra.result,
                error_output: extra.error_output,
                context: &context,
                execution_input: &self.exec.input,
            },
            vars: &vars,
            site: Site {
                state: t.state,
                entered_event: t.entered_event,
            },
            now_ms: self.now,
            seed: self.ev.rng.next_u64(),
        };
        f(&mut self.jsonata, &scope)
    }

    /// A template field (`Arguments`, `Output`, `ItemSelector`, …).
    pub(super) fn ja_template(
        &mut self,
        tid: usize,
        tpl: &Value,
        field: &str,
        input: &Arc<Value>,
        extra: Extra<'_>,
    ) -> Result<Value, Failure> {
        self.with_jsonata(tid, input, extra, |c, scope| c.template(tpl, field, scope))
    }

    /// `Assign`: every value evaluated against the variables as they were on entry.
    pub(super) fn ja_assign(
        &mut self,
        tid: usize,
        assign: Option<&IndexMap<String, Value>>,
        input: &Arc<Value>,
        extra: Extra<'_>,
    ) -> Result<Vec<(String, Value)>, Failure> {
        let Some(assign) = assign else {
            return Ok(Vec::new());
        };
        let out = self.with_jsonata(tid, input, extra, |c, scope| {
            assign
                .iter()
                .map(|(k, v)| Ok((k.clone(), c.template(v, &format!("Assign/{k}"), scope)?)))
                .collect::<Result<Vec<_>, Failure>>()
        })?;
        self.check_assigned(tid, &out)?;
        Ok(out)
    }

    /// `Output`, or `default` without one; the state output size limit applies.
    pub(super) fn ja_output(
        &mut self,
        tid: usize,
        output: Option<&Value>,
        default: Arc<Value>,
        input: &Arc<Value>,
        extra: Extra<'_>,
    ) -> Result<Arc<Value>, Failure> {
        let out = match output {
            Some(tpl) => Arc::new(self.ja_template(tid, tpl, "Output", input, extra)?),
            None => default,
        };
        self.check_size(&out, "state output")?;
        Ok(out)
    }

    /// A numeric field given as an expression (`TimeoutSeconds`, `MaxConcurrency`, …): the value
    /// must be a number within `range`; `integer` fields refuse fractions.
    pub(super) fn ja_number(
        &mut self,
        tid: usize,
        text: &str,
        field: &str,
        input: &Arc<Value>,
        integer: bool,
        range: (f64, f64),
    ) -> Result<f64, Failure> {
        let v = self.with_jsonata(tid, input, Extra::NONE, |c, scope| {
            let v = c.value(text, field, scope)?;
            let n = v.as_f64().filter(|n| !integer || n.fract() == 0.0);
            match n {
                Some(n) if n >= range.0 && n <= range.1 => Ok(n),
                Some(_) => Err(scope.site.failure(format!(
                    "The JSONata expression '{}' specified for the field '{field}' returned a value out of range: {}. Expected a value between {} and {}.",
                    expression_text(text),
                    compact(&v),
                    range.0,
                    range.1
                ))),
                None => Err(wrong_type(
                    text,
                    field,
                    if integer { "integer" } else { "number" },
                    &v,
                    &scope.site,
                )),
            }
        })?;
        Ok(v)
    }

    /// An integer field that is a literal or an expression.
    pub(super) fn ja_count(
        &mut self,
        tid: usize,
        e: &JsonataOr<u64>,
        field: &str,
        input: &Arc<Value>,
        range: (f64, f64),
    ) -> Result<u64, Failure> {
        match e {
            JsonataOr::Value(n) => Ok(*n),
            JsonataOr::Jsonata(text) => {
                Ok(self.ja_number(tid, text, field, input, true, range)? as u64)
            }
        }
    }

    /// A string field that may be an expression (a Fail state's `Error` and `Cause`).
    pub(super) fn ja_string(
        &mut self,
        tid: usize,
        text: &str,
        field: &str,
        input: &Arc<Value>,
    ) -> Result<String, Failure> {
        if !asl_model::jsonata::is_expression(text) {
            return Ok(text.to_string());
        }
        self.with_jsonata(tid, input, Extra::NONE, |c, scope| {
            match c.value(text, field, scope)? {
                Value::String(s) => Ok(s),
                other => Err(wrong_type(text, field, "string", &other, &scope.site)),
            }
        })
    }

    /// A Choice rule's `Condition`: `true`/`false`, or an expression that must give a boolean.
    pub(super) fn ja_condition(
        &mut self,
        tid: usize,
        cond: &Value,
        input: &Arc<Value>,
    ) -> Result<bool, Failure> {
        match cond {
            Value::Bool(b) => Ok(*b),
            Value::String(text) => self.with_jsonata(tid, input, Extra::NONE, |c, scope| {
                match c.value(text, "Condition", scope)? {
                    Value::Bool(b) => Ok(b),
                    other => Err(wrong_type(
                        text,
                        "Condition",
                        "boolean",
                        &other,
                        &scope.site,
                    )),
                }
            }),
            other => Err(Failure::runtime(format!(
                "A Choice rule's Condition must be a boolean or a JSONata expression, not {}",
                compact(other)
            ))),
        }
    }

    /// A Map state's `Items`: an array, or an expression that gives one.
    pub(super) fn ja_items(
        &mut self,
        tid: usize,
        items: Option<&Value>,
        input: &Arc<Value>,
    ) -> Result<Vec<Value>, Failure> {
        let v = match items {
            None => (**input).clone(),
            Some(Value::String(text)) if asl_model::jsonata::is_expression(text) => {
                let v = self.with_jsonata(tid, input, Extra::NONE, |c, scope| {
                    c.value(text, "Items", scope).and_then(|v| match v {
                        Value::Array(_) => Ok(v),
                        other => Err(wrong_type(text, "Items", "array", &other, &scope.site)),
                    })
                })?;
                return Ok(match v {
                    Value::Array(a) => a,
                    _ => Vec::new(),
                });
            }
            Some(tpl) => self.ja_template(tid, tpl, "Items", input, Extra::NONE)?,
        };
        match v {
            Value::Array(a) => Ok(a),
            other => Err(self.site(tid).failure(format!(
                "Map state input must be an array but was: {}",
                json_type_name(&other)
            ))),
        }
    }
}

fn expression_text(text: &str) -> &str {
    asl_model::jsonata::expression_body(text)
        .unwrap_or(text)
        .trim()
}

fn json_type_name(v: &Value) -> String {
    match v {
        Value::Number(_) | Value::Bool(_) | Value::Null => compact(v),
        _ => crate::jsonata::json_type(v).to_string(),
    }
}
