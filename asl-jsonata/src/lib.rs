//! JSONata 2.0.6 as AWS Step Functions runs it: parse, evaluate and print expressions.

mod error;

pub use error::Error;
