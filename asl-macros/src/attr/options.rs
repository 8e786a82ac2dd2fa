//! `key = value` argument lists of `#[task(…)]`, `#[retry(…)]`, `#[workflow(…)]` and `#[state(…)]`,
//! and the value kinds they take (strings, whole seconds, numbers).

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, Ident, Lit, Token};

use crate::errors::Errors;

/// One `key = value` argument.
pub(crate) struct KeyValue {
    pub(crate) key: Ident,
    pub(crate) value: Expr,
}

impl Parse for KeyValue {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let key: Ident = syn::ext::IdentExt::parse_any(input)?;
        if !input.peek(Token![=]) {
            return Err(syn::Error::new(key.span(), format!("expected `{key} = …`")));
        }
        let _: Token![=] = input.parse()?;
        let value: Expr = input.parse()?;
        Ok(KeyValue { key, value })
    }
}

/// Parses `key = value, …`; a malformed list is reported and yields what parsed.
pub(crate) fn parse_options(tokens: TokenStream, errors: &mut Errors) -> Vec<KeyValue> {
    match Punctuated::<KeyValue, Token![,]>::parse_terminated.parse2(tokens) {
        Ok(list) => list.into_iter().collect(),
        Err(e) => {
            errors.push(e);
            Vec::new()
        }
    }
}

/// Reports `key` as unknown, listing the keys that are accepted.
pub(crate) fn unknown_key(errors: &mut Errors, what: &str, key: &Ident, accepted: &[&str]) {
    let list: Vec<String> = accepted.iter().map(|k| format!("`{k}`")).collect();
    errors.spanned(
        key,
        format!(
            "unknown {what} argument `{key}`; expected one of {}",
            list.join(", ")
        ),
    );
}

pub(crate) fn string(value: &Expr, errors: &mut Errors, what: &str) -> Option<String> {
    match value {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => return Some(s.value()),
        Expr::Group(g) => return string(&g.expr, errors, what),
        _ => {}
    }
    errors.spanned(
        value,
        format!("{what} must be a string literal, like `{what} = \"…\"`"),
    );
    None
}

/// A whole number of seconds: `300`, `300s`, `5m`, `1h`.
pub(crate) fn seconds(value: &Expr, errors: &mut Errors, what: &str) -> Option<u64> {
    if let Expr::Lit(lit) = value {
        if let Lit::Int(int) = &lit.lit {
            let factor = match int.suffix() {
                "" | "s" | "u64" | "u32" => Some(1),
                "m" => Some(60),
                "h" => Some(3600),
                _ => None,
            };
            if let (Some(factor), Ok(n)) = (factor, int.base10_parse::<u64>()) {
                if let Some(seconds) = n.checked_mul(factor) {
                    return Some(seconds);
                }
            }
        }
    }
    errors.spanned(
        value,
        format!("{what} must be a whole number of seconds, like `{what} = 30` or `{what} = 30s` (`m` and `h` suffixes also work)"),
    );
    None
}

pub(crate) fn integer(value: &Expr, errors: &mut Errors, what: &str) -> Option<i64> {
    if let Expr::Lit(lit) = value {
        if let Lit::Int(int) = &lit.lit {
            if let Ok(n) = int.base10_parse::<i64>() {
                return Some(n);
            }
        }
    }
    errors.spanned(
        value,
        format!("{what} must be an integer literal, like `{what} = 3`"),
    );
    None
}

pub(crate) fn number(value: &Expr, errors: &mut Errors, what: &str) -> Option<f64> {
    if let Expr::Lit(lit) = value {
        match &lit.lit {
            Lit::Float(f) => {
                if let Ok(n) = f.base10_parse::<f64>() {
                    return Some(n);
                }
            }
            Lit::Int(i) => {
                if let Ok(n) = i.base10_parse::<f64>() {
                    return Some(n);
                }
            }
            _ => {}
        }
    }
    errors.spanned(
        value,
        format!("{what} must be a number, like `{what} = 2.0`"),
    );
    None
}

/// The query language a workflow is written for: `"JSONata"` or `"JSONPath"` (the default).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub(crate) enum QueryLanguage {
    #[default]
    JsonPath,
    Jsonata,
}

/// `query_language = "JSONata"` / `"JSONPath"`; any other value is reported, listing both.
pub(crate) fn query_language(value: &Expr, errors: &mut Errors) -> Option<QueryLanguage> {
    let text = match value {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.value()),
        Expr::Group(g) => return query_language(&g.expr, errors),
        _ => None,
    };
    match text.as_deref() {
        Some("JSONata") => Some(QueryLanguage::Jsonata),
        Some("JSONPath") => Some(QueryLanguage::JsonPath),
        _ => {
            errors.spanned(
                value,
                "query_language must be \"JSONata\" or \"JSONPath\" (the default): \
                 `query_language = \"JSONata\"`",
            );
            None
        }
    }
}

/// Reports a key given twice; returns whether it was already set.
pub(crate) fn duplicate(errors: &mut Errors, seen: &mut Vec<String>, key: &Ident) -> bool {
    let name = key.to_string();
    if seen.contains(&name) {
        errors.spanned(key, format!("`{name}` is given twice"));
        true
    } else {
        seen.push(name);
        false
    }
}
