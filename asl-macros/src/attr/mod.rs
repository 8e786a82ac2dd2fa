//! Attribute parsing shared by the macros: `key = value` option lists, `#[retry(…)]`,
//! `#[state(…)]`, and the `#[serde(…)]` attributes with their `rename_all` rules.

pub(crate) mod options;
pub(crate) mod rename_rule;
pub(crate) mod retry;
pub(crate) mod serde;
pub(crate) mod state;
