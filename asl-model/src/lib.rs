//! The Amazon States Language document model, its parser and canonical serializer, and the validator.

pub mod diagnostic;
pub mod document;
pub mod intrinsic;
pub mod ir;
pub mod jsonata;
pub mod parse;
pub mod path;
pub mod serialize;
pub mod validate;

pub use diagnostic::{Diagnostic, Pointer, Severity};
pub use document::*;
pub use parse::{parse_str, parse_value, ParseError};
pub use validate::validate;
