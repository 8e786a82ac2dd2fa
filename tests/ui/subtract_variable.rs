use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
    amount: u32,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Orders {
    orders: Vec<Order>,
    bucket: String,
    limit: u64,
}

#[task(lambda = "charge")]
fn charge(order: Order) -> bool;

#[workflow]
fn charge_rest(b: Orders) -> bool {
    let first = b.orders[0].clone();
    charge(Order { id: first.id, amount: first.amount - first.amount })
}

fn main() {}
