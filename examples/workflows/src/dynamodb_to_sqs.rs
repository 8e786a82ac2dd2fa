//! Seed 12: read the next message from DynamoDB and forward it to SQS.

use asl::prelude::*;

use crate::aws::{GetItem, GetItemResult, SendMessage, SendMessageResult, S};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Batch {
    #[serde(rename = "List")]
    pub list: Vec<String>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct MessageKey {
    #[serde(rename = "MessageId")]
    pub message_id: S<String>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct MessageRecord {
    #[serde(rename = "Message")]
    pub message: S<String>,
}

#[task(resource = "arn:aws:states:::dynamodb:getItem")]
pub fn read_next_message(get: GetItem<MessageKey>) -> GetItemResult<MessageRecord>;

#[task(resource = "arn:aws:states:::sqs:sendMessage")]
pub fn send_message(m: SendMessage<String>) -> SendMessageResult;

#[workflow(name = "dynamodb-to-sqs")]
pub fn forward_message(b: Batch) -> SendMessageResult {
    #[state(name = "Read Next Message from DynamoDB")]
    let record = read_next_message(GetItem {
        table_name: "TransferDataRecords-DDBTable-3I41R5L5EAGT".to_string(),
        key: MessageKey {
            message_id: S {
                s: b.list[0].clone(),
            },
        },
    });
    #[state(name = "Send Message to SQS")]
    send_message(SendMessage {
        queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/clients".to_string(),
        message_body: record.item.message.s,
    })
}
