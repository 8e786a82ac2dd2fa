//! The seed workflows (`shared/seed-workflows/`) written as `#[workflow]` Rust fns.

// Each example mirrors its seed's states one for one, so it keeps forms clippy would fold
// (a `let` returned at once is a named state, a loop the seed leaves endless stays endless).
#![allow(
    clippy::while_immutable_condition,
    clippy::never_loop,
    clippy::let_and_return,
    clippy::needless_return,
    clippy::single_match,
    clippy::redundant_closure
)]

pub mod batch_job;
pub mod callback_pattern;
pub mod coindesk;
pub mod distributed_map_s3;
pub mod dynamodb_clients;
pub mod dynamodb_to_sqs;
pub mod ecs_drainer;
pub mod etl_file_transfer;
pub mod fetch_loop;
pub mod fetch_pdfs;
pub mod first_state;
pub mod hello_world_choice;
pub mod hello_world_pass;
pub mod job_poller;
pub mod map_messages;
pub mod meetup;
pub mod nested_workflows;
pub mod price_quote;
pub mod scored_fanout;
pub mod ticket_triage;
pub mod transaction_history;
pub mod transaction_sns;
pub mod transaction_sqs;
pub mod transactions;
pub mod travel_saga;

use asl::Definition;

/// Every example workflow: (seed number, name on the command line, its definition).
pub fn all() -> Vec<(&'static str, &'static str, Definition)> {
    vec![
        ("01", "coindesk", coindesk::update_feed::definition()),
        ("02", "meetup", meetup::meetup::definition()),
        ("03", "first-state", first_state::first_state::definition()),
        ("04", "batch-job", batch_job::batch_job::definition()),
        (
            "05",
            "hello-world-pass",
            hello_world_pass::hello_world::definition(),
        ),
        (
            "06",
            "transaction-history",
            transaction_history::transaction_history::definition(),
        ),
        (
            "07",
            "hello-world-choice",
            hello_world_choice::hello_world_choice::definition(),
        ),
        (
            "08",
            "transactions",
            transactions::transactions::definition(),
        ),
        (
            "09",
            "transaction-sqs",
            transaction_sqs::transaction_sqs::definition(),
        ),
        (
            "10",
            "transaction-sns",
            transaction_sns::transaction_sns::definition(),
        ),
        (
            "11",
            "dynamodb-clients",
            dynamodb_clients::put_clients::definition(),
        ),
        (
            "12",
            "dynamodb-to-sqs",
            dynamodb_to_sqs::forward_message::definition(),
        ),
        ("13", "fetch-pdfs", fetch_pdfs::fetch_pdfs::definition()),
        ("14", "ecs-drainer", ecs_drainer::ecs_drainer::definition()),
        (
            "15",
            "etl-file-transfer",
            etl_file_transfer::etl_orchestration::definition(),
        ),
        (
            "16",
            "fetch-loop",
            fetch_loop::fetch_data_from_external_datasource::definition(),
        ),
        (
            "aws01",
            "callback-pattern",
            callback_pattern::callback_pattern::definition(),
        ),
        ("aws02", "job-poller", job_poller::job_poller::definition()),
        (
            "aws03",
            "distributed-map-s3",
            distributed_map_s3::distributed_map_s3::definition(),
        ),
        (
            "aws04",
            "nested-workflows",
            nested_workflows::nested_workflows::definition(),
        ),
        (
            "aws05",
            "travel-saga",
            travel_saga::travel_saga::definition(),
        ),
        (
            "aws06",
            "map-messages",
            map_messages::map_messages::definition(),
        ),
        // `jsNN`: JSONata workflows that keep pure Rust in the state machine.
        (
            "js01",
            "price-quote",
            price_quote::price_quote::definition(),
        ),
        (
            "js02",
            "ticket-triage",
            ticket_triage::ticket_triage::definition(),
        ),
        (
            "js03",
            "scored-fanout",
            scored_fanout::scored_fanout::definition(),
        ),
    ]
}

/// Payloads of AWS service integrations that several examples share.
pub mod aws {
    use asl::prelude::*;

    /// A DynamoDB string attribute: `{"S": "…"}`.
    #[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
    pub struct S<T> {
        #[serde(rename = "S")]
        pub s: T,
    }

    /// `arn:aws:states:::sqs:sendMessage` parameters.
    #[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    pub struct SendMessage<T> {
        pub queue_url: String,
        pub message_body: T,
    }

    #[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    pub struct SendMessageResult {
        pub message_id: String,
    }

    /// `arn:aws:states:::sns:publish` parameters.
    #[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    pub struct Publish<T> {
        pub topic_arn: String,
        pub message: T,
    }

    #[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    pub struct PublishResult {
        pub message_id: String,
    }

    /// `arn:aws:states:::dynamodb:putItem` parameters.
    #[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    pub struct PutItem<T> {
        pub table_name: String,
        pub item: T,
    }

    /// `arn:aws:states:::dynamodb:getItem` parameters.
    #[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    pub struct GetItem<K> {
        pub table_name: String,
        pub key: K,
    }

    #[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
    #[serde(rename_all = "PascalCase")]
    pub struct GetItemResult<T> {
        pub item: T,
    }

    #[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
    pub struct Empty {}
}
