//! `asl`: write AWS Step Functions state machines as typed Rust. This facade is what users depend on.

// `#[derive(Payload)]` names `::asl::…`; this lets the derive work inside this crate too.
extern crate self as asl;

pub mod aws;
mod expansion;
pub mod payload;
pub mod runtime;

pub use asl_model as model;
pub use asl_model::ir;
pub use asl_emit::{to_serverless, Definition, EmitError, ServerlessOptions};
pub use asl_macros::{retry, task, workflow, Payload};
pub use payload::{Payload, Timestamp};
pub use runtime::{sleep, sleep_until, Failure};

/// Ends the workflow with a `Fail` state.
///
/// `fail!("ErrorName", "cause")`, `fail!(ErrorName, "cause")`, `fail!("ErrorName")`,
/// `fail!(cause = "…")`. Natively it ends the run with [`Failure`].
#[macro_export]
macro_rules! fail {
    (cause = $cause:expr) => {
        $crate::runtime::fail($crate::Failure { error: ::std::string::String::new(), cause: ::std::string::ToString::to_string(&$cause) })
    };
    ($error:literal $(,)?) => {
        $crate::runtime::fail($crate::Failure { error: ::std::string::ToString::to_string(&$error), cause: ::std::string::String::new() })
    };
    ($error:literal, $cause:expr $(,)?) => {
        $crate::runtime::fail($crate::Failure { error: ::std::string::ToString::to_string(&$error), cause: ::std::string::ToString::to_string(&$cause) })
    };
    ($error:ident $(,)?) => {
        $crate::runtime::fail($crate::Failure { error: ::std::string::ToString::to_string(stringify!($error)), cause: ::std::string::String::new() })
    };
    ($error:ident, $cause:expr $(,)?) => {
        $crate::runtime::fail($crate::Failure { error: ::std::string::ToString::to_string(stringify!($error)), cause: ::std::string::ToString::to_string(&$cause) })
    };
}

/// Runs its branches concurrently in a `Parallel` state; the value is the tuple of the
/// branches' values, in order.
///
/// `parallel!(a(x.clone()), { let t = b(x); c(t) })`. Natively the branches run one after
/// the other. A branch may read the workflow's variables; it cannot `return`.
#[macro_export]
macro_rules! parallel {
    ($($branch:expr),+ $(,)?) => {
        ($($branch,)+)
    };
}

/// What a workflow file needs in scope: `use asl::prelude::*;`.
pub mod prelude {
    pub use crate::fail;
    pub use crate::parallel;
    pub use crate::{retry, sleep, sleep_until, task, workflow, Definition, Failure, Payload, ServerlessOptions, Timestamp};
    pub use serde::{Deserialize, Serialize};
    pub use std::time::Duration;
}

/// What the macros' expansions name. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::expansion::{
        array_item, array_literal, literal_field_shape, literal_shape, option_inner, or_literal_shape, place_shape, recursive_shape,
        struct_literal, unit_variant_value, AnyPayload, LiteralShape,
    };
    pub use crate::runtime::{call_task, record_call};
    pub use asl_model::ir;
    pub use serde_json;
}
