//! Method calls in a JSONata workflow (`x.round()`, `s.to_uppercase()`, `v.len()`,
//! `o.unwrap_or(d)`, `it.sum()`, `f64::max(a, b)`, …) as `Compute::Method`; those that take a
//! closure (`map`, `filter`, `any`, `all`, `find`, `fold`) are in `closure`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, ExprCall, ExprMethodCall};

use super::compute;
use super::purity::is_numeric_fn;
use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::intrinsic::null;
use crate::workflow::value::peel;

/// Methods that are the identity on a value's JSON (`iter()`, `collect()`, `clone()`, …).
pub(crate) const IDENTITY: &[&str] = &[
    "iter",
    "into_iter",
    "cloned",
    "copied",
    "collect",
    "clone",
    "as_str",
    "to_owned",
];

/// Methods without a closure: Rust name, number of arguments, `ir::Method` variant.
const METHODS: &[(&str, usize, &str)] = &[
    ("round", 0, "Round"),
    ("floor", 0, "Floor"),
    ("ceil", 0, "Ceil"),
    ("trunc", 0, "Trunc"),
    ("abs", 0, "Abs"),
    ("sqrt", 0, "Sqrt"),
    ("powi", 1, "Pow"),
    ("powf", 1, "Pow"),
    ("pow", 1, "Pow"),
    ("max", 1, "Max"),
    ("min", 1, "Min"),
    ("max", 0, "IterMax"),
    ("min", 0, "IterMin"),
    ("to_uppercase", 0, "ToUppercase"),
    ("to_lowercase", 0, "ToLowercase"),
    ("trim", 0, "Trim"),
    ("trim_start", 0, "TrimStart"),
    ("trim_end", 0, "TrimEnd"),
    ("starts_with", 1, "StartsWith"),
    ("ends_with", 1, "EndsWith"),
    ("contains", 1, "Contains"),
    ("replace", 2, "Replace"),
    ("split", 1, "Split"),
    ("join", 1, "Join"),
    ("len", 0, "Len"),
    ("is_empty", 0, "IsEmpty"),
    ("to_string", 0, "ToString"),
    ("is_some", 0, "IsSome"),
    ("is_none", 0, "IsNone"),
    ("unwrap_or", 1, "UnwrapOr"),
    ("first", 0, "First"),
    ("last", 0, "Last"),
    ("get", 1, "Get"),
    ("sum", 0, "Sum"),
    ("count", 0, "Count"),
    ("rev", 0, "Rev"),
];

/// Methods that take a closure (lowered in `closure`).
pub(crate) const CLOSURE_METHODS: &[&str] = &["map", "filter", "any", "all", "find", "fold"];

/// Whether a JSONata workflow can compute `.name(…)` (for the JSONPath workflow's message).
pub(crate) fn jsonata_method(name: &str) -> bool {
    METHODS.iter().any(|(n, _, _)| *n == name) || CLOSURE_METHODS.contains(&name) || name == "chars"
}

/// The list of supported methods, for the message about an unsupported one.
fn supported_list() -> String {
    let mut names: Vec<&str> = METHODS.iter().map(|(n, _, _)| *n).collect();
    names.extend(CLOSURE_METHODS);
    names.push("chars().count");
    let mut seen = Vec::new();
    names.retain(|n| {
        let new = !seen.contains(n);
        seen.push(*n);
        new
    });
    let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    names.join(", ")
}

/// `ir::Compute::Method { … }` as an `ir::Expr`.
pub(crate) fn method_expr(
    method: &str,
    receiver: TokenStream,
    args: Vec<TokenStream>,
) -> TokenStream {
    let ir = ir();
    let method = syn::Ident::new(method, proc_macro2::Span::call_site());
    compute(quote! {
        #ir::Compute::Method { method: #ir::Method::#method, receiver: #receiver, args: ::std::vec![#(#args),*] }
    })
}

impl BodyLowering<'_> {
    /// `receiver.method(args…)` in a JSONata workflow; `None` for the calls `value` lowers
    /// itself (a `Map` chain, a literal's `.to_string()`, `unwrap`'s error).
    pub(crate) fn method_compute(&mut self, call: &ExprMethodCall) -> Option<TokenStream> {
        let name = call.method.to_string();
        let arity = call.args.len();
        if name == "run" || name == "unwrap" || name == "expect" || name == "into" {
            return None;
        }
        if Self::literal_receiver(&call.receiver)
            && arity == 0
            && ["to_string", "to_owned", "clone"].contains(&name.as_str())
        {
            return None;
        }
        if arity == 0 && IDENTITY.contains(&name.as_str()) {
            return Some(self.value(&call.receiver, None));
        }
        if CLOSURE_METHODS.contains(&name.as_str()) {
            return Some(self.closure_method(call));
        }
        // `s.chars().count()`: Unicode scalar values.
        if name == "count" && arity == 0 {
            if let Expr::MethodCall(chars) = peel(&call.receiver) {
                if chars.method == "chars" && chars.args.is_empty() {
                    let receiver = self.compute_operand(&chars.receiver);
                    return Some(method_expr("CharCount", receiver, vec![]));
                }
            }
        }
        let Some((_, _, method)) = METHODS.iter().find(|(n, a, _)| *n == name && *a == arity)
        else {
            self.unsupported_method(call);
            return Some(null());
        };
        let receiver = self.compute_operand(&call.receiver);
        let args = call.args.iter().map(|a| self.compute_operand(a)).collect();
        Some(method_expr(method, receiver, args))
    }

    /// `f64::max(a, b)`, `std::cmp::min(a, b)`, `f64::abs(x)`, `f64::from(n)` in a JSONata workflow.
    pub(crate) fn path_call_compute(&mut self, call: &ExprCall) -> Option<TokenStream> {
        let ir = ir();
        if !is_numeric_fn(&call.func) {
            return None;
        }
        let Expr::Path(path) = peel(&call.func) else {
            return None;
        };
        let segments: Vec<String> = path
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let (ty, name) = (&segments[segments.len() - 2], &segments[segments.len() - 1]);
        let args: Vec<&Expr> = call.args.iter().collect();
        let Some((receiver, rest)) = args.split_first() else {
            self.errors.spanned(
                call,
                format!("`{ty}::{name}` takes the value as its first argument"),
            );
            return Some(null());
        };
        if name == "from" && rest.is_empty() {
            let to = super::numeric_type(ty)?;
            let value = self.compute_operand(receiver);
            return Some(compute(
                quote!(#ir::Compute::Cast { to: #to, value: #value }),
            ));
        }
        let found = METHODS.iter().find(|(n, a, _)| {
            n == name && *a == rest.len() && (ty != "cmp" || ["max", "min"].contains(n))
        });
        let Some((_, _, method)) = found else {
            self.errors.spanned(
                &call.func,
                format!(
                    "`{ty}::{name}` is not supported in a workflow; supported are {}. \
                     Compute it in a #[task] fn",
                    supported_list()
                ),
            );
            return Some(null());
        };
        let receiver = self.compute_operand(receiver);
        let rest = rest.iter().map(|a| self.compute_operand(a)).collect();
        Some(method_expr(method, receiver, rest))
    }

    pub(crate) fn unsupported_method(&mut self, call: &ExprMethodCall) {
        let (dot, name) = (&call.dot_token, &call.method);
        let method = name.to_string();
        let arity = call.args.len();
        let what = match METHODS.iter().find(|(n, _, _)| *n == method) {
            Some((_, expected, _)) if *expected != arity => {
                format!("`.{method}` with {arity} argument(s)")
            }
            _ => format!("`.{method}()`"),
        };
        self.errors.spanned(
            quote!(#dot #name),
            format!(
                "{what} is not supported in a JSONata workflow; supported are {}, \
                 and `iter`, `collect`, `clone`, … (which change nothing). Compute it in a #[task] fn",
                supported_list()
            ),
        );
    }
}
