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

#[task(lambda = "approve")]
fn approved(order: Order) -> bool;

#[workflow(query_language = "JSONata")]
fn checkout(o: Order) -> bool {
    o.express && approved(o.clone())
}

fn main() {}
