//! Constructors of IR values with their usual defaults, so that generated code and hand-built
//! IR in tests do not spell out every field (a new field then changes one place).

use super::*;

impl Field {
    /// A field whose JSON key is its Rust name (no `rename`, not flattened).
    pub fn named(rust: &str, shape: Shape) -> Field {
        Field {
            rust: rust.into(),
            json: rust.into(),
            shape,
            flatten: false,
        }
    }
}

impl Place {
    /// Variable `var` and a path of Rust field names into it.
    pub fn at(var: VarId, fields: &[&str]) -> Place {
        Place {
            var,
            fields: fields.iter().map(|f| f.to_string()).collect(),
        }
    }
}

impl TaskSpec {
    /// A task of `resource` with no retry, timeout, heartbeat or envelope.
    pub fn new(name: &str, resource: TaskResource, input: Shape, output: Shape) -> TaskSpec {
        TaskSpec {
            name: name.into(),
            resource,
            input,
            output,
            retry: Vec::new(),
            timeout_seconds: None,
            heartbeat_seconds: None,
            timeout_field: None,
            heartbeat_field: None,
            envelope: None,
        }
    }
}

impl Expr {
    /// A call of `task` with `arg` (`None` for a task that takes `()`).
    pub fn call(task: &TaskSpec, arg: Option<Expr>) -> Expr {
        Expr::Call(Box::new(Call {
            task: task.clone(),
            arg,
        }))
    }
}

impl Workflow {
    /// A workflow without comment or timeout; `vars` are `(name, shape)` in id order.
    pub fn new(
        name: &str,
        input: Option<VarId>,
        output: Shape,
        vars: Vec<(&str, Shape)>,
        body: Block,
    ) -> Workflow {
        Workflow {
            name: name.into(),
            comment: None,
            timeout_seconds: None,
            input,
            output,
            vars: vars
                .into_iter()
                .map(|(name, shape)| VarInfo {
                    name: name.into(),
                    shape,
                })
                .collect(),
            body,
        }
    }
}
