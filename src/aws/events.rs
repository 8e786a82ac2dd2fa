//! Amazon EventBridge: `arn:aws:states:::events:putEvents`.

use serde::{Deserialize, Serialize};

use crate::aws::integration;
use crate::Payload;

/// The `Parameters` of `events:putEvents`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct PutEvents<T> {
    pub entries: Vec<Entry<T>>,
}

/// One event. Step Functions writes a JSON `Detail` as its text.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Entry<T> {
    pub detail: T,
    pub detail_type: String,
    pub source: String,
    /// The default bus when absent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_bus_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resources: Option<Vec<String>>,
}

/// What `events:putEvents` returns.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct PutEventsOutput {
    pub entries: Vec<EntryResult>,
    pub failed_entry_count: u32,
}

/// One entry's result: its id, or why it failed.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct EntryResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
}

integration! {
    /// Sends events to an event bus (`arn:aws:states:::events:putEvents`).
    /// Natively it calls the handler registered as `"events:putEvents"`.
    fn put_events<T>(PutEvents<T>) -> PutEventsOutput;
    task = "events:putEvents", state = "EventBridgePutEvents", resource = "arn:aws:states:::events:putEvents",
    shapes = (PutEvents<crate::__private::AnyPayload>, PutEventsOutput),
}
