//! Catching the errors of a call natively: `match f(x) { Ok(v) => …, Err(e) => … }`, `f(x)?`
//! and `if let Ok(v) = f(x)` in a workflow's native fn read `f(x)` through
//! `Catching::<f::Returns>::new().call(|| f(x))`.
//!
//! A `#[task]` returning `Result<Out, E>` is its own `Result` (the call is left as it is); an
//! `asl::aws` integration returns its value, and [`Catching`] turns the ASL error its mock
//! fails with (or a simulated timeout) into `Err(StatesError::…)`, as a `Catch` on its state
//! would. Any other return type goes through unchanged, so rustc reports the `Ok(…)`
//! pattern against it.

use std::cell::{Cell, RefCell};
use std::marker::PhantomData;
use std::panic::{self, AssertUnwindSafe};

use super::Failure;
use crate::errors::{StatesError, TaskResult};
use crate::TaskError;

/// The `Returns` of an `asl::aws` integration's module: its errors are the ASL errors
/// Step Functions raises ([`StatesError`], with a catch-all for the service's own).
#[doc(hidden)]
pub struct IntegrationReturns;

impl TaskResult for IntegrationReturns {
    type Error = StatesError;
}

thread_local! {
    /// Set while a caught integration call starts: its failure is kept for `Catching`.
    static CATCH_NEXT_CALL: Cell<bool> = const { Cell::new(false) };
    /// The ASL failure of the caught call, when it ended with one.
    static CAUGHT: RefCell<Option<Failure>> = const { RefCell::new(None) };
    /// The failure of the last caught call, for `pass_on`.
    static CAUGHT_LAST: RefCell<Option<Failure>> = const { RefCell::new(None) };
    /// The failure an integration call's `?` passed on, until the run ends.
    static PASSED_ON: RefCell<Option<Failure>> = const { RefCell::new(None) };
    /// The failure behind the `Err` of the last call of a task returning `Result`, unless a
    /// `match` caught it: the workflow may return that `Err` as it is (its tail, `return`, `?`),
    /// and then fails with the call's cause, as the Task's uncaught error ends the execution.
    static UNCAUGHT: RefCell<Option<Failure>> = const { RefCell::new(None) };
}

/// A call read as a `Result`, by what the called fn returns (`R`, its module's `Returns`).
#[doc(hidden)]
pub struct Catching<R>(PhantomData<R>);

impl<R> Catching<R> {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Catching(PhantomData)
    }
}

impl<O, E> Catching<Result<O, E>> {
    /// A `#[task]` returning `Result`: the call as it is.
    pub fn call<A>(
        self,
        _arms: &[&str],
        args: A,
        call: impl FnOnce(A) -> Result<O, E>,
    ) -> Result<O, E> {
        let result = call(args);
        // A `Catch` takes the error: an `Err` built in its arm has no cause of the call's.
        UNCAUGHT.with(|u| u.borrow_mut().take());
        result
    }

    /// `f(x)?`: the call as it is.
    pub fn pass_on<A>(self, args: A, call: impl FnOnce(A) -> Result<O, E>) -> Result<O, E> {
        call(args)
    }
}

impl Catching<IntegrationReturns> {
    /// An integration: its value, or the ASL error its call failed with. `arms` are the
    /// `StatesError` variants the `Err(…)` arms name, in order: the error is the first of
    /// them whose ASL name matches it as a Catch's `ErrorEquals` would (`States.Timeout`
    /// also matches `States.HeartbeatTimeout`), else its own variant.
    pub fn call<A, T>(
        self,
        arms: &[&str],
        args: A,
        call: impl FnOnce(A) -> T,
    ) -> Result<T, StatesError> {
        CATCH_NEXT_CALL.with(|c| c.set(true));
        let result = panic::catch_unwind(AssertUnwindSafe(|| call(args)));
        CATCH_NEXT_CALL.with(|c| c.set(false));
        UNCAUGHT.with(|u| u.borrow_mut().take());
        let caught = CAUGHT.with(|c| c.borrow_mut().take());
        CAUGHT_LAST.with(|c| *c.borrow_mut() = caught.clone());
        match result {
            Ok(value) => Ok(value),
            Err(payload) => match caught.as_ref().and_then(|f| caught_as(f, arms)) {
                Some(error) => Err(error),
                None => panic::resume_unwind(payload),
            },
        }
    }
}

impl Catching<IntegrationReturns> {
    /// `f(x)?`: as [`Catching::call`]; the failure is kept, so that the workflow's run fails
    /// with its cause too (a `StatesError` variant carries only the name).
    pub fn pass_on<A, T>(self, args: A, call: impl FnOnce(A) -> T) -> Result<T, StatesError> {
        let result = self.call(&[], args, call);
        if result.is_err() {
            PASSED_ON.with(|p| *p.borrow_mut() = CAUGHT_LAST.with(|c| c.borrow_mut().take()));
        }
        result
    }
}

/// The failure a workflow ends with when it returns `failure` (an `Err` it passed on with `?`
/// from an integration keeps the call's cause).
pub(crate) fn passed_on(failure: Failure) -> Failure {
    let kept = PASSED_ON
        .with(|p| p.borrow_mut().take())
        .or_else(|| UNCAUGHT.with(|u| u.borrow_mut().take()));
    match kept {
        Some(kept) if kept.error == failure.error && failure.cause.is_empty() => kept,
        _ => failure,
    }
}

/// Forgets a failure passed on by an earlier run on this thread.
pub(crate) fn forget_passed_on() {
    PASSED_ON.with(|p| *p.borrow_mut() = None);
    UNCAUGHT.with(|u| *u.borrow_mut() = None);
}

/// Keeps the failure a call of a task returning `Result` gave as its `Err` (see `UNCAUGHT`).
pub(crate) fn keep_uncaught(failure: &Failure) {
    UNCAUGHT.with(|u| *u.borrow_mut() = Some(failure.clone()));
}

/// The `StatesError` a failure is in a `match` whose `Err` arms name `arms` (Rust variants).
fn caught_as(failure: &Failure, arms: &[&str]) -> Option<StatesError> {
    let names = StatesError::error_names();
    let arm = arms.iter().find_map(|arm| {
        let (_, asl) = names.iter().find(|(rust, _)| rust == arm)?;
        (*asl != crate::errors::ALL && asl_local::error_matches(asl, &failure.error))
            .then_some(*asl)
    });
    match arm {
        Some(asl) => StatesError::from_failure(&Failure {
            error: asl.to_string(),
            cause: failure.cause.clone(),
        }),
        None => StatesError::from_failure(failure),
    }
}

/// Any other return type: the call unchanged. `Catching<R>` derefs to it, so its methods
/// are found when no inherent method of `Catching<R>` applies.
#[doc(hidden)]
pub struct PlainCall;

impl<R> std::ops::Deref for Catching<R> {
    type Target = PlainCall;
    fn deref(&self) -> &PlainCall {
        &PlainCall
    }
}

impl PlainCall {
    pub fn call<A, T>(&self, _arms: &[&str], args: A, call: impl FnOnce(A) -> T) -> T {
        call(args)
    }

    pub fn pass_on<A, T>(&self, args: A, call: impl FnOnce(A) -> T) -> T {
        call(args)
    }
}

/// Whether the call starting now is caught (taken: only the first call inside `Catching`).
pub(crate) fn take_catching() -> bool {
    CATCH_NEXT_CALL.with(|c| c.replace(false))
}

/// Keeps the failure a caught call ends with, before it unwinds to `Catching`.
pub(crate) fn keep_caught(failure: &Failure) {
    CAUGHT.with(|c| *c.borrow_mut() = Some(failure.clone()));
}
