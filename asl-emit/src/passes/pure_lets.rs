//! Pure `let`s (aliases of places, literals, struct literals over immutable values) are
//! substituted into their uses, so they cost no state.

use std::collections::{BTreeSet, HashMap};

use asl_model::ir::*;
use asl_model::QueryLanguage;
use serde_json::Value;

use crate::passes::*;

/// How many times each variable is assigned (the input counts once).
pub(crate) fn assignment_counts(wf: &Workflow) -> HashMap<VarId, usize> {
    let mut counts = HashMap::new();
    if let Some(i) = wf.input {
        counts.insert(i, 1);
    }
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::Assign { var, .. } => *counts.entry(*var).or_insert(0) += 1,
        StmtKind::AssignField { place, .. } => *counts.entry(place.var).or_insert(0) += 2,
        StmtKind::Eval(_)
        | StmtKind::Return(_)
        | StmtKind::If { .. }
        | StmtKind::Match { .. }
        | StmtKind::Loop { .. }
        | StmtKind::For { .. }
        | StmtKind::Try { .. }
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Sleep(_)
        | StmtKind::Fail { .. } => {}
    });
    counts
}

/// The variables an expression reads in the state it runs in. What a `parallel!` branch or a
/// map's processor reads is computed by `liveness` (they have variables of their own).
pub(crate) fn expr_vars(e: &Expr, out: &mut BTreeSet<VarId>) {
    Reads(out).visit_expr(e)
}

/// The variables a condition reads.
pub(crate) fn cond_vars(c: &Cond, out: &mut BTreeSet<VarId>) {
    Reads(out).visit_cond(c)
}

struct Reads<'o>(&'o mut BTreeSet<VarId>);

impl<'a> Visitor<'a> for Reads<'_> {
    fn visit_place(&mut self, p: &'a Place) {
        self.0.insert(p.var);
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Parallel(_) => {}
            Expr::Map(m) => match &m.items {
                MapItems::Place(p) => self.visit_place(p),
                MapItems::Reader(r) => self.visit_expr(&r.parameters),
            },
            Expr::Place(_)
            | Expr::Literal(_)
            | Expr::Context(_)
            | Expr::Struct { .. }
            | Expr::Array(_)
            | Expr::Intrinsic { .. }
            | Expr::Call(_)
            | Expr::Compute(_) => walk_expr(self, e),
        }
    }
}

/// `let` of a place, literal, struct literal, intrinsic or context field over variables
/// that never change is substituted into its uses: it needs no state. A value that is not a
/// place is only substituted where a value may stand (not where a path is needed).
pub(crate) fn substitute_pure_lets(wf: &mut Workflow, language: QueryLanguage) {
    let counts = assignment_counts(wf);
    let immutable = |v: &VarId| counts.get(v).copied().unwrap_or(0) <= 1;
    let mut pure: HashMap<VarId, Expr> = HashMap::new();
    let some_bindings = some_bindings(&wf.body);
    walk_stmts(&wf.body, &mut |s| {
        if let StmtKind::Assign { var, value } = &s.kind {
            let candidate = match value {
                // Computed values belong to the JSONata back end, which keeps them in Assign.
                Expr::Call(_) | Expr::Parallel(_) | Expr::Map(_) | Expr::Compute(_) => false,
                // Each evaluation differs.
                Expr::Intrinsic {
                    function: Intrinsic::Uuid | Intrinsic::MathRandom,
                    ..
                } => false,
                Expr::Context(path) => path.first().is_some_and(|p| p != "State"),
                // `if let Some(x) = o`: `x` is the value inside, a shape `o` does not have
                // that the JSONata back end's computations need (it inlines `x` itself).
                Expr::Place(_) => {
                    language == QueryLanguage::JsonPath || !some_bindings.contains(var)
                }
                Expr::Literal(_)
                | Expr::Struct { .. }
                | Expr::Array(_)
                | Expr::Intrinsic { .. } => true,
            };
            if !immutable(var) || !candidate {
                return;
            }
            let mut used = BTreeSet::new();
            expr_vars(value, &mut used);
            if used.iter().all(immutable) {
                pure.insert(*var, value.clone());
            }
        }
    });
    keep_substitutable(&wf.body, &mut pure);
    if pure.is_empty() {
        return;
    }
    let body = std::mem::take(&mut wf.body);
    wf.body = subst_block(body, &pure);
}

/// Whether `value` may replace a read used as `used` (`fields`: the read is of a field).
fn substitutable(value: &Expr, used: PlaceUse, fields: bool) -> bool {
    match value {
        Expr::Place(_) => true,
        _ if used == PlaceUse::Path => false,
        Expr::Context(_) => used != PlaceUse::Argument && !fields,
        // An object cannot be written inside an intrinsic call: it stays a variable.
        Expr::Struct { .. } | Expr::Array(_) | Expr::Literal(Value::Object(_)) => {
            used != PlaceUse::IntrinsicArgument
        }
        Expr::Literal(Value::Array(_)) => {
            !matches!(used, PlaceUse::IntrinsicArgument | PlaceUse::Argument) && !fields
        }
        Expr::Literal(_) | Expr::Intrinsic { .. } => used != PlaceUse::Argument && !fields,
        Expr::Call(_) | Expr::Parallel(_) | Expr::Map(_) | Expr::Compute(_) => false,
    }
}

/// Drops from `pure` each variable with a read its value cannot replace: one where a path is
/// needed, or a field (`s.a.b`) `project` cannot find. A read is followed through aliases
/// (`let b = a.0;`) to the value it ends at, so an alias never reads a variable whose
/// assignment was removed.
fn keep_substitutable(body: &Block, pure: &mut HashMap<VarId, Expr>) {
    // The variable whose value the read `p` cannot be replaced by, if any.
    fn blocking(p: &Place, used: PlaceUse, pure: &HashMap<VarId, Expr>) -> Option<VarId> {
        let mut read = p.clone();
        for _ in 0..=pure.len() {
            let value = pure.get(&read.var)?;
            let fields = !read.fields.is_empty();
            // A path (a condition's, a Wait's) follows aliases only (`subst_place`).
            if used == PlaceUse::Path && !matches!(value, Expr::Place(_)) {
                return Some(read.var);
            }
            match project(value, &read.fields) {
                Some(Expr::Place(next)) => read = next,
                Some(_) if substitutable(value, used, fields) => return None,
                _ => return Some(read.var),
            }
        }
        // A cycle of aliases: keep it as it is.
        Some(p.var)
    }
    // The body's reads stay the same; only the values still substituted change.
    let mut body_reads: Vec<(&Place, PlaceUse)> = Vec::new();
    visit_places(body, &mut |p, used| body_reads.push((p, used)));
    loop {
        let values: Vec<Stmt> = pure
            .values()
            .map(|v| Stmt::from(StmtKind::Eval(v.clone())))
            .collect();
        let mut value_reads: Vec<(&Place, PlaceUse)> = Vec::new();
        visit_places(&values, &mut |p, used| value_reads.push((p, used)));
        let blocked: BTreeSet<VarId> = body_reads
            .iter()
            .chain(&value_reads)
            .filter_map(|(p, used)| blocking(p, *used, pure))
            .collect();
        if blocked.is_empty() {
            return;
        }
        for v in blocked {
            pure.remove(&v);
        }
    }
}

/// How a place is used.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum PlaceUse {
    /// As a whole value, where any value could stand instead.
    Value,
    /// As a task's argument: an object may stand instead (it becomes `Parameters`).
    Argument,
    /// As an intrinsic's argument: a path, a scalar or another intrinsic, not an object.
    IntrinsicArgument,
    /// Where a JSON path is needed.
    Path,
}

/// Every place in a block, with how it is used.
pub(crate) fn visit_places<'a>(block: &'a Block, f: &mut impl FnMut(&'a Place, PlaceUse)) {
    struct PlaceUses<F>(F);
    impl<'a, F: FnMut(&'a Place, PlaceUse)> Visitor<'a> for PlaceUses<F> {
        // Every place that is not an expression's value is where a path is needed.
        fn visit_place(&mut self, p: &'a Place) {
            (self.0)(p, PlaceUse::Path)
        }
        fn visit_expr(&mut self, e: &'a Expr) {
            match e {
                Expr::Place(p) => (self.0)(p, PlaceUse::Value),
                Expr::Intrinsic { args, .. } => {
                    for a in args {
                        match a {
                            Expr::Place(p) => (self.0)(p, PlaceUse::IntrinsicArgument),
                            other => self.visit_expr(other),
                        }
                    }
                }
                Expr::Call(c) => match &c.arg {
                    Some(Expr::Place(p)) => (self.0)(p, PlaceUse::Argument),
                    Some(other) => self.visit_expr(other),
                    None => {}
                },
                Expr::Literal(_)
                | Expr::Context(_)
                | Expr::Struct { .. }
                | Expr::Array(_)
                | Expr::Parallel(_)
                | Expr::Map(_)
                | Expr::Compute(_) => walk_expr(self, e),
            }
        }
    }
    PlaceUses(f).visit_block(block);
}

/// Removes the assignments of pure variables and puts their values where they are read.
struct Substitute<'p> {
    pure: &'p HashMap<VarId, Expr>,
}

impl VisitorMut for Substitute<'_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        block.retain(
            |s| !matches!(&s.kind, StmtKind::Assign { var, .. } if self.pure.contains_key(var)),
        );
        walk_block_mut(self, block);
    }

    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Expr::Place(p) = e {
            let var = p.var;
            *e = subst_read(std::mem::replace(p, Place::var(var)), self.pure);
        } else {
            walk_expr_mut(self, e);
        }
    }

    fn visit_place_mut(&mut self, p: &mut Place) {
        let var = p.var;
        *p = subst_place(std::mem::replace(p, Place::var(var)), self.pure);
    }

    /// A compared place may become a literal.
    fn visit_rhs_mut(&mut self, rhs: &mut Rhs) {
        if let Rhs::Place(p) = rhs {
            let var = p.var;
            *rhs = match subst_read(std::mem::replace(p, Place::var(var)), self.pure) {
                Expr::Place(p) => Rhs::Place(p),
                Expr::Literal(v) => Rhs::Literal(v),
                _ => Rhs::Literal(Value::Null),
            };
        }
    }
}

pub(crate) fn subst_block(mut block: Block, pure: &HashMap<VarId, Expr>) -> Block {
    Substitute { pure }.visit_block_mut(&mut block);
    block
}

/// A place through a pure variable: only aliases of places can stand where a place must.
pub(crate) fn subst_place(p: Place, pure: &HashMap<VarId, Expr>) -> Place {
    match pure.get(&p.var) {
        Some(Expr::Place(base)) => {
            let mut base = subst_place(base.clone(), pure);
            base.fields.extend(p.fields);
            base
        }
        _ => p,
    }
}

/// The value read at `p`: a pure variable's value (or a field of it), after substitution.
fn subst_read(p: Place, pure: &HashMap<VarId, Expr>) -> Expr {
    match pure.get(&p.var) {
        Some(Expr::Place(_)) => {
            // An alias of an alias of … a literal's field: read the literal.
            let p = subst_place(p, pure);
            match pure.get(&p.var) {
                Some(_) => subst_read(p, pure),
                None => Expr::Place(p),
            }
        }
        Some(value) if p.fields.is_empty() => subst_expr(value.clone(), pure),
        // `s.a` where `s` is a struct or tuple literal: the field's expression
        // (`keep_substitutable` made sure every such read has one).
        Some(value) => match project(value, &p.fields) {
            Some(field) => subst_expr(field, pure),
            None => Expr::Place(p),
        },
        None => Expr::Place(p),
    }
}

pub(crate) fn subst_expr(mut e: Expr, pure: &HashMap<VarId, Expr>) -> Expr {
    Substitute { pure }.visit_expr_mut(&mut e);
    e
}

/// The expression at `fields` inside a literal value: a struct literal's field (keyed by its
/// JSON name, the place by its Rust name; a field the literal leaves out is `null`), a tuple's
/// or array's position, or a place followed further. `None` where only the emitted value can
/// tell (a computed value's field).
fn project(value: &Expr, fields: &[String]) -> Option<Expr> {
    let Some((first, rest)) = fields.split_first() else {
        return Some(value.clone());
    };
    match value {
        Expr::Struct { shape, fields } => {
            let key = shape
                .field(first)
                .and_then(|(keys, _)| keys.into_iter().next())
                .unwrap_or_else(|| first.clone());
            match fields.iter().find(|(k, _)| *k == key) {
                Some((_, v)) => project(v, rest),
                None => Some(Expr::Literal(Value::Null)),
            }
        }
        Expr::Array(items) => project(items.get(first.parse::<usize>().ok()?)?, rest),
        Expr::Place(p) => {
            let mut p = p.clone();
            p.fields.extend(fields.iter().cloned());
            Some(Expr::Place(p))
        }
        _ => None,
    }
}
