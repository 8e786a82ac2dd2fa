//! The native fn of a workflow: its body, kept as written in an inner fn of the same signature
//! (so rustc reports its errors as in the user's fn), runs through
//! `asl::__private::workflow_execution`, which makes a call from another workflow a child
//! execution (its failure is the caller's `States.TaskFailed`, as in Step Functions).

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{FnArg, Pat};

/// `fn f(mut x: T) -> O { body }` → `fn f(x: T) -> O { fn body_fn(mut x: T) -> O { body }
/// workflow_execution(arn, (x,), clone_fn, |(x,)| body_fn(x)) }`. A signature the macro
/// rejects (already reported) keeps the fn as it is.
pub(crate) fn wrap_body(native: syn::ItemFn, arn: &str) -> TokenStream {
    let mut outer = native.sig.clone();
    let mut args = Vec::new();
    for input in outer.inputs.iter_mut() {
        let FnArg::Typed(typed) = input else {
            return quote!(#native);
        };
        let Pat::Ident(ident) = &mut *typed.pat else {
            return quote!(#native);
        };
        if ident.by_ref.is_some() || ident.subpat.is_some() {
            return quote!(#native);
        }
        // The inner fn's pattern keeps the `mut`; the outer one only passes the value on.
        ident.mutability = None;
        args.push(ident.ident.clone());
    }
    let mut inner = native.sig.clone();
    inner.ident = format_ident!("__asl_workflow_body", span = native.sig.ident.span());
    let inner_ident = &inner.ident;
    let block = &native.block;
    let attrs = &native.attrs;
    let vis = &native.vis;
    // The arguments as one input, with its clone fn when it is `Clone` (a `#[retry]` at a
    // call of this workflow runs it again on a clone); only the chosen fn needs the bound.
    let call = quote_spanned! {native.sig.span()=>
        let __asl_input = (#(#args,)*);
        let __asl_clone = {
            #[allow(unused_imports)]
            use ::asl::__private::{ClonedInput as _, UnclonedInput as _};
            (&::asl::__private::InputCloner::of(&__asl_input)).cloner()
        };
        ::asl::__private::workflow_execution(
            #arn,
            __asl_input,
            __asl_clone,
            |(#(#args,)*)| #inner_ident(#(#args),*),
        )
    };
    quote! {
        #(#attrs)*
        #vis #outer {
            #inner #block
            #call
        }
    }
}
