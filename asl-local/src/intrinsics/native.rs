//! The intrinsics as plain functions on values, for a workflow's native run: what Step
//! Functions computes for `States.Format(…)`, `States.Hash(…)`, … given the arguments.

use asl_jsonata::EntropySource;
use serde_json::Value;

use super::{apply, lex_literal, CallNode};
use crate::errors::Failure;
use crate::rng::Rng;
use asl_model::intrinsic::Intrinsic;

/// Evaluates the intrinsic `name` (`States.Format`, …) on argument values, as a Parameters
/// field would (so a native run computes what Step Functions computes): for `States.Format`
/// the first argument is the template in ASL's syntax (`\{` for a literal brace).
/// `States.MathRandom` and `States.UUID` draw from a fresh seed each call. The error is the
/// ASL error name and cause.
pub fn evaluate(name: &str, args: &[Value]) -> Result<Value, (String, String)> {
    evaluate_with(name, args, None)
}

/// [`evaluate`], with a test's values for `States.UUID` / `States.MathRandom` drawn first.
pub fn evaluate_with(
    name: &str,
    args: &[Value],
    entropy: Option<EntropySource>,
) -> Result<Value, (String, String)> {
    let fail = |f: Failure| (f.error.unwrap_or_default(), f.cause.unwrap_or_default());
    let function = Intrinsic::from_name(name).ok_or_else(|| {
        fail(Failure::intrinsic(format!(
            "'{name}' is not an intrinsic function"
        )))
    })?;
    let template = match (function, args.first()) {
        (Intrinsic::Format, Some(Value::String(raw))) => {
            // Read the template as the quoted literal it is in a definition, escapes apart from holes.
            let chars: Vec<char> = std::iter::once('\'')
                .chain(raw.chars())
                .chain(std::iter::once('\''))
                .collect();
            Some(lex_literal(&chars, 0).0)
        }
        _ => None,
    };
    let node = CallNode {
        function,
        args: Vec::new(),
        template,
    };
    let mut rng = Rng::new(fresh_seed()).with_entropy(entropy);
    apply(&node, args.to_vec(), &mut rng).map_err(|msg| {
        fail(Failure::intrinsic(format!(
            "Invalid arguments in {}: {msg}",
            function.name()
        )))
    })
}

/// A seed that differs between calls (time and a counter): random intrinsics are random natively.
fn fresh_seed() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos
        ^ CALLS
            .fetch_add(1, Ordering::Relaxed)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
}
