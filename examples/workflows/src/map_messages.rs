//! AWS sample "Dynamically process data with a Map state": read a batch of messages from
//! an SQS queue through a Lambda; if there are any, for each message write it to DynamoDB,
//! delete it from the queue (a Lambda) and publish it to SNS. Shows `map` with
//! `dynamodb::put_item` with typed attributes, `sns::publish` with a
//! `format!` subject, and `lambda::invoke`.
//!
//! One deviation, for the types: the sample's read Lambda returns the text `"No messages"`
//! when the queue is empty; here it returns `null` (`Option`), so that the message list
//! has one type. The states and transitions are the sample's.

use asl::aws::{dynamodb, lambda, sns};
use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Start {}

/// One SQS message as the read Lambda returns it.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct QueueMessage {
    #[serde(rename = "MessageId")]
    pub message_id: String,
    #[serde(rename = "ReceiptHandle")]
    pub receipt_handle: String,
    #[serde(rename = "Body")]
    pub body: String,
}

/// The row written for a message.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct MessageRow {
    #[serde(rename = "MessageId")]
    pub message_id: dynamodb::S,
    #[serde(rename = "Body")]
    pub body: dynamodb::S,
}

/// What the delete Lambda needs.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct DeleteMessage {
    #[serde(rename = "ReceiptHandle")]
    pub receipt_handle: String,
}

#[workflow(
    name = "map-messages",
    comment = "An example of the Amazon States Language for reading messages from an SQS queue and iteratively processing each message."
)]
pub fn map_messages(_start: Start) -> Option<Vec<sns::PublishOutput>> {
    #[state(name = "Read messages from SQS Queue")]
    let read: lambda::InvokeOutput<Option<Vec<QueueMessage>>> = lambda::invoke(lambda::Invoke {
        function_name: "arn:aws:lambda:us-east-1:123456789012:function:ReadMessagesFromSqs".into(),
        payload: Start {},
        qualifier: None,
        invocation_type: None,
    });
    #[state(name = "Are there messages to process?")]
    match read.payload {
        None => None,
        Some(messages) => {
            #[state(name = "Process messages")]
            let published = map(messages, |message| {
                #[state(name = "Write message to DynamoDB")]
                dynamodb::put_item(dynamodb::PutItem {
                    table_name: "MapSampleMessages".into(),
                    item: MessageRow {
                        message_id: dynamodb::S {
                            s: message.message_id.clone(),
                        },
                        body: dynamodb::S {
                            s: message.body.clone(),
                        },
                    },
                    condition_expression: None,
                    expression_attribute_names: None,
                    expression_attribute_values: None,
                    return_values: None,
                });
                #[state(name = "Remove message from SQS queue")]
                lambda::invoke::<_, Start>(lambda::Invoke {
                    function_name: "arn:aws:lambda:us-east-1:123456789012:function:DeleteFromSqs"
                        .into(),
                    payload: DeleteMessage {
                        receipt_handle: message.receipt_handle.clone(),
                    },
                    qualifier: None,
                    invocation_type: None,
                });
                #[state(name = "Publish message to SNS topic")]
                let sent = sns::publish(sns::Publish {
                    topic_arn: "arn:aws:sns:us-east-1:123456789012:MapSampleTopic".into(),
                    message: message.body,
                    subject: Some(format!(
                        "Message {} from Step Functions!",
                        message.message_id
                    )),
                    message_attributes: None,
                });
                sent
            });
            Some(published)
        }
    }
}
