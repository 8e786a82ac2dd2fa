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
    };
    if let Some(input) = wf.input {
        v.declare(input, "the workflow's input");
    }
    v.block(&wf.body, "the body");
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
}

impl Verifier<'_> {
    fn exists(&mut self, var: VarId, at: &str) -> bool {
        let ok = (var.0 as usize) < self.wf.vars.len();
        if !ok {
            self.errors.push(format!(
                "workflow `{}`, {at}: variable #{} does not exist (the workflow has {})",
                self.wf.name,
                var.0,
                self.wf.vars.len()
            ));
        }
        ok
    }

    fn declare(&mut self, var: VarId, at: &str) {
        self.exists(var, at);
        if let Some(scope) = self.scopes.last_mut() {
            scope.insert(var);
        }
    }

    /// An assignment: in a nested scope, the variable must not be an outer scope's.
    fn assign(&mut self, var: VarId, at: &str) {
        if !self.exists(var, at) {
            return;
        }
        let depth = self.scopes.len();
        let outer = self.scopes[..depth - 1].iter().any(|s| s.contains(&var));
        let mine = self.scopes[depth - 1].contains(&var);
        if outer && !mine {
            let name = &self.wf.vars[var.0 as usize].name;
            self.errors.push(format!(
                "workflow `{}`, {at}: `{name}` belongs to an enclosing scope, which a Map processor or parallel branch cannot assign",
                self.wf.name
            ));
            return;
        }
        self.declare(var, at);
    }

    fn place(&mut self, p: &Place, at: &str) {
        self.exists(p.var, at);
    }

    fn nested(&mut self, own: &[VarId], block: &Block, at: &str) {
        self.scopes.push(HashSet::new());
        for v in own {
            self.declare(*v, at);
        }
        self.block(block, at);
        self.scopes.pop();
    }

    fn block(&mut self, block: &Block, at: &str) {
        for (i, s) in block.iter().enumerate() {
            let here = match &s.name {
                Some(name) => format!("{at}, statement {} (`{name}`)", i + 1),
                None => format!("{at}, statement {}", i + 1),
            };
            self.stmt(s, &here);
        }
    }

    fn stmt(&mut self, s: &Stmt, at: &str) {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                self.expr(value, at);
                self.assign(*var, at);
            }
            StmtKind::AssignField { place, value } => {
                self.expr(value, at);
                self.assign(place.var, at);
            }
            StmtKind::Eval(e) | StmtKind::Return(e) => self.expr(e, at),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                self.cond(cond, at);
                self.block(then, at);
                self.block(otherwise, at);
            }
            StmtKind::Match { scrutinee, arms } => {
                self.place(scrutinee, at);
                arms.iter().for_each(|a| self.block(&a.body, at));
            }
            StmtKind::Loop { body } => self.block(body, at),
            StmtKind::For { var, items, body } => {
                self.place(items, at);
                self.assign(*var, at);
                self.block(body, at);
            }
            StmtKind::Try {
                var,
                value,
                ok,
                catchers,
            } => {
                self.expr(value, at);
                if let Some(v) = var {
                    self.assign(*v, at);
                }
                self.block(ok, at);
                for c in catchers {
                    if let Some(v) = c.var {
                        self.assign(v, at);
                    }
                    self.block(&c.body, at);
                }
            }
            StmtKind::Sleep(d) => match d {
                SleepFor::SecondsAt(p) | SleepFor::UntilAt(p) => self.place(p, at),
                SleepFor::Seconds(_) | SleepFor::Until(_) => {}
            },
            StmtKind::Fail { error, cause } => {
                for t in [error, cause].into_iter().flatten() {
                    if let Text::At(p) = t {
                        self.place(p, at);
                    }
                }
            }
            StmtKind::Break | StmtKind::Continue => {}
        }
    }

    fn cond(&mut self, c: &Cond, at: &str) {
        match c {
            Cond::And(a, b) | Cond::Or(a, b) => {
                self.cond(a, at);
                self.cond(b, at);
            }
            Cond::Not(a) => self.cond(a, at),
            Cond::Compare { place, rhs, .. } => {
                self.place(place, at);
                if let Rhs::Place(p) = rhs {
                    self.place(p, at);
                }
            }
            Cond::IsTrue(p) | Cond::IsSome(p) | Cond::IsNone(p) => self.place(p, at),
            Cond::Value(e) => self.expr(e, at),
            Cond::Literal(_) => {}
        }
    }

    fn expr(&mut self, e: &Expr, at: &str) {
        match e {
            Expr::Place(p) => self.place(p, at),
            Expr::Literal(_) | Expr::Context(_) => {}
            Expr::Struct { fields, .. } => fields.iter().for_each(|(_, v)| self.expr(v, at)),
            Expr::Array(items) | Expr::Intrinsic { args: items, .. } => {
                items.iter().for_each(|v| self.expr(v, at))
            }
            Expr::Call(c) => {
                if let Some(a) = &c.arg {
                    self.expr(a, at)
                }
            }
            Expr::Parallel(branches) => {
                for (i, b) in branches.iter().enumerate() {
                    self.nested(&[], b, &format!("{at}, parallel branch {}", i + 1));
                }
            }
            Expr::Map(m) => {
                match &m.items {
                    MapItems::Place(p) => self.place(p, at),
                    MapItems::Reader(r) => self.expr(&r.parameters, at),
                }
                self.nested(&[m.item], &m.body, &format!("{at}, map closure"));
            }
            Expr::Compute(c) => {
                match &**c {
                    Compute::Closure { closure, .. } | Compute::Fold { closure, .. } => {
                        closure.params.iter().for_each(|p| {
                            self.exists(*p, at);
                        })
                    }
                    _ => {}
                }
                c.operands().into_iter().for_each(|v| self.expr(v, at));
            }
        }
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
