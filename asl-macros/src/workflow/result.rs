//! `Result` values in a workflow body: `task(x)?` (the error is not caught: the execution fails
//! with it), and `Ok(v)` / `Err(E::X)` / `Err(e)` as the result of a workflow returning `Result`.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall};

use crate::attr::retry::variant_name;
use crate::module_path::type_one_module_deeper;
use crate::workflow::body::{ir, BodyLowering, GenStmt, Sink};
use crate::workflow::catch::{is_variant_like, result_constructor};
use crate::workflow::value::peel;

impl BodyLowering<'_> {
    /// `task(x)?`: the plain call; an error is not caught, so the execution fails with it.
    pub(crate) fn try_operator_value(
        &mut self,
        e: &syn::ExprTry,
        expected: Option<TokenStream>,
    ) -> TokenStream {
        let ir = ir();
        let Some((call, path)) = self.caught_call(&e.expr) else {
            self.errors.spanned(
                e.question_token,
                "`?` goes on a task call that returns `Result` (`let v = task(x)?;`): an uncaught task error \
                 fails the execution; for other values, `match` on them",
            );
            return quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null));
        };
        let value = self.value(&Expr::Call(call.clone()), expected);
        // Only a task returning `Result<_, E: TaskError>` has errors that `?` passes on.
        let check = quote_spanned!(e.question_token.span()=> ::asl::__private::task_error_names::<#path::Returns>);
        quote! {{
            let _ = #check;
            #value
        }}
    }

    /// `Ok(v)` / `Err(e)` as the workflow's value (its tail or `return`).
    pub(crate) fn result_value(&mut self, call: &ExprCall, sink: Sink, out: &mut Vec<GenStmt>) {
        let Expr::Path(func) = peel(&call.func) else {
            return;
        };
        let which = result_constructor(&func.path).unwrap_or("Ok");
        if sink != Sink::Return || self.in_branch {
            self.errors.spanned(
                call,
                format!(
                    "`{which}(…)` is the result of a workflow returning `Result`: use it as the body's last \
                     expression or in `return {which}(…)`"
                ),
            );
            return;
        }
        let Some(arg) = call.args.first().filter(|_| call.args.len() == 1) else {
            self.errors
                .spanned(call, format!("`{which}` takes one value: `{which}(…)`"));
            return;
        };
        if which == "Ok" {
            self.expr_stmt(arg, Sink::Return, out);
            return;
        }
        let kind = self.workflow_fail(arg);
        out.push(GenStmt::diverging(kind));
    }

    /// The `Fail` of `Err(arg)`: a variant of the workflow's error type, or a caught error.
    fn workflow_fail(&mut self, arg: &Expr) -> TokenStream {
        let ir = ir();
        let arg = peel(arg);
        if let Some(place) = self.place(arg) {
            let (error, cause) = (place.to_tokens(), place.to_tokens());
            return quote! {
                #ir::StmtKind::Fail {
                    error: ::std::option::Option::Some(#ir::Text::At(#error.field("error"))),
                    cause: ::std::option::Option::Some(#ir::Text::At(#cause.field("cause"))),
                }
            };
        }
        let (path, info) = match arg {
            Expr::Path(p) if p.qself.is_none() => (Some(&p.path), None),
            Expr::Call(c) if c.args.len() == 1 => match peel(&c.func) {
                Expr::Path(p) if p.qself.is_none() => (Some(&p.path), self.place(&c.args[0])),
                _ => (None, None),
            },
            _ => (None, None),
        };
        let variant = path
            .and_then(|p| p.segments.last())
            .filter(|s| is_variant_like(&s.ident));
        let carries_value = matches!(arg, Expr::Call(_));
        match (variant, self.typed_errors.workflow_error.clone()) {
            (Some(variant), Some(error_ty)) if !carries_value || info.is_some() => {
                let name = variant.ident.unraw().to_string();
                let error_ty = type_one_module_deeper(&error_ty);
                let info = match info {
                    Some(place) => {
                        let place = place.to_tokens();
                        quote!(::std::option::Option::Some(#place))
                    }
                    None => quote!(::std::option::Option::None),
                };
                quote!(::asl::__private::fail_with_variant(&<#error_ty as ::asl::TaskError>::error_names(), #name, #info))
            }
            // Not a workflow returning `Result`: rustc reports the `Err`.
            (Some(_), None) => {
                quote!(#ir::StmtKind::Fail { error: ::std::option::Option::None, cause: ::std::option::Option::None })
            }
            _ => {
                self.errors.spanned(
                    arg,
                    "the error of the workflow's `Err(…)` is a variant of its error type (`Err(PaymentError::Declined)`, \
                     `Err(PaymentError::Other(info))` with a caught `info`) or an error caught by an `Err(e) =>` arm",
                );
                quote!(#ir::StmtKind::Fail { error: ::std::option::Option::None, cause: ::std::option::Option::None })
            }
        }
    }

    /// The error name of `fail!(E::Variant, …)`: a `String` expression.
    pub(crate) fn typed_fail_name(&mut self, path: &syn::Path) -> TokenStream {
        variant_name(path)
    }
}
