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
        _ => {}
    });
    counts
}

pub(crate) fn expr_vars(e: &Expr, out: &mut BTreeSet<VarId>) {
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
        // What a branch or processor reads is computed by `liveness` (they have variables of
        // their own).
        Expr::Parallel(_) => {}
        Expr::Map(m) => match &m.items {
            MapItems::Place(p) => {
                out.insert(p.var);
            }
            MapItems::Reader(r) => expr_vars(&r.parameters, out),
        },
        Expr::Intrinsic { args, .. } | Expr::Array(args) => {
            args.iter().for_each(|a| expr_vars(a, out))
        }
        Expr::Compute(c) => c.operands().into_iter().for_each(|a| expr_vars(a, out)),
        Expr::Context(_) => {}
    }
}

/// `let` of a place, literal, struct literal, intrinsic or context field over variables
/// that never change is substituted into its uses: it needs no state. A value that is not a
/// place is only substituted where a value may stand (not where a path is needed).
pub(crate) fn substitute_pure_lets(wf: &mut Workflow, language: QueryLanguage) {
    let counts = assignment_counts(wf);
    let immutable = |v: &VarId| counts.get(v).copied().unwrap_or(0) <= 1;
    let mut pure: HashMap<VarId, Expr> = HashMap::new();
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
                Expr::Place(p) => {
                    language == QueryLanguage::JsonPath || !narrows(&wf.vars, *var, p)
                }
                _ => true,
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

/// Whether `var` holds what is inside the `Option` at `p` (a `Some` pattern's binding).
fn narrows(vars: &[VarInfo], var: VarId, p: &Place) -> bool {
    let inner = vars.get(var.0 as usize).map(|v| v.shape.resolved());
    matches!(place_shape(vars, p), Shape::Option(_))
        && !matches!(inner, Some(Shape::Option(_) | Shape::Any) | None)
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
    fn expr<'a>(e: &'a Expr, as_arg: bool, f: &mut impl FnMut(&'a Place, PlaceUse)) {
        match e {
            Expr::Place(p) => f(
                p,
                if as_arg {
                    PlaceUse::Argument
                } else {
                    PlaceUse::Value
                },
            ),
            Expr::Intrinsic { args, .. } => {
                for a in args {
                    match a {
                        Expr::Place(p) => f(p, PlaceUse::IntrinsicArgument),
                        other => expr(other, false, f),
                    }
                }
            }
            Expr::Struct { fields, .. } => fields.iter().for_each(|(_, v)| expr(v, false, f)),
            Expr::Array(items) => items.iter().for_each(|v| expr(v, false, f)),
            Expr::Compute(c) => c.operands().into_iter().for_each(|v| expr(v, false, f)),
            Expr::Call(c) => {
                if let Some(a) = &c.arg {
                    expr(a, true, f)
                }
            }
            Expr::Parallel(bs) => bs.iter().for_each(|b| visit_places(b, f)),
            Expr::Map(m) => {
                match &m.items {
                    MapItems::Place(p) => f(p, PlaceUse::Path),
                    MapItems::Reader(r) => expr(&r.parameters, false, f),
                }
                visit_places(&m.body, f);
            }
            Expr::Literal(_) | Expr::Context(_) => {}
        }
    }
    fn cond<'a>(c: &'a Cond, f: &mut impl FnMut(&'a Place, PlaceUse)) {
        match c {
            Cond::And(a, b) | Cond::Or(a, b) => {
                cond(a, f);
                cond(b, f);
            }
            Cond::Not(a) => cond(a, f),
            Cond::Compare { place, rhs, .. } => {
                f(place, PlaceUse::Path);
                if let Rhs::Place(p) = rhs {
                    f(p, PlaceUse::Path);
                }
            }
            Cond::IsTrue(p) | Cond::IsSome(p) | Cond::IsNone(p) => f(p, PlaceUse::Path),
            Cond::Value(e) => expr(e, false, f),
            Cond::Literal(_) => {}
        }
    }
    for s in block {
        match &s.kind {
            StmtKind::Assign { value, .. } | StmtKind::Eval(value) | StmtKind::Return(value) => {
                expr(value, false, f)
            }
            StmtKind::AssignField { place, value } => {
                f(place, PlaceUse::Path);
                expr(value, false, f);
            }
            StmtKind::If {
                cond: c,
                then,
                otherwise,
            } => {
                cond(c, f);
                visit_places(then, f);
                visit_places(otherwise, f);
            }
            StmtKind::Match { scrutinee, arms } => {
                f(scrutinee, PlaceUse::Path);
                arms.iter().for_each(|a| visit_places(&a.body, f));
            }
            StmtKind::Loop { body } => visit_places(body, f),
            StmtKind::For { items, body, .. } => {
                f(items, PlaceUse::Path);
                visit_places(body, f);
            }
            StmtKind::Try {
                value,
                ok,
                catchers,
                ..
            } => {
                expr(value, false, f);
                visit_places(ok, f);
                catchers.iter().for_each(|c| visit_places(&c.body, f));
            }
            StmtKind::Sleep(SleepFor::SecondsAt(p) | SleepFor::UntilAt(p)) => f(p, PlaceUse::Path),
            StmtKind::Fail { error, cause } => {
                for t in [error, cause].into_iter().flatten() {
                    if let Text::At(p) = t {
                        f(p, PlaceUse::Path);
                    }
                }
            }
            _ => {}
        }
    }
}

pub(crate) fn subst_block(block: Block, pure: &HashMap<VarId, Expr>) -> Block {
    block
        .into_iter()
        .filter(|s| !matches!(&s.kind, StmtKind::Assign { var, .. } if pure.contains_key(var)))
        .map(|s| {
            let kind = match s.kind {
                StmtKind::Assign { var, value } => StmtKind::Assign {
                    var,
                    value: subst_expr(value, pure),
                },
                StmtKind::AssignField { place, value } => StmtKind::AssignField {
                    place: subst_place(place, pure),
                    value: subst_expr(value, pure),
                },
                StmtKind::Eval(e) => StmtKind::Eval(subst_expr(e, pure)),
                StmtKind::Return(e) => StmtKind::Return(subst_expr(e, pure)),
                StmtKind::If {
                    cond,
                    then,
                    otherwise,
                } => StmtKind::If {
                    cond: subst_cond(cond, pure),
                    then: subst_block(then, pure),
                    otherwise: subst_block(otherwise, pure),
                },
                StmtKind::Match { scrutinee, arms } => StmtKind::Match {
                    scrutinee: subst_place(scrutinee, pure),
                    arms: arms
                        .into_iter()
                        .map(|a| Arm {
                            pattern: a.pattern,
                            body: subst_block(a.body, pure),
                        })
                        .collect(),
                },
                StmtKind::Loop { body } => StmtKind::Loop {
                    body: subst_block(body, pure),
                },
                StmtKind::Sleep(d) => StmtKind::Sleep(match d {
                    SleepFor::SecondsAt(p) => SleepFor::SecondsAt(subst_place(p, pure)),
                    SleepFor::UntilAt(p) => SleepFor::UntilAt(subst_place(p, pure)),
                    other => other,
                }),
                StmtKind::Fail { error, cause } => {
                    let text = |t: Option<Text>| {
                        t.map(|t| match t {
                            Text::At(p) => Text::At(subst_place(p, pure)),
                            other => other,
                        })
                    };
                    StmtKind::Fail {
                        error: text(error),
                        cause: text(cause),
                    }
                }
                StmtKind::Try {
                    var,
                    value,
                    ok,
                    catchers,
                } => StmtKind::Try {
                    var,
                    value: subst_expr(value, pure),
                    ok: subst_block(ok, pure),
                    catchers: catchers
                        .into_iter()
                        .map(|c| ErrArm {
                            errors: c.errors,
                            var: c.var,
                            body: subst_block(c.body, pure),
                        })
                        .collect(),
                },
                StmtKind::For { var, items, body } => StmtKind::For {
                    var,
                    items: subst_place(items, pure),
                    body: subst_block(body, pure),
                },
                other => other,
            };
            Stmt { kind, name: s.name }
        })
        .collect()
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

pub(crate) fn subst_expr(e: Expr, pure: &HashMap<VarId, Expr>) -> Expr {
    match e {
        Expr::Place(p) => match pure.get(&p.var) {
            Some(Expr::Place(_)) => {
                // An alias of an alias of … a literal's field: read the literal.
                let p = subst_place(p, pure);
                match pure.get(&p.var) {
                    Some(_) => subst_expr(Expr::Place(p), pure),
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
            _ => Expr::Place(p),
        },
        Expr::Struct { shape, fields } => Expr::Struct {
            shape,
            fields: fields
                .into_iter()
                .map(|(k, v)| (k, subst_expr(v, pure)))
                .collect(),
        },
        Expr::Call(c) => {
            let Call { task, arg } = *c;
            Expr::Call(Box::new(Call {
                task,
                arg: arg.map(|a| subst_expr(a, pure)),
            }))
        }
        Expr::Parallel(branches) => {
            Expr::Parallel(branches.into_iter().map(|b| subst_block(b, pure)).collect())
        }
        Expr::Map(m) => {
            let MapExpr {
                items,
                item,
                body,
                options,
            } = *m;
            let items = match items {
                MapItems::Place(p) => MapItems::Place(subst_place(p, pure)),
                MapItems::Reader(r) => MapItems::Reader(ReaderSpec {
                    parameters: subst_expr(r.parameters, pure),
                    ..r
                }),
            };
            Expr::Map(Box::new(MapExpr {
                items,
                item,
                body: subst_block(body, pure),
                options,
            }))
        }
        Expr::Intrinsic { function, args } => Expr::Intrinsic {
            function,
            args: args.into_iter().map(|a| subst_expr(a, pure)).collect(),
        },
        Expr::Array(items) => Expr::Array(items.into_iter().map(|a| subst_expr(a, pure)).collect()),
        Expr::Compute(c) => Expr::Compute(Box::new(c.map_operands(|a| subst_expr(a, pure)))),
        // Named so that a new kind of expression fails to compile here.
        lit @ (Expr::Literal(_) | Expr::Context(_)) => lit,
    }
}

pub(crate) fn subst_cond(c: Cond, pure: &HashMap<VarId, Expr>) -> Cond {
    let operand = |o: Rhs| match o {
        Rhs::Place(p) => match subst_expr(Expr::Place(p), pure) {
            Expr::Place(p) => Rhs::Place(p),
            Expr::Literal(v) => Rhs::Literal(v),
            _ => Rhs::Literal(Value::Null),
        },
        lit => lit,
    };
    match c {
        Cond::And(a, b) => Cond::And(
            Box::new(subst_cond(*a, pure)),
            Box::new(subst_cond(*b, pure)),
        ),
        Cond::Or(a, b) => Cond::Or(
            Box::new(subst_cond(*a, pure)),
            Box::new(subst_cond(*b, pure)),
        ),
        Cond::Not(a) => Cond::Not(Box::new(subst_cond(*a, pure))),
        Cond::Compare { place, op, rhs } => Cond::Compare {
            place: subst_place(place, pure),
            op,
            rhs: operand(rhs),
        },
        Cond::IsTrue(p) => Cond::IsTrue(subst_place(p, pure)),
        Cond::IsSome(p) => Cond::IsSome(subst_place(p, pure)),
        Cond::IsNone(p) => Cond::IsNone(subst_place(p, pure)),
        lit => lit,
    }
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
