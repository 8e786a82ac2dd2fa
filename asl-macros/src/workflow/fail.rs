//! `fail!(…)` in a workflow body: a `Fail` statement with its error name and cause,
//! also with a typed error (`fail!(PaymentError::Declined, "cause")`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{Expr, Lit};

use crate::workflow::body::{ir, BodyLowering, GenStmt};
use crate::workflow::value::peel;

impl BodyLowering<'_> {
    /// `fail!("Name", "cause")`, `fail!(Name, cause)`, `fail!("Name")`, `fail!(cause = …)`.
    pub(crate) fn fail_stmt(&mut self, mac: &syn::Macro) -> GenStmt {
        let ir = ir();
        let Some(args) = self.macro_args(mac) else {
            return GenStmt::diverging(
                quote!(#ir::StmtKind::Fail { error: ::std::option::Option::None, cause: ::std::option::Option::None }),
            );
        };
        // The error name: a `String` expression.
        let mut error: Option<TokenStream> = None;
        let mut cause: Option<TokenStream> = None;
        let mut args = args.iter();
        match args.next() {
            None => self.errors.spanned(
                mac,
                "`fail!` needs an error name: `fail!(\"ErrorName\", \"cause\")`, `fail!(ErrorName)` or `fail!(cause = \"…\")`",
            ),
            Some(Expr::Assign(assign)) if matches!(&*assign.left, Expr::Path(p) if p.path.is_ident("cause")) => {
                cause = self.fail_text(&assign.right);
            }
            Some(Expr::Lit(syn::ExprLit { lit: Lit::Str(s), .. })) => {
                let s = s.value();
                error = Some(quote!(::std::string::String::from(#s)));
            }
            Some(Expr::Path(p)) if p.path.get_ident().is_some() => {
                error = p.path.get_ident().map(|i| {
                    let name = i.unraw().to_string();
                    quote!(::std::string::String::from(#name))
                });
            }
            // `fail!(PaymentError::Declined, …)`: the variant's ASL name.
            Some(Expr::Path(p)) if p.qself.is_none() => error = Some(self.typed_fail_name(&p.path)),
            Some(other) => self.errors.spanned(
                other,
                "the error name of `fail!` is a string literal, an identifier or a typed error variant: \
                 `fail!(\"OrderRejected\", \"cause\")`, `fail!(PaymentError::Declined, \"cause\")`",
            ),
        }
        if let Some(second) = args.next() {
            if error.is_none() && cause.is_some() {
                self.errors
                    .spanned(second, "`fail!(cause = …)` takes nothing else");
            } else {
                cause = self.fail_text(second);
            }
        }
        if let Some(extra) = args.next() {
            self.errors.spanned(
                extra,
                "`fail!` takes an error name and a cause, nothing more",
            );
        }
        let error = match error {
            Some(e) => quote!(::std::option::Option::Some(#ir::Text::Literal(#e))),
            None => quote!(::std::option::Option::None),
        };
        let cause = match cause {
            Some(c) => quote!(::std::option::Option::Some(#c)),
            None => quote!(::std::option::Option::None),
        };
        GenStmt::diverging(quote!(#ir::StmtKind::Fail { error: #error, cause: #cause }))
    }

    /// The cause of a `fail!`: an `ir::Text` expression.
    fn fail_text(&mut self, expr: &Expr) -> Option<TokenStream> {
        let ir = ir();
        let mut expr = peel(expr);
        if let Expr::MethodCall(m) = expr {
            if m.args.is_empty() && matches!(peel(&m.receiver), Expr::Lit(_)) {
                expr = peel(&m.receiver);
            }
        }
        if let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) = expr
        {
            let s = s.value();
            return Some(quote!(#ir::Text::Literal(::std::string::String::from(#s))));
        }
        if let Some(place) = self.place(expr) {
            let place = place.to_tokens();
            return Some(quote!(#ir::Text::At(#place)));
        }
        self.errors.spanned(
            expr,
            "the cause of `fail!` is a string literal or a payload field (`fail!(\"Rejected\", order.reason)`)",
        );
        None
    }
}
