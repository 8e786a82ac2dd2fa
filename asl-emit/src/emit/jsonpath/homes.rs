//! Homes: where each variable lives in the state JSON (`$` or `$.<name>`), the JSONPath back
//! end's placement.

use std::collections::{BTreeSet, HashMap, HashSet};

use asl_model::ir::*;

use crate::passes::*;

/// Where a variable lives in the state JSON.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Home {
    Root,
    /// `$.<key>`.
    Field(String),
}

#[derive(Clone)]
pub(crate) struct Homes {
    pub(crate) of: HashMap<VarId, Home>,
    /// The input lives in a field, so the first state must move it there.
    pub(crate) move_input: Option<String>,
    /// Variables kept as `{"value": v}` at their home: a computed value (an intrinsic, a
    /// context field) can only be written into the state as a field of an object, and a
    /// loop variable's home also holds the loop's position.
    pub(crate) wrapped: HashSet<VarId>,
    /// In a map's processor, where the `ItemSelector` put the `$$.Map.Item` fields it reads
    /// (`"Index"` → `$.index`): the context object has them only in the `ItemSelector`.
    pub(crate) map_item: HashMap<String, String>,
}

/// The key of a wrapped variable's value.
pub(crate) const WRAPPED: &str = "value";

/// Every variable that is written somewhere: a `let`, a task result, a caught error, a loop
/// or map item.
pub(crate) fn declared_vars(block: &Block) -> HashSet<VarId> {
    let mut out = HashSet::new();
    walk_stmts(block, &mut |s| match &s.kind {
        StmtKind::Assign { var, value } => {
            out.insert(*var);
            if let Expr::Map(m) = value {
                out.insert(m.item);
            }
        }
        StmtKind::AssignField {
            value: Expr::Map(m),
            ..
        }
        | StmtKind::Eval(Expr::Map(m))
        | StmtKind::Return(Expr::Map(m)) => {
            out.insert(m.item);
        }
        StmtKind::Try {
            var,
            value,
            catchers,
            ..
        } => {
            out.extend(var);
            out.extend(catchers.iter().filter_map(|c| c.var));
            if let Expr::Map(m) = value {
                out.insert(m.item);
            }
        }
        StmtKind::For { var, .. } => {
            out.insert(*var);
        }
        StmtKind::AssignField { .. } | StmtKind::Eval(_) | StmtKind::Return(_) => {}
        StmtKind::If { .. }
        | StmtKind::Match { .. }
        | StmtKind::Loop { .. }
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Sleep(_)
        | StmtKind::Fail { .. } => {}
    });
    out
}

pub(crate) fn homes(wf: &Workflow, live: &Liveness) -> Homes {
    // A variable may live at `$` when nothing else is live wherever it is assigned.
    let mut root_ok: HashMap<VarId, bool> = HashMap::new();
    if let Some(i) = wf.input {
        root_ok.insert(i, true);
    }
    for (var, after) in &live.assigned {
        let alone = after.iter().all(|v| v == var);
        *root_ok.entry(*var).or_insert(true) &= alone;
    }
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::AssignField { place, .. } => {
            root_ok.entry(place.var).or_insert(true);
        }
        // A loop variable's home holds the position beside it.
        StmtKind::For { var, .. } => {
            root_ok.insert(*var, false);
        }
        StmtKind::Assign { .. }
        | StmtKind::Eval(_)
        | StmtKind::Return(_)
        | StmtKind::If { .. }
        | StmtKind::Match { .. }
        | StmtKind::Loop { .. }
        | StmtKind::Try { .. }
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Sleep(_)
        | StmtKind::Fail { .. } => {}
    });
    let mut wrapped = HashSet::new();
    walk_stmts(&wf.body, &mut |s| match &s.kind {
        StmtKind::Assign { var, value } if needs_state(value) || output_field(value).is_some() => {
            wrapped.insert(*var);
        }
        StmtKind::Try {
            var: Some(var),
            value,
            ..
        } if output_field(value).is_some() => {
            wrapped.insert(*var);
        }
        StmtKind::For { var, .. } => {
            wrapped.insert(*var);
        }
        StmtKind::Assign { .. } | StmtKind::Try { .. } => {}
        StmtKind::AssignField { .. }
        | StmtKind::Eval(_)
        | StmtKind::Return(_)
        | StmtKind::If { .. }
        | StmtKind::Match { .. }
        | StmtKind::Loop { .. }
        | StmtKind::Break
        | StmtKind::Continue
        | StmtKind::Sleep(_)
        | StmtKind::Fail { .. } => {}
    });
    let shape = |v: &VarId| {
        wf.vars
            .get(v.0 as usize)
            .map(|i| i.shape.clone())
            .unwrap_or(Shape::Any)
    };
    // A map's processor is a state of its own: its variables (the item and those it
    // declares, minus nested maps') are placed apart from the rest.
    let mut scope_of: HashMap<VarId, usize> = HashMap::new();
    let mut scopes = 1;
    walk_stmts(&wf.body, &mut |s| {
        let value = match &s.kind {
            StmtKind::Assign { value, .. }
            | StmtKind::AssignField { value, .. }
            | StmtKind::Eval(value)
            | StmtKind::Return(value) => value,
            StmtKind::Try { value, .. } => value,
            StmtKind::If { .. }
            | StmtKind::Match { .. }
            | StmtKind::Loop { .. }
            | StmtKind::For { .. }
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Sleep(_)
            | StmtKind::Fail { .. } => return,
        };
        if let Expr::Map(m) = value {
            // Outer maps are visited first, so nested ones overwrite their variables.
            scope_of.insert(m.item, scopes);
            for v in declared_vars(&m.body) {
                scope_of.insert(v, scopes);
            }
            scopes += 1;
        }
    });
    let scope = |v: &VarId| scope_of.get(v).copied().unwrap_or(0);
    let mut any_field = vec![false; scopes];
    for (v, ok) in &root_ok {
        any_field[scope(v)] |= !ok;
    }
    // A value at `$` carries the fields of the others; copied whole into an intrinsic's
    // result (`vec![order, order]`) it would take them along, and in a loop the copies
    // would nest. Such a value lives in a field when there are fields.
    let mut copied_whole = HashSet::new();
    visit_places(&wf.body, &mut |p, used| {
        if used == PlaceUse::IntrinsicArgument && p.fields.is_empty() {
            copied_whole.insert(p.var);
        }
    });
    for v in copied_whole {
        if any_field[scope(&v)] {
            root_ok.insert(v, false);
        }
    }
    // Fields can only be added to an object: with any field in use, `$` holds objects only.
    let mut of = HashMap::new();
    let mut taken: HashSet<String> = HashSet::new();
    for (v, ok) in &root_ok {
        if *ok && (!any_field[scope(v)] || shape(v).is_object() || wrapped.contains(v)) {
            of.insert(*v, Home::Root);
            if let Shape::Object(fields) = shape(v).resolved() {
                taken.extend(fields.into_iter().map(|f| f.json));
            }
        }
    }
    let mut vars: Vec<VarId> = root_ok
        .keys()
        .copied()
        .filter(|v| !of.contains_key(v))
        .collect();
    vars.sort();
    for v in vars {
        let base = wf
            .vars
            .get(v.0 as usize)
            .map(|i| i.name.clone())
            .unwrap_or_else(|| format!("v{}", v.0));
        let mut key = base.clone();
        let mut n = 2;
        while !taken.insert(key.clone()) {
            key = format!("{base}_{n}");
            n += 1;
        }
        of.insert(v, Home::Field(key));
    }
    let move_input = wf.input.and_then(|i| match of.get(&i) {
        Some(Home::Field(k)) => Some(k.clone()),
        _ => None,
    });
    Homes {
        of,
        move_input,
        wrapped,
        map_item: HashMap::new(),
    }
}

/// The `$$.Map.Item` fields (`Index`, `Value`) a map's processor reads; a map nested in it
/// reads its own item, and is not looked into.
pub(crate) fn map_item_fields(block: &Block, out: &mut BTreeSet<String>) {
    struct MapItemReads<'o>(&'o mut BTreeSet<String>);
    impl<'a> Visitor<'a> for MapItemReads<'_> {
        fn visit_expr(&mut self, e: &'a Expr) {
            match e {
                Expr::Context(path) if path.len() == 3 && path[0] == "Map" && path[1] == "Item" => {
                    self.0.insert(path[2].clone());
                }
                Expr::Map(m) => match &m.items {
                    MapItems::Reader(r) => self.visit_expr(&r.parameters),
                    MapItems::Place(_) => {}
                },
                Expr::Place(_)
                | Expr::Literal(_)
                | Expr::Context(_)
                | Expr::Struct { .. }
                | Expr::Array(_)
                | Expr::Intrinsic { .. }
                | Expr::Call(_)
                | Expr::Parallel(_)
                | Expr::Compute(_) => walk_expr(self, e),
            }
        }
    }
    MapItemReads(out).visit_block(block);
}
