//! The error collector: every mistake found in one macro input is reported, not just the first.
//!
//! Like serde_derive's `Ctxt`: code pushes errors and keeps going; at the end the collector
//! is consumed by [`Errors::check`] (or [`Errors::into_compile_errors`]), which combines
//! them into one `syn::Error` whose `to_compile_error()` emits one `compile_error!` per
//! mistake, each spanned on the user's token. A collector dropped without being consumed
//! panics: an error pushed into it would otherwise vanish and the macro would accept the input.

use std::fmt::Display;

use proc_macro2::TokenStream;
use quote::ToTokens;

pub(crate) struct Errors {
    /// `None` once consumed, so that `Drop` knows the errors were looked at.
    errors: Option<Vec<syn::Error>>,
}

impl Errors {
    pub(crate) fn new() -> Errors {
        Errors {
            errors: Some(Vec::new()),
        }
    }

    fn list(&mut self) -> &mut Vec<syn::Error> {
        self.errors
            .as_mut()
            .expect("the error collector is used after it was checked")
    }

    /// Records an error spanned on `tokens` (the whole range they cover).
    pub(crate) fn spanned(&mut self, tokens: impl ToTokens, message: impl Display) {
        self.list().push(syn::Error::new_spanned(tokens, message));
    }

    /// Records an error at one span.
    pub(crate) fn at(&mut self, span: proc_macro2::Span, message: impl Display) {
        self.list().push(syn::Error::new(span, message));
    }

    pub(crate) fn push(&mut self, error: syn::Error) {
        self.list().push(error);
    }

    pub(crate) fn len(&self) -> usize {
        self.errors.as_ref().map_or(0, Vec::len)
    }

    /// Consumes the collector: `Err` holds every recorded error, combined into one.
    pub(crate) fn check(mut self) -> Result<(), syn::Error> {
        let errors = self.errors.take().unwrap_or_default();
        let mut combined: Option<syn::Error> = None;
        for error in errors {
            match &mut combined {
                Some(all) => all.combine(error),
                None => combined = Some(error),
            }
        }
        combined.map_or(Ok(()), Err)
    }

    /// Consumes the collector: the `compile_error!` invocations for every recorded error
    /// (empty when there are none).
    pub(crate) fn into_compile_errors(self) -> TokenStream {
        self.check()
            .err()
            .map(|e| e.to_compile_error())
            .unwrap_or_default()
    }

    /// Consumes a collector of a second reading of input whose first reading reported the
    /// same mistakes (its errors would be duplicates).
    pub(crate) fn reported_by_first_reading(mut self) {
        self.errors = None;
    }
}

impl Drop for Errors {
    fn drop(&mut self) {
        // Panicking while unwinding would abort and hide the first panic's message.
        if self.errors.is_some() && !std::thread::panicking() {
            panic!("forgot to check for errors");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Errors;
    use proc_macro2::Span;

    #[test]
    #[should_panic(expected = "forgot to check for errors")]
    fn dropping_an_unchecked_collector_panics() {
        let mut errors = Errors::new();
        errors.at(Span::call_site(), "a mistake");
        drop(errors);
    }

    #[test]
    #[should_panic(expected = "forgot to check for errors")]
    fn dropping_an_empty_unchecked_collector_panics() {
        drop(Errors::new());
    }

    #[test]
    fn check_combines_every_recorded_error() {
        let mut errors = Errors::new();
        errors.at(Span::call_site(), "first");
        errors.spanned(quote::quote!(x), "second");
        assert_eq!(errors.len(), 2);
        let combined = errors.check().unwrap_err();
        let messages: Vec<String> = combined.into_iter().map(|e| e.to_string()).collect();
        assert_eq!(messages, ["first", "second"]);
    }

    #[test]
    fn check_of_no_errors_is_ok_and_a_consumed_collector_drops_quietly() {
        assert!(Errors::new().check().is_ok());
        assert!(Errors::new().into_compile_errors().is_empty());
        let mut duplicates = Errors::new();
        duplicates.at(Span::call_site(), "reported by the first reading");
        duplicates.reported_by_first_reading();
    }
}
