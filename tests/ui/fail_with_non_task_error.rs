use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Order {
    id: String,
    amount: f64,
}

#[derive(Payload, Serialize, Deserialize, Clone)]
struct Receipt {
    id: String,
    approved: bool,
}

#[derive(TaskError, Debug, Clone)]
enum PaymentError {
    Declined,
    #[error(all)]
    Other(ErrorInfo),
}

#[task(lambda = "pay")]
fn pay(order: Order) -> Result<Receipt, PaymentError>;

#[task(lambda = "charge")]
fn charge(order: Order) -> Receipt;

#[derive(Payload, Serialize, Deserialize, Clone)]
enum Reason {
    TooLarge,
}

#[workflow]
fn checkout(o: Order) -> Receipt {
    if o.amount > 100.0 {
        fail!(Reason::TooLarge, "too large");
    }
    charge(o)
}
fn main() {}
