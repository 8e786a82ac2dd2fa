use asl::prelude::*;

#[derive(TaskError)]
enum PaymentError {
    Declined { reason: String },
    #[error(all)]
    Other(ErrorInfo),
}

fn main() {}
