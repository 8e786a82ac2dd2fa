//! Task calls, their arguments, Retry/timeouts, `return` and `?` with Catch.

use asl_model::document::{self as asl};
use asl_model::ir::*;
use serde_json::{json, Value};

use super::*;

impl<'w> Emitter<'w> {
    pub(crate) fn task(
        &mut self,
        c: &Call,
        result_path: Option<asl::NullablePath>,
        _s: &Stmt,
    ) -> asl::TaskState {
        let spec = &c.task;
        let resource = task_resource(spec);
        let mut t = asl::TaskState {
            common: common(),
            resource,
            parameters: None,
            arguments: None,
            result_selector: None,
            result_path: result_path.filter(|p| *p != asl::NullablePath::Path("$".into())),
            timeout_seconds: spec.timeout_seconds.map(asl::JsonataOr::Value),
            timeout_seconds_path: None,
            heartbeat_seconds: spec.heartbeat_seconds.map(asl::JsonataOr::Value),
            heartbeat_seconds_path: None,
            credentials: None,
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        if let Some(envelope) = &spec.envelope {
            let mut parameters = envelope.parameters.as_object().cloned().unwrap_or_default();
            let key = &envelope.argument_key;
            match &c.arg {
                None => {}
                Some(Expr::Place(p)) => {
                    parameters.insert(format!("{key}.$"), Value::String(self.path(p)));
                }
                Some(e) => match self.template(e) {
                    Ok(v) => {
                        parameters.insert(key.clone(), v);
                    }
                    Err(e) => self.errors.push(e),
                },
            }
            t.parameters = Some(Value::Object(parameters));
        } else {
            self.task_argument(c, &mut t);
        }
        self.task_policies(c, &mut t);
        t
    }

    /// A task's argument: `InputPath` for a place, `Parameters` for an object.
    pub(crate) fn task_argument(&mut self, c: &Call, t: &mut asl::TaskState) {
        let spec = &c.task;
        match &c.arg {
            None => t.common.input_path = Some(asl::NullablePath::Null),
            Some(Expr::Place(p)) => {
                let path = self.path(p);
                if path != "$" {
                    t.common.input_path = Some(asl::NullablePath::Path(path));
                }
            }
            Some(Expr::Compute(_)) => self.errors.push(NEEDS_JSONATA.into()),
            Some(e @ (Expr::Struct { .. } | Expr::Array(_))) => match self.template(e) {
                Ok(v) => t.parameters = Some(v),
                Err(e) => self.errors.push(e),
            },
            Some(Expr::Literal(v)) => self.errors.push(format!(
                "task `{}` is called with the literal {v}; ASL can only pass objects built in `Parameters`: give the task a payload struct as input",
                spec.name
            )),
            Some(Expr::Call(_)) => self.errors.push(format!("nested call in the argument of `{}`", spec.name)),
            Some(Expr::Parallel(_) | Expr::Map(_)) => self.errors.push(format!("bind the value in the argument of `{}` with `let` first", spec.name)),
            Some(Expr::Intrinsic { .. } | Expr::Context(_)) => self.errors.push(format!("the computed argument of `{}` must be bound with `let` first", spec.name)),
        }
    }

    /// Timeouts, heartbeats and retry policies of a task.
    pub(crate) fn task_policies(&mut self, c: &Call, t: &mut asl::TaskState) {
        let spec = &c.task;
        // `timeout = input.field`: the seconds are read from the state by path.
        for (field, is_timeout) in [(&spec.timeout_field, true), (&spec.heartbeat_field, false)] {
            let Some(field) = field else { continue };
            let source = timing_source(c, field);
            match source {
                Some(Expr::Place(p)) => {
                    let path = Some(self.path(&p));
                    if is_timeout {
                        t.timeout_seconds_path = path;
                    } else {
                        t.heartbeat_seconds_path = path;
                    }
                }
                Some(Expr::Literal(v)) if v.as_u64().is_some() => {
                    let n = v.as_u64().map(asl::JsonataOr::Value);
                    if is_timeout {
                        t.timeout_seconds = n;
                    } else {
                        t.heartbeat_seconds = n;
                    }
                }
                _ => self.errors.push(format!("task `{}` reads its timeout or heartbeat from the field `{field}` of its input, which is not a number field here", spec.name)),
            }
        }
        t.errors.retry = retriers(spec);
    }

    /// `return e`: the state that produces the output, with `End`.
    pub(crate) fn ret(&mut self, e: &Expr, entry: Label, s: &Stmt) {
        match e {
            Expr::Parallel(branches) => {
                let name = s.name.clone().unwrap_or_else(|| "Parallel".into());
                let i = self.parallel(branches, None, entry, None, &name);
                self.set_end(i);
            }
            Expr::Call(c) => {
                let mut task = self.task(c, None, s);
                if let Some(field) = output_field(e) {
                    task.common.output_path = Some(asl::NullablePath::Path(json_path(
                        "$",
                        &[field.to_string()],
                    )));
                }
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| task_state_name(&c.task.name));
                let i = self.push(entry, &name, asl::State::Task(task), None);
                self.set_end(i);
            }
            Expr::Place(p) => {
                let path = self.path(p);
                let mut succeed = asl::SucceedState { common: common() };
                if path != "$" {
                    succeed.common.output_path = Some(asl::NullablePath::Path(path));
                }
                let name = s.name.clone().unwrap_or_else(|| "Done".into());
                self.push(entry, &name, asl::State::Succeed(succeed), None);
            }
            Expr::Compute(_) => self.errors.push(NEEDS_JSONATA.into()),
            Expr::Literal(_) | Expr::Struct { .. } | Expr::Array(_) => match self.template(e) {
                Ok(t) => {
                    let mut pass = pass();
                    if matches!(e, Expr::Literal(_)) {
                        pass.result = Some(t);
                    } else {
                        pass.parameters = Some(t);
                    }
                    let name = s.name.clone().unwrap_or_else(|| "Done".into());
                    let i = self.push(entry, &name, asl::State::Pass(pass), None);
                    self.set_end(i);
                }
                Err(e) => self.errors.push(e),
            },
            Expr::Map(m) => {
                let name = s.name.clone().unwrap_or_else(|| "Map".into());
                let i = self.map(m, None, false, entry, None, &name);
                self.set_end(i);
            }
            // Computed into a field, then output alone.
            Expr::Intrinsic { .. } | Expr::Context(_) => match self.value_text(e) {
                Ok(text) => {
                    let mut pass = pass();
                    pass.parameters = Some(json!({ format!("{WRAPPED}.$"): text }));
                    pass.common.output_path = Some(asl::NullablePath::Path(format!("$.{WRAPPED}")));
                    let name = s.name.clone().unwrap_or_else(|| "Done".into());
                    let i = self.push(entry, &name, asl::State::Pass(pass), None);
                    self.set_end(i);
                }
                Err(e) => self.errors.push(e),
            },
        }
    }

    /// `match task(x) { Ok(v) => …, Err(…) => … }`: the state with a `Catch` per `Err` arm.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn try_catch(
        &mut self,
        s: &Stmt,
        var: Option<VarId>,
        value: &Expr,
        ok: &Block,
        catchers: &[ErrArm],
        entry: Label,
        next: Label,
    ) {
        let ok_entry = self.label();
        let result_path = Some(match var {
            Some(v) => asl::NullablePath::Path(self.target_path(v)),
            None => asl::NullablePath::Null,
        });
        let wrap = var.is_some_and(|v| self.homes.wrapped.contains(&v));
        let index = match value {
            Expr::Call(c) => {
                let mut task = self.task(c, result_path, s);
                task.result_selector = wrapping_selector(wrap, output_field(value));
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| task_state_name(&c.task.name));
                self.push(entry, &name, asl::State::Task(task), Some(ok_entry))
            }
            Expr::Parallel(branches) => {
                let name = s.name.clone().unwrap_or_else(|| "Parallel".into());
                let i = self.parallel(branches, result_path, entry, Some(ok_entry), &name);
                if let asl::State::Parallel(p) = &mut self.graph.states[i].state {
                    p.result_selector = wrapping_selector(wrap, None);
                }
                i
            }
            Expr::Map(m) => {
                let name = s.name.clone().unwrap_or_else(|| "Map".into());
                self.map(m, result_path, wrap, entry, Some(ok_entry), &name)
            }
            Expr::Place(_)
            | Expr::Literal(_)
            | Expr::Struct { .. }
            | Expr::Array(_)
            | Expr::Intrinsic { .. }
            | Expr::Context(_)
            | Expr::Compute(_) => {
                self.errors.push(
                    "only a task call, a `parallel!` or a `map` can have its errors caught".into(),
                );
                return;
            }
        };
        let mut catch = Vec::new();
        let mut targets = Vec::new();
        let mut bodies = Vec::new();
        for c in catchers {
            // An arm whose errors earlier arms all catch is never taken (rustc warns).
            if c.errors.is_empty() {
                continue;
            }
            let result_path = match c.var {
                Some(v) if self.homes.wrapped.contains(&v) => {
                    self.errors.push(format!("the caught error `{}` is also assigned a computed value; use another variable for it", self.var_name(v)));
                    return;
                }
                Some(v) => asl::NullablePath::Path(self.target_path(v)),
                None => asl::NullablePath::Null,
            };
            catch.push(asl::Catcher {
                comment: None,
                error_equals: c.errors.clone(),
                next: String::new(),
                result_path: Some(result_path),
                output: None,
                assign: None,
                unknown: Default::default(),
            });
            targets.push(self.label());
            bodies.push(&c.body);
        }
        if let Some(e) = self.graph.states[index].state.error_handling_mut() {
            e.catch = Some(catch);
        }
        self.graph.states[index].catch_targets = targets.clone();
        self.block(ok, ok_entry, next);
        for (body, target) in bodies.into_iter().zip(targets) {
            self.block(body, target, next);
        }
    }
}

/// A task's `Resource`: a Lambda name becomes its ARN in the deployment's region and account.
pub(crate) fn task_resource(spec: &TaskSpec) -> asl::Resource {
    match &spec.resource {
        TaskResource::Lambda(name) if !name.starts_with("arn:") && !name.contains("${") => {
            asl::Resource::Arn(format!(
                "arn:aws:lambda:#{{AWS::Region}}:#{{AWS::AccountId}}:function:{name}"
            ))
        }
        TaskResource::Lambda(arn) | TaskResource::Activity(arn) | TaskResource::Arn(arn) => {
            asl::Resource::Arn(arn.clone())
        }
        TaskResource::GetAtt(id) => asl::Resource::Intrinsic(json!({ "Fn::GetAtt": [id, "Arn"] })),
        TaskResource::Ref(id) => asl::Resource::Intrinsic(json!({ "Ref": id })),
    }
}

/// A task's retry policies as `Retry`.
pub(crate) fn retriers(spec: &TaskSpec) -> Option<Vec<asl::Retrier>> {
    if spec.retry.is_empty() {
        return None;
    }
    Some(
        spec.retry
            .iter()
            .map(|r| asl::Retrier {
                comment: None,
                error_equals: r.errors.clone(),
                interval_seconds: r.interval_seconds,
                max_attempts: r.max_attempts,
                backoff_rate: r.backoff_rate,
                max_delay_seconds: r.max_delay_seconds,
                jitter_strategy: r.jitter_full.map(|f| {
                    if f {
                        asl::JitterStrategy::Full
                    } else {
                        asl::JitterStrategy::None
                    }
                }),
                unknown: Default::default(),
            })
            .collect(),
    )
}

/// The value of the argument's field (Rust name) that holds a task's timeout or heartbeat
/// seconds: a field of the place passed, or the field of the struct literal.
pub(crate) fn timing_source(c: &Call, field: &str) -> Option<Expr> {
    match &c.arg {
        Some(Expr::Place(p)) => Some(Expr::Place(p.clone().field(field))),
        Some(Expr::Struct { fields, .. }) => {
            let json = c
                .task
                .input
                .field(field)
                .and_then(|(keys, _)| keys.into_iter().next())
                .unwrap_or_else(|| field.to_string());
            fields
                .iter()
                .find(|(k, _)| *k == json)
                .map(|(_, v)| v.clone())
        }
        _ => None,
    }
}
