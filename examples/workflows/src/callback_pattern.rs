//! AWS sample "Callback Pattern Example": send a message carrying the task token to SQS and
//! wait for a worker to return it, then notify success or failure on SNS. Shows
//! `.waitForTaskToken` with `asl::aws::task_token()`, a timeout and heartbeat on the
//! callback, and `match` on a `Result` as a `Catch`.

use asl::aws::{sns, sqs};
use asl::errors::AnyError;
use asl::prelude::*;

/// What the worker reads from the queue: the token it must hand back to Step Functions.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct CallbackRequest {
    #[serde(rename = "MessageTitle")]
    pub title: String,
    #[serde(rename = "TaskToken")]
    pub task_token: String,
}

/// What the worker sends with `SendTaskSuccess` (the sample's worker sends any JSON).
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct CallbackResult {
    pub status: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Start {}

// A `#[task]` of its own rather than `sqs::send_message_wait_for_task_token`, to bound the
// wait: without a timeout a lost message would keep the execution open for a year.
#[task(
    resource = "arn:aws:states:::sqs:sendMessage",
    wait_for_task_token = true,
    timeout = 3600,
    heartbeat = 600
)]
pub fn send_and_wait_for_callback(
    request: sqs::SendMessage<CallbackRequest>,
) -> Result<CallbackResult, AnyError>;

#[workflow(
    name = "callback-pattern",
    comment = "An example of the Amazon States Language for starting a task and waiting for a callback."
)]
pub fn callback_pattern(_start: Start) -> sns::PublishOutput {
    #[state(name = "Start Task And Wait For Callback")]
    match send_and_wait_for_callback(sqs::SendMessage {
        queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/CallbackQueue".into(),
        message_body: CallbackRequest {
            title: "Task started by Step Functions. Waiting for callback with task token.".into(),
            task_token: asl::aws::task_token(),
        },
        message_group_id: None,
        message_deduplication_id: None,
        delay_seconds: None,
    }) {
        Ok(_) => {
            #[state(name = "Notify Success")]
            let sent = sns::publish(sns::Publish {
                topic_arn: "arn:aws:sns:us-east-1:123456789012:CallbackTopic".into(),
                message: "Callback received. Task started by Step Functions succeeded.".to_string(),
                subject: None,
                message_attributes: None,
            });
            sent
        }
        Err(_) => {
            #[state(name = "Notify Failure")]
            let sent = sns::publish(sns::Publish {
                topic_arn: "arn:aws:sns:us-east-1:123456789012:CallbackTopic".into(),
                message: "Task started by Step Functions failed.".to_string(),
                subject: None,
                message_attributes: None,
            });
            sent
        }
    }
}
