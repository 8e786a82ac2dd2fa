//! Builders the construct workflows share: shapes, tasks, places, a workflow from its variables.

use asl_model::ir::*;

/// A struct field whose JSON name is its Rust name.
pub fn field(rust: &str, shape: Shape) -> Field {
    Field::named(rust, shape)
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
    TaskSpec::new(name, TaskResource::Lambda(name.into()), input, output)
}

pub fn call(t: &TaskSpec, arg: Expr) -> Expr {
    Expr::call(t, Some(arg))
}

/// A place of variable `v` and its fields, as a value.
pub fn at(v: u32, fields: &[&str]) -> Expr {
    Expr::Place(place(v, fields))
}

pub fn place(v: u32, fields: &[&str]) -> Place {
    Place::at(VarId(v), fields)
}

/// A workflow whose input is variable 0 (the first of `vars`).
pub fn workflow_of(
    name: &str,
    vars: Vec<(&str, Shape)>,
    output: Shape,
    body: Vec<StmtKind>,
) -> Workflow {
    let body = body.into_iter().map(Stmt::from).collect();
    Workflow::new(name, Some(VarId(0)), output, vars, body)
}
