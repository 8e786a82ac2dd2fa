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
fn charge_stamped(b: Orders) -> bool {
    let c = ctx();
    charge(b.orders[0].clone())
}

fn main() {}
