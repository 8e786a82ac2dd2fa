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

#[task(lambda = "is-fraud")]
fn is_fraud(order: Order) -> bool;

#[workflow]
fn checkout(o: Order) -> Receipt {
    if is_fraud(o.clone()) {
        fail!("Fraud");
    }
    charge(o)
}

fn main() {}
