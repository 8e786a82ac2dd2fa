//! `#[retry(…)]` on a task call statement of a workflow body (`let r = task(x);`, `task(x);`):
//! that call's retry policies, replacing the task's declared ones.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Attribute, Expr};

use crate::attr::retry::{is_retry_attr, retry_policy};
use crate::workflow::body::BodyLowering;
use crate::workflow::call::CallKind;
use crate::workflow::value::peel;

impl BodyLowering<'_> {
    /// Reads the `#[retry(…)]`s of a statement: `value` must be a task call (or `?` on one, or
    /// a `match` on one), which then takes these policies.
    pub(crate) fn call_retry(&mut self, attrs: &[Attribute], value: Option<&Expr>) {
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

    /// The task spec of a call (a `TaskSpec` expression) with the statement's `#[retry]`s, if any.
    pub(crate) fn with_call_retry(&mut self, spec: TokenStream) -> TokenStream {
        match self.typed_errors.call_retry.take() {
            None => spec,
            Some(policies) => quote! {{
                let mut spec: ::asl::__private::ir::TaskSpec = #spec;
                spec.retry = ::std::vec![#(#policies),*];
                spec
            }},
        }
    }
}
