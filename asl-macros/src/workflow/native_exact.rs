//! A JSONata workflow's native fn checks its integer arithmetic as the emitted JSONata does
//! (`asl::__private::{exact, divisor, cast}`): past ±(2^53 − 1), out of a cast's range or
//! divided by zero, both runs fail with `States.QueryEvaluationError`.

use syn::visit_mut::VisitMut;
use syn::{parse_quote, BinOp, Expr};

use crate::workflow::compute::cast_target;

struct NativeExact;

/// Methods whose integer result can grow past what JSONata holds exactly.
const GROWING_METHODS: [&str; 3] = ["sum", "product", "pow"];

impl VisitMut for NativeExact {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        let rewritten: Option<Expr> = match &*expr {
            Expr::Binary(b) => match b.op {
                BinOp::Add(_) | BinOp::Sub(_) | BinOp::Mul(_) => {
                    Some(parse_quote!(::asl::__private::exact(#b)))
                }
                BinOp::Div(_) | BinOp::Rem(_) => {
                    let (left, op, right) = (&b.left, &b.op, &b.right);
                    Some(parse_quote!(
                        ::asl::__private::exact(#left #op ::asl::__private::divisor(#right))
                    ))
                }
                // `x += e`: checked once assigned (the place is read again, not re-evaluated
                // for its side effects: workflow places are variables and fields).
                BinOp::AddAssign(_) | BinOp::SubAssign(_) | BinOp::MulAssign(_) => {
                    let place = &b.left;
                    Some(parse_quote!({ #b; ::asl::__private::check_exact(&#place); }))
                }
                BinOp::DivAssign(_) | BinOp::RemAssign(_) => {
                    let (left, op, right) = (&b.left, &b.op, &b.right);
                    Some(parse_quote!({ #left #op ::asl::__private::divisor(#right); }))
                }
                _ => None,
            },
            Expr::MethodCall(call)
                if GROWING_METHODS.contains(&call.method.to_string().as_str()) =>
            {
                Some(parse_quote!(::asl::__private::exact(#call)))
            }
            Expr::Cast(cast) if cast_target(&cast.ty).is_some() => {
                let (value, ty) = (&cast.expr, &cast.ty);
                Some(parse_quote!(::asl::__private::cast::<#ty, _>(#value)))
            }
            _ => None,
        };
        if let Some(rewritten) = rewritten {
            *expr = rewritten;
        }
    }

    // Array lengths and items are const contexts: a checked call cannot run there.
    fn visit_expr_repeat_mut(&mut self, repeat: &mut syn::ExprRepeat) {
        self.visit_expr_mut(&mut repeat.expr);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// Rewrites the arithmetic of a JSONata workflow's native body.
pub(crate) fn rewrite_arithmetic(block: &mut syn::Block) {
    NativeExact.visit_block_mut(block);
}
