//! Pure Rust expressions of a JSONata workflow (`a * 1.2`, `-x`, `n as f64`, `v[i]`,
//! `(a, b)`, `if`/`match` used as values, `format!`) as `ir::Expr::Compute`; methods and
//! closures are in `method` and `closure`.
//!
//! The IR keeps the Rust meaning (the back end picks JSONata operators from the operands'
//! shapes), so this only builds the tree. In a JSONPath workflow none of this runs: those
//! forms stay compile errors that say to add `query_language = "JSONata"`.

mod closure;
mod format;
mod method;
mod purity;

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{BinOp, Expr, Member, UnOp};

use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::catch::is_result_match;
use crate::workflow::context::context_root;
use crate::workflow::intrinsic::{is_data_call, null};
use crate::workflow::value::{is_constant_path, peel};

pub(crate) use method::jsonata_method;

/// The message for a JSONata-only form in a JSONPath workflow: `what` needs JSONata.
pub(crate) fn needs_jsonata(what: &str) -> String {
    format!(
        "{what} needs the JSONata query language: add `query_language = \"JSONata\"` to \
         `#[workflow(…)]`, or compute it in a #[task] fn"
    )
}

/// The numeric type a cast goes to (`as i64` → `Integer(I64)`, `as f64` → `Float`), as
/// IR tokens, if numeric.
pub(crate) fn cast_target(ty: &syn::Type) -> Option<TokenStream> {
    let syn::Type::Path(path) = ty else {
        return None;
    };
    numeric_type(&path.path.get_ident()?.to_string())
}

/// `ir::NumericType` tokens for the numeric type named `name`.
pub(crate) fn numeric_type(name: &str) -> Option<TokenStream> {
    let ir = ir();
    match name {
        "f32" | "f64" => Some(quote!(#ir::NumericType::Float)),
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128"
        | "isize" => {
            let variant = syn::Ident::new(
                &(name[..1].to_uppercase() + &name[1..]),
                proc_macro2::Span::call_site(),
            );
            Some(quote!(#ir::NumericType::Integer(#ir::IntType::#variant)))
        }
        _ => None,
    }
}

/// `ir::Expr::Compute(Box::new(compute))`.
pub(crate) fn compute(compute: TokenStream) -> TokenStream {
    let ir = ir();
    quote!(#ir::Expr::Compute(::std::boxed::Box::new(#compute)))
}

fn binary_op(op: &BinOp) -> Option<&'static str> {
    Some(match op {
        BinOp::Add(_) => "Add",
        BinOp::Sub(_) => "Sub",
        BinOp::Mul(_) => "Mul",
        BinOp::Div(_) => "Div",
        BinOp::Rem(_) => "Rem",
        BinOp::Eq(_) => "Eq",
        BinOp::Ne(_) => "Ne",
        BinOp::Lt(_) => "Lt",
        BinOp::Le(_) => "Le",
        BinOp::Gt(_) => "Gt",
        BinOp::Ge(_) => "Ge",
        BinOp::And(_) => "And",
        BinOp::Or(_) => "Or",
        _ => return None,
    })
}

fn is_none_path(expr: &Expr) -> bool {
    matches!(peel(expr), Expr::Path(p) if p.qself.is_none() && p.path.is_ident("None"))
}

impl BodyLowering<'_> {
    /// In a JSONata workflow, `expr` as a computed value when it is one of the pure forms
    /// (an `ir::Expr` expression); `None` lets `value` go on (places, literals, task calls,
    /// struct literals, intrinsics and the errors of everything else).
    pub(crate) fn computed_value(
        &mut self,
        expr: &Expr,
        expected: Option<TokenStream>,
    ) -> Option<TokenStream> {
        let ir = ir();
        Some(match expr {
            Expr::Binary(b) => self.binary(b)?,
            Expr::Unary(u) => match (&u.op, peel(&u.expr)) {
                // `-3`: a literal.
                (UnOp::Neg(_), Expr::Lit(_)) => return None,
                (UnOp::Neg(_), inner) => {
                    let operand = self.compute_operand(inner);
                    compute(
                        quote!(#ir::Compute::Unary { op: #ir::UnaryOp::Neg, operand: #operand }),
                    )
                }
                (UnOp::Not(_), inner) => {
                    let operand = self.compute_operand(inner);
                    compute(
                        quote!(#ir::Compute::Unary { op: #ir::UnaryOp::Not, operand: #operand }),
                    )
                }
                // `*x`: the value itself.
                (_, inner) => self.value(inner, expected),
            },
            Expr::Cast(cast) => {
                let Some(to) = cast_target(&cast.ty) else {
                    let (as_token, ty) = (&cast.as_token, &cast.ty);
                    self.errors.spanned(
                        quote!(#as_token #ty),
                        "only casts between numeric types (`as i64`, `as f64`, …) are supported in a workflow",
                    );
                    return Some(null());
                };
                let value = self.compute_operand(&cast.expr);
                compute(quote!(#ir::Compute::Cast { to: #to, value: #value }))
            }
            Expr::MethodCall(call) => self.method_compute(call)?,
            Expr::Call(call) => self.path_call_compute(call)?,
            Expr::Index(index) => {
                if let Expr::Range(range) = peel(&index.index) {
                    self.errors.spanned(
                        range,
                        "slices are not supported in a workflow: take one item (`x.items[i]`), \
                         or filter the items (`x.items.iter().filter(|i| …)`)",
                    );
                    return Some(null());
                }
                let base = self.compute_operand(&index.expr);
                let i = self.compute_operand(&index.index);
                compute(quote!(#ir::Compute::Index { base: #base, index: #i }))
            }
            Expr::Field(field) if context_root(expr).is_none() => {
                let base = self.compute_operand(&field.base);
                let name = match &field.member {
                    Member::Named(ident) => ident.unraw().to_string(),
                    Member::Unnamed(index) => index.index.to_string(),
                };
                compute(
                    quote!(#ir::Compute::Field { base: #base, field: ::std::string::String::from(#name) }),
                )
            }
            Expr::Tuple(t) if !t.elems.is_empty() => {
                let items: Vec<TokenStream> =
                    t.elems.iter().map(|e| self.compute_operand(e)).collect();
                quote!(#ir::Expr::Array(::std::vec![#(#items),*]))
            }
            Expr::If(e) => self.if_value(e, expected)?,
            Expr::Match(e) => self.match_value(e, expected)?,
            Expr::Block(b)
                if b.label.is_none()
                    && b.block.stmts.len() == 1
                    && matches!(&b.block.stmts[0], syn::Stmt::Expr(_, None)) =>
            {
                let syn::Stmt::Expr(inner, None) = &b.block.stmts[0] else {
                    return None;
                };
                self.value(inner, expected)
            }
            Expr::Macro(m) if m.mac.path.is_ident("format") => self.format_compute(&m.mac),
            Expr::Macro(m) if m.mac.path.is_ident("vec") => {
                let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
                let items = m.mac.parse_body_with(parser).ok()?;
                let items: Vec<TokenStream> =
                    items.iter().map(|e| self.compute_operand(e)).collect();
                quote!(#ir::Expr::Array(::std::vec![#(#items),*]))
            }
            _ => return None,
        })
    }

    /// An operand of a computed value: any value; a task call in it runs before the
    /// state that computes (the passes hoist it). A `map`, `parallel!` or `?` runs states of
    /// its own: those are bound with `let` first.
    pub(crate) fn compute_operand(&mut self, expr: &Expr) -> TokenStream {
        let peeled = peel(expr);
        let runs_states = match peeled {
            Expr::Call(call) => {
                is_data_call(call)
                    && crate::workflow::intrinsic::asl_fn_name(&call.func).as_deref() == Some("map")
            }
            Expr::Try(_) => true,
            Expr::Macro(m) => m
                .mac
                .path
                .segments
                .last()
                .is_some_and(|s| s.ident == "parallel"),
            Expr::MethodCall(m) => m.method == "run",
            _ => false,
        };
        if runs_states {
            self.errors.spanned(
                peeled,
                "a `map`, `parallel!` or `?` cannot be part of a computed value: bind its result \
                 with `let` first (`let r = map(…);`) and compute with `r`",
            );
            return null();
        }
        self.value(expr, None)
    }

    /// `a op b`; `x == None` is `x.is_none()`, `x != None` is `x.is_some()`.
    fn binary(&mut self, b: &syn::ExprBinary) -> Option<TokenStream> {
        let ir = ir();
        let op = binary_op(&b.op)?;
        if matches!(op, "Eq" | "Ne") {
            let other = if is_none_path(&b.right) {
                Some(&b.left)
            } else if is_none_path(&b.left) {
                Some(&b.right)
            } else {
                None
            };
            if let Some(other) = other {
                let method = if op == "Eq" {
                    quote!(IsNone)
                } else {
                    quote!(IsSome)
                };
                let receiver = self.compute_operand(other);
                return Some(compute(quote! {
                    #ir::Compute::Method { method: #ir::Method::#method, receiver: #receiver, args: ::std::vec![] }
                }));
            }
        }
        if matches!(op, "And" | "Or") && !self.is_pure(&b.right) {
            // Rust may not evaluate it: a task call there cannot run before the state.
            self.errors.spanned(
                &b.right,
                "the right side of `&&` / `||` may not run, so it cannot call a task in a workflow: \
                 bind the call with `let` first, or use `if`",
            );
        }
        let op = syn::Ident::new(op, proc_macro2::Span::call_site());
        let lhs = self.compute_operand(&b.left);
        let rhs = self.compute_operand(&b.right);
        Some(compute(
            quote!(#ir::Compute::Binary { op: #ir::BinaryOp::#op, lhs: #lhs, rhs: #rhs }),
        ))
    }

    /// `if c { a } else { b }` whose branches are pure values: `Compute::If` (no Choice).
    pub(crate) fn if_value(
        &mut self,
        e: &syn::ExprIf,
        expected: Option<TokenStream>,
    ) -> Option<TokenStream> {
        let ir = ir();
        if !self.is_pure_if(e) {
            return None;
        }
        let then = self.tail_value(&e.then_branch, expected.clone())?;
        let otherwise = match e.else_branch.as_ref().map(|(_, b)| &**b) {
            Some(Expr::Block(b)) => self.tail_value(&b.block, expected)?,
            Some(Expr::If(nested)) => self.if_value(nested, expected)?,
            _ => return None,
        };
        let cond = self.compute_operand(&e.cond);
        Some(compute(
            quote!(#ir::Compute::If { cond: #cond, then: #then, otherwise: #otherwise }),
        ))
    }

    /// The value of a block that is one tail expression.
    fn tail_value(
        &mut self,
        block: &syn::Block,
        expected: Option<TokenStream>,
    ) -> Option<TokenStream> {
        match block.stmts.as_slice() {
            [syn::Stmt::Expr(e, None)] => {
                self.push_scope();
                let value = self.value(e, expected);
                self.pop_scope();
                Some(value)
            }
            _ => None,
        }
    }

    /// `match x { pattern => value, … }` whose arms are pure values and bind nothing:
    /// `Compute::Match` (no Choice).
    pub(crate) fn match_value(
        &mut self,
        e: &syn::ExprMatch,
        expected: Option<TokenStream>,
    ) -> Option<TokenStream> {
        let ir = ir();
        if is_result_match(&e.arms) || !self.is_pure_match(e) {
            return None;
        }
        let scrutinee = self.compute_operand(&e.expr);
        let mut arms = Vec::new();
        for arm in &e.arms {
            self.reject_guard(arm);
            let pattern = self.value_pattern(&arm.pat);
            self.push_scope();
            let value = match &*arm.body {
                Expr::Block(b) if b.label.is_none() => {
                    self.tail_value(&b.block, expected.clone())?
                }
                other => self.value(other, expected.clone()),
            };
            self.pop_scope();
            arms.push(quote!((#pattern, #value)));
        }
        Some(compute(
            quote!(#ir::Compute::Match { scrutinee: #scrutinee, arms: ::std::vec![#(#arms),*] }),
        ))
    }

    /// Whether the receiver is a literal or a constant (`"a".to_string()` is the literal).
    pub(crate) fn literal_receiver(expr: &Expr) -> bool {
        matches!(peel(expr), Expr::Lit(_)) || is_constant_path(peel(expr))
    }
}
