use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone, Copy)]
enum Speed {
    Rush,
    Normal,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
    speed: Speed,
}

#[task(lambda = "ship")]
fn ship(order: Order) -> Order;

// A timeout on an arm goes with an arm that is one task call (`Speed::Rush => ship(o)`); in a block
// it belongs on the call's statement.
#[workflow]
fn dispatch(o: Order) -> Order {
    match o.speed {
        #[state(timeout = 30)]
        Speed::Rush => {
            let shipped = ship(o);
            shipped
        }
        Speed::Normal => o,
    }
}

fn main() {}
