//! `asl`: write AWS Step Functions state machines as typed Rust. This facade is what users depend on.

// `#[derive(Payload)]` names `::asl::…`; this lets the derive work inside this crate too.
extern crate self as asl;

pub mod aws;
pub mod context;
pub mod errors;
mod exact;
mod expansion;
pub mod intrinsics;
pub mod map;
pub mod payload;
pub mod runtime;
pub mod testing;

pub use asl_emit::{
    to_serverless, Definition, DeploymentError, EmitError, ServerlessOptions, TemplateOptions,
};
pub use asl_macros::{retry, task, workflow, Payload, TaskError};
pub use asl_model as model;
pub use asl_model::ir;
pub use asl_model::QueryLanguage;
pub use errors::{ErrorInfo, TaskError};
pub use payload::{Payload, Timestamp};
pub use runtime::{sleep, sleep_until, Failure};

/// Ends the workflow with a `Fail` state.
///
/// `fail!("ErrorName", "cause")`, `fail!(ErrorName, "cause")`, `fail!("ErrorName")`,
/// `fail!(cause = "…")`, and with a typed error `fail!(PaymentError::Declined, "cause")` /
/// `fail!(PaymentError::Declined)` (the variant's ASL name). Natively it ends the run with [`Failure`].
#[macro_export]
macro_rules! fail {
    (cause = $cause:expr) => {
        $crate::runtime::fail($crate::Failure {
            error: ::std::string::String::new(),
            cause: ::std::string::ToString::to_string(&$cause),
        })
    };
    ($error:literal $(,)?) => {
        $crate::runtime::fail($crate::Failure {
            error: ::std::string::ToString::to_string(&$error),
            cause: ::std::string::String::new(),
        })
    };
    ($error:literal, $cause:expr $(,)?) => {
        $crate::runtime::fail($crate::Failure {
            error: ::std::string::ToString::to_string(&$error),
            cause: ::std::string::ToString::to_string(&$cause),
        })
    };
    ($error:ident $(,)?) => {
        $crate::runtime::fail($crate::Failure {
            error: ::std::string::ToString::to_string(stringify!($error)),
            cause: ::std::string::String::new(),
        })
    };
    ($error:ident, $cause:expr $(,)?) => {
        $crate::runtime::fail($crate::Failure {
            error: ::std::string::ToString::to_string(stringify!($error)),
            cause: ::std::string::ToString::to_string(&$cause),
        })
    };
    ($error:path $(,)?) => {
        $crate::runtime::fail($crate::__private::typed_failure(
            |__error| ::core::matches!(__error, $error { .. }),
            ::core::stringify!($error),
            ::std::string::String::new(),
        ))
    };
    ($error:path, $cause:expr $(,)?) => {
        $crate::runtime::fail($crate::__private::typed_failure(
            |__error| ::core::matches!(__error, $error { .. }),
            ::core::stringify!($error),
            ::std::string::ToString::to_string(&$cause),
        ))
    };
}

/// A named state that does nothing (`Pass`): `pass!("Introduction");`. With a value,
/// `pass!("Answer", x)` is `x`, produced by a state of that name. Natively it is the value.
#[macro_export]
macro_rules! pass {
    ($name:literal $(,)?) => {
        ()
    };
    ($name:literal, $value:expr $(,)?) => {
        $value
    };
}

/// Runs its branches concurrently in a `Parallel` state; the value is the tuple of the
/// branches' values, in order.
///
/// `parallel!(a(x.clone()), { let t = b(x); c(t) })`. Natively the branches run one after
/// the other, each from the Parallel's start on the simulated clock, which the longest branch
/// moves on. A branch may read the workflow's variables; it cannot `return`.
#[macro_export]
macro_rules! parallel {
    ($($branch:expr),+ $(,)?) => {{
        // On the simulated clock each branch starts with the Parallel; the longest ends it.
        let mut __asl_fork = $crate::__private::Fork::start();
        let __asl_value = ($({
            __asl_fork.enter();
            let __asl_branch = $branch;
            __asl_fork.leave();
            __asl_branch
        },)+);
        __asl_fork.join(__asl_value)
    }};
}

/// What a workflow file needs in scope: `use asl::prelude::*;`.
pub mod prelude {
    pub use crate::context::ctx;
    pub use crate::errors::{AnyError, LambdaError, StatesError};
    pub use crate::fail;
    pub use crate::intrinsics::{
        array_range, base64_decode, base64_encode, from_json_string, hash, merge, partition,
        random, split, to_json_string, unique, uuid, HashAlgorithm,
    };
    pub use crate::map::{
        map, Batch, ExecutionType, Map, MapRunResult, S3Csv, S3JsonArray, S3Manifest, S3Object,
        S3Objects,
    };
    pub use crate::parallel;
    pub use crate::pass;
    pub use crate::{
        retry, sleep, sleep_until, task, workflow, Definition, ErrorInfo, Failure, Payload,
        ServerlessOptions, TaskError, Timestamp,
    };
    pub use serde::{Deserialize, Serialize};
    pub use std::time::Duration;
}

/// What the macros' expansions name. Not a public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::errors::{
        catch_names, fail_with_variant, remaining_names, task_error_names, task_error_shape,
        try_catchers, typed_failure, variant_error_name, TaskResult,
    };
    pub use crate::exact::{cast, check_exact, divisor, exact};
    pub use crate::expansion::{
        array_item, array_literal, constant_value, element_shape, literal_field_shape,
        literal_shape, option_inner, or_literal_shape, place_shape, recursive_shape,
        struct_literal, unit_variant_value, AnyPayload, LiteralShape,
    };
    pub use crate::intrinsics::format_template;
    pub use crate::map::batch_shape;
    pub use crate::runtime::{
        call_task, call_task_result, call_task_result_retrying, call_task_result_timed,
        call_task_retrying, call_task_timed, parent_module, record_call, retry_next_call,
        time_next_call, workflow_execution, CallTiming, Catching, ClonedInput, Fork, InputCloner,
        IntegrationReturns, PlainCall, RetriedInput, RetriedTask, RetriedWorkflow, TaskKey,
        UnclonedInput,
    };
    pub use asl_model::ir;
    pub use serde;
    pub use serde_json;
}
