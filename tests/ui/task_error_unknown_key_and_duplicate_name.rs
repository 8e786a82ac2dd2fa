use asl::prelude::*;

#[derive(TaskError)]
enum PaymentError {
    #[error(code = "Payment.Declined")]
    Declined,
    #[error(name = "Busy")]
    TooBusy,
    Busy,
}

fn main() {}
