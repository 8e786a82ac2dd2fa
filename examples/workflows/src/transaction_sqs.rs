//! Seed 09: send the transaction to SQS (the seed's no-op Pass state is not needed).

use asl::prelude::*;

use crate::aws::{SendMessage, SendMessageResult};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Transaction {
    #[serde(rename = "TransactionId")]
    pub id: String,
    #[serde(rename = "Type")]
    pub kind: String,
}

#[task(resource = "arn:aws:states:::sqs:sendMessage")]
pub fn broadcast_to_sqs(m: SendMessage<Transaction>) -> SendMessageResult;

#[workflow(
    name = "transaction-sqs",
    comment = "Transaction Processor State Machine Using SQS"
)]
pub fn transaction_sqs(t: Transaction) -> SendMessageResult {
    broadcast_to_sqs(SendMessage {
        queue_url: "".to_string(),
        message_body: Transaction {
            id: t.id,
            kind: t.kind,
        },
    })
}
