use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize)]
struct Order {
    id: String,
    amount: f64,
}

#[task(lambda = "review")]
fn review(order: Order) -> Order;

#[workflow]
fn review_flow(o: Order) -> Order {
    review(o)
}

// Each attempt of a retried child call runs the child on its own copy of the input.
#[workflow]
fn parent(o: Order) -> Order {
    #[retry(errors = ["States.TaskFailed"], max_attempts = 2)]
    let reviewed = review_flow(o);
    review(reviewed)
}

fn main() {}
