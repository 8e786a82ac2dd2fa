//! Choice rules: every comparison operator, `StringMatches`, the type tests, and And/Or/Not.

use std::cmp::Ordering;

use asl_model::{CompareKind, CompareOp, Condition, Operand, Test};
use serde_json::Value;

use crate::clock::parse_rfc3339;
use crate::errors::{names, Failure};
use crate::query::{num_cmp, read, Env, Read};
use crate::template::Evaluator;

/// Whether a rule's condition holds for `env.input`.
///
/// A `Variable` (or a `…Path` operand) that names nothing fails with `States.Runtime`, except under
/// `IsPresent`. A value of the wrong type for the operator makes the comparison false.
pub(crate) fn holds(cond: &Condition, env: &Env<'_>, ev: &mut Evaluator) -> Result<bool, Failure> {
    match cond {
        Condition::And(cs) => {
            for c in cs {
                if !holds(c, env, ev)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Condition::Or(cs) => {
            for c in cs {
                if holds(c, env, ev)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Condition::Not(c) => Ok(!holds(c, env, ev)?),
        Condition::Jsonata(_) => Err(Failure::new(
            names::UNSUPPORTED,
            "not yet supported by asl-local: JSONata",
        )),
        Condition::Test { variable, test } => {
            let path = ev.paths.get(variable)?;
            let read = read(&path, env).map_err(Failure::runtime)?;
            let value: Option<std::borrow::Cow<'_, Value>> = match read {
                Read::One(v) => Some(std::borrow::Cow::Borrowed(v)),
                Read::Many(vs) => Some(std::borrow::Cow::Owned(Value::Array(
                    vs.into_iter().cloned().collect(),
                ))),
                Read::Absent => None,
            };
            if let Test::IsPresent(expected) = test {
                return Ok(value.is_some() == *expected);
            }
            let Some(value) = value else {
                return Err(Failure::runtime(format!(
                    "Invalid path '{variable}': The choice state's condition path references an invalid value."
                )));
            };
            test_value(test, &value, env, ev)
        }
    }
}

fn test_value(test: &Test, v: &Value, env: &Env<'_>, ev: &mut Evaluator) -> Result<bool, Failure> {
    Ok(match test {
        Test::IsPresent(_) => true,
        Test::IsNull(b) => v.is_null() == *b,
        Test::IsNumeric(b) => v.is_number() == *b,
        Test::IsString(b) => v.is_string() == *b,
        Test::IsBoolean(b) => v.is_boolean() == *b,
        Test::IsTimestamp(b) => v.as_str().is_some_and(|s| parse_rfc3339(s).is_some()) == *b,
        Test::StringMatches(pattern) => v.as_str().is_some_and(|s| glob_matches(pattern, s)),
        Test::Compare { kind, op, operand } => {
            let rhs: Value = match operand {
                Operand::String(s) => Value::String(s.clone()),
                Operand::Number(n) => Value::Number(n.clone()),
                Operand::Bool(b) => Value::Bool(*b),
                Operand::Path(p) => ev.path(p, env)?.ok_or_else(|| {
                    Failure::runtime(format!(
                        "Invalid path '{p}': The choice state's condition path references an invalid value."
                    ))
                })?,
            };
            let ord = match (kind, v, &rhs) {
                (CompareKind::String, Value::String(a), Value::String(b)) => Some(utf16_cmp(a, b)),
                (CompareKind::Numeric, Value::Number(a), Value::Number(b)) => num_cmp(a, b),
                (CompareKind::Boolean, Value::Bool(a), Value::Bool(b)) => Some(a.cmp(b)),
                (CompareKind::Timestamp, Value::String(a), Value::String(b)) => {
                    match (parse_rfc3339(a), parse_rfc3339(b)) {
                        (Some(x), Some(y)) => Some(x.cmp(&y)),
                        _ => None,
                    }
                }
                _ => None,
            };
            match (ord, op) {
                (None, _) => false,
                (Some(o), CompareOp::Equals) => o == Ordering::Equal,
                (Some(o), CompareOp::LessThan) => o == Ordering::Less,
                (Some(o), CompareOp::GreaterThan) => o == Ordering::Greater,
                (Some(o), CompareOp::LessThanEquals) => o != Ordering::Greater,
                (Some(o), CompareOp::GreaterThanEquals) => o != Ordering::Less,
            }
        }
    })
}

/// String order as Step Functions (Java) compares: by UTF-16 code units.
fn utf16_cmp(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

#[derive(Debug, PartialEq)]
enum Tok {
    Star,
    Char(char),
}

/// `StringMatches`: `*` matches any run of characters; `\*` is a literal star and `\\` a backslash.
pub(crate) fn glob_matches(pattern: &str, s: &str) -> bool {
    let mut toks = Vec::new();
    let mut it = pattern.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => toks.push(Tok::Char(it.next().unwrap_or('\\'))),
            '*' => toks.push(Tok::Star),
            c => toks.push(Tok::Char(c)),
        }
    }
    let text: Vec<char> = s.chars().collect();
    // Greedy match with single-star backtracking: linear in practice, no recursion.
    let (mut p, mut t) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match toks.get(p) {
            Some(Tok::Char(c)) if *c == text[t] => {
                p += 1;
                t += 1;
            }
            Some(Tok::Star) => {
                star = Some((p, t));
                p += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    p = sp + 1;
                    t = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    toks[p.min(toks.len())..].iter().all(|t| *t == Tok::Star)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_matches("log-*.txt", "log-2024.txt"));
        assert!(glob_matches("*", ""));
        assert!(glob_matches("*.log", "a.b.log"));
        assert!(!glob_matches("*.log", "a.log.txt"));
        assert!(glob_matches("a\\*b", "a*b"));
        assert!(!glob_matches("a\\*b", "axb"));
        assert!(glob_matches("a\\\\b", "a\\b"));
        assert!(glob_matches("a*b*c", "aXbYbZc"));
        assert!(!glob_matches("abc", "abcd"));
        assert!(glob_matches("", ""));
        assert!(!glob_matches("", "x"));
    }

    #[test]
    fn utf16_order() {
        // U+FF61 sorts after U+1F600 by code point, before it in UTF-16 (surrogates are 0xD83D…).
        assert_eq!(utf16_cmp("\u{FF61}", "\u{1F600}"), Ordering::Greater);
        assert_eq!("\u{FF61}".cmp("\u{1F600}"), Ordering::Less);
    }
}
