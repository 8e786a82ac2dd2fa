//! Exhaustive walks over the IR: every variant is named, so a new one fails to compile here.

use super::*;

/// Calls `f` on every expression of `block` at any depth, outer before inner: statement values,
/// conditions, call arguments, struct fields, intrinsic arguments, Parallel branches, Map
/// readers and processors. Every variant is matched by name: a new one fails to compile here.
pub fn walk_exprs<'a>(block: &'a [Stmt], f: &mut impl FnMut(&'a Expr)) {
    for s in block {
        match &s.kind {
            StmtKind::Assign { value, .. }
            | StmtKind::AssignField { value, .. }
            | StmtKind::Eval(value)
            | StmtKind::Return(value) => walk_expr(value, f),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                walk_cond(cond, f);
                walk_exprs(then, f);
                walk_exprs(otherwise, f);
            }
            StmtKind::Match { arms, .. } => arms.iter().for_each(|a| walk_exprs(&a.body, f)),
            StmtKind::Loop { body } | StmtKind::For { body, .. } => walk_exprs(body, f),
            StmtKind::Try {
                value,
                ok,
                catchers,
                ..
            } => {
                walk_expr(value, f);
                walk_exprs(ok, f);
                catchers.iter().for_each(|c| walk_exprs(&c.body, f));
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Sleep(_) | StmtKind::Fail { .. } => {}
        }
    }
}

fn walk_expr<'a>(e: &'a Expr, f: &mut impl FnMut(&'a Expr)) {
    f(e);
    match e {
        Expr::Call(c) => c.arg.iter().for_each(|a| walk_expr(a, f)),
        Expr::Struct { fields, .. } => fields.iter().for_each(|(_, v)| walk_expr(v, f)),
        Expr::Intrinsic { args, .. } => args.iter().for_each(|a| walk_expr(a, f)),
        Expr::Parallel(branches) => branches.iter().for_each(|b| walk_exprs(b, f)),
        Expr::Map(m) => {
            if let MapItems::Reader(r) = &m.items {
                walk_expr(&r.parameters, f);
            }
            walk_exprs(&m.body, f);
        }
        Expr::Array(items) => items.iter().for_each(|a| walk_expr(a, f)),
        Expr::Compute(c) => walk_compute(c, f),
        Expr::Place(_) | Expr::Literal(_) | Expr::Context(_) => {}
    }
}

fn walk_cond<'a>(c: &'a Cond, f: &mut impl FnMut(&'a Expr)) {
    match c {
        Cond::And(a, b) | Cond::Or(a, b) => {
            walk_cond(a, f);
            walk_cond(b, f);
        }
        Cond::Not(a) => walk_cond(a, f),
        Cond::Value(e) => walk_expr(e, f),
        Cond::Compare { .. }
        | Cond::IsTrue(_)
        | Cond::IsSome(_)
        | Cond::IsNone(_)
        | Cond::Literal(_) => {}
    }
}

fn walk_compute<'a>(c: &'a Compute, f: &mut impl FnMut(&'a Expr)) {
    c.operands().into_iter().for_each(|e| walk_expr(e, f));
}
