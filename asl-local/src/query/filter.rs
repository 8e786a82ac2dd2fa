//! Filter expressions `[?(…)]`: their operands and comparisons, with JSON equality and numeric ordering as Step Functions applies them.

use std::borrow::Cow;
use std::cmp::Ordering;

use asl_model::path::{FilterExpr, FilterOp, FilterOperand, Segment};
use serde_json::{Number, Value};

use super::*;

fn operand<'v>(
    op: &'v FilterOperand,
    current: &'v Value,
    env: &'v Env<'_>,
) -> Result<Option<Cow<'v, Value>>, String> {
    Ok(match op {
        FilterOperand::Current(segs) => {
            if segs
                .iter()
                .all(|s| matches!(s, Segment::Field(_) | Segment::Index(_)))
            {
                resolve(current, segs).map(Cow::Borrowed)
            } else {
                let mut nodes = vec![current];
                for seg in segs {
                    nodes = step(nodes, seg, env)?;
                }
                Some(Cow::Owned(Value::Array(
                    nodes.into_iter().cloned().collect(),
                )))
            }
        }
        FilterOperand::Path(p) => match read(p, env)? {
            Read::One(v) => Some(Cow::Borrowed(v)),
            Read::Many(vs) => Some(Cow::Owned(Value::Array(vs.into_iter().cloned().collect()))),
            Read::Absent => None,
        },
        FilterOperand::Literal(v) => Some(Cow::Borrowed(v)),
        FilterOperand::Regex { .. } => {
            return Err("regular-expression filters (=~) are not supported by asl-local".into())
        }
    })
}

pub(super) fn holds(expr: &FilterExpr, current: &Value, env: &Env<'_>) -> Result<bool, String> {
    Ok(match expr {
        FilterExpr::Exists(op) => match op {
            FilterOperand::Literal(v) => !matches!(v, Value::Null | Value::Bool(false)),
            _ => operand(op, current, env)?.is_some(),
        },
        FilterExpr::Not(inner) => !holds(inner, current, env)?,
        FilterExpr::And(a, b) => holds(a, current, env)? && holds(b, current, env)?,
        FilterExpr::Or(a, b) => holds(a, current, env)? || holds(b, current, env)?,
        FilterExpr::Compare { left, op, right } => {
            let (Some(l), Some(r)) = (operand(left, current, env)?, operand(right, current, env)?)
            else {
                return Ok(false);
            };
            match op {
                FilterOp::Eq => json_eq(&l, &r),
                FilterOp::Ne => !json_eq(&l, &r),
                FilterOp::Matches => {
                    return Err(
                        "regular-expression filters (=~) are not supported by asl-local".into(),
                    )
                }
                FilterOp::Lt | FilterOp::Le | FilterOp::Gt | FilterOp::Ge => {
                    let ord = match (&*l, &*r) {
                        (Value::Number(a), Value::Number(b)) => num_cmp(a, b),
                        (Value::String(a), Value::String(b)) => Some(a.cmp(b)),
                        _ => None,
                    };
                    match (ord, op) {
                        (Some(o), FilterOp::Lt) => o == Ordering::Less,
                        (Some(o), FilterOp::Le) => o != Ordering::Greater,
                        (Some(o), FilterOp::Gt) => o == Ordering::Greater,
                        (Some(o), FilterOp::Ge) => o != Ordering::Less,
                        _ => false,
                    }
                }
            }
        }
    })
}

/// Numeric order: exact for integers, IEEE-754 otherwise.
pub(crate) fn num_cmp(a: &Number, b: &Number) -> Option<Ordering> {
    if let (Some(x), Some(y)) = (a.as_i64(), b.as_i64()) {
        return Some(x.cmp(&y));
    }
    if let (Some(x), Some(y)) = (a.as_u64(), b.as_u64()) {
        return Some(x.cmp(&y));
    }
    // A negative integer against one beyond i64::MAX.
    if a.as_i64().is_some() && b.as_u64().is_some() {
        return Some(Ordering::Less);
    }
    if a.as_u64().is_some() && b.as_i64().is_some() {
        return Some(Ordering::Greater);
    }
    a.as_f64()?.partial_cmp(&b.as_f64()?)
}

/// JSON equality where numbers compare by value (`1 == 1.0`).
pub(crate) fn json_eq(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => num_cmp(x, y) == Some(Ordering::Equal),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_eq(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}
