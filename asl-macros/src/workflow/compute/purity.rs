//! Whether an expression is a pure value (no task call, map, `parallel!`, `fail!`, `return`,
//! loop or statement inside): such an `if` or `match` becomes a computed value, not a Choice.

use syn::visit::Visit;
use syn::{Expr, Pat};

use crate::workflow::body::BodyLowering;
use crate::workflow::call::CallKind;
use crate::workflow::intrinsic::{asl_fn_name, is_data_call};

struct Purity<'a, 'e> {
    lowering: &'a BodyLowering<'e>,
    pure: bool,
}

impl<'ast> Visit<'ast> for Purity<'_, '_> {
    fn visit_expr(&mut self, expr: &'ast Expr) {
        match expr {
            Expr::Call(call) => {
                let state = if is_data_call(call) {
                    asl_fn_name(&call.func).as_deref() == Some("map")
                } else {
                    matches!(
                        self.lowering.classify_call(call),
                        CallKind::Task(_)
                            | CallKind::Recursion
                            | CallKind::Sleep
                            | CallKind::SleepUntil
                    ) && !is_numeric_fn(&call.func)
                };
                if state {
                    self.pure = false;
                }
            }
            Expr::MethodCall(m) if m.method == "run" => self.pure = false,
            Expr::Macro(m) => {
                let name = m.mac.path.segments.last().map(|s| s.ident.to_string());
                if !matches!(name.as_deref(), Some("format" | "vec")) {
                    self.pure = false;
                }
            }
            Expr::Return(_)
            | Expr::Break(_)
            | Expr::Continue(_)
            | Expr::Try(_)
            | Expr::Loop(_)
            | Expr::While(_)
            | Expr::ForLoop(_)
            | Expr::Assign(_)
            | Expr::Let(_)
            | Expr::Async(_)
            | Expr::Await(_)
            | Expr::Unsafe(_) => self.pure = false,
            Expr::Block(b) if b.block.stmts.len() != 1 => self.pure = false,
            Expr::Block(b) if !matches!(&b.block.stmts[0], syn::Stmt::Expr(_, None)) => {
                self.pure = false
            }
            Expr::If(e) if e.else_branch.is_none() => self.pure = false,
            _ => {}
        }
        if self.pure {
            syn::visit::visit_expr(self, expr);
        }
    }

    fn visit_block(&mut self, block: &'ast syn::Block) {
        if !matches!(block.stmts.as_slice(), [syn::Stmt::Expr(_, None)]) {
            self.pure = false;
        }
        if self.pure {
            syn::visit::visit_block(self, block);
        }
    }
}

/// `f64::max`, `std::cmp::max`, `i64::from`: paths of numeric fns, not tasks.
pub(crate) fn is_numeric_fn(func: &Expr) -> bool {
    let Expr::Path(path) = crate::workflow::value::peel(func) else {
        return false;
    };
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    match segments.as_slice() {
        [.., ty, _] => {
            ty == "cmp"
                || [
                    "f32", "f64", "u8", "u16", "u32", "u64", "usize", "i8", "i16", "i32", "i64",
                    "isize",
                ]
                .contains(&ty.as_str())
        }
        _ => false,
    }
}

/// Whether a pattern binds a name (`x =>`, `Some(v) =>`).
fn binds(pat: &Pat) -> bool {
    struct Binds(bool);
    impl<'ast> Visit<'ast> for Binds {
        fn visit_pat_ident(&mut self, p: &'ast syn::PatIdent) {
            let variant =
                p.ident == "None" || p.ident.to_string().starts_with(|c: char| c.is_uppercase());
            if !variant {
                self.0 = true;
            }
            syn::visit::visit_pat_ident(self, p);
        }
    }
    let mut b = Binds(false);
    b.visit_pat(pat);
    b.0
}

impl BodyLowering<'_> {
    pub(crate) fn is_pure(&self, expr: &Expr) -> bool {
        let mut purity = Purity {
            lowering: self,
            pure: true,
        };
        purity.visit_expr(expr);
        purity.pure
    }

    /// `if c { a } else { b }` (or `else if …`) with pure branches and condition.
    pub(crate) fn is_pure_if(&self, e: &syn::ExprIf) -> bool {
        !matches!(&*e.cond, Expr::Let(_))
            && e.else_branch.is_some()
            && self.is_pure(&Expr::If(e.clone()))
    }

    /// `match x { P => a, … }` with pure arms, no guard and no binding.
    pub(crate) fn is_pure_match(&self, e: &syn::ExprMatch) -> bool {
        !e.arms.is_empty()
            && e.arms
                .iter()
                .all(|arm| arm.guard.is_none() && !binds(&arm.pat) && self.is_pure(&arm.body))
            && self.is_pure(&e.expr)
    }
}
