//! Lowering: workflow IR → ASL states (JSONPath query language).
//!
//! The passes, in order:
//! 1. `prepare`: name every nested task call's result (`persist(parse(x))` becomes two
//!    `let`s), infer the shapes of untyped `let`s, and substitute pure `let`s (aliases of
//!    places, literals, struct literals over immutable values), which then cost no state.
//! 2. `liveness`: which variables are live after each assignment.
//! 3. `homes`: where each variable lives in the state JSON. A variable that is the only
//!    live one wherever it is assigned lives at `$` (the task result simply replaces the
//!    state, as in a hand-written Lambda chain); the others live at `$.<name>` and are
//!    written with `ResultPath`.
//! 4. `emit`: states in source order, with symbolic labels joined by union-find so that
//!    `break`/`continue`/empty branches jump straight to their target (Choice threading).
//!    A `parallel!` is a `Parallel` state whose branches are emitted as graphs of their own
//!    on the same homes (state names stay unique machine-wide).
//! 5. `fold_ends`: a `Succeed` reached only from plain states becomes `End` on them.

use std::collections::{BTreeSet, HashMap, HashSet};

use asl_model::document::{self as asl};
use asl_model::ir::*;
use asl_model::StateMachine;
use indexmap::IndexMap;
use serde_json::{json, Map, Value};

use crate::EmitError;

/// Lowers a workflow to a state machine (not yet validated: `Definition` does that).
pub fn lower(workflow: &Workflow) -> Result<StateMachine, EmitError> {
    let mut wf = workflow.clone();
    prepare(&mut wf);
    let live = liveness(&wf);
    let homes = homes(&wf, &live);
    let mut em = Emitter::new(&wf, homes);
    em.run();
    if !em.errors.is_empty() {
        return Err(EmitError::Lowering { workflow: wf.name.clone(), errors: em.errors });
    }
    let mut sm = em.finish()?;
    fold_ends(&mut sm);
    sm.comment = wf.comment.clone();
    sm.timeout_seconds = wf.timeout_seconds;
    Ok(sm)
}

// ---------------------------------------------------------------------------------
// 1. prepare

fn prepare(wf: &mut Workflow) {
    let mut body = std::mem::take(&mut wf.body);
    let mut temps = Temps { vars: &mut wf.vars };
    body = flatten_block(body, &mut temps);
    wf.body = body;
    infer_shapes(wf);
    substitute_pure_lets(wf);
}

struct Temps<'a> {
    vars: &'a mut Vec<VarInfo>,
}

impl Temps<'_> {
    fn fresh(&mut self, task: &TaskSpec) -> VarId {
        let id = VarId(self.vars.len() as u32);
        self.vars.push(VarInfo { name: task.name.clone(), shape: task.output.clone() });
        id
    }
}

/// Hoists calls nested in expressions into `let`s of their own, so every call is a
/// statement of its own: `Assign`, `Eval` or `Return` of a `Call` whose argument has none.
fn flatten_block(block: Block, t: &mut Temps) -> Block {
    let mut out = Vec::new();
    for stmt in block {
        let name = stmt.name.clone();
        let kind = match stmt.kind {
            StmtKind::Assign { var, value } => StmtKind::Assign { var, value: flatten_top(value, t, &mut out) },
            StmtKind::AssignField { place, value } => StmtKind::AssignField { place, value: flatten_top(value, t, &mut out) },
            StmtKind::Eval(e) => StmtKind::Eval(flatten_top(e, t, &mut out)),
            StmtKind::Return(e) => StmtKind::Return(flatten_top(e, t, &mut out)),
            StmtKind::If { cond, then, otherwise } => {
                StmtKind::If { cond, then: flatten_block(then, t), otherwise: flatten_block(otherwise, t) }
            }
            StmtKind::Match { scrutinee, arms } => StmtKind::Match {
                scrutinee,
                arms: arms.into_iter().map(|a| Arm { pattern: a.pattern, body: flatten_block(a.body, t) }).collect(),
            },
            StmtKind::Loop { body } => StmtKind::Loop { body: flatten_block(body, t) },
            other => other,
        };
        out.push(Stmt { kind, name });
    }
    out
}

/// A top-level expression keeps its own call; calls inside it are hoisted.
fn flatten_top(e: Expr, t: &mut Temps, out: &mut Block) -> Expr {
    match e {
        Expr::Call(call) => {
            let Call { task, arg } = *call;
            let arg = arg.map(|a| hoist(a, t, out));
            Expr::Call(Box::new(Call { task, arg }))
        }
        other => hoist(other, t, out),
    }
}

/// Replaces every call inside `e` by a temporary holding its result.
fn hoist(e: Expr, t: &mut Temps, out: &mut Block) -> Expr {
    match e {
        Expr::Call(call) => {
            let Call { task, arg } = *call;
            let arg = arg.map(|a| hoist(a, t, out));
            let var = t.fresh(&task);
            out.push(StmtKind::Assign { var, value: Expr::Call(Box::new(Call { task, arg })) }.into());
            Expr::Place(Place::var(var))
        }
        Expr::Struct { shape, fields } => {
            Expr::Struct { shape, fields: fields.into_iter().map(|(k, v)| (k, hoist(v, t, out))).collect() }
        }
        // A branch's calls are hoisted inside the branch.
        Expr::Parallel(branches) => Expr::Parallel(branches.into_iter().map(|b| flatten_block(b, t)).collect()),
        other => other,
    }
}

fn walk_stmts<'a>(block: &'a Block, f: &mut impl FnMut(&'a Stmt)) {
    for s in block {
        f(s);
        match &s.kind {
            StmtKind::If { then, otherwise, .. } => {
                walk_stmts(then, f);
                walk_stmts(otherwise, f);
            }
            StmtKind::Match { arms, .. } => arms.iter().for_each(|a| walk_stmts(&a.body, f)),
            StmtKind::Loop { body } => walk_stmts(body, f),
            StmtKind::Assign { value: Expr::Parallel(branches), .. }
            | StmtKind::AssignField { value: Expr::Parallel(branches), .. }
            | StmtKind::Eval(Expr::Parallel(branches))
            | StmtKind::Return(Expr::Parallel(branches)) => branches.iter().for_each(|b| walk_stmts(b, f)),
            _ => {}
        }
    }
}

/// The value a `parallel!` branch ends with.
fn branch_value(block: &Block) -> Option<&Expr> {
    match block.last().map(|s| &s.kind) {
        Some(StmtKind::Return(e)) => Some(e),
        _ => None,
    }
}

/// The shape of a place: the variable's shape followed through its fields.
fn place_shape(vars: &[VarInfo], p: &Place) -> Shape {
    let mut shape = vars.get(p.var.0 as usize).map(|v| v.shape.clone()).unwrap_or(Shape::Any);
    for f in &p.fields {
        shape = match shape.field(f) {
            Some((_, s)) => s,
            None => return Shape::Any,
        };
    }
    shape.resolved()
}

fn expr_shape(vars: &[VarInfo], e: &Expr) -> Shape {
    match e {
        Expr::Place(p) => place_shape(vars, p),
        Expr::Literal(v) => match v {
            Value::Null => Shape::Unit,
            Value::Bool(_) => Shape::Bool,
            Value::Number(_) => Shape::Number,
            Value::String(_) => Shape::String,
            _ => Shape::Any,
        },
        Expr::Struct { shape, .. } => shape.clone(),
        Expr::Call(c) => c.task.output.clone(),
        Expr::Parallel(branches) => {
            Shape::Tuple(branches.iter().map(|b| branch_value(b).map(|e| expr_shape(vars, e)).unwrap_or(Shape::Any)).collect())
        }
        Expr::Map(_) | Expr::Intrinsic { .. } | Expr::Context(_) => Shape::Any,
    }
}

fn infer_shapes(wf: &mut Workflow) {
    // Twice: a `parallel!`'s shape comes from its branches' variables, inferred after it.
    infer_shapes_once(wf);
    infer_shapes_once(wf);
}

fn infer_shapes_once(wf: &mut Workflow) {
    let mut assigned: Vec<(VarId, Shape)> = Vec::new();
    walk_stmts(&wf.body, &mut |s| {
        if let StmtKind::Assign { var, value } = &s.kind {
            assigned.push((*var, expr_shape(&wf.vars, value)));
        }
    });
    for (var, shape) in assigned {
        if let Some(info) = wf.vars.get_mut(var.0 as usize) {
            if info.shape == Shape::Any {
                info.shape = shape;
            }
        }
    }
}

/// How many times each variable is assigned (the input counts once).
fn assignment_counts(wf: &Workflow) -> HashMap<VarId, usize> {
    let mut counts = HashMap::new();
    if let Some(i) = wf.input {
        counts.insert(i, 1);
    }
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::Assign { var, .. } => *counts.entry(*var).or_insert(0) += 1,
        StmtKind::AssignField { place, .. } => *counts.entry(place.var).or_insert(0) += 2,
        _ => {}
    });
    counts
}

fn expr_vars(e: &Expr, out: &mut BTreeSet<VarId>) {
    match e {
        Expr::Place(p) => {
            out.insert(p.var);
        }
        Expr::Literal(_) => {}
        Expr::Struct { fields, .. } => fields.iter().for_each(|(_, v)| expr_vars(v, out)),
        Expr::Call(c) => {
            if let Some(a) = &c.arg {
                expr_vars(a, out);
            }
        }
        // What a branch reads is computed by `liveness` (a branch has variables of its own).
        Expr::Parallel(_) | Expr::Map(_) => {}
        Expr::Intrinsic { args, .. } => args.iter().for_each(|a| expr_vars(a, out)),
        Expr::Context(_) => {}
    }
}

/// `let` of a place, literal or struct literal over variables that never change is
/// substituted into its uses: it needs no state.
fn substitute_pure_lets(wf: &mut Workflow) {
    let counts = assignment_counts(wf);
    let immutable = |v: &VarId| counts.get(v).copied().unwrap_or(0) <= 1;
    let mut pure: HashMap<VarId, Expr> = HashMap::new();
    walk_stmts(&wf.body, &mut |s| {
        if let StmtKind::Assign { var, value } = &s.kind {
            if !immutable(var) || matches!(value, Expr::Call(_) | Expr::Parallel(_)) {
                return;
            }
            let mut used = BTreeSet::new();
            expr_vars(value, &mut used);
            if used.iter().all(immutable) {
                pure.insert(*var, value.clone());
            }
        }
    });
    if pure.is_empty() {
        return;
    }
    // Substitute until nothing changes (a pure let may refer to another).
    let body = std::mem::take(&mut wf.body);
    wf.body = subst_block(body, &pure);
}

fn subst_block(block: Block, pure: &HashMap<VarId, Expr>) -> Block {
    block
        .into_iter()
        .filter(|s| !matches!(&s.kind, StmtKind::Assign { var, .. } if pure.contains_key(var)))
        .map(|s| {
            let kind = match s.kind {
                StmtKind::Assign { var, value } => StmtKind::Assign { var, value: subst_expr(value, pure) },
                StmtKind::AssignField { place, value } => {
                    StmtKind::AssignField { place: subst_place(place, pure), value: subst_expr(value, pure) }
                }
                StmtKind::Eval(e) => StmtKind::Eval(subst_expr(e, pure)),
                StmtKind::Return(e) => StmtKind::Return(subst_expr(e, pure)),
                StmtKind::If { cond, then, otherwise } => StmtKind::If {
                    cond: subst_cond(cond, pure),
                    then: subst_block(then, pure),
                    otherwise: subst_block(otherwise, pure),
                },
                StmtKind::Match { scrutinee, arms } => StmtKind::Match {
                    scrutinee: subst_place(scrutinee, pure),
                    arms: arms.into_iter().map(|a| Arm { pattern: a.pattern, body: subst_block(a.body, pure) }).collect(),
                },
                StmtKind::Loop { body } => StmtKind::Loop { body: subst_block(body, pure) },
                StmtKind::Sleep(d) => StmtKind::Sleep(match d {
                    Duration::SecondsAt(p) => Duration::SecondsAt(subst_place(p, pure)),
                    Duration::UntilAt(p) => Duration::UntilAt(subst_place(p, pure)),
                    other => other,
                }),
                StmtKind::Fail { error, cause } => StmtKind::Fail {
                    error,
                    cause: cause.map(|c| match c {
                        Text::At(p) => Text::At(subst_place(p, pure)),
                        other => other,
                    }),
                },
                other => other,
            };
            Stmt { kind, name: s.name }
        })
        .collect()
}

/// A place through a pure variable: only aliases of places can stand where a place must.
fn subst_place(p: Place, pure: &HashMap<VarId, Expr>) -> Place {
    match pure.get(&p.var) {
        Some(Expr::Place(base)) => {
            let mut base = subst_place(base.clone(), pure);
            base.fields.extend(p.fields);
            base
        }
        _ => p,
    }
}

fn subst_expr(e: Expr, pure: &HashMap<VarId, Expr>) -> Expr {
    match e {
        Expr::Place(p) => match pure.get(&p.var) {
            Some(Expr::Place(_)) => Expr::Place(subst_place(p, pure)),
            Some(value) if p.fields.is_empty() => subst_expr(value.clone(), pure),
            Some(Expr::Struct { fields, .. }) => {
                // `s.a` where `s` is a struct literal: the field's expression.
                let mut value = Expr::Struct { shape: Shape::Any, fields: fields.clone() };
                for f in &p.fields {
                    value = match value {
                        Expr::Struct { fields, .. } => fields
                            .into_iter()
                            .find(|(k, _)| k == f)
                            .map(|(_, v)| v)
                            .unwrap_or(Expr::Literal(Value::Null)),
                        other => other,
                    };
                }
                subst_expr(value, pure)
            }
            _ => Expr::Place(p),
        },
        Expr::Struct { shape, fields } => {
            Expr::Struct { shape, fields: fields.into_iter().map(|(k, v)| (k, subst_expr(v, pure))).collect() }
        }
        Expr::Call(c) => {
            let Call { task, arg } = *c;
            Expr::Call(Box::new(Call { task, arg: arg.map(|a| subst_expr(a, pure)) }))
        }
        Expr::Parallel(branches) => Expr::Parallel(branches.into_iter().map(|b| subst_block(b, pure)).collect()),
        lit => lit,
    }
}

fn subst_cond(c: Cond, pure: &HashMap<VarId, Expr>) -> Cond {
    let operand = |o: Operand| match o {
        Operand::Place(p) => match subst_expr(Expr::Place(p), pure) {
            Expr::Place(p) => Operand::Place(p),
            Expr::Literal(v) => Operand::Literal(v),
            _ => Operand::Literal(Value::Null),
        },
        lit => lit,
    };
    match c {
        Cond::And(a, b) => Cond::And(Box::new(subst_cond(*a, pure)), Box::new(subst_cond(*b, pure))),
        Cond::Or(a, b) => Cond::Or(Box::new(subst_cond(*a, pure)), Box::new(subst_cond(*b, pure))),
        Cond::Not(a) => Cond::Not(Box::new(subst_cond(*a, pure))),
        Cond::Compare { place, op, rhs } => Cond::Compare { place: subst_place(place, pure), op, rhs: operand(rhs) },
        Cond::IsTrue(p) => Cond::IsTrue(subst_place(p, pure)),
        Cond::IsSome(p) => Cond::IsSome(subst_place(p, pure)),
        Cond::IsNone(p) => Cond::IsNone(subst_place(p, pure)),
        lit => lit,
    }
}

// ---------------------------------------------------------------------------------
// 2. liveness

type Live = BTreeSet<VarId>;

/// Live variables after each assignment statement, keyed by the statement's address.
struct Liveness {
    after: HashMap<*const Stmt, Live>,
}

fn liveness(wf: &Workflow) -> Liveness {
    let mut l = Liveness { after: HashMap::new() };
    let mut loops = Vec::new();
    l.block(&wf.body, &Live::new(), &mut loops);
    l
}

/// For `break` and `continue`: what is live at the loop's exit and at its head.
struct LoopLive {
    exit: Live,
    head: Live,
}

fn cond_vars(c: &Cond, out: &mut Live) {
    match c {
        Cond::And(a, b) | Cond::Or(a, b) => {
            cond_vars(a, out);
            cond_vars(b, out);
        }
        Cond::Not(a) => cond_vars(a, out),
        Cond::Compare { place, rhs, .. } => {
            out.insert(place.var);
            if let Operand::Place(p) = rhs {
                out.insert(p.var);
            }
        }
        Cond::IsTrue(p) | Cond::IsSome(p) | Cond::IsNone(p) => {
            out.insert(p.var);
        }
        Cond::Literal(_) => {}
        Cond::Value(e) => expr_vars(e, out),
    }
}

impl Liveness {
    /// The variables `parallel!` branches read before assigning them: each branch gets the
    /// state as it is at the Parallel state, and nothing of a branch is live after it.
    fn branch_reads(&mut self, e: &Expr, live: &mut Live) {
        if let Expr::Parallel(branches) = e {
            for b in branches {
                let reads = self.block(b, &Live::new(), &mut Vec::new());
                live.extend(reads);
            }
        }
    }

    /// Live variables before `block`, given those live after it.
    fn block(&mut self, block: &Block, after: &Live, loops: &mut Vec<LoopLive>) -> Live {
        let mut live = after.clone();
        for s in block.iter().rev() {
            live = self.stmt(s, &live, loops);
        }
        live
    }

    fn stmt(&mut self, s: &Stmt, after: &Live, loops: &mut Vec<LoopLive>) -> Live {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                self.after.insert(s as *const Stmt, after.clone());
                let mut live = after.clone();
                live.remove(var);
                expr_vars(value, &mut live);
                self.branch_reads(value, &mut live);
                live
            }
            StmtKind::AssignField { place, value } => {
                self.after.insert(s as *const Stmt, after.clone());
                let mut live = after.clone();
                live.insert(place.var);
                expr_vars(value, &mut live);
                self.branch_reads(value, &mut live);
                live
            }
            StmtKind::Eval(e) => {
                let mut live = after.clone();
                expr_vars(e, &mut live);
                self.branch_reads(e, &mut live);
                live
            }
            StmtKind::Return(e) => {
                let mut live = Live::new();
                expr_vars(e, &mut live);
                self.branch_reads(e, &mut live);
                live
            }
            StmtKind::If { cond, then, otherwise } => {
                let mut live = self.block(then, after, loops);
                live.extend(self.block(otherwise, after, loops));
                cond_vars(cond, &mut live);
                live
            }
            StmtKind::Match { scrutinee, arms } => {
                let mut live = Live::new();
                for a in arms {
                    live.extend(self.block(&a.body, after, loops));
                }
                live.insert(scrutinee.var);
                live
            }
            StmtKind::Loop { body } => {
                // Iterate to a fixed point: the head's live set feeds the back edge.
                let mut head = Live::new();
                loop {
                    loops.push(LoopLive { exit: after.clone(), head: head.clone() });
                    let new_head = self.block(body, &head, loops);
                    loops.pop();
                    if new_head == head {
                        return head;
                    }
                    head = head.union(&new_head).cloned().collect();
                }
            }
            StmtKind::Break => loops.last().map(|l| l.exit.clone()).unwrap_or_default(),
            StmtKind::Continue => loops.last().map(|l| l.head.clone()).unwrap_or_default(),
            StmtKind::Sleep(d) => {
                let mut live = after.clone();
                if let Duration::SecondsAt(p) | Duration::UntilAt(p) = d {
                    live.insert(p.var);
                }
                live
            }
            StmtKind::Try { .. } | StmtKind::For { .. } => after.clone(),
            StmtKind::Fail { cause, .. } => {
                let mut live = Live::new();
                if let Some(Text::At(p)) = cause {
                    live.insert(p.var);
                }
                live
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// 3. homes

/// Where a variable lives in the state JSON.
#[derive(Debug, Clone, PartialEq)]
enum Home {
    Root,
    /// `$.<key>`.
    Field(String),
}

struct Homes {
    of: HashMap<VarId, Home>,
    /// The input lives in a field, so the first state must move it there.
    move_input: Option<String>,
}

fn homes(wf: &Workflow, live: &Liveness) -> Homes {
    // A variable may live at `$` when nothing else is live wherever it is assigned.
    let mut root_ok: HashMap<VarId, bool> = HashMap::new();
    if let Some(i) = wf.input {
        root_ok.insert(i, true);
    }
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::Assign { var, .. } => {
            let alone = live.after.get(&(s as *const Stmt)).map(|l| l.iter().all(|v| v == var)).unwrap_or(true);
            let ok = root_ok.entry(*var).or_insert(true);
            *ok &= alone;
        }
        StmtKind::AssignField { place, .. } => {
            root_ok.entry(place.var).or_insert(true);
        }
        _ => {}
    });
    let shape = |v: &VarId| wf.vars.get(v.0 as usize).map(|i| i.shape.clone()).unwrap_or(Shape::Any);
    let any_field = root_ok.values().any(|ok| !ok);
    // Fields can only be added to an object: with any field in use, `$` holds objects only.
    let mut of = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for (v, ok) in &root_ok {
        if *ok && (!any_field || shape(v).is_object()) {
            of.insert(*v, Home::Root);
            if let Shape::Object(fields) = shape(v).resolved() {
                taken.extend(fields.into_iter().map(|f| f.json));
            }
        }
    }
    let mut vars: Vec<VarId> = root_ok.keys().copied().filter(|v| !of.contains_key(v)).collect();
    vars.sort();
    for v in vars {
        let base = wf.vars.get(v.0 as usize).map(|i| i.name.clone()).unwrap_or_else(|| format!("v{}", v.0));
        let mut key = base.clone();
        let mut n = 2;
        while !taken.insert(key.clone()) {
            key = format!("{base}_{n}");
            n += 1;
        }
        of.insert(v, Home::Field(key));
    }
    let move_input = wf.input.and_then(|i| match of.get(&i) {
        Some(Home::Field(k)) => Some(k.clone()),
        _ => None,
    });
    Homes { of, move_input }
}

// ---------------------------------------------------------------------------------
// 4. emit

type Label = usize;

struct LoopTargets {
    head: Label,
    exit: Label,
}

/// A state under construction: transitions are labels until `finish`.
struct Pending {
    name: String,
    state: asl::State,
    next: Option<Label>,
    /// Choice rules' targets and Default, in order.
    choice_targets: Vec<Label>,
    choice_default: Option<Label>,
}

struct Emitter<'w> {
    wf: &'w Workflow,
    homes: Homes,
    states: Vec<Pending>,
    /// Union-find over labels; `bound` maps a root label to the state index it names.
    parent: Vec<Label>,
    bound: HashMap<Label, usize>,
    names: HashSet<String>,
    loops: Vec<LoopTargets>,
    errors: Vec<String>,
    start: Label,
}

/// The default state name for a task: its fn name in PascalCase, or a name given with
/// `#[task(name = "…")]` (anything not snake_case) as written.
fn task_state_name(name: &str) -> String {
    if name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_') {
        pascal(name)
    } else {
        name.to_string()
    }
}

fn pascal(s: &str) -> String {
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

/// `$.a.b`, with bracket notation for keys that need it.
fn json_path(base: &str, keys: &[String]) -> String {
    let mut p = base.to_string();
    for k in keys {
        if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && !k.starts_with(|c: char| c.is_ascii_digit()) {
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

fn common() -> asl::Common {
    asl::Common::default()
}

impl<'w> Emitter<'w> {
    fn new(wf: &'w Workflow, homes: Homes) -> Self {
        let mut em = Emitter {
            wf,
            homes,
            states: Vec::new(),
            parent: Vec::new(),
            bound: HashMap::new(),
            names: HashSet::new(),
            loops: Vec::new(),
            errors: Vec::new(),
            start: 0,
        };
        em.start = em.label();
        em
    }

    fn label(&mut self) -> Label {
        self.parent.push(self.parent.len());
        self.parent.len() - 1
    }

    fn find(&self, mut l: Label) -> Label {
        while self.parent[l] != l {
            l = self.parent[l];
        }
        l
    }

    /// `from` now means the same place as `to`.
    fn join(&mut self, from: Label, to: Label) {
        let (a, b) = (self.find(from), self.find(to));
        if a != b {
            self.parent[a] = b;
        }
    }

    fn unique_name(&mut self, wanted: &str) -> String {
        let base: String = wanted.chars().take(76).collect();
        let mut name = base.clone();
        let mut n = 2;
        while !self.names.insert(name.clone()) {
            name = format!("{base}{n}");
            n += 1;
        }
        name
    }

    /// Adds a state named `name` at `entry`, continuing to `next`.
    fn push(&mut self, entry: Label, name: &str, state: asl::State, next: Option<Label>) -> usize {
        let name = self.unique_name(name);
        let index = self.states.len();
        self.states.push(Pending { name, state, next, choice_targets: Vec::new(), choice_default: None });
        let root = self.find(entry);
        self.bound.insert(root, index);
        index
    }

    fn run(&mut self) {
        let body = &self.wf.body;
        let mut entry = self.start;
        if let Some(key) = self.homes.move_input.clone() {
            let next = self.label();
            let pass = asl::PassState {
                common: common(),
                parameters: Some(json!({ format!("{key}.$"): "$" })),
                result: None,
                result_path: None,
                transition: asl::Transition::Missing,
            };
            self.push(entry, &format!("Take{}", pascal(&key)), asl::State::Pass(pass), Some(next));
            entry = next;
        }
        let end = self.label();
        self.block(body, entry, end);
        if !self.bound.contains_key(&self.find(end)) && self.reaches(end) {
            self.errors.push("the workflow can end without returning a value".into());
        }
    }

    /// Whether any state or join refers to `l` (so falling off the body is possible).
    fn reaches(&self, l: Label) -> bool {
        let root = self.find(l);
        self.states.iter().any(|p| {
            p.next.map(|n| self.find(n)) == Some(root)
                || p.choice_targets.iter().any(|t| self.find(*t) == root)
                || p.choice_default.map(|d| self.find(d)) == Some(root)
        }) || self.find(self.start) == root
    }

    /// Lowers `block` starting at `entry`; control falls through to `exit`.
    fn block(&mut self, block: &Block, entry: Label, exit: Label) {
        let mut entry = entry;
        for (i, s) in block.iter().enumerate() {
            let next = if i + 1 == block.len() { exit } else { self.label() };
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

    fn home_path(&self, var: VarId) -> String {
        match self.homes.of.get(&var) {
            Some(Home::Field(k)) => json_path("$", std::slice::from_ref(k)),
            _ => "$".into(),
        }
    }

    fn var_name(&self, var: VarId) -> String {
        self.wf.vars.get(var.0 as usize).map(|v| v.name.clone()).unwrap_or_default()
    }

    /// The JSON path of a place.
    fn path(&self, p: &Place) -> String {
        let mut shape = self.wf.vars.get(p.var.0 as usize).map(|v| v.shape.clone()).unwrap_or(Shape::Any);
        let mut keys = Vec::new();
        for f in &p.fields {
            match shape.field(f) {
                Some((segments, s)) => {
                    keys.extend(segments);
                    shape = s;
                }
                None => {
                    keys.push(f.clone());
                    shape = Shape::Any;
                }
            }
        }
        json_path(&self.home_path(p.var), &keys)
    }

    /// A payload template for a struct literal or literal (`Parameters`).
    fn template(&self, e: &Expr) -> Result<Value, String> {
        match e {
            Expr::Literal(v) => Ok(v.clone()),
            // An array literal (`vec![S { … }]`): its items are under "0", "1", ….
            Expr::Struct { shape: Shape::Array(_), fields } => fields
                .iter()
                .map(|(_, item)| match item {
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
                        Expr::Place(p) => {
                            m.insert(format!("{k}.$"), Value::String(self.path(p)));
                        }
                        // A field of the context object (`$$.Task.Token`).
                        Expr::Context(segments) => {
                            m.insert(format!("{k}.$"), Value::String(format!("$$.{}", segments.join("."))));
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
            _ => Err("not supported yet".into()),
        }
    }

    /// Lowers one statement; returns true when control never falls through.
    fn stmt(&mut self, s: &Stmt, entry: Label, next: Label) -> bool {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                let target = Some(self.home_path(*var));
                let name = s.name.clone().unwrap_or_else(|| format!("Set{}", pascal(&self.var_name(*var))));
                self.value_into(value, target, entry, next, &name, s);
                false
            }
            StmtKind::AssignField { place, value } => {
                let name = s.name.clone().unwrap_or_else(|| format!("Set{}", pascal(place.fields.last().map(String::as_str).unwrap_or("Field"))));
                let path = self.path(place);
                self.value_into(value, Some(path), entry, next, &name, s);
                false
            }
            StmtKind::Eval(e) => {
                match e {
                    Expr::Parallel(branches) => {
                        let name = s.name.clone().unwrap_or_else(|| "Parallel".into());
                        self.parallel(branches, Some(asl::NullablePath::Null), entry, Some(next), &name);
                    }
                    Expr::Call(c) => {
                        let task = self.task(c, Some(asl::NullablePath::Null), s);
                        let name = s.name.clone().unwrap_or_else(|| task_state_name(&c.task.name));
                        self.push(entry, &name, asl::State::Task(task), Some(next));
                    }
                    _ => self.join(entry, next), // a pure expression has no effect
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
                self.loops.push(LoopTargets { head: entry, exit: next });
                self.block(body, entry, entry);
                self.loops.pop();
                if !self.bound.contains_key(&self.find(entry)) {
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
                            self.errors.push("a loop whose first statement is `continue` never ends".into());
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
                    Duration::Seconds(n) => {
                        w.seconds = Some(asl::Expr::Value(*n));
                        format!("Wait{n}s")
                    }
                    Duration::SecondsAt(p) => {
                        w.seconds_path = Some(self.path(p));
                        format!("WaitFor{}", pascal(p.fields.last().map(String::as_str).unwrap_or("Seconds")))
                    }
                    Duration::Until(t) => {
                        w.timestamp = Some(asl::Expr::Value(t.clone()));
                        "WaitUntil".into()
                    }
                    Duration::UntilAt(p) => {
                        w.timestamp_path = Some(self.path(p));
                        format!("WaitUntil{}", pascal(p.fields.last().map(String::as_str).unwrap_or("Time")))
                    }
                };
                let name = s.name.clone().unwrap_or(default_name);
                self.push(entry, &name, asl::State::Wait(w), Some(next));
                false
            }
            StmtKind::Try { .. } | StmtKind::For { .. } => {
                self.errors.push("not supported yet".into());
                false
            }
            StmtKind::Fail { error, cause } => {
                let mut f = asl::FailState { common: common(), error: None, cause: None, error_path: None, cause_path: None };
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
                self.push(entry, &name, asl::State::Fail(f), None);
                true
            }
        }
    }

    /// `target = value`: a Task for a call, otherwise a Pass.
    fn value_into(&mut self, value: &Expr, target: Option<String>, entry: Label, next: Label, name: &str, s: &Stmt) {
        let result_path = target.map(asl::NullablePath::Path);
        match value {
            Expr::Call(c) => {
                let task = self.task(c, result_path, s);
                let name = s.name.clone().unwrap_or_else(|| task_state_name(&c.task.name));
                self.push(entry, &name, asl::State::Task(task), Some(next));
            }
            Expr::Parallel(branches) => {
                let name = s.name.clone().unwrap_or_else(|| format!("Parallel{}", name.strip_prefix("Set").unwrap_or(name)));
                let entry = self.clear_stale_result(branches, result_path.as_ref(), entry, &name);
                self.parallel(branches, result_path, entry, Some(next), &name);
            }
            // The value is already where it goes (`let mut c = c;` with both at `$`).
            Expr::Place(p) if result_path == Some(asl::NullablePath::Path(self.path(p))) => self.join(entry, next),
            Expr::Place(p) => {
                let mut pass = pass();
                pass.common.input_path = Some(asl::NullablePath::Path(self.path(p)));
                pass.result_path = result_path;
                self.push(entry, name, asl::State::Pass(pass), Some(next));
            }
            Expr::Literal(v) => {
                let mut pass = pass();
                pass.result = Some(v.clone());
                pass.result_path = result_path;
                self.push(entry, name, asl::State::Pass(pass), Some(next));
            }
            Expr::Struct { .. } => match self.template(value) {
                Ok(t) => {
                    let mut pass = pass();
                    pass.parameters = Some(t);
                    pass.result_path = result_path;
                    self.push(entry, name, asl::State::Pass(pass), Some(next));
                }
                Err(e) => self.errors.push(e),
            },
            _ => self.errors.push("not supported yet".into()),
        }
    }

    fn task(&mut self, c: &Call, result_path: Option<asl::NullablePath>, _s: &Stmt) -> asl::TaskState {
        let spec = &c.task;
        let resource = match &spec.resource {
            TaskResource::Lambda(name) if !name.starts_with("arn:") && !name.contains("${") => {
                format!("arn:aws:lambda:#{{AWS::Region}}:#{{AWS::AccountId}}:function:{name}")
            }
            TaskResource::Lambda(arn) | TaskResource::Activity(arn) | TaskResource::Arn(arn) => arn.clone(),
        };
        let mut t = asl::TaskState {
            common: common(),
            resource: asl::Resource::Arn(resource),
            parameters: None,
            arguments: None,
            result_selector: None,
            result_path: result_path.filter(|p| *p != asl::NullablePath::Path("$".into())),
            timeout_seconds: spec.timeout_seconds.map(asl::Expr::Value),
            timeout_seconds_path: None,
            heartbeat_seconds: spec.heartbeat_seconds.map(asl::Expr::Value),
            heartbeat_seconds_path: None,
            credentials: None,
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        match &c.arg {
            None => t.common.input_path = Some(asl::NullablePath::Null),
            Some(Expr::Place(p)) => {
                let path = self.path(p);
                if path != "$" {
                    t.common.input_path = Some(asl::NullablePath::Path(path));
                }
            }
            Some(e @ Expr::Struct { .. }) => match self.template(e) {
                Ok(v) => t.parameters = Some(v),
                Err(e) => self.errors.push(e),
            },
            Some(Expr::Literal(v)) => self.errors.push(format!(
                "task `{}` is called with the literal {v}; ASL can only pass objects built in `Parameters`: give the task a payload struct as input",
                spec.name
            )),
            Some(Expr::Call(_)) => self.errors.push(format!("nested call in the argument of `{}`", spec.name)),
            Some(Expr::Parallel(_)) => self.errors.push(format!("bind the `parallel!(…)` in the argument of `{}` with `let` first", spec.name)),
            Some(_) => self.errors.push("not supported yet".into()),
        }
        if !spec.retry.is_empty() {
            t.errors.retry = Some(
                spec.retry
                    .iter()
                    .map(|r| asl::Retrier {
                        comment: None,
                        error_equals: r.errors.clone(),
                        interval_seconds: r.interval_seconds,
                        max_attempts: r.max_attempts,
                        backoff_rate: r.backoff_rate,
                        max_delay_seconds: r.max_delay_seconds,
                        jitter_strategy: r.jitter_full.map(|f| if f { asl::JitterStrategy::Full } else { asl::JitterStrategy::None }),
                        unknown: Default::default(),
                    })
                    .collect(),
            );
        }
        t
    }

    /// `return e`: the state that produces the output, with `End`.
    fn ret(&mut self, e: &Expr, entry: Label, s: &Stmt) {
        match e {
            Expr::Parallel(branches) => {
                let name = s.name.clone().unwrap_or_else(|| "Parallel".into());
                let i = self.parallel(branches, None, entry, None, &name);
                self.set_end(i);
            }
            Expr::Call(c) => {
                let task = self.task(c, None, s);
                let name = s.name.clone().unwrap_or_else(|| task_state_name(&c.task.name));
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
            Expr::Literal(_) | Expr::Struct { .. } => match self.template(e) {
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
            _ => self.errors.push("not supported yet".into()),
        }
    }

    fn set_end(&mut self, i: usize) {
        if let Some(t) = self.states[i].state.transition_mut() {
            *t = asl::Transition::End;
        }
    }

    /// A branch whose value is the variable at `$` returns the whole state, with the fields
    /// of other variables attached. If the Parallel's own target field may still hold an
    /// earlier result (it is assigned more than once, or in a loop), that result would be
    /// nested into the new one on every round; a Pass sets the field to null first.
    /// Returns the label where the Parallel itself starts.
    fn clear_stale_result(&mut self, branches: &[Block], target: Option<&asl::NullablePath>, entry: Label, name: &str) -> Label {
        let Some(asl::NullablePath::Path(field)) = target else { return entry };
        if field == "$" {
            return entry;
        }
        let counts = assignment_counts(self.wf);
        let reassigned = self
            .homes
            .of
            .iter()
            .any(|(v, h)| matches!(h, Home::Field(_)) && self.home_path(*v) == *field && counts.get(v).copied().unwrap_or(0) > 1);
        let mut returns_root = false;
        for b in branches {
            walk_stmts(b, &mut |st| {
                if let StmtKind::Return(Expr::Place(p)) = &st.kind {
                    returns_root |= self.path(p) == "$";
                }
            });
        }
        // Inside a loop the field holds the previous round's result.
        if !((reassigned || !self.loops.is_empty()) && returns_root) {
            return entry;
        }
        let mut clear = pass();
        clear.result = Some(Value::Null);
        clear.result_path = Some(asl::NullablePath::Path(field.clone()));
        let next = self.label();
        self.push(entry, &format!("Clear{name}"), asl::State::Pass(clear), Some(next));
        next
    }

    /// A `Parallel` state at `entry`: one branch per block, each lowered as a graph of its
    /// own on the state as it is here (outer variables keep their homes; the branch's own
    /// variables have theirs). State names are unique across the whole machine.
    fn parallel(&mut self, branches: &[Block], result_path: Option<asl::NullablePath>, entry: Label, next: Option<Label>, name: &str) -> usize {
        let state = asl::ParallelState {
            common: common(),
            branches: Vec::new(),
            parameters: None,
            arguments: None,
            result_selector: None,
            result_path: result_path.filter(|p| *p != asl::NullablePath::Path("$".into())),
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        let index = self.push(entry, name, asl::State::Parallel(state), next);
        let mut graphs = Vec::new();
        for b in branches {
            if let Some(g) = self.branch_graph(b) {
                graphs.push(g);
            }
        }
        if let asl::State::Parallel(p) = &mut self.states[index].state {
            p.branches = graphs;
        }
        index
    }

    fn branch_graph(&mut self, block: &Block) -> Option<asl::Graph> {
        let homes = Homes { of: self.homes.of.clone(), move_input: None };
        let mut sub = Emitter::new(self.wf, homes);
        sub.names = std::mem::take(&mut self.names);
        let end = sub.label();
        sub.block(block, sub.start, end);
        if !sub.bound.contains_key(&sub.find(end)) && sub.reaches(end) {
            sub.errors.push("a `parallel!` branch can end without a value".into());
        }
        self.names = std::mem::take(&mut sub.names);
        match sub.finish() {
            Ok(mut sm) => {
                let before: Vec<String> = sm.states.keys().cloned().collect();
                fold_ends(&mut sm);
                for n in before {
                    if !sm.states.contains_key(&n) {
                        self.names.remove(&n);
                    }
                }
                Some(asl::Graph { start_at: sm.start_at, states: sm.states, ..asl::Graph::default() })
            }
            Err(EmitError::Lowering { errors, .. }) => {
                self.errors.extend(errors);
                None
            }
            Err(other) => {
                self.errors.push(other.to_string());
                None
            }
        }
    }

    // ---- Choice ----

    /// `if`/`else if`/`else` as one Choice state with one rule per condition.
    fn choice_chain(&mut self, s: &Stmt, entry: Label, next: Label) {
        let mut rules: Vec<(Cond, &Block)> = Vec::new();
        let mut current = s;
        let otherwise: &Block = loop {
            let StmtKind::If { cond, then, otherwise } = &current.kind else { unreachable!("choice_chain on an if") };
            rules.push((cond.clone(), then));
            match otherwise.as_slice() {
                [only @ Stmt { kind: StmtKind::If { .. }, name: None }] => current = only,
                _ => break otherwise,
            }
        };
        // Conditions known at compile time need no Choice.
        if let Some(pos) = rules.iter().position(|(c, _)| matches!(c, Cond::Literal(true))) {
            if pos == 0 {
                let body = rules[0].1;
                self.block(body, entry, next);
                return;
            }
            rules.truncate(pos + 1);
        }
        rules.retain(|(c, _)| !matches!(c, Cond::Literal(false)));
        let name = s.name.clone().unwrap_or_else(|| format!("If{}", pascal(&cond_subject(&rules[0].0))));
        let mut conditions = Vec::new();
        let mut bodies = Vec::new();
        let mut default_body = Some(otherwise);
        for (cond, body) in &rules {
            if matches!(cond, Cond::Literal(true)) {
                default_body = Some(body);
                break;
            }
            match self.condition(cond) {
                Ok(c) => conditions.push(c),
                Err(e) => {
                    self.errors.push(e);
                    return;
                }
            }
            bodies.push(*body);
        }
        self.emit_choice(&name, entry, next, conditions, bodies, default_body);
    }

    fn emit_choice(&mut self, name: &str, entry: Label, next: Label, conditions: Vec<asl::Condition>, bodies: Vec<&Block>, default_body: Option<&Block>) {
        let choice = asl::ChoiceState { common: common(), choices: Vec::new(), default: None };
        let index = self.push(entry, name, asl::State::Choice(choice), None);
        let mut targets = Vec::new();
        for (cond, body) in conditions.into_iter().zip(bodies) {
            let target = self.label();
            if let asl::State::Choice(c) = &mut self.states[index].state {
                c.choices.push(asl::ChoiceRule { comment: None, condition: cond, next: String::new(), assign: None, output: None, unknown: Default::default() });
            }
            targets.push(target);
            self.block(body, target, next);
        }
        let default = self.label();
        match default_body {
            Some(body) => self.block(body, default, next),
            None => self.join(default, next),
        }
        self.states[index].choice_targets = targets;
        self.states[index].choice_default = Some(default);
    }

    fn matches(&mut self, s: &Stmt, scrutinee: &Place, arms: &[Arm], entry: Label, next: Label) {
        let shape = place_shape(&self.wf.vars, scrutinee);
        let path = self.path(scrutinee);
        let name = s.name.clone().unwrap_or_else(|| format!("Match{}", pascal(scrutinee.fields.last().map(String::as_str).unwrap_or(&self.var_name(scrutinee.var)))));
        let mut conditions = Vec::new();
        let mut bodies = Vec::new();
        let mut default_body = None;
        for (i, arm) in arms.iter().enumerate() {
            // The last arm of an exhaustive match (rustc checked) is the Default.
            if matches!(arm.pattern, Pattern::Wildcard) || i + 1 == arms.len() {
                default_body = Some(&arm.body);
                break;
            }
            match pattern_condition(&arm.pattern, &path, &shape) {
                Ok(c) => conditions.push(c),
                Err(e) => {
                    self.errors.push(e);
                    return;
                }
            }
            bodies.push(&arm.body);
        }
        if conditions.is_empty() {
            if let Some(body) = default_body {
                self.block(body, entry, next);
            }
            return;
        }
        self.emit_choice(&name, entry, next, conditions, bodies, default_body);
    }

    fn condition(&self, c: &Cond) -> Result<asl::Condition, String> {
        Ok(match c {
            Cond::And(a, b) => flatten_bool(true, self.condition(a)?, self.condition(b)?),
            Cond::Or(a, b) => flatten_bool(false, self.condition(a)?, self.condition(b)?),
            Cond::Not(a) if matches!(**a, Cond::IsTrue(_)) => {
                let Cond::IsTrue(p) = &**a else { unreachable!() };
                test(self.path(p), asl::Test::Compare { kind: asl::CompareKind::Boolean, op: asl::CompareOp::Equals, operand: asl::Operand::Bool(false) })
            }
            Cond::Not(a) => match self.condition(a)? {
                asl::Condition::Not(inner) => *inner,
                other => asl::Condition::Not(Box::new(other)),
            },
            Cond::IsTrue(p) => test(self.path(p), asl::Test::Compare { kind: asl::CompareKind::Boolean, op: asl::CompareOp::Equals, operand: asl::Operand::Bool(true) }),
            Cond::IsSome(p) => is_some(&self.path(p)),
            Cond::IsNone(p) => is_none(&self.path(p)),
            Cond::Literal(b) => return Err(format!("the condition is always {b}; remove the `if`")),
            Cond::Value(_) => return Err("not supported yet".into()),
            Cond::Compare { place, op, rhs } => {
                let shape = place_shape(&self.wf.vars, place);
                let kind = compare_kind(&shape, rhs).ok_or_else(|| {
                    format!("cannot compare `{}`: only numbers, strings, booleans and timestamps can be compared in a Choice", self.path(place))
                })?;
                let operand = match rhs {
                    Operand::Place(p) => asl::Operand::Path(self.path(p)),
                    Operand::Literal(v) => literal_operand(kind, v)?,
                };
                let (op, negate) = match op {
                    CmpOp::Eq => (asl::CompareOp::Equals, false),
                    CmpOp::Ne => (asl::CompareOp::Equals, true),
                    CmpOp::Lt => (asl::CompareOp::LessThan, false),
                    CmpOp::Le => (asl::CompareOp::LessThanEquals, false),
                    CmpOp::Gt => (asl::CompareOp::GreaterThan, false),
                    CmpOp::Ge => (asl::CompareOp::GreaterThanEquals, false),
                };
                if kind == asl::CompareKind::Boolean && op != asl::CompareOp::Equals {
                    return Err("booleans can only be compared with == and !=".into());
                }
                let t = test(self.path(place), asl::Test::Compare { kind, op, operand });
                if negate {
                    asl::Condition::Not(Box::new(t))
                } else {
                    t
                }
            }
        })
    }

    /// Resolves labels into names and builds the document.
    fn finish(self) -> Result<StateMachine, EmitError> {
        let mut errors = self.errors.clone();
        let name_of = |l: Label| -> Option<String> { self.bound.get(&self.find(l)).map(|i| self.states[*i].name.clone()) };
        let mut states = IndexMap::new();
        for p in &self.states {
            let mut state = p.state.clone();
            let next = p.next.map(&name_of);
            match &mut state {
                asl::State::Choice(c) => {
                    for (rule, target) in c.choices.iter_mut().zip(&p.choice_targets) {
                        match name_of(*target) {
                            Some(n) => rule.next = n,
                            None => errors.push(format!("a branch of Choice `{}` falls off the end of the workflow", p.name)),
                        }
                    }
                    c.default = p.choice_default.and_then(name_of);
                }
                other => {
                    if let Some(n) = next {
                        let t = match n {
                            Some(n) => asl::Transition::Next(n),
                            None => asl::Transition::End,
                        };
                        if let Some(slot) = other.transition_mut() {
                            *slot = t;
                        }
                    }
                }
            }
            states.insert(p.name.clone(), state);
        }
        if !errors.is_empty() {
            return Err(EmitError::Lowering { workflow: self.wf.name.clone(), errors });
        }
        let start_at = name_of(self.start).unwrap_or_default();
        Ok(StateMachine { start_at, states, ..StateMachine::default() })
    }
}

fn pass() -> asl::PassState {
    asl::PassState { common: common(), parameters: None, result: None, result_path: None, transition: asl::Transition::Missing }
}

fn test(variable: String, test: asl::Test) -> asl::Condition {
    asl::Condition::Test { variable, test }
}

fn is_some(path: &str) -> asl::Condition {
    asl::Condition::And(vec![test(path.into(), asl::Test::IsPresent(true)), test(path.into(), asl::Test::IsNull(false))])
}

fn is_none(path: &str) -> asl::Condition {
    asl::Condition::Or(vec![test(path.into(), asl::Test::IsPresent(false)), test(path.into(), asl::Test::IsNull(true))])
}

/// `a && (b && c)` as one `And` of three.
fn flatten_bool(and: bool, a: asl::Condition, b: asl::Condition) -> asl::Condition {
    let mut items = Vec::new();
    for c in [a, b] {
        match (and, c) {
            (true, asl::Condition::And(cs)) | (false, asl::Condition::Or(cs)) => items.extend(cs),
            (_, c) => items.push(c),
        }
    }
    if and {
        asl::Condition::And(items)
    } else {
        asl::Condition::Or(items)
    }
}

fn compare_kind(shape: &Shape, rhs: &Operand) -> Option<asl::CompareKind> {
    match shape.resolved() {
        Shape::Number => Some(asl::CompareKind::Numeric),
        Shape::String => Some(asl::CompareKind::String),
        Shape::Bool => Some(asl::CompareKind::Boolean),
        Shape::Timestamp => Some(asl::CompareKind::Timestamp),
        Shape::Option(inner) => compare_kind(&inner, rhs),
        Shape::Enum { .. } => Some(asl::CompareKind::String),
        Shape::Any => match rhs {
            Operand::Literal(Value::Number(_)) => Some(asl::CompareKind::Numeric),
            Operand::Literal(Value::String(_)) => Some(asl::CompareKind::String),
            Operand::Literal(Value::Bool(_)) => Some(asl::CompareKind::Boolean),
            _ => None,
        },
        _ => None,
    }
}

fn literal_operand(kind: asl::CompareKind, v: &Value) -> Result<asl::Operand, String> {
    match (kind, v) {
        (asl::CompareKind::Numeric, Value::Number(n)) => Ok(asl::Operand::Number(n.clone())),
        (asl::CompareKind::String | asl::CompareKind::Timestamp, Value::String(s)) => Ok(asl::Operand::String(s.clone())),
        (asl::CompareKind::Boolean, Value::Bool(b)) => Ok(asl::Operand::Bool(*b)),
        _ => Err(format!("cannot compare with {v}: the literal's type does not match the field's")),
    }
}

/// The last field name a condition tests, for naming its Choice state.
fn cond_subject(c: &Cond) -> String {
    match c {
        Cond::And(a, _) | Cond::Or(a, _) | Cond::Not(a) => cond_subject(a),
        Cond::Compare { place, .. } | Cond::IsTrue(place) | Cond::IsSome(place) | Cond::IsNone(place) => {
            place.fields.last().cloned().unwrap_or_else(|| "Condition".into())
        }
        Cond::Literal(_) | Cond::Value(_) => "Condition".into(),
    }
}

/// The Choice condition under which `pattern` matches the value at `path`.
fn pattern_condition(pattern: &Pattern, path: &str, shape: &Shape) -> Result<asl::Condition, String> {
    let shape = shape.resolved();
    Ok(match pattern {
        Pattern::Wildcard => return Err("`_` can only be the last arm".into()),
        Pattern::Some => is_some(path),
        Pattern::None => is_none(path),
        Pattern::SomeOf(inner) => {
            let inner_shape = match &shape {
                Shape::Option(s) => (**s).clone(),
                other => other.clone(),
            };
            // A comparison is false on null, so presence is the only guard it needs.
            flatten_bool(true, test(path.into(), asl::Test::IsPresent(true)), pattern_condition(inner, path, &inner_shape)?)
        }
        Pattern::Or(ps) => {
            let cs = ps.iter().map(|p| pattern_condition(p, path, &shape)).collect::<Result<Vec<_>, _>>()?;
            asl::Condition::Or(cs)
        }
        Pattern::Literal(v) => {
            let kind = match v {
                Value::Number(_) => asl::CompareKind::Numeric,
                Value::Bool(_) => asl::CompareKind::Boolean,
                _ => asl::CompareKind::String,
            };
            test(path.into(), asl::Test::Compare { kind, op: asl::CompareOp::Equals, operand: literal_operand(kind, v)? })
        }
        Pattern::Range { start, end, inclusive } => {
            let mut cs = Vec::new();
            if let Some(Value::Number(n)) = start {
                cs.push(test(path.into(), asl::Test::Compare { kind: asl::CompareKind::Numeric, op: asl::CompareOp::GreaterThanEquals, operand: asl::Operand::Number(n.clone()) }));
            }
            if let Some(Value::Number(n)) = end {
                let op = if *inclusive { asl::CompareOp::LessThanEquals } else { asl::CompareOp::LessThan };
                cs.push(test(path.into(), asl::Test::Compare { kind: asl::CompareKind::Numeric, op, operand: asl::Operand::Number(n.clone()) }));
            }
            match cs.len() {
                0 => return Err("a range pattern needs a numeric bound".into()),
                1 => cs.remove(0),
                _ => asl::Condition::And(cs),
            }
        }
        Pattern::Variant(rust) => {
            let Some((tagging, variant)) = shape.variant(rust) else {
                return Err(format!("`{rust}` is not a variant of the matched type at {path}"));
            };
            match tagging {
                Tagging::External if variant.data.is_none() => {
                    test(path.into(), asl::Test::Compare { kind: asl::CompareKind::String, op: asl::CompareOp::Equals, operand: asl::Operand::String(variant.json) })
                }
                Tagging::External => test(json_path(path, &[variant.json]), asl::Test::IsPresent(true)),
                Tagging::Internal { tag } | Tagging::Adjacent { tag, .. } => test(
                    json_path(path, &[tag]),
                    asl::Test::Compare { kind: asl::CompareKind::String, op: asl::CompareOp::Equals, operand: asl::Operand::String(variant.json) },
                ),
                Tagging::Untagged => {
                    return Err(format!("cannot match on the untagged enum at {path}: its JSON has no variant name to test; tag it with #[serde(tag = \"…\")]"))
                }
            }
        }
    })
}

// ---------------------------------------------------------------------------------
// 5. fold_ends

/// A `Succeed` entered only through `Next` of Task/Pass/Wait states becomes `End` on
/// them (with its `OutputPath`), saving a transition per execution.
fn fold_ends(sm: &mut StateMachine) {
    let succeeds: Vec<String> = sm
        .states
        .iter()
        .filter_map(|(n, s)| match s {
            asl::State::Succeed(x) if x.common.input_path.is_none() => Some(n.clone()),
            _ => None,
        })
        .collect();
    for name in succeeds {
        if sm.start_at == name {
            continue;
        }
        let output_path = match &sm.states[&name] {
            asl::State::Succeed(x) => x.common.output_path.clone(),
            _ => None,
        };
        let mut foldable = true;
        let mut preds = Vec::new();
        for (n, s) in &sm.states {
            let refers_by_next = s.transition().and_then(|t| t.next()) == Some(name.as_str());
            let refers_otherwise = match s {
                asl::State::Choice(c) => c.choices.iter().any(|r| r.next == name) || c.default.as_deref() == Some(name.as_str()),
                _ => s.error_handling().and_then(|e| e.catch.as_ref()).is_some_and(|cs| cs.iter().any(|c| c.next == name)),
            };
            if refers_otherwise {
                foldable = false;
            }
            if refers_by_next {
                let has_output_path = s.common().output_path.is_some();
                if has_output_path && output_path.is_some() {
                    foldable = false;
                }
                preds.push(n.clone());
            }
        }
        if !foldable || preds.is_empty() {
            continue;
        }
        for p in preds {
            let s = &mut sm.states[&p];
            if output_path.is_some() {
                s.common_mut().output_path = output_path.clone();
            }
            if let Some(t) = s.transition_mut() {
                *t = asl::Transition::End;
            }
        }
        sm.states.shift_remove(&name);
    }
}
