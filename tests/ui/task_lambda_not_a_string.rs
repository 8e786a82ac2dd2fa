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

#[task(lambda = ship_order)]
fn ship(order: Order) -> Receipt;

fn main() {}
