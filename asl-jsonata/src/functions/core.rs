//! The built-ins the evaluator itself needs: `$clone` (used by transforms) and `$eval`,
//! which Step Functions does not offer.

use super::{Builtin, Host};
use crate::value::Value;
use crate::Error;

pub(crate) const FUNCTIONS: &[Builtin] = &[
    Builtin {
        name: "clone",
        signature: "<(oa)-:o>",
        run: clone,
    },
    Builtin {
        name: "eval",
        signature: "<sx?:x>",
        run: eval,
    },
];

fn clone(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(args
        .first()
        .map(crate::eval::deep_clone)
        .unwrap_or_default())
}

fn eval(_: &mut dyn Host, _: &[Value]) -> Result<Value, Error> {
    Err(Error::new(
        "T1006",
        "$eval is not available in AWS Step Functions; parse JSON text with $parse instead",
    ))
}
