//! Values in a workflow body: places, literals, struct literals, task calls, and the
//! errors for every expression that has no meaning in a state machine.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned, ToTokens};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall, Lit, Member};

use crate::derive_payload::type_shape;
use crate::module_path::path_one_module_deeper;
use crate::workflow_body::{ir, BodyLowering, GenStmt};

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

/// What a call expression in a workflow body is.
pub(crate) enum CallKind {
    /// A `#[task]` fn: the path to its module (one module deeper, for use in the generated module).
    Task(syn::Path),
    /// `Some(e)`.
    Some,
    /// `String::from(e)`, `Timestamp::from(e)`, `Box::new(e)`: the same JSON as `e`.
    SameValue,
    /// `sleep(d)`.
    Sleep,
    /// `sleep_until(t)`.
    SleepUntil,
    /// `task_token()` (`asl::aws::task_token`): the context object's `$$.Task.Token`.
    TaskToken,
    /// The workflow calling itself.
    Recursion,
    /// `Name(…)`: a tuple struct or tuple variant constructor.
    Constructor,
    /// A call of something that is not a path (`(f)(x)`, `x.f(y)`), or with generic arguments.
    Other,
}

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

fn starts_uppercase(ident: &syn::Ident) -> bool {
    ident
        .unraw()
        .to_string()
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase())
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

    /// What a call is, without reporting anything.
    pub(crate) fn classify_call(&self, call: &ExprCall) -> CallKind {
        let Expr::Path(func) = peel(&call.func) else {
            return CallKind::Other;
        };
        if func.qself.is_some() {
            return CallKind::Other;
        }
        let path = &func.path;
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        let Some(last) = path.segments.last() else {
            return CallKind::Other;
        };
        let names: Vec<&str> = segments.iter().map(String::as_str).collect();
        match names.as_slice() {
            ["Some"] | ["Option", "Some"] | ["std" | "core", "option", "Option", "Some"] => {
                return CallKind::Some
            }
            [.., "String" | "Timestamp", "from"] | [.., "Box", "new"] => {
                return CallKind::SameValue
            }
            ["sleep"] | ["asl", "sleep"] | ["asl", "runtime", "sleep"] => return CallKind::Sleep,
            ["sleep_until"] | ["asl", "sleep_until"] | ["asl", "runtime", "sleep_until"] => {
                return CallKind::SleepUntil
            }
            ["task_token"] | [.., "aws", "task_token"] if call.args.is_empty() => {
                return CallKind::TaskToken
            }
            _ => {}
        }
        // Generic arguments are allowed on the fn (`lambda::invoke::<_, Receipt>(…)`), not on
        // the modules before it; `task()` lives in the module named like the fn, without them.
        let modules = path
            .segments
            .iter()
            .take(path.segments.len().saturating_sub(1));
        if modules.into_iter().any(|s| !s.arguments.is_none()) {
            return CallKind::Other;
        }
        let mut path = path.clone();
        if let Some(last) = path.segments.last_mut() {
            last.arguments = syn::PathArguments::None;
        }
        let path = &path;
        let to_self = match names.as_slice() {
            [name] | ["self", name] => self.workflow_fn == name,
            _ => false,
        };
        if to_self {
            return CallKind::Recursion;
        }
        if starts_uppercase(&last.ident) {
            return CallKind::Constructor;
        }
        CallKind::Task(path_one_module_deeper(path))
    }

    /// `f::task()` (an `ir::TaskSpec` expression) when `call` is a task call `f(…)`.
    pub(crate) fn task_spec(&self, call: &ExprCall) -> Option<TokenStream> {
        match self.classify_call(call) {
            CallKind::Task(path) => {
                let span = path
                    .segments
                    .last()
                    .map(|s| s.ident.span())
                    .unwrap_or_else(|| call.span());
                Some(quote_spanned!(span=> #path::task()))
            }
            _ => None,
        }
    }

    /// `Some(false)` for `sleep(…)`, `Some(true)` for `sleep_until(…)`.
    pub(crate) fn is_sleep_call(&self, call: &ExprCall) -> Option<bool> {
        match self.classify_call(call) {
            CallKind::Sleep => Some(false),
            CallKind::SleepUntil => Some(true),
            _ => None,
        }
    }

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

    /// `sleep(d)` / `sleep_until(t)`: a `Sleep` statement.
    pub(crate) fn sleep_stmt(&mut self, call: &ExprCall) -> GenStmt {
        let ir = ir();
        let until = self.is_sleep_call(call) == Some(true);
        let Some(arg) = call.args.first().filter(|_| call.args.len() == 1) else {
            self.errors.spanned(call, "`sleep` takes one argument");
            return GenStmt::plain(quote!(#ir::StmtKind::Sleep(#ir::Duration::Seconds(0))));
        };
        let duration = if until {
            self.sleep_until_duration(arg)
        } else {
            self.sleep_duration(arg)
        };
        GenStmt::plain(quote!(#ir::StmtKind::Sleep(#duration)))
    }

    fn sleep_duration(&mut self, arg: &Expr) -> TokenStream {
        let ir = ir();
        let arg = peel(arg);
        if let Some(place) = self.place(arg) {
            let place = place.to_tokens();
            return quote!(#ir::Duration::SecondsAt(#place));
        }
        match arg {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(int), ..
            }) => {
                if let Ok(n) = int.base10_parse::<u64>() {
                    return quote!(#ir::Duration::Seconds(#n));
                }
            }
            Expr::Call(call) => {
                let Expr::Path(func) = peel(&call.func) else {
                    return self.sleep_error(arg);
                };
                let unit = func
                    .path
                    .segments
                    .last()
                    .map(|s| s.ident.to_string())
                    .unwrap_or_default();
                let factor: Option<(u64, u64)> = match unit.as_str() {
                    "from_secs" => Some((1, 1)),
                    "from_mins" => Some((60, 1)),
                    "from_hours" => Some((3600, 1)),
                    "from_millis" => Some((1, 1000)),
                    _ => None,
                };
                if let (Some((multiply, divide)), Some(inner)) = (factor, call.args.first()) {
                    let inner = peel(inner);
                    if let Expr::Lit(syn::ExprLit {
                        lit: Lit::Int(int), ..
                    }) = inner
                    {
                        if let Ok(n) = int.base10_parse::<u64>() {
                            if n % divide != 0 {
                                self.errors.spanned(
                                    inner,
                                    "a Wait state waits whole seconds: use `Duration::from_secs(…)`",
                                );
                            }
                            let seconds = n.saturating_mul(multiply) / divide;
                            return quote!(#ir::Duration::Seconds(#seconds));
                        }
                    }
                    if (multiply, divide) == (1, 1) {
                        if let Some(place) = self.place(inner) {
                            let place = place.to_tokens();
                            return quote!(#ir::Duration::SecondsAt(#place));
                        }
                    }
                }
            }
            _ => {}
        }
        self.sleep_error(arg)
    }

    fn sleep_error(&mut self, arg: &Expr) -> TokenStream {
        let ir = ir();
        self.errors.spanned(
            arg,
            "`sleep` takes a literal duration (`Duration::from_secs(30)` or `30`) or a payload field \
             holding seconds (`sleep(x.delay_seconds)`)",
        );
        quote!(#ir::Duration::Seconds(0))
    }

    fn sleep_until_duration(&mut self, arg: &Expr) -> TokenStream {
        let ir = ir();
        let mut arg = peel(arg);
        // `"…".to_string()`, `String::from("…")`, `Timestamp::from("…")`.
        if let Expr::MethodCall(m) = arg {
            if m.args.is_empty()
                && ["to_string", "to_owned", "into"].contains(&m.method.to_string().as_str())
            {
                arg = peel(&m.receiver);
            }
        }
        if let Expr::Call(call) = arg {
            if matches!(self.classify_call(call), CallKind::SameValue) && call.args.len() == 1 {
                arg = peel(&call.args[0]);
            }
        }
        if let Some(place) = self.place(arg) {
            let place = place.to_tokens();
            return quote!(#ir::Duration::UntilAt(#place));
        }
        if let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) = arg
        {
            let s = s.value();
            return quote!(#ir::Duration::Until(::std::string::String::from(#s)));
        }
        self.errors.spanned(
            arg,
            "`sleep_until` takes an RFC 3339 timestamp literal (`\"2026-01-01T00:00:00Z\"`) or a payload field \
             holding one (`sleep_until(x.deadline)`)",
        );
        quote!(#ir::Duration::Seconds(0))
    }

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

    pub(crate) fn unsupported_macro(&mut self, mac: &syn::Macro) {
        let name = mac
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let message = match name.as_str() {
            "println" | "print" | "eprintln" | "eprint" | "dbg" => format!(
                "`{name}!` is not supported in a workflow body: it would not run in Step Functions; \
                 log from a #[task] fn instead"
            ),
            "json" => "`json!` is not supported in a workflow yet: use a struct literal of a \
                       #[derive(Payload)] type"
                .to_string(),
            "panic" | "unreachable" | "todo" | "unimplemented" | "assert" | "assert_eq" | "assert_ne" => format!(
                "`{name}!` is not supported in a workflow: end the workflow with \
                 `fail!(\"ErrorName\", \"cause\")` instead"
            ),
            "parallel" => "`parallel!(…)` cannot be used inside another expression in a workflow: \
                           bind it first (`let r = parallel!(…);`) and use `r.0`, `r.1`"
                .to_string(),
            _ => format!(
                "macro `{name}!` is not supported in a workflow body; the macros a workflow understands \
                 are `fail!(…)`, `parallel!(…)`, `format!(…)` and `vec![…]`"
            ),
        };
        self.errors.spanned(mac, message);
    }

    fn arithmetic_error(&mut self, expr: &Expr) -> TokenStream {
        let ir = ir();
        self.errors.spanned(expr, ARITHMETIC);
        quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))
    }

    /// The error for an expression that has no meaning in a state machine.
    pub(crate) fn unsupported_expr(&mut self, expr: &Expr) {
        let (tokens, message): (TokenStream, &str) = match expr {
            Expr::Closure(e) => (
                {
                    let (or1, inputs, or2) = (&e.or1_token, &e.inputs, &e.or2_token);
                    quote!(#or1 #inputs #or2)
                },
                "closures are not supported in a workflow: a state machine cannot hold code; \
                 move the logic into a #[task] fn, or run it for each item with `map(items, |item| …)`",
            ),
            Expr::Reference(e) => (
                {
                    let (and, mutability) = (&e.and_token, &e.mutability);
                    quote!(#and #mutability)
                },
                "`&mut` references are not supported in a workflow: state data is copied between states; \
                 assign to the variable or its field instead (`x.a = …;`)",
            ),
            Expr::Async(e) => (e.async_token.to_token_stream(), "`async` blocks are not supported in a workflow"),
            Expr::Await(e) => (
                e.await_token.to_token_stream(),
                "`.await` is not supported in a workflow: a workflow fn is a plain `fn`; each task call already waits",
            ),
            Expr::Unsafe(e) => (
                e.unsafe_token.to_token_stream(),
                "`unsafe` is not supported in a workflow: move the code into a #[task] fn",
            ),
            Expr::Try(e) => (
                e.question_token.to_token_stream(),
                "`?` is not supported in a workflow yet: `match` on the value and end the workflow with \
                 `fail!(\"ErrorName\", \"cause\")`, or let the task fail",
            ),
            Expr::Binary(e) if is_comparison(&e.op) || is_logic(&e.op) => (
                expr.to_token_stream(),
                "comparisons can only be used as an `if` or `while` condition in a workflow: \
                 write `if a == b { … } else { … }`",
            ),
            Expr::Binary(_) => (expr.to_token_stream(), ARITHMETIC),
            Expr::Unary(e) => (
                e.op.to_token_stream(),
                "this operator is not supported on a value in a workflow; `!` works in `if` conditions",
            ),
            Expr::Tuple(_) => (
                expr.to_token_stream(),
                "tuple values are not supported in a workflow: use a struct with named fields and \
                 #[derive(Payload)]",
            ),
            Expr::Array(_) | Expr::Repeat(_) => (
                expr.to_token_stream(),
                "array literals are not supported in a workflow: write `vec![a, b]` (`States.Array`)",
            ),
            Expr::Cast(e) => (
                {
                    let (as_token, ty) = (&e.as_token, &e.ty);
                    quote!(#as_token #ty)
                },
                "casts (`as`) are not supported in a workflow: use a field of the right type, \
                 or convert in a #[task] fn",
            ),
            Expr::Range(_) => (expr.to_token_stream(), "ranges are only supported as `match` patterns in a workflow"),
            Expr::Field(_) => (
                expr.to_token_stream(),
                "fields can only be read from workflow variables: bind the value first \
                 (`let r = task(x);`) and then use `r.field`",
            ),
            Expr::Let(_) => (expr.to_token_stream(), "`let` is only supported as `if let P = x { … }` in a workflow"),
            Expr::Assign(_) => (
                expr.to_token_stream(),
                "an assignment has no value: write it as its own statement (`x = …;`)",
            ),
            Expr::Return(_) | Expr::Break(_) | Expr::Continue(_) => (
                expr.to_token_stream(),
                "this must be its own statement in a workflow",
            ),
            _ => (
                expr.to_token_stream(),
                "this expression is not supported in a workflow body: move the computation into a #[task] fn",
            ),
        };
        self.errors.spanned(tokens, message);
    }
}

/// Arithmetic other than `+` and `-` (which are `States.MathAdd`).
const ARITHMETIC: &str =
    "only `+` and `-` on integers are supported in a workflow (`States.MathAdd`): \
     compute other arithmetic in a #[task] fn and use its result";

fn is_comparison(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(op, Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_))
}

fn is_logic(op: &syn::BinOp) -> bool {
    matches!(op, syn::BinOp::And(_) | syn::BinOp::Or(_))
}
