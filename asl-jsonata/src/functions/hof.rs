//! Higher-order built-ins: `$map`, `$filter`, `$single`, `$reduce`.

use super::collection::callback_args;
use super::string::arg;
use super::{Builtin, Host};
use crate::value::Value;
use crate::Error;

pub(crate) const FUNCTIONS: &[Builtin] = &[
    Builtin {
        name: "map",
        signature: "<af>",
        run: map,
    },
    Builtin {
        name: "filter",
        signature: "<af>",
        run: filter,
    },
    Builtin {
        name: "single",
        signature: "<af?>",
        run: single,
    },
    Builtin {
        name: "reduce",
        signature: "<afj?:j>",
        run: reduce,
    },
];

fn map(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let items = arg(args, 0);
    if items.is_undefined() {
        return Ok(Value::Undefined);
    }
    let f = arg(args, 1).clone();
    let mut out = Vec::new();
    for (i, v) in items.members().into_iter().enumerate() {
        let r = host.apply(&f, &callback_args(&f, v, Value::Number(i as f64), items))?;
        if !r.is_undefined() {
            out.push(r);
        }
    }
    Ok(Value::sequence(out))
}

fn filter(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let items = arg(args, 0);
    if items.is_undefined() {
        return Ok(Value::Undefined);
    }
    let f = arg(args, 1).clone();
    let mut out = Vec::new();
    for (i, v) in items.members().into_iter().enumerate() {
        if host
            .apply(
                &f,
                &callback_args(&f, v.clone(), Value::Number(i as f64), items),
            )?
            .truthy()?
            == Some(true)
        {
            out.push(v);
        }
    }
    Ok(Value::sequence(out))
}

fn single(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let items = arg(args, 0);
    if items.is_undefined() {
        return Ok(Value::Undefined);
    }
    let f = arg(args, 1).clone();
    let mut found: Option<Value> = None;
    for (i, v) in items.members().into_iter().enumerate() {
        let keep = f.is_undefined()
            || host
                .apply(
                    &f,
                    &callback_args(&f, v.clone(), Value::Number(i as f64), items),
                )?
                .truthy()?
                == Some(true);
        if keep {
            if found.is_some() {
                return Err(Error::new(
                    "D3138",
                    "$single found more than one value matching the condition",
                ));
            }
            found = Some(v);
        }
    }
    found.ok_or_else(|| Error::new("D3139", "$single found no value matching the condition"))
}

fn reduce(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let items = arg(args, 0);
    if items.is_undefined() {
        return Ok(Value::Undefined);
    }
    let f = arg(args, 1).clone();
    let arity = match &f {
        Value::Function(func) => func.arity(),
        _ => 0,
    };
    if arity < 2 {
        return Err(Error::new(
            "D3050",
            "the second argument of $reduce must be a function of at least two arguments",
        ));
    }
    let list = items.members();
    let init = arg(args, 2).clone();
    let (mut acc, start) = if init.is_undefined() && !list.is_empty() {
        (list[0].clone(), 1)
    } else {
        (init, 0)
    };
    for (i, v) in list.iter().enumerate().skip(start) {
        let mut call = vec![acc, v.clone()];
        if arity >= 3 {
            call.push(Value::Number(i as f64));
        }
        if arity >= 4 {
            call.push(items.clone());
        }
        acc = host.apply(&f, &call)?;
    }
    Ok(acc)
}
