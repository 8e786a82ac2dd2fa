//! Predicates `[…]`: an index (or indexes) picks items, any other expression filters.

use std::rc::Rc;

use super::{context_of, frame_from_tuple, seq};
use crate::ast::{Kind, Node};
use crate::eval::frame::Frame;
use crate::eval::Evaluator;
use crate::value::{Array, Value};
use crate::Error;

fn is_numeric(v: &Value) -> Result<bool, Error> {
    match v {
        Value::Number(n) => {
            crate::eval::operators::check_finite(*n)?;
            Ok(!n.is_nan())
        }
        _ => Ok(false),
    }
}

impl Evaluator<'_> {
    /// A predicate `[…]` over `input`: an index (or indexes) picks items, anything else filters.
    pub(in crate::eval) fn filter(
        &mut self,
        predicate: &Node,
        input: Value,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        let tuples = matches!(&input, Value::Array(a) if a.tuple_stream);
        let items: Rc<Array> = match input {
            Value::Array(a) => a,
            other => Rc::new(seq(vec![other])),
        };
        let mut results = Array {
            sequence: true,
            tuple_stream: tuples,
            ..Array::default()
        };
        let len = items.items.len() as f64;
        let position = |raw: f64| {
            let i = raw.floor();
            if i < 0.0 {
                len + i
            } else {
                i
            }
        };
        if let Kind::Number(n) = predicate.kind {
            let index = position(n);
            if index >= 0.0 && index < len {
                match &items.items[index as usize] {
                    Value::Array(a) => return Ok(Value::Array(a.clone())),
                    Value::Undefined => {}
                    v => results.items.push(v.clone()),
                }
            }
            return Ok(Value::Array(Rc::new(results)));
        }
        for (index, item) in items.items.iter().enumerate() {
            let (context, scope) = if tuples {
                (context_of(item), frame_from_tuple(env, item))
            } else {
                (item.clone(), env.clone())
            };
            let res = self.evaluate(predicate, &context, &scope)?;
            let numbers: Option<Vec<f64>> = match &res {
                Value::Number(_) if is_numeric(&res)? => Some(vec![res.as_number().unwrap_or(0.0)]),
                Value::Array(a) => {
                    let mut all = true;
                    for v in &a.items {
                        if !is_numeric(v)? {
                            all = false;
                            break;
                        }
                    }
                    all.then(|| a.items.iter().filter_map(Value::as_number).collect())
                }
                _ => None,
            };
            match numbers {
                Some(ns) => {
                    for n in ns {
                        if position(n) == index as f64 {
                            results.items.push(item.clone());
                        }
                    }
                }
                None => {
                    if res.truthy()? == Some(true) {
                        results.items.push(item.clone());
                    }
                }
            }
        }
        Ok(Value::Array(Rc::new(results)))
    }
}
