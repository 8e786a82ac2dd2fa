//! Regular expressions in the reference's JavaScript dialect, and the match objects they return.

use crate::value::Value;
use crate::Error;

/// A compiled regex literal (`/ab+/i`).
#[derive(Debug)]
pub struct Matcher {}

impl Matcher {
    pub fn new(_pattern: &str, _flags: &str) -> Result<Matcher, Error> {
        Err(Error::new(
            "S0303",
            "regular expressions are not supported yet",
        ))
    }

    pub fn call(&self, _s: &str) -> Value {
        Value::Undefined
    }
}
