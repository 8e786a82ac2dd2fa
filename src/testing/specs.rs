//! Which native task an ASL task call is: the workflow's task specs (walked from its IR) and
//! the names a call of a given resource may have in a native run.

use asl_local::{ResourceKind, TaskCall as AslCall};
use asl_model::ir::{Block, Expr, MapItems, StmtKind, TaskResource, TaskSpec};

/// The prefix of service integrations; an `asl::aws` integration runs natively under the rest
/// (`arn:aws:states:::sns:publish` → `sns:publish`).
const INTEGRATION_PREFIX: &str = "arn:aws:states:::";

/// Every task spec a workflow body calls (Parallel branches and Map processors included).
pub(crate) fn task_specs(body: &Block) -> Vec<TaskSpec> {
    let mut specs = Vec::new();
    block(body, &mut specs);
    specs
}

fn block(body: &Block, out: &mut Vec<TaskSpec>) {
    for s in body {
        match &s.kind {
            StmtKind::Assign { value, .. }
            | StmtKind::AssignField { value, .. }
            | StmtKind::Eval(value)
            | StmtKind::Return(value) => expr(value, out),
            StmtKind::If {
                then, otherwise, ..
            } => {
                block(then, out);
                block(otherwise, out);
            }
            StmtKind::Match { arms, .. } => arms.iter().for_each(|a| block(&a.body, out)),
            StmtKind::Loop { body } | StmtKind::For { body, .. } => block(body, out),
            StmtKind::Try {
                value,
                ok,
                catchers,
                ..
            } => {
                expr(value, out);
                block(ok, out);
                catchers.iter().for_each(|c| block(&c.body, out));
            }
            _ => {}
        }
    }
}

fn expr(e: &Expr, out: &mut Vec<TaskSpec>) {
    match e {
        Expr::Call(c) => {
            out.push(c.task.clone());
            if let Some(a) = &c.arg {
                expr(a, out);
            }
        }
        Expr::Struct { fields, .. } => fields.iter().for_each(|(_, v)| expr(v, out)),
        Expr::Parallel(branches) => branches.iter().for_each(|b| block(b, out)),
        Expr::Map(m) => {
            if let MapItems::Reader(r) = &m.items {
                expr(&r.parameters, out);
            }
            block(&m.body, out)
        }
        Expr::Intrinsic { args, .. } => args.iter().for_each(|a| expr(a, out)),
        _ => {}
    }
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
