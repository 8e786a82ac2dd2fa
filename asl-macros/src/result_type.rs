//! Recognising `Result<Out, E>` in the return type of a `#[task]` or `#[workflow]` fn.

/// `(Out, E)` when `ty` is `Result<Out, E>` (any path ending in `Result` with two type arguments).
pub(crate) fn result_types(ty: &syn::Type) -> Option<(syn::Type, syn::Type)> {
    let syn::Type::Path(path) = ty else {
        return match ty {
            syn::Type::Group(group) => result_types(&group.elem),
            syn::Type::Paren(paren) => result_types(&paren.elem),
            _ => None,
        };
    };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    let types: Vec<&syn::Type> = args
        .args
        .iter()
        .filter_map(|arg| match arg {
            syn::GenericArgument::Type(ty) => Some(ty),
            _ => None,
        })
        .collect();
    match types.as_slice() {
        [out, error] if args.args.len() == 2 => Some(((*out).clone(), (*error).clone())),
        _ => None,
    }
}
