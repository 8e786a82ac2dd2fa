//! Regular expressions in the reference's JavaScript dialect, and the match objects they return.

use std::rc::Rc;

use crate::value::{Object, Value};
use crate::Error;

/// A compiled regex literal (`/ab+/i`).
#[derive(Debug)]
pub struct Matcher {
    re: regex::Regex,
    pub source: String,
}

/// One match: byte offsets into the searched string, and the capture groups.
#[derive(Debug, Clone)]
pub struct Match {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub groups: Vec<Option<String>>,
}

/// JavaScript syntax the Rust engine spells differently, rewritten; what it lacks, refused.
fn translate(pattern: &str) -> Result<String, String> {
    let mut out = String::with_capacity(pattern.len() + 8);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(n) = chars.next() else {
                    return Err("the pattern ends with a lone '\\'".into());
                };
                match n {
                    // ASCII classes, as JavaScript's are.
                    'd' if !in_class => out.push_str("[0-9]"),
                    'D' if !in_class => out.push_str("[^0-9]"),
                    'd' => out.push_str("0-9"),
                    'w' if !in_class => out.push_str("[0-9A-Za-z_]"),
                    'W' if !in_class => out.push_str("[^0-9A-Za-z_]"),
                    'w' => out.push_str("0-9A-Za-z_"),
                    '/' => out.push('/'),
                    '1'..='9' if !in_class => {
                        return Err("back-references (\\1) are not supported".into())
                    }
                    'c' => return Err("control escapes (\\c) are not supported".into()),
                    'u' if chars.peek() == Some(&'{') => {
                        out.push_str("\\x");
                    }
                    'u' => {
                        let hex: String = chars.by_ref().take(4).collect();
                        out.push_str(&format!("\\x{{{hex}}}"));
                    }
                    other => {
                        out.push('\\');
                        out.push(other);
                    }
                }
            }
            '[' if !in_class => {
                in_class = true;
                out.push('[');
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                // `[]` matches nothing and `[^]` anything in JavaScript.
                if chars.peek() == Some(&']') {
                    chars.next();
                    in_class = false;
                    if out.ends_with("[^") {
                        out.truncate(out.len() - 2);
                        out.push_str("(?s:.)");
                    } else {
                        out.truncate(out.len() - 1);
                        out.push_str("[^\\x00-\\x{10FFFF}]");
                    }
                }
            }
            '[' => out.push_str("\\["),
            ']' if in_class => {
                in_class = false;
                out.push(']');
            }
            '(' if !in_class && chars.peek() == Some(&'?') => {
                out.push('(');
                let mut look = chars.clone();
                look.next();
                match look.next() {
                    Some('=' | '!') => return Err("lookahead assertions are not supported".into()),
                    Some('<') if matches!(look.next(), Some('=' | '!')) => {
                        return Err("lookbehind assertions are not supported".into())
                    }
                    Some('<') => {
                        chars.next();
                        out.push_str("?P");
                    }
                    _ => {}
                }
            }
            '&' | '~' | '-' if in_class && chars.peek() == Some(&c) => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    Ok(out)
}

impl Matcher {
    pub fn new(pattern: &str, flags: &str) -> Result<Matcher, Error> {
        let translated = translate(pattern).map_err(|why| {
            Error::new(
                "S0303",
                format!("regular expression /{pattern}/ is not supported: {why}"),
            )
        })?;
        let mut builder = regex::RegexBuilder::new(&translated);
        builder
            .case_insensitive(flags.contains('i'))
            .multi_line(flags.contains('m'));
        builder.size_limit(1 << 22);
        let re = builder.build().map_err(|e| {
            Error::new(
                "S0303",
                format!("invalid regular expression /{pattern}/: {e}"),
            )
        })?;
        Ok(Matcher {
            re,
            source: pattern.to_string(),
        })
    }

    /// The first match at or after byte offset `from`.
    pub fn exec(&self, s: &str, from: usize) -> Option<Match> {
        let caps = self.re.captures_at(s, from)?;
        let whole = caps.get(0)?;
        Some(Match {
            start: whole.start(),
            end: whole.end(),
            text: whole.as_str().to_string(),
            groups: caps
                .iter()
                .skip(1)
                .map(|g| g.map(|g| g.as_str().to_string()))
                .collect(),
        })
    }

    /// Every match, as the reference's repeated `next()` finds them; an empty match after
    /// the first is error D1004 (it would never advance).
    pub fn all(&self, s: &str, limit: Option<usize>) -> Result<Vec<Match>, Error> {
        let mut out = Vec::new();
        let mut next = self.exec(s, 0);
        while let Some(m) = next {
            let end = m.end;
            out.push(m);
            if limit.is_some_and(|l| out.len() >= l) || end >= s.len() {
                break;
            }
            next = self.exec(s, end);
            if next.as_ref().is_some_and(|m| m.start == m.end) {
                return Err(Error::new(
                    "D1004",
                    format!(
                        "regular expression /{}/ matches an empty string, so the search never ends",
                        self.source
                    ),
                ));
            }
        }
        Ok(out)
    }

    /// Calling the regex as a function: the reference's match object for the first match.
    pub fn call(&self, s: &str) -> Value {
        match self.exec(s, 0) {
            Some(m) => match_object(s, &m, false),
            None => Value::Undefined,
        }
    }
}

/// UTF-16 offset of a byte offset, as JavaScript counts string positions.
pub fn utf16_offset(s: &str, byte: usize) -> usize {
    s.get(..byte).map_or(0, |p| p.encode_utf16().count())
}

/// `{match, start, end, groups}` (or `{match, index, groups}` for `$match`).
pub fn match_object(s: &str, m: &Match, for_match_function: bool) -> Value {
    let mut o = Object::default();
    o.insert("match".into(), Value::string(m.text.as_str()));
    let start = Value::Number(utf16_offset(s, m.start) as f64);
    if for_match_function {
        o.insert("index".into(), start);
    } else {
        o.insert("start".into(), start);
        o.insert("end".into(), Value::Number(utf16_offset(s, m.end) as f64));
    }
    let groups = m
        .groups
        .iter()
        .map(|g| g.as_deref().map_or(Value::Undefined, Value::string))
        .collect();
    o.insert("groups".into(), Value::array(groups));
    Value::Object(Rc::new(o))
}
