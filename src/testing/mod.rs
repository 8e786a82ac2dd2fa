//! Testing workflows: mocks keyed by the task itself, native runs, and [`Env::check`], which
//! runs a workflow natively and as its emitted ASL in asl-local with the same mocks and
//! asserts that both agree.
//!
//! ```ignore
//! let mut env = asl::testing::Env::new().mock(charge::mock(|o: Order| Receipt { id: o.id }));
//! let out = env.run_workflow(|| checkout(order.clone()))?;
//! assert_eq!(env.calls().len(), 1);
//! let report = env.check(checkout::definition(), checkout, order);
//! assert_eq!(report.transitions, 3);
//! ```

mod check;
mod compare;
mod dispatch;
mod nested;
mod specs;

pub use crate::runtime::{Env, Mock, TaskCall};
pub use check::{Disagreement, Report, PRICE_PER_TRANSITION};
