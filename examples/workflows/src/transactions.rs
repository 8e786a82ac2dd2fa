//! Seed 08: the transaction processor: a Choice on the transaction type.

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Transaction {
    #[serde(rename = "TransactionId")]
    pub id: String,
    #[serde(rename = "TransactionType")]
    pub kind: Kind,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Kind {
    Purchase,
    Refund,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Receipt {
    #[serde(rename = "TransactionId")]
    pub id: String,
    pub status: String,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:ProcessPurchase")]
pub fn process_purchase(t: Transaction) -> Receipt;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:ProcessRefund")]
pub fn process_refund(t: Transaction) -> Receipt;

#[workflow(
    name = "transactions",
    comment = "A simple AWS Step Functions state machine that automates a call center support session."
)]
pub fn transactions(t: Transaction) -> Receipt {
    #[state(name = "ProcessTransaction")]
    match t.kind {
        Kind::Purchase => process_purchase(t),
        Kind::Refund => process_refund(t),
    }
}
