//! Payload templates (Parameters, ResultSelector, ItemSelector, Assign): `.$` keys resolve paths and
//! intrinsic calls; everything else is copied.

use std::collections::HashMap;
use std::rc::Rc;

use asl_model::intrinsic::looks_like_intrinsic;
use serde_json::{Map, Value};

use crate::errors::Failure;
use crate::intrinsics::{self, compact, CallNode};
use crate::query::{kind_of, read, Env, PathCache};
use crate::rng::Rng;

/// Evaluation state shared by a whole execution: parsed paths and intrinsic calls, and the RNG.
pub(crate) struct Evaluator {
    pub paths: PathCache,
    calls: HashMap<String, Rc<CallNode>>,
    pub rng: Rng,
}

impl Evaluator {
    pub fn new(seed: u64) -> Self {
        Evaluator {
            paths: PathCache::default(),
            calls: HashMap::new(),
            rng: Rng::new(seed),
        }
    }

    /// With a test's values for `States.UUID` and `States.MathRandom`.
    pub fn with_entropy(mut self, entropy: Option<asl_jsonata::EntropySource>) -> Self {
        self.rng = self.rng.with_entropy(entropy);
        self
    }

    /// Reads a path; `Ok(None)` when it names nothing.
    pub fn path(&mut self, text: &str, env: &Env<'_>) -> Result<Option<Value>, Failure> {
        let p = self.paths.get(text)?;
        read(&p, env)
            .map(|r| r.into_value())
            .map_err(Failure::runtime)
    }

    /// Evaluates a template against `env` (its `$`).
    pub fn template(&mut self, tpl: &Value, env: &Env<'_>) -> Result<Value, Failure> {
        match tpl {
            Value::Object(m) => {
                let mut out = Map::with_capacity(m.len());
                for (k, v) in m {
                    match k.strip_suffix(".$").filter(|name| !name.is_empty()) {
                        Some(name) => {
                            let value = self.dynamic(k, v, env)?;
                            out.insert(name.to_string(), value);
                        }
                        None => {
                            let value = self.template(v, env)?;
                            out.insert(k.clone(), value);
                        }
                    }
                }
                Ok(Value::Object(out))
            }
            Value::Array(a) => a
                .iter()
                .map(|x| self.template(x, env))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::Array),
            other => Ok(other.clone()),
        }
    }

    /// The value of one `"key.$": "…"` field: a path or an intrinsic call.
    pub fn dynamic(&mut self, key: &str, v: &Value, env: &Env<'_>) -> Result<Value, Failure> {
        let Value::String(text) = v else {
            return Err(Failure::runtime(format!(
                "The value for the field '{key}' must be a string holding a JSONPath or an intrinsic function, but it is {}",
                kind_of(v)
            )));
        };
        if looks_like_intrinsic(text) {
            let node = match self.calls.get(text) {
                Some(n) => Rc::clone(n),
                None => {
                    let n = Rc::new(intrinsics::compile(text, &mut self.paths)?);
                    self.calls.insert(text.clone(), Rc::clone(&n));
                    n
                }
            };
            return intrinsics::eval(&node, env, &mut self.rng, key);
        }
        self.path(text, env)?.ok_or_else(|| {
            Failure::runtime(format!(
                "The JSONPath '{text}' specified for the field '{key}' could not be found in the input '{}'",
                compact(env.input)
            ))
        })
    }
}
