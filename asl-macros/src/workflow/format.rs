//! `format!("{}-{name}", a)` as a workflow value: `States.Format` with the template rewritten
//! to its syntax (the native fn's `format!`s share the rewriting, see `native_format`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{Expr, Lit};

use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::intrinsic::{intrinsic, null};

/// A `{…}` of a `format!` template.
pub(crate) enum Hole {
    /// `{}`: the next positional argument.
    Next,
    /// `{name}`: a named argument or a captured variable.
    Named(String),
}

impl BodyLowering<'_> {
    /// `format!("…{}…{name}…", a)`: `States.Format` with the template in ASL's syntax.
    pub(crate) fn format_value(&mut self, mac: &syn::Macro) -> TokenStream {
        let ir = ir();
        let Some(args) = self.macro_args(mac) else {
            return null();
        };
        let mut args = args.into_iter();
        let template = match args.next() {
            Some(Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            })) => s,
            Some(other) => {
                self.errors.spanned(other, "`format!` takes a string literal template first: `format!(\"order-{}\", x.id)`");
                return null();
            }
            None => {
                self.errors.spanned(
                    mac,
                    "`format!` needs a template: `format!(\"order-{}\", x.id)`",
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
        let (asl_template, holes) = match asl_format_template(&template.value()) {
            Ok(parsed) => parsed,
            Err(message) => {
                self.errors.spanned(&template, message);
                return null();
            }
        };
        let mut values = vec![
            quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::String(::std::string::String::from(#asl_template)))),
        ];
        let mut next = positional.iter();
        for hole in holes {
            let value = match hole {
                // Too few arguments: rustc reports it on the native fn.
                Hole::Next => match next.next() {
                    Some(arg) => self.intrinsic_arg(arg),
                    None => null(),
                },
                Hole::Named(name) => match named.iter().find(|(n, _)| *n == name) {
                    Some((_, arg)) => self.intrinsic_arg(&arg.clone()),
                    None => {
                        // An inline capture: `{name}` is the variable `name`.
                        let ident = syn::Ident::new(&name, template.span());
                        let path: Expr = syn::parse_quote!(#ident);
                        self.intrinsic_arg(&path)
                    }
                },
            };
            values.push(value);
        }
        let _ = ir;
        intrinsic("Format", values)
    }
}

/// A Rust `format!` template in `States.Format`'s syntax, with the holes in order: `{}` per
/// value; `{`, `}`, `'` and `\` escaped with a backslash.
pub(crate) fn asl_format_template(rust: &str) -> Result<(String, Vec<Hole>), String> {
    let mut out = String::new();
    let mut holes = Vec::new();
    let mut chars = rust.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push_str("\\{");
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
                if inner.is_empty() {
                    holes.push(Hole::Next);
                } else if inner.chars().all(|c| c.is_alphanumeric() || c == '_')
                    && !inner.starts_with(|c: char| c.is_ascii_digit())
                {
                    holes.push(Hole::Named(inner.to_string()));
                } else if inner.contains(':') {
                    return Err(format!(
                        "`{{{inner}}}`: format specs have no `States.Format` equivalent (it prints each value as it is): \
                         write `{{}}` or `{{name}}`, and format the value in a #[task] fn if it needs it"
                    ));
                } else {
                    return Err(format!(
                        "`{{{inner}}}`: positional placeholders have no `States.Format` equivalent: \
                         write `{{}}` and give the arguments in order, or `{{name}}`"
                    ));
                }
                out.push_str("{}");
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push_str("\\}");
            }
            '}' | '\'' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            other => out.push(other),
        }
    }
    Ok((out, holes))
}
