//! Typed errors: `match` arms as Catches, `?`, rethrows, `if let Ok`, typed `Fail`s and retries.

use super::*;

/// A specific arm and a catch-all arm: one Catch each, the catch-all last (`States.ALL`).
#[workflow]
pub fn catch_typed(o: Order) -> Receipt {
    match pay(o.clone()) {
        Ok(r) => r,
        Err(PayError::Declined) => fallback(o),
        Err(e) => refund(e),
    }
}

/// `Err(E::Y(info))`: the caught error object, bound and passed to a task.
#[workflow]
pub fn catch_binding(o: Order) -> Receipt {
    match pay(o.clone()) {
        Ok(r) => notify(r),
        Err(PayError::Fraud(info)) => report(info),
        Err(_) => fallback(o),
    }
}

/// `Err(e) => return Err(e)`: the execution fails with the caught error's name and cause.
#[workflow]
pub fn rethrow(o: Order) -> Result<Receipt, PayError> {
    let r = match pay(o.clone()) {
        Ok(r) => r,
        Err(PayError::Declined) => fallback(o),
        Err(e) => return Err(e),
    };
    Ok(notify(r))
}

/// `?`: not caught; the task's error fails the execution.
#[workflow]
pub fn question_mark(o: Order) -> Result<Receipt, PayError> {
    let r = pay(o)?;
    Ok(notify(r))
}

/// `if let Ok(v)`: every error takes the `else`.
#[workflow]
pub fn if_let_ok(o: Order) -> Receipt {
    if let Ok(r) = pay(o.clone()) {
        notify(r)
    } else {
        fallback(o)
    }
}

/// `fail!(E::X, cause)`: a Fail state with the variant's ASL name.
#[workflow]
pub fn typed_fail(o: Order) -> Receipt {
    if o.amount > 100 {
        fail!(PayError::Declined, "over the limit");
    }
    fallback(o)
}

/// `#[retry]` at a call: that Task state's own Retry, beside the `?`.
#[workflow]
pub fn retry_at_call(o: Order) -> Result<Receipt, PayError> {
    #[retry(errors = [PayError::Busy], max_attempts = 2, interval = 1s)]
    let r = pay(o)?;
    Ok(r)
}

/// A caught call in a `for` body: a failing item takes its arm and the loop goes on.
#[workflow]
pub fn caught_in_loop(b: Orders) -> u32 {
    let mut paid = 0;
    for o in b.orders.iter() {
        match pay(o.clone()) {
            Ok(_) => paid += 1,
            Err(_) => {
                fallback(o.clone());
            }
        }
    }
    paid
}
