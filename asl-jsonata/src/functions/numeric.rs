//! Number built-ins: `$number`, rounding, `$power`, `$sqrt`, `$formatBase`, and the
//! aggregates `$sum`, `$max`, `$min`, `$average`.

use super::string::arg;
use super::{Builtin, Host};
use crate::value::{format_js_number, Value};
use crate::Error;

pub(crate) const FUNCTIONS: &[Builtin] = &[
    Builtin {
        name: "number",
        signature: "<(nsb)-:n>",
        run: number,
    },
    Builtin {
        name: "abs",
        signature: "<n-:n>",
        run: abs,
    },
    Builtin {
        name: "floor",
        signature: "<n-:n>",
        run: floor,
    },
    Builtin {
        name: "ceil",
        signature: "<n-:n>",
        run: ceil,
    },
    Builtin {
        name: "round",
        signature: "<n-n?:n>",
        run: round,
    },
    Builtin {
        name: "power",
        signature: "<n-n:n>",
        run: power,
    },
    Builtin {
        name: "sqrt",
        signature: "<n-:n>",
        run: sqrt,
    },
    Builtin {
        name: "formatBase",
        signature: "<n-n?:s>",
        run: format_base,
    },
    Builtin {
        name: "sum",
        signature: "<a<n>:n>",
        run: sum,
    },
    Builtin {
        name: "max",
        signature: "<a<n>:n>",
        run: max,
    },
    Builtin {
        name: "min",
        signature: "<a<n>:n>",
        run: min,
    },
    Builtin {
        name: "average",
        signature: "<a<n>:n>",
        run: average,
    },
];

fn unary(args: &[Value], f: impl Fn(f64) -> f64) -> Result<Value, Error> {
    Ok(arg(args, 0)
        .as_number()
        .map_or(Value::Undefined, |n| Value::Number(f(n))))
}

/// A string as `$number` reads it: JSON-style decimals, or `0x`/`0o`/`0b` integers.
pub(crate) fn parse_number(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(b.first() == Some(&b'-'));
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let int = digits(i);
    if int > 0 {
        i += int;
        if b.get(i) == Some(&b'.') {
            let frac = digits(i + 1);
            if frac == 0 {
                return None;
            }
            i += 1 + frac;
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(b.get(i + 1), Some(b'+' | b'-')));
            let exp = digits(i + 1 + sign);
            if exp == 0 {
                return None;
            }
            i += 1 + sign + exp;
        }
        if i == b.len() {
            return s.parse::<f64>().ok().filter(|n| n.is_finite());
        }
        if !(s.starts_with('0') && s.len() > 2) {
            return None;
        }
    }
    let radix = match s.get(..2) {
        Some("0x" | "0X") => 16,
        Some("0o" | "0O") => 8,
        Some("0b" | "0B") => 2,
        _ => return None,
    };
    let rest = &s[2..];
    if rest.is_empty() {
        return None;
    }
    rest.chars().try_fold(0f64, |acc, c| {
        Some(acc * radix as f64 + c.to_digit(radix)? as f64)
    })
}

fn number(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    match arg(args, 0) {
        Value::Undefined => Ok(Value::Undefined),
        Value::Number(n) => Ok(Value::Number(*n)),
        Value::Bool(b) => Ok(Value::Number(if *b { 1.0 } else { 0.0 })),
        Value::String(s) => parse_number(s)
            .map(Value::Number)
            .ok_or_else(|| Error::new("D3030", format!("unable to cast \"{s}\" to a number"))),
        other => Err(Error::new(
            "D3030",
            format!(
                "unable to cast {} to a number",
                crate::eval::describe(other)
            ),
        )),
    }
}

fn abs(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    unary(args, f64::abs)
}

fn floor(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    unary(args, f64::floor)
}

fn ceil(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    unary(args, f64::ceil)
}

/// Shift a number's decimal point by `places`, through its text as the reference does (so
/// `1.005` shifted by 2 is exactly `100.5`).
fn shift(n: f64, places: f64) -> f64 {
    let text = format_js_number(n);
    let (mantissa, exp) = match text.split_once('e') {
        Some((m, e)) => (
            m.to_string(),
            e.trim_start_matches('+').parse::<f64>().unwrap_or(0.0),
        ),
        None => (text.clone(), 0.0),
    };
    format!("{mantissa}e{}", exp + places)
        .parse()
        .unwrap_or(f64::NAN)
}

/// Round half to even, at `precision` decimal places (negative: tens, hundreds…).
pub(crate) fn round_half_even(n: f64, precision: f64) -> f64 {
    let x = if precision != 0.0 {
        shift(n, precision)
    } else {
        n
    };
    let mut r = (x + 0.5).floor();
    if (r - x).abs() == 0.5 && (r % 2.0).abs() == 1.0 {
        r -= 1.0;
    }
    let r = if precision != 0.0 {
        shift(r, -precision)
    } else {
        r
    };
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

fn round(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(n) = arg(args, 0).as_number() else {
        return Ok(Value::Undefined);
    };
    let precision = arg(args, 1).as_number().unwrap_or(0.0).trunc();
    Ok(Value::Number(round_half_even(n, precision)))
}

fn power(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(base) = arg(args, 0).as_number() else {
        return Ok(Value::Undefined);
    };
    let exp = arg(args, 1).as_number().unwrap_or(f64::NAN);
    let r = base.powf(exp);
    if !r.is_finite() {
        return Err(Error::new(
            "D3061",
            format!(
                "$power({}, {}) cannot be represented as a JSON number",
                format_js_number(base),
                format_js_number(exp)
            ),
        ));
    }
    Ok(Value::Number(r))
}

fn sqrt(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(n) = arg(args, 0).as_number() else {
        return Ok(Value::Undefined);
    };
    if n < 0.0 {
        return Err(Error::new(
            "D3060",
            format!(
                "$sqrt cannot be applied to a negative number: {}",
                format_js_number(n)
            ),
        ));
    }
    Ok(Value::Number(n.sqrt()))
}

fn format_base(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(n) = arg(args, 0).as_number() else {
        return Ok(Value::Undefined);
    };
    let n = round_half_even(n, 0.0);
    let radix = arg(args, 1).as_number().unwrap_or(10.0);
    if !(2.0..=36.0).contains(&radix) {
        return Err(Error::new(
            "D3100",
            format!(
                "the radix of $formatBase must be between 2 and 36; it was {}",
                format_js_number(radix)
            ),
        ));
    }
    if !n.is_finite() {
        // JavaScript's `Infinity.toString(radix)`.
        return Ok(Value::string(format_js_number(n)));
    }
    let radix = radix as u32;
    let mut digits = Vec::new();
    let mut m = n.abs();
    if m == 0.0 {
        digits.push('0');
    }
    while m >= 1.0 {
        let d = (m % radix as f64) as u32;
        digits.push(std::char::from_digit(d, radix).unwrap_or('0'));
        m = (m / radix as f64).floor();
    }
    if n < 0.0 {
        digits.push('-');
    }
    Ok(Value::string(digits.iter().rev().collect::<String>()))
}

fn numbers(args: &[Value]) -> Option<Vec<f64>> {
    let v = arg(args, 0);
    if v.is_undefined() {
        return None;
    }
    Some(v.members().iter().filter_map(Value::as_number).collect())
}

fn sum(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(numbers(args).map_or(Value::Undefined, |ns| Value::Number(ns.iter().sum())))
}

fn max(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(match numbers(args) {
        Some(ns) if !ns.is_empty() => {
            Value::Number(ns.into_iter().fold(f64::NEG_INFINITY, f64::max))
        }
        _ => Value::Undefined,
    })
}

fn min(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(match numbers(args) {
        Some(ns) if !ns.is_empty() => Value::Number(ns.into_iter().fold(f64::INFINITY, f64::min)),
        _ => Value::Undefined,
    })
}

fn average(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(match numbers(args) {
        Some(ns) if !ns.is_empty() => Value::Number(ns.iter().sum::<f64>() / ns.len() as f64),
        _ => Value::Undefined,
    })
}
