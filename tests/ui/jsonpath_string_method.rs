use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Item {
    name: String,
    price: f64,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
    amount: f64,
    express: bool,
    items: Vec<Item>,
}

#[task(lambda = "charge")]
fn charge(order: Order) -> Order;

#[workflow]
fn checkout(o: Order) -> String {
    o.id.to_uppercase()
}

fn main() {}
