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
    let mut r = charge(o.clone());
    'retry: loop {
        loop {
            if r.approved {
                break 'retry;
            }
            r = charge(o.clone());
        }
    }
    r
}

fn main() {}
