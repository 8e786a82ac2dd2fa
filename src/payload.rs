//! `Payload`: a type's JSON shape, so the compiler can turn Rust field names into JSON paths.

use std::collections::{BTreeMap, HashMap};

use asl_model::ir::Shape;

/// A type that can be state data. Derive it with `#[derive(Payload)]` next to serde's derives.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a payload type: it has no `#[derive(Payload)]`",
    label = "a workflow or task value must be a payload type",
    note = "add `#[derive(Payload, Serialize, Deserialize)]` to `{Self}` so it can be state data"
)]
pub trait Payload {
    fn shape() -> Shape;
}

macro_rules! leaf {
    ($shape:expr => $($t:ty),*) => { $(impl Payload for $t { fn shape() -> Shape { $shape } })* };
}

leaf!(Shape::Integer => u8, u16, u32, u64, u128, usize, i8, i16, i32, i64, i128, isize);
leaf!(Shape::Number => f32, f64);
leaf!(Shape::String => String, str, char);
leaf!(Shape::Bool => bool);
leaf!(Shape::Unit => ());
leaf!(Shape::Any => serde_json::Value);

impl<T: Payload + ?Sized> Payload for &T {
    fn shape() -> Shape {
        T::shape()
    }
}
impl<T: Payload + ?Sized> Payload for Box<T> {
    fn shape() -> Shape {
        T::shape()
    }
}
impl<T: Payload> Payload for Option<T> {
    fn shape() -> Shape {
        Shape::Option(Box::new(T::shape()))
    }
}
impl<T: Payload> Payload for Vec<T> {
    fn shape() -> Shape {
        Shape::Array(Box::new(T::shape()))
    }
}
impl<T: Payload> Payload for [T] {
    fn shape() -> Shape {
        Shape::Array(Box::new(T::shape()))
    }
}
impl<T: Payload, S> Payload for HashMap<String, T, S> {
    fn shape() -> Shape {
        Shape::Map(Box::new(T::shape()))
    }
}
impl<T: Payload> Payload for BTreeMap<String, T> {
    fn shape() -> Shape {
        Shape::Map(Box::new(T::shape()))
    }
}

macro_rules! tuple {
    ($($t:ident),+) => {
        impl<$($t: Payload),+> Payload for ($($t,)+) {
            fn shape() -> Shape { Shape::Tuple(vec![$($t::shape()),+]) }
        }
    };
}
tuple!(A);
tuple!(A, B);
tuple!(A, B, C);
tuple!(A, B, C, D);
tuple!(A, B, C, D, E);
tuple!(A, B, C, D, E, F);

/// An RFC 3339 timestamp string; comparisons on it lower to `Timestamp…` operators.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct Timestamp(pub String);

impl Payload for Timestamp {
    fn shape() -> Shape {
        Shape::Timestamp
    }
}

impl AsRef<str> for Timestamp {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl<S: Into<String>> From<S> for Timestamp {
    fn from(s: S) -> Timestamp {
        Timestamp(s.into())
    }
}
