//! `#[retry(…)]` and `#[state(timeout = …, heartbeat = …)]` on a task call statement of a
//! workflow body (`let r = task(x);`, `task(x);`, `match task(x) { … }`) or on a match arm
//! that is one task call (`P => task(x)`): that call's retry policies, timeout and heartbeat,
//! replacing the task's declared ones (a `#[task]` or an `asl::aws` integration alike).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Expr};

use crate::attr::retry::{is_retry_attr, retry_policy};
use crate::attr::state::{state_timing, timing_attr};
use crate::workflow::body::BodyLowering;
use crate::workflow::call::CallKind;
use crate::workflow::value::peel;

impl BodyLowering<'_> {
    /// Reads the `#[retry(…)]`s of a statement: `value` must be a task call (or `?` on one, or
    /// a `match` on one), which then takes these policies.
    pub(crate) fn call_retry(&mut self, attrs: &[Attribute], value: Option<&Expr>) {
        self.call_timing(attrs, value);
        let retries: Vec<&Attribute> = attrs.iter().filter(|a| is_retry_attr(a)).collect();
        if retries.is_empty() {
            return;
        }
        let target = value.is_some_and(|value| self.retry_target(value));
        if !target {
            for attr in &retries {
                self.errors.spanned(
                    attr,
                    "#[retry] goes on a task call: `#[retry(errors = [\"States.Timeout\"], max_attempts = 3)] \
                     let r = task(x);` (or on `task(x);`, `task(x)?` or `match task(x) { … }`)",
                );
            }
            return;
        }
        let policies: Vec<TokenStream> = retries
            .iter()
            .filter_map(|attr| retry_policy(attr, self.errors))
            .collect();
        self.typed_errors.call_retry = Some(policies);
    }

    /// Reads the timeout and heartbeat of a statement's `#[state(…)]`: `value` must be a task
    /// call (as for `#[retry]`).
    fn call_timing(&mut self, attrs: &[Attribute], value: Option<&Expr>) {
        let Some(attr) = timing_attr(attrs) else {
            return;
        };
        if !value.is_some_and(|value| self.retry_target(value)) {
            self.errors.spanned(
                attr,
                "a timeout or heartbeat goes on a task call: `#[state(timeout = 300, heartbeat = 60)] \
                 let r = task(x);` (or on `task(x);`, `task(x)?` or `match task(x) { … }`)",
            );
            return;
        }
        // The statement's task call takes it (`with_call_retry`): `retry_target` says it has one.
        self.typed_errors.call_timing = state_timing(attrs);
    }

    /// Reads the `#[retry(…)]`s and timeout of a match arm's attributes: the arm's body must
    /// be one task call (`#[state(timeout = 30)] P => task(x)`), which then takes them.
    pub(crate) fn arm_call_retry(&mut self, attrs: &[Attribute], body: &Expr) {
        let settings: Vec<&Attribute> = attrs
            .iter()
            .filter(|a| is_retry_attr(a) || timing_attr(std::slice::from_ref(*a)).is_some())
            .collect();
        if settings.is_empty() {
            return;
        }
        if !self.retry_target(body) {
            for attr in settings {
                self.errors.spanned(
                    attr,
                    "a timeout, heartbeat or #[retry] on a match arm goes on an arm that is one task call: \
                     `#[state(timeout = 300)] P => task(x),` (in an arm's block, put it on the call's \
                     statement: `P => { #[state(timeout = 300)] let r = task(x); … }`)",
                );
            }
            return;
        }
        self.call_retry(attrs, Some(body));
    }

    fn retry_target(&self, value: &Expr) -> bool {
        match peel(value) {
            Expr::Call(call) => matches!(self.classify_call(call), CallKind::Task(_)),
            Expr::Try(e) => self.retry_target(&e.expr),
            Expr::Match(m) => self.caught_call(&m.expr).is_some(),
            Expr::If(e) => {
                matches!(&*e.cond, Expr::Let(lets) if self.caught_call(&lets.expr).is_some())
            }
            _ => false,
        }
    }

    /// The task spec of a call (a `TaskSpec` expression) with the statement's `#[retry]`s,
    /// timeout and heartbeat, if any.
    pub(crate) fn with_call_retry(&mut self, spec: TokenStream) -> TokenStream {
        let retry = self
            .typed_errors
            .call_retry
            .take()
            .map(|policies| quote!(spec.retry = ::std::vec![#(#policies),*];));
        let timing = self
            .typed_errors
            .call_timing
            .take()
            .map(|(timeout, heartbeat)| {
                let timeout = timeout.map(|t| {
                    quote! {
                        spec.timeout_seconds = ::std::option::Option::Some(#t);
                        spec.timeout_field = ::std::option::Option::None;
                    }
                });
                let heartbeat = heartbeat.map(|h| {
                    quote! {
                        spec.heartbeat_seconds = ::std::option::Option::Some(#h);
                        spec.heartbeat_field = ::std::option::Option::None;
                    }
                });
                quote!(#timeout #heartbeat)
            });
        if retry.is_none() && timing.is_none() {
            return spec;
        }
        quote! {{
            let mut spec: ::asl::__private::ir::TaskSpec = #spec;
            #retry
            #timing
            spec
        }}
    }
}
