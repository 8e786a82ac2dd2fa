//! Seed 09: send the transaction to SQS with the typed integration `asl::aws::sqs`
//! (the seed's no-op Pass state is not needed).

use asl::aws::sqs;
use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Transaction {
    #[serde(rename = "TransactionId")]
    pub id: String,
    #[serde(rename = "Type")]
    pub kind: String,
}

#[workflow(
    name = "transaction-sqs",
    comment = "Transaction Processor State Machine Using SQS"
)]
pub fn transaction_sqs(t: Transaction) -> sqs::SendMessageOutput {
    #[state(name = "BroadcastToSqs")]
    sqs::send_message(sqs::SendMessage {
        queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/transactions".to_string(),
        message_body: Transaction {
            id: t.id,
            kind: t.kind,
        },
        message_group_id: None,
        message_deduplication_id: None,
        delay_seconds: None,
    })
}
