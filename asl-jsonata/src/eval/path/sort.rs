//! Sorting `^( … )`: the reference's stable merge sort over the sort terms' keys.

use std::rc::Rc;

use super::{context_of, frame_from_tuple};
use crate::ast::SortTerm;
use crate::eval::frame::Frame;
use crate::eval::Evaluator;
use crate::value::{Array, Value};
use crate::Error;

impl Evaluator<'_> {
    /// `^( … )`: a stable merge sort by the terms.
    pub(super) fn sort(
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
                    format!("cannot compare {} and {} in an order-by clause: they are of different types", crate::eval::describe(aa), crate::eval::describe(bb)),
                ))
            }
            _ => {
                let bad = if matches!(aa, Value::Number(_) | Value::String(_)) { bb } else { aa };
                return Err(Error::new(
                    "T2008",
                    format!("the expressions of an order-by clause must evaluate to numbers or strings; got {}", crate::eval::describe(bad)),
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
