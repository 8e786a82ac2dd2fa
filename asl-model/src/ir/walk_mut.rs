//! The mutable twin of [`Visitor`](super::Visitor): a rewriting pass overrides the
//! `visit_*_mut` methods for the nodes it changes and calls the matching `walk_*_mut`
//! function for the rest. Every `walk_*_mut` names each variant, with no `_` arm.

use super::*;

/// A rewriting traversal, in the same order as [`Visitor`](super::Visitor). A block is
/// passed as the `Vec` itself, so a pass may drop or insert statements.
pub trait VisitorMut {
    fn visit_block_mut(&mut self, block: &mut Block) {
        walk_block_mut(self, block)
    }
    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        walk_stmt_mut(self, stmt)
    }
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        walk_expr_mut(self, expr)
    }
    fn visit_cond_mut(&mut self, cond: &mut Cond) {
        walk_cond_mut(self, cond)
    }
    fn visit_rhs_mut(&mut self, rhs: &mut Rhs) {
        walk_rhs_mut(self, rhs)
    }
    fn visit_compute_mut(&mut self, compute: &mut Compute) {
        walk_compute_mut(self, compute)
    }
    fn visit_place_mut(&mut self, _place: &mut Place) {}
}

pub fn walk_block_mut<V: VisitorMut + ?Sized>(v: &mut V, block: &mut Block) {
    for s in block {
        v.visit_stmt_mut(s);
    }
}

pub fn walk_stmt_mut<V: VisitorMut + ?Sized>(v: &mut V, stmt: &mut Stmt) {
    match &mut stmt.kind {
        StmtKind::Assign { var: _, value } | StmtKind::Eval(value) | StmtKind::Return(value) => {
            v.visit_expr_mut(value)
        }
        StmtKind::AssignField { place, value } => {
            v.visit_place_mut(place);
            v.visit_expr_mut(value);
        }
        StmtKind::If {
            cond,
            then,
            otherwise,
        } => {
            v.visit_cond_mut(cond);
            v.visit_block_mut(then);
            v.visit_block_mut(otherwise);
        }
        StmtKind::Match { scrutinee, arms } => {
            v.visit_place_mut(scrutinee);
            arms.iter_mut().for_each(|a| v.visit_block_mut(&mut a.body));
        }
        StmtKind::Loop { body } => v.visit_block_mut(body),
        StmtKind::For {
            var: _,
            items,
            body,
        } => {
            v.visit_place_mut(items);
            v.visit_block_mut(body);
        }
        StmtKind::Try {
            var: _,
            value,
            ok,
            catchers,
        } => {
            v.visit_expr_mut(value);
            v.visit_block_mut(ok);
            catchers
                .iter_mut()
                .for_each(|c| v.visit_block_mut(&mut c.body));
        }
        StmtKind::Sleep(d) => match d {
            SleepFor::SecondsAt(p) | SleepFor::UntilAt(p) => v.visit_place_mut(p),
            SleepFor::Seconds(_) | SleepFor::Until(_) => {}
        },
        StmtKind::Fail { error, cause } => {
            for t in [error, cause].into_iter().flatten() {
                match t {
                    Text::At(p) => v.visit_place_mut(p),
                    Text::Literal(_) => {}
                }
            }
        }
        StmtKind::Break | StmtKind::Continue => {}
    }
}

pub fn walk_expr_mut<V: VisitorMut + ?Sized>(v: &mut V, expr: &mut Expr) {
    match expr {
        Expr::Place(p) => v.visit_place_mut(p),
        Expr::Literal(_) | Expr::Context(_) => {}
        Expr::Struct { shape: _, fields } => {
            fields.iter_mut().for_each(|(_, e)| v.visit_expr_mut(e))
        }
        Expr::Call(c) => c.arg.iter_mut().for_each(|a| v.visit_expr_mut(a)),
        Expr::Parallel(branches) => branches.iter_mut().for_each(|b| v.visit_block_mut(b)),
        Expr::Map(m) => {
            match &mut m.items {
                MapItems::Place(p) => v.visit_place_mut(p),
                MapItems::Reader(r) => v.visit_expr_mut(&mut r.parameters),
            }
            v.visit_block_mut(&mut m.body);
        }
        Expr::Intrinsic { function: _, args } | Expr::Array(args) => {
            args.iter_mut().for_each(|a| v.visit_expr_mut(a))
        }
        Expr::Compute(c) => v.visit_compute_mut(c),
    }
}

pub fn walk_cond_mut<V: VisitorMut + ?Sized>(v: &mut V, cond: &mut Cond) {
    match cond {
        Cond::And(a, b) | Cond::Or(a, b) => {
            v.visit_cond_mut(a);
            v.visit_cond_mut(b);
        }
        Cond::Not(a) => v.visit_cond_mut(a),
        Cond::Compare { place, op: _, rhs } => {
            v.visit_place_mut(place);
            v.visit_rhs_mut(rhs);
        }
        Cond::IsTrue(p) | Cond::IsSome(p) | Cond::IsNone(p) => v.visit_place_mut(p),
        Cond::Literal(_) => {}
        Cond::Value(e) => v.visit_expr_mut(e),
    }
}

pub fn walk_rhs_mut<V: VisitorMut + ?Sized>(v: &mut V, rhs: &mut Rhs) {
    match rhs {
        Rhs::Place(p) => v.visit_place_mut(p),
        Rhs::Literal(_) => {}
    }
}

pub fn walk_compute_mut<V: VisitorMut + ?Sized>(v: &mut V, compute: &mut Compute) {
    match compute {
        Compute::Binary { op: _, lhs, rhs } => {
            v.visit_expr_mut(lhs);
            v.visit_expr_mut(rhs);
        }
        Compute::Unary { op: _, operand: e }
        | Compute::Cast { to: _, value: e }
        | Compute::Field { base: e, field: _ } => v.visit_expr_mut(e),
        Compute::Method {
            method: _,
            receiver,
            args,
        } => {
            v.visit_expr_mut(receiver);
            args.iter_mut().for_each(|a| v.visit_expr_mut(a));
        }
        Compute::Closure {
            method: _,
            receiver,
            closure,
        } => {
            v.visit_expr_mut(receiver);
            v.visit_expr_mut(&mut closure.body);
        }
        Compute::Fold {
            receiver,
            init,
            closure,
        } => {
            v.visit_expr_mut(receiver);
            v.visit_expr_mut(init);
            v.visit_expr_mut(&mut closure.body);
        }
        Compute::If {
            cond,
            then,
            otherwise,
        } => {
            v.visit_expr_mut(cond);
            v.visit_expr_mut(then);
            v.visit_expr_mut(otherwise);
        }
        Compute::Match { scrutinee, arms } => {
            v.visit_expr_mut(scrutinee);
            arms.iter_mut().for_each(|(_, e)| v.visit_expr_mut(e));
        }
        Compute::Format(pieces) => {
            for p in pieces {
                match p {
                    FormatPiece::Value(e) => v.visit_expr_mut(e),
                    FormatPiece::Text(_) => {}
                }
            }
        }
        Compute::Index { base, index } => {
            v.visit_expr_mut(base);
            v.visit_expr_mut(index);
        }
    }
}
