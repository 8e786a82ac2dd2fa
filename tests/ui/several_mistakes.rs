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
    println!("start");
    let _total = o.amount + 1.0;
    for _ in 0..3 {
        charge(o.clone());
    }
    let _check = |x: f64| x > 2.0;
    charge(o)
}

fn main() {}
