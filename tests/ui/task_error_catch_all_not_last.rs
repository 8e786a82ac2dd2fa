use asl::prelude::*;

#[derive(TaskError)]
enum PaymentError {
    #[error(all)]
    Other(ErrorInfo),
    Declined,
}

fn main() {}
