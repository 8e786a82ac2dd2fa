//! Context fields as workflow values: `ctx().execution.id`, `ctx().map.item.index`, … become
//! `ir::Expr::Context` paths into the context object (`$$.Execution.Id`).

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};
use syn::ext::IdentExt;
use syn::{Expr, ExprCall, Member};

use crate::workflow::body::{ir, BodyLowering};
use crate::workflow::intrinsic::{asl_fn_name, null};
use crate::workflow::value::peel;

/// A Rust name and its ASL name.
type FieldName = (&'static str, &'static str);

/// The fields of the context object: Rust name → ASL name, and the fields below it.
const CONTEXT_FIELDS: &[(&str, &str, &[FieldName])] = &[
    (
        "execution",
        "Execution",
        &[
            ("id", "Id"),
            ("name", "Name"),
            ("start_time", "StartTime"),
            ("input", "Input"),
            ("role_arn", "RoleArn"),
        ],
    ),
    (
        "state",
        "State",
        &[
            ("name", "Name"),
            ("entered_time", "EnteredTime"),
            ("retry_count", "RetryCount"),
        ],
    ),
    ("map", "Map", &[("item", "Item")]),
    ("task", "Task", &[("token", "Token")]),
];

/// `$$.Map.Item`'s fields.
const MAP_ITEM_FIELDS: &[(&str, &str)] = &[("index", "Index"), ("value", "Value")];

impl BodyLowering<'_> {
    /// `ctx().execution.id` → `Expr::Context(["Execution", "Id"])`.
    pub(crate) fn context_value(&mut self, field: &syn::ExprField) -> TokenStream {
        let ir = ir();
        let mut members = Vec::new();
        let mut current: &Expr = &Expr::Field(field.clone());
        while let Expr::Field(f) = peel(current) {
            members.push(&f.member);
            current = &f.base;
        }
        members.reverse();
        let mut path: Vec<String> = Vec::new();
        let mut level: &[(&str, &str)] = &[];
        // Below `Execution.Input` and `Map.Item.Value` is any JSON: rustc checks those natively.
        let mut any_json = false;
        for (depth, member) in members.iter().enumerate() {
            let name = match member {
                Member::Named(ident) => ident.unraw().to_string(),
                Member::Unnamed(index) => index.index.to_string(),
            };
            if any_json {
                path.push(name);
                continue;
            }
            let found = if depth == 0 {
                CONTEXT_FIELDS
                    .iter()
                    .find(|(rust, _, _)| *rust == name)
                    .map(|(_, asl, below)| (*asl, *below))
            } else {
                level
                    .iter()
                    .find(|(rust, _)| *rust == name)
                    .map(|(_, asl)| (*asl, MAP_ITEM_FIELDS))
            };
            let Some((asl, below)) = found else {
                self.errors.spanned(
                    member.to_token_stream(),
                    format!("the context object has no field `{name}` here"),
                );
                return null();
            };
            path.push(asl.to_string());
            any_json = path == ["Execution", "Input"] || path == ["Map", "Item", "Value"];
            // Only `Map.Item` has fields below the second level.
            level = if path == ["Map", "Item"] || depth == 0 {
                below
            } else {
                &[]
            };
        }
        quote!(#ir::Expr::Context(::std::vec![#(::std::string::String::from(#path)),*]))
    }
}

/// The `ctx()` call a field chain starts at, if it does.
pub(crate) fn context_root(expr: &Expr) -> Option<&ExprCall> {
    match peel(expr) {
        Expr::Field(f) => context_root(&f.base),
        Expr::Call(call)
            if call.args.is_empty() && asl_fn_name(&call.func).as_deref() == Some("ctx") =>
        {
            Some(call)
        }
        _ => None,
    }
}
