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
fn total(o: Order) -> f64 {
    o.items.iter().fold(0.0, |acc, i| acc + i.price)
}

fn main() {}
