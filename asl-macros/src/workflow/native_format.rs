//! The native fn's `format!`s become `States.Format` computed natively, so a native run prints
//! values as Step Functions does (`2.0` stays `2.0`, a struct prints as `{k=v}`).

use quote::quote;
use syn::visit_mut::VisitMut;
use syn::{Expr, Stmt};

use crate::workflow::format::{asl_format_template, Hole};

struct NativeFormat;

/// `format!("…", args)` → `asl::__private::format_template("<ASL template>", vec![json(arg), …])`,
/// or `None` when the template is one the workflow macro reports as an error.
fn rewrite(mac: &syn::Macro) -> Option<Expr> {
    if !mac.path.is_ident("format") {
        return None;
    }
    let args = mac
        .parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
        .ok()?;
    let mut args = args.into_iter();
    let Some(Expr::Lit(syn::ExprLit {
        lit: syn::Lit::Str(template),
        ..
    })) = args.next()
    else {
        return None;
    };
    let (asl_template, holes) = asl_format_template(&template.value()).ok()?;
    let mut positional = Vec::new();
    let mut named = Vec::new();
    for arg in args {
        match arg {
            Expr::Assign(a) => {
                let left = &a.left;
                named.push((quote!(#left).to_string(), *a.right));
            }
            other => positional.push(other),
        }
    }
    let mut next = positional.into_iter();
    let mut values = Vec::new();
    for hole in holes {
        let value: Expr = match hole {
            Hole::Next => next.next()?,
            Hole::Named(name) => match named.iter().find(|(n, _)| *n == name) {
                Some((_, value)) => value.clone(),
                None => {
                    let ident = syn::Ident::new(&name, template.span());
                    syn::parse_quote!(#ident)
                }
            },
        };
        values.push(quote!(::asl::__private::serde_json::to_value(&#value).unwrap_or(::asl::__private::serde_json::Value::Null)));
    }
    Some(
        syn::parse_quote!(::asl::__private::format_template(#asl_template, ::std::vec![#(#values),*])),
    )
}

impl VisitMut for NativeFormat {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        if let Expr::Macro(m) = expr {
            if let Some(rewritten) = rewrite(&m.mac) {
                *expr = rewritten;
                return;
            }
        }
        syn::visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        if let Stmt::Macro(m) = stmt {
            if let Some(rewritten) = rewrite(&m.mac) {
                *stmt = Stmt::Expr(rewritten, m.semi_token);
                return;
            }
        }
        syn::visit_mut::visit_stmt_mut(self, stmt);
    }
}

/// Rewrites every `format!` of a workflow's native body.
pub(crate) fn rewrite_formats(block: &mut syn::Block) {
    NativeFormat.visit_block_mut(block);
}
