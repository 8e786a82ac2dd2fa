//! Object constructors and grouping `step{key: value}`, with tuples merged per key.

use std::rc::Rc;

use indexmap::IndexMap;

use super::{append, context_of, frame_from_tuple};
use crate::ast::Node;
use crate::eval::frame::Frame;
use crate::eval::Evaluator;
use crate::value::{Object, Value};
use crate::Error;

impl Evaluator<'_> {
    /// An object constructor, or grouping `step{key: value}` over `input`.
    pub(in crate::eval) fn group(
        &mut self,
        pairs: &[(Node, Node)],
        pos: usize,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        let reduce = matches!(input, Value::Array(a) if a.tuple_stream);
        let mut items = match input {
            Value::Array(a) => a.items.clone(),
            other => vec![other.clone()],
        };
        if items.is_empty() {
            items.push(Value::Undefined);
        }
        let mut groups: IndexMap<Rc<str>, (Value, usize)> = IndexMap::new();
        for item in &items {
            let scope = if reduce {
                frame_from_tuple(env, item)
            } else {
                env.clone()
            };
            let context = if reduce {
                context_of(item)
            } else {
                item.clone()
            };
            for (pair_index, (key_expr, _)) in pairs.iter().enumerate() {
                let key = match self.evaluate(key_expr, &context, &scope)? {
                    Value::Undefined => continue,
                    Value::String(s) => s,
                    other => {
                        return Err(Error::new(
                            "T1003",
                            format!(
                                "a key in an object must evaluate to a string; got {}",
                                crate::eval::describe(&other)
                            ),
                        )
                        .at(pos))
                    }
                };
                match groups.get_mut(&key) {
                    Some(entry) => {
                        if entry.1 != pair_index {
                            return Err(Error::new(
                                "D1009",
                                format!("several key expressions evaluate to the same key: {key}"),
                            )
                            .at(pos));
                        }
                        entry.0 = append(std::mem::take(&mut entry.0), item.clone());
                    }
                    None => {
                        groups.insert(key, (item.clone(), pair_index));
                    }
                }
            }
        }
        let mut result = Object::default();
        for (key, (data, pair_index)) in groups {
            let value = if reduce {
                let mut tuple = reduce_tuples(&data);
                let context = tuple.shift_remove("@").unwrap_or_default();
                let scope = frame_from_tuple(env, &Value::object(tuple));
                self.evaluate(&pairs[pair_index].1, &context, &scope)?
            } else {
                self.evaluate(&pairs[pair_index].1, &data, env)?
            };
            if !value.is_undefined() {
                result.insert(key.to_string(), value);
            }
        }
        Ok(Value::object(result))
    }
}

/// Tuples grouped under one key, merged: each binding's values appended.
fn reduce_tuples(data: &Value) -> Object {
    match data {
        Value::Array(a) if !a.items.is_empty() => {
            let mut result = a.items[0].as_object().cloned().unwrap_or_default();
            for tuple in &a.items[1..] {
                if let Some(o) = tuple.as_object() {
                    for (k, v) in o {
                        let merged = append(result.get(k).cloned().unwrap_or_default(), v.clone());
                        result.insert(k.clone(), merged);
                    }
                }
            }
            result
        }
        other => other.as_object().cloned().unwrap_or_default(),
    }
}
