//! Methods with a closure in a JSONata workflow: iterator adapters (`map`, `filter`, `any`,
//! `all`, `find`), `Option::map` and `fold(init, |acc, x| …)` / `fold(init, f64::max)`.
//!
//! A closure's parameters are new workflow variables, in scope in its body only; their
//! shape is the typed parameter's (`|x: &Item|`) or `Shape::Any` (the back end infers it).

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, ExprClosure, ExprMethodCall, Pat};

use super::compute;
use super::method::method_expr;
use crate::module_path::type_one_module_deeper;
use crate::type_shape::type_shape;
use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::intrinsic::null;
use crate::workflow::value::peel;

/// Methods whose value is an iterator: `.map(…)` after them maps the items (else it is
/// `Option::map`).
/// Methods that make an iterator of their receiver.
const ITERATOR_SOURCES: &[&str] = &["iter", "into_iter", "split", "chars"];

/// Methods that are iterator adapters when their receiver is an iterator (`Option` has
/// `map`, `filter`, `cloned` and `copied` too).
const ITERATOR_ADAPTERS: &[&str] = &["cloned", "copied", "map", "filter", "rev"];

impl BodyLowering<'_> {
    /// `receiver.map(|x| …)`, `.filter`, `.any`, `.all`, `.find`, `.fold(init, …)`.
    pub(crate) fn closure_method(&mut self, call: &ExprMethodCall) -> TokenStream {
        let ir = ir();
        let name = call.method.to_string();
        if name == "fold" {
            return self.fold(call);
        }
        let closure = match call.args.iter().collect::<Vec<_>>().as_slice() {
            [Expr::Closure(c)] => c,
            _ => {
                self.errors.spanned(
                    &call.args,
                    format!("`.{name}(…)` takes a closure in a workflow: `.{name}(|x| …)`"),
                );
                return null();
            }
        };
        let method = match name.as_str() {
            "map" if !self.is_iterator(&call.receiver) => quote!(OptionMap),
            "map" => quote!(Map),
            "filter" => quote!(Filter),
            "any" => quote!(Any),
            "all" => quote!(All),
            _ => quote!(Find),
        };
        let receiver = self.compute_operand(&call.receiver);
        let closure = self.closure(closure, 1);
        compute(quote! {
            #ir::Compute::Closure { method: #ir::ClosureMethod::#method, receiver: #receiver, closure: #closure }
        })
    }

    /// Whether `expr` is an iterator (`v.iter()`, `s.split(…)`, `….filter(…)`).
    fn is_iterator(&self, expr: &Expr) -> bool {
        let Expr::MethodCall(m) = peel(expr) else {
            return false;
        };
        let name = m.method.to_string();
        ITERATOR_SOURCES.contains(&name.as_str())
            || (ITERATOR_ADAPTERS.contains(&name.as_str()) && self.is_iterator(&m.receiver))
    }

    /// `receiver.fold(init, |acc, x| …)` or `.fold(init, f64::max)`.
    fn fold(&mut self, call: &ExprMethodCall) -> TokenStream {
        let ir = ir();
        let args: Vec<&Expr> = call.args.iter().collect();
        let [init, f] = args.as_slice() else {
            self.errors.spanned(
                &call.args,
                "`.fold` takes a start value and a closure: `.fold(0.0, |acc, x| acc + x)`",
            );
            return null();
        };
        let receiver = self.compute_operand(&call.receiver);
        let init = self.compute_operand(init);
        let closure = match peel(f) {
            Expr::Closure(c) => self.closure(c, 2),
            Expr::Path(p) => {
                let last = p.path.segments.last().map(|s| s.ident.to_string());
                let method = match last.as_deref() {
                    Some("max") => "Max",
                    Some("min") => "Min",
                    _ => {
                        self.errors.spanned(
                            p,
                            "`.fold` takes a closure (`|acc, x| acc + x`) or `f64::max` / `f64::min` in a workflow",
                        );
                        return null();
                    }
                };
                let acc = self.new_var("acc", None);
                let item = self.new_var("item", None);
                let (acc_id, item_id) = (Self::var_id(acc), Self::var_id(item));
                let body = method_expr(
                    method,
                    quote!(#ir::Expr::Place(#ir::Place::var(#acc_id))),
                    vec![quote!(#ir::Expr::Place(#ir::Place::var(#item_id)))],
                );
                quote!(#ir::Closure { params: ::std::vec![#acc_id, #item_id], body: #body })
            }
            other => {
                self.errors.spanned(
                    other,
                    "`.fold` takes a closure (`|acc, x| acc + x`) or `f64::max` / `f64::min` in a workflow",
                );
                return null();
            }
        };
        compute(quote!(#ir::Compute::Fold { receiver: #receiver, init: #init, closure: #closure }))
    }

    /// An `ir::Closure`: its parameters are new variables, visible in its body only.
    fn closure(&mut self, closure: &ExprClosure, arity: usize) -> TokenStream {
        let ir = ir();
        if closure.inputs.len() != arity {
            self.errors.spanned(
                &closure.inputs,
                format!("this closure takes {arity} parameter(s) here"),
            );
        }
        if let Some(tokens) = closure
            .movability
            .as_ref()
            .map(|m| quote!(#m))
            .or(closure.asyncness.as_ref().map(|a| quote!(#a)))
        {
            self.errors
                .spanned(tokens, "a plain closure is expected here: `|x| …`");
        }
        self.push_scope();
        let mut params = Vec::new();
        for input in &closure.inputs {
            let (pat, ty) = match input {
                Pat::Type(t) => (&*t.pat, Some(&*t.ty)),
                other => (other, None),
            };
            let pat = match pat {
                Pat::Reference(r) => &*r.pat,
                other => other,
            };
            let pat = match pat {
                Pat::Reference(r) => &*r.pat,
                other => other,
            };
            let name = match pat {
                Pat::Ident(ident) if ident.subpat.is_none() => ident.ident.to_string(),
                Pat::Wild(_) => "_unused".to_string(),
                other => {
                    self.errors.spanned(
                        other,
                        "a closure parameter in a workflow is a name (`|x| …`, `|&x| …`, `|x: &Item| …`); \
                         destructure inside the body with fields (`x.0`, `x.a`)",
                    );
                    self.bind_unknown(other);
                    continue;
                }
            };
            let shape = ty.map(|ty| {
                let mut ty = ty;
                while let syn::Type::Reference(r) = ty {
                    ty = &r.elem;
                }
                type_shape(&type_one_module_deeper(ty))
            });
            let var = self.new_var(&name, shape);
            self.bind(&name, var);
            params.push(Self::var_id(var));
        }
        let body = if self.is_pure(&closure.body) {
            self.value(&closure.body, None)
        } else {
            self.errors.spanned(
                &closure.body,
                "a closure in a workflow computes a plain value (no task call, `let`, loop or `return`): \
                 to call a task for each item, use `map(items, |x| …)` (a Map state)",
            );
            null()
        };
        self.pop_scope();
        quote!(#ir::Closure { params: ::std::vec![#(#params),*], body: #body })
    }
}
