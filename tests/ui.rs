//! Compile-fail tests of the macros: each `tests/ui/*.rs` has one mistake (or, in
//! `several_mistakes.rs`, several), and its `.stderr` is the exact diagnostic a user sees.
//!
//! Regenerate after an intended change with `TRYBUILD=overwrite cargo test --test ui`, then
//! read every changed `.stderr` (see `tests/ui/README.md`).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
