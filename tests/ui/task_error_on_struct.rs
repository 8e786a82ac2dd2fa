use asl::prelude::*;

#[derive(TaskError)]
struct PaymentError {
    name: String,
}

fn main() {}
