use asl::prelude::*;

#[derive(Serialize, Deserialize)]
struct Order {
    id: String,
}

#[derive(Payload, Serialize, Deserialize)]
struct Receipt {
    id: String,
}

#[task(lambda = "charge")]
fn charge(order: Order) -> Receipt;

fn main() {}
