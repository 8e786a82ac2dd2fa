//! The back ends, one folder each, on the shared `crate::passes` and the shared state
//! graph (`graph`): `jsonpath` and `jsonata`.

pub(crate) mod graph;
pub(crate) mod jsonata;
pub(crate) mod jsonpath;
mod state_names;

pub(crate) use state_names::StateNames;
