//! Wildcards `*` and descendants `**`: every field's value, arrays flattened.

use crate::value::Value;

/// `*`: the values of every field of an object (arrays flattened).
pub(in crate::eval) fn wildcard(input: &Value) -> Value {
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
pub(in crate::eval) fn descendants(input: &Value) -> Value {
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
