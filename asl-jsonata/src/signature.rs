//! Function signatures (`<a<n>s?:n>`): parsing, and checking and coercing arguments against them.

/// How many parameters a signature declares.
pub fn parameter_count(_signature: &str) -> usize {
    0
}
