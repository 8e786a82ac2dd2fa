//! One JSON object being written, field by field, in canonical order.
//!
//! An object with unknown fields is first gathered into a `serde_json::Map` and written
//! from there: an unknown field named like a known one then replaces the known value in
//! its place, as inserting into a map does, instead of writing the key twice.

use serde::ser::{Error as _, SerializeMap};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::document::UnknownFields;

pub(super) struct Fields<'u, M: SerializeMap> {
    map: M,
    unknown: Option<&'u UnknownFields>,
    /// The object so far, when it has unknown fields.
    gathered: Option<Map<String, Value>>,
}

impl<'u, M: SerializeMap> Fields<'u, M> {
    /// An object that may have unknown fields (written where `unknown` is called).
    pub(super) fn new<S>(s: S, unknown: &'u UnknownFields) -> Result<Self, M::Error>
    where
        S: Serializer<SerializeMap = M, Error = M::Error>,
    {
        Ok(Fields {
            map: s.serialize_map(None)?,
            unknown: Some(unknown),
            gathered: (!unknown.is_empty()).then(Map::new),
        })
    }

    /// An object with known fields only.
    pub(super) fn known<S>(s: S) -> Result<Self, M::Error>
    where
        S: Serializer<SerializeMap = M, Error = M::Error>,
    {
        Ok(Fields {
            map: s.serialize_map(None)?,
            unknown: None,
            gathered: None,
        })
    }

    pub(super) fn put<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Result<(), M::Error> {
        match &mut self.gathered {
            None => self.map.serialize_entry(key, v),
            Some(g) => {
                g.insert(
                    key.to_string(),
                    serde_json::to_value(v).map_err(M::Error::custom)?,
                );
                Ok(())
            }
        }
    }

    pub(super) fn opt<T: Serialize>(&mut self, key: &str, v: &Option<T>) -> Result<(), M::Error> {
        match v {
            Some(v) => self.put(key, v),
            None => Ok(()),
        }
    }

    pub(super) fn str(&mut self, key: &str, v: &Option<String>) -> Result<(), M::Error> {
        self.opt(key, v)
    }

    /// The unknown fields, as they came.
    pub(super) fn unknown(&mut self) -> Result<(), M::Error> {
        for (k, v) in self.unknown.into_iter().flatten() {
            self.put(k, v)?;
        }
        Ok(())
    }

    pub(super) fn end(mut self) -> Result<M::Ok, M::Error> {
        if let Some(g) = self.gathered.take() {
            for (k, v) in &g {
                self.map.serialize_entry(k, v)?;
            }
        }
        self.map.end()
    }
}
