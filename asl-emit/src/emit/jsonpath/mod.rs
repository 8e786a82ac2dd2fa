//! The JSONPath back end: IR → ASL states, with symbolic labels joined by union-find so that
//! `break`/`continue`/empty branches jump straight to their target (Choice threading).

use asl_model::document::{self as asl};
use asl_model::ir::*;
use serde_json::{json, Map, Value};

use crate::passes::*;

mod choice;
mod finish;
mod fold_ends;
mod homes;
mod loops;
mod map;
mod parallel;
mod stmt;
mod task;

pub(crate) use choice::*;
pub(crate) use finish::*;
pub(crate) use fold_ends::*;
pub(crate) use homes::*;
pub(crate) use task::{retriers, task_resource, timing_source};

pub(crate) use crate::emit::graph::{Label, LoopTargets, StateGraph};

pub(crate) struct Emitter<'w> {
    pub(crate) wf: &'w Workflow,
    pub(crate) homes: Homes,
    pub(crate) graph: StateGraph,
    pub(crate) loops: Vec<LoopTargets>,
    pub(crate) errors: Vec<String>,
    /// The Fail states emitted so far, with their labels.
    pub(crate) fails: Vec<(asl::FailState, Label)>,
}

/// The default state name for a task: its fn name in PascalCase, or a name given with
/// `#[task(name = "…")]` (anything not snake_case) as written.
pub(crate) fn task_state_name(name: &str) -> String {
    if name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        pascal(name)
    } else {
        name.to_string()
    }
}

pub(crate) fn pascal(s: &str) -> String {
    s.split(['_', '-', ' ', '.'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_uppercase().collect::<String>() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Where an assignment writes: a path, and whether the value is wrapped as `{"value": v}`.
pub(crate) struct Target {
    pub(crate) path: String,
    pub(crate) wrap: bool,
}

/// A string literal inside an intrinsic call: `'`, `{`, `}` and `\` are escaped.
pub(crate) fn escape_intrinsic_string(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if matches!(c, '\'' | '{' | '}' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `$.a.b`, with bracket notation for keys that need it.
pub(crate) fn json_path(base: &str, keys: &[String]) -> String {
    let mut p = base.to_string();
    for k in keys {
        if !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !k.starts_with(|c: char| c.is_ascii_digit())
        {
            p.push('.');
            p.push_str(k);
        } else if let Ok(i) = k.parse::<usize>() {
            p.push_str(&format!("[{i}]"));
        } else {
            p.push_str(&format!("['{}']", k.replace('\'', "\\'")));
        }
    }
    p
}

/// Why a computed value cannot be written in JSONPath, and what to do instead.
pub(crate) const NEEDS_JSONATA: &str = "this value is computed by Rust code that JSONPath cannot express: emit the workflow as JSONata (`#[workflow(query_language = \"JSONata\")]` or `definition().to_json_jsonata()`), or compute it in a #[task] fn";

pub(crate) fn common() -> asl::Common {
    asl::Common::default()
}

impl<'w> Emitter<'w> {
    pub(crate) fn new(wf: &'w Workflow, homes: Homes) -> Self {
        Emitter {
            wf,
            homes,
            graph: StateGraph::new(crate::emit::StateNames::default()),
            loops: Vec::new(),
            errors: Vec::new(),
            fails: Vec::new(),
        }
    }

    pub(crate) fn label(&mut self) -> Label {
        self.graph.label()
    }

    pub(crate) fn find(&self, l: Label) -> Label {
        self.graph.find(l)
    }

    /// `from` now means the same place as `to`.
    pub(crate) fn join(&mut self, from: Label, to: Label) {
        self.graph.join(from, to)
    }

    /// Adds a state named `name` at `entry`, continuing to `next`.
    pub(crate) fn push(
        &mut self,
        entry: Label,
        name: &str,
        state: asl::State,
        next: Option<Label>,
    ) -> usize {
        self.graph.push(entry, name, state, next)
    }

    pub(crate) fn run(&mut self) {
        let body = &self.wf.body;
        let mut entry = self.graph.start;
        if let Some(key) = self.homes.move_input.clone() {
            let next = self.label();
            let pass = asl::PassState {
                common: common(),
                parameters: Some(json!({ format!("{key}.$"): "$" })),
                result: None,
                result_path: None,
                transition: asl::Transition::Missing,
            };
            self.push(
                entry,
                &format!("Take{}", pascal(&key)),
                asl::State::Pass(pass),
                Some(next),
            );
            entry = next;
        }
        let end = self.label();
        self.block(body, entry, end);
        if self.graph.bound_at(self.find(end)).is_none() && self.reaches(end) {
            self.errors
                .push("the workflow can end without returning a value".into());
        }
    }

    /// Whether any state or join refers to `l` (so falling off the body is possible).
    pub(crate) fn reaches(&self, l: Label) -> bool {
        self.graph.reaches(l)
    }

    /// Lowers `block` starting at `entry`; control falls through to `exit`.
    pub(crate) fn block(&mut self, block: &Block, entry: Label, exit: Label) {
        let mut entry = entry;
        for (i, s) in block.iter().enumerate() {
            let next = if i + 1 == block.len() {
                exit
            } else {
                self.label()
            };
            let diverges = self.stmt(s, entry, next);
            if diverges {
                return; // the rest is unreachable (rustc has warned)
            }
            entry = next;
        }
        if block.is_empty() {
            self.join(entry, exit);
        }
    }

    /// Where a variable's value is.
    pub(crate) fn home_path(&self, var: VarId) -> String {
        let base = self.target_path(var);
        if self.homes.wrapped.contains(&var) {
            json_path(&base, &[WRAPPED.to_string()])
        } else {
            base
        }
    }

    /// Where a variable is written (`ResultPath`): its home, or its wrapper's.
    pub(crate) fn target_path(&self, var: VarId) -> String {
        match self.homes.of.get(&var) {
            Some(Home::Field(k)) => json_path("$", std::slice::from_ref(k)),
            _ => "$".into(),
        }
    }

    pub(crate) fn var_name(&self, var: VarId) -> String {
        self.wf
            .vars
            .get(var.0 as usize)
            .map(|v| v.name.clone())
            .unwrap_or_default()
    }

    /// The JSON path of a place.
    pub(crate) fn path(&self, p: &Place) -> String {
        // Borrowed until a field is followed: most places are a bare variable.
        let mut shape = match self.wf.vars.get(p.var.0 as usize) {
            Some(v) => std::borrow::Cow::Borrowed(&v.shape),
            None => std::borrow::Cow::Owned(Shape::Any),
        };
        let mut keys = Vec::new();
        for f in &p.fields {
            match shape.field(f) {
                Some((segments, s)) => {
                    keys.extend(segments);
                    shape = std::borrow::Cow::Owned(s);
                }
                None => {
                    keys.push(f.clone());
                    shape = std::borrow::Cow::Owned(Shape::Any);
                }
            }
        }
        json_path(&self.home_path(p.var), &keys)
    }

    /// A payload template for a struct literal or literal (`Parameters`).
    pub(crate) fn template(&self, e: &Expr) -> Result<Value, String> {
        match e {
            Expr::Literal(v) => Ok(v.clone()),
            // An array literal (`vec![S { … }]`): its items are under "0", "1", ….
            Expr::Array(items) => items
                .iter()
                .map(|item| match item {
                    Expr::Place(_) | Expr::Context(_) => Err("an item of an array in `Parameters` cannot be read from a path \
                         (a path in an array is taken literally): use a struct literal or a literal"
                        .to_string()),
                    other => self.template(other),
                })
                .collect::<Result<Vec<Value>, String>>()
                .map(Value::Array),
            Expr::Struct { fields, .. } => {
                let mut m = Map::new();
                for (k, v) in fields {
                    match v {
                        Expr::Place(_) | Expr::Intrinsic { .. } | Expr::Context(_) => {
                            m.insert(format!("{k}.$"), Value::String(self.value_text(v)?));
                        }
                        other => {
                            m.insert(k.clone(), self.template(other)?);
                        }
                    }
                }
                Ok(Value::Object(m))
            }
            Expr::Place(p) => Ok(Value::String(self.path(p))),
            Expr::Call(c) => Err(format!("the call of task `{}` must be bound with `let` first", c.task.name)),
            Expr::Parallel(_) => Err("a `parallel!(…)` must be bound with `let` first".into()),
            Expr::Map(_) => Err("a `map(…)` must be bound with `let` first".into()),
            Expr::Intrinsic { .. } | Expr::Context(_) => Err("a computed value must be a field of a struct literal here".into()),
            Expr::Compute(_) => Err(NEEDS_JSONATA.into()),
        }
    }
}
