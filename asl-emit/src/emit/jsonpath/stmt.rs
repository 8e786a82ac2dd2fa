//! Statements: `let`, assignment, `if`, `while`, `return` and the values they write.

use asl_model::document::{self as asl};
use asl_model::ir::*;
use serde_json::{json, Value};

use super::*;

impl<'w> Emitter<'w> {
    /// Lowers one statement; returns true when control never falls through.
    pub(crate) fn stmt(&mut self, s: &Stmt, entry: Label, next: Label) -> bool {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                let target = self.target(*var);
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("Set{}", pascal(&self.var_name(*var))));
                self.value_into(value, target, entry, next, &name, s);
                false
            }
            StmtKind::AssignField { place, value } => {
                let name = s.name.clone().unwrap_or_else(|| {
                    format!(
                        "Set{}",
                        pascal(place.fields.last().map(String::as_str).unwrap_or("Field"))
                    )
                });
                let target = Target {
                    path: self.path(place),
                    wrap: false,
                };
                self.value_into(value, target, entry, next, &name, s);
                false
            }
            StmtKind::Try {
                var,
                value,
                ok,
                catchers,
            } => {
                self.try_catch(s, *var, value, ok, catchers, entry, next);
                false
            }
            StmtKind::For { var, items, body } => {
                self.for_loop(s, *var, items, body, entry, next);
                false
            }
            StmtKind::Eval(e) => {
                match e {
                    Expr::Parallel(branches) => {
                        let name = s.name.clone().unwrap_or_else(|| "Parallel".into());
                        self.parallel(
                            branches,
                            Some(asl::NullablePath::Null),
                            entry,
                            Some(next),
                            &name,
                        );
                    }
                    Expr::Call(c) => {
                        let task = self.task(c, Some(asl::NullablePath::Null), s);
                        let name = s
                            .name
                            .clone()
                            .unwrap_or_else(|| task_state_name(&c.task.name));
                        self.push(entry, &name, asl::State::Task(task), Some(next));
                    }
                    Expr::Map(m) => {
                        let name = s.name.clone().unwrap_or_else(|| "Map".into());
                        self.map(
                            m,
                            Some(asl::NullablePath::Null),
                            false,
                            entry,
                            Some(next),
                            &name,
                        );
                    }
                    // A pure expression has no effect; a named one (`pass!("Name")`) is a
                    // Pass state: the user asked for it.
                    Expr::Place(_)
                    | Expr::Literal(_)
                    | Expr::Struct { .. }
                    | Expr::Array(_)
                    | Expr::Intrinsic { .. }
                    | Expr::Context(_)
                    | Expr::Compute(_) => match &s.name {
                        Some(name) => {
                            self.push(entry, name, asl::State::Pass(pass()), Some(next));
                        }
                        None => self.join(entry, next),
                    },
                }
                false
            }
            StmtKind::Return(e) => {
                self.ret(e, entry, s);
                true
            }
            StmtKind::If { .. } => {
                self.choice_chain(s, entry, next);
                false
            }
            StmtKind::Match { scrutinee, arms } => {
                self.matches(s, scrutinee, arms, entry, next);
                false
            }
            StmtKind::Loop { body } => {
                // A named `while`: the name is its condition's Choice.
                let named;
                let body = match (&s.name, body.first()) {
                    (
                        Some(name),
                        Some(
                            first @ Stmt {
                                kind: StmtKind::If { .. },
                                name: None,
                            },
                        ),
                    ) => {
                        named = std::iter::once(Stmt {
                            kind: first.kind.clone(),
                            name: Some(name.clone()),
                        })
                        .chain(body[1..].iter().cloned())
                        .collect::<Block>();
                        &named
                    }
                    _ => body,
                };
                self.loops.push(LoopTargets {
                    head: entry,
                    exit: next,
                });
                self.block(body, entry, entry);
                self.loops.pop();
                if self.graph.bound_at(self.find(entry)).is_none() {
                    self.errors.push("a loop does no work and never ends; give it a task, a `sleep` or a `break`".into());
                }
                false
            }
            StmtKind::Break => {
                match self.loops.last() {
                    Some(l) => {
                        let exit = l.exit;
                        self.join(entry, exit)
                    }
                    None => self.errors.push("`break` outside a loop".into()),
                }
                true
            }
            StmtKind::Continue => {
                match self.loops.last() {
                    Some(l) => {
                        let head = l.head;
                        if self.find(head) == self.find(entry) {
                            self.errors.push(
                                "a loop whose first statement is `continue` never ends".into(),
                            );
                        } else {
                            self.join(entry, head)
                        }
                    }
                    None => self.errors.push("`continue` outside a loop".into()),
                }
                true
            }
            StmtKind::Sleep(d) => {
                let mut w = asl::WaitState {
                    common: common(),
                    seconds: None,
                    timestamp: None,
                    seconds_path: None,
                    timestamp_path: None,
                    transition: asl::Transition::Missing,
                };
                let default_name = match d {
                    SleepFor::Seconds(n) => {
                        w.seconds = Some(asl::JsonataOr::Value(*n));
                        format!("Wait{n}s")
                    }
                    SleepFor::SecondsAt(p) => {
                        w.seconds_path = Some(self.path(p));
                        format!(
                            "WaitFor{}",
                            pascal(p.fields.last().map(String::as_str).unwrap_or("Seconds"))
                        )
                    }
                    SleepFor::Until(t) => {
                        w.timestamp = Some(asl::JsonataOr::Value(t.clone()));
                        "WaitUntil".into()
                    }
                    SleepFor::UntilAt(p) => {
                        w.timestamp_path = Some(self.path(p));
                        format!(
                            "WaitUntil{}",
                            pascal(p.fields.last().map(String::as_str).unwrap_or("Time"))
                        )
                    }
                };
                let name = s.name.clone().unwrap_or(default_name);
                self.push(entry, &name, asl::State::Wait(w), Some(next));
                false
            }
            StmtKind::Fail { error, cause } => {
                let mut f = asl::FailState {
                    common: common(),
                    error: None,
                    cause: None,
                    error_path: None,
                    cause_path: None,
                };
                match error {
                    Some(Text::Literal(e)) if !e.is_empty() => f.error = Some(e.clone()),
                    Some(Text::At(p)) => f.error_path = Some(self.path(p)),
                    _ => {}
                }
                match cause {
                    Some(Text::Literal(c)) if !c.is_empty() => f.cause = Some(c.clone()),
                    Some(Text::At(p)) => f.cause_path = Some(self.path(p)),
                    _ => {}
                }
                let name = s.name.clone().unwrap_or_else(|| match error {
                    Some(Text::Literal(e)) if !e.is_empty() => pascal(e),
                    _ => "Fail".into(),
                });
                // Arms that fail the same way share one Fail state.
                if let Some((_, label)) = self
                    .fails
                    .iter()
                    .find(|(other, _)| *other == f && s.name.is_none())
                {
                    let label = *label;
                    self.join(entry, label);
                } else {
                    self.fails.push((f.clone(), entry));
                    self.push(entry, &name, asl::State::Fail(f), None);
                }
                true
            }
        }
    }

    /// Where an assignment of `var` writes.
    pub(crate) fn target(&self, var: VarId) -> Target {
        Target {
            path: self.target_path(var),
            wrap: self.homes.wrapped.contains(&var),
        }
    }

    /// `target = value`: a Task for a call, a Parallel or Map, otherwise a Pass.
    pub(crate) fn value_into(
        &mut self,
        value: &Expr,
        target: Target,
        entry: Label,
        next: Label,
        name: &str,
        s: &Stmt,
    ) {
        let result_path = Some(asl::NullablePath::Path(target.path.clone()));
        // `{"value": v}` for a wrapped variable.
        let wrap = |v: Value| {
            if target.wrap {
                json!({ WRAPPED: v })
            } else {
                v
            }
        };
        match value {
            Expr::Call(c) => {
                let mut task = self.task(c, result_path, s);
                task.result_selector = wrapping_selector(target.wrap, output_field(value));
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| task_state_name(&c.task.name));
                self.push(entry, &name, asl::State::Task(task), Some(next));
            }
            Expr::Parallel(branches) => {
                let name = s.name.clone().unwrap_or_else(|| {
                    format!("Parallel{}", name.strip_prefix("Set").unwrap_or(name))
                });
                let entry = self.clear_stale_result(branches, result_path.as_ref(), entry, &name);
                let i = self.parallel(branches, result_path, entry, Some(next), &name);
                if let asl::State::Parallel(p) = &mut self.graph.states[i].state {
                    p.result_selector = wrapping_selector(target.wrap, None);
                }
            }
            Expr::Map(m) => {
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("Map{}", name.strip_prefix("Set").unwrap_or(name)));
                self.map(m, result_path, target.wrap, entry, Some(next), &name);
            }
            // The value is already where it goes (`let mut c = c;` with both at `$`).
            Expr::Place(p) if !target.wrap && target.path == self.path(p) => self.join(entry, next),
            Expr::Place(p) if !target.wrap => {
                let mut pass = pass();
                pass.common.input_path = Some(asl::NullablePath::Path(self.path(p)));
                pass.result_path = result_path;
                self.push(entry, name, asl::State::Pass(pass), Some(next));
            }
            Expr::Literal(v) => {
                let mut pass = pass();
                pass.result = Some(wrap(v.clone()));
                pass.result_path = result_path;
                self.push(entry, name, asl::State::Pass(pass), Some(next));
            }
            Expr::Compute(_) => self.errors.push(NEEDS_JSONATA.into()),
            Expr::Place(_)
            | Expr::Struct { .. }
            | Expr::Array(_)
            | Expr::Intrinsic { .. }
            | Expr::Context(_) => {
                let parameters = match value {
                    Expr::Struct { .. } | Expr::Array(_) => self.template(value).map(wrap),
                    _ if !target.wrap => {
                        Err("a computed value can only be written to a variable".to_string())
                    }
                    _ => self
                        .value_text(value)
                        .map(|text| json!({ format!("{WRAPPED}.$"): text })),
                };
                match parameters {
                    Ok(t) => {
                        let mut pass = pass();
                        pass.parameters = Some(t);
                        pass.result_path = result_path;
                        self.push(entry, name, asl::State::Pass(pass), Some(next));
                    }
                    Err(e) => self.errors.push(e),
                }
            }
        }
    }

    /// A value as a path, an intrinsic call or a context path (the right side of a `.$` key).
    pub(crate) fn value_text(&self, e: &Expr) -> Result<String, String> {
        match e {
            Expr::Place(p) => Ok(self.path(p)),
            Expr::Context(path) => Ok(match path.as_slice() {
                [map, item, field] if map == "Map" && item == "Item" => {
                    self.homes.map_item.get(field).cloned()
                }
                _ => None,
            }
            .unwrap_or_else(|| json_path("$$", path))),
            Expr::Intrinsic { function, args } => {
                let mut parts = Vec::new();
                for (i, a) in args.iter().enumerate() {
                    match a {
                        // The template is already in the intrinsic's own syntax.
                        Expr::Literal(Value::String(t)) if i == 0 && *function == Intrinsic::Format => parts.push(format!("'{t}'")),
                        Expr::Literal(Value::String(t)) => parts.push(format!("'{}'", escape_intrinsic_string(t))),
                        Expr::Literal(v @ (Value::Number(_) | Value::Bool(_) | Value::Null)) => parts.push(v.to_string()),
                        Expr::Place(_) | Expr::Context(_) | Expr::Intrinsic { .. } => parts.push(self.value_text(a)?),
                        Expr::Literal(Value::Array(_) | Value::Object(_))
                        | Expr::Struct { .. }
                        | Expr::Array(_)
                        | Expr::Call(_)
                        | Expr::Parallel(_)
                        | Expr::Map(_)
                        | Expr::Compute(_) => return Err(format!("an argument of {} must be a variable, a field, a string, number or bool literal, or another intrinsic", function.name())),
                    }
                }
                Ok(format!("{}({})", function.name(), parts.join(", ")))
            }
            Expr::Literal(_)
            | Expr::Struct { .. }
            | Expr::Array(_)
            | Expr::Call(_)
            | Expr::Parallel(_)
            | Expr::Map(_)
            | Expr::Compute(_) => {
                Err("this value cannot be computed by an intrinsic function".into())
            }
        }
    }
}
