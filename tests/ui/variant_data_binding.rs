use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize)]
enum Payment {
    Card(String),
    Cash,
}

#[derive(Payload, Serialize, Deserialize)]
struct Order {
    payment: Payment,
}

#[workflow]
fn route(o: Order) {
    match o.payment {
        Payment::Card(number) => fail!("Card", number),
        Payment::Cash => {}
    }
}

fn main() {}
