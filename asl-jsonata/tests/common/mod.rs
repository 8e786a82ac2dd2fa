//! What the integration tests share.
pub mod suite_cases;
