//! Writing a result into a document at a reference path (ResultPath).

use asl_model::path::Segment;
use serde_json::{Map, Value};

use super::*;

/// Writes `value` at a reference path inside `doc` (ResultPath), creating missing objects on the way.
/// Fails when a step meets a non-object (or an index outside an array).
pub(crate) fn write_at(doc: &mut Value, segments: &[Segment], value: Value) -> Result<(), String> {
    let Some((last, init)) = segments.split_last() else {
        *doc = value;
        return Ok(());
    };
    let mut node = doc;
    for seg in init {
        node = match (seg, node) {
            (Segment::Field(name), Value::Object(m)) => m
                .entry(name.clone())
                .or_insert_with(|| Value::Object(Map::new())),
            (Segment::Index(i), Value::Array(a)) => {
                let len = a.len();
                match norm_index(*i, len).and_then(|u| a.get_mut(u)) {
                    Some(v) => v,
                    None => return Err(format!("index {i} is outside the array (length {len})")),
                }
            }
            (seg, other) => return Err(format!("cannot step into {} with {seg}", kind_of(other))),
        };
    }
    match (last, node) {
        (Segment::Field(name), Value::Object(m)) => {
            m.insert(name.clone(), value);
            Ok(())
        }
        (Segment::Index(i), Value::Array(a)) => {
            let len = a.len();
            match norm_index(*i, len).and_then(|u| a.get_mut(u)) {
                Some(slot) => {
                    *slot = value;
                    Ok(())
                }
                None => Err(format!("index {i} is outside the array (length {len})")),
            }
        }
        (seg, other) => Err(format!("cannot set {seg} in {}", kind_of(other))),
    }
}
