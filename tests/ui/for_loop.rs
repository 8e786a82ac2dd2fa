use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Batch {
    orders: Vec<Order>,
}

#[task(lambda = "charge")]
fn charge(order: Order) -> bool;

#[workflow]
fn charge_all(b: Batch) {
    for o in b.orders {
        charge(o);
    }
}

fn main() {}
