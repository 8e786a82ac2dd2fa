//! Which native task an ASL task call is: the workflow's task specs (walked from its IR) and
//! the names a call of a given resource may have in a native run.

use asl_local::{ResourceKind, TaskCall as AslCall};
use asl_model::ir::{walk_exprs, Block, Expr, TaskResource, TaskSpec};

/// The prefix of service integrations; an `asl::aws` integration runs natively under the rest
/// (`arn:aws:states:::sns:publish` → `sns:publish`).
const INTEGRATION_PREFIX: &str = "arn:aws:states:::";

/// Every task spec a workflow body calls (Parallel branches and Map processors included).
pub(crate) fn task_specs(body: &Block) -> Vec<TaskSpec> {
    let mut specs = Vec::new();
    walk_exprs(body, &mut |e| {
        if let Expr::Call(c) = e {
            specs.push(c.task.clone());
        }
    });
    specs
}

/// Whether an ASL call is a call of `spec`: the resource the spec compiles to is the call's.
fn calls_spec(call: &AslCall, spec: &TaskSpec) -> bool {
    match (&spec.resource, call.kind) {
        // asl-local reports a `lambda:invoke` call by its FunctionName.
        (TaskResource::Arn(r), ResourceKind::LambdaInvoke) => {
            r.starts_with("arn:aws:states:::lambda:invoke")
        }
        (TaskResource::Arn(r), _) => *r == call.resource,
        // A function or activity by name becomes an ARN ending in `:name`.
        (TaskResource::Lambda(r) | TaskResource::Activity(r), _) => {
            *r == call.resource || call.resource.ends_with(&format!(":{r}"))
        }
        // asl-local reports `Fn::GetAtt` / `Ref` by the logical id.
        (TaskResource::GetAtt(id) | TaskResource::Ref(id), _) => *id == call.resource,
    }
}

/// The names a native run may have given this call: the names of the specs it matches, the
/// integration's action (`sns:publish`), and the resource itself (item readers).
pub(crate) fn native_names(call: &AslCall, specs: &[TaskSpec]) -> Vec<String> {
    let mut names = Vec::new();
    let mut add = |name: &str| {
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    };
    for spec in specs.iter().filter(|s| calls_spec(call, s)) {
        add(&spec.name);
        if let TaskResource::Arn(r) = &spec.resource {
            if let Some(action) = r.strip_prefix(INTEGRATION_PREFIX) {
                add(action);
            }
        }
    }
    if call.kind != ResourceKind::LambdaInvoke {
        add(&call.resource);
        if let Some(action) = call.resource.strip_prefix(INTEGRATION_PREFIX) {
            add(action);
        }
    }
    names
}

/// Whether a mock's key (`module::name`, a bare name, or a resource) is one of these names.
pub(crate) fn key_names(key: &str, names: &[String]) -> bool {
    names.iter().any(|n| {
        key == n
            || key
                .strip_suffix(n.as_str())
                .is_some_and(|m| m.ends_with("::"))
    })
}
