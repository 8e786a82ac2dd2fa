use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
    amount: f64,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Receipt {
    id: String,
    approved: bool,
}

#[task(lambda = "charge")]
fn charge(order: Order) -> Receipt;

#[retry(errors = ["States.Timeout"], max_attempts = 3)]
fn ship(order: Order) -> Receipt {
    Receipt { id: order.id, approved: true }
}

fn main() {}
