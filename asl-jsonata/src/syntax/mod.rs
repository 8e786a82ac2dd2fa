//! Source text to AST: the tokenizer, the Pratt parser and the post-parse pass.

mod lexer;
mod parser;
mod postparse;

pub use parser::MAX_NESTING;

use crate::ast::{Kind, Node};
use crate::Error;

/// Parse an expression to its AST and the labels of its `%` ancestor slots.
pub fn parse(src: &str) -> Result<(Node, Vec<String>), Error> {
    let raw = parser::parse_raw(src)?;
    let mut post = postparse::PostParse::default();
    let root = post.process(raw)?;
    let unresolved = root
        .step
        .seeking_parent
        .iter()
        .any(|s| post.slots[*s].level > 0);
    if matches!(root.kind, Kind::Parent(_)) || unresolved {
        return Err(Error::new(
            "S0217",
            "the parent operator '%' has no step to refer back to here; use it after a path step, as in Account.Order.Product.{'Order': %.OrderID}",
        )
        .at(root.pos));
    }
    Ok((root, post.slots.into_iter().map(|s| s.label).collect()))
}
