// A constant is a literal of the state machine; a misspelled one is rustc's error.
use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
    queue: String,
}

#[task(lambda = "send")]
fn send(order: Order) -> bool;

const QUEUE_URL: &str = "https://sqs.us-east-1.amazonaws.com/123456789012/orders";

#[workflow]
fn forward(o: Order) -> bool {
    send(Order { id: o.id, queue: QUEUE_ULR.to_string() })
}

fn main() {}
