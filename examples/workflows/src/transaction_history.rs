//! Seed 06: store a transaction in DynamoDB, authorize, commit, broadcast to SNS.

use asl::prelude::*;

use crate::aws::{Publish, PublishResult, PutItem, S};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Transaction {
    #[serde(rename = "TransactionId")]
    pub id: String,
    #[serde(rename = "Type")]
    pub kind: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct HistoryItem {
    #[serde(rename = "TransactionId")]
    pub id: S<String>,
    #[serde(rename = "Type")]
    pub kind: S<String>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct TxEvent {
    #[serde(rename = "TransactionId")]
    pub id: String,
    #[serde(rename = "Type")]
    pub kind: String,
    #[serde(rename = "Status")]
    pub status: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Authorization {
    pub authorized: bool,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Commit {
    pub committed: bool,
}

#[task(resource = "arn:aws:states:::dynamodb:putItem")]
pub fn store_request_in_history(put: PutItem<HistoryItem>) -> serde_json::Value;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:authorize-credentials")]
pub fn authorize_credentials(t: Transaction) -> Authorization;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:commit-transaction")]
pub fn commit_transaction(t: Transaction) -> Commit;

#[task(resource = "arn:aws:states:::sns:publish")]
pub fn broadcast_success(p: Publish<TxEvent>) -> PublishResult;

#[workflow(name = "transaction-history")]
pub fn transaction_history(t: Transaction) -> PublishResult {
    store_request_in_history(PutItem {
        table_name: "TransactionHistory".to_string(),
        item: HistoryItem {
            id: S { s: t.id.clone() },
            kind: S { s: t.kind.clone() },
        },
    });
    authorize_credentials(t.clone());
    commit_transaction(t.clone());
    broadcast_success(Publish {
        topic_arn: "arn:aws:sns:us-east-1:123456789012:transaction-events".to_string(),
        message: TxEvent {
            id: t.id,
            kind: t.kind,
            status: "SUCCESS".to_string(),
        },
    })
}
