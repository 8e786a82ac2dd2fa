//! The README's "Testing a workflow" example, as written there (kept short, so not
//! reformatted); `the_readme_shows_this_code` fails when the README's block and this file differ.
#![cfg_attr(rustfmt, rustfmt::skip)]

use asl::prelude::*;
use asl::testing::Env;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order { id: String }

#[derive(TaskError, Debug, Clone, PartialEq)]
enum PayError { Busy, Declined }

#[task(lambda = "pay", timeout = 30)]
#[retry(errors = [PayError::Busy], max_attempts = 2)]
fn pay(order: Order) -> Result<Order, PayError>;

#[workflow]
fn checkout(order: Order) -> Result<Order, PayError> {
    let paid = pay(order)?;
    Ok(paid)
}

#[test]
fn a_busy_payment_is_retried_a_declined_one_fails_a_slow_one_times_out() {
    let order = || Order { id: "o-1".into() };
    let check = |mock| Env::new().mock(mock).check(checkout::definition(), checkout, order());
    let retried = check(pay::mock(|_| Err(PayError::Busy)).then(pay::mock(Ok)));
    assert_eq!((retried.output, retried.calls.len()), (Ok(order()), 2)); // the retry is a call
    assert_eq!(check(pay::mock(|_| Err(PayError::Declined))).output.unwrap_err().error, "Declined");
    let slow = check(pay::mock(Ok).taking(std::time::Duration::from_secs(60))); // nothing waits
    assert_eq!(slow.output.unwrap_err().error, "States.Timeout");
    assert_eq!(slow.duration.as_secs(), 30); // simulated: the task's timeout
}
// Not in the README: the check that it shows the code above.

#[test]
fn the_readme_shows_this_code() {
    let readme = include_str!("../README.md");
    let section = &readme[readme.find("## Testing a workflow").expect("the README's testing section")..];
    let start = section.find("```rust\n").expect("a Rust block in the section") + "```rust\n".len();
    let block = &section[start..start + section[start..].find("```\n").expect("the block ends")];
    let this = include_str!("testing_readme.rs");
    let code = &this[this.find("#[derive").unwrap()..this.find("// Not in the README").unwrap()];
    assert_eq!(block, code, "README.md's testing example differs from tests/testing_readme.rs");
    assert!(block.lines().count() < 30, "the README's example has {} lines", block.lines().count());
}
