//! Values in a workflow body as `ir::Expr`: places, literals, arrays, paths, struct
//! literals, and the values of calls and method calls (task calls, `Some(e)`, …).

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, Lit, Member};

use crate::module_path::path_one_module_deeper;
use crate::type_shape::type_shape;
use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::call::CallKind;

/// The JSON value of a literal, as an `asl::__private::serde_json::Value` expression.
pub(crate) fn literal_json(lit: &Lit, negative: bool) -> Result<TokenStream, String> {
    let value = quote!(::asl::__private::serde_json::Value);
    let minus = if negative { quote!(-) } else { quote!() };
    match lit {
        Lit::Str(s) if !negative => {
            let s = s.value();
            Ok(quote!(#value::String(::std::string::String::from(#s))))
        }
        Lit::Char(c) if !negative => {
            let s = c.value().to_string();
            Ok(quote!(#value::String(::std::string::String::from(#s))))
        }
        Lit::Bool(b) if !negative => {
            let b = b.value;
            Ok(quote!(#value::Bool(#b)))
        }
        Lit::Int(int) => {
            if let Ok(n) = int.base10_parse::<i64>() {
                Ok(quote!(#value::from(#minus #n)))
            } else if let (false, Ok(n)) = (negative, int.base10_parse::<u64>()) {
                Ok(quote!(#value::from(#n)))
            } else {
                Err(
                    "this integer does not fit in a JSON number a state machine can use (64 bits)"
                        .into(),
                )
            }
        }
        Lit::Float(float) => match float.base10_parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(quote!(#value::from(#minus #n))),
            _ => Err("this number is not a finite float".into()),
        },
        _ => Err(
            "only string, number, `char` and `bool` literals are supported in a workflow".into(),
        ),
    }
}

/// Removes `(…)`, invisible groups and `&`.
pub(crate) fn peel(expr: &Expr) -> &Expr {
    match expr {
        Expr::Paren(e) => peel(&e.expr),
        Expr::Group(e) => peel(&e.expr),
        Expr::Reference(e) if e.mutability.is_none() => peel(&e.expr),
        other => other,
    }
}

/// `QUEUE_URL`, `config::LIMIT`: a constant by Rust's naming convention.
pub(crate) fn is_constant_path(expr: &Expr) -> bool {
    let Expr::Path(path) = expr else { return false };
    path.qself.is_none()
        && path.path.segments.last().is_some_and(|last| {
            let name = last.ident.unraw().to_string();
            name.len() > 1
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
                && last.arguments.is_none()
        })
}

pub(crate) fn starts_uppercase(ident: &syn::Ident) -> bool {
    ident
        .unraw()
        .to_string()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase())
}

impl BodyLowering<'_> {
    /// A value: an `ir::Expr` expression. `expected` is the shape the context requires, when
    /// known (a task's input, the workflow's output, a struct field): struct literals take it.
    pub(crate) fn value(&mut self, expr: &Expr, expected: Option<TokenStream>) -> TokenStream {
        let ir = ir();
        let null = quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null));
        if let Some(place) = self.place(expr) {
            let place = place.to_tokens();
            return quote!(#ir::Expr::Place(#place));
        }
        // `vec![S { … }, "…"]` of literals is an array in the payload template; other `vec!`s
        // are `States.Array` of values.
        if let Expr::Macro(mac) = expr {
            if let Some(items) = self.vec_of_literals(&mac.mac) {
                return self.array_literal(&items, expected);
            }
        }
        if self.jsonata {
            if let Some(value) = self.computed_value(expr, expected.clone()) {
                return value;
            }
        }
        if let Some(value) = self.data_value(expr) {
            return value;
        }
        match expr {
            Expr::Paren(e) => self.value(&e.expr, expected),
            Expr::Group(e) => self.value(&e.expr, expected),
            Expr::Reference(e) if e.mutability.is_none() => self.value(&e.expr, expected),
            Expr::Lit(lit) => self.literal(&lit.lit, false, expr),
            Expr::Unary(syn::ExprUnary {
                op: syn::UnOp::Neg(_),
                expr: inner,
                ..
            }) => match peel(inner) {
                Expr::Lit(lit) => self.literal(&lit.lit, true, expr),
                _ => self.arithmetic_error(expr),
            },
            Expr::Tuple(t) if t.elems.is_empty() => null,
            Expr::Path(path) => self.path_value(path, expected),
            Expr::Struct(s) => self.struct_literal(s, expected),
            Expr::Call(call) => self.call_value(call, expected),
            Expr::MethodCall(call) => self.method_value(call, expected),
            Expr::Try(e) => self.try_operator_value(e, expected),
            Expr::Macro(mac) => {
                if mac
                    .mac
                    .path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "fail")
                {
                    self.errors.spanned(
                        &mac.mac,
                        "`fail!(…)` ends the workflow and has no value: use it as a statement or as a whole match arm",
                    );
                } else {
                    self.unsupported_macro(&mac.mac);
                }
                null
            }
            // `items.len() as i64`: an integer is the same JSON number whatever its type.
            Expr::Cast(cast) if crate::workflow::compute::cast_target(&cast.ty).is_some() => {
                self.value(&cast.expr, expected)
            }
            Expr::If(_) | Expr::Match(_) if !self.jsonata => {
                self.errors.spanned(
                    expr,
                    "this cannot be used as a value inside another expression in a workflow: \
                     bind it to a variable first (`let v = if … { … } else { … };`) and use `v`; \
                     with `query_language = \"JSONata\"` in `#[workflow(…)]`, an `if` or `match` \
                     whose branches are plain values is computed in place",
                );
                null
            }
            Expr::If(_) | Expr::Match(_) | Expr::Block(_) | Expr::Loop(_) | Expr::While(_) => {
                self.errors.spanned(
                    expr,
                    "this cannot be used as a value inside another expression in a workflow: \
                     bind it to a variable first (`let v = if … { … } else { … };`) and use `v`",
                );
                null
            }
            other => {
                self.unsupported_expr(other);
                null
            }
        }
    }

    /// The items of `vec![…]` when each is a struct literal or a literal: those a payload
    /// template can hold in an array (a path in an array would be taken literally).
    fn vec_of_literals(&self, mac: &syn::Macro) -> Option<Vec<Expr>> {
        if !mac.path.is_ident("vec") {
            return None;
        }
        let items = mac
            .parse_body_with(syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated)
            .ok()?;
        let literal = |e: &Expr| match peel(e) {
            Expr::Struct(_) | Expr::Lit(_) => true,
            Expr::MethodCall(m) => m.args.is_empty() && matches!(peel(&m.receiver), Expr::Lit(_)),
            _ => false,
        };
        (!items.is_empty() && items.iter().all(literal)).then(|| items.into_iter().collect())
    }

    /// `vec![S { … }, …]`: an array in a payload template, each item with the array's item shape.
    fn array_literal(&mut self, items: &[Expr], expected: Option<TokenStream>) -> TokenStream {
        let shape_var = self.temp("array_shape");
        let values: Vec<TokenStream> = items
            .iter()
            .map(|item| {
                let expected = expected
                    .as_ref()
                    .map(|_| quote!(::asl::__private::array_item(&#shape_var)));
                self.value(item, expected)
            })
            .collect();
        let shape = expected.unwrap_or_else(|| quote!(::asl::__private::ir::Shape::Any));
        quote! {{
            let #shape_var: ::asl::__private::ir::Shape = #shape;
            ::asl::__private::array_literal(#shape_var.clone(), ::std::vec![#(#values),*])
        }}
    }

    fn literal(&mut self, lit: &Lit, negative: bool, expr: &Expr) -> TokenStream {
        let ir = ir();
        match literal_json(lit, negative) {
            Ok(json) => quote!(#ir::Expr::Literal(#json)),
            Err(message) => {
                self.errors.spanned(expr, message);
                quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))
            }
        }
    }

    /// A path that is not a variable: `None`, or a unit enum variant (`Kind::Refund`).
    fn path_value(&mut self, path: &syn::ExprPath, expected: Option<TokenStream>) -> TokenStream {
        let ir = ir();
        let null = quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null));
        let segments = &path.path.segments;
        let Some(last) = segments.last() else {
            return null;
        };
        if path.qself.is_none() && segments.len() == 1 && last.ident == "None" {
            return null;
        }
        // `MINIMUM`: a constant by Rust's naming convention, not a variant.
        let screaming = {
            let name = last.ident.unraw().to_string();
            name.len() > 1
                && name
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        };
        // A constant is a literal: its value is taken when the IR is built (serde writes it).
        if path.qself.is_none() && screaming {
            let deeper = path_one_module_deeper(&path.path);
            return quote_spanned!(path.span()=> #ir::Expr::Literal(::asl::__private::constant_value(&#deeper)));
        }
        if path.qself.is_none() && starts_uppercase(&last.ident) && !screaming {
            if let Some(shape) = self.variant_shape(&path.path, expected) {
                let name = last.ident.unraw().to_string();
                return quote!(#ir::Expr::Literal(::asl::__private::unit_variant_value(&#shape, #name)));
            }
        }
        if segments.len() == 1 && !starts_uppercase(&last.ident) {
            self.errors.spanned(
                path,
                format!(
                    "`{}` is not a variable of this workflow: a workflow body can use its parameter, \
                     its `let` bindings and literals",
                    last.ident
                ),
            );
        } else {
            self.errors.spanned(
                path,
                "only workflow variables, literals and unit enum variants (`Kind::Refund`) can be used as values \
                 here; constants and statics are not supported: write the literal value",
            );
        }
        null
    }

    /// The shape of the enum a variant path belongs to: the context's, or the path's prefix type.
    pub(crate) fn variant_shape(
        &self,
        path: &syn::Path,
        expected: Option<TokenStream>,
    ) -> Option<TokenStream> {
        if let Some(expected) = expected {
            return Some(expected);
        }
        if path.segments.len() < 2 {
            return None;
        }
        let mut prefix = path.clone();
        prefix.segments.pop();
        prefix.segments.pop_punct();
        let ty = syn::Type::Path(syn::TypePath {
            qself: None,
            path: path_one_module_deeper(&prefix),
        });
        Some(type_shape(&ty))
    }

    fn struct_literal(
        &mut self,
        s: &syn::ExprStruct,
        expected: Option<TokenStream>,
    ) -> TokenStream {
        if let Some(rest) = &s.rest {
            self.errors.spanned(
                {
                    let dot2 = &s.dot2_token;
                    quote!(#dot2 #rest)
                },
                "struct update syntax `..base` is not supported in a workflow: list every field \
                 (`field: base.field`)",
            );
        }
        if s.qself.is_some() {
            self.errors
                .spanned(s, "write the struct's name as a plain path: `Order { … }`");
        }
        let shape_var = self.temp("shape");
        let own_shape = {
            let path = path_one_module_deeper(&s.path);
            if path.segments.iter().any(|seg| !seg.arguments.is_none()) {
                // `Envelope::<Order> { … }`: the type is written out.
                type_shape(&syn::Type::Path(syn::TypePath { qself: None, path }))
            } else {
                // The type parameters (if any) are not known here: the pattern `S { .. }`
                // names the struct, and `LiteralShape` fills them in.
                let span = s
                    .path
                    .segments
                    .last()
                    .map(|seg| seg.ident.span())
                    .unwrap_or_else(|| s.span());
                quote_spanned! {span=>
                    ::asl::__private::literal_shape(|__literal| {
                        #[allow(unreachable_patterns)]
                        match __literal {
                            #path { .. } => {}
                            _ => {}
                        }
                    })
                }
            }
        };
        let shape = match expected {
            // A field of a type parameter (`message_body: T`) is described as `Any`: then the
            // literal's own type gives the JSON names.
            Some(expected) => quote!(::asl::__private::or_literal_shape(#expected, || #own_shape)),
            None => own_shape,
        };
        let name = s
            .path
            .segments
            .last()
            .map(|seg| seg.ident.unraw().to_string())
            .unwrap_or_default();
        let mut fields = Vec::new();
        for field in &s.fields {
            let rust = match &field.member {
                Member::Named(ident) => ident.unraw().to_string(),
                Member::Unnamed(index) => index.index.to_string(),
            };
            let expected = quote!(::asl::__private::literal_field_shape(&#shape_var, #name, #rust));
            let value = self.value(&field.expr, Some(expected));
            fields.push(quote!((#rust, #value)));
        }
        quote! {{
            let #shape_var: ::asl::__private::ir::Shape = #shape;
            ::asl::__private::struct_literal(#shape_var.clone(), #name, ::std::vec![#(#fields),*])
        }}
    }

    fn call_value(&mut self, call: &ExprCall, expected: Option<TokenStream>) -> TokenStream {
        let ir = ir();
        let null = quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null));
        match self.classify_call(call) {
            CallKind::Some => match call.args.first() {
                Some(inner) if call.args.len() == 1 => {
                    let expected =
                        expected.map(|shape| quote!(::asl::__private::option_inner(&#shape)));
                    self.value(inner, expected)
                }
                _ => null,
            },
            CallKind::SameValue => match call.args.first() {
                Some(inner) if call.args.len() == 1 => self.value(inner, expected),
                _ => null,
            },
            CallKind::Sleep | CallKind::SleepUntil => {
                self.errors
                    .spanned(call, "`sleep(…)` has no value: use it as a statement");
                null
            }
            CallKind::TaskToken => quote! {
                #ir::Expr::Context(::std::vec![::std::string::String::from("Task"), ::std::string::String::from("Token")])
            },
            CallKind::Recursion => {
                self.errors.spanned(
                    &call.func,
                    "a workflow cannot call itself: a state machine has no recursion; use `loop` \
                     (or start a new execution from a #[task])",
                );
                null
            }
            CallKind::Constructor => {
                self.errors.spanned(
                    &call.func,
                    "tuple struct and tuple variant constructors are not supported in a workflow: \
                     use a struct with named fields (`Name { field: … }`)",
                );
                null
            }
            CallKind::Other => {
                self.errors.spanned(
                    &call.func,
                    "only #[task] fns can be called in a workflow, by name (`task(x)`, `module::task(x)` or \
                     `task::<T>(x)`)",
                );
                null
            }
            CallKind::Task(_) => {
                let spec = self.task_spec(call).expect("a task call has a path");
                let spec = self.with_call_retry(spec);
                let task_var = self.temp("task");
                let arg = match call.args.first() {
                    None => quote!(::std::option::Option::None),
                    Some(arg) => {
                        let value = self.value(arg, Some(quote!(#task_var.input.clone())));
                        quote!(::std::option::Option::Some(#value))
                    }
                };
                quote! {{
                    let #task_var: #ir::TaskSpec = #spec;
                    #ir::Expr::Call(::std::boxed::Box::new(#ir::Call { arg: #arg, task: #task_var }))
                }}
            }
        }
    }

    fn method_value(
        &mut self,
        call: &syn::ExprMethodCall,
        expected: Option<TokenStream>,
    ) -> TokenStream {
        let ir = ir();
        let method = call.method.to_string();
        let receiver = peel(&call.receiver);
        let literal_receiver = matches!(receiver, Expr::Lit(_)) || is_constant_path(receiver);
        if call.args.is_empty()
            && literal_receiver
            && ["to_string", "to_owned", "into", "clone"].contains(&method.as_str())
        {
            return self.value(receiver, expected);
        }
        if call.args.is_empty() && method == "clone" {
            // `S { … }.clone()` and the like: the same value.
            return self.value(receiver, expected);
        }
        let message = match method.as_str() {
            _ if self.jsonata => {
                // Only `into` and `unwrap`/`expect` reach here in a JSONata workflow.
                format!(
                    "`.{method}()` is not supported in a workflow: `match` on the value \
                     (`Some(v) => …, None => fail!(…)`), use `.unwrap_or(default)`, or a field of the right type"
                )
            }
            m if m != "is_some" && m != "is_none" && m != "into" && crate::workflow::compute::jsonata_method(m) => {
                crate::workflow::compute::needs_jsonata(&format!("`.{method}()`"))
            }
            "is_some" | "is_none" => "`.is_some()` / `.is_none()` can only be used as an `if` or `while` condition".to_string(),
            "to_string" | "into" => format!(
                "`.{method}()` on a workflow value is not supported: it could change the JSON form; \
                 use `.clone()` or a field of the right type"
            ),
            "unwrap" | "expect" => format!(
                "`.{method}()` is not supported in a workflow: `match` on the `Option` \
                 (`Some(v) => …, None => fail!(…)`)"
            ),
            _ => format!(
                "method `.{method}()` is not supported in a workflow body; supported are `.clone()`, `.as_str()`, \
                 `.len()` and `.contains(&v)` on values, and `.is_some()` / `.is_none()` in conditions. \
                 Compute it in a #[task] fn"
            ),
        };
        let (dot, name) = (&call.dot_token, &call.method);
        self.errors.spanned(quote!(#dot #name), message);
        quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))
    }
}
