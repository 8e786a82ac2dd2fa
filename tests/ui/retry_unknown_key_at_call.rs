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

#[workflow]
fn checkout(o: Order) -> Receipt {
    #[retry(errors = [PaymentError::Declined], attempts = 3)]
    let r = charge(o);
    r
}
fn main() {}
