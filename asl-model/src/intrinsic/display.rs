//! The canonical printer of intrinsic calls (single-quoted strings with their escapes).

use std::fmt;

use super::{IntrinsicArg, IntrinsicCall};

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
