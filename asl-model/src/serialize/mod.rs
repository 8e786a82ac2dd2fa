//! Writing the model as ASL JSON in one canonical key order.
//!
//! Top level: Comment, QueryLanguage, StartAt, States, TimeoutSeconds, Version.
//! A state: Type first, then Comment and QueryLanguage, the type's own fields in the
//! order the AWS docs print them (input shaping, the work, result shaping, limits),
//! Retry, Catch, unknown fields as they came, and Next/End last.
//!
//! The model is written straight to the serializer (no `serde_json::Value` in between), so
//! writing the JSON costs about what serde_json needs to write a document of that size.

mod object;
mod parts;
mod state;

use serde::de::Error as _;
use serde::{Serialize, Serializer};
use serde_json::Value;

use crate::document::*;
use object::Fields;

/// The canonical JSON value of a state machine.
pub fn to_value(sm: &StateMachine) -> Value {
    // The model's serializer writes only string keys, so this cannot fail.
    serde_json::to_value(sm).unwrap_or_default()
}

/// The canonical JSON value of one state (as it appears under `States`).
pub(crate) fn state_to_value(state: &State) -> Value {
    serde_json::to_value(state::StateOut(state)).unwrap_or_default()
}

/// One state as it is written under `States`, for serializers other than serde_json's.
pub(crate) fn state_out(state: &State) -> impl Serialize + '_ {
    state::StateOut(state)
}

/// Compact canonical JSON.
pub fn to_string(sm: &StateMachine) -> String {
    serde_json::to_string(sm).unwrap_or_default()
}

/// Pretty canonical JSON (two-space indent, trailing newline not included).
pub fn to_string_pretty(sm: &StateMachine) -> String {
    serde_json::to_string_pretty(sm).unwrap_or_default()
}

/// Bytes of the compact canonical JSON, counted without building it.
pub fn compact_len(sm: &StateMachine) -> usize {
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    // Writing to a counter cannot fail.
    let _ = serde_json::to_writer(&mut count, sm);
    count.0
}

impl Serialize for StateMachine {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = Fields::new(s, &self.unknown)?;
        o.str("Comment", &self.comment)?;
        o.opt(
            "QueryLanguage",
            &self.query_language.map(QueryLanguage::as_str),
        )?;
        o.put("StartAt", &self.start_at)?;
        o.put("States", &StatesOut(&self.states))?;
        o.opt("TimeoutSeconds", &self.timeout_seconds)?;
        o.str("Version", &self.version)?;
        o.unknown()?;
        o.end()
    }
}

impl<'de> serde::Deserialize<'de> for StateMachine {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let value = Value::deserialize(d)?;
        crate::parse::parse_value(&value).map_err(D::Error::custom)
    }
}

/// The `States` object of a scope.
struct StatesOut<'a>(&'a indexmap::IndexMap<String, State>);

impl Serialize for StatesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, state::StateOut(v))))
    }
}

/// A Parallel branch, a Map's `ItemProcessor` or `Iterator`.
struct GraphOut<'a>(&'a Graph);

impl Serialize for GraphOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let mut o = Fields::new(s, &g.unknown)?;
        o.str("Comment", &g.comment)?;
        if let Some(c) = &g.processor_config {
            o.put("ProcessorConfig", &parts::ProcessorConfigOut(c))?;
        }
        o.opt(
            "QueryLanguage",
            &g.query_language.map(QueryLanguage::as_str),
        )?;
        o.put("StartAt", &g.start_at)?;
        o.put("States", &StatesOut(&g.states))?;
        o.unknown()?;
        o.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn puts_type_first_and_next_last() {
        let m = crate::parse_str(
            r#"{"States": {"A": {"Next": "B", "Resource": "arn:aws:lambda:us-east-1:1:function:f",
                "Retry": [{"BackoffRate": 2, "ErrorEquals": ["States.ALL"]}], "Type": "Task"},
                "B": {"Type": "Succeed"}}, "StartAt": "A"}"#,
        )
        .unwrap();
        let expected = r#"{"StartAt":"A","States":{"A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f","Retry":[{"ErrorEquals":["States.ALL"],"BackoffRate":2}],"Next":"B"},"B":{"Type":"Succeed"}}}"#;
        assert_eq!(to_string(&m), expected);
        assert_eq!(compact_len(&m), expected.len());
        assert_eq!(to_value(&m).to_string(), expected);
    }

    #[test]
    fn an_unknown_field_named_like_a_known_one_is_written_once_in_its_place() {
        let mut m =
            crate::parse_str(r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}"#)
                .unwrap();
        m.unknown.insert("StartAt".into(), Value::from("B"));
        m.unknown.insert("X".into(), Value::from(1));
        let expected = r#"{"StartAt":"B","States":{"A":{"Type":"Pass","End":true}},"X":1}"#;
        assert_eq!(to_string(&m), expected);
        assert_eq!(to_value(&m).to_string(), expected);
    }
}
