//! The tokenizer: JSONata source text to tokens with byte offsets, as the reference splits it.

use crate::Error;

/// A token's kind and, for literals and names, its value.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Op(&'static str),
    Name(String),
    Variable(String),
    Str(String),
    Number(f64),
    Bool(bool),
    Null,
    Regex { pattern: String, flags: String },
    End,
}

impl Tok {
    /// The parser's symbol id for this token.
    pub fn id(&self) -> &'static str {
        match self {
            Tok::Op(op) => op,
            Tok::Name(_) | Tok::Variable(_) => "(name)",
            Tok::Str(_) | Tok::Number(_) | Tok::Bool(_) | Tok::Null => "(literal)",
            Tok::Regex { .. } => "(regex)",
            Tok::End => "(end)",
        }
    }

    pub fn describe(&self) -> String {
        match self {
            Tok::Op(op) => format!("'{op}'"),
            Tok::Name(n) => format!("name '{n}'"),
            Tok::Variable(v) => format!("variable '${v}'"),
            Tok::Str(s) => format!("string \"{s}\""),
            Tok::Number(n) => format!("number {}", crate::value::format_js_number(*n)),
            Tok::Bool(b) => format!("'{b}'"),
            Tok::Null => "'null'".into(),
            Tok::Regex { .. } => "regular expression".into(),
            Tok::End => "end of expression".into(),
        }
    }

    /// Left binding power: how strongly this token binds as an infix operator.
    pub fn lbp(&self) -> u8 {
        match self {
            Tok::Op(op) => match *op {
                "[" | "(" | "@" | "#" => 80,
                "." => 75,
                "{" => 70,
                "*" | "/" | "%" => 60,
                "+" | "-" | "&" => 50,
                "=" | "<" | ">" | "!=" | "<=" | ">=" | "^" | "~>" | "in" => 40,
                "and" => 30,
                "or" => 25,
                "?" => 20,
                ":=" => 10,
                _ => 0,
            },
            _ => 0,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Token {
    pub tok: Tok,
    pub pos: usize,
}

pub(crate) fn syntax_error(offset: usize, code: &'static str, message: String) -> Error {
    Error::new(code, message).at(offset)
}

/// Characters that are operators (and end a name).
fn is_operator_char(c: char) -> bool {
    matches!(
        c,
        '.' | '['
            | ']'
            | '{'
            | '}'
            | '('
            | ')'
            | ','
            | '@'
            | '#'
            | ';'
            | ':'
            | '?'
            | '+'
            | '-'
            | '*'
            | '/'
            | '%'
            | '|'
            | '='
            | '<'
            | '>'
            | '^'
            | '&'
            | '!'
            | '~'
    )
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}')
}

pub struct Lexer<'a> {
    pub src: &'a str,
    pub pos: usize,
}

impl<'a> Lexer<'a> {
    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn peek2(&self) -> Option<char> {
        self.rest().chars().nth(1)
    }

    /// The next token. `infix`: an operator is expected, so `/` is division, not a regex.
    pub fn next(&mut self, infix: bool) -> Result<Token, Error> {
        loop {
            while let Some(c) = self.peek().filter(|c| is_space(*c)) {
                self.pos += c.len_utf8();
            }
            if self.peek() == Some('/') && self.peek2() == Some('*') {
                let start = self.pos;
                match self.rest().get(2..).and_then(|r| r.find("*/")) {
                    Some(end) => self.pos += 2 + end + 2,
                    None => {
                        return Err(syntax_error(
                            start,
                            "S0106",
                            "comment has no closing '*/'; close it or remove it".into(),
                        ))
                    }
                }
                continue;
            }
            break;
        }
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Ok(Token {
                tok: Tok::End,
                pos: start,
            });
        };
        let token = |tok| Ok(Token { tok, pos: start });
        if !infix && c == '/' {
            self.pos += 1;
            let (pattern, flags) = self.regex(start)?;
            return token(Tok::Regex { pattern, flags });
        }
        for op in ["..", ":=", "!=", ">=", "<=", "**", "~>"] {
            if self.rest().starts_with(op) {
                self.pos += 2;
                return token(Tok::Op(op));
            }
        }
        if is_operator_char(c) {
            self.pos += 1;
            let op: &'static str = match c {
                '.' => ".",
                '[' => "[",
                ']' => "]",
                '{' => "{",
                '}' => "}",
                '(' => "(",
                ')' => ")",
                ',' => ",",
                '@' => "@",
                '#' => "#",
                ';' => ";",
                ':' => ":",
                '?' => "?",
                '+' => "+",
                '-' => "-",
                '*' => "*",
                '/' => "/",
                '%' => "%",
                '|' => "|",
                '=' => "=",
                '<' => "<",
                '>' => ">",
                '^' => "^",
                '&' => "&",
                '!' => "!",
                _ => "~",
            };
            return token(Tok::Op(op));
        }
        if c == '"' || c == '\'' {
            let value = self.string(c)?;
            return token(Tok::Str(value));
        }
        if c.is_ascii_digit() {
            let value = self.number()?;
            return token(Tok::Number(value));
        }
        if c == '`' {
            self.pos += 1;
            return match self.rest().find('`') {
                Some(end) => {
                    let name = self.rest().get(..end).unwrap_or("").to_string();
                    self.pos += end + 1;
                    token(Tok::Name(name))
                }
                None => Err(syntax_error(
                    start,
                    "S0105",
                    "quoted name has no closing backquote '`'; add one".into(),
                )),
            };
        }
        let len = self
            .rest()
            .find(|c: char| is_space(c) || is_operator_char(c))
            .unwrap_or(self.rest().len());
        let word = self.rest().get(..len).unwrap_or("").to_string();
        self.pos += len;
        if let Some(var) = word.strip_prefix('$') {
            return token(Tok::Variable(var.to_string()));
        }
        token(match word.as_str() {
            "and" => Tok::Op("and"),
            "or" => Tok::Op("or"),
            "in" => Tok::Op("in"),
            "true" => Tok::Bool(true),
            "false" => Tok::Bool(false),
            "null" => Tok::Null,
            _ => Tok::Name(word),
        })
    }

    fn string(&mut self, quote: char) -> Result<String, Error> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(syntax_error(
                    start,
                    "S0101",
                    format!("string literal has no closing {quote}; add one"),
                ));
            };
            self.pos += c.len_utf8();
            match c {
                '\\' => {
                    let at = self.pos;
                    let escaped = self.peek();
                    match escaped {
                        Some(e @ ('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't')) => {
                            self.pos += 1;
                            out.push(match e {
                                'b' => '\u{8}',
                                'f' => '\u{c}',
                                'n' => '\n',
                                'r' => '\r',
                                't' => '\t',
                                other => other,
                            });
                        }
                        Some('u') => {
                            let unit = self.hex4(1).ok_or_else(|| {
                                syntax_error(
                                    at,
                                    "S0104",
                                    "'\\u' must be followed by 4 hexadecimal digits".into(),
                                )
                            })?;
                            self.pos += 5;
                            // A surrogate pair written as two escapes is one character.
                            if (0xD800..0xDC00).contains(&unit) && self.rest().starts_with("\\u") {
                                if let Some(low @ 0xDC00..=0xDFFF) = self.hex4(2) {
                                    self.pos += 6;
                                    let code = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
                                    out.extend(char::from_u32(code));
                                    continue;
                                }
                            }
                            out.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                        }
                        other => {
                            let shown = other.map(String::from).unwrap_or_default();
                            return Err(syntax_error(
                                at,
                                "S0103",
                                format!(
                                    "unsupported escape sequence '\\{shown}' in a string; the escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
                                ),
                            ));
                        }
                    }
                }
                c if c == quote => return Ok(out),
                c => out.push(c),
            }
        }
    }

    /// Four hex digits at `skip` bytes past the cursor, as a number.
    fn hex4(&self, skip: usize) -> Option<u32> {
        let hex = self.rest().get(skip..skip + 4)?;
        if hex.chars().all(|c| c.is_ascii_hexdigit()) {
            u32::from_str_radix(hex, 16).ok()
        } else {
            None
        }
    }

    fn number(&mut self) -> Result<f64, Error> {
        let start = self.pos;
        let bytes = self.rest().as_bytes();
        let mut n = 0;
        let digits = |from: usize| {
            bytes
                .get(from..)
                .map_or(0, |b| b.iter().take_while(|c| c.is_ascii_digit()).count())
        };
        if bytes.first() == Some(&b'0') {
            n = 1;
        } else {
            n += digits(n);
        }
        if bytes.get(n) == Some(&b'.') && digits(n + 1) > 0 {
            n += 1 + digits(n + 1);
        }
        if matches!(bytes.get(n), Some(b'e' | b'E')) {
            let sign = usize::from(matches!(bytes.get(n + 1), Some(b'+' | b'-')));
            let exp = digits(n + 1 + sign);
            if exp > 0 {
                n += 1 + sign + exp;
            }
        }
        let text = self.rest().get(..n).unwrap_or("");
        self.pos += n;
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            _ => Err(syntax_error(
                start,
                "S0102",
                format!("number '{text}' is out of range"),
            )),
        }
    }

    /// After the opening `/`: find the closing `/` (not escaped, not inside brackets),
    /// then the flags, and check the pattern is a regular expression.
    fn regex(&mut self, open: usize) -> Result<(String, String), Error> {
        let start = self.pos;
        let bytes = self.src.as_bytes();
        let mut depth: i64 = 0;
        let mut i = start;
        while let Some(&c) = bytes.get(i) {
            let escaped = {
                let mut count = 0;
                while i > count && bytes.get(i - count - 1) == Some(&b'\\') {
                    count += 1;
                }
                count % 2 == 1
            };
            if c == b'/' && depth == 0 && !escaped {
                let pattern = self.src.get(start..i).unwrap_or("");
                if pattern.is_empty() {
                    return Err(syntax_error(
                        open,
                        "S0301",
                        "empty regular expression '//'; write a pattern between the slashes".into(),
                    ));
                }
                check_regex_pattern(pattern)
                    .map_err(|(off, msg)| syntax_error(start + off, "S0303", msg))?;
                self.pos = i + 1;
                let flags_start = self.pos;
                while matches!(self.peek(), Some('i' | 'm')) {
                    self.pos += 1;
                }
                let flags = self
                    .src
                    .get(flags_start..self.pos)
                    .unwrap_or("")
                    .to_string();
                return Ok((pattern.to_string(), flags));
            }
            let prev_backslash = i > 0 && bytes.get(i - 1) == Some(&b'\\');
            if matches!(c, b'(' | b'[' | b'{') && !prev_backslash {
                depth += 1;
            }
            if matches!(c, b')' | b']' | b'}') && !prev_backslash {
                depth -= 1;
            }
            i += 1;
        }
        Err(syntax_error(
            open,
            "S0302",
            "regular expression has no closing '/' (or its brackets are unbalanced)".into(),
        ))
    }
}

fn check_regex_pattern(pattern: &str) -> Result<(), (usize, String)> {
    let mut groups: Vec<usize> = Vec::new();
    let mut chars = pattern.char_indices().peekable();
    // Whether the previous item can take a quantifier.
    let mut repeatable = false;
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                if chars.next().is_none() {
                    return Err((at, "the regular expression ends with a lone '\\'".into()));
                }
                repeatable = true;
            }
            '[' => {
                let mut closed = false;
                while let Some((_, k)) = chars.next() {
                    match k {
                        '\\' => {
                            chars.next();
                        }
                        ']' => {
                            closed = true;
                            break;
                        }
                        _ => {}
                    }
                }
                if !closed {
                    return Err((at, "character class '[' is not closed; add ']'".into()));
                }
                repeatable = true;
            }
            '(' => {
                groups.push(at);
                if let Some(&(_, '?')) = chars.peek() {
                    chars.next();
                    match chars.next() {
                        Some((_, ':' | '=' | '!')) => {}
                        Some((_, '<')) => {
                            if let Some(&(_, '=' | '!')) = chars.peek() {
                                chars.next();
                            } else {
                                // a named group: skip to '>'
                                let mut closed = false;
                                for (_, k) in chars.by_ref() {
                                    if k == '>' {
                                        closed = true;
                                        break;
                                    }
                                }
                                if !closed {
                                    return Err((at, "named group '(?<' has no closing '>'".into()));
                                }
                            }
                        }
                        _ => return Err((at, "invalid group: '(?' must be followed by ':', '=', '!', '<=', '<!' or '<name>'".into())),
                    }
                }
                repeatable = false;
            }
            ')' => {
                if groups.pop().is_none() {
                    return Err((
                        at,
                        "unmatched ')' in the regular expression; escape it as '\\)' or add '('"
                            .into(),
                    ));
                }
                repeatable = true;
            }
            '|' | '^' => repeatable = false,
            '*' | '+' | '?' => {
                if !repeatable {
                    return Err((
                        at,
                        format!("'{c}' has nothing to repeat; escape it as '\\{c}'"),
                    ));
                }
                if let Some(&(_, '?')) = chars.peek() {
                    chars.next();
                }
                repeatable = false;
            }
            '{' => {
                // a quantifier {n}, {n,}, {n,m} when well formed; otherwise a literal brace
                let rest = pattern.get(at + 1..).unwrap_or("");
                let close = rest.find('}');
                let is_quantifier = close.is_some_and(|end| {
                    let inner = rest.get(..end).unwrap_or("");
                    let mut parts = inner.splitn(2, ',');
                    let lo = parts.next().unwrap_or("");
                    let hi = parts.next();
                    !lo.is_empty()
                        && lo.chars().all(|c| c.is_ascii_digit())
                        && hi
                            .into_iter()
                            .all(|h| h.chars().all(|c| c.is_ascii_digit()))
                });
                if is_quantifier {
                    if !repeatable {
                        return Err((at, "quantifier '{…}' has nothing to repeat".into()));
                    }
                    let end = close.unwrap_or(0);
                    for _ in 0..rest.get(..end).map_or(0, |s| s.chars().count()) + 1 {
                        chars.next();
                    }
                    if let Some(&(_, '?')) = chars.peek() {
                        chars.next();
                    }
                    repeatable = false;
                } else {
                    repeatable = true;
                }
            }
            _ => repeatable = true,
        }
    }
    match groups.pop() {
        Some(at) => Err((at, "group '(' is not closed; add ')'".into())),
        None => Ok(()),
    }
}
