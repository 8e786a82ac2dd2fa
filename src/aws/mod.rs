//! Typed AWS service integrations: each is a fn a `#[workflow]` calls like a `#[task]`.
//!
//! `sqs::send_message(sqs::SendMessage { queue_url: "…".into(), message_body: order })`
//! becomes a `Task` with `"Resource": "arn:aws:states:::sqs:sendMessage"` and the request
//! struct as its `Parameters`; rustc checks the request and response types. Each
//! integration is a fn (natively it calls the handler registered under its task name, e.g.
//! `asl::runtime::register("sqs:sendMessage", …)`) and a module of the same name whose
//! `task()` describes the state, exactly what `#[task]` expands to.
//!
//! A request struct's `Option` fields that are `None` are left out of `Parameters`, as
//! serde leaves them out of the JSON (`skip_serializing_if`). Type parameters (a message
//! body, a Lambda payload) take any payload type; a struct literal in such a field is
//! written with its own type's JSON names.
//!
//! Services that have no typed module here are reached with `#[task(aws_sdk =
//! "service:action")]` (the AWS SDK integrations) and HTTPS APIs with
//! `#[task(http = true)] fn f(request: asl::aws::http::HttpInvoke<Body>) -> HttpResponse<Out>;`.

pub mod dynamodb;
pub mod events;
pub mod http;
pub mod lambda;
pub mod sns;
pub mod sqs;
pub mod states;

use asl_model::ir::{Shape, TaskResource, TaskSpec};

/// The `Task` state of an integration: the state name, the resource, the request and
/// response shapes; no retry, timeout or heartbeat (a workflow gives them at the call:
/// `#[retry(…)]`, `#[state(timeout = 300, heartbeat = 60)]`).
#[doc(hidden)]
pub fn integration_task(state_name: &str, resource: &str, input: Shape, output: Shape) -> TaskSpec {
    TaskSpec::new(
        state_name,
        TaskResource::Arn(resource.to_string()),
        input,
        output,
    )
}

/// The task token of the running `.waitForTaskToken` task (`$$.Task.Token`): put it in the
/// request so the receiver can call `SendTaskSuccess` with it. Natively it is a fixed
/// placeholder, since no token exists outside Step Functions.
pub fn task_token() -> String {
    NATIVE_TASK_TOKEN.to_string()
}

/// What `task_token()` returns in a native run.
pub const NATIVE_TASK_TOKEN: &str = "native-task-token";

/// Defines one integration: `pub fn $name(request) -> response` calling the handler
/// registered as `$task`, and `pub mod $name` with what a `#[task]`'s module has: `task()`
/// describing its state, `Returns` (its errors are `StatesError`, so a workflow can catch
/// them: `match sqs::send_message(…) { Ok(out) => …, Err(StatesError::Timeout) => … }`),
/// and `mock` for `asl::testing::Env`. `shapes` gives the request and response types with
/// `AnyPayload` for type parameters.
macro_rules! integration {
    (
        $(#[$attr:meta])*
        fn $name:ident $(<$($param:ident),+>)? ($request:ty) -> $response:ty;
        task = $task:literal, state = $state:literal, resource = $resource:literal,
        shapes = ($input_shape:ty, $output_shape:ty) $(,)?
    ) => {
        $(#[$attr])*
        pub fn $name $(<$($param),+>)? (request: $request) -> $response
        $(where $($param: ::serde::Serialize + ::serde::de::DeserializeOwned),+)?
        {
            $crate::__private::call_task::<$request, $response>($task, request)
        }

        #[doc(hidden)]
        #[allow(non_snake_case)]
        pub mod $name {
            #[allow(unused_imports)]
            use super::*;

            /// What the fn returns, for a workflow catching its errors: `StatesError`s.
            pub type Returns = $crate::__private::IntegrationReturns;

            /// What a `#[retry]` at a call asks of the argument: nothing.
            pub type Retried = $crate::__private::RetriedTask;

            /// A mock of this integration for `asl::testing::Env`; `Err(e)` fails the call
            /// with `e` (`StatesError::Other(info)` for a service's own error names).
            pub fn mock<$($($param,)+)? F>(handler: F) -> $crate::testing::Mock
            where
                F: ::std::ops::FnMut($request) -> ::std::result::Result<$response, $crate::errors::StatesError> + 'static,
                $($($param: ::serde::Serialize + ::serde::de::DeserializeOwned + 'static),+)?
            {
                $crate::testing::Mock::typed_result($crate::__private::TaskKey::from($task), handler)
            }

            /// The `Task` state this integration compiles to.
            pub fn task() -> $crate::__private::ir::TaskSpec {
                $crate::aws::integration_task(
                    $state,
                    $resource,
                    <$input_shape as $crate::Payload>::shape(),
                    <$output_shape as $crate::Payload>::shape(),
                )
            }
        }
    };
}
pub(crate) use integration;
