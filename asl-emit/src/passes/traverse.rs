//! Walks over the IR shared by the passes: every statement of a block, the blocks of an
//! expression, the value of a branch.

use asl_model::ir::*;

pub(crate) fn walk_stmts<'a>(block: &'a Block, f: &mut impl FnMut(&'a Stmt)) {
    for s in block {
        f(s);
        match &s.kind {
            StmtKind::If {
                then, otherwise, ..
            } => {
                walk_stmts(then, f);
                walk_stmts(otherwise, f);
            }
            StmtKind::Match { arms, .. } => arms.iter().for_each(|a| walk_stmts(&a.body, f)),
            StmtKind::Loop { body } | StmtKind::For { body, .. } => walk_stmts(body, f),
            StmtKind::Try {
                value,
                ok,
                catchers,
                ..
            } => {
                expr_blocks(value)
                    .into_iter()
                    .for_each(|b| walk_stmts(b, f));
                walk_stmts(ok, f);
                catchers.iter().for_each(|c| walk_stmts(&c.body, f));
            }
            StmtKind::Assign { value, .. }
            | StmtKind::AssignField { value, .. }
            | StmtKind::Eval(value)
            | StmtKind::Return(value) => expr_blocks(value)
                .into_iter()
                .for_each(|b| walk_stmts(b, f)),
            _ => {}
        }
    }
}

/// The blocks an expression holds: `parallel!` branches, a map's processor.
pub(crate) fn expr_blocks(e: &Expr) -> Vec<&Block> {
    match e {
        Expr::Parallel(branches) => branches.iter().collect(),
        Expr::Map(m) => vec![&m.body],
        _ => Vec::new(),
    }
}

/// The value a `parallel!` branch ends with.
pub(crate) fn branch_value(block: &Block) -> Option<&Expr> {
    match block.last().map(|s| &s.kind) {
        Some(StmtKind::Return(e)) => Some(e),
        _ => None,
    }
}
