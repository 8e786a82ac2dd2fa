//! One workflow per construct, built as IR (this crate cannot use the macros): the inputs of
//! the snapshot tests in `../snapshots.rs`.

pub mod build;

pub mod compute;
pub mod context;
pub mod fail;
pub mod for_loop;
pub mod if_else;
pub mod loop_break;
pub mod map;
pub mod match_enum;
pub mod nested_workflow;
pub mod parallel;
pub mod retry;
pub mod task;
pub mod try_catch;
pub mod wait;
