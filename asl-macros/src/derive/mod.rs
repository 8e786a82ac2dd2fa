//! The derive macros: `#[derive(Payload)]` (a type's JSON shape) and `#[derive(TaskError)]`
//! (an enum of the ASL errors a task fails with).

pub(crate) mod payload;
pub(crate) mod task_error;
