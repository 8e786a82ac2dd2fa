//! Walks over the IR shared by the passes: every statement of a block, the blocks of an
//! expression, the value of a branch.

use asl_model::ir::*;

/// Calls `f` on every statement of `block`, outer before inner: those of nested blocks and of
/// the `parallel!` branches or map processor a statement's value is.
pub(crate) fn walk_stmts<'a>(block: &'a [Stmt], f: &mut impl FnMut(&'a Stmt)) {
    struct EveryStmt<F>(F);
    impl<'a, F: FnMut(&'a Stmt)> Visitor<'a> for EveryStmt<F> {
        fn visit_stmt(&mut self, s: &'a Stmt) {
            (self.0)(s);
            walk_stmt(self, s);
        }
        // Only an expression that is itself a block holder is entered (not one nested in
        // an argument or a field, which `prepare` leaves in place).
        fn visit_expr(&mut self, e: &'a Expr) {
            for b in expr_blocks(e) {
                self.visit_block(b);
            }
        }
        fn visit_cond(&mut self, _: &'a Cond) {}
    }
    EveryStmt(f).visit_block(block);
}

/// The blocks an expression holds: `parallel!` branches, a map's processor.
pub(crate) fn expr_blocks(e: &Expr) -> Vec<&Block> {
    match e {
        Expr::Parallel(branches) => branches.iter().collect(),
        Expr::Map(m) => vec![&m.body],
        Expr::Place(_)
        | Expr::Literal(_)
        | Expr::Context(_)
        | Expr::Struct { .. }
        | Expr::Array(_)
        | Expr::Intrinsic { .. }
        | Expr::Call(_)
        | Expr::Compute(_) => Vec::new(),
    }
}

/// The value a `parallel!` branch ends with.
pub(crate) fn branch_value(block: &Block) -> Option<&Expr> {
    match block.last().map(|s| &s.kind) {
        Some(StmtKind::Return(e)) => Some(e),
        _ => None,
    }
}
