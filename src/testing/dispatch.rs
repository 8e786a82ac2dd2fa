//! The mocks of an [`Env`](crate::testing::Env) serving the ASL run in asl-local: each task
//! call is matched to the native task it stands for, and answered with the result the mock
//! gave the native run for the same task and input (so mocks that keep state, such as scripts
//! and attempt counters, answer both runs alike), or by calling the mock.

use std::collections::HashMap;

use asl_local::{Outcome, ResourceKind, TaskCall as AslCall, TaskError as AslTaskError};
use asl_model::ir::TaskSpec;
use serde_json::{json, Value};

use super::compare::{contained, without_context};
use super::specs::{key_names, native_names};
use crate::runtime::{AnsweredCall, Failure, Handler, MockTiming};

/// One task call of the ASL run as the native run would have recorded it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct AslTaskCall {
    /// The native task name it was matched to (the task fn's name, an integration's action).
    pub task: String,
    /// The input in native form (a `lambda:invoke` call: `{FunctionName, Payload}`).
    pub input: Value,
    /// A `lambda:invoke` call, of which asl-local shows only the FunctionName and Payload.
    pub lambda_invoke: bool,
}

pub(crate) struct AslMocks {
    specs: Vec<TaskSpec>,
    pub handlers: HashMap<String, Handler>,
    /// The native run's answers not yet replayed.
    answered: Vec<Option<AnsweredCall>>,
    /// The mock key a resource was matched to, so that two tasks of one name in two modules
    /// keep the mock the native run used for them.
    bound: HashMap<String, String>,
    pub calls: Vec<AslTaskCall>,
}

impl AslMocks {
    pub fn new(
        specs: Vec<TaskSpec>,
        handlers: HashMap<String, Handler>,
        answered: Vec<AnsweredCall>,
    ) -> AslMocks {
        AslMocks {
            specs,
            handlers,
            answered: answered.into_iter().map(Some).collect(),
            bound: HashMap::new(),
            calls: Vec::new(),
        }
    }

    /// What asl-local's task call returns.
    pub fn answer(&mut self, call: &AslCall) -> Outcome {
        let lambda_invoke = call.kind == ResourceKind::LambdaInvoke;
        // The task token is the native placeholder in both runs (`asl::aws::task_token()`),
        // so a mock sees the same request either way.
        let request = with_native_token(call.input.clone(), &call.task_token);
        let input = if lambda_invoke {
            json!({"FunctionName": call.resource, "Payload": request})
        } else {
            request
        };
        let names = native_names(call, &self.specs);
        let (task, result, timing) = match self.replay(call, &names, &input) {
            Some(answered) => answered,
            None => self.call_mock(call, &names, input.clone()),
        };
        self.calls.push(AslTaskCall {
            task,
            input,
            lambda_invoke,
        });
        let outcome = match result {
            // asl-local wraps what a `lambda:invoke` function returns in the Invoke response;
            // a native mock returns the whole response.
            Ok(v)
                if lambda_invoke && v.get("StatusCode").is_some() && v.get("Payload").is_some() =>
            {
                Outcome::ok(v["Payload"].clone())
            }
            Ok(v) => Outcome::ok(v),
            Err(f) => Outcome::err(AslTaskError::new(f.error, f.cause)),
        };
        // The mock's simulated time: asl-local's Task timing decides whether it times out.
        let outcome = match timing.duration {
            Some(d) => outcome.taking(d),
            None => outcome,
        };
        match timing.heartbeat {
            Some(h) => outcome.heartbeat_every(h),
            None => outcome,
        }
    }

    /// The first answer of the native run not replayed yet for this task and input.
    fn replay(
        &mut self,
        call: &AslCall,
        names: &[String],
        input: &Value,
    ) -> Option<(String, Result<Value, Failure>, MockTiming)> {
        let invoke = call.kind == ResourceKind::LambdaInvoke;
        let named = |a: &AnsweredCall| names.contains(&a.name) || key_names(&a.key, names);
        let position = self
            .answered
            .iter()
            .position(|a| {
                a.as_ref()
                    .is_some_and(|a| named(a) && same_input(&a.input, input, invoke))
            })
            // `#[task(name = "…")]` names the state, not the fn: then the input decides.
            .or_else(|| {
                self.answered.iter().position(|a| {
                    a.as_ref()
                        .is_some_and(|a| same_input(&a.input, input, invoke))
                })
            })?;
        let slot = &mut self.answered[position];
        let answered = slot.take()?;
        self.bound.insert(call.resource.clone(), answered.key);
        Some((answered.name, answered.result, answered.timing))
    }

    /// A call the native run did not make: the mock itself answers it.
    fn call_mock(
        &mut self,
        call: &AslCall,
        names: &[String],
        input: Value,
    ) -> (String, Result<Value, Failure>, MockTiming) {
        let mut keys: Vec<&String> = self
            .handlers
            .keys()
            .filter(|k| key_names(k, names))
            .collect();
        keys.sort();
        // A mock the native run used for another resource is another task of the same name.
        let free = |k: &&&String| {
            !self
                .bound
                .iter()
                .any(|(r, b)| b == **k && *r != call.resource)
        };
        let key = match self.bound.get(&call.resource) {
            Some(k) if keys.contains(&k) => Some(k.clone()),
            _ => keys
                .iter()
                .find(free)
                .or(keys.first())
                .map(|k| k.to_string()),
        };
        let Some(key) = key else {
            let name = names
                .first()
                .cloned()
                .unwrap_or_else(|| call.resource.clone());
            let cause = format!(
                "task `{name}` has no Rust body and no mock: add one to the run's environment, `asl::testing::Env::new().mock({name}::mock(|input| …))`"
            );
            // asl-local's own name: no Catch or Retry matches it, as natively.
            return (
                name,
                Err(Failure {
                    error: "asl-local.NoHandler".into(),
                    cause,
                }),
                MockTiming::default(),
            );
        };
        let name = names
            .iter()
            .find(|n| key_names(&key, std::slice::from_ref(n)))
            .cloned()
            .unwrap_or_else(|| key.clone());
        self.bound.insert(call.resource.clone(), key.clone());
        let handler = self.handlers.get_mut(&key).expect("the key was found");
        let (result, timing) = handler(input);
        (name, result, timing)
    }
}

/// Whether a native input and an ASL call's input are the same call: the native value is in
/// the ASL one (ASL may carry fields kept alongside), context values aside.
pub(crate) fn same_input(native: &Value, asl: &Value, lambda_invoke: bool) -> bool {
    let native = if lambda_invoke {
        invoke_part(native)
    } else {
        native.clone()
    };
    contained(&without_context(native), &without_context(asl.clone()))
}

/// The part of a `lambda:invoke` request asl-local shows: FunctionName and Payload.
pub(crate) fn invoke_part(request: &Value) -> Value {
    json!({"FunctionName": request["FunctionName"], "Payload": request["Payload"]})
}

/// `value` with the ASL run's task token written as the native one wherever it appears whole.
fn with_native_token(value: Value, token: &str) -> Value {
    match value {
        Value::String(s) if !token.is_empty() && s == token => {
            Value::String(crate::aws::NATIVE_TASK_TOKEN.to_string())
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| with_native_token(v, token))
                .collect(),
        ),
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| (k, with_native_token(v, token)))
                .collect(),
        ),
        other => other,
    }
}
