//! `$string` and `&`: a value as text, with JSON for structures and the reference's
//! 15-significant-digit numbers.

use crate::value::{format_number_15, Value};
use crate::Error;

/// The reference's `$string(value, pretty)` for a defined value.
pub fn string(value: &Value, pretty: bool) -> Result<String, Error> {
    match value {
        Value::String(s) => Ok(s.to_string()),
        Value::Function(_) => Ok(String::new()),
        Value::Number(n) if !n.is_finite() => Err(Error::new(
            "D3001",
            "attempting to invoke a string function on Infinity or NaN",
        )),
        Value::Array(a) if a.outer_wrapper && !a.items.is_empty() => string(&a.items[0], pretty),
        v => {
            let mut out = String::new();
            write_json(v, pretty, 0, &mut out)?;
            Ok(out)
        }
    }
}

fn indent(out: &mut String, pretty: bool, level: usize) {
    if pretty {
        out.push('\n');
        for _ in 0..level {
            out.push_str("  ");
        }
    }
}

/// `JSON.stringify` with the reference's replacer: numbers to 15 digits, functions as "".
fn write_json(v: &Value, pretty: bool, level: usize, out: &mut String) -> Result<(), Error> {
    match v {
        Value::Undefined | Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if n.is_infinite() {
                return Err(Error::new(
                    "D1001",
                    format!(
                        "number out of range: {}",
                        crate::value::format_js_number(*n)
                    ),
                ));
            }
            if n.is_nan() {
                out.push_str("null");
            } else {
                out.push_str(&format_number_15(*n));
            }
        }
        Value::String(s) => out.push_str(&serde_json::Value::String(s.to_string()).to_string()),
        Value::Function(_) => out.push_str("\"\""),
        Value::Array(a) => {
            if a.items.is_empty() {
                out.push_str("[]");
                return Ok(());
            }
            out.push('[');
            for (i, item) in a.items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, pretty, level + 1);
                write_json(item, pretty, level + 1, out)?;
            }
            indent(out, pretty, level);
            out.push(']');
        }
        Value::Object(o) => {
            let fields: Vec<_> = o.iter().filter(|(_, v)| !v.is_undefined()).collect();
            if fields.is_empty() {
                out.push_str("{}");
                return Ok(());
            }
            out.push('{');
            for (i, (k, item)) in fields.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                indent(out, pretty, level + 1);
                out.push_str(&serde_json::Value::String(k.clone()).to_string());
                out.push(':');
                if pretty {
                    out.push(' ');
                }
                write_json(item, pretty, level + 1, out)?;
            }
            indent(out, pretty, level);
            out.push('}');
        }
    }
    Ok(())
}
