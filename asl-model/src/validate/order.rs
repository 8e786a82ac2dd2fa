//! The validator's diagnostics in document order without serializing the whole machine.
//!
//! A pointer into a top-level state (`/States/<name>/…`) is placed by the state's index in
//! the `States` map, which is the order the serializer writes; only a state holding two or
//! more diagnostics is serialized (alone) to order them within it. Machines with unknown
//! top-level fields (which may shadow `States`) take the general path over the whole value.

use std::collections::HashMap;

use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::document::StateMachine;
use crate::parse::order::DocumentOrder;

/// Sorts `diags` as `crate::parse::sort_in_document_order` would over the machine's value.
pub(super) fn sort(sm: &StateMachine, doc: Option<&Value>, diags: &mut [Diagnostic]) {
    if !sm.unknown.is_empty() || doc.is_some() {
        let whole;
        let doc = match doc {
            Some(doc) => doc,
            None => {
                whole = crate::serialize::to_value(sm);
                &whole
            }
        };
        crate::parse::sort_in_document_order(doc, diags);
        return;
    }
    // The top level without its states: where `States` and the other keys stand.
    let skeleton = crate::serialize::to_value(&StateMachine {
        comment: sm.comment.clone(),
        query_language: sm.query_language,
        start_at: sm.start_at.clone(),
        states: indexmap::IndexMap::new(),
        timeout_seconds: sm.timeout_seconds,
        version: sm.version.clone(),
        unknown: Default::default(),
    });
    // Diagnostics per top-level state, by the state's index.
    let mut per_state = vec![0usize; sm.states.len()];
    for d in diags.iter() {
        if let Some((index, _)) = in_state(sm, &d.pointer) {
            per_state[index] += 1;
        }
    }
    let mut top = DocumentOrder::default();
    let states_key = top.position(&skeleton, "/States");
    let mut states: HashMap<usize, Value> = HashMap::new();
    diags.sort_by_cached_key(|d| match in_state(sm, &d.pointer) {
        Some((index, rest)) => {
            let mut position = states_key.clone();
            position.push(index);
            if per_state[index] > 1 {
                let value = states
                    .entry(index)
                    .or_insert_with(|| crate::serialize::state_to_value(&sm.states[index]));
                position.extend(DocumentOrder::default().position(value, rest));
            }
            position
        }
        None => top.position(&skeleton, &d.pointer),
    });
}

/// The index of the top-level state a pointer lands in, and the pointer's rest within it.
fn in_state<'p>(sm: &StateMachine, pointer: &'p str) -> Option<(usize, &'p str)> {
    let tail = pointer.strip_prefix("/States/")?;
    let (token, rest) = match tail.find('/') {
        Some(at) => (&tail[..at], &tail[at..]),
        None => (tail, ""),
    };
    let index = if token.contains('~') {
        sm.states
            .get_index_of(&token.replace("~1", "/").replace("~0", "~"))
    } else {
        sm.states.get_index_of(token)
    };
    index.map(|index| (index, rest))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Pointer;

    fn at(pointer: &Pointer) -> Diagnostic {
        Diagnostic::warning("TEST", pointer, pointer.as_str().to_string())
    }

    #[test]
    fn orders_as_the_whole_document_does() {
        let sm = crate::parse_str(
            r#"{"Comment": "c", "StartAt": "A", "States": {
                "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
                      "Retry": [{"ErrorEquals": ["States.ALL"]}], "Next": "a/b"},
                "a/b": {"Type": "Pass", "End": true},
                "P": {"Type": "Parallel", "End": true, "Branches": [
                      {"StartAt": "X", "States": {"X": {"Type": "Pass", "End": true}}}]}},
                "TimeoutSeconds": 5}"#,
        )
        .unwrap();
        let root = Pointer::root();
        let states = root.join("States");
        let mut diags = vec![
            at(&root.join("TimeoutSeconds")),
            at(&states.join("P").join("Type")),
            at(&states.join("P").join("Branches").join(0).join("StartAt")),
            at(&states.join("a/b")),
            at(&states.join("A").join("Next")),
            at(&states.join("Missing").join("Type")),
            at(&states.join("A").join("Retry").join(0)),
            at(&states.join("A")),
            at(&root.join("StartAt")),
            at(&root),
        ];
        let mut expected = diags.clone();
        crate::parse::sort_in_document_order(&crate::serialize::to_value(&sm), &mut expected);
        sort(&sm, None, &mut diags);
        let order: Vec<&str> = diags.iter().map(|d| d.pointer.as_str()).collect();
        assert_eq!(
            order,
            [
                "",
                "/StartAt",
                "/States/Missing/Type",
                "/States/A",
                "/States/A/Retry/0",
                "/States/A/Next",
                "/States/a~1b",
                "/States/P/Type",
                "/States/P/Branches/0/StartAt",
                "/TimeoutSeconds",
            ]
        );
        assert_eq!(diags, expected);
    }
}
