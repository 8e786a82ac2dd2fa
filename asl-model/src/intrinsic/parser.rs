//! The intrinsic call parser: function names, arguments (strings with escapes, numbers, literals, paths, nested calls) and the literal arguments whose values are fixed.

use super::{Intrinsic, IntrinsicArg, IntrinsicCall, IntrinsicError, HASH_ALGORITHMS};
use crate::path::{parse_path_prefix, MAX_NESTING};

/// Parse an intrinsic call, checking the function name, argument count and literal arguments
/// whose values are fixed (`States.Hash` algorithm, `States.JsonMerge` flag, `States.Format`
/// placeholder count).
pub fn parse_intrinsic(s: &str) -> Result<IntrinsicCall, IntrinsicError> {
    let mut parser = IntrinsicParser {
        src: s,
        pos: 0,
        depth: 0,
    };
    parser.skip_ws();
    let call = parser.call()?;
    parser.skip_ws();
    if parser.pos < s.len() {
        return Err(parser.unexpected("the end of the expression after the closing ')'"));
    }
    Ok(call)
}

struct IntrinsicParser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> IntrinsicParser<'a> {
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> IntrinsicError {
        IntrinsicError {
            offset,
            message: message.into(),
        }
    }

    fn unexpected(&self, expected: &str) -> IntrinsicError {
        match self.peek() {
            Some(c) => self.error(self.pos, format!("unexpected '{c}', expected {expected}")),
            None => self.error(
                self.pos,
                format!("the expression ends early, expected {expected}"),
            ),
        }
    }

    fn call(&mut self) -> Result<IntrinsicCall, IntrinsicError> {
        let start = self.pos;
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(start, format!("intrinsic calls nested deeper than {MAX_NESTING} levels; split the work over states")));
        }
        while matches!(self.peek(), Some(c) if c.is_alphanumeric() || c == '.' || c == '_') {
            self.bump();
        }
        let name = self.src.get(start..self.pos).unwrap_or("");
        if !name.starts_with("States.") {
            return Err(self.error(
                start,
                "an intrinsic call starts with 'States.', e.g. States.Format('{}', $.name)",
            ));
        }
        let function = Intrinsic::from_name(name).ok_or_else(|| {
            let known = Intrinsic::ALL
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ");
            let hint = Intrinsic::ALL
                .iter()
                .find(|f| f.name().eq_ignore_ascii_case(name))
                .map(|f| format!(" (names are case-sensitive: did you mean {}?)", f.name()))
                .unwrap_or_default();
            self.error(
                start,
                format!("unknown intrinsic function '{name}'{hint}; the intrinsics are {known}"),
            )
        })?;
        self.skip_ws();
        if self.peek() != Some('(') {
            return Err(self.unexpected(&format!("'(' after {name}")));
        }
        let open = self.pos;
        self.bump();
        let mut args = Vec::new();
        let mut placeholders = None;
        self.skip_ws();
        if self.peek() == Some(')') {
            self.bump();
        } else {
            loop {
                self.skip_ws();
                let arg_start = self.pos;
                let (arg, count) = self.arg()?;
                if args.is_empty() {
                    placeholders = count;
                }
                args.push((arg_start, arg));
                self.skip_ws();
                match self.peek() {
                    Some(',') => {
                        self.bump();
                    }
                    Some(')') => {
                        self.bump();
                        break;
                    }
                    None => {
                        return Err(self.error(
                            open,
                            format!("unclosed '(' of {name}: add the matching ')'"),
                        ))
                    }
                    Some(_) => return Err(self.unexpected("',' or ')' after an argument")),
                }
            }
        }
        self.depth -= 1;
        let (min, max) = function.arity();
        let n = args.len();
        if n < min || max.is_some_and(|max| n > max) {
            let wanted = match max {
                Some(max) if max == min => format!("{min}"),
                Some(max) => format!("{min} to {max}"),
                None => format!("at least {min}"),
            };
            let plural = if wanted == "1" { "" } else { "s" };
            return Err(self.error(
                start,
                format!(
                    "{name} takes {wanted} argument{plural} but is given {n}; write {}",
                    function.signature()
                ),
            ));
        }
        self.check_literals(function, &args, placeholders)?;
        Ok(IntrinsicCall {
            function,
            args: args.into_iter().map(|(_, a)| a).collect(),
        })
    }

    fn check_literals(
        &self,
        function: Intrinsic,
        args: &[(usize, IntrinsicArg)],
        placeholders: Option<usize>,
    ) -> Result<(), IntrinsicError> {
        match (function, args) {
            (Intrinsic::Format, [(at, first), ..]) => {
                if matches!(
                    first,
                    IntrinsicArg::Number(_) | IntrinsicArg::Bool(_) | IntrinsicArg::Null
                ) {
                    return Err(self.error(
                        *at,
                        "the first argument of States.Format is the template and must be a string",
                    ));
                }
                if let Some(count) = placeholders {
                    let given = args.len() - 1;
                    if count != given {
                        return Err(self.error(
                            *at,
                            format!(
                                "the States.Format template has {count} '{{}}' placeholder(s) but {given} value(s) follow it; \
                                 give one argument per placeholder (escape literal braces as \\{{ \\}})"
                            ),
                        ));
                    }
                }
            }
            (Intrinsic::Hash, [_, (at, IntrinsicArg::String(alg))])
                if !HASH_ALGORITHMS.contains(&alg.as_str()) =>
            {
                return Err(self.error(
                    *at,
                    format!(
                        "'{alg}' is not a hash algorithm States.Hash supports; use one of {}",
                        HASH_ALGORITHMS.join(", ")
                    ),
                ));
            }
            (
                Intrinsic::Hash,
                [_, (at, IntrinsicArg::Number(_) | IntrinsicArg::Bool(_) | IntrinsicArg::Null)],
            ) => {
                return Err(self.error(
                    *at,
                    format!(
                        "the States.Hash algorithm must be one of {}",
                        HASH_ALGORITHMS.join(", ")
                    ),
                ));
            }
            (Intrinsic::JsonMerge, [_, _, (at, third)])
                if !matches!(
                    third,
                    IntrinsicArg::Bool(false) | IntrinsicArg::Path(_) | IntrinsicArg::Call(_)
                ) =>
            {
                return Err(self.error(
                    *at,
                    "the third argument of States.JsonMerge must be false (Step Functions supports only shallow merges)",
                ));
            }
            _ => {}
        }
        Ok(())
    }

    /// One argument; for a string literal also the number of unescaped `{}` in it.
    fn arg(&mut self) -> Result<(IntrinsicArg, Option<usize>), IntrinsicError> {
        let start = self.pos;
        match self.peek() {
            Some('\'') => self.string().map(|(s, n)| (IntrinsicArg::String(s), Some(n))),
            Some('"') => Err(self.error(start, "string literals in intrinsics use single quotes: 'text'")),
            Some('$') => {
                let rest = self.rest();
                let (path, len) = parse_path_prefix(rest, self.depth)
                    .map_err(|e| self.error(start + e.offset, format!("invalid path argument: {}", e.message)))?;
                self.pos += len;
                Ok((IntrinsicArg::Path(path), None))
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                self.bump();
                while matches!(self.peek(), Some(c) if c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')) {
                    self.bump();
                }
                let text = self.src.get(start..self.pos).unwrap_or("");
                serde_json::from_str::<serde_json::Number>(text)
                    .map(|n| (IntrinsicArg::Number(n), None))
                    .map_err(|_| self.error(start, format!("'{text}' is not a number")))
            }
            Some(c) if c.is_alphabetic() => {
                if self.rest().starts_with("States.") {
                    return self.call().map(|c| (IntrinsicArg::Call(c), None));
                }
                for (word, value) in [("true", IntrinsicArg::Bool(true)), ("false", IntrinsicArg::Bool(false)), ("null", IntrinsicArg::Null)] {
                    let after = self.rest().get(word.len()..).unwrap_or("");
                    if self.rest().starts_with(word) && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
                        self.pos += word.len();
                        return Ok((value, None));
                    }
                }
                Err(self.error(
                    start,
                    "expected an argument: a 'quoted string', a number, true, false, null, a path ($.field) or an intrinsic call; quote text literals with '…'",
                ))
            }
            _ => Err(self.unexpected("an argument: a 'quoted string', a number, true, false, null, a path or an intrinsic call")),
        }
    }

    /// A `'…'` literal: its decoded text and how many unescaped `{}` pairs it holds.
    fn string(&mut self) -> Result<(String, usize), IntrinsicError> {
        let start = self.pos;
        self.bump(); // the opening quote
        let mut out = String::new();
        let mut placeholders = 0;
        let mut open_brace = false;
        loop {
            let c = self
                .bump()
                .ok_or_else(|| self.error(start, "unterminated string: add the closing '"))?;
            match c {
                '\'' => return Ok((out, placeholders)),
                '\\' => {
                    let e = self.bump().ok_or_else(|| {
                        self.error(start, "unterminated string: add the closing '")
                    })?;
                    out.push(e);
                    open_brace = false;
                }
                '{' => {
                    out.push(c);
                    open_brace = true;
                }
                '}' => {
                    if open_brace {
                        placeholders += 1;
                    }
                    out.push(c);
                    open_brace = false;
                }
                _ => {
                    out.push(c);
                    open_brace = false;
                }
            }
        }
    }
}
