//! The path parser: roots (`$`, `$$`, `$name`), dot and bracket segments, names, quoted keys, indices and slices.

use super::{JsonPath, PathError, Root, Segment, UnionItem, MAX_NESTING};

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

pub(super) struct PathParser<'a> {
    pub(super) src: &'a str,
    pub(super) pos: usize,
    depth: usize,
}

/// Characters that end a dot-notation name unless escaped with `\`.
pub(super) fn ends_name(c: char, in_filter: bool) -> bool {
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
    pub(super) fn peek(&self) -> Option<char> {
        self.src.get(self.pos..).and_then(|r| r.chars().next())
    }

    pub(super) fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.pos..).and_then(|r| r.chars().nth(n))
    }

    pub(super) fn rest(&self) -> &'a str {
        self.src.get(self.pos..).unwrap_or("")
    }

    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    pub(super) fn eat(&mut self, s: &str) -> bool {
        if self.rest().starts_with(s) {
            self.pos += s.len();
            true
        } else {
            false
        }
    }

    pub(super) fn skip_ws(&mut self) {
        while let Some(c) = self.peek().filter(|c| c.is_whitespace()) {
            self.pos += c.len_utf8();
        }
    }

    pub(super) fn error(&self, offset: usize, message: impl Into<String>) -> PathError {
        PathError {
            offset,
            message: message.into(),
        }
    }

    pub(super) fn unexpected(&self, expected: &str) -> PathError {
        match self.peek() {
            Some(c) => self.error(self.pos, format!("unexpected '{c}', expected {expected}")),
            None => self.error(
                self.pos,
                format!("the path ends early, expected {expected}"),
            ),
        }
    }

    pub(super) fn enter(&mut self) -> Result<(), PathError> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(self.error(
                self.pos,
                format!("nesting deeper than {MAX_NESTING} levels; simplify the path"),
            ));
        }
        Ok(())
    }

    pub(super) fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn path(&mut self) -> Result<JsonPath, PathError> {
        let root = self.root()?;
        let segments = self.segments(false)?;
        Ok(JsonPath { root, segments })
    }

    pub(super) fn root(&mut self) -> Result<Root, PathError> {
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

    pub(super) fn segments(&mut self, in_filter: bool) -> Result<Vec<Segment>, PathError> {
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

    pub(super) fn quoted(&mut self) -> Result<String, PathError> {
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
}
