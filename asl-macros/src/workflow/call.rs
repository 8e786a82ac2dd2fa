//! Call expressions in a workflow body: which kind of call each is (a task, `Some(e)`,
//! `sleep`, recursion, a constructor, …) and the task spec of a task call.

use proc_macro2::TokenStream;
use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::{Expr, ExprCall};

use crate::module_path::path_one_module_deeper;
use crate::workflow::body::BodyLowering;
use crate::workflow::value::{peel, starts_uppercase};

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

impl BodyLowering<'_> {
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
}
