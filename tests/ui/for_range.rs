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
fn charge_ten(b: Orders) {
    for _i in 0..10 {
        charge(b.orders[0].clone());
    }
}

fn main() {}
