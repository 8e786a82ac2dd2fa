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

#[task(lambda = "refund")]
fn refund(order: Order) -> Receipt;

#[workflow]
fn checkout(o: Order) -> Receipt {
    let mut last = charge(o.clone());
    if last.approved {
        return last;
    }
    let both = parallel!(
        {
            last = charge(o.clone());
            last.clone()
        },
        {
            if o.amount > 100.0 {
                return refund(o.clone());
            }
            refund(o.clone())
        }
    );
    let _ = last;
    both.1
}

fn main() {}
