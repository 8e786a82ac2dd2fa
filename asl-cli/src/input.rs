//! Reading definition files (or standard input) and parsing them, with errors a person can act on.

use std::io::Read;

use asl_model::{ParseError, StateMachine};

/// A file's text, or why it could not be read.
pub fn read(file: &str) -> Result<String, String> {
    if file == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .map_err(|e| format!("-: cannot read standard input: {e}"))?;
        Ok(text)
    } else {
        std::fs::read_to_string(file).map_err(|e| format!("{file}: cannot read: {e}"))
    }
}

/// What reading and parsing one file gave.
#[allow(clippy::large_enum_variant)] // one value per file read, matched at once: boxing the machine buys nothing
pub enum Loaded {
    /// Parsed into the model.
    Machine(StateMachine),
    /// JSON, but not a well-formed state machine: these are diagnostics, the file is invalid.
    Malformed(Vec<asl_model::Diagnostic>),
    /// Unreadable or not JSON: a usage-level failure, already described.
    Unusable(String),
}

pub fn load(file: &str) -> (Option<String>, Loaded) {
    let text = match read(file) {
        Ok(t) => t,
        Err(e) => return (None, Loaded::Unusable(e)),
    };
    let loaded = match asl_model::parse_str(&text) {
        Ok(m) => Loaded::Machine(m),
        Err(ParseError::Invalid(diags)) => Loaded::Malformed(diags),
        Err(ParseError::Json {
            line,
            column,
            message,
        }) => Loaded::Unusable(format!("{file}:{line}:{column}: not valid JSON: {message}")),
    };
    (Some(text), loaded)
}
