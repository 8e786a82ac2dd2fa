use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone, Copy)]
struct Money {
    cents: i64,
}

impl std::ops::Add for Money {
    type Output = Money;
    fn add(self, other: Money) -> Money {
        Money { cents: self.cents + other.cents }
    }
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    price: Money,
    shipping: Money,
}

#[workflow(query_language = "JSONata")]
fn total(o: Order) -> Money {
    o.price + o.shipping
}

fn main() {}
