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

#[task(lambda = "charge-all")]
fn charge_all(orders: Vec<Order>) -> Receipt;

#[workflow]
fn checkout(o: Order) -> Receipt {
    charge_all(vec![o])
}

fn main() {}
