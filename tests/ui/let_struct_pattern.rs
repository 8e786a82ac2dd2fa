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

#[workflow]
fn checkout(o: Order) -> Receipt {
    let Order { id, .. } = o.clone();
    charge(Order { id, amount: o.amount })
}

fn main() {}
