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

#[task(lambda = "try-charge")]
fn try_charge(order: Order) -> Option<Receipt>;

#[workflow]
fn checkout(o: Order) -> Option<Receipt> {
    let r = try_charge(o)?;
    Some(r)
}

fn main() {}
