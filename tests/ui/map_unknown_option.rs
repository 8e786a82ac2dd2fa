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
fn charge_all(b: Orders) -> Vec<bool> {
    Map::over(b.orders).retry(3).run(|o| charge(o))
}

fn main() {}
