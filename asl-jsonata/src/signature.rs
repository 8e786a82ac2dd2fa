//! Function signatures (`<a<n>s?:n>`): parsing, and checking and coercing arguments against them.
//!
//! As in the reference, a signature is a pattern over one symbol per argument (`s` string,
//! `n` number, `b` boolean, `l` null, `a` array, `o` object, `f` function, `m` missing):
//! arguments match when their symbols match it, a missing `-` argument is the context, and a
//! single value passed where an array is expected becomes a one-item array.

use crate::value::Value;
use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Quantity {
    One,
    Optional,
    OneOrMore,
}

#[derive(Debug, Clone)]
struct Param {
    /// The symbols this parameter accepts (`m` for an undefined argument).
    accepts: String,
    /// The declared type: `s`, `a`, `(sf)` …
    kind: String,
    quantity: Quantity,
    /// `-`: use the context when the argument is not supplied.
    context: Option<String>,
    /// `a<n>`: the type of the array's items.
    subtype: Option<String>,
}

/// A parsed signature.
#[derive(Debug, Clone)]
pub struct Signature {
    params: Vec<Param>,
}

/// How many parameters a signature declares.
pub fn parameter_count(signature: &str) -> usize {
    Signature::parse(signature).map_or(0, |s| s.params.len())
}

fn symbol(value: &Value) -> char {
    match value {
        Value::Undefined => 'm',
        Value::Null => 'l',
        Value::Bool(_) => 'b',
        Value::Number(_) => 'n',
        Value::String(_) => 's',
        Value::Array(_) => 'a',
        Value::Object(_) => 'o',
        Value::Function(_) => 'f',
    }
}

fn closing(chars: &[char], start: usize, open: char, close: char) -> usize {
    let mut depth = 1;
    let mut at = start;
    while at < chars.len() {
        at += 1;
        match chars.get(at) {
            Some(c) if *c == close => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Some(c) if *c == open => depth += 1,
            _ => {}
        }
    }
    at
}

impl Signature {
    /// Parse `<…>`; errors are S0401/S0402 with the offset into the signature.
    pub fn parse(signature: &str) -> Result<Signature, Error> {
        let chars: Vec<char> = signature.chars().collect();
        let mut params: Vec<Param> = Vec::new();
        let mut at = 1;
        while at < chars.len() {
            let c = chars[at];
            let simple = |accepts: &str, kind: String| Param {
                accepts: accepts.into(),
                kind,
                quantity: Quantity::One,
                context: None,
                subtype: None,
            };
            match c {
                ':' => break,
                's' | 'n' | 'b' | 'l' | 'o' => params.push(simple(&format!("{c}m"), c.into())),
                'a' | 'x' => params.push(simple("asnblfom", c.into())),
                'f' => params.push(simple("f", c.into())),
                'j' => params.push(simple("asnblom", c.into())),
                '-' => {
                    if let Some(p) = params.last_mut() {
                        p.context = Some(p.accepts.clone());
                        p.quantity = Quantity::Optional;
                    }
                }
                '?' => {
                    if let Some(p) = params.last_mut() {
                        p.quantity = Quantity::Optional;
                    }
                }
                '+' => {
                    if let Some(p) = params.last_mut() {
                        p.quantity = Quantity::OneOrMore;
                    }
                }
                '(' => {
                    let end = closing(&chars, at, '(', ')');
                    let choice: String = chars[at + 1..end.min(chars.len())].iter().collect();
                    if choice.contains('<') {
                        return Err(Error::new(
                            "S0402",
                            "choice groups with parameterized types such as (a<n>) are not supported in a signature",
                        )
                        .at(at));
                    }
                    params.push(simple(&format!("{choice}m"), format!("({choice})")));
                    at = end;
                }
                '<' => match params.last_mut() {
                    Some(p) if p.kind == "a" || p.kind == "f" => {
                        let end = closing(&chars, at, '<', '>');
                        p.subtype = Some(chars[at + 1..end.min(chars.len())].iter().collect());
                        at = end;
                    }
                    _ => {
                        return Err(Error::new(
                            "S0401",
                            "a type parameter <…> in a signature can only follow 'a' (array) or 'f' (function)",
                        )
                        .at(at))
                    }
                },
                _ => {}
            }
            at += 1;
        }
        Ok(Signature { params })
    }

    pub fn len(&self) -> usize {
        self.params.len()
    }

    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// Match symbols against params `from..`, greedily with backtracking as a regex does;
    /// `anchored`: the whole string must be consumed. Returns each param's (start, end).
    fn matches(
        &self,
        symbols: &[char],
        upto: usize,
        anchored: bool,
    ) -> Option<Vec<(usize, usize)>> {
        fn go(
            params: &[Param],
            symbols: &[char],
            pos: usize,
            anchored: bool,
            spans: &mut Vec<(usize, usize)>,
        ) -> bool {
            let Some((p, rest)) = params.split_first() else {
                return !anchored || pos == symbols.len();
            };
            let run = symbols[pos..]
                .iter()
                .take_while(|s| p.accepts.contains(**s))
                .count();
            let (min, max) = match p.quantity {
                Quantity::One => (1, 1),
                Quantity::Optional => (0, 1),
                Quantity::OneOrMore => (1, usize::MAX),
            };
            let mut take = run.min(max);
            loop {
                if take < min {
                    return false;
                }
                spans.push((pos, pos + take));
                if go(rest, symbols, pos + take, anchored, spans) {
                    return true;
                }
                spans.pop();
                if take == 0 {
                    return false;
                }
                take -= 1;
            }
        }
        let mut spans = Vec::new();
        go(&self.params[..upto], symbols, 0, anchored, &mut spans).then_some(spans)
    }

    /// Check `args` against the signature and return them coerced: the context for a
    /// missing `-` argument, a one-item array for a single value where `a` is expected.
    pub fn validate(&self, args: &[Value], context: &Value) -> Result<Vec<Value>, Error> {
        let symbols: Vec<char> = args.iter().map(symbol).collect();
        let Some(spans) = self.matches(&symbols, self.params.len(), true) else {
            return Err(self.mismatch(args, &symbols));
        };
        let mut out = Vec::with_capacity(self.params.len());
        let mut index = 0;
        for (param, (start, end)) in self.params.iter().zip(spans) {
            if start == end {
                if let Some(accepts) = &param.context {
                    if !accepts.contains(symbol(context)) {
                        return Err(Error::new(
                            "T0411",
                            format!(
                                "the context value is not a compatible type with argument {} of the function",
                                index + 1
                            ),
                        ));
                    }
                    out.push(context.clone());
                } else {
                    out.push(args.get(index).cloned().unwrap_or_default());
                    index += 1;
                }
                continue;
            }
            for at in start..end {
                let arg = &args[at];
                let single = symbols[at];
                if param.kind == "a" {
                    if single == 'm' {
                        out.push(Value::Undefined);
                    } else {
                        if let Some(sub) = &param.subtype {
                            let ok = if single != 'a' {
                                single.to_string() == *sub
                            } else {
                                let items =
                                    &arg.as_array().map(|a| a.items.as_slice()).unwrap_or(&[]);
                                match items.first() {
                                    None => true,
                                    Some(first) => {
                                        let t = symbol(first);
                                        sub.starts_with(t) && items.iter().all(|v| symbol(v) == t)
                                    }
                                }
                            };
                            if !ok {
                                return Err(Error::new(
                                    "T0412",
                                    format!(
                                        "argument {} of the function must be an array of {}",
                                        at + 1,
                                        plural(sub)
                                    ),
                                ));
                            }
                        }
                        out.push(if single == 'a' {
                            arg.clone()
                        } else {
                            Value::array(vec![arg.clone()])
                        });
                    }
                } else {
                    out.push(arg.clone());
                }
                index += 1;
            }
        }
        Ok(out)
    }

    fn mismatch(&self, args: &[Value], symbols: &[char]) -> Error {
        let mut good = 0;
        for upto in 1..=self.params.len() {
            match self.matches(symbols, upto, false) {
                None => break,
                Some(spans) => good = spans.last().map_or(0, |s| s.1),
            }
        }
        let shown = args
            .get(good)
            .and_then(Value::to_json)
            .map(|j| j.to_string());
        Error::new(
            "T0410",
            format!(
                "argument {} of the function does not match its signature{}",
                good + 1,
                shown.map(|s| format!(" (got {s})")).unwrap_or_default()
            ),
        )
    }
}

fn plural(sub: &str) -> &'static str {
    match sub.chars().next() {
        Some('a') => "arrays",
        Some('b') => "booleans",
        Some('f') => "functions",
        Some('n') => "numbers",
        Some('o') => "objects",
        Some('s') => "strings",
        _ => "values",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(x: f64) -> Value {
        Value::Number(x)
    }

    #[test]
    fn context_and_array_coercion() {
        let sig = Signature::parse("<s-nn?:s>").unwrap();
        let out = sig.validate(&[n(1.0)], &Value::string("ctx")).unwrap();
        assert_eq!(out.len(), 3);
        assert_eq!(out[0].as_str(), Some("ctx"));
        let sum = Signature::parse("<a<n>:n>").unwrap();
        let out = sum.validate(&[n(3.0)], &Value::Undefined).unwrap();
        assert!(out[0].is_array());
        let err = sum.validate(&[Value::array(vec![Value::string("x")])], &Value::Undefined);
        assert_eq!(err.unwrap_err().code, "T0412");
        let err = Signature::parse("<n-n:n>")
            .unwrap()
            .validate(&[Value::string("a"), n(1.0)], &Value::Undefined);
        assert_eq!(err.unwrap_err().code, "T0410");
    }

    #[test]
    fn bad_signatures() {
        assert_eq!(Signature::parse("<s<s>>").unwrap_err().code, "S0401");
        assert_eq!(Signature::parse("<(a<n>s)>").unwrap_err().code, "S0402");
        assert_eq!(Signature::parse("<a+>").unwrap().len(), 1);
    }
}
