//! Computed values: the pure Rust expressions a JSONata workflow keeps in the state machine
//! (arithmetic, comparisons, string, `Option` and iterator methods, `if`/`match` as values,
//! `format!`), each lowered to one JSONata expression inside the state that needs it.
//!
//! The JSONPath back end rejects every `Compute` (the macro already refuses them in a
//! JSONPath workflow, with a message that says to add `query_language = "JSONata"`).
//! Which JSONata operator a node becomes can depend on its operands' shapes (`+` of two
//! strings is `&`, `len()` of a string is `$length`, of a `Vec` is `$count`, `/` of two
//! integers truncates): the back end decides from the shapes it infers, so the IR keeps
//! the Rust meaning.

use super::{Expr, Pattern, VarId};

/// A computed value.
#[derive(Debug, Clone, PartialEq)]
pub enum Compute {
    /// `lhs op rhs`.
    Binary { op: BinaryOp, lhs: Expr, rhs: Expr },
    /// `-x`, `!x`.
    Unary { op: UnaryOp, operand: Expr },
    /// `x as i64` (truncates toward zero, as Rust does) or `x as f64` (no change).
    Cast { to: NumericType, value: Expr },
    /// `receiver.method(args…)`, or `f64::method(receiver, args…)`, without a closure.
    Method {
        method: Method,
        receiver: Expr,
        args: Vec<Expr>,
    },
    /// `receiver.method(|params| body)`: iterator adapters and `Option::map`.
    /// `iter()`, `into_iter()`, `cloned()`, `copied()` and `collect()` are the identity
    /// and do not appear in the IR.
    Closure {
        method: ClosureMethod,
        receiver: Expr,
        closure: Closure,
    },
    /// `receiver.fold(init, |acc, item| body)`; `fold(init, f64::max)` is written with a
    /// closure whose body is the method call.
    Fold {
        receiver: Expr,
        init: Expr,
        closure: Closure,
    },
    /// `if cond { then } else { otherwise }` used as a value: no Choice state.
    If {
        cond: Expr,
        then: Expr,
        otherwise: Expr,
    },
    /// `match scrutinee { pattern => value, … }` used as a value.
    Match {
        scrutinee: Expr,
        arms: Vec<(Pattern, Expr)>,
    },
    /// `format!("…", args…)`: literal text and computed pieces, in order.
    Format(Vec<FormatPiece>),
    /// `base[index]` with a computed index.
    Index { base: Expr, index: Expr },
    /// A field of a computed value (`pair.0` of a tuple returned by a method), by Rust name.
    Field { base: Expr, field: String },
}

impl Compute {
    /// The expressions directly inside this one (closure bodies included), in order.
    pub fn operands(&self) -> Vec<&Expr> {
        match self {
            Compute::Binary { lhs, rhs, .. } => vec![lhs, rhs],
            Compute::Unary { operand: e, .. }
            | Compute::Cast { value: e, .. }
            | Compute::Field { base: e, .. } => vec![e],
            Compute::Method { receiver, args, .. } => {
                std::iter::once(receiver).chain(args.iter()).collect()
            }
            Compute::Closure {
                receiver, closure, ..
            } => vec![receiver, &closure.body],
            Compute::Fold {
                receiver,
                init,
                closure,
            } => vec![receiver, init, &closure.body],
            Compute::If {
                cond,
                then,
                otherwise,
            } => vec![cond, then, otherwise],
            Compute::Match { scrutinee, arms } => std::iter::once(scrutinee)
                .chain(arms.iter().map(|(_, v)| v))
                .collect(),
            Compute::Format(pieces) => pieces
                .iter()
                .filter_map(|p| match p {
                    FormatPiece::Value(v) => Some(v),
                    FormatPiece::Text(_) => None,
                })
                .collect(),
            Compute::Index { base, index } => vec![base, index],
        }
    }
}

impl Compute {
    /// This computation with `f` applied to each expression directly inside it.
    pub fn map_operands(self, mut f: impl FnMut(Expr) -> Expr) -> Compute {
        let closure = |c: Closure, f: &mut dyn FnMut(Expr) -> Expr| Closure {
            params: c.params,
            body: f(c.body),
        };
        match self {
            Compute::Binary { op, lhs, rhs } => Compute::Binary {
                op,
                lhs: f(lhs),
                rhs: f(rhs),
            },
            Compute::Unary { op, operand } => Compute::Unary {
                op,
                operand: f(operand),
            },
            Compute::Cast { to, value } => Compute::Cast {
                to,
                value: f(value),
            },
            Compute::Method {
                method,
                receiver,
                args,
            } => Compute::Method {
                method,
                receiver: f(receiver),
                args: args.into_iter().map(&mut f).collect(),
            },
            Compute::Closure {
                method,
                receiver,
                closure: c,
            } => Compute::Closure {
                method,
                receiver: f(receiver),
                closure: closure(c, &mut f),
            },
            Compute::Fold {
                receiver,
                init,
                closure: c,
            } => Compute::Fold {
                receiver: f(receiver),
                init: f(init),
                closure: closure(c, &mut f),
            },
            Compute::If {
                cond,
                then,
                otherwise,
            } => Compute::If {
                cond: f(cond),
                then: f(then),
                otherwise: f(otherwise),
            },
            Compute::Match { scrutinee, arms } => Compute::Match {
                scrutinee: f(scrutinee),
                arms: arms.into_iter().map(|(p, v)| (p, f(v))).collect(),
            },
            Compute::Format(pieces) => Compute::Format(
                pieces
                    .into_iter()
                    .map(|p| match p {
                        FormatPiece::Value(v) => FormatPiece::Value(f(v)),
                        text => text,
                    })
                    .collect(),
            ),
            Compute::Index { base, index } => Compute::Index {
                base: f(base),
                index: f(index),
            },
            Compute::Field { base, field } => Compute::Field {
                base: f(base),
                field,
            },
        }
    }
}

/// A closure's parameters (workflow variables, `$name` in JSONata) and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Closure {
    pub params: Vec<VarId>,
    pub body: Expr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// Numbers add; two strings concatenate (`String + &str`).
    Add,
    Sub,
    Mul,
    /// Integer division truncates toward zero, as in Rust.
    Div,
    /// The remainder has the sign of the dividend, as in Rust.
    Rem,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    And,
    Or,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnaryOp {
    Neg,
    Not,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumericType {
    /// One of Rust's integer types: a cast to it checks the value fits.
    Integer(IntType),
    /// `f32` / `f64`.
    Float,
}

/// The largest integer a 64-bit float (JSONata's only number) holds exactly: 2^53 − 1.
pub const MAX_EXACT_INTEGER: i64 = (1 << 53) - 1;

/// The cause when an integer divisor is 0 (Rust panics; JSONata would give no number).
pub const DIVIDE_BY_ZERO: &str = "integer division by zero";

/// The cause when an integer leaves `min..=max`: JSONata and Rust would no longer agree.
pub fn out_of_range_message(min: i64, max: i64) -> String {
    if (min, max) == (-MAX_EXACT_INTEGER, MAX_EXACT_INTEGER) {
        format!("an integer result is beyond ±{max} (2^53 − 1), where JSONata stops being exact")
    } else {
        format!("an integer cast out of its type's range {min}..={max}")
    }
}

/// Rust's integer types, for the range a cast to one must fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntType {
    I8,
    I16,
    I32,
    I64,
    I128,
    Isize,
    U8,
    U16,
    U32,
    U64,
    U128,
    Usize,
}

impl IntType {
    /// The type named `name` (`"u8"`, `"i64"`, …).
    pub fn from_name(name: &str) -> Option<IntType> {
        Some(match name {
            "i8" => IntType::I8,
            "i16" => IntType::I16,
            "i32" => IntType::I32,
            "i64" => IntType::I64,
            "i128" => IntType::I128,
            "isize" => IntType::Isize,
            "u8" => IntType::U8,
            "u16" => IntType::U16,
            "u32" => IntType::U32,
            "u64" => IntType::U64,
            "u128" => IntType::U128,
            "usize" => IntType::Usize,
            _ => return None,
        })
    }

    /// The values of the type that JSONata also holds exactly: its range within
    /// ±`MAX_EXACT_INTEGER` (`isize`/`usize` as on 64-bit targets, where workflows run).
    pub fn exact_range(self) -> (i64, i64) {
        let m = MAX_EXACT_INTEGER;
        match self {
            IntType::I8 => (i8::MIN.into(), i8::MAX.into()),
            IntType::I16 => (i16::MIN.into(), i16::MAX.into()),
            IntType::I32 => (i32::MIN.into(), i32::MAX.into()),
            IntType::I64 | IntType::I128 | IntType::Isize => (-m, m),
            IntType::U8 => (0, u8::MAX.into()),
            IntType::U16 => (0, u16::MAX.into()),
            IntType::U32 => (0, u32::MAX.into()),
            IntType::U64 | IntType::U128 | IntType::Usize => (0, m),
        }
    }
}

/// Methods without a closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    // Numbers.
    Round,
    Floor,
    Ceil,
    Trunc,
    Abs,
    Sqrt,
    /// `x.powi(n)`, `x.powf(y)`, `x.pow(n)`.
    Pow,
    /// `a.max(b)`, `f64::max(a, b)`, `std::cmp::max(a, b)`.
    Max,
    Min,
    // Strings.
    ToUppercase,
    ToLowercase,
    Trim,
    TrimStart,
    TrimEnd,
    StartsWith,
    EndsWith,
    /// A substring of a string, or an item of a `Vec`.
    Contains,
    /// `s.replace(from, to)`: every occurrence.
    Replace,
    /// `s.split(sep)`: the parts, a `Vec<String>` once collected.
    Split,
    /// `parts.join(sep)`.
    Join,
    /// Bytes of a string (UTF-8, as Rust counts), items of a `Vec`.
    Len,
    /// `s.chars().count()`: Unicode scalar values.
    CharCount,
    IsEmpty,
    /// `x.to_string()` of a number, string or bool.
    ToString,
    // Option.
    IsSome,
    IsNone,
    UnwrapOr,
    // Vectors and iterators.
    /// `first()` / `last()`: an `Option` of the item.
    First,
    Last,
    /// `v.get(i)`: an `Option` of the item.
    Get,
    Sum,
    /// `iter().count()`.
    Count,
    /// `iter().max()` / `min()`: an `Option` (`max_by` etc. are not supported).
    IterMax,
    IterMin,
    /// `iter().rev()`.
    Rev,
}

/// Iterator adapters and `Option` methods that take a closure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClosureMethod {
    Map,
    Filter,
    Any,
    All,
    /// `iter().find(|x| …)`: an `Option`.
    Find,
    /// `option.map(|x| …)`.
    OptionMap,
}

/// A piece of a `format!` string.
#[derive(Debug, Clone, PartialEq)]
pub enum FormatPiece {
    Text(String),
    /// `{}` (Display) of a value.
    Value(Expr),
}
