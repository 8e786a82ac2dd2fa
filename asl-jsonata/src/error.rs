//! The one error type of the engine: a reference error code (`S0201`, `T2001`, `D3001` …), a message, and where.

/// A JSONata error as the reference implementation (jsonata-js 2.0.6) reports it: its code,
/// a message, and the byte offset into the expression when one is known.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{}{message} (JSONata {code})", position.map(|p| format!("at offset {p}: ")).unwrap_or_default())]
pub struct Error {
    /// The reference's code, e.g. `S0201` (syntax), `T2001` (type), `D3001` (dynamic).
    pub code: &'static str,
    pub message: String,
    /// Byte offset into the expression text, when the error belongs to one place.
    pub position: Option<usize>,
}

impl Error {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            position: None,
        }
    }

    pub fn at(mut self, position: usize) -> Self {
        self.position = Some(position);
        self
    }
}

impl Error {
    /// Name the built-in an argument error belongs to.
    pub fn with_function(mut self, name: &str) -> Self {
        self.message = self
            .message
            .replacen("the function", &format!("function ${name}"), 1);
        self
    }
}
