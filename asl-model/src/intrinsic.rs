//! (placeholder until the validator lands)
