//! `format!("…{}…{name}…", a)` in a JSONata workflow: `Compute::Format`, literal text and
//! `{}` (Display) pieces in order, each argument any computed value.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{Expr, Lit};

use super::compute;
use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::intrinsic::null;

/// A piece of a Rust template.
enum Piece {
    Text(String),
    Next,
    Index(usize),
    Named(String),
}

/// The pieces of a Rust `format!` template; format specs (`{:.2}`, `{:?}`) are an error.
fn pieces(template: &str) -> Result<Vec<Piece>, String> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut inner = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    inner.push(c);
                }
                let inner = inner.trim();
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                if inner.is_empty() {
                    out.push(Piece::Next);
                } else if let Ok(i) = inner.parse::<usize>() {
                    out.push(Piece::Index(i));
                } else if inner.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    out.push(Piece::Named(inner.to_string()));
                } else {
                    return Err(format!(
                        "`{{{inner}}}`: format specs are not supported in a workflow (the state machine prints \
                         each value as `{{}}` does): write `{{}}` or `{{name}}`, and round numbers with `.round()` \
                         or format them in a #[task] fn"
                    ));
                }
            }
            other => text.push(other),
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    Ok(out)
}

impl BodyLowering<'_> {
    /// `format!(…)` as `Compute::Format`.
    pub(crate) fn format_compute(&mut self, mac: &syn::Macro) -> TokenStream {
        let ir = ir();
        let Some(args) = self.macro_args(mac) else {
            return null();
        };
        let mut args = args.into_iter();
        let template = match args.next() {
            Some(Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            })) => s,
            _ => {
                self.errors.spanned(
                    mac,
                    "`format!` takes a string literal template first: `format!(\"order-{}\", x.id)`",
                );
                return null();
            }
        };
        let mut positional = Vec::new();
        let mut named = Vec::new();
        for arg in args {
            match arg {
                Expr::Assign(a) => match &*a.left {
                    Expr::Path(p) if p.path.get_ident().is_some() => {
                        let name = p
                            .path
                            .get_ident()
                            .map(|i| i.unraw().to_string())
                            .unwrap_or_default();
                        named.push((name, *a.right));
                    }
                    other => {
                        self.errors
                            .spanned(other, "a named `format!` argument is `name = value`");
                        return null();
                    }
                },
                other => positional.push(other),
            }
        }
        let pieces = match pieces(&template.value()) {
            Ok(pieces) => pieces,
            Err(message) => {
                self.errors.spanned(&template, message);
                return null();
            }
        };
        let mut next = 0;
        let mut out = Vec::new();
        for piece in pieces {
            let arg: Expr = match piece {
                Piece::Text(text) => {
                    out.push(quote!(#ir::FormatPiece::Text(::std::string::String::from(#text))));
                    continue;
                }
                Piece::Next => {
                    next += 1;
                    // Too few arguments: rustc reports it on the native fn.
                    match positional.get(next - 1) {
                        Some(arg) => arg.clone(),
                        None => continue,
                    }
                }
                Piece::Index(i) => match positional.get(i) {
                    Some(arg) => arg.clone(),
                    None => continue,
                },
                Piece::Named(name) => match named.iter().find(|(n, _)| *n == name) {
                    Some((_, arg)) => arg.clone(),
                    None => {
                        let ident = syn::Ident::new(&name, template.span());
                        syn::parse_quote!(#ident)
                    }
                },
            };
            let value = self.compute_operand(&arg);
            out.push(quote!(#ir::FormatPiece::Value(#value)));
        }
        compute(quote!(#ir::Compute::Format(::std::vec![#(#out),*])))
    }
}
