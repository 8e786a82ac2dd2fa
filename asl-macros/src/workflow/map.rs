//! `map(items, |item| …)` and `Map::over(items)…run(|item| …)` / `Map::read(reader)…`:
//! an `ir::Expr::Map` whose body is the closure's, lowered like a `parallel!` branch.

use proc_macro2::TokenStream;
use quote::quote;
use syn::ext::IdentExt;
use syn::{Expr, ExprCall, Lit, Pat};

use crate::module_path::type_one_module_deeper;
use crate::type_shape::type_shape;
use crate::workflow::body::{breaks, inline_block_tokens, ir, BodyLowering, Sink};
use crate::workflow::value::peel;

const MAP_OPTIONS: &str = "`.max_concurrency(n)`, `.tolerated_failures(n)`, `.tolerated_failure_percent(p)`, \
     `.distributed(ExecutionType::Standard)`, `.label(\"…\")`, `.result_writer(\"bucket\", \"prefix\")`, \
     `.batch(n)` and, last, `.run(|item| …)`";

/// What the items of a map are: an `ir::MapItems` expression and the items' element shape.
struct Items {
    tokens: TokenStream,
    element_shape: Option<TokenStream>,
}

/// The options of a `Map::…` chain, as `ir::MapOptions` field expressions.
#[derive(Default)]
struct Options {
    max_concurrency: Option<TokenStream>,
    distributed: Option<TokenStream>,
    tolerated_failure_count: Option<TokenStream>,
    tolerated_failure_percentage: Option<TokenStream>,
    batch: Option<TokenStream>,
    result_writer: Option<TokenStream>,
    label: Option<TokenStream>,
}

fn some_or_none(value: Option<TokenStream>) -> TokenStream {
    match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

impl Options {
    fn into_tokens(self) -> TokenStream {
        let ir = ir();
        let max_concurrency = some_or_none(self.max_concurrency);
        let distributed = some_or_none(self.distributed);
        let count = some_or_none(self.tolerated_failure_count);
        let percentage = some_or_none(self.tolerated_failure_percentage);
        let batch = some_or_none(self.batch);
        let result_writer = some_or_none(self.result_writer);
        let label = some_or_none(self.label);
        quote! {
            #ir::MapOptions {
                max_concurrency: #max_concurrency,
                distributed: #distributed,
                tolerated_failure_count: #count,
                tolerated_failure_percentage: #percentage,
                batch: #batch,
                result_writer: #result_writer,
                label: #label,
            }
        }
    }
}

fn null() -> TokenStream {
    let ir = ir();
    quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::Null))
}

/// Removes `.iter()` / `.into_iter()` (and `&`, parentheses): `for x in items.iter()` iterates `items`.
pub(crate) fn peel_iter(expr: &Expr) -> &Expr {
    match peel(expr) {
        Expr::MethodCall(m)
            if m.args.is_empty()
                && ["iter", "into_iter"].contains(&m.method.to_string().as_str()) =>
        {
            peel_iter(&m.receiver)
        }
        other => other,
    }
}

impl BodyLowering<'_> {
    /// `map(items, |item| …)`.
    pub(crate) fn map_call(&mut self, call: &ExprCall) -> TokenStream {
        let Some(items) = self.map_items_place(&call.args[0]) else {
            return null();
        };
        self.map_expr(items, &call.args[1], Options::default(), false)
    }

    /// A chain `Map::over(items)` / `Map::read(reader)`, options, `.run(|item| …)`; `None`
    /// when `call` is not such a chain.
    pub(crate) fn map_chain(&mut self, call: &syn::ExprMethodCall) -> Option<TokenStream> {
        let mut methods = vec![call];
        let root = loop {
            match peel(&methods[methods.len() - 1].receiver) {
                Expr::MethodCall(inner) => methods.push(inner),
                Expr::Call(root) => break root,
                _ => return None,
            }
        };
        let Expr::Path(func) = peel(&root.func) else {
            return None;
        };
        let names: Vec<String> = func
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        let constructor = match names.as_slice() {
            [.., map, method] if map == "Map" && (method == "over" || method == "read") => {
                method.clone()
            }
            _ => return None,
        };
        methods.reverse();
        let (run, options) = methods.split_last()?;
        if run.method != "run" || run.args.len() != 1 {
            self.errors.spanned(
                call,
                "a `Map` runs with `.run(|item| …)` at the end of the chain: \
                 `Map::over(x.items).max_concurrency(5).run(|item| …)`",
            );
            return Some(null());
        }
        if root.args.len() != 1 {
            self.errors
                .spanned(root, format!("`Map::{constructor}` takes one argument"));
            return Some(null());
        }
        let items = if constructor == "over" {
            self.map_items_place(&root.args[0])
        } else {
            self.map_reader(&root.args[0])
        };
        let mut parsed = Options::default();
        let mut batched = false;
        for option in options {
            batched |= self.map_option(option, &mut parsed);
        }
        self.require_distributed(root, constructor == "over", options, &parsed);
        let Some(items) = items else {
            return Some(null());
        };
        Some(self.map_expr(items, &run.args[0], parsed, batched))
    }

    /// The items of `map(items, …)` / `Map::over(items)`: a place.
    fn map_items_place(&mut self, expr: &Expr) -> Option<Items> {
        let ir = ir();
        let Some(place) = self.place(peel_iter(expr)) else {
            self.errors.spanned(
                expr,
                "a map goes over a workflow variable or a field of one (`map(x.items, |item| …)`): \
                 bind the list to a variable first (`let items = …;`)",
            );
            return None;
        };
        let element_shape = self
            .place_shape(&place)
            .map(|shape| quote!(::asl::__private::element_shape(&#shape)));
        let place = place.to_tokens();
        Some(Items {
            tokens: quote!(#ir::MapItems::Place(#place)),
            element_shape,
        })
    }

    /// `Map::read(S3Objects { bucket: "b", prefix: x.prefix })`: an `ItemReader`.
    fn map_reader(&mut self, expr: &Expr) -> Option<Items> {
        let ir = ir();
        let value = quote!(::asl::__private::serde_json::Value);
        let Expr::Struct(reader) = peel(expr) else {
            self.errors.spanned(
                expr,
                "`Map::read` takes a reader written out: `S3Objects { bucket, prefix }`, `S3JsonArray { bucket, key }`, \
                 `S3Csv { bucket, key }` or `S3Manifest { bucket, key }`",
            );
            return None;
        };
        let kind = reader
            .path
            .segments
            .last()
            .map(|s| s.ident.to_string())
            .unwrap_or_default();
        let (resource, config, element_shape, second) = match kind.as_str() {
            "S3Objects" => (
                "arn:aws:states:::s3:listObjectsV2",
                None,
                quote!(<::asl::map::S3Object as ::asl::Payload>::shape()),
                ("prefix", "Prefix"),
            ),
            "S3JsonArray" => (
                "arn:aws:states:::s3:getObject",
                Some(quote!({"InputType": "JSON"})),
                quote!(#ir::Shape::Any),
                ("key", "Key"),
            ),
            "S3Csv" => (
                "arn:aws:states:::s3:getObject",
                Some(quote!({"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"})),
                quote!(#ir::Shape::Map(::std::boxed::Box::new(#ir::Shape::String))),
                ("key", "Key"),
            ),
            "S3Manifest" => (
                "arn:aws:states:::s3:getObject",
                Some(quote!({"InputType": "MANIFEST"})),
                quote!(#ir::Shape::Any),
                ("key", "Key"),
            ),
            _ => {
                self.errors.spanned(
                    &reader.path,
                    "a distributed map reads `S3Objects { bucket, prefix }`, `S3JsonArray { bucket, key }`, \
                     `S3Csv { bucket, key }` or `S3Manifest { bucket, key }`",
                );
                return None;
            }
        };
        let mut fields = Vec::new();
        for field in &reader.fields {
            let rust = match &field.member {
                syn::Member::Named(ident) => ident.unraw().to_string(),
                syn::Member::Unnamed(index) => index.index.to_string(),
            };
            let json = match rust.as_str() {
                "bucket" => "Bucket",
                name if name == second.0 => second.1,
                // rustc reports the unknown field natively.
                _ => continue,
            };
            let arg = self.reader_parameter(&field.expr);
            fields.push(quote!((::std::string::String::from(#json), #arg)));
        }
        let config = match config {
            Some(json) => quote!(::std::option::Option::Some(
                ::asl::__private::serde_json::json!(#json)
            )),
            None => quote!(::std::option::Option::None),
        };
        let _ = value;
        Some(Items {
            tokens: quote! {
                #ir::MapItems::Reader(#ir::ReaderSpec {
                    resource: ::std::string::String::from(#resource),
                    parameters: #ir::Expr::Struct { shape: #ir::Shape::Any, fields: ::std::vec![#(#fields),*] },
                    reader_config: #config,
                })
            },
            element_shape: Some(element_shape),
        })
    }

    /// A reader's bucket, key or prefix: a literal or a place.
    fn reader_parameter(&mut self, expr: &Expr) -> TokenStream {
        let ir = ir();
        if let Some(place) = self.place(expr) {
            let place = place.to_tokens();
            return quote!(#ir::Expr::Place(#place));
        }
        let mut literal = peel(expr);
        if let Expr::MethodCall(m) = literal {
            if m.args.is_empty()
                && ["to_string", "to_owned", "into"].contains(&m.method.to_string().as_str())
            {
                literal = peel(&m.receiver);
            }
        }
        if let Expr::Lit(syn::ExprLit {
            lit: Lit::Str(s), ..
        }) = literal
        {
            let s = s.value();
            return quote!(#ir::Expr::Literal(::asl::__private::serde_json::Value::String(::std::string::String::from(#s))));
        }
        self.errors.spanned(
            expr,
            "a reader's bucket, key and prefix are string literals or payload fields (`x.bucket`)",
        );
        null()
    }

    /// An ItemReader, `.batch(n)` (ItemBatcher) and `.result_writer(…)` exist only in a
    /// distributed Map: without `.distributed(…)` the state machine would not validate.
    fn require_distributed(
        &mut self,
        root: &syn::ExprCall,
        over: bool,
        options: &[&syn::ExprMethodCall],
        parsed: &Options,
    ) {
        if parsed.distributed.is_some() {
            return;
        }
        let add = "add `.distributed(ExecutionType::Standard)` (or `Express`) to the chain";
        if !over {
            self.errors.spanned(
                &root.func,
                format!("a `Map` that reads its items with an ItemReader runs only as a distributed Map: {add}"),
            );
        }
        for option in options {
            let what = match option.method.to_string().as_str() {
                "batch" => "`.batch(n)` (an ItemBatcher)",
                "result_writer" => "`.result_writer(…)` (a ResultWriter)",
                _ => continue,
            };
            let (dot, name) = (&option.dot_token, &option.method);
            self.errors.spanned(
                quote!(#dot #name),
                format!("{what} exists only in a distributed Map: {add}"),
            );
        }
    }

    /// One option of a `Map::…` chain; `true` for `.batch(n)`.
    fn map_option(&mut self, option: &syn::ExprMethodCall, out: &mut Options) -> bool {
        let ir = ir();
        let method = option.method.to_string();
        let (dot, name) = (&option.dot_token, &option.method);
        let args: Vec<&Expr> = option.args.iter().map(peel).collect();
        let literal_error = |this: &mut Self, what: &str| {
            this.errors.spanned(
                &option.args,
                format!("`.{method}(…)` takes {what}: a `Map` state's options are fixed when the state machine is written"),
            );
        };
        let int = |e: &Expr| match e {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Int(i), ..
            }) => i.base10_parse::<u64>().ok(),
            _ => None,
        };
        let string = |e: &Expr| match e {
            Expr::Lit(syn::ExprLit {
                lit: Lit::Str(s), ..
            }) => Some(s.value()),
            _ => None,
        };
        match (method.as_str(), args.as_slice()) {
            ("max_concurrency" | "tolerated_failures" | "batch", [arg]) => {
                let Some(n) = int(arg) else {
                    literal_error(self, "an integer literal");
                    return false;
                };
                match method.as_str() {
                    "max_concurrency" => out.max_concurrency = Some(quote!(#n)),
                    "tolerated_failures" => out.tolerated_failure_count = Some(quote!(#n)),
                    _ => {
                        out.batch = Some(quote!(#ir::Batching {
                            max_items: ::std::option::Option::Some(#n),
                            max_input_bytes: ::std::option::Option::None,
                        }));
                        return true;
                    }
                }
            }
            ("tolerated_failure_percent", [arg]) => {
                let percent = match arg {
                    Expr::Lit(syn::ExprLit {
                        lit: Lit::Float(f), ..
                    }) => f.base10_parse::<f64>().ok(),
                    other => int(other).map(|n| n as f64),
                };
                match percent {
                    Some(p) if (0.0..=100.0).contains(&p) => {
                        out.tolerated_failure_percentage = Some(quote!(#p))
                    }
                    _ => literal_error(self, "a number literal from 0 to 100"),
                }
            }
            ("distributed", [Expr::Path(p)])
                if p.path
                    .segments
                    .last()
                    .is_some_and(|s| s.ident == "Standard" || s.ident == "Express") =>
            {
                let kind = p.path.segments.last().map(|s| s.ident.clone());
                out.distributed = Some(quote!(#ir::ExecutionType::#kind));
            }
            ("distributed", _) => literal_error(
                self,
                "`ExecutionType::Standard` or `ExecutionType::Express`",
            ),
            ("label", [arg]) => match string(arg) {
                Some(label) => out.label = Some(quote!(::std::string::String::from(#label))),
                None => literal_error(self, "a string literal"),
            },
            ("result_writer", [bucket, prefix]) => match (string(bucket), string(prefix)) {
                (Some(bucket), Some(prefix)) => {
                    out.result_writer = Some(quote!(
                        ::asl::__private::serde_json::json!({"Bucket": #bucket, "Prefix": #prefix})
                    ));
                }
                _ => literal_error(self, "two string literals, the bucket and the prefix"),
            },
            (
                "max_concurrency"
                | "tolerated_failures"
                | "batch"
                | "tolerated_failure_percent"
                | "label",
                _,
            ) => literal_error(self, "one literal"),
            ("result_writer", _) => {
                literal_error(self, "two string literals, the bucket and the prefix")
            }
            ("run", _) => {
                self.errors.spanned(
                    quote!(#dot #name),
                    "`.run(|item| …)` ends a `Map` chain: put the options before it",
                );
            }
            _ => {
                self.errors.spanned(
                    quote!(#dot #name),
                    format!("`Map` has no option `.{method}(…)`; its methods are {MAP_OPTIONS}"),
                );
            }
        }
        false
    }

    /// The `Expr::Map` for `items` and the closure `closure`.
    fn map_expr(
        &mut self,
        items: Items,
        closure: &Expr,
        options: Options,
        batched: bool,
    ) -> TokenStream {
        let ir = ir();
        let element_shape = if batched {
            let element = items
                .element_shape
                .unwrap_or_else(|| quote!(#ir::Shape::Any));
            Some(quote!(::asl::__private::batch_shape(#element)))
        } else {
            items.element_shape
        };
        let Some((item, body)) = self.map_closure(closure, element_shape) else {
            return null();
        };
        let item = BodyLowering::var_id(item);
        let items = items.tokens;
        let options = options.into_tokens();
        quote! {
            #ir::Expr::Map(::std::boxed::Box::new(#ir::MapExpr {
                items: #items,
                item: #item,
                body: #body,
                options: #options,
            }))
        }
    }

    /// `|item| body`: the item's variable and the body (an `ir::Block` ending in `Return`).
    /// The body reads outer variables but cannot assign them, like a `parallel!` branch.
    fn map_closure(
        &mut self,
        expr: &Expr,
        element_shape: Option<TokenStream>,
    ) -> Option<(usize, TokenStream)> {
        let Expr::Closure(closure) = peel(expr) else {
            self.errors
                .spanned(expr, "a map's processor is a closure: `|item| task(item)`");
            return None;
        };
        let (or1, inputs, or2) = (&closure.or1_token, &closure.inputs, &closure.or2_token);
        if closure.inputs.len() != 1 {
            self.errors.spanned(
                quote!(#or1 #inputs #or2),
                "a map closure takes exactly one parameter, the item: `|item| …`",
            );
            return None;
        }
        if let Some(a) = &closure.asyncness {
            self.errors
                .spanned(a, "`async` closures are not supported in a workflow");
        }
        let (pat, ty) = match &closure.inputs[0] {
            Pat::Type(typed) => (&*typed.pat, Some(&*typed.ty)),
            other => (other, None),
        };
        let name = match pat {
            Pat::Ident(ident) if ident.by_ref.is_none() && ident.subpat.is_none() => {
                ident.ident.to_string()
            }
            other => {
                self.errors.spanned(
                    other,
                    "bind the map's item to a name (`|item| …`) and use its fields (`item.id`); \
                     destructuring it is not supported",
                );
                return None;
            }
        };
        let shape = match ty {
            Some(ty) => Some(type_shape(&type_one_module_deeper(ty))),
            None => element_shape,
        };
        let was_in_branch = std::mem::replace(&mut self.in_branch, true);
        let was_in_map = std::mem::replace(&mut self.in_map_closure, true);
        let floor = std::mem::replace(&mut self.branch_floor, self.vars.len());
        self.push_scope();
        let item = self.new_var(&name, shape);
        self.bind(&name, item);
        let mut body = Vec::new();
        match &*closure.body {
            Expr::Block(b) if b.label.is_none() && b.attrs.is_empty() => {
                self.stmts(&b.block.stmts, Sink::Return, &mut body)
            }
            other => self.expr_stmt(other, Sink::Return, &mut body),
        }
        self.pop_scope();
        self.branch_floor = floor;
        self.in_map_closure = was_in_map;
        self.in_branch = was_in_branch;
        if breaks(&body) {
            self.errors.spanned(&closure.body, "`break` inside a map closure is not supported: the closure's value is the item's result");
        }
        Some((item, inline_block_tokens(&body)))
    }
}
