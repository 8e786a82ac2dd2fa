//! Date, time and integer pictures: `$now`, `$millis`, `$fromMillis`, `$toMillis`,
//! `$formatInteger` and `$parseInteger`, with the XPath 3.1 picture syntax the reference uses.

mod calendar;
mod format;
mod iso;
mod parse;
mod pattern;
mod picture;
mod words;

use crate::functions::{Builtin, Host};
use crate::value::Value;
use crate::Error;

pub(crate) const FUNCTIONS: &[Builtin] = &[
    Builtin {
        name: "now",
        signature: "<s?s?:s>",
        run: now,
    },
    Builtin {
        name: "millis",
        signature: "<:n>",
        run: millis,
    },
    Builtin {
        name: "fromMillis",
        signature: "<n-s?s?:s>",
        run: from_millis,
    },
    Builtin {
        name: "toMillis",
        signature: "<s-s?:n>",
        run: to_millis,
    },
    Builtin {
        name: "formatInteger",
        signature: "<n-s:s>",
        run: format_integer,
    },
    Builtin {
        name: "parseInteger",
        signature: "<s-s:n>",
        run: parse_integer,
    },
];

fn text(args: &[Value], i: usize) -> Option<&str> {
    args.get(i).and_then(Value::as_str)
}

fn number(args: &[Value], i: usize) -> Option<f64> {
    match args.get(i) {
        Some(Value::Number(n)) => Some(*n),
        _ => None,
    }
}

/// A number result; NaN (an unparseable date) has no JSON form and is undefined.
fn number_value(n: f64) -> Value {
    if n.is_nan() {
        Value::Undefined
    } else {
        Value::Number(n)
    }
}

fn now(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let millis = host.now_millis();
    let out = format::format_datetime(millis, text(args, 0), text(args, 1))?;
    Ok(Value::string(out))
}

fn millis(host: &mut dyn Host, _: &[Value]) -> Result<Value, Error> {
    Ok(Value::Number(host.now_millis()))
}

fn from_millis(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(millis) = number(args, 0) else {
        return Ok(Value::Undefined);
    };
    let out = format::format_datetime(millis, text(args, 1), text(args, 2))?;
    Ok(Value::string(out))
}

fn to_millis(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(timestamp) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    let now = host.now_millis();
    let mut check = || host.check_time();
    let millis = match text(args, 1) {
        None => Some(iso::iso_to_millis(timestamp, &mut check)?),
        Some(picture) => parse::parse_datetime(timestamp, picture, now, &mut check)?,
    };
    Ok(millis.map_or(Value::Undefined, number_value))
}

fn format_integer(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let (Some(value), Some(picture)) = (number(args, 0), text(args, 1)) else {
        return Ok(Value::Undefined);
    };
    Ok(Value::string(format::format_integer(value, picture)?))
}

fn parse_integer(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let (Some(value), Some(picture)) = (text(args, 0), text(args, 1)) else {
        return Ok(Value::Undefined);
    };
    Ok(number_value(parse::parse_integer(value, picture)?))
}
