//! Intrinsic functions of JSONPath states (`States.Format('{}', $.a)` …): parser, arity rules and printer.
//!
//! Arguments are single-quoted strings (with `\'`, `\{`, `\}` and `\\` escapes), numbers,
//! `true`/`false`/`null`, paths (`$.a`, `$$.Execution.Id`, `$var`) and nested calls.
//! Function names and argument counts follow
//! <https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html>.

use std::fmt;

use crate::path::{parse_path_prefix, JsonPath, MAX_NESTING};

/// A parsed intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub struct IntrinsicCall {
    pub function: Intrinsic,
    pub args: Vec<IntrinsicArg>,
}

/// The intrinsic functions Step Functions provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intrinsic {
    Format,
    StringToJson,
    JsonToString,
    Array,
    ArrayPartition,
    ArrayContains,
    ArrayRange,
    ArrayGetItem,
    ArrayLength,
    ArrayUnique,
    Base64Encode,
    Base64Decode,
    Hash,
    JsonMerge,
    MathRandom,
    MathAdd,
    StringSplit,
    Uuid,
}

/// One argument of an intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub enum IntrinsicArg {
    /// A `'…'` literal, escapes decoded (`'it\'s'` holds `it's`). In a `States.Format`
    /// template every `{}` pair is a placeholder; the printer escapes any other brace.
    String(String),
    Number(serde_json::Number),
    Bool(bool),
    Null,
    Path(JsonPath),
    Call(IntrinsicCall),
}

/// Why a string is not a valid intrinsic call: where (a byte offset into it) and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at offset {offset}: {message}")]
pub struct IntrinsicError {
    pub offset: usize,
    pub message: String,
}

/// Hash algorithms `States.Hash` accepts.
pub const HASH_ALGORITHMS: [&str; 5] = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

impl Intrinsic {
    pub const ALL: [Intrinsic; 18] = [
        Intrinsic::Format,
        Intrinsic::StringToJson,
        Intrinsic::JsonToString,
        Intrinsic::Array,
        Intrinsic::ArrayPartition,
        Intrinsic::ArrayContains,
        Intrinsic::ArrayRange,
        Intrinsic::ArrayGetItem,
        Intrinsic::ArrayLength,
        Intrinsic::ArrayUnique,
        Intrinsic::Base64Encode,
        Intrinsic::Base64Decode,
        Intrinsic::Hash,
        Intrinsic::JsonMerge,
        Intrinsic::MathRandom,
        Intrinsic::MathAdd,
        Intrinsic::StringSplit,
        Intrinsic::Uuid,
    ];

    /// The name as written in ASL, e.g. `States.Format`.
    pub fn name(self) -> &'static str {
        match self {
            Intrinsic::Format => "States.Format",
            Intrinsic::StringToJson => "States.StringToJson",
            Intrinsic::JsonToString => "States.JsonToString",
            Intrinsic::Array => "States.Array",
            Intrinsic::ArrayPartition => "States.ArrayPartition",
            Intrinsic::ArrayContains => "States.ArrayContains",
            Intrinsic::ArrayRange => "States.ArrayRange",
            Intrinsic::ArrayGetItem => "States.ArrayGetItem",
            Intrinsic::ArrayLength => "States.ArrayLength",
            Intrinsic::ArrayUnique => "States.ArrayUnique",
            Intrinsic::Base64Encode => "States.Base64Encode",
            Intrinsic::Base64Decode => "States.Base64Decode",
            Intrinsic::Hash => "States.Hash",
            Intrinsic::JsonMerge => "States.JsonMerge",
            Intrinsic::MathRandom => "States.MathRandom",
            Intrinsic::MathAdd => "States.MathAdd",
            Intrinsic::StringSplit => "States.StringSplit",
            Intrinsic::Uuid => "States.UUID",
        }
    }

    /// The function called `name` (`States.Format` …), if there is one.
    pub fn from_name(name: &str) -> Option<Intrinsic> {
        Intrinsic::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Fewest and most arguments (`None`: no upper bound).
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            Intrinsic::Format => (1, None),
            Intrinsic::Array => (0, None),
            Intrinsic::Uuid => (0, Some(0)),
            Intrinsic::StringToJson
            | Intrinsic::JsonToString
            | Intrinsic::ArrayLength
            | Intrinsic::ArrayUnique
            | Intrinsic::Base64Encode
            | Intrinsic::Base64Decode => (1, Some(1)),
            Intrinsic::ArrayPartition
            | Intrinsic::ArrayContains
            | Intrinsic::ArrayGetItem
            | Intrinsic::Hash
            | Intrinsic::MathAdd
            | Intrinsic::StringSplit => (2, Some(2)),
            Intrinsic::MathRandom => (2, Some(3)),
            Intrinsic::ArrayRange | Intrinsic::JsonMerge => (3, Some(3)),
        }
    }

    /// How the arguments are written, for messages.
    pub fn signature(self) -> &'static str {
        match self {
            Intrinsic::Format => "States.Format('template with {} placeholders', arg, …)",
            Intrinsic::StringToJson => "States.StringToJson(string)",
            Intrinsic::JsonToString => "States.JsonToString(value)",
            Intrinsic::Array => "States.Array(value, …)",
            Intrinsic::ArrayPartition => "States.ArrayPartition(array, chunkSize)",
            Intrinsic::ArrayContains => "States.ArrayContains(array, value)",
            Intrinsic::ArrayRange => "States.ArrayRange(start, end, step)",
            Intrinsic::ArrayGetItem => "States.ArrayGetItem(array, index)",
            Intrinsic::ArrayLength => "States.ArrayLength(array)",
            Intrinsic::ArrayUnique => "States.ArrayUnique(array)",
            Intrinsic::Base64Encode => "States.Base64Encode(string)",
            Intrinsic::Base64Decode => "States.Base64Decode(string)",
            Intrinsic::Hash => "States.Hash(value, 'SHA-256')",
            Intrinsic::JsonMerge => "States.JsonMerge(object1, object2, false)",
            Intrinsic::MathRandom => "States.MathRandom(start, end[, seed])",
            Intrinsic::MathAdd => "States.MathAdd(number, number)",
            Intrinsic::StringSplit => "States.StringSplit(string, 'delimiters')",
            Intrinsic::Uuid => "States.UUID()",
        }
    }
}

impl fmt::Display for Intrinsic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Whether a string is meant as an intrinsic call (starts with `States.`).
pub fn looks_like_intrinsic(s: &str) -> bool {
    s.trim_start().starts_with("States.")
}

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

fn write_string_literal(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("'")?;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while let Some(&c) = chars.get(i) {
        match c {
            '{' if chars.get(i + 1) == Some(&'}') => {
                f.write_str("{}")?;
                i += 1;
            }
            '\'' | '\\' | '{' | '}' => write!(f, "\\{c}")?,
            _ => write!(f, "{c}")?,
        }
        i += 1;
    }
    f.write_str("'")
}

impl fmt::Display for IntrinsicArg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntrinsicArg::String(s) => write_string_literal(f, s),
            IntrinsicArg::Number(n) => write!(f, "{n}"),
            IntrinsicArg::Bool(b) => write!(f, "{b}"),
            IntrinsicArg::Null => f.write_str("null"),
            IntrinsicArg::Path(p) => write!(f, "{p}"),
            IntrinsicArg::Call(c) => write!(f, "{c}"),
        }
    }
}

impl fmt::Display for IntrinsicCall {
    /// Canonical form: `States.Format('{} {}', $.a, $.b)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}(", self.function.name())?;
        for (n, arg) in self.args.iter().enumerate() {
            if n > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{arg}")?;
        }
        f.write_str(")")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> IntrinsicCall {
        parse_intrinsic(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn err(s: &str) -> IntrinsicError {
        match parse_intrinsic(s) {
            Ok(c) => panic!("{s:?} should be rejected, parsed as {c:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn accepts_the_aws_examples() {
        for s in [
            "States.Format('Hello, my name is {}.', $.name)",
            "States.Format('{} {}', $.a, States.UUID())",
            "States.Format('Today is {}', $$.Execution.StartTime)",
            "States.StringToJson($.escapedJsonString)",
            "States.JsonToString($.unescapedJson)",
            "States.Array('Foo', 2020, $.someJson, null)",
            "States.Array()",
            "States.ArrayPartition($.inputArray,4)",
            "States.ArrayContains($.inputArray, $.lookingFor)",
            "States.ArrayRange(1, 9, 2)",
            "States.ArrayGetItem($.inputArray, $.index)",
            "States.ArrayLength($.inputArray)",
            "States.ArrayUnique($.inputArray)",
            "States.Base64Encode($.input)",
            "States.Base64Decode($.base64)",
            "States.Hash($.Data, $.Algorithm)",
            "States.Hash($.Data, 'SHA-256')",
            "States.JsonMerge($.json1, $.json2, false)",
            "States.MathRandom($.start, $.end)",
            "States.MathRandom(1, 999, 1234)",
            "States.MathAdd($.value1, -1)",
            "States.MathAdd(1.5, 2e3)",
            "States.StringSplit($.inputString, $.splitter)",
            "States.StringSplit('1,2,3', ',')",
            "States.UUID()",
            "  States.UUID( )  ",
            "States.Format('it\\'s \\{literal\\} {}', $myVar.a[0])",
            "States.ArrayGetItem(States.StringSplit($.s, ','), 0)",
            "States.Format('{}', $.items[?(@.x > 1)])",
        ] {
            ok(s);
        }
    }

    #[test]
    fn builds_the_expected_ast() {
        let c = ok("States.Format('a \\'{}\\'', $.x)");
        assert_eq!(c.function, Intrinsic::Format);
        assert_eq!(c.args[0], IntrinsicArg::String("a '{}'".into()));
        assert!(matches!(&c.args[1], IntrinsicArg::Path(p) if p.to_string() == "$.x"));
        let c = ok("States.Array(true, null, 1.5, States.UUID())");
        assert_eq!(c.args[0], IntrinsicArg::Bool(true));
        assert_eq!(c.args[1], IntrinsicArg::Null);
        assert!(matches!(
            &c.args[3],
            IntrinsicArg::Call(IntrinsicCall {
                function: Intrinsic::Uuid,
                ..
            })
        ));
    }

    #[test]
    fn rejects_bad_calls() {
        assert!(err("States.NoSuchFn($.a)")
            .message
            .contains("unknown intrinsic"));
        assert!(err("States.uuid()").message.contains("States.UUID"));
        assert!(err("States.UUID($.a)")
            .message
            .contains("takes 0 arguments"));
        assert!(err("States.ArrayLength()")
            .message
            .contains("takes 1 argument "));
        assert!(err("States.MathRandom(1)").message.contains("2 to 3"));
        assert!(err("States.Format()").message.contains("at least 1"));
        assert!(err("States.Format('{} {}', $.a)")
            .message
            .contains("placeholder"));
        assert!(err("States.Hash($.a, 'SHA1')").message.contains("SHA-256"));
        assert!(err("States.JsonMerge($.a, $.b, true)")
            .message
            .contains("shallow"));
        assert_eq!(err("States.Format('x', $.a").offset, 13);
        for s in [
            "",
            "Format('x')",
            "States.Format",
            "States.Format('x'",
            "States.Format('x)",
            "States.Format(\"x\")",
            "States.Array($.a,)",
            "States.Array(,)",
            "States.Array(foo)",
            "States.Array($.a b)",
            "States.UUID() x",
            "States.Array($.)",
            "States.Array(--1)",
            "States.Format(1)",
        ] {
            err(s);
        }
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "States.Format('x {} y', $.a)",
            "States.Format('it\\'s \\{ \\\\ \\} {}', $.a[0])",
            "States.Array(1, -2.5, true, false, null, 'a', $$.Execution.Id, $v, States.UUID())",
            "States.MathAdd($.a, 1)",
        ] {
            let c = ok(s);
            let printed = c.to_string();
            assert_eq!(
                parse_intrinsic(&printed).as_ref(),
                Ok(&c),
                "{s} printed as {printed}"
            );
        }
        assert_eq!(
            ok("States.MathAdd( $.a ,1 )").to_string(),
            "States.MathAdd($.a, 1)"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}1{}", "States.Array(".repeat(5_000), ")".repeat(5_000));
        assert!(err(&deep).message.contains("nested"));
        assert!(looks_like_intrinsic(" States.UUID()"));
        assert!(!looks_like_intrinsic("$.States"));
    }
}
