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
fn charge_all(b: Orders) {
    let _ = Map::over(b.orders).max_concurrency(2);
}

fn main() {}
