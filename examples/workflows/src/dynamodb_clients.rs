//! Seed 11: put a client record into DynamoDB with typed attribute values.

use asl::prelude::*;

use crate::aws::{PutItem, S};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct Client {
    pub client_id: String,
    pub client_name: String,
    pub source_identifier: String,
    pub created_timestamp: String,
    pub entities: Entities,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Entities {
    #[serde(rename = "L")]
    pub l: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub struct ClientItem {
    pub client_id: S<String>,
    pub client_name: S<String>,
    pub source_identifier: S<String>,
    pub created_timestamp: S<String>,
    pub entities: S<String>,
}

#[task(resource = "arn:aws:states:::dynamodb:putItem")]
pub fn put_client(put: PutItem<ClientItem>) -> serde_json::Value;

#[workflow(name = "put-clients", comment = "PutItem into DynamoDB")]
pub fn put_clients(c: Client) -> serde_json::Value {
    #[state(name = "1st")]
    put_client(PutItem {
        table_name: "CLIENTS".to_string(),
        item: ClientItem {
            client_id: S { s: c.client_id },
            client_name: S { s: c.client_name },
            source_identifier: S {
                s: c.source_identifier,
            },
            created_timestamp: S {
                s: c.created_timestamp,
            },
            entities: S { s: c.entities.l },
        },
    })
}
