//! Reading the document's structure: the machine, its scopes (branches, processors), each state's common fields, transitions, Retry and Catch.

use indexmap::IndexMap;
use serde_json::Value;

use super::fields::Fields;
use super::{codes, Cx, MAX_DEPTH};
use crate::diagnostic::{Diagnostic, Pointer};
use crate::document::*;

impl Cx {
    pub(super) fn machine(&mut self, v: &Value, ptr: &Pointer) -> Option<StateMachine> {
        let mut f = self.object(v, ptr, "a state machine object")?;
        let comment = self.string(&mut f, "Comment");
        let query_language = self.query_language(&mut f);
        let start_at = self.required_string(&mut f, "StartAt");
        let states = self.states(&mut f);
        let timeout_seconds = self.uint(&mut f, "TimeoutSeconds");
        let version = self.string(&mut f, "Version");
        Some(StateMachine {
            comment,
            query_language,
            start_at: start_at.unwrap_or_default(),
            states: states.unwrap_or_default(),
            timeout_seconds,
            version,
            unknown: f.rest(),
        })
    }

    pub(super) fn graph(&mut self, v: &Value, ptr: &Pointer, with_config: bool) -> Option<Graph> {
        let mut f = self.object(v, ptr, "an object with StartAt and States")?;
        let comment = self.string(&mut f, "Comment");
        let processor_config = if with_config {
            self.processor_config(&mut f)
        } else {
            None
        };
        let query_language = self.query_language(&mut f);
        let start_at = self.required_string(&mut f, "StartAt");
        let states = self.states(&mut f);
        Some(Graph {
            comment,
            processor_config,
            query_language,
            start_at: start_at.unwrap_or_default(),
            states: states.unwrap_or_default(),
            unknown: f.rest(),
        })
    }

    pub(super) fn processor_config(&mut self, f: &mut Fields) -> Option<ProcessorConfig> {
        let (v, p) = f.take("ProcessorConfig")?;
        let mut c = self.object(&v, &p, "an object")?;
        let mode = self.one_of(
            &mut c,
            "Mode",
            &[
                ("INLINE", ProcessorMode::Inline),
                ("DISTRIBUTED", ProcessorMode::Distributed),
            ],
        );
        let execution_type = self.one_of(
            &mut c,
            "ExecutionType",
            &[
                ("STANDARD", ExecutionType::Standard),
                ("EXPRESS", ExecutionType::Express),
            ],
        );
        Some(ProcessorConfig {
            mode,
            execution_type,
            unknown: c.rest(),
        })
    }

    pub(super) fn states(&mut self, f: &mut Fields) -> Option<IndexMap<String, State>> {
        let present = f.has("States");
        let Some((v, p)) = f.take("States") else {
            if !present {
                self.require::<()>(f, "States", None);
            }
            return None;
        };
        let Value::Object(map) = v else {
            self.type_error(&p, "an object of state names to states", &v);
            return None;
        };
        let mut states = IndexMap::with_capacity(map.len());
        for (name, state) in map {
            if let Some(s) = self.state(&state, &p.join(&name)) {
                states.insert(name, s);
            }
        }
        Some(states)
    }

    pub(super) fn state(&mut self, v: &Value, ptr: &Pointer) -> Option<State> {
        if self.depth >= MAX_DEPTH {
            self.errors.push(Diagnostic::error(
                codes::NESTING_TOO_DEEP,
                ptr,
                format!("states are nested more than {MAX_DEPTH} levels deep; flatten the machine"),
            ));
            return None;
        }
        self.depth += 1;
        let state = self.state_inner(v, ptr);
        self.depth -= 1;
        state
    }

    pub(super) fn state_inner(&mut self, v: &Value, ptr: &Pointer) -> Option<State> {
        let mut f = self.object(v, ptr, "a state object")?;
        let type_ptr = ptr.join("Type");
        let Some(ty) = self.string(&mut f, "Type") else {
            if !v.as_object().is_some_and(|m| m.contains_key("Type")) {
                self.errors.push(Diagnostic::error(
                    codes::SCHEMA_REQUIRED,
                    ptr,
                    "missing required field \"Type\"; use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map",
                ));
            }
            return None;
        };
        let state = match ty.as_str() {
            "Task" => State::Task(self.task(&mut f)?),
            "Pass" => State::Pass(self.pass(&mut f)),
            "Choice" => State::Choice(self.choice(&mut f)),
            "Wait" => State::Wait(self.wait(&mut f)),
            "Succeed" => State::Succeed(SucceedState {
                common: self.common(&mut f),
            }),
            "Fail" => State::Fail(self.fail(&mut f)),
            "Parallel" => State::Parallel(self.parallel(&mut f)),
            "Map" => State::Map(self.map(&mut f)),
            other => {
                self.errors.push(Diagnostic::error(
                    codes::UNKNOWN_STATE_TYPE,
                    type_ptr,
                    format!("\"{other}\" is not a state type; use one of Task, Pass, Choice, Wait, Succeed, Fail, Parallel, Map"),
                ));
                return None;
            }
        };
        let mut state = state;
        state.common_mut().unknown = f.rest();
        Some(state)
    }

    /// Fields common to every state. Call after the type-specific fields are taken.
    pub(super) fn common(&mut self, f: &mut Fields) -> Common {
        Common {
            comment: self.string(f, "Comment"),
            query_language: self.query_language(f),
            input_path: self.nullable_path(f, "InputPath"),
            output_path: self.nullable_path(f, "OutputPath"),
            output: self.any(f, "Output"),
            assign: self.assign(f, "Assign"),
            unknown: UnknownFields::new(),
        }
    }

    pub(super) fn transition(&mut self, f: &mut Fields) -> Transition {
        let next = self.string(f, "Next");
        let end = self.boolean(f, "End");
        match (next, end) {
            (Some(n), Some(true)) => Transition::Both(n),
            (Some(n), _) => Transition::Next(n),
            (None, Some(true)) => Transition::End,
            (None, _) => Transition::Missing,
        }
    }

    pub(super) fn errors(&mut self, f: &mut Fields) -> ErrorHandling {
        let retry = f
            .take("Retry")
            .and_then(|(v, p)| self.list(&v, &p, Cx::retrier));
        let catch = f
            .take("Catch")
            .and_then(|(v, p)| self.list(&v, &p, Cx::catcher));
        ErrorHandling { retry, catch }
    }

    pub(super) fn list<T>(
        &mut self,
        v: &Value,
        p: &Pointer,
        item: fn(&mut Cx, &Value, &Pointer) -> Option<T>,
    ) -> Option<Vec<T>> {
        let Value::Array(items) = v else {
            self.type_error(p, "an array", v);
            return None;
        };
        Some(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, x)| item(self, x, &p.join(i)))
                .collect(),
        )
    }

    pub(super) fn retrier(&mut self, v: &Value, p: &Pointer) -> Option<Retrier> {
        let mut f = self.object(v, p, "a retrier object")?;
        let error_equals = self.string_list(&mut f, "ErrorEquals");
        let error_equals = self
            .require(&f, "ErrorEquals", error_equals)
            .unwrap_or_default();
        Some(Retrier {
            comment: self.string(&mut f, "Comment"),
            error_equals,
            interval_seconds: self.uint(&mut f, "IntervalSeconds"),
            max_attempts: self.int(&mut f, "MaxAttempts"),
            backoff_rate: self.float(&mut f, "BackoffRate", "a number ≥ 1.0"),
            max_delay_seconds: self.uint(&mut f, "MaxDelaySeconds"),
            jitter_strategy: self.one_of(
                &mut f,
                "JitterStrategy",
                &[
                    ("FULL", JitterStrategy::Full),
                    ("NONE", JitterStrategy::None),
                ],
            ),
            unknown: f.rest(),
        })
    }

    pub(super) fn catcher(&mut self, v: &Value, p: &Pointer) -> Option<Catcher> {
        let mut f = self.object(v, p, "a catcher object")?;
        let error_equals = self.string_list(&mut f, "ErrorEquals");
        let error_equals = self
            .require(&f, "ErrorEquals", error_equals)
            .unwrap_or_default();
        let next = self.required_string(&mut f, "Next");
        Some(Catcher {
            comment: self.string(&mut f, "Comment"),
            error_equals,
            next: next.unwrap_or_default(),
            result_path: self.nullable_path(&mut f, "ResultPath"),
            output: self.any(&mut f, "Output"),
            assign: self.assign(&mut f, "Assign"),
            unknown: f.rest(),
        })
    }
}
