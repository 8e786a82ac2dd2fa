//! Statements: assignments (into a carrier's `Assign` where possible), `return` as the last
//! state's `Output`, `sleep`, `fail!`, and the dispatch to control flow and tasks.

use asl_model::document::{self as asl};
use asl_model::ir::*;
use indexmap::IndexMap;
use serde_json::Value;

use super::*;
use crate::emit::jsonpath::pascal;

impl<'w> Emitter<'w> {
    /// Lowers one statement; returns whether control never falls through, and a state that
    /// can carry the next statement's assignment, if the statement knows one.
    pub(crate) fn stmt(
        &mut self,
        s: &Stmt,
        entry: Label,
        next: Label,
        carrier: Option<Carrier>,
    ) -> (bool, Option<Carrier>) {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                if self.inline.contains_key(var) {
                    self.graph.join(entry, next);
                    return (false, carrier);
                }
                let name = s
                    .name
                    .clone()
                    .unwrap_or_else(|| format!("Set{}", pascal(&self.var_name(*var))));
                self.assign(*var, None, value, entry, next, &name, s, carrier)
            }
            StmtKind::AssignField { place, value } => {
                let name = s.name.clone().unwrap_or_else(|| {
                    format!(
                        "Set{}",
                        pascal(place.fields.last().map(String::as_str).unwrap_or("Field"))
                    )
                });
                self.assign(
                    place.var,
                    Some(place),
                    value,
                    entry,
                    next,
                    &name,
                    s,
                    carrier,
                )
            }
            StmtKind::Eval(e) => match e {
                Expr::Call(_) | Expr::Parallel(_) | Expr::Map(_) => {
                    self.effect(e, None, entry, next, s);
                    (false, None)
                }
                // A pure expression has no effect; a named one (`pass!("Name")`) is a Pass
                // state: the user asked for it.
                Expr::Place(_)
                | Expr::Literal(_)
                | Expr::Struct { .. }
                | Expr::Array(_)
                | Expr::Intrinsic { .. }
                | Expr::Context(_)
                | Expr::Compute(_) => match &s.name {
                    Some(name) => {
                        self.push(entry, name, asl::State::Pass(pass()), Some(next));
                        (false, None)
                    }
                    None => {
                        self.graph.join(entry, next);
                        (false, carrier)
                    }
                },
            },
            StmtKind::Return(e) => {
                self.ret(e, entry, s, carrier);
                (true, None)
            }
            StmtKind::If { .. } => (false, self.if_chain(s, entry, next)),
            StmtKind::Match { scrutinee, arms } => {
                self.matches(s, scrutinee, arms, entry, next);
                (false, None)
            }
            StmtKind::Loop { body } => {
                self.loop_stmt(s, body, entry, next);
                (false, None)
            }
            StmtKind::For { var, items, body } => {
                self.for_loop(s, *var, items, body, entry, next, carrier);
                (false, None)
            }
            StmtKind::Break => {
                match self.loops.last() {
                    Some(l) => {
                        let exit = l.exit;
                        self.graph.join(entry, exit)
                    }
                    None => self.errors.push("`break` outside a loop".into()),
                }
                (true, None)
            }
            StmtKind::Continue => {
                match self.loops.last() {
                    Some(l) => {
                        let head = l.head;
                        self.continued.insert(head);
                        if self.graph.find(head) == self.graph.find(entry) {
                            self.errors.push(
                                "a loop whose first statement is `continue` never ends".into(),
                            );
                        } else {
                            self.graph.join(entry, head)
                        }
                    }
                    None => self.errors.push("`continue` outside a loop".into()),
                }
                (true, None)
            }
            StmtKind::Try {
                var,
                value,
                ok,
                catchers,
            } => {
                self.try_catch(s, *var, value, ok, catchers, entry, next);
                (false, None)
            }
            StmtKind::Sleep(d) => {
                self.sleep(s, d, entry, next);
                (false, None)
            }
            StmtKind::Fail { error, cause } => {
                let mut f = asl::FailState {
                    common: asl::Common::default(),
                    error: None,
                    cause: None,
                    error_path: None,
                    cause_path: None,
                };
                let mut text = |t: &Option<Text>| match t {
                    Some(Text::Literal(e)) if !e.is_empty() => Some(e.clone()),
                    Some(Text::At(p)) => Some(format!("{{% {} %}}", self.place(p))),
                    _ => None,
                };
                f.error = text(error);
                f.cause = text(cause);
                let name = s.name.clone().unwrap_or_else(|| match error {
                    Some(Text::Literal(e)) if !e.is_empty() => pascal(e),
                    _ => "Fail".into(),
                });
                self.fail_state(f, &name, entry, s.name.is_some());
                (true, None)
            }
        }
    }

    /// `var = value` or `var.a.b = value`.
    #[allow(clippy::too_many_arguments)]
    fn assign(
        &mut self,
        var: VarId,
        place: Option<&Place>,
        value: &Expr,
        entry: Label,
        next: Label,
        name: &str,
        s: &Stmt,
        carrier: Option<Carrier>,
    ) -> (bool, Option<Carrier>) {
        if matches!(value, Expr::Call(_) | Expr::Parallel(_) | Expr::Map(_)) {
            let index = self.effect(value, Some((var, place)), entry, next, s);
            return (false, index.map(|index| Carrier { index }));
        }
        let key = self.var_name(var);
        // Into the carrier: its Assign reads values from before it, so the values it sets
        // are substituted.
        if let (Some(c), None) = (carrier, &s.name) {
            let text = self.assigned_value(var, place, value, Some(c));
            let state = &mut self.graph.states[c.index].state;
            state
                .common_mut()
                .assign
                .get_or_insert_with(IndexMap::new)
                .insert(key, template(text));
            self.graph.join(entry, next);
            return (false, Some(c));
        }
        let text = self.assigned_value(var, place, value, None);
        let mut p = pass();
        let mut assign = IndexMap::new();
        assign.insert(key, template(text));
        p.common.assign = Some(assign);
        let index = self.push(entry, name, asl::State::Pass(p), Some(next));
        (false, Some(Carrier { index }))
    }

    /// The new value of `var`: `value`, or the variable with one field replaced.
    fn assigned_value(
        &mut self,
        var: VarId,
        place: Option<&Place>,
        value: &Expr,
        carrier: Option<Carrier>,
    ) -> String {
        let v = self.expr_in(value, carrier);
        match place {
            None => v,
            Some(p) => {
                let whole = Place::var(var);
                let current = self.expr_in(&Expr::Place(whole), carrier);
                // `$merge` rebuilds each object on the path with the one field replaced.
                let shape = self.place_shape(&Place::var(var));
                let mut keys = Vec::new();
                let mut s = shape;
                for f in &p.fields {
                    match s.field(f) {
                        Some((segments, inner)) => {
                            keys.extend(segments);
                            s = inner;
                        }
                        None => keys.push(f.clone()),
                    }
                }
                set_path(&current, &keys, &v)
            }
        }
    }

    /// `return e`: the value is the `Output` of the state that computes it, which ends.
    fn ret(&mut self, e: &Expr, entry: Label, s: &Stmt, carrier: Option<Carrier>) {
        match e {
            Expr::Call(_) | Expr::Parallel(_) | Expr::Map(_) => {
                if let Some(i) = self.effect(e, None, entry, entry, s) {
                    let output = match self.result_text(e) {
                        Some(t) => template(t),
                        None => Value::String("{% $states.result %}".into()),
                    };
                    self.graph.states[i].state.common_mut().output = Some(output);
                    self.end_at(i);
                }
            }
            Expr::Place(_)
            | Expr::Literal(_)
            | Expr::Struct { .. }
            | Expr::Array(_)
            | Expr::Intrinsic { .. }
            | Expr::Context(_)
            | Expr::Compute(_) => {
                if let (Some(c), None) = (carrier, &s.name) {
                    let flows_only = matches!(
                        self.graph.states[c.index].state,
                        asl::State::Task(_)
                            | asl::State::Pass(_)
                            | asl::State::Wait(_)
                            | asl::State::Map(_)
                            | asl::State::Parallel(_)
                    );
                    if flows_only && self.graph.states[c.index].state.common().output.is_none() {
                        let text = self.expr_in(e, Some(c));
                        self.graph.states[c.index].state.common_mut().output = Some(template(text));
                        self.end_at(c.index);
                        return;
                    }
                }
                let text = self.expr(e);
                let mut succeed = asl::SucceedState {
                    common: asl::Common::default(),
                };
                succeed.common.output = Some(template(text));
                let name = s.name.clone().unwrap_or_else(|| "Done".into());
                self.push(entry, &name, asl::State::Succeed(succeed), None);
            }
        }
    }

    /// State `i` ends the execution (or its branch).
    fn end_at(&mut self, i: usize) {
        self.graph.states[i].next = None;
        if let Some(t) = self.graph.states[i].state.transition_mut() {
            *t = asl::Transition::End;
        }
    }

    fn sleep(&mut self, s: &Stmt, d: &SleepFor, entry: Label, next: Label) {
        let mut w = asl::WaitState {
            common: asl::Common::default(),
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
                w.seconds = Some(asl::JsonataOr::Jsonata(format!(
                    "{{% {} %}}",
                    self.place(p)
                )));
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
                w.timestamp = Some(asl::JsonataOr::Jsonata(format!(
                    "{{% {} %}}",
                    self.place(p)
                )));
                format!(
                    "WaitUntil{}",
                    pascal(p.fields.last().map(String::as_str).unwrap_or("Time"))
                )
            }
        };
        let name = s.name.clone().unwrap_or(default_name);
        self.push(entry, &name, asl::State::Wait(w), Some(next));
    }
}

/// `current` with the field at `keys` set to `value`, as nested `$merge`s.
pub(crate) fn set_path(current: &str, keys: &[String], value: &str) -> String {
    match keys.split_first() {
        None => value.to_string(),
        Some((k, rest)) => {
            let inner = super::expr::select(
                current,
                &super::expr::field_path("", std::slice::from_ref(k)),
            );
            let key = Value::String(k.clone());
            format!(
                "$merge([{current}, {{{key}: {}}}])",
                set_path(&inner, rest, value)
            )
        }
    }
}
