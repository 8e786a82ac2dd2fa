//! Seed 10: publish the transaction to SNS with the typed integration `asl::aws::sns`
//! (the seed's no-op Pass state is not needed).

use asl::aws::sns;
use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Transaction {
    #[serde(rename = "TransactionId")]
    pub id: String,
    #[serde(rename = "Type")]
    pub kind: String,
}

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
pub fn transaction_sns(t: Transaction) -> sns::PublishOutput {
    #[state(name = "BroadcastToSns")]
    sns::publish(sns::Publish {
        topic_arn: "Replace Me!".to_string(),
        message: Message {
            id: t.id,
            kind: t.kind,
            source: "Step Functions!".to_string(),
        },
        subject: None,
        message_attributes: None,
    })
}
