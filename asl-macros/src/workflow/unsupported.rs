//! The compile errors for macros and expressions that have no meaning in a state machine,
//! each saying what to write instead.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::Expr;

use crate::workflow::body::{ir, BodyLowering};

impl BodyLowering<'_> {
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

    pub(crate) fn arithmetic_error(&mut self, expr: &Expr) -> TokenStream {
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
                "comparisons can only be used as an `if` or `while` condition in a JSONPath workflow: \
                 write `if a == b { … } else { … }`; as a value, they need the JSONata query language \
                 (`query_language = \"JSONata\"` in `#[workflow(…)]`)",
            ),
            Expr::Binary(_) => (expr.to_token_stream(), ARITHMETIC),
            Expr::Unary(e) => (
                e.op.to_token_stream(),
                "this operator is not supported on a value in a workflow; `!` works in `if` conditions",
            ),
            Expr::Tuple(_) => (
                expr.to_token_stream(),
                "tuple values are not supported in a JSONPath workflow: use a struct with named fields and \
                 #[derive(Payload)], or add `query_language = \"JSONata\"` to `#[workflow(…)]`",
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
                "only casts between numeric types (`as i64`, `as f64`, …) are supported in a workflow: \
                 use a field of the right type, or convert in a #[task] fn",
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
    "only `+` and `-` on integers are supported in a JSONPath workflow (`States.MathAdd`); \
     other arithmetic needs the JSONata query language: add `query_language = \"JSONata\"` to \
     `#[workflow(…)]`, or compute it in a #[task] fn and use its result";

fn is_comparison(op: &syn::BinOp) -> bool {
    use syn::BinOp::*;
    matches!(op, Eq(_) | Ne(_) | Lt(_) | Le(_) | Gt(_) | Ge(_))
}

fn is_logic(op: &syn::BinOp) -> bool {
    matches!(op, syn::BinOp::And(_) | syn::BinOp::Or(_))
}
