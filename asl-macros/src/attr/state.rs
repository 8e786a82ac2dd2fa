//! `#[state(name = "…", timeout = …, heartbeat = …)]` (and `#[retry(…)]`) on a statement or
//! a match arm of a workflow body: read for the IR, stripped from the native fn (a call's
//! timeout and retries are set for its native run first).

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

/// The `name` of a `#[state(name = "…")]` among `attrs`, reporting malformed ones (also
/// those of `timeout` / `heartbeat`, which [`state_timing`] reads).
pub(crate) fn state_name(attrs: &[Attribute], errors: &mut Errors) -> Option<String> {
    state_options(attrs, errors).name
}

/// The `timeout` / `heartbeat` of a `#[state(…)]` among `attrs` (seconds), for the task
/// call of the statement; mistakes are reported by [`state_name`].
pub(crate) fn state_timing(attrs: &[Attribute]) -> Option<(Option<u64>, Option<u64>)> {
    let mut duplicates = Errors::new();
    let options = state_options(attrs, &mut duplicates);
    duplicates.reported_by_first_reading();
    (options.timeout.is_some() || options.heartbeat.is_some())
        .then_some((options.timeout, options.heartbeat))
}

/// The `#[state(…)]` among `attrs` that gives a timeout or heartbeat.
pub(crate) fn timing_attr(attrs: &[Attribute]) -> Option<&Attribute> {
    attrs
        .iter()
        .filter(|a| is_state_attr(a))
        .find(|a| state_timing(std::slice::from_ref(*a)).is_some())
}

#[derive(Default)]
struct StateOptions {
    name: Option<String>,
    timeout: Option<u64>,
    heartbeat: Option<u64>,
}

/// A `timeout` / `heartbeat` value: whole seconds, at least 1.
fn positive_seconds(value: &Expr, errors: &mut Errors, what: &str) -> Option<u64> {
    let seconds = crate::attr::options::seconds(value, errors, what)?;
    if seconds == 0 {
        errors.spanned(
            value,
            format!("a {what} is at least 1 second: `{what} = 0` would end the task at once"),
        );
        return None;
    }
    Some(seconds)
}

fn state_options(attrs: &[Attribute], errors: &mut Errors) -> StateOptions {
    let mut options = StateOptions::default();
    for attr in attrs.iter().filter(|a| is_state_attr(a)) {
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                let lit: LitStr = meta.value()?.parse()?;
                if lit.value().is_empty() {
                    return Err(syn::Error::new(lit.span(), "a state name cannot be empty"));
                }
                options.name = Some(lit.value());
                Ok(())
            } else if meta.path.is_ident("timeout") || meta.path.is_ident("heartbeat") {
                let value: Expr = meta.value()?.parse()?;
                if meta.path.is_ident("timeout") {
                    options.timeout = positive_seconds(&value, errors, "timeout");
                } else {
                    options.heartbeat = positive_seconds(&value, errors, "heartbeat");
                }
                Ok(())
            } else {
                Err(meta.error(
                    "#[state] takes `name = \"StateName\"`, and on a task call `timeout = 300` / \
                     `heartbeat = 60` (seconds): `#[state(name = \"Wait For Approval\", timeout = 3600)]`",
                ))
            }
        });
        if let Err(e) = parsed {
            errors.push(e);
        }
        if let (Some(timeout), Some(heartbeat)) = (options.timeout, options.heartbeat) {
            if heartbeat >= timeout {
                errors.spanned(
                    attr,
                    format!(
                        "the heartbeat ({heartbeat} s) must be shorter than the timeout ({timeout} s): \
                         Step Functions requires HeartbeatSeconds < TimeoutSeconds"
                    ),
                );
                options.heartbeat = None;
            }
        }
    }
    options
}

/// What a statement's (or an arm's) `#[retry(…)]` and `#[state(timeout = …)]` run natively
/// before its task call: `retry_next_call(policies)` and `time_next_call(timeout, heartbeat)`.
fn native_call_settings(attrs: &[Attribute]) -> Vec<syn::Stmt> {
    let mut stmts = Vec::new();
    let policies: Vec<proc_macro2::TokenStream> = attrs
        .iter()
        .filter(|a| crate::attr::retry::is_retry_attr(a))
        .filter_map(crate::attr::retry::native_retry_policy)
        .collect();
    if !policies.is_empty() {
        stmts.push(
            syn::parse_quote!(::asl::__private::retry_next_call(::std::vec![#(#policies),*]);),
        );
    }
    if let Some((timeout, heartbeat)) = state_timing(attrs) {
        let seconds = |s: Option<u64>| match s {
            Some(s) => quote::quote!(::std::option::Option::Some(#s)),
            None => quote::quote!(::std::option::Option::None),
        };
        let (timeout, heartbeat) = (seconds(timeout), seconds(heartbeat));
        stmts.push(syn::parse_quote!(::asl::__private::time_next_call(#timeout, #heartbeat);));
    }
    stmts
}

/// The call a `#[retry]` statement retries (`f(x)`, `f(x)?`, `match f(x) { … }`,
/// `if let … = f(x)`), as the lowering finds it.
fn retried_call(expr: &mut Expr) -> Option<&mut syn::ExprCall> {
    match expr {
        Expr::Paren(e) => retried_call(&mut e.expr),
        Expr::Group(e) => retried_call(&mut e.expr),
        Expr::Try(e) => retried_call(&mut e.expr),
        Expr::Match(m) => retried_call(&mut m.expr),
        Expr::If(e) => match &mut *e.cond {
            Expr::Let(lets) => retried_call(&mut lets.expr),
            _ => None,
        },
        Expr::Call(call) => Some(call),
        _ => None,
    }
}

/// The argument of the call a `#[retry]` statement retries goes through
/// `<f::Retried as RetriedInput<_>>::pass`: a workflow's must be `Clone` (each attempt runs
/// the child on a copy), a task's is passed as it is.
fn check_retried_input(expr: Option<&mut Expr>) {
    let Some(call) = expr.and_then(retried_call) else {
        return;
    };
    let Some(module) = crate::workflow::called_module(call) else {
        return;
    };
    if call.args.len() != 1 {
        return;
    }
    for arg in call.args.iter_mut() {
        let span = syn::spanned::Spanned::span(&*arg);
        *arg = syn::parse_quote_spanned! {span=>
            <#module::Retried as ::asl::__private::RetriedInput<_>>::pass(#arg)
        };
    }
}

struct StripStateAttrs;

impl VisitMut for StripStateAttrs {
    /// A statement with `#[retry(…)]` at a call runs natively after
    /// `retry_next_call(policies)`, so its task call retries as the Retry says.
    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let mut stmts = Vec::with_capacity(block.stmts.len());
        for mut stmt in block.stmts.drain(..) {
            let attrs: &[Attribute] = match &stmt {
                syn::Stmt::Local(local) => &local.attrs,
                syn::Stmt::Expr(expr, _) => statement_attrs(expr),
                syn::Stmt::Macro(mac) => &mac.attrs,
                syn::Stmt::Item(_) => &[],
            };
            stmts.extend(native_call_settings(attrs));
            if attrs.iter().any(crate::attr::retry::is_retry_attr) {
                match &mut stmt {
                    syn::Stmt::Local(local) => {
                        check_retried_input(local.init.as_mut().map(|init| &mut *init.expr))
                    }
                    syn::Stmt::Expr(expr, _) => check_retried_input(Some(expr)),
                    _ => {}
                }
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

    /// An arm's `#[retry]` / timeout (or its body's own) are set before the arm's task call:
    /// the body becomes a block whose statements the block visitor reads.
    fn visit_arm_mut(&mut self, arm: &mut syn::Arm) {
        let settings = native_call_settings(&arm.attrs);
        if arm.attrs.iter().any(crate::attr::retry::is_retry_attr) {
            check_retried_input(Some(&mut arm.body));
        }
        arm.attrs.retain(|a| !is_statement_attr(a));
        if !settings.is_empty() || !native_call_settings(statement_attrs(&arm.body)).is_empty() {
            let body = &arm.body;
            let wrapped: Expr = syn::parse_quote!({ #(#settings)* #body });
            *arm.body = wrapped;
        }
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
