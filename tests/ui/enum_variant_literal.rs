use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize)]
enum Payment {
    Card { number: String },
    Cash,
}

#[derive(Payload, Serialize, Deserialize)]
struct Order {
    card: String,
}

#[task(lambda = "pay")]
fn pay(p: Payment) -> bool;

#[workflow]
fn checkout(o: Order) -> bool {
    let payment = Payment::Card { number: o.card };
    pay(payment)
}

fn main() {}
