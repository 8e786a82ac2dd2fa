//! Places in a workflow body: a variable or a path of fields into it (`x`, `x.a.0`, `&x`,
//! `x.clone()`), as `ir::Place`, and the shapes known for them.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{Expr, Lit, Member};

use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::value::peel;

/// A variable, or a path of Rust field names into it.
pub(crate) struct PlaceRef {
    pub(crate) var: usize,
    pub(crate) fields: Vec<String>,
}

impl PlaceRef {
    /// An `ir::Place` expression.
    pub(crate) fn to_tokens(&self) -> TokenStream {
        let ir = ir();
        let var = BodyLowering::var_id(self.var);
        let fields = &self.fields;
        quote!(#ir::Place { var: #var, fields: ::std::vec![#(::std::string::String::from(#fields)),*] })
    }
}

impl BodyLowering<'_> {
    /// `expr` as a place (`x`, `x.a.b`, `x.0`, `&x`, `x.clone()`, `(x)`), if it is one.
    pub(crate) fn place(&self, expr: &Expr) -> Option<PlaceRef> {
        match expr {
            Expr::Paren(e) => self.place(&e.expr),
            Expr::Group(e) => self.place(&e.expr),
            Expr::Reference(e) if e.mutability.is_none() => self.place(&e.expr),
            Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Deref(_),
                expr,
                ..
            }) => self.place(expr),
            Expr::Path(path) if path.qself.is_none() => {
                let ident = path.path.get_ident()?;
                let var = self.lookup(&ident.to_string())?;
                Some(PlaceRef {
                    var,
                    fields: Vec::new(),
                })
            }
            Expr::Field(field) => {
                let mut place = self.place(&field.base)?;
                place.fields.push(match &field.member {
                    Member::Named(ident) => ident.unraw().to_string(),
                    Member::Unnamed(index) => index.index.to_string(),
                });
                Some(place)
            }
            Expr::MethodCall(call)
                if call.args.is_empty()
                    && call.turbofish.is_none()
                    && ["clone", "as_str", "to_owned"]
                        .contains(&call.method.to_string().as_str()) =>
            {
                self.place(&call.receiver)
            }
            // `x.items[0]`: a literal index is a path step (`$.items[0]`).
            Expr::Index(index) => {
                let Expr::Lit(syn::ExprLit {
                    lit: Lit::Int(i), ..
                }) = peel(&index.index)
                else {
                    return None;
                };
                let i = i.base10_parse::<usize>().ok()?;
                let mut place = self.place(&index.expr)?;
                place.fields.push(i.to_string());
                Some(place)
            }
            _ => None,
        }
    }

    /// The shape of a place, when its variable's shape is known.
    pub(crate) fn place_shape(&self, place: &PlaceRef) -> Option<TokenStream> {
        self.vars[place.var].shape.as_ref()?;
        let i = place.var;
        let fields = &place.fields;
        Some(quote!(::asl::__private::place_shape(&__vars[#i].shape, &[#(#fields),*])))
    }

    /// The scrutinee of a `match` / `if let`: a place, or an error.
    pub(crate) fn scrutinee(&mut self, expr: &Expr) -> Option<PlaceRef> {
        let place = self.place(expr);
        if place.is_none() {
            self.errors.spanned(
                expr,
                "match on a workflow variable or a field of one (`match x.kind { … }`); \
                 to match on a task's result, bind it first: `let r = task(…);`",
            );
        }
        place
    }
}
