use asl::prelude::*;

#[derive(TaskError)]
enum PaymentError {
    Declined,
    #[error(all)]
    Other(ErrorInfo),
    #[error(all)]
    Rest(ErrorInfo),
}

fn main() {}
