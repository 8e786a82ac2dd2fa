//! The Pratt parser: tokens to the reference's raw parse tree (before the post-parse pass).

use super::lexer::{syntax_error, Lexer, Tok, Token};
use crate::Error;

/// How deeply expressions may nest before parsing stops with an error (not a stack overflow).
pub const MAX_NESTING: usize = 500;

#[derive(Debug, Clone)]
pub struct Raw {
    pub kind: RawKind,
    pub pos: usize,
    /// `step[]`: keep singleton arrays.
    pub keep_array: bool,
}

#[derive(Debug, Clone)]
pub enum RawKind {
    Name(String),
    Variable(String),
    Str(String),
    Number(f64),
    Bool(bool),
    Null,
    Regex {
        pattern: String,
        flags: String,
    },
    Wildcard,
    Descendant,
    Parent,
    /// `?` in a partial application.
    Placeholder,
    /// The end of the input where an operand was expected.
    End,
    Negate(Box<Raw>),
    Array(Vec<Raw>),
    Object(Vec<(Raw, Raw)>),
    /// Every other binary operator, including `.` and `..` inside an array constructor.
    Binary(&'static str, Box<Raw>, Box<Raw>),
    Predicate(Box<Raw>, Box<Raw>),
    Group(Box<Raw>, Vec<(Raw, Raw)>),
    Sort(Box<Raw>, Vec<(bool, Raw)>),
    Bind(String, Box<Raw>),
    Focus(Box<Raw>, String),
    Index(Box<Raw>, String),
    Apply(Box<Raw>, Box<Raw>),
    Call {
        procedure: Box<Raw>,
        args: Vec<Raw>,
        partial: bool,
    },
    Lambda {
        params: Vec<String>,
        signature: Option<String>,
        body: Box<Raw>,
    },
    Condition(Box<Raw>, Box<Raw>, Option<Box<Raw>>),
    Transform(Box<Raw>, Box<Raw>, Option<Box<Raw>>),
    Block(Vec<Raw>),
}

fn node(kind: RawKind, pos: usize) -> Raw {
    Raw {
        kind,
        pos,
        keep_array: false,
    }
}

pub struct Parser<'a> {
    lexer: Lexer<'a>,
    node: Token,
    depth: usize,
}

fn nesting_error(pos: usize) -> Error {
    syntax_error(
        pos,
        "S0220",
        format!("expression nested deeper than {MAX_NESTING} levels; split it up"),
    )
}

/// Parse a whole expression to its raw tree.
pub fn parse_raw(src: &str) -> Result<Raw, Error> {
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
    Ok(tree)
}

impl<'a> Parser<'a> {
    /// Check the current token is `id` (when given), then read the next one.
    fn advance(&mut self, id: Option<&str>, infix: bool) -> Result<(), Error> {
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

    fn expression(&mut self, rbp: u8) -> Result<Raw, Error> {
        // Debug builds spend kilobytes of stack per level: grow it rather than overflow.
        stacker::maybe_grow(
            crate::eval::STACK_RED_ZONE,
            crate::eval::STACK_GROWTH,
            || self.expression_within(rbp),
        )
    }

    fn expression_within(&mut self, rbp: u8) -> Result<Raw, Error> {
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

    fn nud(&mut self, t: Token) -> Result<Raw, Error> {
        let pos = t.pos;
        let kind = match t.tok {
            Tok::Name(n) => RawKind::Name(n),
            Tok::Variable(v) => RawKind::Variable(v),
            Tok::Str(s) => RawKind::Str(s),
            Tok::Number(n) => RawKind::Number(n),
            Tok::Bool(b) => RawKind::Bool(b),
            Tok::Null => RawKind::Null,
            Tok::Regex { pattern, flags } => RawKind::Regex { pattern, flags },
            // Reported by the post-parse stage unless a missing closing token is found first.
            Tok::End => RawKind::End,
            Tok::Op(op) => match op {
                "and" | "or" | "in" => RawKind::Name(op.to_string()),
                "-" => RawKind::Negate(Box::new(self.expression(70)?)),
                "*" => RawKind::Wildcard,
                "**" => RawKind::Descendant,
                "%" => RawKind::Parent,
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
                    RawKind::Block(items)
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
                                item =
                                    node(RawKind::Binary("..", Box::new(item), Box::new(end)), at);
                            }
                            items.push(item);
                            if self.node.tok.id() != "," {
                                break;
                            }
                            self.advance(Some(","), false)?;
                        }
                    }
                    self.advance(Some("]"), true)?;
                    RawKind::Array(items)
                }
                "{" => RawKind::Object(self.object_pairs()?),
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
                    RawKind::Transform(Box::new(pattern), Box::new(update), delete)
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
        Ok(node(kind, pos))
    }

    fn object_pairs(&mut self) -> Result<Vec<(Raw, Raw)>, Error> {
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

    fn led(&mut self, t: Token, left: Raw) -> Result<Raw, Error> {
        let pos = t.pos;
        let Tok::Op(op) = t.tok else {
            return Err(syntax_error(
                pos,
                "S0201",
                format!("unexpected {}", t.tok.describe()),
            ));
        };
        let kind = match op {
            "(" => return self.call(pos, left),
            "[" => {
                if self.node.tok.id() == "]" {
                    // `a[]`: keep singleton arrays, flagged on the innermost step.
                    let mut left = left;
                    let mut step = &mut left;
                    while let RawKind::Predicate(inner, _) = &mut step.kind {
                        step = inner;
                    }
                    step.keep_array = true;
                    self.advance(Some("]"), false)?;
                    return Ok(left);
                }
                let predicate = self.expression(0)?;
                self.advance(Some("]"), true)?;
                RawKind::Predicate(Box::new(left), Box::new(predicate))
            }
            "^" => {
                self.advance(Some("("), false)?;
                let mut terms = Vec::new();
                loop {
                    let mut descending = false;
                    if self.node.tok.id() == "<" {
                        self.advance(Some("<"), false)?;
                    } else if self.node.tok.id() == ">" {
                        descending = true;
                        self.advance(Some(">"), false)?;
                    }
                    terms.push((descending, self.expression(0)?));
                    if self.node.tok.id() != "," {
                        break;
                    }
                    self.advance(Some(","), false)?;
                }
                self.advance(Some(")"), false)?;
                RawKind::Sort(Box::new(left), terms)
            }
            "{" => RawKind::Group(Box::new(left), self.object_pairs()?),
            ":=" => {
                let RawKind::Variable(name) = left.kind else {
                    return Err(syntax_error(
                        left.pos,
                        "S0212",
                        "the left side of ':=' must be a variable name (start it with $)".into(),
                    ));
                };
                RawKind::Bind(name, Box::new(self.expression(9)?))
            }
            "@" | "#" => {
                let rhs = self.expression(80)?;
                let RawKind::Variable(name) = rhs.kind else {
                    return Err(syntax_error(
                        rhs.pos,
                        "S0214",
                        format!(
                            "the right side of '{op}' must be a variable name (start it with $)"
                        ),
                    ));
                };
                if op == "@" {
                    RawKind::Focus(Box::new(left), name)
                } else {
                    RawKind::Index(Box::new(left), name)
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
                RawKind::Condition(Box::new(left), Box::new(then), otherwise)
            }
            "~>" => RawKind::Apply(Box::new(left), Box::new(self.expression(40)?)),
            _ => {
                let rhs = self.expression(t.tok.lbp())?;
                RawKind::Binary(op, Box::new(left), Box::new(rhs))
            }
        };
        Ok(node(kind, pos))
    }

    /// After `(` following `left`: a function call, a partial application or a lambda.
    fn call(&mut self, pos: usize, left: Raw) -> Result<Raw, Error> {
        let mut args = Vec::new();
        let mut partial = false;
        if self.node.tok.id() != ")" {
            loop {
                if self.node.tok == Tok::Op("?") {
                    partial = true;
                    args.push(node(RawKind::Placeholder, self.node.pos));
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
        let is_lambda = matches!(&left.kind, RawKind::Name(n) if n == "function" || n == "\u{3bb}");
        if !is_lambda {
            let kind = RawKind::Call {
                procedure: Box::new(left),
                args,
                partial,
            };
            return Ok(node(kind, pos));
        }
        let mut params = Vec::new();
        for (n, arg) in args.into_iter().enumerate() {
            match arg.kind {
                RawKind::Variable(v) => params.push(v),
                _ => {
                    return Err(syntax_error(
                        arg.pos,
                        "S0208",
                        format!(
                            "parameter {} of a function definition must be a variable name (start it with $)",
                            n + 1
                        ),
                    ))
                }
            }
        }
        let mut signature = None;
        if self.node.tok.id() == "<" {
            let sig_start = self.node.pos;
            let mut depth = 1;
            while depth > 0 && self.node.tok.id() != "{" && self.node.tok.id() != "(end)" {
                self.advance(None, false)?;
                match self.node.tok.id() {
                    ">" => depth -= 1,
                    "<" => depth += 1,
                    _ => {}
                }
            }
            let sig_end = self.node.pos + 1;
            self.advance(Some(">"), false)?;
            let text: String = self
                .lexer
                .src
                .get(sig_start..sig_end)
                .unwrap_or("")
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            crate::signature::Signature::parse(&text).map_err(|e| {
                let offset = e.position.unwrap_or(0);
                Error {
                    position: Some(sig_start + offset),
                    ..e
                }
            })?;
            signature = Some(text);
        }
        self.advance(Some("{"), false)?;
        let body = self.expression(0)?;
        self.advance(Some("}"), false)?;
        Ok(node(
            RawKind::Lambda {
                params,
                signature,
                body: Box::new(body),
            },
            pos,
        ))
    }
}
