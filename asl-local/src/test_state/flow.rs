//! The evaluation context of one tested state: its variables, the context object and the JSONPath
//! and JSONata building blocks (paths, templates, ResultPath, Assign, `{% %}` fields) applied
//! outside the engine's threads.

use std::sync::Arc;

use asl_model::NullablePath;
use indexmap::IndexMap;
use serde_json::{json, Value};

use crate::clock::format_millis;
use crate::errors::{names, Failure};
use crate::executor::DEFAULT_START_MS;
use crate::intrinsics::compact;
use crate::jsonata::{wrong_type, JsonataCache, Scope, Site, StatesVar};
use crate::query::{write_at, Ctx, Env, ExecInfo, Vars};
use crate::template::Evaluator;

/// What `$states` (JSONata) or the context object (JSONPath) hold besides the state input.
#[derive(Default, Clone, Copy)]
pub(super) struct Extra<'a> {
    pub result: Option<&'a Value>,
    pub error_output: Option<&'a Value>,
    pub token: Option<&'a str>,
    pub item: Option<(usize, &'a Value)>,
}

/// One tested state's evaluation context.
pub(super) struct Flow<'s> {
    pub state: &'s str,
    pub ev: Evaluator,
    jsonata: JsonataCache,
    pub exec: ExecInfo,
    pub vars: Vars,
    pub now: i64,
    /// `$$.State.RetryCount`, for states that can retry.
    pub retry: Option<u32>,
}

impl<'s> Flow<'s> {
    pub fn new(
        state: &'s str,
        input: &Value,
        variables: &serde_json::Map<String, Value>,
        retry: Option<u32>,
    ) -> Self {
        let mut ev = Evaluator::new(0);
        let name = ev.rng.uuid_v4();
        let prefix = "arn:aws:states:us-east-1:123456789012";
        let exec = ExecInfo {
            id: format!("{prefix}:execution:StateMachine:{name}"),
            name,
            start_time: format_millis(DEFAULT_START_MS),
            role_arn: "arn:aws:iam::123456789012:role/asl-local".into(),
            machine_id: format!("{prefix}:stateMachine:StateMachine"),
            machine_name: "StateMachine".into(),
            input: Arc::new(input.clone()),
        };
        let mut vars = Vars::default();
        for (k, v) in variables {
            vars.set(k.clone(), v.clone());
        }
        Flow {
            state,
            ev,
            jsonata: JsonataCache::default(),
            exec,
            vars,
            now: DEFAULT_START_MS,
            retry,
        }
    }

    /// A fresh task token, as `$$.Task.Token` holds it.
    pub fn token(&mut self) -> String {
        self.ev.rng.uuid_v4()
    }

    // ------------------------------------------------------------------ JSONPath

    fn with_env<T>(
        &mut self,
        input: &Value,
        extra: Extra<'_>,
        f: impl FnOnce(&mut Evaluator, &Env<'_>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let ctx = Ctx {
            exec: &self.exec,
            state: self.state,
            entered: self.now,
            retry: self.retry,
            token: extra.token,
            item: extra.item,
        };
        let env = Env::new(input, &self.vars, &ctx);
        f(&mut self.ev, &env)
    }

    pub fn path(&mut self, path: &str, input: &Value) -> Result<Option<Value>, Failure> {
        self.with_env(input, Extra::default(), |ev, env| ev.path(path, env))
    }

    pub fn template(
        &mut self,
        tpl: &Value,
        input: &Value,
        extra: Extra<'_>,
    ) -> Result<Value, Failure> {
        self.with_env(input, extra, |ev, env| ev.template(tpl, env))
    }

    /// `ErrorPath`/`CausePath` and the like: a path or an intrinsic call.
    pub fn dynamic(&mut self, field: &str, text: &str, input: &Value) -> Result<Value, Failure> {
        let key = format!("{field}.$");
        self.with_env(input, Extra::default(), |ev, env| {
            ev.dynamic(&key, &Value::String(text.to_string()), env)
        })
    }

    pub fn choice_holds(
        &mut self,
        cond: &asl_model::Condition,
        input: &Value,
    ) -> Result<bool, Failure> {
        self.with_env(input, Extra::default(), |ev, env| {
            crate::choice::holds(cond, env, ev)
        })
    }

    /// InputPath or OutputPath.
    pub fn filter_path(
        &mut self,
        path: Option<&NullablePath>,
        data: &Value,
        field: &str,
    ) -> Result<Value, Failure> {
        match path {
            None => Ok(data.clone()),
            Some(NullablePath::Null) => Ok(json!({})),
            Some(NullablePath::Path(p)) => match self.path(p, data)? {
                Some(v) => Ok(v),
                None => Err(Failure::runtime(format!(
                    "Invalid path '{p}' : The {field} '{p}' references nothing in the input '{}'",
                    compact(data)
                ))),
            },
        }
    }

    /// ResultPath: where the result goes in the raw input.
    pub fn result_path(
        &mut self,
        raw: &Value,
        rp: Option<&NullablePath>,
        result: Value,
    ) -> Result<Value, Failure> {
        match rp {
            None => Ok(result),
            Some(NullablePath::Null) => Ok(raw.clone()),
            Some(NullablePath::Path(p)) => {
                let fail = |why: String| {
                    Failure::new(
                        names::RESULT_PATH_MATCH_FAILURE,
                        format!(
                            "Unable to apply ResultPath '{p}' to input '{}': {why}",
                            compact(raw)
                        ),
                    )
                };
                let path = self
                    .ev
                    .paths
                    .get(p)
                    .map_err(|f| fail(f.cause.unwrap_or_default()))?;
                if path.root != asl_model::path::Root::Input || !path.is_reference_path() {
                    return Err(fail(
                        "a ResultPath must be a reference path starting at '$'".into(),
                    ));
                }
                if path.segments.is_empty() {
                    return Ok(result);
                }
                let mut doc = raw.clone();
                write_at(&mut doc, &path.segments, result).map_err(fail)?;
                Ok(doc)
            }
        }
    }

    /// JSONPath `Assign`, evaluated with `$` bound to `dollar`.
    pub fn assign(
        &mut self,
        assign: Option<&IndexMap<String, Value>>,
        dollar: &Value,
    ) -> Result<Vec<(String, Value)>, Failure> {
        let Some(assign) = assign else {
            return Ok(Vec::new());
        };
        self.with_env(dollar, Extra::default(), |ev, env| {
            let mut out = Vec::with_capacity(assign.len());
            for (k, v) in assign {
                match k.strip_suffix(".$").filter(|n| !n.is_empty()) {
                    Some(name) => out.push((name.to_string(), ev.dynamic(k, v, env)?)),
                    None => out.push((k.clone(), ev.template(v, env)?)),
                }
            }
            Ok(out)
        })
    }

    /// Sets the assigned variables (after every field that reads them was evaluated).
    pub fn commit(&mut self, assigned: &[(String, Value)]) {
        for (k, v) in assigned {
            self.vars.set(k.clone(), v.clone());
        }
    }

    /// Every variable the state sees, as one object (names sorted).
    pub fn variables(&self) -> Value {
        let mut all = std::collections::BTreeMap::new();
        self.vars.for_each_visible(&mut |k, v| {
            all.insert(k.to_string(), v.clone());
        });
        Value::Object(all.into_iter().collect())
    }

    // ------------------------------------------------------------------ JSONata

    fn with_jsonata<T>(
        &mut self,
        input: &Arc<Value>,
        extra: Extra<'_>,
        f: impl FnOnce(&mut JsonataCache, &Scope<'_>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let seed = self.ev.rng.next_u64();
        let ctx = Ctx {
            exec: &self.exec,
            state: self.state,
            entered: self.now,
            retry: self.retry,
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
            vars: &self.vars,
            site: Site {
                state: self.state,
                entered_event: 1,
            },
            now_ms: self.now,
            seed,
        };
        f(&mut self.jsonata, &scope)
    }

    /// A template field (`Arguments`, `Output`, `ItemSelector`, `Items` …).
    pub fn ja_template(
        &mut self,
        tpl: &Value,
        field: &str,
        input: &Arc<Value>,
        extra: Extra<'_>,
    ) -> Result<Value, Failure> {
        self.with_jsonata(input, extra, |c, scope| c.template(tpl, field, scope))
    }

    /// JSONata `Assign`: every value evaluated against the variables as they were on entry.
    pub fn ja_assign(
        &mut self,
        assign: Option<&IndexMap<String, Value>>,
        input: &Arc<Value>,
        extra: Extra<'_>,
    ) -> Result<Vec<(String, Value)>, Failure> {
        let Some(assign) = assign else {
            return Ok(Vec::new());
        };
        self.with_jsonata(input, extra, |c, scope| {
            assign
                .iter()
                .map(|(k, v)| Ok((k.clone(), c.template(v, &format!("Assign/{k}"), scope)?)))
                .collect()
        })
    }

    /// `Output`, or `default` without one.
    pub fn ja_output(
        &mut self,
        output: Option<&Value>,
        default: Value,
        input: &Arc<Value>,
        extra: Extra<'_>,
    ) -> Result<Value, Failure> {
        match output {
            Some(tpl) => self.ja_template(tpl, "Output", input, extra),
            None => Ok(default),
        }
    }

    /// A field that must give a value of one JSON type: `expected` names it in the error.
    pub fn ja_typed(
        &mut self,
        text: &str,
        field: &str,
        input: &Arc<Value>,
        expected: &str,
        fits: impl Fn(&Value) -> bool,
    ) -> Result<Value, Failure> {
        self.with_jsonata(input, Extra::default(), |c, scope| {
            let v = c.value(text, field, scope)?;
            if fits(&v) {
                Ok(v)
            } else {
                Err(wrong_type(text, field, expected, &v, &scope.site))
            }
        })
    }

    /// A string field that may be an expression (a Fail state's `Error` and `Cause`).
    pub fn ja_string(
        &mut self,
        text: &str,
        field: &str,
        input: &Arc<Value>,
    ) -> Result<String, Failure> {
        if !asl_model::jsonata::is_expression(text) {
            return Ok(text.to_string());
        }
        let v = self.ja_typed(text, field, input, "string", Value::is_string)?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }
}
