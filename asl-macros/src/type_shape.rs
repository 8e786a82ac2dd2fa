//! The `<T as Payload>::shape()` expression of a user's type, as `#[derive(Payload)]`,
//! `#[task]` and `#[workflow]` all describe types.

use proc_macro2::TokenStream;
use quote::quote_spanned;
use syn::spanned::Spanned;

/// `<T as Payload>::shape()`, spanned on the user's type so a missing derive points at it.
pub(crate) fn type_shape(ty: &syn::Type) -> TokenStream {
    quote_spanned!(ty.span()=> <#ty as ::asl::Payload>::shape())
}
