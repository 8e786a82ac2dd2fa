//! Amazon SNS: `arn:aws:states:::sns:publish`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aws::integration;
use crate::Payload;

/// The `Parameters` of `sns:publish`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Publish<T> {
    pub topic_arn: String,
    /// Step Functions writes a JSON message as its text.
    pub message: T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_attributes: Option<BTreeMap<String, MessageAttribute>>,
}

/// One SNS message attribute: `{"DataType": "String", "StringValue": "…"}`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct MessageAttribute {
    /// `String`, `String.Array`, `Number` or `Binary`.
    pub data_type: String,
    pub string_value: String,
}

/// What `sns:publish` returns.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct PublishOutput {
    pub message_id: String,
}

integration! {
    /// Publishes a message to a topic (`arn:aws:states:::sns:publish`).
    /// Natively it calls the handler registered as `"sns:publish"`.
    fn publish<T>(Publish<T>) -> PublishOutput;
    task = "sns:publish", state = "SnsPublish", resource = "arn:aws:states:::sns:publish",
    shapes = (Publish<crate::__private::AnyPayload>, PublishOutput),
}
