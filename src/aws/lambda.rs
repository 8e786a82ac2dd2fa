//! AWS Lambda through the optimized integration `arn:aws:states:::lambda:invoke`.

use serde::{Deserialize, Serialize};

use crate::aws::integration;
use crate::Payload;

/// The `Parameters` of `lambda:invoke`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Invoke<T> {
    /// The function's name, ARN or partial ARN (`${FnArn}` substitutions pass through).
    pub function_name: String,
    /// The event the function receives.
    pub payload: T,
    /// A version or alias.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    /// `RequestResponse` (the default), `Event` or `DryRun`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invocation_type: Option<String>,
}

/// What `lambda:invoke` returns: the function's result under `Payload`, with the call's metadata.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct InvokeOutput<T> {
    pub payload: T,
    pub status_code: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub executed_version: Option<String>,
}

integration! {
    /// Invokes a Lambda function and waits for its result (`arn:aws:states:::lambda:invoke`).
    /// Natively it calls the handler registered as `"lambda:invoke"`.
    fn invoke<In, Out>(Invoke<In>) -> InvokeOutput<Out>;
    task = "lambda:invoke", state = "LambdaInvoke", resource = "arn:aws:states:::lambda:invoke",
    shapes = (Invoke<crate::__private::AnyPayload>, InvokeOutput<crate::__private::AnyPayload>),
}
