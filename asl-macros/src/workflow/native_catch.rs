//! The native fn's caught calls: in `match f(x) { Ok(v) => …, Err(e) => … }`, `f(x)?` and
//! `if let Ok(v) = f(x)`, the call is read through `asl::__private::Catching::<f::Returns>`,
//! so that an `asl::aws` integration (which returns its value) is a `Result` of
//! `StatesError` there, as a `#[task]` returning `Result` is already (left as it is).

use proc_macro2::Span;
use quote::format_ident;
use syn::ext::IdentExt;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::visit_mut::VisitMut;
use syn::{Expr, Pat};

use crate::workflow::catch::{
    is_result_match, is_result_pattern, is_variant_like, result_constructor,
};
use crate::workflow::value::peel;

/// Names the body lowering gives a meaning of its own: not task calls.
const NOT_TASKS: &[&str] = &["sleep", "sleep_until", "task_token"];

/// The module of the fn `call` calls, when it may be a task or an integration: its path
/// without the fn's generic arguments (`sqs::send_message::<T>` → `sqs::send_message`).
pub(crate) fn called_module(call: &syn::ExprCall) -> Option<syn::Path> {
    let Expr::Path(func) = peel(&call.func) else {
        return None;
    };
    if func.qself.is_some() {
        return None;
    }
    let mut path = func.path.clone();
    let last = path.segments.last_mut()?;
    let name = last.ident.to_string();
    if !name.starts_with(|c: char| c.is_lowercase() || c == '_') || NOT_TASKS.contains(&&*name) {
        return None;
    }
    last.arguments = syn::PathArguments::None;
    let modules = func.path.segments.iter().rev().skip(1);
    if modules.into_iter().any(|s| !s.arguments.is_none()) {
        return None;
    }
    Some(path)
}

/// `f(a, b)` → `Catching::<f::Returns>::new().call(&[arms], (a, b), |(a0, a1)| f(a0, a1))`
/// (`pass_on` for `?`): the arguments are evaluated before `call` runs, so only the call
/// itself is caught. The method call is spanned from `f` to the call's `)`, so that rustc
/// points at the call as written.
fn caught(expr: &mut Expr, arms: Option<&[String]>) {
    let Expr::Call(original) = expr else {
        return;
    };
    let Some(module) = called_module(original) else {
        return;
    };
    let span = original.func.span();
    let mut call = original.clone();
    let names: Vec<syn::Ident> = (0..call.args.len())
        .map(|i| format_ident!("__asl_caught_arg{}", i, span = Span::mixed_site()))
        .collect();
    let args: Vec<Expr> = std::mem::take(&mut call.args).into_iter().collect();
    call.args = names
        .iter()
        .map(|n| -> Expr { syn::parse_quote!(#n) })
        .collect();
    let receiver: Expr = syn::parse_quote_spanned! {span=>
        ::asl::__private::Catching::<#module::Returns>::new()
    };
    let mut method_args: Punctuated<Expr, syn::Token![,]> = Punctuated::new();
    let method = match arms {
        Some(arms) => {
            method_args.push(syn::parse_quote_spanned!(span=> &[#(#arms),*]));
            "call"
        }
        None => "pass_on",
    };
    method_args.push(syn::parse_quote_spanned!(span=> (#(#args,)*)));
    method_args.push(syn::parse_quote_spanned!(span=> |(#(#names,)*)| #call));
    *expr = Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: syn::Token![.](span),
        method: syn::Ident::new(method, span),
        turbofish: None,
        paren_token: original.paren_token,
        args: method_args,
    });
}

/// The variants (last path segments) an `Err(…)` pattern names: `Err(E::A | E::B(_))` → A, B.
fn caught_variants(pat: &Pat, out: &mut Vec<String>) {
    match pat {
        Pat::Paren(p) => caught_variants(&p.pat, out),
        Pat::TupleStruct(p) if result_constructor(&p.path) == Some("Err") => {
            if let Some(inner) = p.elems.first() {
                variants_in(inner, out);
            }
        }
        _ => {}
    }
}

fn variants_in(pat: &Pat, out: &mut Vec<String>) {
    let last = |path: &syn::Path| path.segments.last().map(|s| s.ident.unraw().to_string());
    let name = match pat {
        Pat::Paren(p) => return variants_in(&p.pat, out),
        Pat::Or(or) => return or.cases.iter().for_each(|c| variants_in(c, out)),
        Pat::Path(p) => last(&p.path),
        Pat::TupleStruct(p) => last(&p.path),
        Pat::Struct(p) => last(&p.path),
        Pat::Ident(p) if is_variant_like(&p.ident) => Some(p.ident.unraw().to_string()),
        _ => None,
    };
    out.extend(name);
}

struct NativeCatch;

impl VisitMut for NativeCatch {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        syn::visit_mut::visit_expr_mut(self, expr);
        match expr {
            Expr::Match(m) if is_result_match(&m.arms) => {
                let mut arms = Vec::new();
                for arm in &m.arms {
                    caught_variants(&arm.pat, &mut arms);
                }
                caught(&mut m.expr, Some(&arms))
            }
            Expr::If(e) => {
                if let Expr::Let(lets) = &mut *e.cond {
                    if is_result_pattern(&lets.pat) {
                        let mut arms = Vec::new();
                        caught_variants(&lets.pat, &mut arms);
                        caught(&mut lets.expr, Some(&arms));
                    }
                }
            }
            Expr::Try(e) => caught(&mut e.expr, None),
            _ => {}
        }
    }

    /// Items are not workflow code (the lowering rejects them): they keep their bodies.
    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// Rewrites the caught calls of a workflow fn's native body.
pub(crate) fn rewrite_catches(block: &mut syn::Block) {
    NativeCatch.visit_block_mut(block);
}
