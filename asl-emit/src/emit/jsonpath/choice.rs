//! Choice states: `if`/`match` chains and the conditions they test.

use asl_model::document::{self as asl};
use asl_model::ir::*;
use serde_json::Value;

use super::*;

impl<'w> Emitter<'w> {
    /// `if`/`else if`/`else` as one Choice state with one rule per condition.
    pub(crate) fn choice_chain(&mut self, s: &Stmt, entry: Label, next: Label) {
        let mut rules: Vec<(Cond, &Block)> = Vec::new();
        let mut current = s;
        let otherwise: &Block = loop {
            let StmtKind::If {
                cond,
                then,
                otherwise,
            } = &current.kind
            else {
                unreachable!("choice_chain on an if")
            };
            rules.push((cond.clone(), then));
            match otherwise.as_slice() {
                [only @ Stmt {
                    kind: StmtKind::If { .. },
                    name: None,
                }] => current = only,
                _ => break otherwise,
            }
        };
        // Conditions known at compile time need no Choice.
        if let Some(pos) = rules
            .iter()
            .position(|(c, _)| matches!(c, Cond::Literal(true)))
        {
            if pos == 0 {
                let body = rules[0].1;
                self.block(body, entry, next);
                return;
            }
            rules.truncate(pos + 1);
        }
        rules.retain(|(c, _)| !matches!(c, Cond::Literal(false)));
        let name = s
            .name
            .clone()
            .unwrap_or_else(|| format!("If{}", pascal(&cond_subject(&rules[0].0))));
        let mut conditions = Vec::new();
        let mut bodies = Vec::new();
        let mut default_body = Some(otherwise);
        for (cond, body) in &rules {
            if matches!(cond, Cond::Literal(true)) {
                default_body = Some(body);
                break;
            }
            match self.condition(cond) {
                Ok(c) => conditions.push(c),
                Err(e) => {
                    self.errors.push(e);
                    return;
                }
            }
            bodies.push(*body);
        }
        self.emit_choice(&name, entry, next, conditions, bodies, default_body);
    }

    pub(crate) fn emit_choice(
        &mut self,
        name: &str,
        entry: Label,
        next: Label,
        conditions: Vec<asl::Condition>,
        bodies: Vec<&Block>,
        default_body: Option<&Block>,
    ) {
        let choice = asl::ChoiceState {
            common: common(),
            choices: Vec::new(),
            default: None,
        };
        let index = self.push(entry, name, asl::State::Choice(choice), None);
        let mut targets = Vec::new();
        for (cond, body) in conditions.into_iter().zip(bodies) {
            let target = self.label();
            if let asl::State::Choice(c) = &mut self.graph.states[index].state {
                c.choices.push(asl::ChoiceRule {
                    comment: None,
                    condition: cond,
                    next: String::new(),
                    assign: None,
                    output: None,
                    unknown: Default::default(),
                });
            }
            targets.push(target);
            self.block(body, target, next);
        }
        let default = self.label();
        match default_body {
            Some(body) => self.block(body, default, next),
            None => self.join(default, next),
        }
        self.graph.states[index].choice_targets = targets;
        self.graph.states[index].choice_default = Some(default);
    }

    pub(crate) fn matches(
        &mut self,
        s: &Stmt,
        scrutinee: &Place,
        arms: &[Arm],
        entry: Label,
        next: Label,
    ) {
        let shape = place_shape(&self.wf.vars, scrutinee);
        let path = self.path(scrutinee);
        let name = s.name.clone().unwrap_or_else(|| {
            format!(
                "Match{}",
                pascal(
                    scrutinee
                        .fields
                        .last()
                        .map(String::as_str)
                        .unwrap_or(&self.var_name(scrutinee.var))
                )
            )
        });
        let mut conditions = Vec::new();
        let mut bodies = Vec::new();
        let mut default_body = None;
        for (i, arm) in arms.iter().enumerate() {
            // The last arm of an exhaustive match (rustc checked) is the Default.
            if matches!(arm.pattern, Pattern::Wildcard) || i + 1 == arms.len() {
                default_body = Some(&arm.body);
                break;
            }
            match pattern_condition(&arm.pattern, &path, &shape) {
                Ok(c) => conditions.push(c),
                Err(e) => {
                    self.errors.push(e);
                    return;
                }
            }
            bodies.push(&arm.body);
        }
        if conditions.is_empty() {
            if let Some(body) = default_body {
                self.block(body, entry, next);
            }
            return;
        }
        self.emit_choice(&name, entry, next, conditions, bodies, default_body);
    }

    pub(crate) fn condition(&self, c: &Cond) -> Result<asl::Condition, String> {
        Ok(match c {
            Cond::And(a, b) => flatten_bool(true, self.condition(a)?, self.condition(b)?),
            Cond::Or(a, b) => flatten_bool(false, self.condition(a)?, self.condition(b)?),
            Cond::Not(a) if matches!(**a, Cond::IsTrue(_)) => {
                let Cond::IsTrue(p) = &**a else {
                    unreachable!()
                };
                test(
                    self.path(p),
                    asl::Test::Compare {
                        kind: asl::CompareKind::Boolean,
                        op: asl::CompareOp::Equals,
                        operand: asl::Operand::Bool(false),
                    },
                )
            }
            Cond::Not(a) => match self.condition(a)? {
                asl::Condition::Not(inner) => *inner,
                other => asl::Condition::Not(Box::new(other)),
            },
            Cond::IsTrue(p) => test(
                self.path(p),
                asl::Test::Compare {
                    kind: asl::CompareKind::Boolean,
                    op: asl::CompareOp::Equals,
                    operand: asl::Operand::Bool(true),
                },
            ),
            Cond::IsSome(p) => is_some(&self.path(p)),
            Cond::IsNone(p) => is_none(&self.path(p)),
            Cond::Literal(b) => {
                return Err(format!("the condition is always {b}; remove the `if`"))
            }
            Cond::Value(_) => return Err("not supported yet".into()),
            Cond::Compare { place, op, rhs } => {
                let shape = place_shape(&self.wf.vars, place);
                let kind = compare_kind(&shape, rhs).ok_or_else(|| {
                    format!("cannot compare `{}`: only numbers, strings, booleans and timestamps can be compared in a Choice", self.path(place))
                })?;
                let operand = match rhs {
                    Rhs::Place(p) => asl::Operand::Path(self.path(p)),
                    Rhs::Literal(v) => literal_operand(kind, v)?,
                };
                let (op, negate) = match op {
                    CmpOp::Eq => (asl::CompareOp::Equals, false),
                    CmpOp::Ne => (asl::CompareOp::Equals, true),
                    CmpOp::Lt => (asl::CompareOp::LessThan, false),
                    CmpOp::Le => (asl::CompareOp::LessThanEquals, false),
                    CmpOp::Gt => (asl::CompareOp::GreaterThan, false),
                    CmpOp::Ge => (asl::CompareOp::GreaterThanEquals, false),
                };
                if kind == asl::CompareKind::Boolean && op != asl::CompareOp::Equals {
                    return Err("booleans can only be compared with == and !=".into());
                }
                let t = test(self.path(place), asl::Test::Compare { kind, op, operand });
                if negate {
                    asl::Condition::Not(Box::new(t))
                } else {
                    t
                }
            }
        })
    }
}

pub(crate) fn test(variable: String, test: asl::Test) -> asl::Condition {
    asl::Condition::Test { variable, test }
}

pub(crate) fn is_some(path: &str) -> asl::Condition {
    asl::Condition::And(vec![
        test(path.into(), asl::Test::IsPresent(true)),
        test(path.into(), asl::Test::IsNull(false)),
    ])
}

pub(crate) fn is_none(path: &str) -> asl::Condition {
    asl::Condition::Or(vec![
        test(path.into(), asl::Test::IsPresent(false)),
        test(path.into(), asl::Test::IsNull(true)),
    ])
}

/// `a && (b && c)` as one `And` of three.
pub(crate) fn flatten_bool(and: bool, a: asl::Condition, b: asl::Condition) -> asl::Condition {
    let mut items = Vec::new();
    for c in [a, b] {
        match (and, c) {
            (true, asl::Condition::And(cs)) | (false, asl::Condition::Or(cs)) => items.extend(cs),
            (_, c) => items.push(c),
        }
    }
    if and {
        asl::Condition::And(items)
    } else {
        asl::Condition::Or(items)
    }
}

pub(crate) fn compare_kind(shape: &Shape, rhs: &Rhs) -> Option<asl::CompareKind> {
    match shape.resolved() {
        Shape::Integer | Shape::Number => Some(asl::CompareKind::Numeric),
        Shape::String => Some(asl::CompareKind::String),
        Shape::Bool => Some(asl::CompareKind::Boolean),
        Shape::Timestamp => Some(asl::CompareKind::Timestamp),
        Shape::Option(inner) => compare_kind(&inner, rhs),
        Shape::Enum { .. } => Some(asl::CompareKind::String),
        Shape::Any => match rhs {
            Rhs::Literal(Value::Number(_)) => Some(asl::CompareKind::Numeric),
            Rhs::Literal(Value::String(_)) => Some(asl::CompareKind::String),
            Rhs::Literal(Value::Bool(_)) => Some(asl::CompareKind::Boolean),
            _ => None,
        },
        _ => None,
    }
}

pub(crate) fn literal_operand(kind: asl::CompareKind, v: &Value) -> Result<asl::Operand, String> {
    match (kind, v) {
        (asl::CompareKind::Numeric, Value::Number(n)) => Ok(asl::Operand::Number(n.clone())),
        (asl::CompareKind::String | asl::CompareKind::Timestamp, Value::String(s)) => {
            Ok(asl::Operand::String(s.clone()))
        }
        (asl::CompareKind::Boolean, Value::Bool(b)) => Ok(asl::Operand::Bool(*b)),
        _ => Err(format!(
            "cannot compare with {v}: the literal's type does not match the field's"
        )),
    }
}

/// The last field name a condition tests, for naming its Choice state.
pub(crate) fn cond_subject(c: &Cond) -> String {
    match c {
        Cond::And(a, _) | Cond::Or(a, _) | Cond::Not(a) => cond_subject(a),
        Cond::Compare { place, .. }
        | Cond::IsTrue(place)
        | Cond::IsSome(place)
        | Cond::IsNone(place) => place
            .fields
            .last()
            .cloned()
            .unwrap_or_else(|| "Condition".into()),
        Cond::Literal(_) | Cond::Value(_) => "Condition".into(),
    }
}

/// The Choice condition under which `pattern` matches the value at `path`.
pub(crate) fn pattern_condition(
    pattern: &Pattern,
    path: &str,
    shape: &Shape,
) -> Result<asl::Condition, String> {
    let shape = shape.resolved();
    Ok(match pattern {
        Pattern::Wildcard => return Err("`_` can only be the last arm".into()),
        Pattern::Some => is_some(path),
        Pattern::None => is_none(path),
        Pattern::SomeOf(inner) => {
            let inner_shape = match &shape {
                Shape::Option(s) => (**s).clone(),
                other => other.clone(),
            };
            // A comparison is false on null, so presence is the only guard it needs.
            flatten_bool(
                true,
                test(path.into(), asl::Test::IsPresent(true)),
                pattern_condition(inner, path, &inner_shape)?,
            )
        }
        Pattern::Or(ps) => {
            let cs = ps
                .iter()
                .map(|p| pattern_condition(p, path, &shape))
                .collect::<Result<Vec<_>, _>>()?;
            asl::Condition::Or(cs)
        }
        Pattern::Literal(v) => {
            let kind = match v {
                Value::Number(_) => asl::CompareKind::Numeric,
                Value::Bool(_) => asl::CompareKind::Boolean,
                _ => asl::CompareKind::String,
            };
            test(
                path.into(),
                asl::Test::Compare {
                    kind,
                    op: asl::CompareOp::Equals,
                    operand: literal_operand(kind, v)?,
                },
            )
        }
        Pattern::Range {
            start,
            end,
            inclusive,
        } => {
            let mut cs = Vec::new();
            if let Some(Value::Number(n)) = start {
                cs.push(test(
                    path.into(),
                    asl::Test::Compare {
                        kind: asl::CompareKind::Numeric,
                        op: asl::CompareOp::GreaterThanEquals,
                        operand: asl::Operand::Number(n.clone()),
                    },
                ));
            }
            if let Some(Value::Number(n)) = end {
                let op = if *inclusive {
                    asl::CompareOp::LessThanEquals
                } else {
                    asl::CompareOp::LessThan
                };
                cs.push(test(
                    path.into(),
                    asl::Test::Compare {
                        kind: asl::CompareKind::Numeric,
                        op,
                        operand: asl::Operand::Number(n.clone()),
                    },
                ));
            }
            match cs.len() {
                0 => return Err("a range pattern needs a numeric bound".into()),
                1 => cs.remove(0),
                _ => asl::Condition::And(cs),
            }
        }
        Pattern::Variant(rust) => {
            let Some((tagging, variant)) = shape.variant(rust) else {
                return Err(format!(
                    "`{rust}` is not a variant of the matched type at {path}"
                ));
            };
            match tagging {
                Tagging::External if variant.data.is_none() => {
                    test(path.into(), asl::Test::Compare { kind: asl::CompareKind::String, op: asl::CompareOp::Equals, operand: asl::Operand::String(variant.json) })
                }
                Tagging::External => test(json_path(path, &[variant.json]), asl::Test::IsPresent(true)),
                Tagging::Internal { tag } | Tagging::Adjacent { tag, .. } => test(
                    json_path(path, &[tag]),
                    asl::Test::Compare { kind: asl::CompareKind::String, op: asl::CompareOp::Equals, operand: asl::Operand::String(variant.json) },
                ),
                Tagging::Untagged => {
                    return Err(format!("cannot match on the untagged enum at {path}: its JSON has no variant name to test; tag it with #[serde(tag = \"…\")]"))
                }
            }
        }
    })
}
