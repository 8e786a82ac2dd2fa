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
fn charge_hashed(b: Orders) -> bool {
    let algorithm = b.bucket.clone();
    charge(Order { id: hash(b.bucket, algorithm), amount: 1 })
}

fn main() {}
