//! The JSONata + Variables back end: every value lives in a variable (`Assign`), arguments,
//! conditions and outputs are JSONata expressions over variables, and the payload carries
//! nothing the workflow needs.
//!
//! What keeps it cheap:
//! - a `let` of a pure value (a computation, literal, struct, alias) assigned once is inlined
//!   into the expressions that read it: no state;
//! - a later assignment (`i += 1`) joins the `Assign` of the state before it when only that
//!   state leads to it (a Choice's Default included), reading that state's new values
//!   through substitution (`Assign` sees the values from before the state);
//! - the returned value is the `Output` of the last state, which then ends the execution.

use std::collections::{HashMap, HashSet};

use asl_model::document::{self as asl};
use asl_model::ir::*;
use asl_model::{QueryLanguage, StateMachine};
use indexmap::IndexMap;
use serde_json::Value;

use crate::emit::graph::{Label, LoopTargets, StateGraph};
use crate::emit::StateNames;
use crate::passes::assignment_counts;
use crate::EmitError;

mod compute;
mod control;
mod expr;
mod format;
mod stmt;
mod task;

pub(crate) use expr::template;

/// A state that can carry the next statement's work: its `Assign` (or, for a Choice, the
/// top-level `Assign` used on its Default) runs just before that statement.
#[derive(Clone, Copy)]
pub(crate) struct Carrier {
    pub(crate) index: usize,
}

pub(crate) struct Emitter<'w> {
    pub(crate) wf: &'w Workflow,
    pub(crate) graph: StateGraph,
    pub(crate) loops: Vec<LoopTargets>,
    pub(crate) errors: Vec<String>,
    /// Pure values assigned once: read as their expression, never stored.
    pub(crate) inline: HashMap<VarId, Expr>,
    /// A map processor's item, read as `$states.input` until its first state assigns it.
    pub(crate) input_here: Option<VarId>,
    /// The workflow's input when it is never reassigned: read from the context.
    pub(crate) execution_input: Option<VarId>,
    /// Inside a map processor whose ItemSelector passes the position: the item variable
    /// and the variable that holds `ctx().map.item.index`.
    pub(crate) map_item: Option<(VarId, String)>,
    /// Inside a distributed map's processor: the outer variables its ItemSelector passes in
    /// (a child execution sees no outer variable), under their own names.
    pub(crate) passed_in: Vec<VarId>,
    /// While rendering into a carrier: the variables its `Assign` sets, as they are there.
    pub(crate) overrides: HashMap<VarId, String>,
    /// Variable names in use (Rust names made valid, unique per workflow).
    names: HashMap<VarId, String>,
    /// Loop heads some `continue` jumps to: nothing may be folded into the state before them.
    pub(crate) continued: HashSet<Label>,
    /// The state that assigned the map item from `$states.input`, and the item's name: its
    /// Catchers assign it too.
    pub(crate) input_assigned: Option<(usize, Vec<(String, String)>)>,
    fails: Vec<(asl::FailState, Label)>,
}

pub(crate) fn emit(wf: &Workflow) -> Result<StateMachine, EmitError> {
    let mut em = Emitter::new(wf, StateNames::default());
    em.inline = inline_values(wf);
    let counts = assignment_counts(wf);
    em.execution_input = wf
        .input
        .filter(|v| counts.get(v).copied().unwrap_or(0) <= 1);
    let end = em.graph.label();
    let start = em.graph.start;
    if let (Some(input), None) = (wf.input, em.execution_input) {
        // Reassigned: a variable from the start.
        let next = em.graph.label();
        em.take_input(input, start, next);
        em.block(&wf.body, next, end, None);
    } else {
        em.block(&wf.body, start, end, None);
    }
    if !em.graph.is_bound(end) && em.graph.reaches(end) {
        em.errors
            .push("the workflow can end without returning a value".into());
    }
    let mut errors = std::mem::take(&mut em.errors);
    let mut sm = em.graph.resolve(&mut errors);
    if !errors.is_empty() {
        return Err(EmitError::Lowering {
            workflow: wf.name.clone(),
            errors,
        });
    }
    sm.query_language = Some(QueryLanguage::Jsonata);
    sm.comment = wf.comment.clone();
    sm.timeout_seconds = wf.timeout_seconds;
    Ok(sm)
}

/// Variables assigned once with a pure value over variables that never change.
fn inline_values(wf: &Workflow) -> HashMap<VarId, Expr> {
    let counts = assignment_counts(wf);
    let immutable = |v: &VarId| counts.get(v).copied().unwrap_or(0) <= 1;
    let mut values = HashMap::new();
    crate::passes::walk_stmts(&wf.body, &mut |s| {
        let StmtKind::Assign { var, value } = &s.kind else {
            return;
        };
        if !immutable(var) || s.name.is_some() || !is_pure(value) {
            return;
        }
        let mut reads = std::collections::BTreeSet::new();
        crate::passes::expr_vars(value, &mut reads);
        if reads.iter().all(immutable) && !reads.contains(var) {
            values.insert(*var, value.clone());
        }
    });
    values
}

fn is_pure(e: &Expr) -> bool {
    match e {
        Expr::Place(_) | Expr::Literal(_) | Expr::Compute(_) => true,
        Expr::Struct { fields, .. } => fields.iter().all(|(_, v)| is_pure(v)),
        Expr::Array(items) => items.iter().all(is_pure),
        // Each evaluation differs, or the value depends on the state reading it.
        Expr::Intrinsic { function, args } => {
            !matches!(function, Intrinsic::Uuid | Intrinsic::MathRandom) && args.iter().all(is_pure)
        }
        Expr::Context(path) => path
            .first()
            .is_some_and(|p| p == "Execution" || p == "StateMachine"),
        Expr::Call(_) | Expr::Parallel(_) | Expr::Map(_) => false,
    }
}

impl<'w> Emitter<'w> {
    pub(crate) fn new(wf: &'w Workflow, names: StateNames) -> Self {
        Emitter {
            wf,
            graph: StateGraph::new(names),
            loops: Vec::new(),
            errors: Vec::new(),
            inline: HashMap::new(),
            input_here: None,
            passed_in: Vec::new(),
            execution_input: None,
            map_item: None,
            overrides: HashMap::new(),
            names: HashMap::new(),
            continued: HashSet::new(),
            input_assigned: None,
            fails: Vec::new(),
        }
    }

    /// A nested graph (branch, processor) on the same workflow and machine-wide names.
    pub(crate) fn nested(&mut self) -> Emitter<'w> {
        let mut sub = Emitter::new(self.wf, std::mem::take(&mut self.graph.names));
        sub.inline = self.inline.clone();
        sub.execution_input = self.execution_input;
        sub.names = self.names.clone();
        sub
    }

    /// Takes back the names a nested graph claimed; returns its document and errors.
    pub(crate) fn close_nested(&mut self, mut sub: Emitter<'w>) -> asl::Graph {
        let mut errors = std::mem::take(&mut sub.errors);
        let sm = sub.graph.resolve(&mut errors);
        self.errors.extend(errors);
        self.graph.names = std::mem::take(&mut sub.graph.names);
        asl::Graph {
            start_at: sm.start_at,
            states: sm.states,
            ..asl::Graph::default()
        }
    }

    /// The JSONata / Assign name of a variable: its Rust name, made valid.
    pub(crate) fn var_name(&mut self, var: VarId) -> String {
        if let Some(n) = self.names.get(&var) {
            return n.clone();
        }
        let rust = self
            .wf
            .vars
            .get(var.0 as usize)
            .map(|v| v.name.clone())
            .unwrap_or_else(|| format!("v{}", var.0));
        let mut name: String = rust
            .trim_start_matches("r#")
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '_' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
            name.insert(0, 'v');
        }
        // `$states` is reserved, and a variable named like a built-in function (`$count`)
        // hides it from every expression that calls it; names stay unique across the workflow.
        let reserved = |n: &str| n == "states" || asl_jsonata::functions::lookup(n).is_some();
        let taken: HashSet<&String> = self.names.values().collect();
        if reserved(&name) || taken.contains(&name) {
            let base = name.clone();
            let mut n = 2;
            while reserved(&format!("{base}{n}")) || taken.contains(&format!("{base}{n}")) {
                n += 1;
            }
            name = format!("{base}{n}");
        }
        self.names.insert(var, name.clone());
        name
    }

    /// Adds a state; a pending map item is assigned by the first one (or, when that one
    /// runs nested states that read it, by a Pass before it).
    pub(crate) fn push(
        &mut self,
        entry: Label,
        name: &str,
        mut state: asl::State,
        next: Option<Label>,
    ) -> usize {
        let mut entry = entry;
        if let Some(item) = self.input_here {
            if matches!(state, asl::State::Parallel(_) | asl::State::Map(_)) {
                let mid = self.graph.label();
                self.take_input(item, entry, mid);
                entry = mid;
            } else {
                let taken = self.taken_inputs(item);
                for (key, source) in &taken {
                    let value = Value::String(format!("{{% {source} %}}"));
                    if let asl::State::Choice(c) = &mut state {
                        for rule in &mut c.choices {
                            rule.assign
                                .get_or_insert_with(IndexMap::new)
                                .insert(key.clone(), value.clone());
                        }
                    }
                    if !matches!(state, asl::State::Succeed(_) | asl::State::Fail(_)) {
                        state
                            .common_mut()
                            .assign
                            .get_or_insert_with(IndexMap::new)
                            .insert(key.clone(), value);
                    }
                }
                self.input_assigned = Some((self.graph.states.len(), taken));
            }
            self.input_here = None;
        }
        self.graph.push(entry, name, state, next)
    }

    /// The variables a map processor's first state takes from its input, with their sources:
    /// the item, and its position when the ItemSelector passes it.
    pub(crate) fn taken_inputs(&mut self, item: VarId) -> Vec<(String, String)> {
        let key = self.var_name(item);
        let mut taken = match &self.map_item {
            Some((_, index)) => vec![
                (key, "$states.input.value".into()),
                (index.clone(), "$states.input.index".into()),
            ],
            None => vec![(key, "$states.input".into())],
        };
        for v in self.passed_in.clone() {
            let name = self.var_name(v);
            taken.push((name.clone(), format!("$states.input.{name}")));
        }
        taken
    }

    /// A Pass state at `entry` that takes the map item (or the workflow's input) into its
    /// variable(s).
    pub(crate) fn take_input(&mut self, var: VarId, entry: Label, next: Label) {
        let taken = self.taken_inputs(var);
        let mut pass = pass();
        let mut assign = IndexMap::new();
        for (key, source) in &taken {
            assign.insert(key.clone(), Value::String(format!("{{% {source} %}}")));
        }
        pass.common.assign = Some(assign);
        let name = format!("Take{}", crate::emit::jsonpath::pascal(&taken[0].0));
        self.graph
            .push(entry, &name, asl::State::Pass(pass), Some(next));
    }

    /// Lowers `block` from `entry` to `exit`; `carrier` is a state whose `Assign` may take
    /// the first statement's assignment.
    pub(crate) fn block(
        &mut self,
        block: &[Stmt],
        entry: Label,
        exit: Label,
        carrier: Option<Carrier>,
    ) {
        let mut entry = entry;
        let mut carrier = carrier;
        for (i, s) in block.iter().enumerate() {
            let next = if i + 1 == block.len() {
                exit
            } else {
                self.graph.label()
            };
            // `$states.context.State` (EnteredTime, Name, RetryCount) is the carrier's own
            // there: a statement reading it gets a state of its own, entered when it runs.
            if reads_state_context(s) {
                carrier = None;
            }
            let before = self.graph.states.len();
            let (diverges, carries) = self.stmt(s, entry, next, carrier);
            if diverges {
                return;
            }
            carrier = carries.or_else(|| {
                // A statement that wrote exactly one flowing state leading to `next`.
                let added = self.graph.states.len() - before;
                let last = self.graph.states.len().checked_sub(1)?;
                let p = &self.graph.states[last];
                let flows = matches!(
                    p.state,
                    asl::State::Task(_)
                        | asl::State::Pass(_)
                        | asl::State::Wait(_)
                        | asl::State::Map(_)
                        | asl::State::Parallel(_)
                );
                (added == 1 && flows && p.next == Some(next) && self.graph.find(next) == next)
                    .then_some(Carrier { index: last })
            });
            // A value drawn there (`$uuid()`, `$random()`) would be drawn again where a later
            // expression moved into the carrier reads it: the next statement gets its own state.
            carrier = carrier.filter(|c| !self.assigns_a_draw(*c));
            // A state with Catchers: the next statement's assignment would be skipped on the
            // error path (a `for`'s step, so the loop would never end) and would read
            // `$states.result` there, which a Catcher has not: it gets its own state.
            carrier = carrier.filter(|c| {
                let state = &self.graph.states[c.index].state;
                state
                    .error_handling()
                    .is_none_or(|e| e.catch.as_ref().is_none_or(Vec::is_empty))
            });
            entry = next;
        }
        if block.is_empty() {
            self.graph.join(entry, exit);
        }
    }

    /// The variables a carrier's `Assign` sets, with the JSONata text of their new values
    /// there (`$states.result` of a Task), so that expressions after it can be moved into it.
    pub(crate) fn carrier_overrides(&self, c: Carrier) -> HashMap<VarId, String> {
        let mut out = HashMap::new();
        let Some(assign) = self.graph.states[c.index].state.common().assign.as_ref() else {
            return out;
        };
        for (var, name) in &self.names {
            if let Some(Value::String(v)) = assign.get(name) {
                if let Some(text) = v.strip_prefix("{% ").and_then(|t| t.strip_suffix(" %}")) {
                    out.insert(*var, format!("({text})"));
                    if text.starts_with('$') && !text.contains([' ', '(', ';']) {
                        out.insert(*var, text.to_string());
                    }
                }
            }
        }
        out
    }

    fn assigns_a_draw(&self, c: Carrier) -> bool {
        let assign = self.graph.states[c.index].state.common().assign.as_ref();
        assign.is_some_and(|a| {
            a.values().any(|v| {
                v.as_str()
                    .is_some_and(|t| t.contains("$uuid()") || t.contains("$random()"))
            })
        })
    }

    /// Renders `e` as it reads in the carrier's `Assign` / `Output`.
    pub(crate) fn expr_in(&mut self, e: &Expr, carrier: Option<Carrier>) -> String {
        let saved = match carrier {
            Some(c) => {
                let there = self.carrier_overrides(c);
                std::mem::replace(&mut self.overrides, there)
            }
            None => std::mem::take(&mut self.overrides),
        };
        let text = self.expr(e);
        self.overrides = saved;
        text
    }

    pub(crate) fn fail_state(&mut self, f: asl::FailState, name: &str, entry: Label, named: bool) {
        // Arms that fail the same way share one Fail state.
        if let Some((_, label)) = self.fails.iter().find(|(o, _)| *o == f && !named) {
            let label = *label;
            self.graph.join(entry, label);
        } else {
            self.fails.push((f.clone(), entry));
            self.push(entry, name, asl::State::Fail(f), None);
        }
    }
}

pub(crate) fn pass() -> asl::PassState {
    asl::PassState {
        common: asl::Common::default(),
        parameters: None,
        result: None,
        result_path: None,
        transition: asl::Transition::Missing,
    }
}

fn reads_state_context(s: &Stmt) -> bool {
    let mut reads = false;
    walk_exprs(std::slice::from_ref(s), &mut |e| {
        reads |= matches!(e, Expr::Context(path) if path.first().is_some_and(|p| p == "State"));
    });
    reads
}
