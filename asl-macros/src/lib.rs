//! Proc-macro front end: `#[workflow]`, `#[task]`, `#[derive(Payload)]`.
