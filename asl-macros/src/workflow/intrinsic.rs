//! Intrinsic functions as workflow values (`vec!`, `a + 1`, `x.len()`, `x.items[i]`, `hash(…)`,
//! `uuid()`, …): `ir::Expr::Intrinsic`; `format!` and context fields have their own modules.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{BinOp, Expr, ExprCall, Lit};

use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::context::context_root;
use crate::workflow::value::{literal_json, peel};

/// The intrinsics written as fn calls: Rust name, number of arguments, ASL intrinsic.
const CALLED_INTRINSICS: &[(&str, usize, &str)] = &[
    ("uuid", 0, "Uuid"),
    ("hash", 2, "Hash"),
    ("base64_encode", 1, "Base64Encode"),
    ("base64_decode", 1, "Base64Decode"),
    ("array_range", 3, "ArrayRange"),
    ("partition", 2, "ArrayPartition"),
    ("unique", 1, "ArrayUnique"),
    ("merge", 2, "JsonMerge"),
    ("to_json_string", 1, "JsonToString"),
    ("from_json_string", 1, "StringToJson"),
    ("random", 2, "MathRandom"),
    ("split", 2, "StringSplit"),
];

pub(crate) fn null() -> TokenStream {
    let ir = ir();
    quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))
}

pub(crate) fn intrinsic(function: &str, args: Vec<TokenStream>) -> TokenStream {
    let ir = ir();
    let function = syn::Ident::new(function, proc_macro2::Span::call_site());
    quote!(#ir::Expr::Intrinsic { function: #ir::Intrinsic::#function, args: ::std::vec![#(#args),*] })
}

/// The path of a call to one of asl's own fns: `name`, `asl::name`, `intrinsics::name`,
/// `asl::intrinsics::name` (and the like for `context` / `map`): its last segment.
pub(crate) fn asl_fn_name(func: &Expr) -> Option<String> {
    let Expr::Path(path) = peel(func) else {
        return None;
    };
    if path.qself.is_some() {
        return None;
    }
    let segments: Vec<String> = path
        .path
        .segments
        .iter()
        .map(|s| s.ident.to_string())
        .collect();
    let (last, prefix) = segments.split_last()?;
    let prefix: Vec<&str> = prefix.iter().map(String::as_str).collect();
    match prefix.as_slice() {
        []
        | ["asl"]
        | ["intrinsics" | "context" | "map" | "prelude"]
        | ["asl", "intrinsics" | "context" | "map" | "prelude"] => Some(last.clone()),
        _ => None,
    }
}

/// Whether `call` is a `map(…)`, `ctx()` or an intrinsic written as a fn call (`uuid()`):
/// a value the front end builds itself, not a `#[task]` call.
pub(crate) fn is_data_call(call: &ExprCall) -> bool {
    let Some(name) = asl_fn_name(&call.func) else {
        return false;
    };
    let arity = call.args.len();
    (name == "map" && arity == 2)
        || (name == "ctx" && arity == 0)
        || CALLED_INTRINSICS
            .iter()
            .any(|(n, a, _)| *n == name && *a == arity)
}

impl BodyLowering<'_> {
    /// An intrinsic, a context field or a map, when `expr` is one; `None` lets the caller go on.
    pub(crate) fn data_value(&mut self, expr: &Expr) -> Option<TokenStream> {
        match expr {
            Expr::Macro(m) => self.data_macro(&m.mac),
            Expr::Binary(b) if matches!(b.op, BinOp::Add(_) | BinOp::Sub(_)) => {
                Some(self.math_add(b))
            }
            Expr::Call(call) => self.called_intrinsic(call),
            Expr::MethodCall(call) => self.method_intrinsic(call),
            Expr::Index(index) => Some(self.array_get_item(index)),
            Expr::Field(field) if context_root(expr).is_some() => Some(self.context_value(field)),
            _ => None,
        }
    }

    /// `format!(…)` and `vec![…]`.
    pub(crate) fn data_macro(&mut self, mac: &syn::Macro) -> Option<TokenStream> {
        let name = mac.path.segments.last()?.ident.to_string();
        if self.jsonata && (name == "format" || name == "vec") {
            // `Compute::Format`, `Expr::Array`.
            let expr = Expr::Macro(syn::ExprMacro {
                attrs: Vec::new(),
                mac: mac.clone(),
            });
            return self.computed_value(&expr, None);
        }
        match name.as_str() {
            "format" => Some(self.format_value(mac)),
            "vec" => Some(self.vec_value(mac)),
            _ => None,
        }
    }

    /// An argument of an intrinsic: a place, a literal, another intrinsic or a context field.
    pub(crate) fn intrinsic_arg(&mut self, expr: &Expr) -> TokenStream {
        let ir = ir();
        if let Some(place) = self.place(expr) {
            let place = place.to_tokens();
            return quote!(#ir::Expr::Place(#place));
        }
        if self.jsonata {
            // Any computed value (the back end writes the intrinsic as a JSONata function).
            return self.compute_operand(expr);
        }
        let peeled = peel(expr);
        if let Expr::Cast(cast) = peeled {
            // `i as usize`, `n as f64`: a number is the same JSON number whatever its Rust type.
            if crate::workflow::compute::cast_target(&cast.ty).is_some() {
                return self.intrinsic_arg(&cast.expr);
            }
        }
        if let Some(json) = literal_of(peeled) {
            return match json {
                Ok(json) => quote!(#ir::Expr::Literal(#json)),
                Err(message) => {
                    self.errors.spanned(peeled, message);
                    null()
                }
            };
        }
        if let Some(value) = self.data_value(peeled) {
            return value;
        }
        if let Expr::Path(p) = peeled {
            if p.path.get_ident().is_some() || p.path.segments.len() > 1 {
                // "not a variable of this workflow" and friends.
                return self.value(peeled, None);
            }
        }
        self.errors.spanned(
            peeled,
            "an intrinsic function takes workflow variables, their fields, literals and other intrinsics \
             (`format!(\"{}-{}\", x.a, uuid())`): bind this value to a variable first (`let v = …;`)",
        );
        null()
    }

    /// `vec![a, b]`: `States.Array(a, b)`.
    fn vec_value(&mut self, mac: &syn::Macro) -> TokenStream {
        let parser = syn::punctuated::Punctuated::<Expr, syn::Token![,]>::parse_terminated;
        let Ok(items) = mac.parse_body_with(parser) else {
            self.errors.spanned(
                mac,
                "`vec![value; n]` is not supported in a workflow: list the items (`vec![a, b]`, `States.Array`)",
            );
            return null();
        };
        let items = items.iter().map(|item| self.intrinsic_arg(item)).collect();
        intrinsic("Array", items)
    }

    /// `a + b` and `a - 3`: `States.MathAdd`.
    fn math_add(&mut self, b: &syn::ExprBinary) -> TokenStream {
        let ir = ir();
        for side in [&*b.left, &*b.right] {
            if let Expr::Lit(syn::ExprLit {
                lit: Lit::Float(_), ..
            }) = peel(side)
            {
                self.errors.spanned(
                    side,
                    "`+` and `-` in a JSONPath workflow add integers (`States.MathAdd` rounds to whole numbers): \
                     float arithmetic needs the JSONata query language: add `query_language = \"JSONata\"` \
                     to `#[workflow(…)]`, or compute with fractions in a #[task] fn",
                );
                return null();
            }
        }
        let left = self.intrinsic_arg(&b.left);
        let right = match b.op {
            BinOp::Sub(_) => match peel(&b.right) {
                Expr::Lit(syn::ExprLit {
                    lit: Lit::Int(int), ..
                }) => match int.base10_parse::<i64>() {
                    Ok(n) => {
                        let negative = -n;
                        quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::from(#negative)))
                    }
                    Err(_) => {
                        self.errors
                            .spanned(int, "this integer does not fit in 64 bits");
                        null()
                    }
                },
                other => {
                    self.errors.spanned(
                        other,
                        "only a literal can be subtracted in a JSONPath workflow (`x - 3` is `States.MathAdd(x, -3)`): \
                         to subtract a variable, add `query_language = \"JSONata\"` to `#[workflow(…)]`, \
                         or compute the difference in a #[task] fn",
                    );
                    null()
                }
            },
            _ => self.intrinsic_arg(&b.right),
        };
        intrinsic("MathAdd", vec![left, right])
    }

    /// `uuid()`, `hash(x, HashAlgorithm::Sha256)`, …, `map(items, |x| …)`, `ctx()`, `Map::over(…)`.
    fn called_intrinsic(&mut self, call: &ExprCall) -> Option<TokenStream> {
        let ir = ir();
        let name = asl_fn_name(&call.func);
        if let Expr::Path(path) = peel(&call.func) {
            let names: Vec<String> = path
                .path
                .segments
                .iter()
                .map(|s| s.ident.to_string())
                .collect();
            if let [.., map, method] = names.as_slice() {
                if map == "Map" && (method == "over" || method == "read") {
                    self.errors.spanned(
                        call,
                        "a `Map` runs with `.run(|item| …)` at the end of the chain: \
                         `Map::over(x.items).max_concurrency(5).run(|item| …)`",
                    );
                    return Some(null());
                }
            }
        }
        let name = name?;
        if name == "map" && call.args.len() == 2 {
            return Some(self.map_call(call));
        }
        if name == "ctx" && call.args.is_empty() {
            self.errors.spanned(
                call,
                "`ctx()` alone is not a value in a workflow: read one of its fields (`ctx().execution.id`)",
            );
            return Some(null());
        }
        let (_, _, function) = CALLED_INTRINSICS
            .iter()
            .find(|(n, arity, _)| *n == name && *arity == call.args.len())?;
        let mut args: Vec<TokenStream> = Vec::new();
        for (i, arg) in call.args.iter().enumerate() {
            if *function == "Hash" && i == 1 {
                args.push(self.hash_algorithm(arg));
            } else {
                args.push(self.intrinsic_arg(arg));
            }
        }
        if *function == "JsonMerge" {
            // Step Functions merges shallowly only.
            args.push(quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Bool(false))));
        }
        Some(intrinsic(function, args))
    }

    /// `HashAlgorithm::Sha256` → `"SHA-256"`.
    fn hash_algorithm(&mut self, arg: &Expr) -> TokenStream {
        let ir = ir();
        if let Expr::Path(p) = peel(arg) {
            let last = p
                .path
                .segments
                .last()
                .map(|s| s.ident.to_string())
                .unwrap_or_default();
            let name = match last.as_str() {
                "Md5" => Some("MD5"),
                "Sha1" => Some("SHA-1"),
                "Sha256" => Some("SHA-256"),
                "Sha384" => Some("SHA-384"),
                "Sha512" => Some("SHA-512"),
                _ => None,
            };
            if let (Some(name), true) = (name, p.path.segments.len() >= 2) {
                return quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::String(::std::string::String::from(#name))));
            }
        }
        self.errors.spanned(
            arg,
            "write the hash algorithm as a variant: `HashAlgorithm::Sha256` (or `Md5`, `Sha1`, `Sha384`, `Sha512`)",
        );
        null()
    }

    /// `x.len()`, `x.contains(&v)`, a `Map::…run(…)` chain, and the error for iterator adapters.
    fn method_intrinsic(&mut self, call: &syn::ExprMethodCall) -> Option<TokenStream> {
        let method = call.method.to_string();
        match (method.as_str(), call.args.len()) {
            ("len", 0) => {
                let array = self.intrinsic_arg(&call.receiver);
                return Some(intrinsic("ArrayLength", vec![array]));
            }
            ("contains", 1) => {
                let array = self.intrinsic_arg(&call.receiver);
                let value = self.intrinsic_arg(&call.args[0]);
                return Some(intrinsic("ArrayContains", vec![array, value]));
            }
            _ => {}
        }
        if let Some(map) = self.map_chain(call) {
            return Some(map);
        }
        self.iterator_adapter(call)
    }

    /// `items.iter().map(|x| …)`, `.into_iter().map(…).collect()`: an error that says to use `map`.
    fn iterator_adapter(&mut self, call: &syn::ExprMethodCall) -> Option<TokenStream> {
        const ADAPTERS: &[&str] = &[
            "map",
            "filter",
            "filter_map",
            "flat_map",
            "for_each",
            "fold",
            "collect",
            "enumerate",
            "zip",
            "sum",
            "any",
            "all",
            "find",
            "count",
        ];
        let mut chain = Vec::new();
        let mut current = call;
        loop {
            chain.push(current);
            match peel(&current.receiver) {
                Expr::MethodCall(inner) => current = inner,
                _ => break,
            }
        }
        let from_iterator = chain
            .iter()
            .any(|m| ["iter", "into_iter", "iter_mut"].contains(&m.method.to_string().as_str()));
        if !from_iterator
            || !chain
                .iter()
                .any(|m| ADAPTERS.contains(&m.method.to_string().as_str()))
        {
            return None;
        }
        // Point at the innermost adapter: that is where the user's closure is.
        let adapter = chain
            .iter()
            .rev()
            .find(|m| ADAPTERS.contains(&m.method.to_string().as_str()))
            .unwrap_or(&call);
        let (dot, name) = (&adapter.dot_token, &adapter.method);
        self.errors.spanned(
            quote!(#dot #name),
            "iterator adapters need the JSONata query language: add `query_language = \"JSONata\"` to \
             `#[workflow(…)]` (closures of plain values), or use `map(items, |x| …)` (a Map state) \
             or a `for x in items { … }` loop",
        );
        Some(null())
    }

    /// `items[i]` with a computed index: `States.ArrayGetItem(items, i)`.
    fn array_get_item(&mut self, index: &syn::ExprIndex) -> TokenStream {
        if let Expr::Range(range) = peel(&index.index) {
            self.errors.spanned(
                range,
                "slices are not supported in a workflow: take one item (`x.items[i]`), \
                 or split the list with `partition(x.items, n)`",
            );
            return null();
        }
        let array = self.intrinsic_arg(&index.expr);
        let i = self.intrinsic_arg(&index.index);
        intrinsic("ArrayGetItem", vec![array, i])
    }

    /// A Boolean intrinsic as a condition (`if x.items.contains(&v)`): an `ir::Expr`, or `None`.
    pub(crate) fn condition_intrinsic(&mut self, expr: &Expr) -> Option<TokenStream> {
        match peel(expr) {
            Expr::MethodCall(call) if call.method == "contains" && call.args.len() == 1 => {
                self.method_intrinsic(call)
            }
            _ => None,
        }
    }
}

/// A literal value: `"…"`, `3`, `-3`, `"…".to_string()`, `String::from("…")`.
fn literal_of(expr: &Expr) -> Option<Result<TokenStream, String>> {
    match expr {
        Expr::Lit(lit) => Some(literal_json(&lit.lit, false)),
        Expr::Unary(syn::ExprUnary {
            op: syn::UnOp::Neg(_),
            expr: inner,
            ..
        }) => match peel(inner) {
            Expr::Lit(lit) => Some(literal_json(&lit.lit, true)),
            _ => None,
        },
        Expr::MethodCall(m)
            if m.args.is_empty()
                && matches!(peel(&m.receiver), Expr::Lit(_))
                && ["to_string", "to_owned", "into"].contains(&m.method.to_string().as_str()) =>
        {
            literal_of(peel(&m.receiver))
        }
        Expr::Call(c) if c.args.len() == 1 && matches!(peel(&c.args[0]), Expr::Lit(_)) => {
            match &*c.func {
                Expr::Path(f) if f.path.segments.last().is_some_and(|s| s.ident == "from") => {
                    literal_of(peel(&c.args[0]))
                }
                _ => None,
            }
        }
        _ => None,
    }
}
