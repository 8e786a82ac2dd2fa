//! The native side of a JSONata workflow's integer checks: JSONata computes with 64-bit
//! floats, so an integer past ±(2^53 − 1), a cast out of its type's range or a division by
//! zero fails the native run with `States.QueryEvaluationError`, as the emitted expression
//! fails in Step Functions (`asl-emit`'s `emit/jsonata/compute.rs` writes the same checks).
//!
//! The workflow macro wraps the native body's arithmetic: `a * b` becomes `exact(a * b)`,
//! `a / b` becomes `exact(a / divisor(b))`, `x as u8` becomes `cast::<u8, _>(x)`, `x += e`
//! is followed by `check_exact(&x)`. Each
//! wrapper returns its argument's own type, so type inference is what it was.

use asl_model::ir::{out_of_range_message, DIVIDE_BY_ZERO, MAX_EXACT_INTEGER};

use crate::runtime::{fail, Failure};

fn query_error(cause: String) -> ! {
    fail(Failure {
        error: "States.QueryEvaluationError".into(),
        cause,
    })
}

/// A value an arithmetic result can be in a JSONata workflow: numbers and strings.
#[diagnostic::on_unimplemented(
    message = "a JSONata workflow cannot compute with `{Self}`: its arithmetic is on numbers and strings",
    label = "arithmetic here works on numbers (and `String + &str`)",
    note = "compute values of other types in a #[task] fn"
)]
pub trait Exact {
    /// Fails the run when JSONata would not hold the value exactly.
    fn check(&self);
}

/// A divisor: integers must not be 0.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot divide in a JSONata workflow",
    label = "division here works on numbers"
)]
pub trait Divisor: Sized {
    fn divisor(self) -> Self;
}

/// A value `as T` in a JSONata workflow, checked to fit `T` exactly.
#[diagnostic::on_unimplemented(
    message = "`{Self} as {T}` cannot be computed in a JSONata workflow",
    label = "casts here go between numeric types"
)]
pub trait CastTo<T> {
    fn cast_to(self) -> T;
}

fn check_integer(v: i128) {
    if v.unsigned_abs() > MAX_EXACT_INTEGER as u128 {
        query_error(out_of_range_message(-MAX_EXACT_INTEGER, MAX_EXACT_INTEGER))
    }
}

/// `v` when it lies in `T`'s exact range, else a failed run.
fn fit<T: TryFrom<i128>>(v: i128, (min, max): (i64, i64)) -> T {
    if v < i128::from(min) || v > i128::from(max) {
        query_error(out_of_range_message(min, max))
    }
    T::try_from(v).unwrap_or_else(|_| query_error(out_of_range_message(min, max)))
}

macro_rules! integers {
    ($($t:ident $variant:ident),*) => {$(
        impl Exact for $t {
            fn check(&self) {
                check_integer(*self as i128);
            }
        }
        impl Divisor for $t {
            fn divisor(self) -> Self {
                if self == 0 {
                    query_error(DIVIDE_BY_ZERO.into())
                }
                self
            }
        }
        impl Divisor for &$t {
            fn divisor(self) -> Self {
                (*self).divisor();
                self
            }
        }
        integers!(@casts $t $variant: i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);
        impl CastTo<$t> for f64 {
            fn cast_to(self) -> $t {
                let range = asl_model::ir::IntType::$variant.exact_range();
                if !self.is_finite() {
                    query_error(out_of_range_message(range.0, range.1))
                }
                // Beyond i128 is beyond every exact range, and `fit` says so.
                fit(self.trunc().clamp(i128::MIN as f64, i128::MAX as f64) as i128, range)
            }
        }
        impl CastTo<$t> for f32 {
            fn cast_to(self) -> $t {
                f64::from(self).cast_to()
            }
        }
    )*};
    (@casts $t:ident $variant:ident: $($from:ident),*) => {$(
        impl CastTo<$t> for $from {
            fn cast_to(self) -> $t {
                fit(self as i128, asl_model::ir::IntType::$variant.exact_range())
            }
        }
    )*};
}

integers!(
    i8 I8, i16 I16, i32 I32, i64 I64, i128 I128, isize Isize,
    u8 U8, u16 U16, u32 U32, u64 U64, u128 U128, usize Usize
);

macro_rules! passthrough {
    ($($t:ty),*) => {$(
        impl Exact for $t {
            fn check(&self) {}
        }
    )*};
}

// Floats agree as they are (an infinite or NaN result is `null` in both runs' JSON).
passthrough!(f32, f64, String);

macro_rules! float_divisors {
    ($($t:ty),*) => {$(
        impl Divisor for $t {
            fn divisor(self) -> Self {
                self
            }
        }
        impl Divisor for &$t {
            fn divisor(self) -> Self {
                self
            }
        }
    )*};
}

float_divisors!(f32, f64);

/// Any number `as f64` / `as f32`: JSONata holds it as a float too, nothing to check.
macro_rules! to_float {
    ($($t:ty),*) => {$(
        impl CastTo<f64> for $t {
            fn cast_to(self) -> f64 {
                self as f64
            }
        }
        impl CastTo<f32> for $t {
            fn cast_to(self) -> f32 {
                self as f32
            }
        }
    )*};
}

to_float!(f32, f64, i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize);

/// `v`, checked: what `a + b`, `a * b`, `x.pow(n)`, `xs.sum()` become natively.
pub fn exact<T: Exact>(v: T) -> T {
    v.check();
    v
}

/// Checks a place after `x += e` (read through a reference: it stays where it is).
pub fn check_exact<T: Exact + ?Sized>(v: &T) {
    v.check();
}

/// `d`, checked not to be an integer 0: the right side of `/` and `%`.
pub fn divisor<T: Divisor>(d: T) -> T {
    d.divisor()
}

/// `v as T`, checked to fit `T` where JSONata holds it exactly.
pub fn cast<T, V: CastTo<T>>(v: V) -> T {
    v.cast_to()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::run_native;

    fn error_of<T>(f: impl FnOnce() -> T) -> String {
        match run_native(f) {
            Ok(_) => "ok".into(),
            Err(failure) => format!("{}: {}", failure.error, failure.cause),
        }
    }

    #[test]
    fn integers_within_2_pow_53_pass_and_beyond_fail() {
        assert_eq!(exact(MAX_EXACT_INTEGER), MAX_EXACT_INTEGER);
        assert_eq!(exact(-MAX_EXACT_INTEGER), -MAX_EXACT_INTEGER);
        assert_eq!(
            error_of(|| exact(MAX_EXACT_INTEGER + 1)),
            "States.QueryEvaluationError: an integer result is beyond ±9007199254740991 \
             (2^53 − 1), where JSONata stops being exact"
        );
        assert_eq!(
            error_of(|| exact(u64::MAX)).split(':').next(),
            Some("States.QueryEvaluationError")
        );
    }

    #[test]
    fn division_by_zero_fails_instead_of_panicking() {
        assert_eq!(7 / divisor(2), 3);
        assert_eq!(
            error_of(|| 7 % divisor(0)),
            "States.QueryEvaluationError: integer division by zero"
        );
        assert_eq!(1.0 / divisor(0.0), f64::INFINITY);
    }

    #[test]
    fn casts_check_the_target_range() {
        assert_eq!(cast::<i64, _>(2.9_f64), 2);
        assert_eq!(cast::<i64, _>(-2.9_f64), -2);
        assert_eq!(cast::<u8, _>(255_i64), 255);
        assert_eq!(cast::<f64, _>(3_i64), 3.0);
        assert_eq!(
            error_of(|| cast::<u8, _>(256_i64)),
            "States.QueryEvaluationError: an integer cast out of its type's range 0..=255"
        );
        assert_eq!(
            error_of(|| cast::<u64, _>(-1_i64)),
            "States.QueryEvaluationError: an integer cast out of its type's range 0..=9007199254740991"
        );
        assert!(error_of(|| cast::<i64, _>(f64::NAN)).starts_with("States.QueryEvaluationError"));
        assert!(error_of(|| cast::<i64, _>(1e300)).starts_with("States.QueryEvaluationError"));
    }
}
