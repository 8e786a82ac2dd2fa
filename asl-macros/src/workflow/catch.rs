//! Typed errors in a workflow body: catching a task's errors (`match task(x) { Ok(v) => …,
//! Err(E::X) => … }`, `if let Ok(v) = task(x)`); `?`, `Ok(…)` / `Err(…)` values and `#[retry(…)]`
//! on a call are in `result` and `call_retry`.
//!
//! ASL error names are not known to the macro: the generated code looks them up when the IR
//! is built, from the task's `TaskError` type (`task_error_names::<f::Returns>()`), so rustc
//! checks every variant path the user wrote.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, Pat};

use crate::attr::state::expr_attrs;
use crate::workflow::body::{block_tokens, breaks, diverges, ir, BodyLowering, GenStmt, Sink};
use crate::workflow::call::CallKind;
use crate::workflow::value::peel;

/// What the body translation needs to know about typed errors.
#[derive(Default)]
pub(crate) struct TypedErrors {
    /// `E` when the workflow returns `Result<T, E>`.
    pub(crate) workflow_error: Option<syn::Type>,
    /// The policies of the `#[retry(…)]`s on the statement being translated: its task call
    /// takes them instead of the declared ones.
    pub(crate) call_retry: Option<Vec<TokenStream>>,
    /// The timeout and heartbeat (seconds) of a `#[state(timeout = …, heartbeat = …)]` on
    /// the statement being translated: its task call takes them over the declared ones.
    pub(crate) call_timing: Option<(Option<u64>, Option<u64>)>,
}

/// `Ok(…)` / `Err(…)` (also `Result::Ok`), by constructor name.
pub(crate) fn result_constructor(path: &syn::Path) -> Option<&'static str> {
    let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    match names.as_slice() {
        ["Ok"] | ["Result", "Ok"] | ["std" | "core", "result", "Result", "Ok"] => Some("Ok"),
        ["Err"] | ["Result", "Err"] | ["std" | "core", "result", "Result", "Err"] => Some("Err"),
        _ => None,
    }
}

/// The `Ok(p)` / `Err(p)` of a pattern: the constructor and its one inner pattern.
fn result_pattern(pat: &Pat) -> Option<(&'static str, Option<&Pat>)> {
    match pat {
        Pat::Paren(p) => result_pattern(&p.pat),
        Pat::TupleStruct(p) if p.qself.is_none() => {
            let which = result_constructor(&p.path)?;
            Some((
                which,
                if p.elems.len() == 1 {
                    p.elems.first()
                } else {
                    None
                },
            ))
        }
        _ => None,
    }
}

/// Whether a `match` reads a `Result`: one of its arms is `Ok(…)` or `Err(…)`.
pub(crate) fn is_result_match(arms: &[syn::Arm]) -> bool {
    arms.iter().any(|arm| result_pattern(&arm.pat).is_some())
}

/// `Ok(…)` / `Err(…)` as a value.
pub(crate) fn is_result_value(call: &ExprCall) -> bool {
    match peel(&call.func) {
        Expr::Path(path) if path.qself.is_none() => result_constructor(&path.path).is_some(),
        _ => false,
    }
}

pub(crate) fn is_variant_like(ident: &syn::Ident) -> bool {
    ident
        .unraw()
        .to_string()
        .starts_with(|c: char| c.is_uppercase())
}

/// What an `Err(…)` arm catches.
enum Caught {
    /// `Err(E::A)`, `Err(E::A | E::B)`, `Err(E::C(info))`: these variants (Rust names).
    Variants {
        variants: Vec<String>,
        info: Option<syn::Ident>,
    },
    /// `Err(e)` / `Err(_)`: every error not caught by an earlier arm.
    Rest { binding: Option<syn::Ident> },
}

/// One arm of a match on a task call, before its body is translated.
enum TryArm {
    Ok(Option<syn::Ident>),
    Err(Caught),
}

impl BodyLowering<'_> {
    /// The task call a `match` / `if let` on a `Result` reads: its module path (one module deeper).
    pub(crate) fn caught_call<'a>(&self, scrutinee: &'a Expr) -> Option<(&'a ExprCall, syn::Path)> {
        let Expr::Call(call) = peel(scrutinee) else {
            return None;
        };
        match self.classify_call(call) {
            CallKind::Task(path) => Some((call, path)),
            _ => None,
        }
    }

    fn not_a_task_call(&mut self, scrutinee: &Expr) {
        let message = if self.place(scrutinee).is_some() {
            "a task's errors are caught where it is called: match on the call itself, \
             `match task(x) { Ok(v) => …, Err(e) => … }`, instead of binding its `Result` to a variable first"
        } else {
            "`Ok(…)` / `Err(…)` arms catch the errors of a task call: write `match task(x) { Ok(v) => …, Err(e) => … }`"
        };
        self.errors.spanned(scrutinee, message);
    }

    /// `match task(x) { Ok(v) => …, Err(E::X) => …, Err(e) => … }`: a `Try`.
    pub(crate) fn try_match(&mut self, e: &syn::ExprMatch, sink: Sink) -> GenStmt {
        let call = self.caught_call(&e.expr);
        if call.is_none() {
            self.not_a_task_call(&e.expr);
        }
        let mut arms = Vec::new();
        let mut ok_seen = false;
        for arm in &e.arms {
            self.reject_guard(arm);
            let kind = self.try_arm(&arm.pat);
            if let Some(TryArm::Ok(_)) = &kind {
                if ok_seen {
                    self.errors
                        .spanned(&arm.pat, "a `match` on a task call has one `Ok(v) =>` arm");
                }
                ok_seen = true;
            }
            arms.push((kind, &*arm.body, &arm.attrs[..]));
        }
        if !ok_seen {
            let (match_token, scrutinee) = (&e.match_token, &e.expr);
            self.errors.spanned(
                quote!(#match_token #scrutinee),
                "a `match` on a task call needs an `Ok(v) =>` arm for the task's result (`Ok(_) =>` to ignore it)",
            );
        }
        let value = call
            .as_ref()
            .map(|(call, _)| self.value(&Expr::Call((*call).clone()), None));
        let path = call.map(|(call, path)| (call.span(), path));
        self.try_stmt(path, value, arms, sink)
    }

    /// `if let Ok(v) = task(x) { A } else { B }` and `if let Err(p) = task(x) { A } else { B }`.
    pub(crate) fn try_if_let(
        &mut self,
        e: &syn::ExprIf,
        lets: &syn::ExprLet,
        sink: Sink,
    ) -> GenStmt {
        let call = self.caught_call(&lets.expr);
        if call.is_none() {
            self.not_a_task_call(&lets.expr);
        }
        let then = Expr::Block(syn::ExprBlock {
            attrs: Vec::new(),
            label: None,
            block: e.then_branch.clone(),
        });
        let otherwise = match &e.else_branch {
            Some((_, branch)) => (**branch).clone(),
            None => Expr::Block(syn::ExprBlock {
                attrs: Vec::new(),
                label: None,
                block: syn::parse_quote!({}),
            }),
        };
        let kind = self.try_arm(&lets.pat);
        let arms = match kind {
            Some(TryArm::Ok(binding)) => {
                vec![
                    (Some(TryArm::Ok(binding)), &then, &[][..]),
                    (
                        Some(TryArm::Err(Caught::Rest { binding: None })),
                        &otherwise,
                        &[][..],
                    ),
                ]
            }
            Some(TryArm::Err(caught)) => {
                vec![
                    (Some(TryArm::Err(caught)), &then, &[][..]),
                    (Some(TryArm::Ok(None)), &otherwise, &[][..]),
                ]
            }
            None => vec![(None, &then, &[][..]), (None, &otherwise, &[][..])],
        };
        let value = call
            .as_ref()
            .map(|(call, _)| self.value(&Expr::Call((*call).clone()), None));
        let path = call.map(|(call, path)| (call.span(), path));
        self.try_stmt(path, value, arms, sink)
    }

    /// The `Try` statement: `path` is the task's module, `value` its call (`None` after an error).
    fn try_stmt(
        &mut self,
        path: Option<(proc_macro2::Span, syn::Path)>,
        value: Option<TokenStream>,
        arms: Vec<(Option<TryArm>, &Expr, &[syn::Attribute])>,
        sink: Sink,
    ) -> GenStmt {
        let ir = ir();
        let names = self.temp("errors");
        let mut ok = None;
        let mut catchers = Vec::new();
        let mut caught_so_far: Vec<String> = Vec::new();
        let mut all_diverge = true;
        let mut any_breaks = false;
        for (kind, body_expr, attrs) in arms {
            self.push_scope();
            let mut body = Vec::new();
            let var = match &kind {
                Some(TryArm::Ok(Some(binding))) => {
                    let shape = path
                        .as_ref()
                        .map(|(span, path)| quote_spanned!(*span=> #path::task().output));
                    Some(self.bind_new(binding, shape))
                }
                Some(TryArm::Err(Caught::Variants {
                    info: Some(binding),
                    ..
                }))
                | Some(TryArm::Err(Caught::Rest {
                    binding: Some(binding),
                })) => {
                    // Every `TaskError` is written as the error object, `ErrorInfo`'s shape.
                    Some(self.bind_new(
                        binding,
                        Some(quote!(<::asl::ErrorInfo as ::asl::Payload>::shape())),
                    ))
                }
                _ => None,
            };
            self.arm_call_retry(attrs, body_expr);
            self.arm_body(body_expr, sink, &mut body);
            self.pop_scope();
            all_diverge &= diverges(&body);
            any_breaks |= breaks(&body);
            let body = block_tokens(&body);
            let var = match var {
                Some(var) => {
                    let id = Self::var_id(var);
                    quote!(::std::option::Option::Some(#id))
                }
                None => quote!(::std::option::Option::None),
            };
            match kind {
                Some(TryArm::Ok(_)) => ok = Some((var, body)),
                Some(TryArm::Err(caught)) => {
                    let errors = match caught {
                        Caught::Variants { variants, .. } => {
                            caught_so_far.extend(variants.iter().cloned());
                            quote!(::asl::__private::catch_names(&#names, &[#(#variants),*]))
                        }
                        Caught::Rest { .. } => {
                            quote!(::asl::__private::remaining_names(&#names, &[#(#caught_so_far),*]))
                        }
                    };
                    catchers.push(quote!(#ir::ErrArm { errors: #errors, var: #var, body: #body }));
                }
                None => {}
            }
        }
        let (Some((span, path)), Some(value), Some((ok_var, ok_body))) = (path, value, ok) else {
            return GenStmt::plain(
                quote!(#ir::StmtKind::Eval(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))),
            );
        };
        let names_of =
            quote_spanned!(span=> ::asl::__private::task_error_names::<#path::Returns>());
        GenStmt {
            kind: quote! {{
                let #names: ::std::vec::Vec<(&'static str, &'static str)> = #names_of;
                #ir::StmtKind::Try {
                    var: #ok_var,
                    value: #value,
                    ok: #ok_body,
                    catchers: ::asl::__private::try_catchers(::std::vec![#(#catchers),*]),
                }
            }},
            name: None,
            diverges: all_diverge,
            breaks: any_breaks,
        }
    }

    fn bind_new(&mut self, ident: &syn::Ident, shape: Option<TokenStream>) -> usize {
        let name = ident.to_string();
        let var = self.new_var(&name, shape);
        self.bind(&name, var);
        var
    }

    /// An arm body, in the arm's scope, into `sink` (as `match` arms are).
    fn arm_body(&mut self, body: &Expr, sink: Sink, out: &mut Vec<GenStmt>) {
        match body {
            Expr::Block(b) if b.label.is_none() && expr_attrs(body).is_empty() => {
                self.stmts(&b.block.stmts, sink, out)
            }
            other => self.expr_stmt(other, sink, out),
        }
    }

    /// One arm's pattern: `Ok(v)`, `Ok(_)`, `Err(…)`, or `_` (the other errors).
    fn try_arm(&mut self, pat: &Pat) -> Option<TryArm> {
        if let Pat::Wild(_) = pat {
            return Some(TryArm::Err(Caught::Rest { binding: None }));
        }
        let Some((which, inner)) = result_pattern(pat) else {
            self.errors.spanned(
                pat,
                "the arms of a `match` on a task call are `Ok(v) =>` (the result) and `Err(…) =>` \
                 (`Err(E::Declined)`, `Err(E::A | E::B)`, `Err(E::Other(info))`, `Err(e)`, `Err(_)`)",
            );
            self.bind_unknown(pat);
            return None;
        };
        let Some(inner) = inner else {
            self.errors
                .spanned(pat, format!("`{which}` takes one pattern: `{which}(…)`"));
            return None;
        };
        if which == "Ok" {
            return match inner {
                Pat::Wild(_) | Pat::Rest(_) => Some(TryArm::Ok(None)),
                Pat::Ident(p)
                    if p.subpat.is_none() && p.by_ref.is_none() && !is_variant_like(&p.ident) =>
                {
                    Some(TryArm::Ok(Some(p.ident.clone())))
                }
                other => {
                    self.errors.spanned(
                        other,
                        "bind the task's result to a name (`Ok(v) =>`) and match on `v` in the arm",
                    );
                    self.bind_unknown(other);
                    None
                }
            };
        }
        self.caught(inner).map(TryArm::Err)
    }

    /// The pattern inside `Err(…)`.
    fn caught(&mut self, pat: &Pat) -> Option<Caught> {
        match pat {
            Pat::Paren(p) => self.caught(&p.pat),
            Pat::Wild(_) => Some(Caught::Rest { binding: None }),
            Pat::Ident(p)
                if p.subpat.is_none() && p.by_ref.is_none() && !is_variant_like(&p.ident) =>
            {
                Some(Caught::Rest {
                    binding: Some(p.ident.clone()),
                })
            }
            Pat::Or(or) => {
                let mut variants = Vec::new();
                for case in &or.cases {
                    let mut info = None;
                    let name = self.caught_variant(case, &mut info)?;
                    if let Some(info) = info {
                        self.errors.spanned(
                            &info,
                            "bindings inside `Err(A | B)` are not supported: catch the variants apart \
                             (`Err(E::A(info)) => …`) or bind the whole error (`Err(e) =>`)",
                        );
                    }
                    variants.push(name);
                }
                Some(Caught::Variants {
                    variants,
                    info: None,
                })
            }
            other => {
                let mut info = None;
                let name = self.caught_variant(other, &mut info)?;
                Some(Caught::Variants {
                    variants: vec![name],
                    info,
                })
            }
        }
    }

    /// `E::X`, `E::Y(info)`, `E::Y(_)`, `E::Y { .. }`: the variant's Rust name.
    fn caught_variant(&mut self, pat: &Pat, info: &mut Option<syn::Ident>) -> Option<String> {
        let unsupported =
            "catch a variant of the task's error type: `Err(E::Declined)`, `Err(E::Other(info))`, \
                           `Err(E::A | E::B)`, or every other error with `Err(e)` / `Err(_)`";
        let last_name =
            |path: &syn::Path| path.segments.last().map(|s| s.ident.unraw().to_string());
        match pat {
            Pat::Path(p) if p.qself.is_none() => last_name(&p.path),
            Pat::Ident(p) if p.subpat.is_none() && is_variant_like(&p.ident) => {
                Some(p.ident.unraw().to_string())
            }
            Pat::Struct(p) if p.qself.is_none() && p.fields.is_empty() => last_name(&p.path),
            Pat::TupleStruct(p) if p.qself.is_none() => {
                let elems: Vec<&Pat> = p.elems.iter().collect();
                match elems.as_slice() {
                    [] | [Pat::Wild(_)] | [Pat::Rest(_)] => {}
                    [Pat::Ident(binding)]
                        if binding.subpat.is_none() && !is_variant_like(&binding.ident) =>
                    {
                        *info = Some(binding.ident.clone());
                    }
                    _ => {
                        self.errors.spanned(
                            &p.elems,
                            "bind the caught error's name and cause to one name: `Err(E::Other(info)) =>`",
                        );
                        self.bind_unknown(pat);
                        return None;
                    }
                }
                last_name(&p.path)
            }
            other => {
                self.errors.spanned(other, unsupported);
                self.bind_unknown(other);
                None
            }
        }
    }
}

/// Whether an `if let` pattern is `Ok(…)` / `Err(…)`.
pub(crate) fn is_result_pattern(pat: &Pat) -> bool {
    result_pattern(pat).is_some()
}
