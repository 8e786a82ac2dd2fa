//! `#[retry(…)]`, under `#[task(…)]` or on a task call in a workflow body: one retry policy.
//!
//! Both places share this parser; the policy is built inside the generated module
//! (`mod f { … }`), so typed error paths are rewritten one module deeper.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Attribute, Expr, Lit};

use crate::attr::options::{self, parse_options};
use crate::errors::Errors;
use crate::module_path::path_one_module_deeper;

const RETRY_KEYS: &[&str] = &[
    "errors",
    "interval",
    "max_attempts",
    "backoff",
    "max_delay",
    "jitter",
];

/// `#[retry(…)]` (also as `asl::retry`).
pub(crate) fn is_retry_attr(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|s| s.ident == "retry")
}

fn optional<T: quote::ToTokens>(value: Option<T>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

/// One `#[retry(…)]`: an `ir::RetryPolicy` expression, for the generated module.
pub(crate) fn retry_policy(attr: &Attribute, errors: &mut Errors) -> Option<TokenStream> {
    retry_policy_at(attr, errors, true)
}

/// The same policy for the native fn, where typed error paths are used as written (its
/// mistakes are reported by `retry_policy`).
pub(crate) fn native_retry_policy(attr: &Attribute) -> Option<TokenStream> {
    let mut duplicates = Errors::new();
    let policy = retry_policy_at(attr, &mut duplicates, false);
    duplicates.reported_by_first_reading();
    policy
}

fn retry_policy_at(attr: &Attribute, errors: &mut Errors, in_module: bool) -> Option<TokenStream> {
    let args = match &attr.meta {
        syn::Meta::List(list) => list.tokens.clone(),
        other => {
            errors.spanned(
                other,
                "write the retry policy as `#[retry(errors = [\"States.Timeout\"], max_attempts = 3)]`",
            );
            return None;
        }
    };
    let mut error_names: Option<Vec<TokenStream>> = None;
    let mut interval = None;
    let mut max_attempts = None;
    let mut backoff = None;
    let mut max_delay = None;
    let mut jitter = None;
    let mut seen = Vec::new();
    for option in parse_options(args, errors) {
        let key = option.key.to_string();
        if !RETRY_KEYS.contains(&key.as_str()) {
            options::unknown_key(errors, "#[retry]", &option.key, RETRY_KEYS);
            continue;
        }
        if options::duplicate(errors, &mut seen, &option.key) {
            continue;
        }
        match key.as_str() {
            "errors" => error_names = Some(retry_errors(&option.value, errors, in_module)),
            "interval" => interval = options::seconds(&option.value, errors, "interval"),
            "max_attempts" => {
                max_attempts = options::integer(&option.value, errors, "max_attempts")
            }
            "backoff" => backoff = options::number(&option.value, errors, "backoff"),
            "max_delay" => max_delay = options::seconds(&option.value, errors, "max_delay"),
            _ => jitter = jitter_full(&option.value, errors),
        }
    }
    let error_names =
        error_names.unwrap_or_else(|| vec![quote!(::std::string::String::from("States.ALL"))]);
    let interval = optional(interval);
    let max_delay = optional(max_delay);
    let max_attempts = optional(max_attempts);
    let backoff = optional(backoff);
    let jitter = optional(jitter);
    Some(quote! {
        ::asl::__private::ir::RetryPolicy {
            errors: ::std::vec![#(#error_names),*],
            interval_seconds: #interval,
            max_attempts: #max_attempts,
            backoff_rate: #backoff,
            max_delay_seconds: #max_delay,
            jitter_full: #jitter,
        }
    })
}

/// The `errors = [...]` list: `String` expressions, from string literals and typed variants
/// (`PaymentError::Declined`, whose ASL name is looked up when the IR is built).
fn retry_errors(value: &Expr, errors: &mut Errors, in_module: bool) -> Vec<TokenStream> {
    let Expr::Array(array) = value else {
        errors.spanned(
            value,
            "`errors` is a list of ASL error names or typed errors: \
             `errors = [\"States.Timeout\", PaymentError::Declined]`",
        );
        return Vec::new();
    };
    let mut names = Vec::new();
    for elem in &array.elems {
        match elem {
            Expr::Lit(syn::ExprLit { lit: Lit::Str(s), .. }) => {
                let s = s.value();
                names.push(quote!(::std::string::String::from(#s)));
            }
            Expr::Path(path) if path.qself.is_none() && path.path.segments.len() >= 2 => {
                names.push(if in_module { variant_name(&path.path) } else { variant_name_as_written(&path.path) });
            }
            other => errors.spanned(
                other,
                "an error is a string literal (`\"States.Timeout\"`) or a variant of a #[derive(TaskError)] \
                 enum (`PaymentError::Declined`)",
            ),
        }
    }
    if array.elems.is_empty() {
        errors.spanned(
            value,
            "`errors` needs at least one error name; `[\"States.ALL\"]` matches every error",
        );
    }
    names
}

/// The ASL name of a typed error variant `E::V`, as a `String` expression built inside the
/// generated module; rustc checks that `E::V` is a variant of a `TaskError`.
pub(crate) fn variant_name(path: &syn::Path) -> TokenStream {
    let deeper = path_one_module_deeper(path);
    let variant = path
        .segments
        .last()
        .map(|s| s.ident.unraw().to_string())
        .unwrap_or_default();
    quote_spanned! {path.span()=>
        ::asl::__private::variant_error_name(|__error| ::core::matches!(__error, #deeper { .. }), #variant)
    }
}

/// `variant_name` for code outside the generated module.
fn variant_name_as_written(path: &syn::Path) -> TokenStream {
    let variant = path
        .segments
        .last()
        .map(|s| s.ident.unraw().to_string())
        .unwrap_or_default();
    quote_spanned! {path.span()=>
        ::asl::__private::variant_error_name(|__error| ::core::matches!(__error, #path { .. }), #variant)
    }
}

fn jitter_full(value: &Expr, errors: &mut Errors) -> Option<bool> {
    let word = match value {
        Expr::Path(path) => path.path.get_ident().map(|i| i.to_string()),
        Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) => Some(s.value()),
        _ => None,
    };
    match word.as_deref().map(str::to_ascii_lowercase).as_deref() {
        Some("full") => Some(true),
        Some("none") => Some(false),
        _ => {
            errors.spanned(value, "`jitter` is `full` or `none`");
            None
        }
    }
}
