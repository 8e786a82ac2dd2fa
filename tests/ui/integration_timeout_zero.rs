use asl::aws::sqs;
use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Decision {
    approved: bool,
}

#[workflow]
fn approval(o: Order) -> bool {
    #[state(timeout = 0, heartbeat = 60)]
    match sqs::send_message_wait_for_task_token::<_, Decision>(sqs::SendMessage {
        queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals".to_string(),
        message_body: o,
        message_group_id: None,
        message_deduplication_id: None,
        delay_seconds: None,
    }) {
        Ok(d) => d.approved,
        Err(StatesError::Timeout) => false,
        Err(_) => false,
    }
}

fn main() {}
