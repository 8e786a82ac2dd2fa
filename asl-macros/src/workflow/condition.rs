//! `if` / `while` conditions of a workflow body, translated to `ir::Cond`.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{BinOp, Expr, Lit};

use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::place::PlaceRef;
use crate::workflow::value::{literal_json, peel};

/// One side of a comparison.
enum Rhs {
    Place(PlaceRef),
    /// An `asl::__private::serde_json::Value` expression.
    Literal(TokenStream),
    /// `None`.
    None,
    /// A unit enum variant: its path.
    Variant(syn::Path),
}

#[derive(Clone, Copy)]
enum Op {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Op {
    fn from_bin(op: &BinOp) -> Option<Op> {
        Some(match op {
            BinOp::Eq(_) => Op::Eq,
            BinOp::Ne(_) => Op::Ne,
            BinOp::Lt(_) => Op::Lt,
            BinOp::Le(_) => Op::Le,
            BinOp::Gt(_) => Op::Gt,
            BinOp::Ge(_) => Op::Ge,
            _ => return None,
        })
    }

    /// The operator with its sides swapped: `3 < x` is `x > 3`.
    fn flipped(self) -> Op {
        match self {
            Op::Eq => Op::Eq,
            Op::Ne => Op::Ne,
            Op::Lt => Op::Gt,
            Op::Le => Op::Ge,
            Op::Gt => Op::Lt,
            Op::Ge => Op::Le,
        }
    }

    fn to_tokens(self) -> TokenStream {
        let ir = ir();
        match self {
            Op::Eq => quote!(#ir::CmpOp::Eq),
            Op::Ne => quote!(#ir::CmpOp::Ne),
            Op::Lt => quote!(#ir::CmpOp::Lt),
            Op::Le => quote!(#ir::CmpOp::Le),
            Op::Gt => quote!(#ir::CmpOp::Gt),
            Op::Ge => quote!(#ir::CmpOp::Ge),
        }
    }
}

impl BodyLowering<'_> {
    /// A condition: an `ir::Cond` expression.
    pub(crate) fn cond(&mut self, expr: &Expr) -> TokenStream {
        let ir = ir();
        match expr {
            Expr::Paren(e) => return self.cond(&e.expr),
            Expr::Group(e) => return self.cond(&e.expr),
            Expr::Lit(syn::ExprLit {
                lit: Lit::Bool(b), ..
            }) => {
                let b = b.value;
                return quote!(#ir::Cond::Literal(#b));
            }
            Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Not(_),
                expr: inner,
                ..
            }) => {
                let inner = self.cond(inner);
                return quote!(#ir::Cond::Not(::std::boxed::Box::new(#inner)));
            }
            Expr::Binary(e) => match &e.op {
                BinOp::And(_) => {
                    let (l, r) = (self.cond(&e.left), self.cond(&e.right));
                    return quote!(#ir::Cond::And(::std::boxed::Box::new(#l), ::std::boxed::Box::new(#r)));
                }
                BinOp::Or(_) => {
                    let (l, r) = (self.cond(&e.left), self.cond(&e.right));
                    return quote!(#ir::Cond::Or(::std::boxed::Box::new(#l), ::std::boxed::Box::new(#r)));
                }
                op => {
                    if let Some(op) = Op::from_bin(op) {
                        return self.comparison(expr, &e.left, op, &e.right);
                    }
                }
            },
            Expr::MethodCall(call) if call.args.is_empty() => {
                let method = call.method.to_string();
                if method == "is_some" || method == "is_none" {
                    if let Some(place) = self.place(&call.receiver) {
                        let place = place.to_tokens();
                        return if method == "is_some" {
                            quote!(#ir::Cond::IsSome(#place))
                        } else {
                            quote!(#ir::Cond::IsNone(#place))
                        };
                    }
                }
            }
            Expr::Let(lets) => {
                self.errors.spanned(
                    lets.let_token,
                    "`if let` cannot be combined with other conditions in a workflow: \
                     nest the `if let` inside an `if`",
                );
                return quote!(#ir::Cond::Literal(false));
            }
            _ => {}
        }
        if let Some(place) = self.place(expr) {
            let place = place.to_tokens();
            return quote!(#ir::Cond::IsTrue(#place));
        }
        if self.jsonata {
            // A computed Boolean (`s.starts_with("a")`, `v.iter().any(|x| …)`).
            let value = self.value(expr, None);
            return quote!(#ir::Cond::Value(#value));
        }
        if let Some(value) = self.condition_intrinsic(expr) {
            return quote!(#ir::Cond::Value(#value));
        }
        self.condition_error(expr);
        quote!(#ir::Cond::Literal(false))
    }

    fn condition_error(&mut self, expr: &Expr) {
        if let Expr::Call(_) = peel(expr) {
            self.errors.spanned(
                expr,
                "a task call cannot be used in a condition directly: bind its result first \
                 (`let ok = task(x);`) and test that (`if ok.approved { … }`)",
            );
            return;
        }
        // Most unsupported expressions have an error of their own that says more.
        let before = self.errors.len();
        let computed = self.data_value(peel(expr)).is_some();
        if !computed {
            let _ = self.value(expr, None);
        }
        if self.errors.len() == before && computed {
            self.errors.spanned(
                expr,
                "a computed value (`x.items.len()`, `a + 1`, …) cannot be tested in a condition directly: \
                 bind it first (`let n = x.items.len();`) and compare the variable (`if n > 3`)",
            );
        } else if self.errors.len() == before {
            self.errors.spanned(
                expr,
                "this condition is not supported in a workflow: compare a payload field with a literal or \
                 another field (`x.amount > 100`, `x.a == y.b`), test a `bool` field (`if x.ok`), \
                 or use `.is_some()` / `.is_none()`",
            );
        }
    }

    fn operand(&self, expr: &Expr) -> Option<Rhs> {
        if let Some(place) = self.place(expr) {
            return Some(Rhs::Place(place));
        }
        match peel(expr) {
            Expr::Lit(lit) => literal_json(&lit.lit, false).ok().map(Rhs::Literal),
            Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Neg(_),
                expr: inner,
                ..
            }) => match peel(inner) {
                Expr::Lit(lit) => literal_json(&lit.lit, true).ok().map(Rhs::Literal),
                _ => None,
            },
            Expr::MethodCall(m)
                if m.args.is_empty()
                    && (matches!(peel(&m.receiver), Expr::Lit(_))
                        || crate::workflow::value::is_constant_path(peel(&m.receiver)))
                    && ["to_string", "to_owned", "into"]
                        .contains(&m.method.to_string().as_str()) =>
            {
                self.operand(&m.receiver)
            }
            // `String::from("…")`, `Timestamp::from("…")`: the literal itself.
            Expr::Call(c)
                if c.args.len() == 1
                    && matches!(peel(&c.args[0]), Expr::Lit(_))
                    && matches!(&*c.func, Expr::Path(f) if f.path.segments.len() == 2
                        && f.path.segments[1].ident == "from"
                        && ["String", "Timestamp"].contains(&f.path.segments[0].ident.to_string().as_str())) =>
            {
                self.operand(&c.args[0])
            }
            Expr::Path(p) if p.qself.is_none() => {
                let last = p.path.segments.last()?;
                if p.path.segments.len() == 1 && last.ident == "None" {
                    Some(Rhs::None)
                } else if crate::workflow::value::is_constant_path(expr) {
                    // A constant (`LIMIT`) is a literal, read when the IR is built.
                    let deeper = crate::module_path::path_one_module_deeper(&p.path);
                    Some(Rhs::Literal(
                        quote::quote_spanned!(p.span()=> ::asl::__private::constant_value(&#deeper)),
                    ))
                } else if last
                    .ident
                    .unraw()
                    .to_string()
                    .starts_with(|c: char| c.is_uppercase())
                {
                    Some(Rhs::Variant(p.path.clone()))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// `left OP right`.
    fn comparison(&mut self, whole: &Expr, left: &Expr, op: Op, right: &Expr) -> TokenStream {
        let ir = ir();
        let failed = quote!(#ir::Cond::Literal(false));
        let (l, r) = (self.operand(left), self.operand(right));
        let (place, op, other) = match (l, r) {
            (Some(Rhs::Place(p)), Some(other)) => (p, op, other),
            (Some(other), Some(Rhs::Place(p))) => (p, op.flipped(), other),
            (_, _) if self.jsonata => {
                // `a.len() > 3`, `x * 2.0 < y`: a computed comparison.
                let value = self.value(whole, None);
                return quote!(#ir::Cond::Value(#value));
            }
            (l, r) => {
                for (side, operand) in [(left, l), (right, r)] {
                    if operand.is_none() {
                        self.condition_error(side);
                        return failed;
                    }
                }
                self.errors.spanned(
                    whole,
                    "a comparison in a workflow needs a payload field on one side: `x.amount > 100`, `x.a == y.b`",
                );
                return failed;
            }
        };
        let op_tokens = op.to_tokens();
        match other {
            Rhs::Place(rhs) => {
                let (place, rhs) = (place.to_tokens(), rhs.to_tokens());
                quote!(#ir::Cond::Compare { place: #place, op: #op_tokens, rhs: #ir::Rhs::Place(#rhs) })
            }
            Rhs::Literal(value) => {
                let place = place.to_tokens();
                quote!(#ir::Cond::Compare { place: #place, op: #op_tokens, rhs: #ir::Rhs::Literal(#value) })
            }
            Rhs::None => {
                let place_tokens = place.to_tokens();
                match op {
                    Op::Eq => quote!(#ir::Cond::IsNone(#place_tokens)),
                    Op::Ne => quote!(#ir::Cond::IsSome(#place_tokens)),
                    _ => {
                        self.errors
                            .spanned(whole, "`None` can only be compared with `==` or `!=`");
                        failed
                    }
                }
            }
            Rhs::Variant(path) => {
                if !matches!(op, Op::Eq | Op::Ne) {
                    self.errors.spanned(
                        whole,
                        "enum variants can only be compared with `==` or `!=`",
                    );
                    return failed;
                }
                let shape = if path.segments.len() >= 2 {
                    self.variant_shape(&path, None)
                } else {
                    self.place_shape(&place)
                };
                let Some(shape) = shape else {
                    self.errors.spanned(
                        &path,
                        "write the variant with its enum's name (`Kind::Refund`), or use `match`",
                    );
                    return failed;
                };
                let name = path
                    .segments
                    .last()
                    .map(|s| s.ident.unraw().to_string())
                    .unwrap_or_default();
                let place = place.to_tokens();
                quote! {
                    #ir::Cond::Compare {
                        place: #place,
                        op: #op_tokens,
                        rhs: #ir::Rhs::Literal(::asl::__private::unit_variant_value(&#shape, #name)),
                    }
                }
            }
        }
    }
}
