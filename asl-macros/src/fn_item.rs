//! A fn item with or without a body (`fn f(x: In) -> Out;`), as `#[task]` and `#[workflow]` receive it.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Block, FnArg, Signature, Token, Visibility};

use crate::errors::Errors;

pub(crate) struct FnItem {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    pub(crate) body: Option<Block>,
    pub(crate) semi: Option<Token![;]>,
}

impl Parse for FnItem {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let sig: Signature = input.parse()?;
        let (body, semi) = if input.peek(Token![;]) {
            (None, Some(input.parse()?))
        } else {
            (Some(input.parse()?), None)
        };
        Ok(FnItem {
            attrs,
            vis,
            sig,
            body,
            semi,
        })
    }
}

impl ToTokens for FnItem {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        for attr in &self.attrs {
            attr.to_tokens(tokens);
        }
        self.vis.to_tokens(tokens);
        self.sig.to_tokens(tokens);
        match &self.body {
            Some(body) => body.to_tokens(tokens),
            None => self.semi.unwrap_or_default().to_tokens(tokens),
        }
    }
}

/// The one payload parameter of a task or workflow fn.
pub(crate) struct PayloadParam<'a> {
    pub(crate) pat: &'a syn::Pat,
    pub(crate) ty: &'a syn::Type,
}

/// Checks what a `#[task]` and a `#[workflow]` fn have in common: a plain fn with at most one
/// parameter and no generics. `what` is `#[task]` or `#[workflow]`.
pub(crate) fn check_signature<'a>(
    sig: &'a Signature,
    what: &str,
    errors: &mut Errors,
) -> Option<PayloadParam<'a>> {
    if let Some(asyncness) = &sig.asyncness {
        errors.spanned(
            asyncness,
            format!("a {what} fn cannot be `async`: Step Functions waits for each state, so write a plain `fn`"),
        );
    }
    if let Some(unsafety) = &sig.unsafety {
        errors.spanned(unsafety, format!("a {what} fn cannot be `unsafe`"));
    }
    if let Some(constness) = &sig.constness {
        errors.spanned(constness, format!("a {what} fn cannot be `const`"));
    }
    if let Some(abi) = &sig.abi {
        errors.spanned(abi, format!("a {what} fn cannot have an `extern` ABI"));
    }
    if let Some(variadic) = &sig.variadic {
        errors.spanned(variadic, format!("a {what} fn cannot be variadic"));
    }
    if !sig.generics.params.is_empty() || sig.generics.where_clause.is_some() {
        let tokens = if sig.generics.params.is_empty() {
            sig.generics.where_clause.to_token_stream()
        } else {
            sig.generics.to_token_stream()
        };
        errors.spanned(
            tokens,
            format!(
                "a {what} fn cannot be generic: its input and output types become the state machine's JSON, \
                 so they must be concrete; write one fn per concrete type"
            ),
        );
    }
    let mut params = sig.inputs.iter();
    let first = params.next();
    for extra in params {
        errors.spanned(
            extra,
            format!(
                "a {what} fn takes at most one parameter: its input is one JSON payload; \
                 put the values in one struct with `#[derive(Payload)]` and take that"
            ),
        );
    }
    match first {
        None => None,
        Some(FnArg::Receiver(receiver)) => {
            errors.spanned(
                receiver,
                format!("a {what} fn cannot take `self`: write a free fn"),
            );
            None
        }
        Some(FnArg::Typed(typed)) => Some(PayloadParam {
            pat: &typed.pat,
            ty: &typed.ty,
        }),
    }
}

/// The fn's output type, `()` when it has none.
pub(crate) fn output_type(sig: &Signature) -> syn::Type {
    match &sig.output {
        syn::ReturnType::Default => syn::parse_quote!(()),
        syn::ReturnType::Type(_, ty) => (**ty).clone(),
    }
}

/// The tokens that name an item (`pub struct Checkout`), after its attributes: where an error
/// about the item as a whole points.
pub(crate) fn item_head(item: &TokenStream) -> TokenStream {
    use proc_macro2::TokenTree;
    let mut head = TokenStream::new();
    let mut tokens = item.clone().into_iter().peekable();
    while let Some(token) = tokens.next() {
        match &token {
            // An outer attribute: `#` and its `[…]`.
            TokenTree::Punct(p) if p.as_char() == '#' && head.is_empty() => {
                tokens.next();
            }
            TokenTree::Group(_) => break,
            TokenTree::Punct(p) if matches!(p.as_char(), ';' | '=' | ':' | '<') => break,
            _ => head.extend([token]),
        }
    }
    head
}
