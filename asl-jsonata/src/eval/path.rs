//! Paths: steps over sequences, tuple streams for `@`, `#` and `%`, predicates, grouping,
//! sorting, wildcards and descendants.

use std::rc::Rc;

use indexmap::IndexMap;

use super::frame::Frame;
use super::Evaluator;
use crate::ast::{Kind, Node, SortTerm, Stage};
use crate::value::{Array, Object, Value};
use crate::Error;

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

fn is_numeric(v: &Value) -> Result<bool, Error> {
    match v {
        Value::Number(n) => {
            super::operators::check_finite(*n)?;
            Ok(!n.is_nan())
        }
        _ => Ok(false),
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

    /// A predicate `[…]` over `input`: an index (or indexes) picks items, anything else filters.
    pub(super) fn filter(
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

    /// An object constructor, or grouping `step{key: value}` over `input`.
    pub(super) fn group(
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
                                super::describe(&other)
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

    /// `^( … )`: a stable merge sort by the terms.
    fn sort(
        &mut self,
        terms: &[SortTerm],
        pos: usize,
        input: &Rc<Array>,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        let tuples = input.tuple_stream;
        if input.items.len() <= 1 {
            return Ok(Value::Array(input.clone()));
        }
        // Each item's sort keys are computed once.
        let mut keyed = Vec::with_capacity(input.items.len());
        for item in &input.items {
            let (context, scope) = if tuples {
                (context_of(item), frame_from_tuple(env, item))
            } else {
                (item.clone(), env.clone())
            };
            let mut keys = Vec::with_capacity(terms.len());
            for term in terms {
                keys.push(self.evaluate(&term.expr, &context, &scope)?);
            }
            keyed.push((keys, item.clone()));
        }
        let mut failure = None;
        let sorted = merge_sort(keyed, &mut |a, b| match compare_keys(terms, &a.0, &b.0) {
            Ok(swap) => swap,
            Err(e) => {
                failure.get_or_insert(e.at(pos));
                false
            }
        });
        if let Some(e) = failure {
            return Err(e);
        }
        let items = sorted.into_iter().map(|(_, v)| v).collect();
        Ok(Value::Array(Rc::new(Array {
            items,
            tuple_stream: tuples,
            ..Array::default()
        })))
    }
}

/// Whether `a` must come after `b`.
fn compare_keys(terms: &[SortTerm], a: &[Value], b: &[Value]) -> Result<bool, Error> {
    for (i, term) in terms.iter().enumerate() {
        let (aa, bb) = (&a[i], &b[i]);
        let comp = match (aa, bb) {
            (Value::Undefined, Value::Undefined) => continue,
            (Value::Undefined, _) => return Ok(true),
            (_, Value::Undefined) => return Ok(false),
            (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
            (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
            (Value::Number(_) | Value::String(_), Value::Number(_) | Value::String(_)) => {
                return Err(Error::new(
                    "T2007",
                    format!("cannot compare {} and {} in an order-by clause: they are of different types", super::describe(aa), super::describe(bb)),
                ))
            }
            _ => {
                let bad = if matches!(aa, Value::Number(_) | Value::String(_)) { bb } else { aa };
                return Err(Error::new(
                    "T2008",
                    format!("the expressions of an order-by clause must evaluate to numbers or strings; got {}", super::describe(bad)),
                ));
            }
        };
        match comp {
            Some(std::cmp::Ordering::Equal) | None => continue,
            Some(std::cmp::Ordering::Less) => return Ok(term.descending),
            Some(std::cmp::Ordering::Greater) => return Ok(!term.descending),
        }
    }
    Ok(false)
}

/// The reference's merge sort: `swap(a, b)` says `b` goes first. Stable.
pub(crate) fn merge_sort<T: Clone>(items: Vec<T>, swap: &mut impl FnMut(&T, &T) -> bool) -> Vec<T> {
    if items.len() <= 1 {
        return items;
    }
    let mut right = items;
    let left: Vec<T> = right.drain(..right.len() / 2).collect();
    let left = merge_sort(left, swap);
    let right = merge_sort(right, swap);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if swap(&left[i], &right[j]) {
            out.push(right[j].clone());
            j += 1;
        } else {
            out.push(left[i].clone());
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    out
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

/// `*`: the values of every field of an object (arrays flattened).
pub(super) fn wildcard(input: &Value) -> Value {
    let input = match input {
        Value::Array(a) if a.outer_wrapper && !a.items.is_empty() => &a.items[0],
        other => other,
    };
    let mut out = Vec::new();
    // An array is an object to JavaScript: its items are its fields' values.
    let values: Vec<&Value> = match input {
        Value::Object(o) => o.values().collect(),
        Value::Array(a) => a.items.iter().collect(),
        _ => Vec::new(),
    };
    {
        for v in values {
            match v {
                Value::Array(_) => flatten(v, &mut out),
                v => out.push(v.clone()),
            }
        }
    }
    Value::sequence(out)
}

fn flatten(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| flatten(i, out)),
        v => out.push(v.clone()),
    }
}

/// `**`: every value below the input, depth first.
pub(super) fn descendants(input: &Value) -> Value {
    if input.is_undefined() {
        return Value::Undefined;
    }
    let mut out = Vec::new();
    recurse(input, &mut out);
    if out.len() == 1 {
        return out.pop().unwrap_or_default();
    }
    Value::sequence(out)
}

fn recurse(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| recurse(i, out)),
        Value::Object(o) => {
            out.push(v.clone());
            o.values().for_each(|i| recurse(i, out));
        }
        v => out.push(v.clone()),
    }
}
