//! Array and object built-ins: counting, sorting, keys and merging, and the boolean and type
//! tests (`$exists`, `$boolean`, `$not`, `$type`), `$error` and `$assert`.

use std::rc::Rc;

use super::string::arg;
use super::{Builtin, Host};
use crate::eval::path::{append, merge_sort};
use crate::value::{Object, Value};
use crate::Error;

pub(crate) const FUNCTIONS: &[Builtin] = &[
    Builtin {
        name: "count",
        signature: "<a:n>",
        run: count,
    },
    Builtin {
        name: "append",
        signature: "<xx:a>",
        run: append_,
    },
    Builtin {
        name: "reverse",
        signature: "<a:a>",
        run: reverse,
    },
    Builtin {
        name: "shuffle",
        signature: "<a:a>",
        run: shuffle,
    },
    Builtin {
        name: "distinct",
        signature: "<x:x>",
        run: distinct,
    },
    Builtin {
        name: "sort",
        signature: "<af?:a>",
        run: sort,
    },
    Builtin {
        name: "zip",
        signature: "<a+>",
        run: zip,
    },
    Builtin {
        name: "exists",
        signature: "<x:b>",
        run: exists,
    },
    Builtin {
        name: "boolean",
        signature: "<x-:b>",
        run: boolean,
    },
    Builtin {
        name: "not",
        signature: "<x-:b>",
        run: not,
    },
    Builtin {
        name: "type",
        signature: "<x:s>",
        run: type_,
    },
    Builtin {
        name: "keys",
        signature: "<x-:a<s>>",
        run: keys,
    },
    Builtin {
        name: "lookup",
        signature: "<x-s:x>",
        run: lookup,
    },
    Builtin {
        name: "spread",
        signature: "<x-:a<o>>",
        run: spread,
    },
    Builtin {
        name: "merge",
        signature: "<a<o>:o>",
        run: merge,
    },
    Builtin {
        name: "each",
        signature: "<o-f:a>",
        run: each,
    },
    Builtin {
        name: "sift",
        signature: "<o-f?:o>",
        run: sift,
    },
    Builtin {
        name: "error",
        signature: "<s?:x>",
        run: error,
    },
    Builtin {
        name: "assert",
        signature: "<bs?:x>",
        run: assert,
    },
];

fn count(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Number(match arg(args, 0) {
        Value::Undefined => 0.0,
        Value::Array(a) => a.items.len() as f64,
        _ => 1.0,
    }))
}

fn append_(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(append(arg(args, 0).clone(), arg(args, 1).clone()))
}

fn reverse(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(match arg(args, 0) {
        Value::Array(a) if a.items.len() > 1 => {
            Value::array(a.items.iter().rev().cloned().collect())
        }
        other => other.clone(),
    })
}

fn shuffle(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(match arg(args, 0) {
        Value::Array(a) if a.items.len() > 1 => {
            let mut items = a.items.clone();
            for i in (1..items.len()).rev() {
                let j = (host.random() * (i + 1) as f64) as usize;
                items.swap(i, j.min(i));
            }
            Value::array(items)
        }
        other => other.clone(),
    })
}

fn distinct(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Value::Array(a) = arg(args, 0) else {
        return Ok(arg(args, 0).clone());
    };
    if a.items.len() <= 1 {
        return Ok(Value::Array(a.clone()));
    }
    let mut out: Vec<Value> = Vec::new();
    for v in &a.items {
        if !out.iter().any(|o| o.deep_equal(v)) {
            out.push(v.clone());
        }
    }
    Ok(if a.sequence {
        Value::sequence(out)
    } else {
        Value::array(out)
    })
}

fn sort(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Value::Array(a) = arg(args, 0) else {
        return Ok(arg(args, 0).clone());
    };
    if a.items.len() <= 1 {
        return Ok(Value::Array(a.clone()));
    }
    let comparator = arg(args, 1).clone();
    if comparator.is_undefined() {
        // The reference's `isArrayOfNumbers` rejects an infinite item (D1001) first.
        for v in &a.items {
            if let Value::Number(n) = v {
                crate::eval::check_finite(*n)?;
            }
        }
        // NaN is not numeric there either.
        let all_numbers = a
            .items
            .iter()
            .all(|v| matches!(v, Value::Number(n) if !n.is_nan()));
        let all_strings = a.items.iter().all(|v| matches!(v, Value::String(_)));
        if !all_numbers && !all_strings {
            return Err(Error::new(
                "D3070",
                "$sort with one argument sorts only an array of all numbers or all strings; pass a comparison function as its second argument",
            ));
        }
        let sorted = merge_sort(a.items.clone(), &mut |x, y| match (x, y) {
            (Value::Number(p), Value::Number(q)) => p > q,
            (Value::String(p), Value::String(q)) => crate::eval::js_string_cmp(p, q).is_gt(),
            _ => false,
        });
        return Ok(Value::array(sorted));
    }
    let mut failure = None;
    let sorted = merge_sort(a.items.clone(), &mut |x, y| {
        if failure.is_some() {
            return false;
        }
        match host
            .apply(&comparator, &[x.clone(), y.clone()])
            .and_then(|v| v.truthy())
        {
            Ok(v) => v.unwrap_or(false),
            Err(e) => {
                failure = Some(e);
                false
            }
        }
    });
    match failure {
        Some(e) => Err(e),
        None => Ok(Value::array(sorted)),
    }
}

fn zip(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let arrays: Vec<Vec<Value>> = args.iter().map(Value::members).collect();
    let len = arrays.iter().map(Vec::len).min().unwrap_or(0);
    Ok(Value::array(
        (0..len)
            .map(|i| Value::array(arrays.iter().map(|a| a[i].clone()).collect()))
            .collect(),
    ))
}

fn exists(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(Value::Bool(!arg(args, 0).is_undefined()))
}

fn boolean(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(arg(args, 0).truthy()?.map_or(Value::Undefined, Value::Bool))
}

fn not(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(arg(args, 0)
        .truthy()?
        .map_or(Value::Undefined, |b| Value::Bool(!b)))
}

fn type_(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    if let Value::Number(n) = arg(args, 0) {
        crate::eval::check_finite(*n)?;
    }
    Ok(arg(args, 0)
        .type_name()
        .map_or(Value::Undefined, Value::string))
}

fn key_list(v: &Value, out: &mut Vec<String>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| key_list(i, out)),
        Value::Object(o) => {
            for k in o.keys() {
                if !out.contains(k) {
                    out.push(k.clone());
                }
            }
        }
        _ => {}
    }
}

fn keys(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let mut out = Vec::new();
    key_list(arg(args, 0), &mut out);
    Ok(Value::sequence(
        out.into_iter().map(Value::string).collect(),
    ))
}

fn lookup(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let key = arg(args, 1).as_str().unwrap_or_default();
    Ok(crate::eval::lookup(arg(args, 0), key))
}

fn spread_into(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| spread_into(i, out)),
        Value::Object(o) => {
            for (k, v) in o.iter() {
                let mut single = Object::default();
                single.insert(k.clone(), v.clone());
                out.push(Value::object(single));
            }
        }
        v => out.push(v.clone()),
    }
}

fn spread(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let v = arg(args, 0);
    if !matches!(v, Value::Array(_) | Value::Object(_)) {
        return Ok(v.clone());
    }
    let mut out = Vec::new();
    spread_into(v, &mut out);
    Ok(Value::sequence(out))
}

fn merge(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let v = arg(args, 0);
    if v.is_undefined() {
        return Ok(Value::Undefined);
    }
    let mut out = Object::default();
    for item in v.members() {
        if let Value::Object(o) = item {
            for (k, v) in o.iter() {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(Value::object(out))
}

/// The arguments a callback takes: the value, then the key or index, then the whole, as
/// many as it declares.
pub(crate) fn callback_args(f: &Value, first: Value, second: Value, third: &Value) -> Vec<Value> {
    let arity = match f {
        Value::Function(func) => func.arity(),
        _ => 1,
    };
    let mut args = vec![first];
    if arity >= 2 {
        args.push(second);
    }
    if arity >= 3 {
        args.push(third.clone());
    }
    args
}

fn each(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Value::Object(o) = arg(args, 0) else {
        return Ok(Value::Undefined);
    };
    let f = arg(args, 1).clone();
    let whole = Value::Object(Rc::clone(o));
    let mut out = Vec::new();
    for (k, v) in o.iter() {
        let call = callback_args(&f, v.clone(), Value::string(k.as_str()), &whole);
        let r = host.apply(&f, &call)?;
        if !r.is_undefined() {
            out.push(r);
        }
    }
    Ok(Value::sequence(out))
}

fn sift(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Value::Object(o) = arg(args, 0) else {
        return Ok(Value::Undefined);
    };
    let f = arg(args, 1).clone();
    let whole = Value::Object(Rc::clone(o));
    let mut out = Object::default();
    for (k, v) in o.iter() {
        let call = callback_args(&f, v.clone(), Value::string(k.as_str()), &whole);
        if host.apply(&f, &call)?.truthy()? == Some(true) {
            out.insert(k.clone(), v.clone());
        }
    }
    Ok(if out.is_empty() {
        Value::Undefined
    } else {
        Value::object(out)
    })
}

fn error(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let message = arg(args, 0)
        .as_str()
        .filter(|m| !m.is_empty())
        .unwrap_or("$error() function evaluated");
    Err(Error::new("D3137", message))
}

fn assert(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    if matches!(arg(args, 0), Value::Bool(true)) {
        return Ok(Value::Undefined);
    }
    let message = arg(args, 1)
        .as_str()
        .filter(|m| !m.is_empty())
        .unwrap_or("$assert() statement failed");
    Err(Error::new("D3141", message))
}
