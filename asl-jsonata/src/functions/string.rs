//! String built-ins: `$string`, `$length`, `$substring…`, case, `$trim`, `$pad`, `$contains`,
//! `$split`, `$join`, `$match`, `$replace`, base64.

use super::{Builtin, Function, Host};
use crate::regex::{match_object, Match};
use crate::value::Value;
use crate::Error;

pub(crate) const FUNCTIONS: &[Builtin] = &[
    Builtin {
        name: "string",
        signature: "<x-b?:s>",
        run: string,
    },
    Builtin {
        name: "length",
        signature: "<s-:n>",
        run: length,
    },
    Builtin {
        name: "substring",
        signature: "<s-nn?:s>",
        run: substring,
    },
    Builtin {
        name: "substringBefore",
        signature: "<s-s:s>",
        run: substring_before,
    },
    Builtin {
        name: "substringAfter",
        signature: "<s-s:s>",
        run: substring_after,
    },
    Builtin {
        name: "uppercase",
        signature: "<s-:s>",
        run: uppercase,
    },
    Builtin {
        name: "lowercase",
        signature: "<s-:s>",
        run: lowercase,
    },
    Builtin {
        name: "trim",
        signature: "<s-:s>",
        run: trim,
    },
    Builtin {
        name: "pad",
        signature: "<s-ns?:s>",
        run: pad,
    },
    Builtin {
        name: "contains",
        signature: "<s-(sf):b>",
        run: contains,
    },
    Builtin {
        name: "split",
        signature: "<s-(sf)n?:a<s>>",
        run: split,
    },
    Builtin {
        name: "join",
        signature: "<a<s>s?:s>",
        run: join,
    },
    Builtin {
        name: "match",
        signature: "<s-f<s:o>n?:a<o>>",
        run: match_,
    },
    Builtin {
        name: "replace",
        signature: "<s-(sf)(sf)n?:s>",
        run: replace,
    },
    Builtin {
        name: "base64encode",
        signature: "<s-:s>",
        run: base64encode,
    },
    Builtin {
        name: "base64decode",
        signature: "<s-:s>",
        run: base64decode,
    },
];

pub(crate) fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Undefined)
}

fn text(args: &[Value], i: usize) -> Option<&str> {
    arg(args, i).as_str()
}

fn number(args: &[Value], i: usize) -> Option<f64> {
    arg(args, i).as_number()
}

fn string(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let v = arg(args, 0);
    if v.is_undefined() {
        return Ok(Value::Undefined);
    }
    let pretty = matches!(arg(args, 1), Value::Bool(true));
    Ok(Value::string(crate::stringify::string(v, pretty)?))
}

fn length(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(text(args, 0).map_or(
        Value::Undefined,
        |s| Value::Number(s.chars().count() as f64),
    ))
}

/// JavaScript's `Array.prototype.slice` index rules over a length.
fn slice_index(i: f64, len: usize) -> usize {
    let i = if i.is_nan() { 0.0 } else { i.trunc() };
    if i < 0.0 {
        (len as f64 + i).max(0.0) as usize
    } else {
        (i as usize).min(len)
    }
}

fn substring(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    let chars: Vec<char> = s.chars().collect();
    let len = chars.len();
    let mut start = number(args, 1).unwrap_or(0.0);
    if len as f64 + start < 0.0 {
        start = 0.0;
    }
    let from = slice_index(start, len);
    let to = match number(args, 2) {
        Some(l) if l <= 0.0 => return Ok(Value::string("")),
        Some(l) => {
            let end = if start >= 0.0 {
                start + l
            } else {
                len as f64 + start + l
            };
            slice_index(end, len)
        }
        None => len,
    };
    Ok(Value::string(if from < to {
        chars[from..to].iter().collect::<String>()
    } else {
        String::new()
    }))
}

fn substring_before(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let (Some(s), Some(chars)) = (text(args, 0), text(args, 1)) else {
        return Ok(text(args, 0).map_or(Value::Undefined, Value::string));
    };
    Ok(Value::string(s.find(chars).map_or(s, |p| &s[..p])))
}

fn substring_after(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let (Some(s), Some(chars)) = (text(args, 0), text(args, 1)) else {
        return Ok(text(args, 0).map_or(Value::Undefined, Value::string));
    };
    Ok(Value::string(
        s.find(chars).map_or(s, |p| &s[p + chars.len()..]),
    ))
}

fn uppercase(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(text(args, 0).map_or(Value::Undefined, |s| Value::string(s.to_uppercase())))
}

fn lowercase(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(text(args, 0).map_or(Value::Undefined, |s| Value::string(s.to_lowercase())))
}

fn trim(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    Ok(Value::string(out))
}

fn pad(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    let width = number(args, 1).unwrap_or(0.0);
    let fill = match text(args, 2) {
        Some(c) if !c.is_empty() => c,
        _ => " ",
    };
    let pad_len = width.abs().trunc() - s.chars().count() as f64;
    if pad_len <= 0.0 {
        return Ok(Value::string(s));
    }
    let padding: String = fill.chars().cycle().take(pad_len as usize).collect();
    Ok(Value::string(if width > 0.0 {
        format!("{s}{padding}")
    } else {
        format!("{padding}{s}")
    }))
}

/// Every match of `matcher` in `s`: a regex, or a function that returns the reference's
/// match objects (`{match, start, end, groups, next}`).
pub(crate) fn find_matches(
    host: &mut dyn Host,
    matcher: &Value,
    s: &str,
    limit: Option<usize>,
) -> Result<Vec<Match>, Error> {
    if let Value::Function(f) = matcher {
        if let Function::Regex(m) = &**f {
            return m.all(s, limit);
        }
    }
    let byte_at = |i: f64| {
        s.char_indices()
            .nth(i.max(0.0) as usize)
            .map_or(s.len(), |(b, _)| b)
    };
    let mut out = Vec::new();
    let mut result = host.apply(matcher, &[Value::string(s)])?;
    while limit.is_none_or(|l| out.len() < l) {
        let Value::Object(o) = &result else {
            if result.is_undefined() {
                break;
            }
            return Err(Error::new("T1010", "the matcher function does not return a match object ({match, start, end, groups, next})"));
        };
        let start = o.get("start").and_then(Value::as_number);
        let next = o.get("next").cloned();
        if start.is_none()
            && !o.get("groups").is_some_and(Value::is_array)
            && !next.as_ref().is_some_and(Value::is_function)
        {
            return Err(Error::new("T1010", "the matcher function does not return a match object ({match, start, end, groups, next})"));
        }
        let text = o
            .get("match")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        let start_b = byte_at(start.unwrap_or(0.0));
        let end_b = o
            .get("end")
            .and_then(Value::as_number)
            .map_or(start_b + text.len(), byte_at);
        let groups = o
            .get("groups")
            .map(|g| {
                g.members()
                    .iter()
                    .map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        out.push(Match {
            start: start_b,
            end: end_b,
            text,
            groups,
        });
        match next {
            Some(n) if n.is_function() => result = host.apply(&n, &[])?,
            _ => break,
        }
        host.check_time()?;
    }
    Ok(out)
}

fn contains(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    Ok(Value::Bool(match arg(args, 1) {
        Value::String(t) => s.contains(&**t),
        m => !find_matches(host, m, s, Some(1))?.is_empty(),
    }))
}

fn limit_arg(
    args: &[Value],
    i: usize,
    code: &'static str,
    what: &str,
) -> Result<Option<usize>, Error> {
    match number(args, i) {
        Some(l) if l < 0.0 => Err(Error::new(
            code,
            format!("the {what} argument must be a positive number"),
        )),
        Some(l) => Ok(Some(l.trunc() as usize)),
        None => Ok(None),
    }
}

fn split(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    let limit = limit_arg(args, 2, "D3020", "third (limit)")?;
    if limit == Some(0) {
        return Ok(Value::array(Vec::new()));
    }
    let mut parts: Vec<String> = Vec::new();
    match arg(args, 1) {
        Value::String(sep) if sep.is_empty() => parts = s.chars().map(String::from).collect(),
        Value::String(sep) => parts = s.split(&**sep).map(String::from).collect(),
        m => {
            let matches = find_matches(host, m, s, limit)?;
            let mut start = 0;
            for m in &matches {
                parts.push(s.get(start..m.start).unwrap_or("").to_string());
                start = m.end;
            }
            if limit.is_none_or(|l| matches.len() < l) {
                parts.push(s.get(start..).unwrap_or("").to_string());
            }
        }
    }
    if let Some(l) = limit {
        parts.truncate(l);
    }
    Ok(Value::array(parts.into_iter().map(Value::string).collect()))
}

fn join(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let strings = arg(args, 0);
    if strings.is_undefined() {
        return Ok(Value::Undefined);
    }
    let sep = text(args, 1).unwrap_or("");
    let parts: Vec<String> = strings
        .members()
        .iter()
        .filter_map(|v| v.as_str().map(String::from))
        .collect();
    Ok(Value::string(parts.join(sep)))
}

fn match_(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    let limit = limit_arg(args, 2, "D3040", "third (limit)")?;
    if limit == Some(0) {
        return Ok(Value::sequence(Vec::new()));
    }
    let matches = find_matches(host, arg(args, 1), s, limit)?;
    Ok(Value::sequence(
        matches.iter().map(|m| match_object(s, m, true)).collect(),
    ))
}

/// A replacement string's `$0`, `$1`…, `$$` filled in from a match, as the reference reads them.
fn substitute(replacement: &str, m: &Match) -> String {
    let bytes = replacement.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    let groups = m.groups.len();
    while i < bytes.len() {
        let Some(off) = replacement[i..].find('$') else {
            out.push_str(&replacement[i..]);
            break;
        };
        out.push_str(&replacement[i..i + off]);
        i += off + 1;
        match bytes.get(i) {
            Some(b'$') => {
                out.push('$');
                i += 1;
            }
            Some(b'0') => {
                out.push_str(&m.text);
                i += 1;
            }
            _ => {
                let max_digits = if groups == 0 {
                    1
                } else {
                    (groups as f64).log10().floor() as usize + 1
                };
                let digits: String = replacement[i..]
                    .chars()
                    .take(max_digits)
                    .take_while(char::is_ascii_digit)
                    .collect();
                let mut index: Option<usize> = digits.parse().ok();
                if max_digits > 1 && index.is_some_and(|n| n > groups) {
                    index = digits
                        .get(..digits.len().saturating_sub(1))
                        .and_then(|d| d.parse().ok());
                }
                match index {
                    Some(n) => {
                        if n >= 1 {
                            if let Some(Some(g)) = m.groups.get(n - 1) {
                                out.push_str(g);
                            }
                        }
                        i += n.to_string().len();
                    }
                    None => out.push('$'),
                }
            }
        }
    }
    out
}

fn replace(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    let pattern = arg(args, 1);
    if pattern.as_str() == Some("") {
        return Err(Error::new(
            "D3010",
            "the second argument of $replace (the pattern) cannot be an empty string",
        ));
    }
    let limit = limit_arg(args, 3, "D3011", "fourth (limit)")?;
    let replacement = arg(args, 2);
    if limit == Some(0) {
        return Ok(Value::string(s));
    }
    if let Value::String(p) = pattern {
        let with = replacement.as_str().unwrap_or("");
        let mut out = String::new();
        let mut rest = s;
        let mut count = 0;
        while let Some(at) = rest.find(&**p) {
            if limit.is_some_and(|l| count >= l) {
                break;
            }
            out.push_str(&rest[..at]);
            out.push_str(with);
            rest = &rest[at + p.len()..];
            count += 1;
        }
        out.push_str(rest);
        return Ok(Value::string(out));
    }
    let matches = find_matches(host, pattern, s, limit)?;
    let mut out = String::new();
    let mut position = 0;
    for m in &matches {
        out.push_str(s.get(position..m.start).unwrap_or(""));
        match replacement {
            Value::String(r) => out.push_str(&substitute(r, m)),
            f => match host.apply(f, &[match_object(s, m, false)])? {
                Value::String(r) => out.push_str(&r),
                other => {
                    return Err(Error::new(
                        "D3012",
                        format!(
                        "the replacement function of $replace must return a string; it returned {}",
                        crate::eval::describe(&other)
                    ),
                    ))
                }
            },
        }
        position = m.end;
    }
    out.push_str(s.get(position..).unwrap_or(""));
    Ok(Value::string(out))
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn base64encode(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    // Node's `Buffer.from(str, 'binary')`: the low byte of each UTF-16 code unit.
    let bytes: Vec<u8> = s.encode_utf16().map(|unit| unit as u8).collect();
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (chunk[0] as u32) << 16
            | (*chunk.get(1).unwrap_or(&0) as u32) << 8
            | *chunk.get(2).unwrap_or(&0) as u32;
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    Ok(Value::string(out))
}

fn base64decode(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = text(args, 0) else {
        return Ok(Value::Undefined);
    };
    // Node's `Buffer.from(str, 'base64').toString('binary')`: the URL-safe letters count,
    // other characters are skipped, `=` ends the data, and each byte becomes one character.
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = String::new();
    for c in s.chars().take_while(|c| *c != '=') {
        let v = match c {
            '-' => 62,
            '_' => 63,
            c => match BASE64.iter().position(|b| *b as char == c) {
                Some(v) => v as u32,
                None => continue,
            },
        };
        bits = (bits << 6 | v) & 0xFFFF;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(char::from((bits >> count) as u8));
        }
    }
    Ok(Value::string(out))
}
