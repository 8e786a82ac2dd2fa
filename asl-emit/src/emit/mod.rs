//! The back ends, one folder each, on the shared `crate::passes`: `jsonpath` today.

pub(crate) mod jsonpath;
mod state_names;

pub(crate) use state_names::StateNames;
