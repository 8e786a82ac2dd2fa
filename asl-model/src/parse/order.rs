//! Sorting diagnostics into document order (where each JSON pointer lands, in key order), in linear time.

use serde_json::{Map, Value};

/// Sorts diagnostics as a reader meets them: by where each pointer lands in document order
/// (the index of each token among its siblings). Each object's key order is looked up once,
/// so sorting n diagnostics on a machine of n states stays linear, not quadratic.
pub fn sort_in_document_order(root: &Value, diags: &mut [crate::Diagnostic]) {
    let mut order = DocumentOrder::default();
    diags.sort_by_cached_key(|d| order.position(root, &d.pointer));
}

#[derive(Default)]
pub(crate) struct DocumentOrder<'a> {
    /// Key -> index of every object met, by the object's address (the document is borrowed
    /// for the whole sort, so addresses are stable and unique).
    keys: std::collections::HashMap<
        *const Map<String, Value>,
        std::collections::HashMap<&'a str, usize>,
    >,
}

impl<'a> DocumentOrder<'a> {
    /// Each token's index among its siblings, down to where the pointer stops landing.
    pub(crate) fn position(&mut self, root: &'a Value, pointer: &str) -> Vec<usize> {
        let mut position = Vec::new();
        let mut node = root;
        for token in pointer.split('/').skip(1) {
            let token = token.replace("~1", "/").replace("~0", "~");
            let (index, child) = match node {
                Value::Object(map) => {
                    let keys = self.keys.entry(map as *const _).or_insert_with(|| {
                        map.keys()
                            .enumerate()
                            .map(|(i, k)| (k.as_str(), i))
                            .collect()
                    });
                    match (keys.get(token.as_str()), map.get(&token)) {
                        (Some(&i), Some(child)) => (i, child),
                        _ => break,
                    }
                }
                Value::Array(items) => match token
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| items.get(i).map(|c| (i, c)))
                {
                    Some(found) => found,
                    None => break,
                },
                _ => break,
            };
            position.push(index);
            node = child;
        }
        position
    }
}
