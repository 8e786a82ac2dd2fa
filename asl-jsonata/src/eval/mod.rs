//! The evaluator: an AST and an input to a value, with jsonata-js 2.0.6 semantics.

/// A lambda with the scope it was defined in.
#[derive(Debug)]
pub struct Closure {
    pub(crate) params: Vec<String>,
}
