//! Paths: steps over sequences, tuple streams for `@`, `#` and `%`, predicates, grouping,
//! sorting, wildcards and descendants.

mod filter;
mod group;
mod sort;
mod wildcard;

use std::rc::Rc;

use super::frame::Frame;
use super::Evaluator;
use crate::ast::{Kind, Node, Stage};
use crate::value::{Array, Object, Value};
use crate::Error;
pub(crate) use sort::merge_sort;
pub(in crate::eval) use wildcard::{descendants, wildcard};

fn seq(items: Vec<Value>) -> Array {
    Array::sequence(items)
}

fn tuple_stream(items: Vec<Value>) -> Array {
    Array {
        items,
        sequence: true,
        tuple_stream: true,
        ..Array::default()
    }
}

/// The `@` (context) of a tuple.
fn context_of(tuple: &Value) -> Value {
    tuple
        .as_object()
        .and_then(|o| o.get("@").cloned())
        .unwrap_or_default()
}

/// A scope holding a tuple's bindings.
fn frame_from_tuple(env: &Rc<Frame>, tuple: &Value) -> Rc<Frame> {
    let frame = Frame::child(env);
    if let Some(o) = tuple.as_object() {
        for (k, v) in o {
            frame.bind(k, v.clone());
        }
    }
    frame
}

/// `fn.append`: values joined into one array (flags dropped, as JavaScript's concat does).
pub(crate) fn append(a: Value, b: Value) -> Value {
    match (a, b) {
        (Value::Undefined, b) => b,
        (a, Value::Undefined) => a,
        (a, b) => {
            let mut items = a.members();
            match b {
                Value::Array(arr) => items.extend(arr.items.iter().cloned()),
                v => items.push(v),
            }
            Value::array(items)
        }
    }
}

impl Evaluator<'_> {
    pub(super) fn path(
        &mut self,
        node: &Node,
        steps: &[Node],
        input: &Value,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        // One field of one object (`text`, `row`), the most common path: its value as the
        // general walk below would leave it, without building sequences for it.
        if let ([step], Value::Object(object)) = (steps, input) {
            if let Kind::Name(name) = &step.kind {
                let plain = !node.keep_array && !step.keep_array;
                if plain && node.step.is_plain() && step.step.is_plain() {
                    match object.get(name.as_str()) {
                        None => return Ok(Value::Undefined),
                        Some(Value::Array(_) | Value::Undefined) => {}
                        Some(value) => return Ok(value.clone()),
                    }
                }
            }
        }
        let mut input_seq: Rc<Array> = match input {
            Value::Array(a) if !matches!(steps[0].kind, Kind::Variable(_)) => a.clone(),
            other => Rc::new(seq(vec![other.clone()])),
        };
        let mut result: Value = Value::Undefined;
        let mut is_tuple = false;
        let mut tuples: Option<Vec<Value>> = None;
        for (ii, step) in steps.iter().enumerate() {
            if step.step.tuple {
                is_tuple = true;
            }
            if ii == 0 && step.step.cons_array {
                result = self.evaluate(step, &Value::Array(input_seq.clone()), env)?;
            } else if is_tuple {
                tuples = Some(self.tuple_step(step, &input_seq, tuples.take(), env)?);
            } else {
                result = self.step(step, &input_seq, env, ii == steps.len() - 1)?;
            }
            if !is_tuple {
                let empty = match &result {
                    Value::Undefined => true,
                    Value::Array(a) => a.items.is_empty(),
                    _ => false,
                };
                if empty {
                    break;
                }
            }
            if step.step.focus.is_none() {
                input_seq = match &result {
                    Value::Array(a) => a.clone(),
                    Value::Undefined => Rc::new(seq(Vec::new())),
                    v => Rc::new(seq(vec![v.clone()])),
                };
            }
        }
        let mut stream = None;
        if is_tuple {
            let tuples = tuples.unwrap_or_default();
            let as_stream = Value::Array(Rc::new(tuple_stream(tuples.clone())));
            result = if node.step.tuple {
                as_stream.clone()
            } else {
                Value::Array(Rc::new(seq(tuples.iter().map(context_of).collect())))
            };
            stream = Some(as_stream);
        }
        if node.step.keep_singleton_array {
            if let Value::Array(a) = &result {
                if a.cons && !a.sequence {
                    result = Value::Array(Rc::new(seq(vec![result.clone()])));
                }
            }
            if let Value::Array(a) = &mut result {
                Rc::make_mut(a).keep_singleton = true;
            }
        }
        if let Some(group) = &node.step.group {
            result = self.group(
                &group.pairs,
                group.pos,
                stream.as_ref().unwrap_or(&result),
                env,
            )?;
        }
        Ok(result)
    }

    fn step(
        &mut self,
        step: &Node,
        input: &Rc<Array>,
        env: &Rc<Frame>,
        last: bool,
    ) -> Result<Value, Error> {
        if let Kind::Sort(terms) = &step.kind {
            let mut result = self.sort(terms, step.pos, input, env)?;
            if !step.step.stages.is_empty() {
                result = self.stages(&step.step.stages, result, env)?;
            }
            return Ok(result);
        }
        let mut results = Vec::new();
        for item in &input.items {
            let mut res = self.evaluate(step, item, env)?;
            for stage in &step.step.stages {
                if let Stage::Filter(predicate) = stage {
                    res = self.filter(predicate, res, env)?;
                }
            }
            if !res.is_undefined() {
                results.push(res);
            }
        }
        if last && results.len() == 1 {
            if let Value::Array(a) = &results[0] {
                if !a.sequence {
                    return Ok(results.pop().unwrap_or_default());
                }
            }
        }
        let mut out = Vec::new();
        for res in results {
            self.tick()?;
            match res {
                Value::Array(a) if !a.cons => out.extend(a.items.iter().cloned()),
                v => out.push(v),
            }
        }
        Ok(Value::Array(Rc::new(seq(out))))
    }

    fn stages(&mut self, stages: &[Stage], input: Value, env: &Rc<Frame>) -> Result<Value, Error> {
        let mut result = input;
        for stage in stages {
            match stage {
                Stage::Filter(predicate) => result = self.filter(predicate, result, env)?,
                Stage::Index(name) => {
                    if let Value::Array(a) = &mut result {
                        for (i, tuple) in Rc::make_mut(a).items.iter_mut().enumerate() {
                            self.tick()?;
                            if let Value::Object(o) = tuple {
                                Rc::make_mut(o).insert(name.clone(), Value::Number(i as f64));
                            }
                        }
                    }
                }
            }
        }
        Ok(result)
    }

    fn tuple_step(
        &mut self,
        step: &Node,
        input: &Rc<Array>,
        tuples: Option<Vec<Value>>,
        env: &Rc<Frame>,
    ) -> Result<Vec<Value>, Error> {
        if let Kind::Sort(terms) = &step.kind {
            let mut result = match tuples {
                Some(t) => self.sort(terms, step.pos, &Rc::new(tuple_stream(t)), env)?,
                None => {
                    let sorted = self.sort(terms, step.pos, input, env)?;
                    let items = sorted
                        .members()
                        .into_iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let mut t = Object::default();
                            t.insert("@".into(), v);
                            if let Some(index) = &step.step.index {
                                t.insert(index.clone(), Value::Number(i as f64));
                            }
                            Value::object(t)
                        })
                        .collect();
                    Value::Array(Rc::new(tuple_stream(items)))
                }
            };
            if !step.step.stages.is_empty() {
                result = self.stages(&step.step.stages, result, env)?;
            }
            return Ok(result.members());
        }
        let tuples = tuples.unwrap_or_else(|| {
            input
                .items
                .iter()
                .map(|item| {
                    let mut t = Object::default();
                    t.insert("@".into(), item.clone());
                    Value::object(t)
                })
                .collect()
        });
        let mut out = Vec::new();
        for tuple in &tuples {
            let step_env = frame_from_tuple(env, tuple);
            let context = context_of(tuple);
            let res = self.evaluate(step, &context, &step_env)?;
            if res.is_undefined() {
                continue;
            }
            let (items, from_tuples) = match &res {
                Value::Array(a) => (a.items.clone(), a.tuple_stream),
                v => (vec![v.clone()], false),
            };
            let base = tuple.as_object().cloned().unwrap_or_default();
            for (bb, item) in items.into_iter().enumerate() {
                self.tick()?;
                let mut t = base.clone();
                if from_tuples {
                    if let Some(o) = item.as_object() {
                        for (k, v) in o {
                            t.insert(k.clone(), v.clone());
                        }
                    }
                } else {
                    if let Some(focus) = &step.step.focus {
                        t.insert(focus.clone(), item);
                        t.insert("@".into(), context.clone());
                    } else {
                        t.insert("@".into(), item);
                    }
                    if let Some(index) = &step.step.index {
                        t.insert(index.clone(), Value::Number(bb as f64));
                    }
                    if let Some(slot) = step.step.ancestor {
                        t.insert(self.labels[slot].clone(), context.clone());
                    }
                }
                out.push(Value::object(t));
            }
        }
        if step.step.stages.is_empty() {
            return Ok(out);
        }
        let result = self.stages(
            &step.step.stages,
            Value::Array(Rc::new(tuple_stream(out))),
            env,
        )?;
        Ok(result.members())
    }
}
