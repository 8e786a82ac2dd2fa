//! The IR's invariants, checked before any back end runs: every variable handle names a
//! variable of the workflow, and a Map processor or `parallel!` branch assigns only
//! variables of its own (it runs on a copy of the outer ones).

use std::collections::HashSet;

use super::*;

/// What is wrong with a workflow's IR (a bug in the macros or in code that builds IR by hand).
pub fn verify(wf: &Workflow) -> Result<(), Vec<String>> {
    let mut v = Verifier {
        wf,
        errors: Vec::new(),
        scopes: vec![HashSet::new()],
        at: "the workflow's input".to_string(),
    };
    if let Some(input) = wf.input {
        v.declare(input);
    }
    v.at = "the body".to_string();
    v.visit_block(&wf.body);
    if v.errors.is_empty() {
        Ok(())
    } else {
        Err(v.errors)
    }
}

struct Verifier<'w> {
    wf: &'w Workflow,
    errors: Vec<String>,
    /// Variables assigned in each enclosing scope (the workflow, then branches / processors).
    scopes: Vec<HashSet<VarId>>,
    /// Where the verifier is, for messages (`the body, statement 2, map closure`).
    at: String,
}

impl Verifier<'_> {
    fn exists(&mut self, var: VarId) -> bool {
        let ok = (var.0 as usize) < self.wf.vars.len();
        if !ok {
            self.errors.push(format!(
                "workflow `{}`, {}: variable #{} does not exist (the workflow has {})",
                self.wf.name,
                self.at,
                var.0,
                self.wf.vars.len()
            ));
        }
        ok
    }

    fn declare(&mut self, var: VarId) {
        self.exists(var);
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(var);
        }
    }

    /// An assignment: in a nested scope, the variable must not be an outer scope's.
    fn assign(&mut self, var: VarId) {
        if !self.exists(var) {
            return;
        }
        let depth = self.scopes.len();
        let outer = self.scopes[..depth - 1].iter().any(|s| s.contains(&var));
        let mine = self.scopes[depth - 1].contains(&var);
        if outer && !mine {
            let name = &self.wf.vars[var.0 as usize].name;
            self.errors.push(format!(
                "workflow `{}`, {}: `{name}` belongs to an enclosing scope, which a Map processor or parallel branch cannot assign",
                self.wf.name, self.at
            ));
            return;
        }
        self.declare(var);
    }
}

impl<'w> Verifier<'w> {
    /// A Map processor or `parallel!` branch: a scope of its own, starting with `own`.
    fn nested(&mut self, own: &[VarId], block: &'w [Stmt], at: String) {
        self.scopes.push(HashSet::new());
        let outer_at = std::mem::replace(&mut self.at, at);
        for v in own {
            self.declare(*v);
        }
        self.visit_block(block);
        self.at = outer_at;
        self.scopes.pop();
    }
}

impl<'w> Visitor<'w> for Verifier<'w> {
    fn visit_block(&mut self, block: &'w [Stmt]) {
        let outer_at = self.at.clone();
        for (i, s) in block.iter().enumerate() {
            self.at = match &s.name {
                Some(name) => format!("{outer_at}, statement {} (`{name}`)", i + 1),
                None => format!("{outer_at}, statement {}", i + 1),
            };
            self.visit_stmt(s);
        }
        self.at = outer_at;
    }

    /// Statements that assign: the value is checked before the variable is.
    fn visit_stmt(&mut self, s: &'w Stmt) {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                self.visit_expr(value);
                self.assign(*var);
            }
            StmtKind::AssignField { place, value } => {
                self.visit_expr(value);
                self.assign(place.var);
            }
            StmtKind::For { var, items, body } => {
                self.visit_place(items);
                self.assign(*var);
                self.visit_block(body);
            }
            StmtKind::Try {
                var,
                value,
                ok,
                catchers,
            } => {
                self.visit_expr(value);
                if let Some(v) = var {
                    self.assign(*v);
                }
                self.visit_block(ok);
                for c in catchers {
                    if let Some(v) = c.var {
                        self.assign(v);
                    }
                    self.visit_block(&c.body);
                }
            }
            StmtKind::Eval(_)
            | StmtKind::Return(_)
            | StmtKind::If { .. }
            | StmtKind::Match { .. }
            | StmtKind::Loop { .. }
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Sleep(_)
            | StmtKind::Fail { .. } => walk_stmt(self, s),
        }
    }

    fn visit_expr(&mut self, e: &'w Expr) {
        match e {
            Expr::Parallel(branches) => {
                for (i, b) in branches.iter().enumerate() {
                    let at = format!("{}, parallel branch {}", self.at, i + 1);
                    self.nested(&[], b, at);
                }
            }
            Expr::Map(m) => {
                match &m.items {
                    MapItems::Place(p) => self.visit_place(p),
                    MapItems::Reader(r) => self.visit_expr(&r.parameters),
                }
                let at = format!("{}, map closure", self.at);
                self.nested(&[m.item], &m.body, at);
            }
            Expr::Place(_)
            | Expr::Literal(_)
            | Expr::Context(_)
            | Expr::Struct { .. }
            | Expr::Array(_)
            | Expr::Intrinsic { .. }
            | Expr::Call(_)
            | Expr::Compute(_) => walk_expr(self, e),
        }
    }

    fn visit_compute(&mut self, c: &'w Compute) {
        match c {
            Compute::Closure { closure, .. } | Compute::Fold { closure, .. } => {
                for p in &closure.params {
                    self.exists(*p);
                }
            }
            Compute::Binary { .. }
            | Compute::Unary { .. }
            | Compute::Cast { .. }
            | Compute::Method { .. }
            | Compute::If { .. }
            | Compute::Match { .. }
            | Compute::Format(_)
            | Compute::Index { .. }
            | Compute::Field { .. } => {}
        }
        walk_compute(self, c);
    }

    fn visit_place(&mut self, p: &'w Place) {
        self.exists(p.var);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workflow(vars: usize, body: Block) -> Workflow {
        Workflow {
            name: "w".into(),
            comment: None,
            timeout_seconds: None,
            input: Some(VarId(0)),
            output: Shape::Any,
            vars: (0..vars)
                .map(|i| VarInfo {
                    name: format!("v{i}"),
                    shape: Shape::Any,
                })
                .collect(),
            body,
        }
    }

    #[test]
    fn a_dangling_variable_is_named_with_where_it_is() {
        let wf = workflow(
            1,
            vec![StmtKind::Return(Expr::Place(Place::var(VarId(3)))).into()],
        );
        assert_eq!(
            verify(&wf),
            Err(vec![
                "workflow `w`, the body, statement 1: variable #3 does not exist (the workflow has 1)"
                    .to_string()
            ])
        );
    }

    #[test]
    fn a_map_closure_cannot_assign_an_outer_variable() {
        let map = Expr::Map(Box::new(MapExpr {
            items: MapItems::Place(Place::var(VarId(0))),
            item: VarId(2),
            body: vec![
                StmtKind::Assign {
                    var: VarId(1),
                    value: Expr::Literal(1.into()),
                }
                .into(),
                StmtKind::Return(Expr::Place(Place::var(VarId(2)))).into(),
            ],
            options: MapOptions::default(),
        }));
        let wf = workflow(
            3,
            vec![
                StmtKind::Assign {
                    var: VarId(1),
                    value: Expr::Literal(0.into()),
                }
                .into(),
                StmtKind::Eval(map).into(),
                StmtKind::Return(Expr::Place(Place::var(VarId(1)))).into(),
            ],
        );
        assert_eq!(
            verify(&wf),
            Err(vec!["workflow `w`, the body, statement 2, map closure, statement 1: `v1` belongs to an enclosing scope, which a Map processor or parallel branch cannot assign".to_string()])
        );
    }
}
