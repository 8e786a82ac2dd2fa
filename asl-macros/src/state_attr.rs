//! `#[state(name = "…")]` (and `#[retry(…)]`) on a statement of a workflow body: read for the IR, stripped from the native fn.

use syn::visit_mut::VisitMut;
use syn::{Attribute, Expr, LitStr};

use crate::errors::Errors;

/// The attributes of an expression (every kind of `syn::Expr` that has them).
pub(crate) fn expr_attrs(expr: &Expr) -> &[Attribute] {
    macro_rules! attrs_of {
        ($($variant:ident),*) => {
            match expr {
                $(Expr::$variant(e) => &e.attrs,)*
                _ => &[],
            }
        };
    }
    attrs_of!(
        Array, Assign, Async, Await, Binary, Block, Break, Call, Cast, Closure, Const, Continue, Field, ForLoop,
        Group, If, Index, Infer, Let, Lit, Loop, Macro, Match, MethodCall, Paren, Path, Range, RawAddr, Reference,
        Repeat, Return, Struct, Try, TryBlock, Tuple, Unary, Unsafe, While, Yield
    )
}

fn expr_attrs_mut(expr: &mut Expr) -> Option<&mut Vec<Attribute>> {
    macro_rules! attrs_of {
        ($($variant:ident),*) => {
            match expr {
                $(Expr::$variant(e) => Some(&mut e.attrs),)*
                _ => None,
            }
        };
    }
    attrs_of!(
        Array, Assign, Async, Await, Binary, Block, Break, Call, Cast, Closure, Const, Continue, Field, ForLoop,
        Group, If, Index, Infer, Let, Lit, Loop, Macro, Match, MethodCall, Paren, Path, Range, RawAddr, Reference,
        Repeat, Return, Struct, Try, TryBlock, Tuple, Unary, Unsafe, While, Yield
    )
}

fn is_state_attr(attr: &Attribute) -> bool {
    attr.path().is_ident("state")
}

/// The attributes of a workflow statement that only the IR reads: `#[state]` and `#[retry]`.
fn is_statement_attr(attr: &Attribute) -> bool {
    is_state_attr(attr) || crate::retry_attr::is_retry_attr(attr)
}

/// The `name` of a `#[state(name = "…")]` among `attrs`, reporting malformed ones.
pub(crate) fn state_name(attrs: &[Attribute], errors: &mut Errors) -> Option<String> {
    let mut name = None;
    for attr in attrs.iter().filter(|a| is_state_attr(a)) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                let lit: LitStr = meta.value()?.parse()?;
                if lit.value().is_empty() {
                    return Err(syn::Error::new(lit.span(), "a state name cannot be empty"));
                }
                name = Some(lit.value());
                Ok(())
            } else {
                Err(meta.error("#[state] takes one argument: `#[state(name = \"StateName\")]`"))
            }
        });
        if let Err(e) = parsed {
            errors.push(e);
        }
    }
    name
}

struct StripStateAttrs;

impl VisitMut for StripStateAttrs {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Some(attrs) = expr_attrs_mut(expr) {
            attrs.retain(|a| !is_statement_attr(a));
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_local_mut(&mut self, local: &mut syn::Local) {
        local.attrs.retain(|a| !is_statement_attr(a));
        syn::visit_mut::visit_local_mut(self, local);
    }

    fn visit_stmt_macro_mut(&mut self, mac: &mut syn::StmtMacro) {
        mac.attrs.retain(|a| !is_statement_attr(a));
        syn::visit_mut::visit_stmt_macro_mut(self, mac);
    }

    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        arm.attrs.retain(|a| !is_statement_attr(a));
        syn::visit_mut::visit_arm_mut(self, arm);
    }

    /// A `parallel!` branch is workflow code too, but inside a macro's tokens, which the
    /// visitor does not enter: parse the branches, strip them, and write them back.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if mac.path.segments.last().is_some_and(|s| s.ident == "parallel") {
            let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
            if let Ok(mut branches) = mac.parse_body_with(parser) {
                for branch in branches.iter_mut() {
                    self.visit_expr_mut(branch);
                }
                mac.tokens = quote::ToTokens::to_token_stream(&branches);
            }
        }
        syn::visit_mut::visit_macro_mut(self, mac);
    }
}

/// Removes every `#[state(…)]` and `#[retry(…)]` from a fn body, so the native fn compiles on stable Rust.
pub(crate) fn strip_state_attrs(block: &mut syn::Block) {
    StripStateAttrs.visit_block_mut(block);
}
