//! `#[derive(Payload)]`: a type's JSON shape as serde writes it, honouring `#[serde(…)]`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{Data, DataEnum, DeriveInput, Fields};

use crate::attr::rename_rule::RenameRule;
use crate::attr::serde::{self as serde_attrs, ContainerAttrs};
use crate::errors::Errors;
use crate::type_shape::type_shape;

pub(crate) fn derive(input: DeriveInput) -> TokenStream {
    let mut errors = Errors::new();
    let container = serde_attrs::container(&input.attrs, &mut errors);
    let described = match &input.data {
        Data::Struct(data) => struct_shape(&data.fields, &container, &mut errors),
        Data::Enum(data) => enum_shape(data, &container, &mut errors),
        Data::Union(data) => {
            errors.spanned(
                data.union_token,
                "#[derive(Payload)] does not support unions: use a struct or an enum",
            );
            shape_any()
        }
    };
    let described = match &container.into {
        Some(into) => type_shape(into),
        None => described,
    };

    let name = &input.ident;
    let name_str = name.unraw().to_string();
    let mut generics = input.generics.clone();
    for param in generics.type_params_mut() {
        param.bounds.push(syn::parse_quote!(::asl::Payload));
    }
    let (impl_generics, ty_generics, where_clause) = generics.split_for_impl();
    let literal_shape = match &input.data {
        Data::Struct(_) | Data::Enum(_) => literal_shape_impl(&input),
        Data::Union(_) => TokenStream::new(),
    };
    let compile_errors = errors.into_compile_errors();
    quote! {
        #compile_errors
        #literal_shape
        #[automatically_derived]
        impl #impl_generics ::asl::Payload for #name #ty_generics #where_clause {
            fn shape() -> ::asl::__private::ir::Shape {
                ::asl::__private::recursive_shape(
                    ::core::any::type_name::<Self>(),
                    #name_str,
                    <Self as ::asl::Payload>::shape,
                    || #described,
                )
            }
        }
    }
}

/// `impl LiteralShape for S<AnyPayload, …>`: lets a workflow describe `S { … }` (or an
/// enum's `E::Variant { … }`) when the context does not say which `S<…>` it is. Left out when a type parameter has bounds
/// `AnyPayload` may not meet, or the struct has const parameters or a where clause.
fn literal_shape_impl(input: &DeriveInput) -> TokenStream {
    const MET_BY_ANY_PAYLOAD: &[&str] = &[
        "Payload",
        "Serialize",
        "Deserialize",
        "DeserializeOwned",
        "Clone",
        "Copy",
        "Debug",
        "Default",
        "PartialEq",
        "Eq",
        "Hash",
        "PartialOrd",
        "Ord",
        "Send",
        "Sync",
        "Sized",
        "Unpin",
    ];
    if input
        .generics
        .where_clause
        .as_ref()
        .is_some_and(|w| !w.predicates.is_empty())
    {
        return TokenStream::new();
    }
    let mut args = Vec::new();
    for param in &input.generics.params {
        match param {
            syn::GenericParam::Lifetime(_) => args.push(quote!('static)),
            syn::GenericParam::Const(_) => return TokenStream::new(),
            syn::GenericParam::Type(ty) => {
                let met = ty.bounds.iter().all(|bound| match bound {
                    syn::TypeParamBound::Trait(t) => t.path.segments.last().is_some_and(|s| {
                        MET_BY_ANY_PAYLOAD.contains(&s.ident.to_string().as_str())
                    }),
                    _ => true,
                });
                if !met {
                    return TokenStream::new();
                }
                args.push(quote!(::asl::__private::AnyPayload));
            }
        }
    }
    let name = &input.ident;
    let ty = if args.is_empty() {
        quote!(#name)
    } else {
        quote!(#name<#(#args),*>)
    };
    quote! {
        #[automatically_derived]
        impl ::asl::__private::LiteralShape for #ty {
            fn literal_shape() -> ::asl::__private::ir::Shape {
                <Self as ::asl::Payload>::shape()
            }
        }
    }
}

fn shape_any() -> TokenStream {
    quote!(::asl::__private::ir::Shape::Any)
}

fn struct_shape(fields: &Fields, container: &ContainerAttrs, errors: &mut Errors) -> TokenStream {
    // serde's `tag` on a struct adds a field when writing; the lowering reads fields, so it is not described.
    if let Fields::Unit = fields {
        return quote!(::asl::__private::ir::Shape::Unit);
    }
    let kept: Vec<(&syn::Field, serde_attrs::FieldAttrs)> = fields
        .iter()
        .map(|f| (f, serde_attrs::field(&f.attrs, errors)))
        .filter(|(_, attrs)| !attrs.skip)
        .collect();
    if container.transparent {
        return transparent_shape(fields, &kept, errors);
    }
    match fields {
        Fields::Named(_) => object_shape(&kept, container.rename_all),
        // A newtype struct is written as its field.
        Fields::Unnamed(unnamed) if unnamed.unnamed.len() == 1 => match kept.first() {
            Some((field, attrs)) => field_shape(field, attrs),
            None => quote!(::asl::__private::ir::Shape::Unit),
        },
        _ => {
            let shapes = kept.iter().map(|(f, attrs)| field_shape(f, attrs));
            quote!(::asl::__private::ir::Shape::Tuple(
                ::std::vec![#(#shapes),*]
            ))
        }
    }
}

fn transparent_shape(
    fields: &Fields,
    kept: &[(&syn::Field, serde_attrs::FieldAttrs)],
    errors: &mut Errors,
) -> TokenStream {
    match kept {
        [(field, attrs)] => field_shape(field, attrs),
        _ => {
            errors.spanned(
                fields,
                "#[serde(transparent)] needs exactly one field that is not skipped",
            );
            shape_any()
        }
    }
}

fn field_shape(field: &syn::Field, attrs: &serde_attrs::FieldAttrs) -> TokenStream {
    if attrs.custom {
        shape_any()
    } else {
        type_shape(&field.ty)
    }
}

fn object_shape(
    fields: &[(&syn::Field, serde_attrs::FieldAttrs)],
    rule: Option<RenameRule>,
) -> TokenStream {
    let fields = fields.iter().enumerate().map(|(index, (field, attrs))| {
        let rust = match &field.ident {
            Some(ident) => ident.unraw().to_string(),
            None => index.to_string(),
        };
        let json = match (&attrs.rename, rule) {
            (Some(name), _) => name.clone(),
            (None, Some(rule)) => rule.apply_to_field(&rust),
            (None, None) => rust.clone(),
        };
        let shape = field_shape(field, attrs);
        let flatten = attrs.flatten;
        quote! {
            ::asl::__private::ir::Field {
                rust: ::std::string::String::from(#rust),
                json: ::std::string::String::from(#json),
                shape: #shape,
                flatten: #flatten,
            }
        }
    });
    quote!(::asl::__private::ir::Shape::Object(
        ::std::vec![#(#fields),*]
    ))
}

fn enum_shape(data: &DataEnum, container: &ContainerAttrs, errors: &mut Errors) -> TokenStream {
    let ir = quote!(::asl::__private::ir);
    let tagging = match (&container.tag, &container.content, container.untagged) {
        (_, _, true) => quote!(#ir::Tagging::Untagged),
        (Some(tag), Some(content), false) => quote! {
            #ir::Tagging::Adjacent {
                tag: ::std::string::String::from(#tag),
                content: ::std::string::String::from(#content),
            }
        },
        (Some(tag), None, false) => {
            quote!(#ir::Tagging::Internal { tag: ::std::string::String::from(#tag) })
        }
        (None, Some(_), false) => {
            errors.at(
                proc_macro2::Span::call_site(),
                "#[serde(content = \"…\")] needs #[serde(tag = \"…\")] as well",
            );
            quote!(#ir::Tagging::External)
        }
        (None, None, false) => quote!(#ir::Tagging::External),
    };
    let mut variants = Vec::new();
    for variant in &data.variants {
        let attrs = serde_attrs::variant(&variant.attrs, errors);
        if attrs.skip {
            continue;
        }
        let rust = variant.ident.unraw().to_string();
        let json = match (&attrs.rename, container.rename_all) {
            (Some(name), _) => name.clone(),
            (None, Some(rule)) => rule.apply_to_variant(&rust),
            (None, None) => rust.clone(),
        };
        let data = if attrs.custom {
            quote!(::std::option::Option::Some(#ir::Shape::Any))
        } else {
            match &variant.fields {
                Fields::Unit => quote!(::std::option::Option::None),
                Fields::Unnamed(unnamed) => {
                    let kept: Vec<(&syn::Field, serde_attrs::FieldAttrs)> = unnamed
                        .unnamed
                        .iter()
                        .map(|f| (f, serde_attrs::field(&f.attrs, errors)))
                        .filter(|(_, attrs)| !attrs.skip)
                        .collect();
                    let shape = if unnamed.unnamed.len() == 1 {
                        match kept.first() {
                            Some((field, attrs)) => field_shape(field, attrs),
                            None => quote!(#ir::Shape::Unit),
                        }
                    } else {
                        let shapes = kept.iter().map(|(f, attrs)| field_shape(f, attrs));
                        quote!(#ir::Shape::Tuple(::std::vec![#(#shapes),*]))
                    };
                    quote!(::std::option::Option::Some(#shape))
                }
                Fields::Named(named) => {
                    let kept: Vec<(&syn::Field, serde_attrs::FieldAttrs)> = named
                        .named
                        .iter()
                        .map(|f| (f, serde_attrs::field(&f.attrs, errors)))
                        .filter(|(_, attrs)| !attrs.skip)
                        .collect();
                    let shape =
                        object_shape(&kept, attrs.rename_all.or(container.rename_all_fields));
                    quote!(::std::option::Option::Some(#shape))
                }
            }
        };
        variants.push(quote! {
            #ir::Variant {
                rust: ::std::string::String::from(#rust),
                json: ::std::string::String::from(#json),
                data: #data,
            }
        });
    }
    quote!(#ir::Shape::Enum { tagging: #tagging, variants: ::std::vec![#(#variants),*] })
}
