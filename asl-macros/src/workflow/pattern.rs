//! `match` arm and `if let` patterns of a workflow body, translated to `ir::Pattern`.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::{Expr, Pat};

use crate::workflow::body::{ir, BodyLowering, GenStmt};
use crate::workflow::place::PlaceRef;
use crate::workflow::value::{literal_json, peel};

/// Where a pattern sits: a binding is supported at the top (`x =>`) and directly inside a
/// top-level `Some(x)`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Position {
    Top,
    Nested,
}

/// A binding the pattern introduces: `x =>` or `Some(x) =>`.
struct Binding {
    ident: syn::Ident,
    in_some: bool,
}

fn is_variant_like(ident: &syn::Ident) -> bool {
    ident
        .unraw()
        .to_string()
        .starts_with(|c: char| c.is_uppercase())
}

impl BodyLowering<'_> {
    /// The arm's `ir::Pattern` expression, and the statements that start its body: a binding
    /// (`x =>`, `Some(x) =>`) becomes a variable assigned the scrutinee. Call inside the arm's scope.
    pub(crate) fn arm_pattern(
        &mut self,
        pat: &Pat,
        scrutinee: &PlaceRef,
    ) -> (TokenStream, Vec<GenStmt>) {
        let ir = ir();
        let mut binding = None;
        let pattern = self.pattern(pat, Position::Top, &mut binding);
        let mut stmts = Vec::new();
        if let Some(Binding { ident, in_some }) = binding {
            let shape = self.place_shape(scrutinee).map(|shape| {
                if in_some {
                    quote!(::asl::__private::option_inner(&#shape))
                } else {
                    shape
                }
            });
            let name = ident.to_string();
            let var = self.new_var(&name, shape);
            self.bind(&name, var);
            let id = Self::var_id(var);
            let place = scrutinee.to_tokens();
            stmts.push(GenStmt::plain(
                quote!(#ir::StmtKind::Assign { var: #id, value: #ir::Expr::Place(#place) }),
            ));
        }
        (pattern, stmts)
    }

    /// The `ir::Pattern` of an arm of a `match` used as a value (it binds nothing).
    pub(crate) fn value_pattern(&mut self, pat: &Pat) -> TokenStream {
        let mut binding = None;
        self.pattern(pat, Position::Top, &mut binding)
    }

    fn pattern(
        &mut self,
        pat: &Pat,
        position: Position,
        binding: &mut Option<Binding>,
    ) -> TokenStream {
        let ir = ir();
        let wildcard = quote!(#ir::Pattern::Wildcard);
        match pat {
            Pat::Wild(_) => wildcard,
            Pat::Paren(p) => self.pattern(&p.pat, position, binding),
            Pat::Reference(p) => self.pattern(&p.pat, position, binding),
            Pat::Ident(p) => {
                if let Some((at, sub)) = &p.subpat {
                    self.errors.spanned(
                        quote!(#at #sub),
                        "`name @ pattern` is not supported in a workflow: match the pattern, then use the scrutinee",
                    );
                    return wildcard;
                }
                if p.ident == "None" && p.by_ref.is_none() && p.mutability.is_none() {
                    return quote!(#ir::Pattern::None);
                }
                if is_variant_like(&p.ident) && p.by_ref.is_none() && p.mutability.is_none() {
                    // `Purchase` after `use Kind::*`: a unit variant (bindings are snake_case).
                    let name = p.ident.unraw().to_string();
                    return quote!(#ir::Pattern::Variant(::std::string::String::from(#name)));
                }
                match position {
                    Position::Top => {
                        *binding = Some(Binding {
                            ident: p.ident.clone(),
                            in_some: false,
                        });
                        wildcard
                    }
                    Position::Nested => {
                        self.errors.spanned(
                            &p.ident,
                            "bindings inside this pattern are not supported in a workflow: bind the whole value \
                             (`x =>` or `Some(x) =>`) and read its fields in the arm",
                        );
                        self.bind_unknown(pat);
                        wildcard
                    }
                }
            }
            Pat::Path(p) => {
                let Some(last) = p.path.segments.last() else {
                    return wildcard;
                };
                if last.ident == "None" {
                    quote!(#ir::Pattern::None)
                } else {
                    let name = last.ident.unraw().to_string();
                    quote!(#ir::Pattern::Variant(::std::string::String::from(#name)))
                }
            }
            Pat::TupleStruct(p) => {
                let Some(last) = p.path.segments.last() else {
                    return wildcard;
                };
                if last.ident == "Some" && p.qself.is_none() {
                    let elems: Vec<&Pat> = p.elems.iter().collect();
                    return match elems.as_slice() {
                        [Pat::Wild(_)] | [Pat::Rest(_)] => quote!(#ir::Pattern::Some),
                        [Pat::Ident(inner)]
                            if position == Position::Top
                                && inner.subpat.is_none()
                                && inner.ident != "None"
                                && !is_variant_like(&inner.ident) =>
                        {
                            *binding = Some(Binding {
                                ident: inner.ident.clone(),
                                in_some: true,
                            });
                            quote!(#ir::Pattern::Some)
                        }
                        [inner] => {
                            let inner = self.pattern(inner, Position::Nested, binding);
                            quote!(#ir::Pattern::SomeOf(::std::boxed::Box::new(#inner)))
                        }
                        _ => {
                            self.errors.spanned(
                                pat,
                                "`Some` takes one pattern: `Some(_)`, `Some(x)` or `Some(Kind::A)`",
                            );
                            wildcard
                        }
                    };
                }
                for elem in &p.elems {
                    if !matches!(elem, Pat::Wild(_) | Pat::Rest(_)) {
                        self.errors.spanned(
                            elem,
                            "reading a variant's data in a `match` is not supported in a workflow yet: \
                             match the variant alone (`Kind::Card(..)`) and keep the data in a payload field",
                        );
                        self.bind_unknown(elem);
                    }
                }
                let name = last.ident.unraw().to_string();
                quote!(#ir::Pattern::Variant(::std::string::String::from(#name)))
            }
            Pat::Struct(p) => {
                for field in &p.fields {
                    if !matches!(&*field.pat, Pat::Wild(_)) {
                        self.errors.spanned(
                            field,
                            "reading a variant's fields in a `match` is not supported in a workflow yet: \
                             match the variant alone (`Kind::Card { .. }`)",
                        );
                        self.bind_unknown(&field.pat);
                    }
                }
                let Some(last) = p.path.segments.last() else {
                    return wildcard;
                };
                let name = last.ident.unraw().to_string();
                quote!(#ir::Pattern::Variant(::std::string::String::from(#name)))
            }
            Pat::Lit(lit) => match literal_json(&lit.lit, false) {
                Ok(value) => quote!(#ir::Pattern::Literal(#value)),
                Err(message) => {
                    self.errors.spanned(pat, message);
                    wildcard
                }
            },
            Pat::Range(range) => {
                let start = self.range_bound(range.start.as_deref());
                let end = self.range_bound(range.end.as_deref());
                let inclusive = matches!(range.limits, syn::RangeLimits::Closed(_));
                quote!(#ir::Pattern::Range { start: #start, end: #end, inclusive: #inclusive })
            }
            Pat::Or(or) => {
                let cases: Vec<TokenStream> = or
                    .cases
                    .iter()
                    .map(|case| self.pattern(case, Position::Nested, binding))
                    .collect();
                quote!(#ir::Pattern::Or(::std::vec![#(#cases),*]))
            }
            other => {
                self.errors.spanned(
                    other,
                    "this pattern is not supported in a workflow; use enum variants (`Kind::A`, `Kind::B(..)`), \
                     `Some(_)` / `None`, literals, ranges (`1..=9`), `p | q`, `_` or a name",
                );
                wildcard
            }
        }
    }

    /// A range pattern's bound: an `Option<Value>` expression.
    fn range_bound(&mut self, bound: Option<&Expr>) -> TokenStream {
        let Some(bound) = bound else {
            return quote!(::std::option::Option::None);
        };
        let json = match peel(bound) {
            Expr::Lit(lit) => literal_json(&lit.lit, false),
            Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Neg(_),
                expr,
                ..
            }) => match peel(expr) {
                Expr::Lit(lit) => literal_json(&lit.lit, true),
                _ => Err(String::new()),
            },
            _ => Err(String::new()),
        };
        match json {
            Ok(value) => quote!(::std::option::Option::Some(#value)),
            Err(_) => {
                self.errors.spanned(
                    bound.to_token_stream(),
                    "a range pattern's ends must be number or char literals in a workflow",
                );
                quote!(::std::option::Option::None)
            }
        }
    }
}
