//! Amazon SQS: `arn:aws:states:::sqs:sendMessage`, and its `.waitForTaskToken` form.

use serde::{Deserialize, Serialize};

use crate::aws::integration;
use crate::Payload;

/// The `Parameters` of `sqs:sendMessage`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct SendMessage<T> {
    pub queue_url: String,
    /// Step Functions writes a JSON body as its text.
    pub message_body: T,
    /// Required for a FIFO queue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_group_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_deduplication_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delay_seconds: Option<u32>,
}

/// What `sqs:sendMessage` returns.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct SendMessageOutput {
    #[serde(rename = "MessageId")]
    pub message_id: String,
    /// AWS spells it `MD5OfMessageBody`.
    #[serde(rename = "MD5OfMessageBody")]
    pub md5_of_message_body: String,
}

integration! {
    /// Sends a message to a queue (`arn:aws:states:::sqs:sendMessage`).
    /// Natively it calls the handler registered as `"sqs:sendMessage"`.
    fn send_message<T>(SendMessage<T>) -> SendMessageOutput;
    task = "sqs:sendMessage", state = "SqsSendMessage", resource = "arn:aws:states:::sqs:sendMessage",
    shapes = (SendMessage<crate::__private::AnyPayload>, SendMessageOutput),
}

integration! {
    /// Sends a message and waits until a worker calls `SendTaskSuccess` with the task token
    /// (`arn:aws:states:::sqs:sendMessage.waitForTaskToken`); the value is what the worker
    /// sends. Put `asl::aws::task_token()` in the body so the worker has the token.
    /// Natively it calls the handler registered as `"sqs:sendMessage.waitForTaskToken"`.
    fn send_message_wait_for_task_token<T, Out>(SendMessage<T>) -> Out;
    task = "sqs:sendMessage.waitForTaskToken", state = "SqsSendMessageWaitForTaskToken",
    resource = "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
    shapes = (SendMessage<crate::__private::AnyPayload>, crate::__private::AnyPayload),
}
