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

#[task(lambda = "split")]
fn split(order: Order) -> (Order, Order);

#[workflow]
fn checkout(o: Order) -> Receipt {
    let (first, _second) = split(o);
    charge(first)
}

fn main() {}
