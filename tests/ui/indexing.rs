use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Batch {
    orders: Vec<Order>,
    next: usize,
}

#[task(lambda = "charge")]
fn charge(order: Order) -> bool;

#[workflow]
fn charge_first(b: Batch) -> bool {
    charge(b.orders[b.next..][0].clone())
}

fn main() {}
