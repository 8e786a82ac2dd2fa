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

const MINIMUM: u32 = 10;

#[workflow]
fn charge_all(b: Orders) -> Vec<bool> {
    map(b.orders, |o| charge(Order { id: o.id, amount: MINIMUM }))
}

fn main() {}
