//! Parsing filter expressions (`[?(@.price < 10 && !@.sold)]`): `||`, `&&`, `!`, comparisons and their operands.

use serde_json::Value;

use super::parser::PathParser;
use super::{FilterExpr, FilterOp, FilterOperand, JsonPath, PathError};

impl PathParser<'_> {
    pub(super) fn filter_or(&mut self) -> Result<FilterExpr, PathError> {
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

    pub(super) fn filter_and(&mut self) -> Result<FilterExpr, PathError> {
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

    pub(super) fn filter_unary(&mut self) -> Result<FilterExpr, PathError> {
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

    pub(super) fn filter_operand(&mut self) -> Result<FilterOperand, PathError> {
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
