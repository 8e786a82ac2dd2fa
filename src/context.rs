//! The context object (`$$` in ASL): `ctx().execution.id`, `ctx().map.item.index`, ….
//!
//! In a `#[workflow]` body a field chain starting at `ctx()` becomes `ir::Expr::Context`;
//! natively `ctx()` returns this thread's context: defaults for the execution (id and name
//! `"native"`), and the current item while a native `map` runs its closure.

use std::cell::RefCell;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::payload::Timestamp;

/// `$$`: what Step Functions knows about the running execution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Context {
    pub execution: ExecutionContext,
    pub state: StateContext,
    pub map: MapContext,
    pub task: TaskContext,
}

/// `$$.Execution`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ExecutionContext {
    pub id: String,
    pub name: String,
    pub start_time: Timestamp,
    pub input: Value,
    pub role_arn: String,
}

/// `$$.State`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StateContext {
    pub name: String,
    pub entered_time: Timestamp,
    pub retry_count: u32,
}

/// `$$.Map`: inside a `map` closure, the item being processed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MapContext {
    pub item: MapItem,
}

/// `$$.Map.Item`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MapItem {
    pub index: usize,
    pub value: Value,
}

/// `$$.Task`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TaskContext {
    pub token: String,
}

impl Default for Context {
    fn default() -> Context {
        let now = Timestamp(asl_local::format_millis(now_millis()));
        Context {
            execution: ExecutionContext {
                id: "native".into(),
                name: "native".into(),
                start_time: now.clone(),
                input: Value::Null,
                role_arn: String::new(),
            },
            state: StateContext {
                name: String::new(),
                entered_time: now,
                retry_count: 0,
            },
            map: MapContext {
                item: MapItem {
                    index: 0,
                    value: Value::Null,
                },
            },
            task: TaskContext {
                token: String::new(),
            },
        }
    }
}

fn now_millis() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

thread_local! {
    static CONTEXT: RefCell<Option<Context>> = const { RefCell::new(None) };
}

/// The context object. In a workflow, read one of its fields: `ctx().execution.id`.
pub fn ctx() -> Context {
    let mut context = CONTEXT.with(|c| c.borrow_mut().get_or_insert_with(Context::default).clone());
    // Under a fixed context the state is entered at the native run's simulated time.
    if let Some(now) = crate::runtime::simulated_now_ms() {
        context.state.entered_time = Timestamp(asl_local::format_millis(now));
    }
    context
}

/// Sets the execution part of this thread's context, for native runs that read it.
pub fn set_execution(execution: ExecutionContext) {
    CONTEXT.with(|c| {
        c.borrow_mut()
            .get_or_insert_with(Context::default)
            .execution = execution
    });
}

/// Forgets this thread's context (the next `ctx()` starts from the defaults).
pub fn reset() {
    CONTEXT.with(|c| *c.borrow_mut() = None);
}

/// Runs `f` with `ctx().execution` set to `execution`, restoring the previous one afterwards
/// (also when `f` panics): a test's fixed context for one run.
pub(crate) fn with_execution<R>(execution: ExecutionContext, f: impl FnOnce() -> R) -> R {
    struct Restore(Option<ExecutionContext>);
    impl Drop for Restore {
        fn drop(&mut self) {
            if let Some(previous) = self.0.take() {
                set_execution(previous);
            }
        }
    }
    let previous = CONTEXT.with(|c| {
        let mut c = c.borrow_mut();
        let context = c.get_or_insert_with(Context::default);
        std::mem::replace(&mut context.execution, execution)
    });
    let _restore = Restore(Some(previous));
    f()
}

/// Runs `f` with `$$.Map.Item` set to one item, restoring the previous item afterwards
/// (also when `f` fails), so nested maps see their own item.
pub(crate) fn with_map_item<R>(index: usize, value: Value, f: impl FnOnce() -> R) -> R {
    struct Restore(MapItem);
    impl Drop for Restore {
        fn drop(&mut self) {
            let item = std::mem::replace(
                &mut self.0,
                MapItem {
                    index: 0,
                    value: Value::Null,
                },
            );
            CONTEXT.with(|c| c.borrow_mut().get_or_insert_with(Context::default).map.item = item);
        }
    }
    let previous = CONTEXT.with(|c| {
        let mut c = c.borrow_mut();
        let context = c.get_or_insert_with(Context::default);
        std::mem::replace(&mut context.map.item, MapItem { index, value })
    });
    let _restore = Restore(previous);
    f()
}
