//! Builders the construct workflows share: shapes, tasks, places, a workflow from its variables.

use asl_model::ir::*;

/// A struct field whose JSON name is its Rust name.
pub fn field(rust: &str, shape: Shape) -> Field {
    Field {
        rust: rust.into(),
        json: rust.into(),
        shape,
        flatten: false,
    }
}

pub fn obj(fields: Vec<Field>) -> Shape {
    Shape::Object(fields)
}

/// `{ id: String, amount: f64 }`, the argument most constructs pass on.
pub fn order() -> Shape {
    obj(vec![
        field("id", Shape::String),
        field("amount", Shape::Number),
    ])
}

/// A Lambda task named after its function.
pub fn task(name: &str, input: Shape, output: Shape) -> TaskSpec {
    TaskSpec {
        name: name.into(),
        resource: TaskResource::Lambda(name.into()),
        input,
        output,
        retry: vec![],
        timeout_seconds: None,
        heartbeat_seconds: None,
        timeout_field: None,
        heartbeat_field: None,
        envelope: None,
    }
}

pub fn call(t: &TaskSpec, arg: Expr) -> Expr {
    Expr::Call(Box::new(Call {
        task: t.clone(),
        arg: Some(arg),
    }))
}

/// A place of variable `v` and its fields, as a value.
pub fn at(v: u32, fields: &[&str]) -> Expr {
    Expr::Place(place(v, fields))
}

pub fn place(v: u32, fields: &[&str]) -> Place {
    Place {
        var: VarId(v),
        fields: fields.iter().map(|f| f.to_string()).collect(),
    }
}

/// A workflow whose input is variable 0 (the first of `vars`).
pub fn workflow_of(
    name: &str,
    vars: Vec<(&str, Shape)>,
    output: Shape,
    body: Vec<StmtKind>,
) -> Workflow {
    Workflow {
        name: name.into(),
        comment: None,
        timeout_seconds: None,
        input: Some(VarId(0)),
        output,
        vars: vars
            .into_iter()
            .map(|(n, s)| VarInfo {
                name: n.into(),
                shape: s,
            })
            .collect(),
        body: body.into_iter().map(Stmt::from).collect(),
    }
}
