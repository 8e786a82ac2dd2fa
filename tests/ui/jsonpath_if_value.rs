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
fn checkout(o: Order) -> Order {
    charge(Order {
        id: o.id.clone(),
        amount: if o.express { 10.0 } else { 1.0 },
        express: o.express,
        items: o.items.clone(),
    })
}

fn main() {}
