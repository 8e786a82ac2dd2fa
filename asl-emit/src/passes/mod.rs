//! The passes every back end shares, in order: `prepare` (name nested calls), `shapes` (infer
//! untyped `let`s), `pure_lets` (substitute aliases and literals), `liveness`.

mod compute_shape;
mod liveness;
mod prepare;
mod pure_lets;
mod shapes;
mod traverse;

pub(crate) use compute_shape::*;
pub(crate) use liveness::*;
pub(crate) use prepare::*;
pub(crate) use pure_lets::*;
pub(crate) use shapes::*;
pub(crate) use traverse::*;
