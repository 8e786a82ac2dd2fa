use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize)]
enum Kind {
    Purchase,
    Refund,
    Exchange,
}

#[derive(Payload, Serialize, Deserialize)]
struct Order {
    kind: Kind,
}

#[workflow]
fn route(o: Order) {
    match o.kind {
        Kind::Purchase => {}
        Kind::Refund => fail!("Refund"),
    }
}

fn main() {}
