use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
    amount: u32,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Orders {
    orders: Vec<Order>,
}

#[task(lambda = "charge")]
fn charge(order: Order) -> bool;

/// Not a payload: no JSON form, so a state machine cannot hold it.
#[derive(Clone, Copy)]
struct Threshold {
    cents: u32,
}

const MINIMUM: Threshold = Threshold { cents: 10 };

#[workflow]
fn charge_all(b: Orders) -> Vec<bool> {
    map(b.orders, |o| charge(Order { id: o.id, amount: MINIMUM }))
}

fn main() {}
