//! Resolving labels into `Next`/`Default`/catch targets and building the document.

use std::collections::HashSet;

use asl_model::document::{self as asl};
use asl_model::StateMachine;
use serde_json::{json, Value};

use super::*;
use crate::EmitError;

impl<'w> Emitter<'w> {
    /// Resolves labels into names and builds the document.
    pub(crate) fn finish(mut self) -> Result<StateMachine, EmitError> {
        let mut errors = std::mem::take(&mut self.errors);
        let machine = self.graph.resolve(&mut errors);
        if !errors.is_empty() {
            return Err(EmitError::Lowering {
                workflow: self.wf.name.clone(),
                errors,
            });
        }
        Ok(machine)
    }
}

/// The `ResultSelector` that writes a result into a wrapped variable: `{"value.$": "$"}`, or
/// the field holding the typed value (`"$.Output"`); none when the target is not wrapped.
pub(crate) fn wrapping_selector(wrap: bool, field: Option<&str>) -> Option<Value> {
    let source = match field {
        Some(field) => json_path("$", &[field.to_string()]),
        None => "$".to_string(),
    };
    wrap.then(|| json!({ format!("{WRAPPED}.$"): source }))
}

/// `base`, or `base_2`, `base_3`, … : the first not yet taken (and now taken).
pub(crate) fn unique_key(taken: &mut HashSet<String>, base: &str) -> String {
    let mut key = base.to_string();
    let mut n = 2;
    while !taken.insert(key.clone()) {
        key = format!("{base}_{n}");
        n += 1;
    }
    key
}

/// `ReaderConfig` from its JSON form (`InputType`, `CSVHeaderLocation`, `MaxItems`, …).
pub(crate) fn reader_config(v: &Value) -> asl::ReaderConfig {
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    asl::ReaderConfig {
        input_type: text("InputType"),
        csv_header_location: text("CSVHeaderLocation"),
        csv_headers: v.get("CSVHeaders").and_then(Value::as_array).map(|a| {
            a.iter()
                .filter_map(|h| h.as_str().map(str::to_string))
                .collect()
        }),
        csv_delimiter: text("CSVDelimiter"),
        manifest_type: text("ManifestType"),
        max_items: v
            .get("MaxItems")
            .and_then(Value::as_u64)
            .map(asl::JsonataOr::Value),
        ..Default::default()
    }
}

pub(crate) fn pass() -> asl::PassState {
    asl::PassState {
        common: common(),
        parameters: None,
        result: None,
        result_path: None,
        transition: asl::Transition::Missing,
    }
}
