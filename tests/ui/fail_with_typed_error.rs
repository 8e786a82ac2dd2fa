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
    if o.amount > 100.0 {
        fail!(Errors::TooLarge, "too large");
    }
    charge(o)
}

fn main() {}
