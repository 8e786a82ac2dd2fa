//! The canonical printer: `Display` for paths and their parts, choosing dot or bracket notation and minimal parentheses.

use std::fmt;

use serde_json::Value;

use super::parser::ends_name;
use super::{FilterExpr, FilterOperand, JsonPath, Root, Segment, UnionItem};

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
