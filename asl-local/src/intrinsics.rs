//! The 18 intrinsic functions of JSONPath states (`States.Format`, `States.Hash`, …), evaluated over
//! the model's intrinsic AST.

use std::collections::HashSet;
use std::rc::Rc;

use asl_model::intrinsic::{parse_intrinsic, Intrinsic, IntrinsicArg, IntrinsicCall};
use asl_model::path::JsonPath;
use base64::Engine as _;
use serde_json::{Map, Number, Value};

use crate::errors::Failure;
use crate::query::{json_eq, kind_of, read, Env, PathCache};
use crate::rng::Rng;

mod native;
pub use native::{evaluate, evaluate_with};

/// Longest string `States.Base64Encode`, `States.Base64Decode` and `States.Hash` accept (AWS: 10,000 characters).
pub const MAX_INTRINSIC_STRING: usize = 10_000;
/// Most elements `States.ArrayRange` may produce (AWS: 1,000).
pub const MAX_ARRAY_RANGE: usize = 1_000;

/// A compiled call: the model's AST with paths shared from the cache and `States.Format` templates
/// split into text and `{}` holes (escapes resolved from the source text, see [`format_templates`]).
#[derive(Debug)]
pub(crate) struct CallNode {
    function: Intrinsic,
    args: Vec<ArgNode>,
    template: Option<Vec<Piece>>,
}

#[derive(Debug)]
enum ArgNode {
    Literal(Value),
    Path(Rc<JsonPath>, String),
    Call(Box<CallNode>),
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    Hole,
}

/// Parses and compiles an intrinsic invocation (`States.Format('{}', $.a)`).
pub(crate) fn compile(src: &str, paths: &mut PathCache) -> Result<CallNode, Failure> {
    let call = parse_intrinsic(src)
        .map_err(|e| Failure::intrinsic(format!("Invalid intrinsic function call '{src}': {e}")))?;
    let mut templates = format_templates(src).into_iter();
    build(&call, paths, &mut templates)
}

fn build(
    call: &IntrinsicCall,
    paths: &mut PathCache,
    templates: &mut std::vec::IntoIter<Vec<Piece>>,
) -> Result<CallNode, Failure> {
    let template = match (call.function, call.args.first()) {
        (Intrinsic::Format, Some(IntrinsicArg::String(decoded))) => {
            Some(templates.next().unwrap_or_else(|| split_holes(decoded)))
        }
        _ => None,
    };
    let mut args = Vec::with_capacity(call.args.len());
    for a in &call.args {
        args.push(match a {
            IntrinsicArg::String(s) => ArgNode::Literal(Value::String(s.clone())),
            IntrinsicArg::Number(n) => ArgNode::Literal(Value::Number(n.clone())),
            IntrinsicArg::Bool(b) => ArgNode::Literal(Value::Bool(*b)),
            IntrinsicArg::Null => ArgNode::Literal(Value::Null),
            IntrinsicArg::Path(p) => {
                let text = p.to_string();
                ArgNode::Path(paths.get(&text)?, text)
            }
            IntrinsicArg::Call(c) => ArgNode::Call(Box::new(build(c, paths, templates)?)),
        });
    }
    Ok(CallNode {
        function: call.function,
        args,
        template,
    })
}

/// The `States.Format` template literals of an invocation, in source order (which is the pre-order
/// of the call tree), with `\{`, `\}`, `\'` and `\\` kept apart from `{}` placeholders. The model's
/// AST decodes escapes, so `'\{\}'` and `'{}'` look alike there; this reads the raw text instead.
fn format_templates(src: &str) -> Vec<Vec<Piece>> {
    const NAME: &str = "States.Format";
    let chars: Vec<char> = src.chars().collect();
    let at = |i: usize| chars.get(i).copied();
    let skip_ws = |mut i: usize| {
        while at(i).is_some_and(char::is_whitespace) {
            i += 1;
        }
        i
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(c) = at(i) {
        if c == '\'' {
            i = lex_literal(&chars, i).1;
            continue;
        }
        let is_name = NAME.chars().enumerate().all(|(k, n)| at(i + k) == Some(n));
        if is_name {
            let j = skip_ws(i + NAME.len());
            if at(j) == Some('(') {
                let k = skip_ws(j + 1);
                if at(k) == Some('\'') {
                    let (pieces, end) = lex_literal(&chars, k);
                    out.push(pieces);
                    i = end;
                    continue;
                }
            }
            i += NAME.len();
            continue;
        }
        i += 1;
    }
    out
}

/// A quoted literal starting at `start` (the quote): its pieces and the index after the closing quote.
fn lex_literal(chars: &[char], start: usize) -> (Vec<Piece>, usize) {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut i = start + 1;
    while let Some(&c) = chars.get(i) {
        match c {
            '\\' => {
                if let Some(&e) = chars.get(i + 1) {
                    text.push(e);
                }
                i += 2;
            }
            '\'' => {
                i += 1;
                break;
            }
            '{' if chars.get(i + 1) == Some(&'}') => {
                if !text.is_empty() {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                }
                pieces.push(Piece::Hole);
                i += 2;
            }
            _ => {
                text.push(c);
                i += 1;
            }
        }
    }
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    (pieces, i)
}

/// A runtime template (from a path): every `{}` is a placeholder.
fn split_holes(s: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    for (n, part) in s.split("{}").enumerate() {
        if n > 0 {
            pieces.push(Piece::Hole);
        }
        if !part.is_empty() {
            pieces.push(Piece::Text(part.to_string()));
        }
    }
    pieces
}

/// Evaluates a compiled call. `field` names the Parameters field, for messages.
pub(crate) fn eval(
    node: &CallNode,
    env: &Env<'_>,
    rng: &mut Rng,
    field: &str,
) -> Result<Value, Failure> {
    let mut args = Vec::with_capacity(node.args.len());
    for a in &node.args {
        args.push(match a {
            ArgNode::Literal(v) => v.clone(),
            ArgNode::Path(p, text) => match read(p, env) {
                Ok(r) => r.into_value().ok_or_else(|| {
                    Failure::runtime(format!(
                        "The JsonPath argument for the field '{field}' could not be found in the input '{}': {text}",
                        compact(env.input)
                    ))
                })?,
                Err(e) => return Err(Failure::runtime(e)),
            },
            ArgNode::Call(c) => eval(c, env, rng, field)?,
        });
    }
    apply(node, args, rng).map_err(|msg| {
        Failure::intrinsic(format!(
            "Invalid arguments in {}: {msg} (field '{field}')",
            node.function.name()
        ))
    })
}

pub(crate) fn compact(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn int_arg(v: &Value, what: &str) -> Result<i64, String> {
    match v {
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Ok(i),
            (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(f as i64),
            _ => Err(format!("{what} must be an integer, got {n}")),
        },
        other => Err(format!("{what} must be an integer, got {}", kind_of(other))),
    }
}

/// Rounds like Java's `Math.round` (half up), for the arguments AWS rounds.
fn rounded_arg(v: &Value, what: &str) -> Result<i64, String> {
    match v {
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => Ok(i),
            (None, Some(f)) if f.is_finite() && f.abs() < 9.0e15 => Ok((f + 0.5).floor() as i64),
            _ => Err(format!("{what} must be a number in range, got {n}")),
        },
        other => Err(format!("{what} must be a number, got {}", kind_of(other))),
    }
}

fn str_arg<'v>(v: &'v Value, what: &str) -> Result<&'v str, String> {
    v.as_str()
        .ok_or_else(|| format!("{what} must be a string, got {}", kind_of(v)))
}

fn array_arg<'v>(v: &'v Value, what: &str) -> Result<&'v Vec<Value>, String> {
    v.as_array()
        .ok_or_else(|| format!("{what} must be an array, got {}", kind_of(v)))
}

/// How `States.Format` prints a value: strings as they are, arrays `[a, b]`, objects `{k=v}`,
/// other values as JSON (Java `toString` style, as Step Functions does).
fn format_arg(v: &Value, out: &mut String) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Array(a) => {
            out.push('[');
            for (n, x) in a.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                format_arg(x, out);
            }
            out.push(']');
        }
        Value::Object(m) => {
            out.push('{');
            for (n, (k, x)) in m.iter().enumerate() {
                if n > 0 {
                    out.push_str(", ");
                }
                out.push_str(k);
                out.push('=');
                format_arg(x, out);
            }
            out.push('}');
        }
        other => out.push_str(&compact(other)),
    }
}

fn apply(node: &CallNode, args: Vec<Value>, rng: &mut Rng) -> Result<Value, String> {
    let arg = |i: usize| args.get(i).unwrap_or(&Value::Null);
    Ok(match node.function {
        Intrinsic::Format => {
            let pieces = match &node.template {
                Some(p) => p.clone(),
                None => split_holes(str_arg(arg(0), "the template (first argument)")?),
            };
            let holes = pieces.iter().filter(|p| **p == Piece::Hole).count();
            let values = args.get(1..).unwrap_or(&[]);
            if holes != values.len() {
                return Err(format!(
                    "the template has {holes} '{{}}' placeholder(s) but {} value(s) are given",
                    values.len()
                ));
            }
            let mut out = String::new();
            let mut next = values.iter();
            for p in &pieces {
                match p {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Hole => format_arg(next.next().unwrap_or(&Value::Null), &mut out),
                }
            }
            Value::String(out)
        }
        Intrinsic::StringToJson => {
            let s = str_arg(arg(0), "the argument")?;
            if s.trim().is_empty() {
                Value::Null
            } else {
                serde_json::from_str(s).map_err(|e| format!("the string is not JSON: {e}"))?
            }
        }
        Intrinsic::JsonToString => Value::String(compact(arg(0))),
        Intrinsic::Array => Value::Array(args),
        Intrinsic::ArrayPartition => {
            let a = array_arg(arg(0), "the first argument")?;
            let size = int_arg(arg(1), "the chunk size")?;
            if size < 1 {
                return Err(format!(
                    "the chunk size must be a positive integer, got {size}"
                ));
            }
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            Value::Array(a.chunks(size).map(|c| Value::Array(c.to_vec())).collect())
        }
        Intrinsic::ArrayContains => {
            let a = array_arg(arg(0), "the first argument")?;
            Value::Bool(a.iter().any(|x| json_eq(x, arg(1))))
        }
        Intrinsic::ArrayRange => {
            let start = int_arg(arg(0), "the start")?;
            let end = int_arg(arg(1), "the end")?;
            let step = int_arg(arg(2), "the step")?;
            if step == 0 {
                return Err("the step must not be 0".into());
            }
            let count = if (step > 0 && start > end) || (step < 0 && start < end) {
                0
            } else {
                (i128::from(end) - i128::from(start)) / i128::from(step) + 1
            };
            if count > MAX_ARRAY_RANGE as i128 {
                return Err(format!(
                    "the range has {count} elements; at most {MAX_ARRAY_RANGE} are allowed"
                ));
            }
            Value::Array(
                (0..count)
                    .map(|k| Value::from((i128::from(start) + k * i128::from(step)) as i64))
                    .collect(),
            )
        }
        Intrinsic::ArrayGetItem => {
            let a = array_arg(arg(0), "the first argument")?;
            let i = int_arg(arg(1), "the index")?;
            usize::try_from(i)
                .ok()
                .and_then(|u| a.get(u))
                .cloned()
                .ok_or_else(|| {
                    format!(
                        "index {i} is out of bounds for an array of length {}",
                        a.len()
                    )
                })?
        }
        Intrinsic::ArrayLength => Value::from(array_arg(arg(0), "the argument")?.len()),
        Intrinsic::ArrayUnique => {
            let a = array_arg(arg(0), "the argument")?;
            let mut seen: Vec<&Value> = Vec::new();
            let mut keys = HashSet::new();
            let mut out = Vec::new();
            for x in a {
                // Fast path on the canonical text; json_eq settles numbers written differently (1 vs 1.0).
                if keys.insert(compact(x)) && !seen.iter().any(|y| json_eq(x, y)) {
                    seen.push(x);
                    out.push(x.clone());
                }
            }
            Value::Array(out)
        }
        Intrinsic::Base64Encode => {
            let s = str_arg(arg(0), "the argument")?;
            if s.chars().count() > MAX_INTRINSIC_STRING {
                return Err(format!(
                    "the input is longer than {MAX_INTRINSIC_STRING} characters"
                ));
            }
            Value::String(base64::engine::general_purpose::STANDARD.encode(s.as_bytes()))
        }
        Intrinsic::Base64Decode => {
            let s = str_arg(arg(0), "the argument")?;
            if s.chars().count() > MAX_INTRINSIC_STRING {
                return Err(format!(
                    "the input is longer than {MAX_INTRINSIC_STRING} characters"
                ));
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(s.as_bytes())
                .map_err(|e| format!("the input is not Base64: {e}"))?;
            Value::String(
                String::from_utf8(bytes)
                    .map_err(|_| "the decoded bytes are not UTF-8 text".to_string())?,
            )
        }
        Intrinsic::Hash => {
            let data = str_arg(arg(0), "the data (first argument)")?;
            if data.chars().count() > MAX_INTRINSIC_STRING {
                return Err(format!(
                    "the input is longer than {MAX_INTRINSIC_STRING} characters"
                ));
            }
            let alg = str_arg(arg(1), "the algorithm")?;
            Value::String(hash_hex(alg, data.as_bytes()).ok_or_else(|| {
                format!("'{alg}' is not a supported algorithm; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512")
            })?)
        }
        Intrinsic::JsonMerge => {
            let (Value::Object(a), Value::Object(b)) = (arg(0), arg(1)) else {
                return Err(format!(
                    "both objects to merge must be JSON objects, got {} and {}",
                    kind_of(arg(0)),
                    kind_of(arg(1))
                ));
            };
            match arg(2) {
                Value::Bool(false) => {}
                Value::Bool(true) => return Err(
                    "deep merge (true) is not supported; Step Functions merges shallowly (false)"
                        .into(),
                ),
                other => {
                    return Err(format!(
                        "the third argument must be the boolean false, got {}",
                        kind_of(other)
                    ))
                }
            }
            let mut out: Map<String, Value> = a.clone();
            for (k, v) in b {
                out.insert(k.clone(), v.clone());
            }
            Value::Object(out)
        }
        Intrinsic::MathRandom => {
            let start = rounded_arg(arg(0), "the start")?;
            let end = rounded_arg(arg(1), "the end")?;
            if start > end {
                return Err(format!(
                    "the start ({start}) is greater than the end ({end})"
                ));
            }
            let n = match args.get(2) {
                Some(seed) => {
                    let seed = int_arg(seed, "the seed")?;
                    Rng::new(seed as u64).range_inclusive(start, end)
                }
                None => rng.intrinsic_range(start, end),
            };
            Value::from(n)
        }
        Intrinsic::MathAdd => {
            let a = rounded_arg(arg(0), "the first number")?;
            let b = rounded_arg(arg(1), "the second number")?;
            let range = i64::from(i32::MIN)..=i64::from(i32::MAX);
            if !range.contains(&a) || !range.contains(&b) {
                return Err("the numbers must be between -2147483648 and 2147483647".into());
            }
            Value::Number(Number::from(a + b))
        }
        Intrinsic::StringSplit => {
            let s = str_arg(arg(0), "the string")?;
            let delims = str_arg(arg(1), "the delimiters")?;
            if delims.is_empty() {
                Value::Array(if s.is_empty() {
                    vec![]
                } else {
                    vec![Value::String(s.to_string())]
                })
            } else {
                Value::Array(
                    s.split(|c| delims.contains(c))
                        .filter(|p| !p.is_empty())
                        .map(|p| Value::String(p.to_string()))
                        .collect(),
                )
            }
        }
        Intrinsic::Uuid => Value::String(rng.intrinsic_uuid()),
    })
}

fn hash_hex(alg: &str, data: &[u8]) -> Option<String> {
    use sha2::Digest;
    let bytes: Vec<u8> = match alg {
        "MD5" => md5::Md5::digest(data).to_vec(),
        "SHA-1" => sha1::Sha1::digest(data).to_vec(),
        "SHA-256" => sha2::Sha256::digest(data).to_vec(),
        "SHA-384" => sha2::Sha384::digest(data).to_vec(),
        "SHA-512" => sha2::Sha512::digest(data).to_vec(),
        _ => return None,
    };
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_templates_keep_escapes_apart() {
        let t = format_templates(r"States.Format('a\{\}b {} \'q\' \\', $.x)");
        assert_eq!(
            t,
            vec![vec![
                Piece::Text("a{}b ".into()),
                Piece::Hole,
                Piece::Text(" 'q' \\".into())
            ]]
        );
        let nested = format_templates(
            r"States.Array(States.Format('{}', 1), 'States.Format(', States.Format( 'x{}' , 2))",
        );
        assert_eq!(
            nested,
            vec![
                vec![Piece::Hole],
                vec![Piece::Text("x".into()), Piece::Hole]
            ]
        );
        assert!(format_templates("States.Format($.t, 1)").is_empty());
    }

    #[test]
    fn hashes() {
        assert_eq!(
            hash_hex("MD5", b"hello").as_deref(),
            Some("5d41402abc4b2a76b9719d911017c592")
        );
        assert_eq!(
            hash_hex("SHA-1", b"hello").as_deref(),
            Some("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")
        );
        assert_eq!(
            hash_hex("SHA-256", b"hello").as_deref(),
            Some("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
        );
        assert_eq!(hash_hex("SHA-3", b"hello"), None);
    }
}
