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
        Array, Assign, Async, Await, Binary, Block, Break, Call, Cast, Closure, Const, Continue,
        Field, ForLoop, Group, If, Index, Infer, Let, Lit, Loop, Macro, Match, MethodCall, Paren,
        Path, Range, RawAddr, Reference, Repeat, Return, Struct, Try, TryBlock, Tuple, Unary,
        Unsafe, While, Yield
    )
}

/// The attributes written before a statement: Rust attaches `#[a] x.f = e;` to the
/// leftmost operand (`x`), not to the assignment.
pub(crate) fn statement_attrs(expr: &Expr) -> &[Attribute] {
    let own = expr_attrs(expr);
    if !own.is_empty() {
        return own;
    }
    match expr {
        Expr::Assign(e) => statement_attrs(&e.left),
        Expr::Binary(e) => statement_attrs(&e.left),
        Expr::Field(e) => statement_attrs(&e.base),
        Expr::Index(e) => statement_attrs(&e.expr),
        Expr::MethodCall(e) => statement_attrs(&e.receiver),
        Expr::Try(e) => statement_attrs(&e.expr),
        _ => own,
    }
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
        Array, Assign, Async, Await, Binary, Block, Break, Call, Cast, Closure, Const, Continue,
        Field, ForLoop, Group, If, Index, Infer, Let, Lit, Loop, Macro, Match, MethodCall, Paren,
        Path, Range, RawAddr, Reference, Repeat, Return, Struct, Try, TryBlock, Tuple, Unary,
        Unsafe, While, Yield
    )
}

fn is_state_attr(attr: &Attribute) -> bool {
    attr.path().is_ident("state")
}

/// The attributes of a workflow statement that only the IR reads: `#[state]` and `#[retry]`.
fn is_statement_attr(attr: &Attribute) -> bool {
    is_state_attr(attr) || crate::attr::retry::is_retry_attr(attr)
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
    /// A statement with `#[retry(…)]` at a call runs natively after
    /// `retry_next_call(policies)`, so its task call retries as the Retry says.
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let mut stmts = Vec::with_capacity(block.stmts.len());
        for stmt in block.stmts.drain(..) {
            let attrs: &[Attribute] = match &stmt {
                syn::Stmt::Local(local) => &local.attrs,
                syn::Stmt::Expr(expr, _) => statement_attrs(expr),
                syn::Stmt::Macro(mac) => &mac.attrs,
                syn::Stmt::Item(_) => &[],
            };
            let policies: Vec<proc_macro2::TokenStream> = attrs
                .iter()
                .filter(|a| crate::attr::retry::is_retry_attr(a))
                .filter_map(crate::attr::retry::native_retry_policy)
                .collect();
            if !policies.is_empty() {
                stmts.push(syn::parse_quote!(::asl::__private::retry_next_call(::std::vec![#(#policies),*]);));
            }
            stmts.push(stmt);
        }
        block.stmts = stmts;
        syn::visit_mut::visit_block_mut(self, block);
    }

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

    /// The branches of `parallel!(…)` and the value of `pass!(…)` are statements of the
    /// workflow too: their attributes go as well.
    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        if !mac
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "parallel" || s.ident == "pass")
        {
            return;
        }
        let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        if let Ok(mut args) = mac.parse_body_with(parser) {
            for arg in args.iter_mut() {
                self.visit_expr_mut(arg);
            }
            mac.tokens = quote::ToTokens::to_token_stream(&args);
        }
    }
}

/// Removes every `#[state(…)]` and `#[retry(…)]` from a fn body, so the native fn compiles on stable Rust.
pub(crate) fn strip_state_attrs(block: &mut syn::Block) {
    StripStateAttrs.visit_block_mut(block);
}
