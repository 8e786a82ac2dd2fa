//! Seed 10: publish the transaction to SNS.

use asl::prelude::*;

use crate::aws::{Publish, PublishResult};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Transaction {
    #[serde(rename = "TransactionId")]
    pub id: String,
    #[serde(rename = "Type")]
    pub kind: String,
}

#[task(resource = "arn:aws:states:::sns:publish")]
pub fn broadcast_to_sns(p: Publish<Message>) -> PublishResult;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Message {
    #[serde(rename = "TransactionId")]
    pub id: String,
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(rename = "Source")]
    pub source: String,
}

#[workflow(
    name = "transaction-sns",
    comment = "Transaction Processor State Machine Using SNS"
)]
pub fn transaction_sns(t: Transaction) -> PublishResult {
    broadcast_to_sns(Publish {
        topic_arn: "Replace Me!".to_string(),
        message: Message {
            id: t.id,
            kind: t.kind,
            source: "Step Functions!".to_string(),
        },
    })
}
