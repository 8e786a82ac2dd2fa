//! The values an expression computes: JSON plus `undefined`, sequences and functions.

use std::rc::Rc;

use indexmap::IndexMap;

use crate::functions::Function;

/// An object: keys in insertion order, as JavaScript keeps them.
/// foldhash: keys are hashed on every field lookup, and SipHash was a tenth of evaluation time.
pub type Object = IndexMap<String, Value, foldhash::fast::RandomState>;

/// A JSONata value. `Undefined` is JavaScript's `undefined` (no value: a missing field, an
/// empty sequence); `Null` is JSON's `null`.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(Rc<str>),
    Array(Rc<Array>),
    Object(Rc<Object>),
    Function(Rc<Function>),
}

/// An array, with the flags the reference keeps on its arrays.
#[derive(Clone, Debug, Default)]
pub struct Array {
    pub items: Vec<Value>,
    /// A sequence built by a path step: a singleton is its one value, an empty one undefined.
    pub sequence: bool,
    /// `a[]`: a singleton sequence stays an array.
    pub keep_singleton: bool,
    /// Built by an array constructor `[ … ]`: not flattened by the next path step.
    pub cons: bool,
    /// The wrapper put around an array input so a path treats it as one value.
    pub outer_wrapper: bool,
    /// A stream of tuples (objects holding `@` and the step bindings), not of values.
    pub tuple_stream: bool,
}

impl Array {
    pub fn new(items: Vec<Value>) -> Array {
        Array {
            items,
            ..Array::default()
        }
    }

    pub fn sequence(items: Vec<Value>) -> Array {
        Array {
            items,
            sequence: true,
            ..Array::default()
        }
    }
}

impl Value {
    pub fn string(s: impl Into<Rc<str>>) -> Value {
        Value::String(s.into())
    }

    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(Array::new(items)))
    }

    pub fn sequence(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(Array::sequence(items)))
    }

    pub fn object(o: Object) -> Value {
        Value::Object(Rc::new(o))
    }

    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_sequence(&self) -> bool {
        matches!(self, Value::Array(a) if a.sequence)
    }

    pub fn is_function(&self) -> bool {
        matches!(self, Value::Function(_))
    }

    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Array> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// The items of an array, or the value alone; nothing for undefined.
    pub fn members(&self) -> Vec<Value> {
        match self {
            Value::Undefined => Vec::new(),
            Value::Array(a) => a.items.clone(),
            v => vec![v.clone()],
        }
    }

    /// The value as an array: itself if it is one, else a one-item array (none for undefined).
    pub fn into_array(self) -> Rc<Array> {
        match self {
            Value::Array(a) => a,
            Value::Undefined => Rc::new(Array::sequence(Vec::new())),
            v => Rc::new(Array::sequence(vec![v])),
        }
    }

    /// The reference's `typeof` name, as `$type` returns it.
    pub fn type_name(&self) -> Option<&'static str> {
        Some(match self {
            Value::Undefined => return None,
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Function(_) => "function",
        })
    }

    /// `$boolean`: the reference's truthiness (an array is true when any item is).
    pub fn truthy(&self) -> Result<Option<bool>, crate::Error> {
        Ok(Some(match self {
            Value::Undefined => return Ok(None),
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => {
                crate::eval::check_finite(*n)?;
                *n != 0.0
            }
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => match a.items.len() {
                0 => false,
                1 => a.items[0].truthy()?.unwrap_or(false),
                // Every item is tested, as the reference does: an infinite one is an error.
                _ => {
                    let mut any = false;
                    for v in &a.items {
                        any |= v.truthy()? == Some(true);
                    }
                    any
                }
            },
            Value::Object(o) => !o.is_empty(),
            Value::Function(_) => false,
        }))
    }

    /// Deep equality as the reference's `=` and `$distinct` use it (functions are never equal).
    pub fn deep_equal(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => {
                a.items.len() == b.items.len()
                    && a.items.iter().zip(&b.items).all(|(x, y)| x.deep_equal(y))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.get(k).is_some_and(|w| v.deep_equal(w)))
            }
            (Value::Function(a), Value::Function(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// A JSON value in, with numbers as f64 as the reference holds them.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::string(s.as_str()),
            serde_json::Value::Array(items) => {
                Value::array(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// The JSON the reference's `JSON.stringify` would write: undefined and functions
    /// dropped from objects and nulled in arrays; `None` for undefined or a function alone.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        Some(match self {
            Value::Undefined | Value::Function(_) => return None,
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(a) => serde_json::Value::Array(
                a.items
                    .iter()
                    .map(|v| v.to_json().unwrap_or(serde_json::Value::Null))
                    .collect(),
            ),
            Value::Object(o) => serde_json::Value::Object(
                o.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.to_json()?)))
                    .collect(),
            ),
        })
    }
}

/// A number as JSON: integral values within 2^53 as integers, as `JSON.stringify` writes them.
pub fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9_007_199_254_740_992.0 {
        serde_json::Value::from(n as i64)
    } else {
        serde_json::Number::from_f64(n).map_or(serde_json::Value::Null, serde_json::Value::Number)
    }
}

/// JavaScript's `Number.prototype.toString()`: the shortest digits that round-trip, in
/// exponent form from 1e21 up and below 1e-6.
pub fn format_js_number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if n == 0.0 {
        return "0".into();
    }
    // `{:e}` gives the shortest round-trip digits: "d.ddde±x".
    let sci = format!("{:e}", n.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if n < 0.0 { "-" } else { "" };
    let k = digits.len() as i32;
    let body = if (-6..21).contains(&exp) {
        if exp >= k - 1 {
            format!("{digits}{}", "0".repeat((exp - k + 1) as usize))
        } else if exp >= 0 {
            let (int, frac) = digits.split_at(exp as usize + 1);
            format!("{int}.{frac}")
        } else {
            format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
        }
    } else {
        let (first, rest) = digits.split_at(1);
        let mant = if rest.is_empty() {
            first.to_string()
        } else {
            format!("{first}.{rest}")
        };
        let esign = if exp < 0 { "-" } else { "+" };
        format!("{mant}e{esign}{}", exp.abs())
    };
    format!("{sign}{body}")
}

/// The reference's number formatting in `$string` and `&`: 15 significant digits, then
/// JavaScript's own formatting.
pub fn format_number_15(n: f64) -> String {
    if !n.is_finite() {
        return format_js_number(n);
    }
    let rounded: f64 = format!("{:.14e}", n).parse().unwrap_or(n);
    format_js_number(rounded)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn javascript_number_formatting() {
        for (n, s) in [
            (1.0, "1"),
            (-0.5, "-0.5"),
            (1e21, "1e+21"),
            (1e20, "100000000000000000000"),
            (1.5e-7, "1.5e-7"),
            (0.000001, "0.000001"),
            (123.456, "123.456"),
            (0.1 + 0.2, "0.30000000000000004"),
        ] {
            assert_eq!(format_js_number(n), s, "{n}");
        }
        assert_eq!(format_number_15(0.1 + 0.2), "0.3");
        assert_eq!(format_number_15(1e21), "1e+21");
    }
}
