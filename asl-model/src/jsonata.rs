//! JSONata syntax checking for `{% … %}` strings of JSONata states: a tokenizer and Pratt parser.
//!
//! This follows the reference implementation (jsonata-js 2.x, the one asl-validator 4.0.0
//! runs): the same tokens, binding powers and grammar (paths, predicates, function calls,
//! lambdas with signatures, `:=` bindings, blocks, object and array constructors, ranges,
//! `? :`, `??`, `?:`, `&`, `and`/`or`/`in`, `~>`, regex literals, `%` parent steps,
//! `@`/`#` bindings, `^( )` sorting, transforms, comments and backtick names), and the
//! post-parse checks the reference runs before it accepts an expression (a literal as a
//! path step, a predicate after a grouping, an underivable `%`, …). Error codes are the
//! reference's (`S0201` …) so messages can be compared with it.

use crate::path::MAX_NESTING;

/// Why an expression does not parse: where (a byte offset into the checked string), the
/// reference implementation's error code, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at offset {offset}: {message} (JSONata {code})")]
pub struct JsonataError {
    pub offset: usize,
    pub code: &'static str,
    pub message: String,
}

/// Whether a string is a JSONata expression: it starts with `{%` and ends with `%}`.
pub fn is_expression(s: &str) -> bool {
    s.len() >= 4 && s.starts_with("{%") && s.ends_with("%}")
}

/// The text between `{%` and `%}` of an expression string.
pub fn expression_body(s: &str) -> Option<&str> {
    if is_expression(s) {
        s.get(2..s.len() - 2)
    } else {
        None
    }
}

/// Check the syntax of a JSONata expression. `expr` may be a whole `{% … %}` string or
/// only the expression inside; offsets in the error are into `expr` as given.
pub fn check_syntax(expr: &str) -> Result<(), JsonataError> {
    let (body, shift) = match expression_body(expr) {
        Some(body) => (body, 2),
        None => (expr, 0),
    };
    check_body(body).map_err(|mut e| {
        e.offset += shift;
        e
    })
}

fn check_body(src: &str) -> Result<(), JsonataError> {
    let mut parser = Parser {
        lexer: Lexer { src, pos: 0 },
        node: Token {
            tok: Tok::End,
            pos: 0,
        },
        depth: 0,
    };
    parser.advance(None, false)?;
    let tree = parser.expression(0)?;
    if !matches!(parser.node.tok, Tok::End) {
        return Err(syntax_error(
            parser.node.pos,
            "S0201",
            format!("unexpected {}", parser.node.tok.describe()),
        ));
    }
    let mut post = PostParse { slots: Vec::new() };
    let root = post.process(&tree)?;
    if root.kind == Kind::Parent || root.seeking.is_some() {
        return Err(syntax_error(
            root.pos,
            "S0217",
            "the parent operator '%' has no step to refer back to here; use it after a path step, as in Account.Order.Product.{'Order': %.OrderID}".into(),
        ));
    }
    Ok(())
}

fn syntax_error(offset: usize, code: &'static str, message: String) -> JsonataError {
    JsonataError {
        offset,
        code,
        message,
    }
}

// ---------------------------------------------------------------- tokens

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Op(&'static str),
    Name(String),
    Variable(String),
    Str,
    Number,
    /// `true`, `false`, `null`.
    Value(&'static str),
    Regex,
    End,
}

impl Tok {
    /// The parser's symbol id for this token.
    fn id(&self) -> &'static str {
        match self {
            Tok::Op(op) => op,
            Tok::Name(_) | Tok::Variable(_) => "(name)",
            Tok::Str | Tok::Number | Tok::Value(_) => "(literal)",
            Tok::Regex => "(regex)",
            Tok::End => "(end)",
        }
    }

    fn describe(&self) -> String {
        match self {
            Tok::Op(op) => format!("'{op}'"),
            Tok::Name(n) => format!("name '{n}'"),
            Tok::Variable(v) => format!("variable '${v}'"),
            Tok::Str => "string literal".into(),
            Tok::Number => "number".into(),
            Tok::Value(v) => format!("'{v}'"),
            Tok::Regex => "regular expression".into(),
            Tok::End => "end of expression".into(),
        }
    }

    /// Left binding power: how strongly this token binds as an infix operator.
    fn lbp(&self) -> u8 {
        match self {
            Tok::Op(op) => match *op {
                "[" | "(" | "@" | "#" => 80,
                "." => 75,
                "{" => 70,
                "*" | "/" | "%" => 60,
                "+" | "-" | "&" => 50,
                "=" | "<" | ">" | "!=" | "<=" | ">=" | "^" | "~>" | "??" | "?:" | "in" => 40,
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
struct Token {
    tok: Tok,
    pos: usize,
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

struct Lexer<'a> {
    src: &'a str,
    pos: usize,
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
    fn next(&mut self, infix: bool) -> Result<Token, JsonataError> {
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
            self.regex(start)?;
            return token(Tok::Regex);
        }
        for op in ["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"] {
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
            self.string(c)?;
            return token(Tok::Str);
        }
        if c.is_ascii_digit() {
            self.number()?;
            return token(Tok::Number);
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
            "true" => Tok::Value("true"),
            "false" => Tok::Value("false"),
            "null" => Tok::Value("null"),
            _ => Tok::Name(word),
        })
    }

    fn string(&mut self, quote: char) -> Result<(), JsonataError> {
        let start = self.pos;
        self.pos += 1;
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
                    match self.peek() {
                        Some('"' | '\\' | '/' | 'b' | 'f' | 'n' | 'r' | 't') => self.pos += 1,
                        Some('u') => {
                            let hex = self.rest().get(1..5).unwrap_or("");
                            if hex.len() == 4 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
                                self.pos += 5;
                            } else {
                                return Err(syntax_error(
                                    at,
                                    "S0104",
                                    "'\\u' must be followed by 4 hexadecimal digits".into(),
                                ));
                            }
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
                c if c == quote => return Ok(()),
                _ => {}
            }
        }
    }

    fn number(&mut self) -> Result<(), JsonataError> {
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
            Ok(v) if v.is_finite() => Ok(()),
            _ => Err(syntax_error(
                start,
                "S0102",
                format!("number '{text}' is out of range"),
            )),
        }
    }

    /// After the opening `/`: find the closing `/` (not escaped, not inside brackets),
    /// then the flags, and check the pattern is a regular expression.
    fn regex(&mut self, open: usize) -> Result<(), JsonataError> {
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
                while matches!(self.peek(), Some('i' | 'm')) {
                    self.pos += 1;
                }
                return Ok(());
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

/// A light check of a JavaScript regular expression: balanced groups and classes, and no
/// quantifier with nothing to repeat. Returns an offset into the pattern and a message.
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

// ---------------------------------------------------------------- parse tree

#[derive(Debug, Clone)]
struct Node {
    kind: NodeKind,
    pos: usize,
    /// Levels of nodes below and including this one; bounded by [`MAX_NESTING`].
    height: usize,
}

impl Node {
    fn new(kind: NodeKind, pos: usize) -> Result<Node, JsonataError> {
        let below = kind.children().map(|c| c.height).max().unwrap_or(0);
        if below >= MAX_NESTING {
            return Err(nesting_error(pos));
        }
        Ok(Node {
            kind,
            pos,
            height: below + 1,
        })
    }
}

impl NodeKind {
    fn children(&self) -> Box<dyn Iterator<Item = &Node> + '_> {
        use std::iter::once;
        match self {
            NodeKind::Name(_)
            | NodeKind::Variable
            | NodeKind::Str
            | NodeKind::Number
            | NodeKind::Value
            | NodeKind::Regex
            | NodeKind::Wildcard
            | NodeKind::Descendant
            | NodeKind::Parent
            | NodeKind::Placeholder
            | NodeKind::End => Box::new(std::iter::empty()),
            NodeKind::Negate(a) | NodeKind::Lambda(a) => Box::new(once(a.as_ref())),
            NodeKind::Array(items) | NodeKind::Block(items) => Box::new(items.iter()),
            NodeKind::Object(pairs) => Box::new(pairs.iter().flat_map(|(k, v)| [k, v])),
            NodeKind::Binary(_, a, b)
            | NodeKind::Predicate(a, b)
            | NodeKind::Bind(a, b)
            | NodeKind::Focus(a, b)
            | NodeKind::Index(a, b)
            | NodeKind::Apply(a, b)
            | NodeKind::Default(a, b) => Box::new([a.as_ref(), b.as_ref()].into_iter()),
            NodeKind::Group(a, pairs) => {
                Box::new(once(a.as_ref()).chain(pairs.iter().flat_map(|(k, v)| [k, v])))
            }
            NodeKind::Sort(a, terms) | NodeKind::Call(a, terms) => {
                Box::new(once(a.as_ref()).chain(terms.iter()))
            }
            NodeKind::Condition(a, b, c) | NodeKind::Transform(a, b, c) => {
                Box::new([a.as_ref(), b.as_ref()].into_iter().chain(c.as_deref()))
            }
        }
    }
}

#[derive(Debug, Clone)]
enum NodeKind {
    Name(String),
    Variable,
    Str,
    Number,
    Value,
    Regex,
    Wildcard,
    Descendant,
    Parent,
    /// `?` in a partial application.
    Placeholder,
    /// The end of the input where an operand was expected.
    End,
    Negate(Box<Node>),
    Array(Vec<Node>),
    Object(Vec<(Node, Node)>),
    /// Every other binary operator, including `..` inside an array constructor.
    Binary(&'static str, Box<Node>, Box<Node>),
    Predicate(Box<Node>, Box<Node>),
    Group(Box<Node>, Vec<(Node, Node)>),
    Sort(Box<Node>, Vec<Node>),
    Bind(Box<Node>, Box<Node>),
    Focus(Box<Node>, Box<Node>),
    Index(Box<Node>, Box<Node>),
    Apply(Box<Node>, Box<Node>),
    Call(Box<Node>, Vec<Node>),
    Lambda(Box<Node>),
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    /// `??` and `?:`: the left side is both tested and returned.
    Default(Box<Node>, Box<Node>),
    Transform(Box<Node>, Box<Node>, Option<Box<Node>>),
    Block(Vec<Node>),
}

struct Parser<'a> {
    lexer: Lexer<'a>,
    node: Token,
    depth: usize,
}

fn nesting_error(pos: usize) -> JsonataError {
    syntax_error(
        pos,
        "NESTING",
        format!("expression nested deeper than {MAX_NESTING} levels; split it up"),
    )
}

impl<'a> Parser<'a> {
    /// Check the current token is `id` (when given), then read the next one.
    fn advance(&mut self, id: Option<&str>, infix: bool) -> Result<(), JsonataError> {
        if let Some(id) = id {
            if self.node.tok.id() != id {
                return Err(match self.node.tok {
                    Tok::End => syntax_error(
                        self.node.pos,
                        "S0203",
                        format!("expected '{id}' before the end of the expression"),
                    ),
                    ref other => syntax_error(
                        self.node.pos,
                        "S0202",
                        format!("expected '{id}', got {}", other.describe()),
                    ),
                });
            }
        }
        let next = self.lexer.next(infix)?;
        if let Tok::Op(op @ ("!" | "~")) = next.tok {
            let hint = if op == "!" {
                "; write '!=' for inequality or $not(x) for negation"
            } else {
                "; write '~>' to chain a function"
            };
            return Err(syntax_error(
                next.pos,
                "S0204",
                format!("unknown operator '{op}'{hint}"),
            ));
        }
        self.node = next;
        Ok(())
    }

    fn expression(&mut self, rbp: u8) -> Result<Node, JsonataError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(nesting_error(self.node.pos));
        }
        let t = self.node.clone();
        self.advance(None, true)?;
        let mut left = self.nud(t)?;
        let mut chain = 0;
        while rbp < self.node.tok.lbp() {
            chain += 1;
            if self.depth + chain > MAX_NESTING {
                return Err(nesting_error(self.node.pos));
            }
            let t = self.node.clone();
            self.advance(None, false)?;
            left = self.led(t, left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn nud(&mut self, t: Token) -> Result<Node, JsonataError> {
        let pos = t.pos;
        let kind = match t.tok {
            Tok::Name(n) => NodeKind::Name(n),
            Tok::Variable(_) => NodeKind::Variable,
            Tok::Str => NodeKind::Str,
            Tok::Number => NodeKind::Number,
            Tok::Value(_) => NodeKind::Value,
            Tok::Regex => NodeKind::Regex,
            // An error, reported by the post-parse stage unless the parser finds a missing
            // closing token first (as the reference does).
            Tok::End => NodeKind::End,
            Tok::Op(op) => match op {
                "and" | "or" | "in" => NodeKind::Name(op.to_string()),
                "-" => NodeKind::Negate(Box::new(self.expression(70)?)),
                "*" => NodeKind::Wildcard,
                "**" => NodeKind::Descendant,
                "%" => NodeKind::Parent,
                "(" => {
                    let mut items = Vec::new();
                    while self.node.tok.id() != ")" {
                        items.push(self.expression(0)?);
                        if self.node.tok.id() != ";" {
                            break;
                        }
                        self.advance(Some(";"), false)?;
                    }
                    self.advance(Some(")"), true)?;
                    NodeKind::Block(items)
                }
                "[" => {
                    let mut items = Vec::new();
                    if self.node.tok.id() != "]" {
                        loop {
                            let mut item = self.expression(0)?;
                            if self.node.tok.id() == ".." {
                                let at = self.node.pos;
                                self.advance(Some(".."), false)?;
                                let end = self.expression(0)?;
                                item = Node::new(
                                    NodeKind::Binary("..", Box::new(item), Box::new(end)),
                                    at,
                                )?;
                            }
                            items.push(item);
                            if self.node.tok.id() != "," {
                                break;
                            }
                            self.advance(Some(","), false)?;
                        }
                    }
                    self.advance(Some("]"), true)?;
                    NodeKind::Array(items)
                }
                "{" => NodeKind::Object(self.object_pairs()?),
                "|" => {
                    let pattern = self.expression(0)?;
                    self.advance(Some("|"), false)?;
                    let update = self.expression(0)?;
                    let delete = if self.node.tok.id() == "," {
                        self.advance(Some(","), false)?;
                        Some(Box::new(self.expression(0)?))
                    } else {
                        None
                    };
                    self.advance(Some("|"), false)?;
                    NodeKind::Transform(Box::new(pattern), Box::new(update), delete)
                }
                _ => {
                    return Err(syntax_error(
                        pos,
                        "S0211",
                        format!(
                        "'{op}' cannot start an expression here: an operand is missing before it"
                    ),
                    ))
                }
            },
        };
        Node::new(kind, pos)
    }

    fn object_pairs(&mut self) -> Result<Vec<(Node, Node)>, JsonataError> {
        let mut pairs = Vec::new();
        if self.node.tok.id() != "}" {
            loop {
                let key = self.expression(0)?;
                self.advance(Some(":"), false)?;
                let value = self.expression(0)?;
                pairs.push((key, value));
                if self.node.tok.id() != "," {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some("}"), true)?;
        Ok(pairs)
    }

    fn led(&mut self, t: Token, left: Node) -> Result<Node, JsonataError> {
        let pos = t.pos;
        let Tok::Op(op) = t.tok else {
            return Err(syntax_error(
                pos,
                "S0201",
                format!("unexpected {}", t.tok.describe()),
            ));
        };
        let left = Box::new(left);
        let kind = match op {
            "(" => {
                let mut args = Vec::new();
                if self.node.tok.id() != ")" {
                    loop {
                        if self.node.tok == Tok::Op("?") {
                            args.push(Node::new(NodeKind::Placeholder, self.node.pos)?);
                            self.advance(Some("?"), false)?;
                        } else {
                            args.push(self.expression(0)?);
                        }
                        if self.node.tok.id() != "," {
                            break;
                        }
                        self.advance(Some(","), false)?;
                    }
                }
                self.advance(Some(")"), true)?;
                let is_lambda =
                    matches!(&left.kind, NodeKind::Name(n) if n == "function" || n == "\u{3bb}");
                if !is_lambda {
                    NodeKind::Call(left, args)
                } else {
                    for (n, arg) in args.iter().enumerate() {
                        if !matches!(arg.kind, NodeKind::Variable) {
                            return Err(syntax_error(
                                arg.pos,
                                "S0208",
                                format!("parameter {} of a function definition must be a variable name (start it with $)", n + 1),
                            ));
                        }
                    }
                    if self.node.tok.id() == "<" {
                        let sig_start = self.node.pos;
                        let mut depth = 1;
                        while depth > 0
                            && self.node.tok.id() != "{"
                            && self.node.tok.id() != "(end)"
                        {
                            self.advance(None, false)?;
                            match self.node.tok.id() {
                                ">" => depth -= 1,
                                "<" => depth += 1,
                                _ => {}
                            }
                        }
                        let sig_end = self.node.pos + 1;
                        self.advance(Some(">"), false)?;
                        let signature = self.lexer.src.get(sig_start..sig_end).unwrap_or("");
                        check_signature(signature).map_err(|(offset, code, message)| {
                            syntax_error(sig_start + offset, code, message)
                        })?;
                    }
                    self.advance(Some("{"), false)?;
                    let body = self.expression(0)?;
                    self.advance(Some("}"), false)?;
                    NodeKind::Lambda(Box::new(body))
                }
            }
            "[" => {
                if self.node.tok.id() == "]" {
                    // `a[]`: keep singleton arrays; the step itself is unchanged.
                    self.advance(Some("]"), false)?;
                    return Ok(*left);
                }
                let predicate = self.expression(0)?;
                self.advance(Some("]"), true)?;
                NodeKind::Predicate(left, Box::new(predicate))
            }
            "^" => {
                self.advance(Some("("), false)?;
                let mut terms = Vec::new();
                loop {
                    if self.node.tok.id() == "<" {
                        self.advance(Some("<"), false)?;
                    } else if self.node.tok.id() == ">" {
                        self.advance(Some(">"), false)?;
                    }
                    terms.push(self.expression(0)?);
                    if self.node.tok.id() != "," {
                        break;
                    }
                    self.advance(Some(","), false)?;
                }
                self.advance(Some(")"), false)?;
                NodeKind::Sort(left, terms)
            }
            "{" => NodeKind::Group(left, self.object_pairs()?),
            ":=" => {
                if !matches!(left.kind, NodeKind::Variable) {
                    return Err(syntax_error(
                        left.pos,
                        "S0212",
                        "the left side of ':=' must be a variable name (start it with $)".into(),
                    ));
                }
                NodeKind::Bind(left, Box::new(self.expression(9)?))
            }
            "@" | "#" => {
                let rhs = self.expression(80)?;
                if !matches!(rhs.kind, NodeKind::Variable) {
                    return Err(syntax_error(
                        rhs.pos,
                        "S0214",
                        format!(
                            "the right side of '{op}' must be a variable name (start it with $)"
                        ),
                    ));
                }
                if op == "@" {
                    NodeKind::Focus(left, Box::new(rhs))
                } else {
                    NodeKind::Index(left, Box::new(rhs))
                }
            }
            "?" => {
                let then = self.expression(0)?;
                let otherwise = if self.node.tok.id() == ":" {
                    self.advance(Some(":"), false)?;
                    Some(Box::new(self.expression(0)?))
                } else {
                    None
                };
                NodeKind::Condition(left, Box::new(then), otherwise)
            }
            "??" | "?:" => NodeKind::Default(left, Box::new(self.expression(0)?)),
            "~>" => NodeKind::Apply(left, Box::new(self.expression(40)?)),
            _ => {
                let rhs = self.expression(t.tok.lbp())?;
                NodeKind::Binary(op, left, Box::new(rhs))
            }
        };
        Node::new(kind, pos)
    }
}

/// The reference's checks of a function signature such as `<n-n:n>` or `<a<s>f?:s>`
/// (whitespace between its tokens is ignored, as the reference joins the tokens).
fn check_signature(signature: &str) -> Result<(), (usize, &'static str, String)> {
    let chars: Vec<(usize, char)> = signature
        .char_indices()
        .filter(|(_, c)| !c.is_whitespace())
        .collect();
    let closing = |start: usize, open: char, close: char| {
        let mut depth = 1;
        let mut at = start;
        while at < chars.len() {
            at += 1;
            match chars.get(at).map(|(_, c)| *c) {
                Some(c) if c == close => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                Some(c) if c == open => depth += 1,
                _ => {}
            }
        }
        at
    };
    let mut previous: Option<char> = None;
    let mut at = 1;
    while let Some(&(offset, symbol)) = chars.get(at) {
        match symbol {
            ':' => break,
            's' | 'n' | 'b' | 'l' | 'o' | 'a' | 'f' | 'j' | 'x' => previous = Some(symbol),
            '(' => {
                let end = closing(at, '(', ')');
                if chars
                    .get(at + 1..end.min(chars.len()))
                    .is_some_and(|c| c.iter().any(|(_, c)| *c == '<'))
                {
                    return Err((offset, "S0402", "choice groups with parameterized types such as (a<n>) are not supported in a signature".into()));
                }
                previous = Some('(');
                at = end;
            }
            '<' => {
                if !matches!(previous, Some('a' | 'f')) {
                    return Err((offset, "S0401", "a type parameter <…> in a signature can only follow 'a' (array) or 'f' (function)".into()));
                }
                at = closing(at, '<', '>');
            }
            _ => {}
        }
        at += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------- post-parse checks

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Path,
    Name,
    Wildcard,
    Parent,
    Block,
    Sort,
    Number,
    Value,
    Str,
    Other,
}

/// What the reference's post-parse stage makes of a node, as far as its checks need.
#[derive(Debug, Clone)]
struct Processed {
    kind: Kind,
    pos: usize,
    /// The steps of a path.
    steps: Vec<Processed>,
    /// The last expression of a block.
    last: Option<Box<Processed>>,
    /// For `%`: its slot.
    slot: Option<usize>,
    /// Slots of `%` operators below this node still looking for their step.
    seeking: Option<Vec<usize>>,
    predicate: bool,
    group: bool,
    focus: bool,
}

impl Processed {
    fn new(kind: Kind, pos: usize) -> Self {
        Processed {
            kind,
            pos,
            steps: Vec::new(),
            last: None,
            slot: None,
            seeking: None,
            predicate: false,
            group: false,
            focus: false,
        }
    }

    fn into_path(self) -> Processed {
        if self.kind == Kind::Path {
            self
        } else {
            let pos = self.pos;
            let mut path = Processed::new(Kind::Path, pos);
            path.steps.push(self);
            path
        }
    }
}

struct PostParse {
    /// Levels of the `%` slots: how many steps up each still has to go.
    slots: Vec<i64>,
}

fn parent_error(pos: usize) -> JsonataError {
    syntax_error(
        pos,
        "S0217",
        "the parent operator '%' cannot be resolved from this expression: it must follow a field-name or wildcard step".into(),
    )
}

impl PostParse {
    fn level(&mut self, slot: usize) -> &mut i64 {
        if slot >= self.slots.len() {
            self.slots.resize(slot + 1, 0);
        }
        &mut self.slots[slot]
    }

    fn push_ancestry(result: &mut Processed, value: &Processed) {
        if value.seeking.is_some() || value.kind == Kind::Parent {
            let mut slots = value.seeking.clone().unwrap_or_default();
            if value.kind == Kind::Parent {
                slots.extend(value.slot);
            }
            result.seeking.get_or_insert_with(Vec::new).extend(slots);
        }
    }

    fn seek_parent(&mut self, node: &Processed, slot: usize) -> Result<(), JsonataError> {
        match node.kind {
            Kind::Name | Kind::Wildcard => *self.level(slot) -= 1,
            Kind::Parent => *self.level(slot) += 1,
            Kind::Block => {
                if let Some(last) = &node.last {
                    self.seek_parent(last, slot)?;
                }
            }
            Kind::Path => {
                let mut index = node.steps.len();
                let mut first = true;
                while index > 0 && (first || *self.level(slot) > 0) {
                    first = false;
                    index -= 1;
                    if let Some(step) = node.steps.get(index) {
                        self.seek_parent(step, slot)?;
                    }
                }
            }
            _ => return Err(parent_error(node.pos)),
        }
        Ok(())
    }

    fn resolve_ancestry(&mut self, path: &mut Processed) -> Result<(), JsonataError> {
        let Some(last) = path.steps.last() else {
            return Ok(());
        };
        let mut slots = last.seeking.clone().unwrap_or_default();
        if last.kind == Kind::Parent {
            slots.extend(last.slot);
        }
        for slot in slots {
            let mut index = path.steps.len() as i64 - 2;
            while *self.level(slot) > 0 {
                if index < 0 {
                    path.seeking.get_or_insert_with(Vec::new).push(slot);
                    break;
                }
                let mut i = index as usize;
                index -= 1;
                while index >= 0
                    && path.steps.get(i).is_some_and(|s| s.focus)
                    && path.steps.get(index as usize).is_some_and(|s| s.focus)
                {
                    i = index as usize;
                    index -= 1;
                }
                let step = path.steps.get(i).cloned();
                if let Some(step) = step {
                    self.seek_parent(&step, slot)?;
                }
            }
        }
        Ok(())
    }

    /// The step a suffix (predicate, binding) applies to: the last step of a path, or the node.
    fn target(result: &mut Processed) -> &mut Processed {
        if result.kind == Kind::Path && !result.steps.is_empty() {
            let last = result.steps.len() - 1; // the steps are not empty
            &mut result.steps[last]
        } else {
            result
        }
    }

    fn process(&mut self, node: &Node) -> Result<Processed, JsonataError> {
        let pos = node.pos;
        Ok(match &node.kind {
            NodeKind::End => {
                return Err(syntax_error(
                    pos,
                    "S0207",
                    "unexpected end of expression: an operand is missing".into(),
                ))
            }
            NodeKind::Name(_) => Processed::new(Kind::Name, pos).into_path(),
            NodeKind::Str => Processed::new(Kind::Str, pos),
            NodeKind::Number => Processed::new(Kind::Number, pos),
            NodeKind::Value => Processed::new(Kind::Value, pos),
            NodeKind::Wildcard => Processed::new(Kind::Wildcard, pos),
            NodeKind::Variable | NodeKind::Regex | NodeKind::Descendant | NodeKind::Placeholder => {
                Processed::new(Kind::Other, pos)
            }
            NodeKind::Parent => {
                let slot = self.slots.len();
                self.slots.push(1);
                let mut p = Processed::new(Kind::Parent, pos);
                p.slot = Some(slot);
                p
            }
            NodeKind::Binary(".", lhs, rhs) => {
                let lstep = self.process(lhs)?;
                let lhs_parent = (lstep.kind == Kind::Parent).then_some(lstep.slot).flatten();
                let mut result = lstep.into_path();
                if let Some(slot) = lhs_parent {
                    result.seeking = Some(vec![slot]);
                }
                let rest = self.process(rhs)?;
                if rest.kind == Kind::Path {
                    result.steps.extend(rest.steps);
                } else {
                    result.steps.push(rest);
                }
                for step in &mut result.steps {
                    match step.kind {
                        Kind::Number | Kind::Value => {
                            return Err(syntax_error(
                                step.pos,
                                "S0213",
                                "a number, true, false or null cannot be a step of a path; use a predicate such as a[0], or quote a field name with backquotes".into(),
                            ))
                        }
                        Kind::Str => step.kind = Kind::Name,
                        _ => {}
                    }
                }
                self.resolve_ancestry(&mut result)?;
                result
            }
            NodeKind::Predicate(lhs, rhs) => {
                let mut result = self.process(lhs)?;
                let predicate = self.process(rhs)?;
                let step = Self::target(&mut result);
                if step.group {
                    return Err(syntax_error(pos, "S0209", "a predicate cannot follow a grouping expression in a step; move the predicate before the { }".into()));
                }
                step.predicate = true;
                if let Some(slots) = &predicate.seeking {
                    let step_snapshot = step.clone();
                    for &slot in slots {
                        if *self.level(slot) == 1 {
                            self.seek_parent(&step_snapshot, slot)?;
                        } else {
                            *self.level(slot) -= 1;
                        }
                    }
                }
                let step = Self::target(&mut result);
                Self::push_ancestry(step, &predicate);
                result
            }
            NodeKind::Group(lhs, pairs) => {
                let mut result = self.process(lhs)?;
                if result.group {
                    return Err(syntax_error(
                        pos,
                        "S0210",
                        "each step can only have one grouping expression; merge the { } objects"
                            .into(),
                    ));
                }
                result.group = true;
                for (k, v) in pairs {
                    self.process(k)?;
                    self.process(v)?;
                }
                result
            }
            NodeKind::Sort(lhs, terms) => {
                let mut result = self.process(lhs)?.into_path();
                let mut sort = Processed::new(Kind::Sort, pos);
                for term in terms {
                    let e = self.process(term)?;
                    Self::push_ancestry(&mut sort, &e);
                }
                result.steps.push(sort);
                self.resolve_ancestry(&mut result)?;
                result
            }
            NodeKind::Bind(lhs, rhs) => {
                let mut result = Processed::new(Kind::Other, pos);
                self.process(lhs)?;
                let r = self.process(rhs)?;
                Self::push_ancestry(&mut result, &r);
                result
            }
            NodeKind::Focus(lhs, _) => {
                let mut result = self.process(lhs)?;
                let step = Self::target(&mut result);
                if step.predicate {
                    return Err(syntax_error(
                        pos,
                        "S0215",
                        "a context variable binding '@' must come before any predicates on a step"
                            .into(),
                    ));
                }
                if step.kind == Kind::Sort {
                    return Err(syntax_error(pos, "S0216", "a context variable binding '@' must come before the order-by '^( )' on a step".into()));
                }
                step.focus = true;
                result
            }
            NodeKind::Index(lhs, _) => self.process(lhs)?.into_path(),
            NodeKind::Apply(lhs, rhs) => {
                self.process(lhs)?;
                self.process(rhs)?;
                Processed::new(Kind::Other, pos)
            }
            NodeKind::Binary(_, lhs, rhs) => {
                let mut result = Processed::new(Kind::Other, pos);
                let l = self.process(lhs)?;
                Self::push_ancestry(&mut result, &l);
                let r = self.process(rhs)?;
                Self::push_ancestry(&mut result, &r);
                result
            }
            NodeKind::Array(items) => {
                let mut result = Processed::new(Kind::Other, pos);
                for item in items {
                    let v = self.process(item)?;
                    Self::push_ancestry(&mut result, &v);
                }
                result
            }
            NodeKind::Object(pairs) => {
                let mut result = Processed::new(Kind::Other, pos);
                for (k, v) in pairs {
                    let k = self.process(k)?;
                    Self::push_ancestry(&mut result, &k);
                    let v = self.process(v)?;
                    Self::push_ancestry(&mut result, &v);
                }
                result
            }
            NodeKind::Negate(inner) => {
                let e = self.process(inner)?;
                if e.kind == Kind::Number {
                    e
                } else {
                    let mut result = Processed::new(Kind::Other, pos);
                    Self::push_ancestry(&mut result, &e);
                    result
                }
            }
            NodeKind::Call(procedure, args) => {
                let mut result = Processed::new(Kind::Other, pos);
                for arg in args {
                    let a = self.process(arg)?;
                    Self::push_ancestry(&mut result, &a);
                }
                self.process(procedure)?;
                result
            }
            NodeKind::Lambda(body) => {
                self.process(body)?;
                Processed::new(Kind::Other, pos)
            }
            NodeKind::Condition(c, t, e) => {
                let mut result = Processed::new(Kind::Other, pos);
                for part in [Some(c), Some(t), e.as_ref()].into_iter().flatten() {
                    let p = self.process(part)?;
                    Self::push_ancestry(&mut result, &p);
                }
                result
            }
            NodeKind::Default(lhs, rhs) => {
                // The reference tests a copy of the left side and returns the original.
                let mut result = Processed::new(Kind::Other, pos);
                for part in [lhs, lhs, rhs] {
                    let p = self.process(part)?;
                    Self::push_ancestry(&mut result, &p);
                }
                result
            }
            NodeKind::Transform(pattern, update, delete) => {
                self.process(pattern)?;
                self.process(update)?;
                if let Some(d) = delete {
                    self.process(d)?;
                }
                Processed::new(Kind::Other, pos)
            }
            NodeKind::Block(items) => {
                let mut result = Processed::new(Kind::Block, pos);
                let mut last = None;
                for item in items {
                    let p = self.process(item)?;
                    Self::push_ancestry(&mut result, &p);
                    last = Some(p);
                }
                result.last = last.map(Box::new);
                result
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) {
        if let Err(e) = check_syntax(s) {
            panic!("{s:?} should be accepted: {e}");
        }
    }

    fn err(s: &str) -> JsonataError {
        match check_syntax(s) {
            Ok(()) => panic!("{s:?} should be rejected"),
            Err(e) => e,
        }
    }

    #[test]
    fn recognises_expression_strings() {
        assert!(is_expression("{% $states.input %}"));
        assert!(is_expression("{%%}"));
        assert!(!is_expression("{%}"));
        assert!(!is_expression(" {% 1 %}"));
        assert!(!is_expression("$.a"));
        assert_eq!(expression_body("{% 1 %}"), Some(" 1 "));
    }

    #[test]
    fn accepts_the_step_functions_docs_examples() {
        for s in [
            "{% $states.input.customer.name %}",
            "{% $states.input.items[0] %}",
            "{% $states.context.Execution.Id %}",
            "{% $states.result.Payload %}",
            "{% $states.errorOutput %}",
            "{% $count($states.input.items) > 0 %}",
            "{% $states.input.age >= 18 and $states.input.country = 'US' %}",
            "{% $sum($states.input.items.price) %}",
            "{% $states.input.items[price > 100] %}",
            "{% $string($states.input.orderId) & '-' & $uuid() %}",
            "{% $parse($states.input.json) %}",
            "{% $partition($states.input.items, 2) %}",
            "{% $range(0, 10, 2) %}",
            "{% $hash($states.input.data, 'SHA-256') %}",
            "{% $random() %}",
            "{% $now() %}",
            "{% $millis() %}",
            "{% $toMillis($states.input.date) + 86400000 %}",
            "{% $fromMillis($toMillis($now()) + 3600000) %}",
            "{% $states.input.x ? 'yes' : 'no' %}",
            "{% ($a := 1; $b := $a + 1; $b * 2) %}",
            "{% $map($states.input.items, function($v, $i) { $v.price * $i }) %}",
            "{% $filter($states.input, function($v) { $v.active }) %}",
            "{% $reduce([1..5], function($acc, $v) { $acc + $v }, 0) %}",
            "{% {'id': $states.input.id, 'total': $sum($states.input.lines.(qty * price))} %}",
            "{% [1, 2, 3] ~> $map(function($x) { $x * 2 }) %}",
            "{% $states.input.orders^(>date, <id) %}",
            "{% $states.input.items#$i[$i < 3] %}",
            "{% Account.Order@$o.Product@$p.{'order': $o.OrderID, 'product': $p.ProductID} %}",
            "{% Account.Order.Product.{'Product': `Product Name`, 'Order': %.OrderID} %}",
            "{% $match($states.input.email, /^[a-z]+@example\\.com$/i) %}",
            "{% $contains($states.input.name, /smith/) %}",
            "{% /* a comment */ $states.input %}",
            "{% $states.input.`field with space` %}",
            "{% **.price %}",
            "{% $states.input.* %}",
            "{% $states.input ~> |$|{'seen': true}, ['secret']| %}",
            "{% $x ?? 'default' %}",
            "{% $x ?: 'default' %}",
            "{% function($x)<n-n>{ $x + 1 }(2) %}",
            "{% function($a, $f)<a<n>f?:a<n>>{ $map($a, $f) } %}",
            "{% function($v)<(sn)-:s>{ $string($v) } %}",
            "{% λ($x){ $x }(1) %}",
            "{% ($f := $substring(?, 0, 3); $f('abcdef')) %}",
            "{% 'a' in ['a', 'b'] %}",
            "{% -$states.input.x %}",
            "{% $states.input.items[] %}",
            "{% $states.input.items{type: $sum(amount)} %}",
            "{% 1e3 + 2.5 - 0.5 * 4 / 2 % 3 %}",
            "{% \"double\" & 'single' & \"esc\\\"aped\\u00e9\\n\" %}",
            "{% () %}",
            "{% (1; 2;) %}",
            "{% [] %}",
            "{% {} %}",
            "{% $ %}",
            "{% $$ %}",
            "{% a.and.or.in %}",
            "{% true and false or null = null %}",
            "{% 1 != 2 and 1 <= 2 and 2 >= 1 %}",
            "{% $states.input.a / $states.input.b %}",
            "{% a[%.b] %}",
            "{% a.%.b %}",
            "  $states.input  ",
        ] {
            ok(s);
        }
    }

    #[test]
    fn rejects_what_the_reference_rejects() {
        for (s, code) in [
            ("", "S0207"),
            ("{%   %}", "S0207"),
            ("$states.input.", "S0207"),
            ("1 +", "S0207"),
            ("(/ab/)", "S0211"),
            ("[/ab/]", "S0211"),
            ("1.a", "S0213"),
            ("a.1", "S0213"),
            ("a.-1", "S0213"),
            ("true.a", "S0213"),
            ("a.null", "S0213"),
            ("$x.%", "S0217"),
            ("%", "S0217"),
            ("$x[%.b]", "S0217"),
            ("%.a", "S0217"),
            ("a[0]@$x", "S0215"),
            ("a^(b)@$x", "S0216"),
            ("!a", "S0204"),
            ("a ~ b", "S0204"),
            ("a{'x':1}{'y':2}", "S0210"),
            ("$x{'a':1}[0]", "S0209"),
            ("function(x){x}", "S0208"),
            ("a /* c", "S0106"),
            ("a := 1", "S0212"),
            ("a@1", "S0214"),
            ("a#b", "S0214"),
            ("a^b", "S0202"),
            ("a[", "S0203"),
            ("a]", "S0201"),
            ("a((", "S0203"),
            ("\"\\q\"", "S0103"),
            ("'\\u12'", "S0104"),
            ("'abc", "S0101"),
            ("`abc", "S0105"),
            ("a..b", "S0201"),
            ("1e999", "S0102"),
            ("$f(1,", "S0203"),
            ("{'a' 1}", "S0202"),
            ("{'a': 1", "S0203"),
            ("$x ? ", "S0207"),
            ("a = = b", "S0211"),
            ("$a(", "S0203"),
            ("$match(s, //)", "S0301"),
            ("$match(s, /ab)", "S0302"),
            ("$match(s, /(ab/)", "S0302"),
            ("$match(s, /*/)", "S0106"),
            ("$match(s, /a)b/)", "S0302"),
            ("$match(s, /+a/)", "S0303"),
            ("$states.input }", "S0201"),
            ("01", "S0201"),
            ("function($a)<<n>:n>{ $count($a) }", "S0401"),
            ("function($a)<n<n>>{ $a }", "S0401"),
            ("function($a)<(a<n>s)>{ $a }", "S0402"),
        ] {
            let e = err(s);
            assert_eq!(e.code, code, "{s:?}: {e}");
        }
    }

    #[test]
    fn offsets_point_into_the_given_string() {
        assert_eq!(err("{% a[ %}").offset, 6);
        assert_eq!(err("{% 1.a %}").offset, 3);
        assert_eq!(err("a ~ b").offset, 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        err(&deep);
        let chain = vec!["1"; 100_000].join(" + ");
        err(&chain);
        let arrays = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        err(&arrays);
        let negs = format!("{}1", "-".repeat(100_000));
        err(&negs);
    }
}
