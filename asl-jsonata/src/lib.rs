//! JSONata 2.0.6 as AWS Step Functions runs it: parse, evaluate and print expressions.

mod error;
pub mod eval;
pub mod functions;
pub mod regex;
pub mod signature;
pub mod value;

pub use error::Error;
pub use value::Value;
