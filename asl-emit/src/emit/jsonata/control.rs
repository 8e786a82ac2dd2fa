//! Control flow as Choice states with JSONata conditions: `if` chains, `match`, `loop`,
//! `while`, and `for` (its position lives in variables; taking the item is the Assign of the
//! Choice rule that tests it, and the step joins the body's last state).

use asl_model::document::{self as asl};
use asl_model::ir::*;
use indexmap::IndexMap;
use serde_json::Value;

use super::*;
use crate::emit::jsonpath::pascal;

fn rule(condition: String) -> asl::ChoiceRule {
    asl::ChoiceRule {
        comment: None,
        condition: asl::Condition::Jsonata(template(condition)),
        next: String::new(),
        assign: None,
        output: None,
        unknown: Default::default(),
    }
}

fn choice(rules: Vec<asl::ChoiceRule>) -> asl::ChoiceState {
    asl::ChoiceState {
        common: asl::Common::default(),
        choices: rules,
        default: None,
    }
}

/// Whether control never leaves `block` at its end.
fn diverges(block: &Block) -> bool {
    block.last().is_some_and(|s| {
        matches!(
            s.kind,
            StmtKind::Break | StmtKind::Continue | StmtKind::Return(_) | StmtKind::Fail { .. }
        )
    })
}

impl<'w> Emitter<'w> {
    /// A condition as JSONata.
    pub(crate) fn cond(&mut self, c: &Cond) -> String {
        match c {
            Cond::And(a, b) => format!("({} and {})", self.cond(a), self.cond(b)),
            Cond::Or(a, b) => format!("({} or {})", self.cond(a), self.cond(b)),
            Cond::Not(a) => format!("$not({})", self.cond(a)),
            Cond::Compare { place, op, rhs } => {
                let shape = self.place_shape(place);
                let a = self.place(place);
                let b = match rhs {
                    Rhs::Literal(v) => expr::literal(v),
                    Rhs::Place(p) => self.place(p),
                };
                let sym = match op {
                    CmpOp::Eq => "=",
                    CmpOp::Ne => "!=",
                    CmpOp::Lt => "<",
                    CmpOp::Le => "<=",
                    CmpOp::Gt => ">",
                    CmpOp::Ge => ">=",
                };
                let timestamps = matches!(shape.resolved(), Shape::Timestamp)
                    || matches!(shape.resolved(), Shape::Option(s) if s.resolved() == Shape::Timestamp);
                if timestamps {
                    format!("($toMillis({a}) {sym} $toMillis({b}))")
                } else {
                    format!("({a} {sym} {b})")
                }
            }
            Cond::IsTrue(p) => format!("({} = true)", self.place(p)),
            Cond::IsSome(p) => {
                let x = self.place(p);
                format!("($exists({x}) and {x} != null)")
            }
            Cond::IsNone(p) => {
                let x = self.place(p);
                format!("($not($exists({x})) or {x} = null)")
            }
            Cond::Literal(b) => b.to_string(),
            Cond::Value(e) => self.expr(e),
        }
    }

    /// Whether `pattern` matches the value `x` (a JSONata expression) of `shape`.
    pub(crate) fn pattern_test(&mut self, pattern: &Pattern, x: &str, shape: &Shape) -> String {
        let shape = shape.resolved();
        match pattern {
            Pattern::Wildcard => "true".into(),
            Pattern::Some => format!("($exists({x}) and {x} != null)"),
            Pattern::None => format!("($not($exists({x})) or {x} = null)"),
            Pattern::SomeOf(inner) => {
                let inner_shape = match &shape {
                    Shape::Option(s) => (**s).clone(),
                    other => other.clone(),
                };
                let t = self.pattern_test(inner, x, &inner_shape);
                format!("($exists({x}) and {x} != null and {t})")
            }
            Pattern::Or(ps) => {
                let ts: Vec<String> = ps.iter().map(|p| self.pattern_test(p, x, &shape)).collect();
                format!("({})", ts.join(" or "))
            }
            Pattern::Literal(v) => format!("({x} = {})", expr::literal(v)),
            Pattern::Range {
                start,
                end,
                inclusive,
            } => {
                let mut ts = Vec::new();
                if let Some(s) = start {
                    ts.push(format!("{x} >= {s}"));
                }
                if let Some(e) = end {
                    ts.push(format!("{x} {} {e}", if *inclusive { "<=" } else { "<" }));
                }
                format!("({})", ts.join(" and "))
            }
            Pattern::Variant(rust) => {
                let Some((tagging, variant)) = shape.variant(rust) else {
                    self.errors
                        .push(format!("`{rust}` is not a variant of the matched type"));
                    return "false".into();
                };
                let name = Value::String(variant.json.clone());
                match tagging {
                    Tagging::External if variant.data.is_none() => format!("({x} = {name})"),
                    Tagging::External => format!(
                        "$exists({})",
                        expr::field_path(x, std::slice::from_ref(&variant.json))
                    ),
                    Tagging::Internal { tag } | Tagging::Adjacent { tag, .. } => {
                        format!("({} = {name})", expr::field_path(x, &[tag]))
                    }
                    Tagging::Untagged => {
                        self.errors.push("cannot match on an untagged enum: its JSON has no variant name to test; tag it with #[serde(tag = \"…\")]".into());
                        "false".into()
                    }
                }
            }
        }
    }

    /// `if … else if … else …` (and a `match` in the last `else`) as one Choice. When only
    /// the Default falls through (every other branch diverges), the Choice carries the next
    /// statement's assignment.
    pub(crate) fn if_chain(&mut self, s: &Stmt, entry: Label, next: Label) -> Option<Carrier> {
        let StmtKind::If {
            cond,
            then,
            otherwise,
        } = &s.kind
        else {
            unreachable!("if_chain is called on an If")
        };
        let mut rules = vec![rule(self.cond(cond))];
        let mut bodies: Vec<&Block> = vec![then];
        let otherwise = self.chain_rules(otherwise, &mut rules, &mut bodies);
        let name = s.name.clone().unwrap_or_else(|| "Choice".into());
        let targets: Vec<Label> = bodies.iter().map(|_| self.graph.label()).collect();
        let index = self.push(entry, &name, asl::State::Choice(choice(rules)), None);
        self.graph.states[index].choice_targets = targets.clone();
        for (body, target) in bodies.iter().zip(&targets) {
            self.block(body, *target, next, None);
        }
        let default = self.graph.label();
        self.graph.states[index].choice_default = Some(default);
        if otherwise.is_empty() {
            self.graph.join(default, next);
            let only_default = bodies.iter().all(|b| diverges(b));
            return only_default.then_some(Carrier { index });
        }
        self.block(otherwise, default, next, None);
        None
    }

    pub(crate) fn matches(
        &mut self,
        s: &Stmt,
        scrutinee: &Place,
        arms: &[Arm],
        entry: Label,
        next: Label,
    ) {
        let title = scrutinee
            .fields
            .last()
            .cloned()
            .unwrap_or_else(|| self.var_name(scrutinee.var));
        let name = s
            .name
            .clone()
            .unwrap_or_else(|| format!("Match{}", pascal(&title)));
        let mut rules = Vec::new();
        let mut bodies = Vec::new();
        let default_body = self.match_rules(scrutinee, arms, &mut rules, &mut bodies);
        let default_body = self.chain_rules(default_body, &mut rules, &mut bodies);
        let targets: Vec<Label> = bodies.iter().map(|_| self.graph.label()).collect();
        let index = self.push(entry, &name, asl::State::Choice(choice(rules)), None);
        self.graph.states[index].choice_targets = targets.clone();
        for (body, target) in bodies.into_iter().zip(&targets) {
            self.block(body, *target, next, None);
        }
        let default = self.graph.label();
        self.graph.states[index].choice_default = Some(default);
        if default_body.is_empty() {
            self.graph.join(default, next);
        } else {
            self.block(default_body, default, next, None);
        }
    }

    /// A Default that is one unnamed `if` or `match` (`else if`, `else { match … }`, a
    /// match's last arm `_ => if …`) as more rules of the same Choice: rules are tried in
    /// order, so each runs only when the ones before it failed. Returns what is left.
    fn chain_rules<'b>(
        &mut self,
        mut rest: &'b [Stmt],
        rules: &mut Vec<asl::ChoiceRule>,
        bodies: &mut Vec<&'b Block>,
    ) -> &'b [Stmt] {
        loop {
            match rest {
                [Stmt {
                    kind:
                        StmtKind::If {
                            cond,
                            then,
                            otherwise,
                        },
                    name: None,
                }] => {
                    rules.push(rule(self.cond(cond)));
                    bodies.push(then);
                    rest = otherwise;
                }
                [Stmt {
                    kind: StmtKind::Match { scrutinee, arms },
                    name: None,
                }] => rest = self.match_rules(scrutinee, arms, rules, bodies),
                _ => return rest,
            }
        }
    }

    /// A `match`'s arms as Choice rules and their bodies; returns the Default's body (the
    /// wildcard or last arm of a match rustc checked exhaustive), empty when there is none.
    fn match_rules<'b>(
        &mut self,
        scrutinee: &Place,
        arms: &'b [Arm],
        rules: &mut Vec<asl::ChoiceRule>,
        bodies: &mut Vec<&'b Block>,
    ) -> &'b [Stmt] {
        let shape = self.place_shape(scrutinee);
        let x = self.place(scrutinee);
        for (i, arm) in arms.iter().enumerate() {
            if matches!(arm.pattern, Pattern::Wildcard) || i + 1 == arms.len() {
                return &arm.body;
            }
            rules.push(rule(self.pattern_test(&arm.pattern, &x, &shape)));
            bodies.push(&arm.body);
        }
        &[]
    }

    pub(crate) fn loop_stmt(&mut self, s: &Stmt, body: &Block, entry: Label, next: Label) {
        // A named `while`: the name is its condition's Choice.
        let named: Block;
        let body = match (&s.name, body.first()) {
            (
                Some(name),
                Some(
                    first @ Stmt {
                        kind: StmtKind::If { .. },
                        name: None,
                    },
                ),
            ) => {
                named = std::iter::once(Stmt {
                    kind: first.kind.clone(),
                    name: Some(name.clone()),
                })
                .chain(body[1..].iter().cloned())
                .collect();
                &named
            }
            _ => body,
        };
        self.loops.push(LoopTargets {
            head: entry,
            exit: next,
        });
        self.block(body, entry, entry, None);
        self.loops.pop();
        if !self.graph.is_bound(entry) {
            self.errors.push(
                "a loop does no work and never ends; give it a task, a `sleep` or a `break`".into(),
            );
        }
    }

    /// `for var in items { body }`: `Has<Var>` tests the position and takes the item in its
    /// rule's Assign; the step is assigned by the body's last state (or `Next<Var>`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn for_loop(
        &mut self,
        s: &Stmt,
        var: VarId,
        items: &Place,
        body: &Block,
        entry: Label,
        next: Label,
        carrier: Option<Carrier>,
    ) {
        let item = self.var_name(var);
        let title = pascal(&item);
        let index_var = format!("{item}_index");
        let list_var = format!("{item}_items");
        let mut init = IndexMap::new();
        init.insert(index_var.clone(), Value::from(0));
        let list = self.expr_in(&Expr::Place(items.clone()), carrier);
        init.insert(list_var.clone(), template(list));
        let head = self.graph.label();
        match (carrier, &s.name) {
            (Some(c), None) => {
                let assign = self.graph.states[c.index]
                    .state
                    .common_mut()
                    .assign
                    .get_or_insert_with(IndexMap::new);
                assign.extend(init);
                self.graph.join(entry, head);
            }
            _ => {
                let mut start = pass();
                start.common.assign = Some(init);
                let name = s.name.clone().unwrap_or_else(|| format!("ForEach{title}"));
                self.push(entry, &name, asl::State::Pass(start), Some(head));
            }
        }
        let mut has = rule(format!("${index_var} < $count(${list_var})"));
        let mut take = IndexMap::new();
        take.insert(item.clone(), template(format!("${list_var}[${index_var}]")));
        has.assign = Some(take);
        let body_entry = self.graph.label();
        let i = self.push(
            head,
            &format!("Has{title}"),
            asl::State::Choice(choice(vec![has])),
            None,
        );
        self.graph.states[i].choice_targets = vec![body_entry];
        self.graph.states[i].choice_default = Some(next);

        let advance = self.graph.label();
        self.loops.push(LoopTargets {
            head: advance,
            exit: next,
        });
        let step = Value::String(format!("{{% ${index_var} + 1 %}}"));
        let before = self.graph.states.len();
        self.block(body, body_entry, advance, None);
        self.loops.pop();
        if !self.graph.reaches(advance) {
            return;
        }
        // The body's last state leads only to the step: it assigns it.
        let last = self
            .graph
            .states
            .len()
            .checked_sub(1)
            .filter(|l| *l >= before);
        let carried = last.filter(|l| {
            let p = &self.graph.states[*l];
            !self.continued.contains(&advance)
                && p.next.map(|n| self.graph.find(n)) == Some(self.graph.find(advance))
                && matches!(
                    p.state,
                    asl::State::Task(_)
                        | asl::State::Pass(_)
                        | asl::State::Wait(_)
                        | asl::State::Map(_)
                        | asl::State::Parallel(_)
                )
                && self.only_next_refers(*l, advance)
        });
        match carried {
            Some(l) => {
                self.graph.states[l]
                    .state
                    .common_mut()
                    .assign
                    .get_or_insert_with(IndexMap::new)
                    .insert(index_var, step);
                self.graph.join(advance, head);
            }
            None => {
                let mut p = pass();
                let mut assign = IndexMap::new();
                assign.insert(index_var, step);
                p.common.assign = Some(assign);
                self.push(
                    advance,
                    &format!("Next{title}"),
                    asl::State::Pass(p),
                    Some(head),
                );
            }
        }
    }

    /// Whether state `l` is the only one that goes to `label` (by any transition).
    fn only_next_refers(&self, l: usize, label: Label) -> bool {
        let root = self.graph.find(label);
        // Its own Catchers going there would skip its Assign (a `for` would never step).
        let caught_there = |p: &crate::emit::graph::Pending| {
            p.catch_targets.iter().any(|t| self.graph.find(*t) == root)
        };
        !caught_there(&self.graph.states[l])
            && self.graph.states.iter().enumerate().all(|(i, p)| {
                i == l
                    || !(p.next.map(|n| self.graph.find(n)) == Some(root)
                        || p.choice_targets.iter().any(|t| self.graph.find(*t) == root)
                        || p.choice_default.map(|d| self.graph.find(d)) == Some(root)
                        || p.catch_targets.iter().any(|t| self.graph.find(*t) == root))
            })
    }
}
