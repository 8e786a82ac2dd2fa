//! The back ends, one folder each, on the shared `crate::passes`: `jsonpath` today.

pub(crate) mod jsonpath;
