//! The error collector: every mistake found in one macro input is reported, not just the first.
//!
//! Like serde_derive's `Ctxt`: code pushes errors and keeps going; at the end they are
//! combined into one `syn::Error` whose `to_compile_error()` emits one `compile_error!`
//! per mistake, each spanned on the user's token.

use std::fmt::Display;

use proc_macro2::TokenStream;
use quote::ToTokens;

#[derive(Default)]
pub(crate) struct Errors {
    errors: Vec<syn::Error>,
}

impl Errors {
    pub(crate) fn new() -> Errors {
        Errors::default()
    }

    /// Records an error spanned on `tokens` (the whole range they cover).
    pub(crate) fn spanned(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.errors.push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error at one span.
    pub(crate) fn at(&mut self, span: proc_macro2::Span, message: impl Display) {
        self.errors.push(syn::Error::new(span, message));
    }

    pub(crate) fn push(&mut self, error: syn::Error) {
        self.errors.push(error);
    }

    pub(crate) fn len(&self) -> usize {
        self.errors.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The `compile_error!` invocations for every recorded error (empty when there are none).
    pub(crate) fn to_compile_errors(&self) -> TokenStream {
        let mut combined: Option<syn::Error> = None;
        for error in &self.errors {
            match &mut combined {
                Some(all) => all.combine(error.clone()),
                None => combined = Some(error.clone()),
            }
        }
        combined.map(|e| e.to_compile_error()).unwrap_or_default()
    }
}
