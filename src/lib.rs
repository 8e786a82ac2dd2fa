//! `asl`: write AWS Step Functions state machines as typed Rust. This facade re-exports the crates users need.

pub use asl_model as model;

/// What a workflow file needs in scope.
pub mod prelude {
    pub use asl_model::{StateMachine, Diagnostic, Severity};
}
