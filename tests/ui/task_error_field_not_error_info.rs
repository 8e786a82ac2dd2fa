use asl::prelude::*;

#[derive(TaskError)]
enum PaymentError {
    Declined(String),
    #[error(all)]
    Other(ErrorInfo),
}

fn main() {}
