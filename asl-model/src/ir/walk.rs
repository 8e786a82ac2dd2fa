//! Exhaustive visitors over the IR (in the style of `syn::visit`): a pass overrides the
//! `visit_*` methods for the nodes it cares about and calls the matching `walk_*` function to
//! go on into the children. Every `walk_*` names each variant of its enum, with no `_` arm,
//! so a new IR node fails to compile here and at every pass that matches it.

use super::*;

/// A read-only traversal. Children are visited in source order; every place a node holds
/// (an `Expr::Place`, a condition's operand, a `for`'s items, a match's scrutinee…) reaches
/// [`Visitor::visit_place`].
pub trait Visitor<'ir> {
    fn visit_block(&mut self, block: &'ir [Stmt]) {
        walk_block(self, block)
    }
    fn visit_stmt(&mut self, stmt: &'ir Stmt) {
        walk_stmt(self, stmt)
    }
    fn visit_expr(&mut self, expr: &'ir Expr) {
        walk_expr(self, expr)
    }
    fn visit_cond(&mut self, cond: &'ir Cond) {
        walk_cond(self, cond)
    }
    fn visit_rhs(&mut self, rhs: &'ir Rhs) {
        walk_rhs(self, rhs)
    }
    fn visit_compute(&mut self, compute: &'ir Compute) {
        walk_compute(self, compute)
    }
    fn visit_place(&mut self, _place: &'ir Place) {}
}

pub fn walk_block<'ir, V: Visitor<'ir> + ?Sized>(v: &mut V, block: &'ir [Stmt]) {
    for s in block {
        v.visit_stmt(s);
    }
}

pub fn walk_stmt<'ir, V: Visitor<'ir> + ?Sized>(v: &mut V, stmt: &'ir Stmt) {
    match &stmt.kind {
        StmtKind::Assign { var: _, value } | StmtKind::Eval(value) | StmtKind::Return(value) => {
            v.visit_expr(value)
        }
        StmtKind::AssignField { place, value } => {
            v.visit_place(place);
            v.visit_expr(value);
        }
        StmtKind::If {
            cond,
            then,
            otherwise,
        } => {
            v.visit_cond(cond);
            v.visit_block(then);
            v.visit_block(otherwise);
        }
        StmtKind::Match { scrutinee, arms } => {
            v.visit_place(scrutinee);
            arms.iter().for_each(|a| v.visit_block(&a.body));
        }
        StmtKind::Loop { body } => v.visit_block(body),
        StmtKind::For {
            var: _,
            items,
            body,
        } => {
            v.visit_place(items);
            v.visit_block(body);
        }
        StmtKind::Try {
            var: _,
            value,
            ok,
            catchers,
        } => {
            v.visit_expr(value);
            v.visit_block(ok);
            catchers.iter().for_each(|c| v.visit_block(&c.body));
        }
        StmtKind::Sleep(d) => match d {
            SleepFor::SecondsAt(p) | SleepFor::UntilAt(p) => v.visit_place(p),
            SleepFor::Seconds(_) | SleepFor::Until(_) => {}
        },
        StmtKind::Fail { error, cause } => {
            for t in [error, cause].into_iter().flatten() {
                match t {
                    Text::At(p) => v.visit_place(p),
                    Text::Literal(_) => {}
                }
            }
        }
        StmtKind::Break | StmtKind::Continue => {}
    }
}

pub fn walk_expr<'ir, V: Visitor<'ir> + ?Sized>(v: &mut V, expr: &'ir Expr) {
    match expr {
        Expr::Place(p) => v.visit_place(p),
        Expr::Literal(_) | Expr::Context(_) => {}
        Expr::Struct { shape: _, fields } => fields.iter().for_each(|(_, e)| v.visit_expr(e)),
        Expr::Call(c) => c.arg.iter().for_each(|a| v.visit_expr(a)),
        Expr::Parallel(branches) => branches.iter().for_each(|b| v.visit_block(b)),
        Expr::Map(m) => {
            match &m.items {
                MapItems::Place(p) => v.visit_place(p),
                MapItems::Reader(r) => v.visit_expr(&r.parameters),
            }
            v.visit_block(&m.body);
        }
        Expr::Intrinsic { function: _, args } | Expr::Array(args) => {
            args.iter().for_each(|a| v.visit_expr(a))
        }
        Expr::Compute(c) => v.visit_compute(c),
    }
}

pub fn walk_cond<'ir, V: Visitor<'ir> + ?Sized>(v: &mut V, cond: &'ir Cond) {
    match cond {
        Cond::And(a, b) | Cond::Or(a, b) => {
            v.visit_cond(a);
            v.visit_cond(b);
        }
        Cond::Not(a) => v.visit_cond(a),
        Cond::Compare { place, op: _, rhs } => {
            v.visit_place(place);
            v.visit_rhs(rhs);
        }
        Cond::IsTrue(p) | Cond::IsSome(p) | Cond::IsNone(p) => v.visit_place(p),
        Cond::Literal(_) => {}
        Cond::Value(e) => v.visit_expr(e),
    }
}

pub fn walk_rhs<'ir, V: Visitor<'ir> + ?Sized>(v: &mut V, rhs: &'ir Rhs) {
    match rhs {
        Rhs::Place(p) => v.visit_place(p),
        Rhs::Literal(_) => {}
    }
}

/// The operands in the order of [`Compute::operands`] (closure bodies included).
pub fn walk_compute<'ir, V: Visitor<'ir> + ?Sized>(v: &mut V, compute: &'ir Compute) {
    match compute {
        Compute::Binary { op: _, lhs, rhs } => {
            v.visit_expr(lhs);
            v.visit_expr(rhs);
        }
        Compute::Unary { op: _, operand: e }
        | Compute::Cast { to: _, value: e }
        | Compute::Field { base: e, field: _ } => v.visit_expr(e),
        Compute::Method {
            method: _,
            receiver,
            args,
        } => {
            v.visit_expr(receiver);
            args.iter().for_each(|a| v.visit_expr(a));
        }
        Compute::Closure {
            method: _,
            receiver,
            closure,
        } => {
            v.visit_expr(receiver);
            v.visit_expr(&closure.body);
        }
        Compute::Fold {
            receiver,
            init,
            closure,
        } => {
            v.visit_expr(receiver);
            v.visit_expr(init);
            v.visit_expr(&closure.body);
        }
        Compute::If {
            cond,
            then,
            otherwise,
        } => {
            v.visit_expr(cond);
            v.visit_expr(then);
            v.visit_expr(otherwise);
        }
        Compute::Match { scrutinee, arms } => {
            v.visit_expr(scrutinee);
            arms.iter().for_each(|(_, e)| v.visit_expr(e));
        }
        Compute::Format(pieces) => {
            for p in pieces {
                match p {
                    FormatPiece::Value(e) => v.visit_expr(e),
                    FormatPiece::Text(_) => {}
                }
            }
        }
        Compute::Index { base, index } => {
            v.visit_expr(base);
            v.visit_expr(index);
        }
    }
}

/// Calls `f` on every expression of `block` at any depth, outer before inner: statement values,
/// conditions, call arguments, struct fields, intrinsic arguments, Parallel branches, Map
/// readers and processors, computed operands.
pub fn walk_exprs<'a>(block: &'a [Stmt], f: &mut impl FnMut(&'a Expr)) {
    struct EveryExpr<F>(F);
    impl<'a, F: FnMut(&'a Expr)> Visitor<'a> for EveryExpr<F> {
        fn visit_expr(&mut self, e: &'a Expr) {
            (self.0)(e);
            walk_expr(self, e);
        }
    }
    EveryExpr(f).visit_block(block);
}
