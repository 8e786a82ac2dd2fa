//! Path steps: names, indexes, slices, wildcards, unions, descendants and filters, each over every node reached so far.

use asl_model::path::{Segment, UnionItem};
use serde_json::Value;

use super::*;

fn slice_indices(
    len: usize,
    start: Option<i64>,
    end: Option<i64>,
    step: Option<i64>,
) -> Vec<usize> {
    let len_i = len as i64;
    let step = step.unwrap_or(1);
    if step == 0 {
        return Vec::new();
    }
    let clamp = |v: i64, lo: i64, hi: i64| v.max(lo).min(hi);
    let norm = |v: i64| if v < 0 { v + len_i } else { v };
    let mut out = Vec::new();
    if step > 0 {
        let s = clamp(start.map_or(0, norm), 0, len_i);
        let e = clamp(end.map_or(len_i, norm), 0, len_i);
        let mut i = s;
        while i < e {
            out.push(i as usize);
            i = match i.checked_add(step) {
                Some(n) => n,
                None => break,
            };
        }
    } else {
        let s = clamp(start.map_or(len_i - 1, norm), -1, len_i - 1);
        let e = clamp(end.map_or(-1, norm), -1, len_i - 1);
        let mut i = s;
        while i > e {
            out.push(i as usize);
            i = match i.checked_add(step) {
                Some(n) => n,
                None => break,
            };
        }
    }
    out
}

fn children(v: &Value) -> Vec<&Value> {
    match v {
        Value::Object(m) => m.values().collect(),
        Value::Array(a) => a.iter().collect(),
        _ => Vec::new(),
    }
}

fn descendants<'v>(v: &'v Value, out: &mut Vec<&'v Value>) {
    // Iterative pre-order walk, so that deep documents cannot exhaust the stack.
    let mut stack = vec![v];
    while let Some(n) = stack.pop() {
        out.push(n);
        let kids = children(n);
        stack.extend(kids.into_iter().rev());
    }
}

pub(super) fn step<'v>(
    nodes: Vec<&'v Value>,
    seg: &Segment,
    env: &Env<'_>,
) -> Result<Vec<&'v Value>, String> {
    let mut out = Vec::new();
    for node in nodes {
        apply(node, seg, env, &mut out)?;
    }
    Ok(out)
}

fn apply<'v>(
    node: &'v Value,
    seg: &Segment,
    env: &Env<'_>,
    out: &mut Vec<&'v Value>,
) -> Result<(), String> {
    match seg {
        Segment::Field(name) => {
            if let Some(v) = node.as_object().and_then(|m| m.get(name)) {
                out.push(v);
            }
        }
        Segment::Index(i) => {
            if let Some(a) = node.as_array() {
                if let Some(v) = norm_index(*i, a.len()).and_then(|u| a.get(u)) {
                    out.push(v);
                }
            }
        }
        Segment::Wildcard => out.extend(children(node)),
        Segment::Slice { start, end, step } => {
            if let Some(a) = node.as_array() {
                out.extend(
                    slice_indices(a.len(), *start, *end, *step)
                        .into_iter()
                        .filter_map(|i| a.get(i)),
                );
            }
        }
        Segment::Union(items) => {
            for item in items {
                match item {
                    UnionItem::Field(name) => apply(node, &Segment::Field(name.clone()), env, out)?,
                    UnionItem::Index(i) => apply(node, &Segment::Index(*i), env, out)?,
                    UnionItem::Slice { start, end, step } => apply(
                        node,
                        &Segment::Slice {
                            start: *start,
                            end: *end,
                            step: *step,
                        },
                        env,
                        out,
                    )?,
                }
            }
        }
        Segment::Descendant(inner) => {
            let mut all = Vec::new();
            descendants(node, &mut all);
            for n in all {
                apply(n, inner, env, out)?;
            }
        }
        Segment::Filter(expr) => match node {
            Value::Array(a) => {
                for el in a {
                    if holds(expr, el, env)? {
                        out.push(el);
                    }
                }
            }
            Value::Object(_) if holds(expr, node, env)? => out.push(node),
            _ => {}
        },
    }
    Ok(())
}
