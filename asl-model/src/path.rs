//! JSONPath as Amazon States Language uses it: a parser to a typed AST, and a canonical printer.
//!
//! The syntax is the subset of Jayway JsonPath that Step Functions accepts, with the ASL
//! extensions: `$$` for the context object, `$name` for variables (JSONPath `Assign`), and
//! backslash escapes in dot-notation names (`$.store\.book`). Script expressions
//! (`[(@.length-1)]`) and functions (`.length()`) are rejected with a pointer to the
//! intrinsic that does the job instead.

use std::fmt;

use serde_json::Value;

/// Deepest nesting of filter expressions (parentheses, `!`, paths inside filters) accepted.
pub const MAX_NESTING: usize = 256;

/// A parsed path: where it starts and the steps from there.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath {
    pub root: Root,
    pub segments: Vec<Segment>,
}

/// What a path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// `$`: the state input (or the current item in a filter's `$` reference).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a variable set by `Assign`.
    Variable(String),
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// `.a` or `['a']`.
    Field(String),
    /// `[3]`, `[-1]`.
    Index(i64),
    /// `.*` or `[*]`.
    Wildcard,
    /// `[start:end:step]`.
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    /// `[0,2]`, `['a','b']`.
    Union(Vec<UnionItem>),
    /// `..a`, `..*`, `..[0]`: the inner step applied at every depth.
    Descendant(Box<Segment>),
    /// `[?(@.x > 1)]`.
    Filter(FilterExpr),
}

/// One member of a union subscript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionItem {
    Field(String),
    Index(i64),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
}

/// The Boolean expression of a filter subscript `[?( … )]`.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterExpr {
    /// A lone operand: true when the path exists (or the literal is truthy).
    Exists(FilterOperand),
    Compare {
        left: FilterOperand,
        op: FilterOp,
        right: FilterOperand,
    },
    And(Box<FilterExpr>, Box<FilterExpr>),
    Or(Box<FilterExpr>, Box<FilterExpr>),
    Not(Box<FilterExpr>),
}

/// A value inside a filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterOperand {
    /// `@`, `@.price`: relative to the element being filtered.
    Current(Vec<Segment>),
    /// `$.limit`, `$$.Execution.Id`, `$var`.
    Path(JsonPath),
    /// A string, number, `true`, `false` or `null`.
    Literal(Value),
    /// `/pattern/flags`, the right-hand side of `=~`.
    Regex { pattern: String, flags: String },
}

/// A comparison operator of a filter expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `=~`: regular-expression match.
    Matches,
}

impl FilterOp {
    pub fn as_str(self) -> &'static str {
        match self {
            FilterOp::Eq => "==",
            FilterOp::Ne => "!=",
            FilterOp::Lt => "<",
            FilterOp::Le => "<=",
            FilterOp::Gt => ">",
            FilterOp::Ge => ">=",
            FilterOp::Matches => "=~",
        }
    }
}

/// Why a string is not a path: where (a byte offset into it) and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at offset {offset}: {message}")]
pub struct PathError {
    pub offset: usize,
    pub message: String,
}

impl JsonPath {
    /// A path whose only steps are fields and indexes, so it names at most one node:
    /// what the spec requires of `InputPath`, `OutputPath`, `ResultPath`, a Choice
    /// `Variable` and the `…Path` fields.
    pub fn is_reference_path(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Field(_) | Segment::Index(_)))
    }
}

/// Parse a JSONPath (`$…`, `$$…`, `$var…`).
/// Whitespace around the path is ignored, as AWS does (a deployed `"$$.Execution.Name "`).
pub fn parse_path(s: &str) -> Result<JsonPath, PathError> {
    let lead = s.len() - s.trim_start().len();
    let s = s.trim();
    let (path, end) = parse_path_prefix(s, 0).map_err(|e| PathError {
        offset: e.offset + lead,
        ..e
    })?;
    if end < s.len() {
        let parser = PathParser {
            src: s,
            pos: end,
            depth: 0,
        };
        let mut e = parser.unexpected("the end of the path");
        e.offset += lead;
        return Err(e);
    }
    Ok(path)
}

/// Parse the longest path at the start of `s` (as inside an intrinsic call's argument
/// list); returns it with the byte offset just past it. `depth` is the nesting already
/// used by the caller, counted against [`MAX_NESTING`].
pub(crate) fn parse_path_prefix(s: &str, depth: usize) -> Result<(JsonPath, usize), PathError> {
    let mut parser = PathParser {
        src: s,
        pos: 0,
        depth,
    };
    let path = parser.path()?;
    Ok((path, parser.pos))
}

struct PathParser<'a> {
    src: &'a str,
    pos: usize,
    depth: usize,
}

/// Characters that end a dot-notation name unless escaped with `\`.
fn ends_name(c: char, in_filter: bool) -> bool {
    matches!(
        c,
        '.' | '[' | ']' | '(' | ')' | ',' | '\'' | '"' | '\\' | '<' | '>' | '!' | '='
    ) || c.is_whitespace()
        || (in_filter && matches!(c, '&' | '|' | '~'))
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => chars.all(|c| c.is_alphanumeric() || c == '_'),
        _ => false,
    }
}

impl<'a> PathParser<'a> {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|r| r.chars().next())
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.pos..).and_then(|r| r.chars().nth(n))
    }

    fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> PathError {
        PathError {
            offset,
            message: message.into(),
        }
    }

    fn unexpected(&self, expected: &str) -> PathError {
        match self.peek() {
            Some(c) => self.error(self.pos, format!("unexpected '{c}', expected {expected}")),
            None => self.error(
                self.pos,
                format!("the path ends early, expected {expected}"),
            ),
        }
    }

    fn enter(&mut self) -> Result<(), PathError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(
                self.pos,
                format!("nesting deeper than {MAX_NESTING} levels; simplify the path"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn path(&mut self) -> Result<JsonPath, PathError> {
        let root = self.root()?;
        let segments = self.segments(false)?;
        Ok(JsonPath { root, segments })
    }

    fn root(&mut self) -> Result<Root, PathError> {
        let start = self.pos;
        if !self.eat("$") {
            return Err(self.error(
                start,
                "a path must start with '$' (input), '$$' (context object) or '$name' (a variable)",
            ));
        }
        if self.eat("$") {
            return Ok(Root::Context);
        }
        let name_start = self.pos;
        while matches!(self.peek(), Some(c) if !ends_name(c, true)) {
            self.bump();
        }
        let name = self.src.get(name_start..self.pos).unwrap_or("");
        if name.is_empty() {
            return Ok(Root::Input);
        }
        if !is_identifier(name) {
            return Err(self.error(
                name_start,
                format!(
                    "'${name}' is not a variable reference: variable names start with a letter or '_' \
                     and contain only letters, digits and '_'; to read a field of the input write '$.{name}'"
                ),
            ));
        }
        Ok(Root::Variable(name.to_string()))
    }

    fn segments(&mut self, in_filter: bool) -> Result<Vec<Segment>, PathError> {
        let mut segments = Vec::new();
        loop {
            match self.peek() {
                Some('.') if self.peek_at(1) == Some('.') => {
                    let at = self.pos;
                    self.pos += 2;
                    let inner = match self.peek() {
                        Some('*') => {
                            self.bump();
                            Segment::Wildcard
                        }
                        Some('[') => self.bracket()?,
                        Some('.') => {
                            return Err(self
                                .error(at, "'...' is not valid; use '..' for a descendant step"))
                        }
                        _ => Segment::Field(self.dot_name(in_filter)?),
                    };
                    segments.push(Segment::Descendant(Box::new(inner)));
                }
                Some('.') => {
                    self.bump();
                    if self.peek() == Some('[') {
                        // Jayway's `$.[0]` and `$.[?(…)]`, which AWS accepts: the same as `$[0]`.
                        segments.push(self.bracket()?);
                    } else if self.peek() == Some('*') {
                        self.bump();
                        segments.push(Segment::Wildcard);
                    } else {
                        let name = self.dot_name(in_filter)?;
                        segments.push(Segment::Field(name));
                    }
                }
                Some('[') => {
                    let seg = self.bracket()?;
                    segments.push(seg);
                }
                _ => return Ok(segments),
            }
        }
    }

    /// A dot-notation name, with `\x` escapes.
    fn dot_name(&mut self, in_filter: bool) -> Result<String, PathError> {
        let start = self.pos;
        let mut name = String::new();
        loop {
            match self.peek() {
                Some('\\') => {
                    self.bump();
                    match self.bump() {
                        Some(c) => name.push(c),
                        None => {
                            return Err(self.error(
                                self.pos,
                                "a '\\' at the end of the path escapes nothing; remove it",
                            ))
                        }
                    }
                }
                Some(c) if !ends_name(c, in_filter) => {
                    self.bump();
                    name.push(c);
                }
                _ => break,
            }
        }
        if name.is_empty() {
            return Err(match self.peek() {
                None => self.error(start, "a '.' must be followed by a field name or '*'; remove the trailing '.'"),
                Some(c) => self.error(
                    start,
                    format!("unexpected '{c}' after '.': expected a field name or '*' (write ['…'] for names with special characters)"),
                ),
            });
        }
        if self.peek() == Some('(') {
            let hint = if name == "length" || name == "size" {
                "; use the intrinsic States.ArrayLength(…) instead"
            } else {
                "; use an intrinsic function (States.…) instead"
            };
            return Err(self.error(start, format!("JSONPath functions such as '{name}()' are not supported by Step Functions{hint}")));
        }
        Ok(name)
    }

    fn quoted(&mut self) -> Result<String, PathError> {
        let start = self.pos;
        let quote = self.bump().unwrap_or('\'');
        let mut out = String::new();
        loop {
            match self.bump() {
                None => {
                    return Err(self.error(
                        start,
                        format!("unterminated string: add the closing {quote}"),
                    ))
                }
                // Only the quote and the backslash are escaped; AWS keeps any other `\x` as written
                // (`$['a\"b']` names the key `a\"b`, recorded execution 888).
                Some('\\') => match self.bump() {
                    Some(c) if c == quote || c == '\\' => out.push(c),
                    Some(c) => {
                        out.push('\\');
                        out.push(c);
                    }
                    None => {
                        return Err(self.error(
                            start,
                            format!("unterminated string: add the closing {quote}"),
                        ))
                    }
                },
                Some(c) if c == quote => return Ok(out),
                Some(c) => out.push(c),
            }
        }
    }

    fn integer(&mut self) -> Result<Option<i64>, PathError> {
        let start = self.pos;
        self.eat("-");
        while matches!(self.peek(), Some(c) if c.is_ascii_digit()) {
            self.pos += 1;
        }
        let text = self.src.get(start..self.pos).unwrap_or("");
        if text.is_empty() {
            return Ok(None);
        }
        text.parse::<i64>().map(Some).map_err(|_| {
            self.error(
                start,
                format!("'{text}' is not an integer index (or it is too large)"),
            )
        })
    }

    /// After `[` … an integer was read: a slice, an index, or a union of those.
    fn slice_rest(&mut self, start: Option<i64>) -> Result<UnionItem, PathError> {
        if !self.eat(":") {
            return match start {
                Some(i) => Ok(UnionItem::Index(i)),
                None => Err(self.unexpected("an index, a slice, '*', a quoted name or '?(…)'")),
            };
        }
        self.skip_ws();
        let end = self.integer()?;
        self.skip_ws();
        let step = if self.eat(":") {
            self.skip_ws();
            let step = self.integer()?;
            if step == Some(0) {
                return Err(self.error(
                    self.pos,
                    "a slice step of 0 selects nothing; use a positive or negative step",
                ));
            }
            step
        } else {
            None
        };
        Ok(UnionItem::Slice { start, end, step })
    }

    fn bracket(&mut self) -> Result<Segment, PathError> {
        let open = self.pos;
        self.bump(); // '['
        self.skip_ws();
        let seg = match self.peek() {
            Some('*') => {
                self.bump();
                Segment::Wildcard
            }
            Some('?') => {
                self.bump();
                self.skip_ws();
                if !self.eat("(") {
                    return Err(
                        self.unexpected("'(' after '?' (a filter is written [?(@.field > 1)])")
                    );
                }
                self.enter()?;
                self.skip_ws();
                let expr = self.filter_or()?;
                self.skip_ws();
                if !self.eat(")") {
                    return Err(self.unexpected("')' to close the filter expression"));
                }
                self.leave();
                Segment::Filter(expr)
            }
            Some('(') => return Err(self.error(
                self.pos,
                "script expressions such as [(@.length-1)] are not supported by Step Functions; \
                     use a negative index ([-1]) or an intrinsic such as States.ArrayGetItem",
            )),
            _ => {
                let mut items = Vec::new();
                loop {
                    self.skip_ws();
                    let item = match self.peek() {
                        Some('\'' | '"') => UnionItem::Field(self.quoted()?),
                        Some(c) if c == '-' || c == ':' || c.is_ascii_digit() => {
                            let start = self.integer()?;
                            self.skip_ws();
                            self.slice_rest(start)?
                        }
                        _ => {
                            return Err(self.unexpected(
                                "an index, a slice, '*', a quoted name or '?(…)' inside [ ]",
                            ))
                        }
                    };
                    items.push(item);
                    self.skip_ws();
                    if !self.eat(",") {
                        break;
                    }
                }
                if items.len() == 1 {
                    match items.pop() {
                        Some(UnionItem::Field(f)) => Segment::Field(f),
                        Some(UnionItem::Index(i)) => Segment::Index(i),
                        Some(UnionItem::Slice { start, end, step }) => {
                            Segment::Slice { start, end, step }
                        }
                        None => Segment::Union(Vec::new()),
                    }
                } else {
                    Segment::Union(items)
                }
            }
        };
        self.skip_ws();
        if !self.eat("]") {
            return Err(match self.peek() {
                None => self.error(open, "unclosed '[': add the matching ']'"),
                Some(_) => self.unexpected("']'"),
            });
        }
        Ok(seg)
    }

    fn filter_or(&mut self) -> Result<FilterExpr, PathError> {
        let mut left = self.filter_and()?;
        loop {
            self.skip_ws();
            if !self.eat("||") {
                return Ok(left);
            }
            self.skip_ws();
            let right = self.filter_and()?;
            left = FilterExpr::Or(Box::new(left), Box::new(right));
        }
    }

    fn filter_and(&mut self) -> Result<FilterExpr, PathError> {
        let mut left = self.filter_unary()?;
        loop {
            self.skip_ws();
            if !self.eat("&&") {
                return Ok(left);
            }
            self.skip_ws();
            let right = self.filter_unary()?;
            left = FilterExpr::And(Box::new(left), Box::new(right));
        }
    }

    fn filter_unary(&mut self) -> Result<FilterExpr, PathError> {
        self.skip_ws();
        if self.peek() == Some('!') && self.peek_at(1) != Some('=') {
            self.bump();
            self.enter()?;
            let inner = self.filter_unary()?;
            self.leave();
            return Ok(FilterExpr::Not(Box::new(inner)));
        }
        if self.peek() == Some('(') {
            self.bump();
            self.enter()?;
            let inner = self.filter_or()?;
            self.skip_ws();
            if !self.eat(")") {
                return Err(self.unexpected("')'"));
            }
            self.leave();
            return Ok(inner);
        }
        let left = self.filter_operand()?;
        self.skip_ws();
        let op = if self.eat("==") {
            FilterOp::Eq
        } else if self.eat("!=") {
            FilterOp::Ne
        } else if self.eat("<=") {
            FilterOp::Le
        } else if self.eat(">=") {
            FilterOp::Ge
        } else if self.eat("=~") {
            FilterOp::Matches
        } else if self.eat("<") {
            FilterOp::Lt
        } else if self.eat(">") {
            FilterOp::Gt
        } else if self.peek() == Some('=') {
            return Err(self.error(self.pos, "'=' is not a comparison; write '==' for equality"));
        } else {
            return Ok(FilterExpr::Exists(left));
        };
        self.skip_ws();
        let right = self.filter_operand()?;
        if op == FilterOp::Matches && !matches!(right, FilterOperand::Regex { .. }) {
            return Err(self.error(
                self.pos,
                "'=~' needs a regular expression literal on its right, e.g. @.name =~ /^a.*/i",
            ));
        }
        Ok(FilterExpr::Compare { left, op, right })
    }

    fn filter_operand(&mut self) -> Result<FilterOperand, PathError> {
        let start = self.pos;
        match self.peek() {
            Some('@') => {
                self.bump();
                self.enter()?;
                let segs = self.segments(true)?;
                self.leave();
                Ok(FilterOperand::Current(segs))
            }
            Some('$') => {
                self.enter()?;
                let root = self.root()?;
                let segments = self.segments(true)?;
                self.leave();
                Ok(FilterOperand::Path(JsonPath { root, segments }))
            }
            Some('\'' | '"') => Ok(FilterOperand::Literal(Value::String(self.quoted()?))),
            Some('/') => {
                self.bump();
                let mut pattern = String::new();
                loop {
                    match self.bump() {
                        None => {
                            return Err(self.error(
                                start,
                                "unterminated regular expression: add the closing '/'",
                            ))
                        }
                        Some('\\') => {
                            pattern.push('\\');
                            match self.bump() {
                                Some(c) => pattern.push(c),
                                None => {
                                    return Err(self.error(
                                        start,
                                        "unterminated regular expression: add the closing '/'",
                                    ))
                                }
                            }
                        }
                        Some('/') => break,
                        Some(c) => pattern.push(c),
                    }
                }
                let mut flags = String::new();
                while let Some(c) = self.peek().filter(|c| c.is_ascii_alphabetic()) {
                    self.bump();
                    flags.push(c);
                }
                Ok(FilterOperand::Regex { pattern, flags })
            }
            Some(c) if c == '-' || c.is_ascii_digit() => {
                self.eat("-");
                while matches!(self.peek(), Some(c) if c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
                {
                    self.bump();
                }
                let text = self.src.get(start..self.pos).unwrap_or("");
                match serde_json::from_str::<serde_json::Number>(text) {
                    Ok(n) => Ok(FilterOperand::Literal(Value::Number(n))),
                    Err(_) => Err(self.error(start, format!("'{text}' is not a number"))),
                }
            }
            Some(c) if c.is_ascii_alphabetic() => {
                for (word, value) in [
                    ("true", Value::Bool(true)),
                    ("false", Value::Bool(false)),
                    ("null", Value::Null),
                ] {
                    let after = self.rest().get(word.len()..).unwrap_or("");
                    if self.rest().starts_with(word)
                        && !after.starts_with(|c: char| c.is_alphanumeric() || c == '_')
                    {
                        self.pos += word.len();
                        return Ok(FilterOperand::Literal(value));
                    }
                }
                Err(self.error(start, "expected '@…', '$…', a quoted string, a number, true, false or null; quote string literals"))
            }
            _ => Err(self.unexpected("'@…', '$…', a quoted string, a number, true, false or null")),
        }
    }
}

/// Whether a field name can be printed in dot notation without escapes.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('*') && !name.chars().any(|c| ends_name(c, true))
}

fn write_quoted(f: &mut fmt::Formatter<'_>, s: &str) -> fmt::Result {
    f.write_str("'")?;
    for c in s.chars() {
        if c == '\'' || c == '\\' {
            f.write_str("\\")?;
        }
        write!(f, "{c}")?;
    }
    f.write_str("'")
}

fn write_slice(
    f: &mut fmt::Formatter<'_>,
    start: Option<i64>,
    end: Option<i64>,
    step: Option<i64>,
) -> fmt::Result {
    if let Some(s) = start {
        write!(f, "{s}")?;
    }
    f.write_str(":")?;
    if let Some(e) = end {
        write!(f, "{e}")?;
    }
    if let Some(st) = step {
        write!(f, ":{st}")?;
    }
    Ok(())
}

impl fmt::Display for Root {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Root::Input => f.write_str("$"),
            Root::Context => f.write_str("$$"),
            Root::Variable(name) => write!(f, "${name}"),
        }
    }
}

impl fmt::Display for UnionItem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnionItem::Field(name) => write_quoted(f, name),
            UnionItem::Index(i) => write!(f, "{i}"),
            UnionItem::Slice { start, end, step } => write_slice(f, *start, *end, *step),
        }
    }
}

impl fmt::Display for Segment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Segment::Field(name) if is_plain_name(name) => write!(f, ".{name}"),
            Segment::Field(name) => {
                f.write_str("[")?;
                write_quoted(f, name)?;
                f.write_str("]")
            }
            Segment::Index(i) => write!(f, "[{i}]"),
            Segment::Wildcard => f.write_str("[*]"),
            Segment::Slice { start, end, step } => {
                f.write_str("[")?;
                write_slice(f, *start, *end, *step)?;
                f.write_str("]")
            }
            Segment::Union(items) => {
                f.write_str("[")?;
                for (n, item) in items.iter().enumerate() {
                    if n > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            Segment::Descendant(inner) => match inner.as_ref() {
                Segment::Field(name) if is_plain_name(name) => write!(f, "..{name}"),
                Segment::Wildcard => f.write_str("..*"),
                other => write!(f, "..{other}"),
            },
            Segment::Filter(expr) => write!(f, "[?({expr})]"),
        }
    }
}

impl fmt::Display for FilterOperand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterOperand::Current(segs) => {
                f.write_str("@")?;
                segs.iter().try_for_each(|s| write!(f, "{s}"))
            }
            FilterOperand::Path(p) => write!(f, "{p}"),
            FilterOperand::Literal(Value::String(s)) => write_quoted(f, s),
            FilterOperand::Literal(v) => write!(f, "{v}"),
            FilterOperand::Regex { pattern, flags } => write!(f, "/{pattern}/{flags}"),
        }
    }
}

impl FilterExpr {
    fn precedence(&self) -> u8 {
        match self {
            FilterExpr::Or(..) => 1,
            FilterExpr::And(..) => 2,
            _ => 3,
        }
    }

    fn write_operand(&self, f: &mut fmt::Formatter<'_>, min: u8) -> fmt::Result {
        if self.precedence() < min {
            write!(f, "({self})")
        } else {
            write!(f, "{self}")
        }
    }
}

impl fmt::Display for FilterExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FilterExpr::Exists(op) => write!(f, "{op}"),
            FilterExpr::Compare { left, op, right } => write!(f, "{left} {} {right}", op.as_str()),
            FilterExpr::And(a, b) => {
                a.write_operand(f, 2)?;
                f.write_str(" && ")?;
                b.write_operand(f, 3)
            }
            FilterExpr::Or(a, b) => {
                a.write_operand(f, 1)?;
                f.write_str(" || ")?;
                b.write_operand(f, 2)
            }
            FilterExpr::Not(inner) => {
                f.write_str("!")?;
                inner.write_operand(f, 3)
            }
        }
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.root)?;
        self.segments.iter().try_for_each(|s| write!(f, "{s}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> JsonPath {
        parse_path(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn err(s: &str) -> PathError {
        match parse_path(s) {
            Ok(p) => panic!("{s:?} should be rejected, parsed as {p:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn accepts_the_spec_examples() {
        for s in [
            "$",
            "$.store.book",
            "$.store\\.book",
            "$.\\stor\\e.boo\\k",
            "$.store.book.title",
            "$.foo.\\.bar",
            "$.foo\\@bar.baz\\[\\[.\\?pretty",
            "$.&Ж中.\\uD800\\uDF46",
            "$.ledgers.branch[0].pending.count",
            "$.ledgers.branch[0]",
            "$.ledgers[0][22][315].foo",
            "$['store']['book']",
            "$['store'][0]['book']",
            "$.detail-type",
            "$$.Execution.Id",
            "$$.Map.Item.Value",
            "$$",
            "$myVar",
            "$my_var.field[2]",
            "$.a[*]",
            "$.a.*",
            "$..author",
            "$..*",
            "$..[0]",
            "$.a[-1]",
            "$.a[1:3]",
            "$.a[:2]",
            "$.a[-2:]",
            "$.a[::2]",
            "$.a[0,1]",
            "$['a','b']",
            "$.book[?(@.price < 10)]",
            "$.book[?(@.isbn)]",
            "$.book[?(@.category == 'fiction' && @.price >= 8.95)]",
            "$.book[?(@.a == 1 || !(@.b != 'x'))]",
            "$.book[?(@.price <= $.expensive)]",
            "$.book[?(@.author =~ /.*REES/i)]",
            "$[ 'spaced' ]",
            "$[\"double\"]",
        ] {
            ok(s);
        }
    }

    #[test]
    fn builds_the_expected_ast() {
        assert_eq!(
            ok("$.a['b c'][3]"),
            JsonPath {
                root: Root::Input,
                segments: vec![
                    Segment::Field("a".into()),
                    Segment::Field("b c".into()),
                    Segment::Index(3)
                ],
            }
        );
        assert_eq!(ok("$$.Task.Token").root, Root::Context);
        assert_eq!(ok("$x").root, Root::Variable("x".into()));
        assert_eq!(
            ok("$..a").segments,
            vec![Segment::Descendant(Box::new(Segment::Field("a".into())))]
        );
        assert_eq!(
            ok("$.a[1:]").segments[1],
            Segment::Slice {
                start: Some(1),
                end: None,
                step: None
            }
        );
        assert_eq!(ok("$.a.b\\.c").segments[1], Segment::Field("b.c".into()));
    }

    #[test]
    fn reference_paths_name_one_node() {
        for s in [
            "$",
            "$.a",
            "$.a[0].b",
            "$['x y']",
            "$$.Execution.Input",
            "$v.a",
        ] {
            assert!(ok(s).is_reference_path(), "{s}");
        }
        for s in [
            "$.a[*]",
            "$..a",
            "$.a[0,1]",
            "$.a[1:2]",
            "$.a[?(@.x)]",
            "$.*",
        ] {
            assert!(!ok(s).is_reference_path(), "{s}");
        }
    }

    #[test]
    fn rejects_with_an_offset() {
        assert_eq!(err("a.b").offset, 0);
        assert_eq!(err("$.").offset, 2);
        assert_eq!(err("$.a[").offset, 4);
        assert_eq!(err("$.a[0").offset, 3);
        assert!(err("$.a.length()").message.contains("States.ArrayLength"));
        assert!(err("$.a[(@.length-1)]").message.contains("script"));
        for s in [
            "",
            "$.a]",
            "$.a[]",
            "$.a['x]",
            "$...a",
            "$.a[?(@.x = 1)]",
            "$.a[?(@.x > )]",
            "$.a[?@.x]",
            "$.a[?(@.x > 1]",
            "$1abc",
            "$.a b",
            "$.a[1:2:0]",
            "$.a[x]",
            "$.a\\",
            "$-x",
        ] {
            err(s);
        }
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "$",
            "$$",
            "$v",
            "$.a.b[0]",
            "$['a b'].c",
            "$['it\\'s']",
            "$[*]",
            "$..a",
            "$..*",
            "$..[0]",
            "$..['a b']",
            "$.a[1:2]",
            "$.a[::-1]",
            "$.a[0,'x',1:2]",
            "$.a[?(@.x > 1 && (@.y == 'z' || !@.w))]",
            "$.a[?(@.n =~ /a\\/b/i)]",
            "$.a[?(@.p <= $.max)]",
            "$.b[?(@.c[?(@.d)])]",
            "$.a['.']",
            "$.a['']",
            "$.a['*']",
        ] {
            let p = ok(s);
            let printed = p.to_string();
            assert_eq!(
                parse_path(&printed).as_ref(),
                Ok(&p),
                "{s} printed as {printed}"
            );
        }
        assert_eq!(ok("$.a[*]").to_string(), "$.a[*]");
        assert_eq!(ok("$['a'][\"b\"]").to_string(), "$.a.b");
        assert_eq!(ok("$.x\\.y").to_string(), "$['x.y']");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("$.a[?({}@.x{})]", "(".repeat(10_000), ")".repeat(10_000));
        assert!(err(&deep).message.contains("nesting"));
        let nots = format!("$.a[?({}@.x)]", "!".repeat(10_000));
        err(&nots);
    }
}
