//! The binary operators: arithmetic, comparison, equality, `&`, `..`, `in`, `and`/`or`.

use std::rc::Rc;

use super::frame::Frame;
use super::{describe, Evaluator};
use crate::ast::{BinaryOp, Node};
use crate::value::Value;
use crate::Error;

/// The reference's ceiling on a range's size.
const MAX_RANGE: f64 = 1e7;

/// A number must be finite to take part in an operation (D1001).
pub(crate) fn check_finite(n: f64) -> Result<(), Error> {
    if n.is_infinite() {
        return Err(Error::new(
            "D1001",
            format!("number out of range: {}", crate::value::format_js_number(n)),
        ));
    }
    Ok(())
}

fn numeric(v: &Value) -> Result<Option<f64>, Error> {
    match v {
        Value::Number(n) => {
            check_finite(*n)?;
            Ok((!n.is_nan()).then_some(*n))
        }
        _ => Ok(None),
    }
}

impl Evaluator<'_> {
    pub(super) fn binary(
        &mut self,
        node: &Node,
        op: BinaryOp,
        lhs: &Node,
        rhs: &Node,
        input: &Value,
        env: &Rc<Frame>,
    ) -> Result<Value, Error> {
        let left = self.evaluate(lhs, input, env)?;
        if matches!(op, BinaryOp::And | BinaryOp::Or) {
            let l = left.truthy()?.unwrap_or(false);
            let result = match op {
                BinaryOp::And => l && self.evaluate(rhs, input, env)?.truthy()?.unwrap_or(false),
                _ => l || self.evaluate(rhs, input, env)?.truthy()?.unwrap_or(false),
            };
            return Ok(Value::Bool(result));
        }
        let right = self.evaluate(rhs, input, env)?;
        operate(op, &left, &right).map_err(|e| e.at(node.pos))
    }
}

pub(crate) fn operate(op: BinaryOp, left: &Value, right: &Value) -> Result<Value, Error> {
    Ok(match op {
        BinaryOp::Add
        | BinaryOp::Subtract
        | BinaryOp::Multiply
        | BinaryOp::Divide
        | BinaryOp::Modulo => {
            let l = numeric(left)?;
            if !left.is_undefined() && l.is_none() {
                return Err(Error::new(
                    "T2001",
                    format!(
                        "the left side of the '{}' operator must evaluate to a number; got {}",
                        op.token(),
                        describe(left)
                    ),
                ));
            }
            let r = numeric(right)?;
            if !right.is_undefined() && r.is_none() {
                return Err(Error::new(
                    "T2002",
                    format!(
                        "the right side of the '{}' operator must evaluate to a number; got {}",
                        op.token(),
                        describe(right)
                    ),
                ));
            }
            let (Some(l), Some(r)) = (l, r) else {
                return Ok(Value::Undefined);
            };
            Value::Number(match op {
                BinaryOp::Add => l + r,
                BinaryOp::Subtract => l - r,
                BinaryOp::Multiply => l * r,
                BinaryOp::Divide => l / r,
                _ => l % r,
            })
        }
        BinaryOp::Equal | BinaryOp::NotEqual => {
            if left.is_undefined() || right.is_undefined() {
                return Ok(Value::Bool(false));
            }
            let eq = left.deep_equal(right);
            Value::Bool(if op == BinaryOp::Equal { eq } else { !eq })
        }
        BinaryOp::Less | BinaryOp::LessEqual | BinaryOp::Greater | BinaryOp::GreaterEqual => {
            let comparable =
                |v: &Value| matches!(v, Value::Undefined | Value::String(_) | Value::Number(_));
            if !comparable(left) || !comparable(right) {
                let bad = if matches!(left, Value::String(_) | Value::Number(_)) {
                    right
                } else {
                    left
                };
                return Err(Error::new(
                    "T2010",
                    format!("the expressions either side of '{}' must evaluate to numbers or strings; got {}", op.token(), describe(bad)),
                ));
            }
            let ordering = match (left, right) {
                (Value::Undefined, _) | (_, Value::Undefined) => return Ok(Value::Undefined),
                (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
                (Value::String(a), Value::String(b)) => Some(js_string_cmp(a, b)),
                _ => {
                    return Err(Error::new(
                        "T2009",
                        format!(
                            "the values {} and {} either side of '{}' must be of the same type",
                            describe(left),
                            describe(right),
                            op.token()
                        ),
                    ))
                }
            };
            use std::cmp::Ordering::*;
            Value::Bool(match (op, ordering) {
                (_, None) => false,
                (BinaryOp::Less, Some(o)) => o == Less,
                (BinaryOp::LessEqual, Some(o)) => o != Greater,
                (BinaryOp::Greater, Some(o)) => o == Greater,
                (_, Some(o)) => o != Less,
            })
        }
        BinaryOp::Concat => {
            let mut s = String::new();
            if !left.is_undefined() {
                s.push_str(&crate::stringify::string(left, false)?);
            }
            if !right.is_undefined() {
                s.push_str(&crate::stringify::string(right, false)?);
            }
            Value::string(s)
        }
        BinaryOp::Range => {
            let integer =
                |v: &Value| matches!(v, Value::Number(n) if n.fract() == 0.0 && n.is_finite());
            if !left.is_undefined() && !integer(left) {
                return Err(Error::new("T2003", format!("the left side of the range operator (..) must evaluate to an integer; got {}", describe(left))));
            }
            if !right.is_undefined() && !integer(right) {
                return Err(Error::new("T2004", format!("the right side of the range operator (..) must evaluate to an integer; got {}", describe(right))));
            }
            let (Value::Number(l), Value::Number(r)) = (left, right) else {
                return Ok(Value::Undefined);
            };
            if l > r {
                return Ok(Value::Undefined);
            }
            let size = r - l + 1.0;
            if size > MAX_RANGE {
                return Err(Error::new(
                    "D2014",
                    format!("the range operator (..) may allocate at most 1e7 items; this one asks for {}", crate::value::format_js_number(size)),
                ));
            }
            let (l, size) = (*l as i64, size as i64);
            Value::sequence((0..size).map(|i| Value::Number((l + i) as f64)).collect())
        }
        BinaryOp::In => {
            if left.is_undefined() || right.is_undefined() {
                return Ok(Value::Bool(false));
            }
            let found = match right {
                Value::Array(a) => a.items.iter().any(|v| strict_equal(left, v)),
                v => strict_equal(left, v),
            };
            Value::Bool(found)
        }
        BinaryOp::And | BinaryOp::Or => unreachable!("evaluated lazily"),
    })
}

/// JavaScript's `===`: primitives by value, objects and arrays by identity.
fn strict_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        _ => a.deep_equal(b),
    }
}

/// String order as JavaScript compares strings: by UTF-16 code units.
pub(crate) fn js_string_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    if a.is_ascii() && b.is_ascii() {
        return a.cmp(b);
    }
    a.encode_utf16().cmp(b.encode_utf16())
}
