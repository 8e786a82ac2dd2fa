//! `#[derive(TaskError)]`: an enum of the ASL errors a task fails with, written and read as
//! the error object `{"Error": name, "Cause": cause}`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields};

use crate::errors::Errors;

const SHAPE_HELP: &str =
    "write a unit variant (`Declined`) or one carrying the caught error (`Declined(ErrorInfo)`)";

/// One variant as the derive understands it.
struct ErrorVariant {
    ident: syn::Ident,
    /// The ASL error name (`States.ALL` for the catch-all).
    asl: String,
    /// `Variant(ErrorInfo)`: the caught error's name and cause are kept.
    carries_info: bool,
    catch_all: bool,
}

/// What one `#[error(…)]` says.
#[derive(Default)]
struct VariantAttrs {
    name: Option<syn::LitStr>,
    all: Option<proc_macro2::Span>,
}

pub(crate) fn derive(input: DeriveInput) -> TokenStream {
    let mut errors = Errors::new();
    for attr in input.attrs.iter().filter(|a| a.path().is_ident("error")) {
        errors.spanned(
            attr,
            "#[error(…)] goes on a variant of the enum, not on the enum itself",
        );
    }
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        errors.spanned(
            &input.generics,
            "a task error enum cannot be generic: its variants are fixed ASL error names",
        );
    }
    let data = match &input.data {
        Data::Enum(data) => data,
        Data::Struct(data) => {
            errors.spanned(
                data.struct_token,
                "#[derive(TaskError)] goes on an enum whose variants are the errors: \
                 `enum PaymentError { Declined, #[error(all)] Other(ErrorInfo) }`",
            );
            return errors.into_compile_errors();
        }
        Data::Union(data) => {
            errors.spanned(
                data.union_token,
                "#[derive(TaskError)] goes on an enum whose variants are the errors: \
                 `enum PaymentError { Declined, #[error(all)] Other(ErrorInfo) }`",
            );
            return errors.into_compile_errors();
        }
    };
    if data.variants.is_empty() {
        errors.spanned(
            &input.ident,
            "a task error enum needs at least one variant: `enum PaymentError { Declined }`",
        );
    }

    let mut variants: Vec<ErrorVariant> = Vec::new();
    // A catch-all that is not last; with two catch-alls, only "one catch-all" is reported.
    let mut not_last: Option<proc_macro2::Span> = None;
    let count = data.variants.len();
    for (index, variant) in data.variants.iter().enumerate() {
        let attrs = variant_attrs(variant, &mut errors);
        let carries_info = match &variant.fields {
            Fields::Unit => false,
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                let field = &fields.unnamed[0];
                if !is_error_info(&field.ty) {
                    errors.spanned(
                        &field.ty,
                        format!("a task error variant carries nothing or `ErrorInfo` (the caught error's name and cause): {SHAPE_HELP}"),
                    );
                }
                true
            }
            Fields::Unnamed(fields) => {
                errors.spanned(
                    fields,
                    format!("a task error variant carries at most one value: {SHAPE_HELP}"),
                );
                false
            }
            Fields::Named(fields) => {
                errors.spanned(
                    fields,
                    format!("struct variants are not supported in a task error enum: {SHAPE_HELP}"),
                );
                false
            }
        };
        if let Some((_, discriminant)) = &variant.discriminant {
            errors.spanned(
                discriminant,
                "a task error variant has no discriminant: its ASL name is `#[error(name = \"…\")]`",
            );
        }
        let catch_all = attrs.all.is_some();
        if let Some(span) = attrs.all {
            if let Some(first) = variants.iter().find(|v| v.catch_all) {
                errors.at(
                    span,
                    format!(
                        "only one variant can be `#[error(all)]`: `{}` already catches every other error",
                        first.ident
                    ),
                );
            } else if index + 1 != count {
                not_last = Some(span);
            }
            if !carries_info && matches!(variant.fields, Fields::Unit) {
                errors.spanned(
                    &variant.ident,
                    format!(
                        "the `#[error(all)]` variant keeps the error it caught: write `{}(ErrorInfo)`",
                        variant.ident
                    ),
                );
            }
        }
        let asl = match (&attrs.name, catch_all) {
            (Some(name), _) => name.value(),
            (None, true) => "States.ALL".to_string(),
            (None, false) => variant.ident.unraw().to_string(),
        };
        if !catch_all {
            if let Some(other) = variants.iter().find(|v| v.asl == asl) {
                let at = attrs
                    .name
                    .as_ref()
                    .map(|n| n.span())
                    .unwrap_or_else(|| variant.ident.span());
                errors.at(
                    at,
                    format!(
                        "`{asl}` is already the ASL name of `{}`: each variant names a different error",
                        other.ident
                    ),
                );
            }
        }
        variants.push(ErrorVariant {
            ident: variant.ident.clone(),
            asl,
            carries_info,
            catch_all,
        });
    }
    if let (Some(span), 1) = (not_last, variants.iter().filter(|v| v.catch_all).count()) {
        errors.at(
            span,
            "the `#[error(all)]` variant must be the last one: it stands for every error the variants \
             before it do not name",
        );
    }
    if let Err(error) = errors.check() {
        return error.to_compile_error();
    }
    implementations(&input.ident, &variants)
}

/// Reads the `#[error(name = "…")]` / `#[error(all)]` of a variant.
fn variant_attrs(variant: &syn::Variant, errors: &mut Errors) -> VariantAttrs {
    let mut out = VariantAttrs::default();
    for attr in variant.attrs.iter().filter(|a| a.path().is_ident("error")) {
        if !matches!(attr.meta, syn::Meta::List(_)) {
            errors.spanned(
                attr,
                "write `#[error(name = \"Payment.Declined\")]` or `#[error(all)]`",
            );
            continue;
        }
        let parsed = attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("name") {
                let lit: syn::LitStr = meta.value()?.parse()?;
                if lit.value().is_empty() {
                    return Err(syn::Error::new(lit.span(), "an ASL error name cannot be empty"));
                }
                if lit.value() == "States.ALL" {
                    return Err(syn::Error::new(
                        lit.span(),
                        "`States.ALL` is the catch-all: write `#[error(all)]` on the last variant",
                    ));
                }
                if out.name.is_some() {
                    return Err(meta.error("`name` is given twice"));
                }
                out.name = Some(lit);
                Ok(())
            } else if meta.path.is_ident("all") {
                out.all = Some(meta.path.span());
                Ok(())
            } else {
                Err(meta.error(
                    "unknown #[error] argument; expected `name = \"Payment.Declined\"` (the ASL error name) \
                     or `all` (the catch-all variant)",
                ))
            }
        });
        if let Err(e) = parsed {
            errors.push(e);
        }
    }
    if let (Some(name), Some(_)) = (&out.name, out.all) {
        errors.spanned(
            name,
            "the `#[error(all)]` variant matches every name: remove `name = …`",
        );
    }
    out
}

/// `ErrorInfo` or a path ending in it.
fn is_error_info(ty: &syn::Type) -> bool {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => path
            .path
            .segments
            .last()
            .is_some_and(|s| s.ident == "ErrorInfo" && s.arguments.is_none()),
        syn::Type::Group(group) => is_error_info(&group.elem),
        _ => false,
    }
}

fn implementations(name: &syn::Ident, variants: &[ErrorVariant]) -> TokenStream {
    let private = quote!(::asl::__private);
    let serde = quote!(#private::serde);
    let string = quote!(::std::string::String);
    let type_name = name.unraw().to_string();

    let names = variants.iter().map(|v| {
        let rust = v.ident.unraw().to_string();
        let asl = &v.asl;
        quote!((#rust, #asl))
    });
    let from_arms = variants.iter().filter(|v| !v.catch_all).map(|v| {
        let (ident, asl) = (&v.ident, &v.asl);
        if v.carries_info {
            quote!(#asl => ::std::option::Option::Some(Self::#ident(::asl::ErrorInfo::from(failure))))
        } else {
            quote!(#asl => ::std::option::Option::Some(Self::#ident))
        }
    });
    let from_rest = match variants.iter().find(|v| v.catch_all) {
        Some(v) => {
            let ident = &v.ident;
            quote!(_ => ::std::option::Option::Some(Self::#ident(::asl::ErrorInfo::from(failure))))
        }
        None => quote!(_ => ::std::option::Option::None),
    };
    let to_arms = variants.iter().map(|v| {
        let (ident, asl) = (&v.ident, &v.asl);
        match (v.carries_info, v.catch_all) {
            (true, true) => quote! {
                Self::#ident(info) => ::asl::Failure { error: info.error.clone(), cause: info.cause.clone() }
            },
            (true, false) => quote! {
                Self::#ident(info) => ::asl::Failure { error: #string::from(#asl), cause: info.cause.clone() }
            },
            (false, _) => quote! {
                Self::#ident => ::asl::Failure { error: #string::from(#asl), cause: #string::new() }
            },
        }
    });
    quote! {
        #[automatically_derived]
        impl ::asl::TaskError for #name {
            fn error_names() -> ::std::vec::Vec<(&'static str, &'static str)> {
                ::std::vec![#(#names),*]
            }

            fn from_failure(failure: &::asl::Failure) -> ::std::option::Option<Self> {
                match failure.error.as_str() {
                    #(#from_arms,)*
                    #from_rest,
                }
            }

            fn to_failure(&self) -> ::asl::Failure {
                match self {
                    #(#to_arms,)*
                }
            }
        }

        #[automatically_derived]
        impl ::asl::Payload for #name {
            fn shape() -> #private::ir::Shape {
                <::asl::ErrorInfo as ::asl::Payload>::shape()
            }
        }

        #[automatically_derived]
        impl #serde::Serialize for #name {
            fn serialize<S: #serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let failure = <Self as ::asl::TaskError>::to_failure(self);
                #serde::Serialize::serialize(&::asl::ErrorInfo { error: failure.error, cause: failure.cause }, serializer)
            }
        }

        #[automatically_derived]
        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<D: #serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let info = <::asl::ErrorInfo as #serde::Deserialize<'de>>::deserialize(deserializer)?;
                let failure = ::asl::Failure { error: info.error, cause: info.cause };
                <Self as ::asl::TaskError>::from_failure(&failure).ok_or_else(|| {
                    <D::Error as #serde::de::Error>::custom(::std::format!(
                        "`{}` is not an error of `{}`",
                        failure.error,
                        #type_name
                    ))
                })
            }
        }
    }
}
