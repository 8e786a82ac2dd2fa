//! Regular expressions in the reference's JavaScript dialect, and the match objects they return.

/// A compiled regex literal (`/ab+/i`).
#[derive(Debug)]
pub struct Matcher {}
