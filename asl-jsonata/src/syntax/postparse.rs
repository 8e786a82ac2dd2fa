//! The post-parse pass: the raw tree to the evaluator's AST, as the reference's `processAST`:
//! paths flattened to steps with their stages, `%` parents resolved to ancestor slots, tail
//! calls marked, and the reference's post-parse errors (S0209, S0213, S0215 …).

use std::rc::Rc;

use super::lexer::syntax_error;
use super::parser::{Raw, RawKind};
use crate::ast::{BinaryOp, Group, Kind, Lambda, Node, SortTerm, Stage, Transform};
use crate::signature::Signature;
use crate::Error;

#[derive(Debug, Clone)]
pub struct Slot {
    pub label: String,
    pub level: i32,
}

#[derive(Default)]
pub struct PostParse {
    pub slots: Vec<Slot>,
}

fn is_cons(node: &Node) -> bool {
    matches!(node.kind, Kind::Array(_))
}

impl PostParse {
    fn seek_parent(&mut self, node: &mut Node, slot: usize) -> Result<(), Error> {
        match &mut node.kind {
            Kind::Name(_) | Kind::Wildcard => {
                self.slots[slot].level -= 1;
                if self.slots[slot].level == 0 {
                    if let Some(existing) = node.step.ancestor {
                        self.slots[slot].label = self.slots[existing].label.clone();
                    }
                    node.step.ancestor = Some(slot);
                    node.step.tuple = true;
                }
            }
            Kind::Parent(_) => self.slots[slot].level += 1,
            Kind::Block(items) => {
                if let Some(last) = items.last_mut() {
                    node.step.tuple = true;
                    self.seek_parent(last, slot)?;
                }
            }
            Kind::Path(steps) => {
                node.step.tuple = true;
                let mut index = steps.len() as isize - 1;
                self.seek_parent(&mut steps[index as usize], slot)?;
                index -= 1;
                while self.slots[slot].level > 0 && index >= 0 {
                    self.seek_parent(&mut steps[index as usize], slot)?;
                    index -= 1;
                }
            }
            _ => {
                return Err(syntax_error(
                    node.pos,
                    "S0217",
                    "the parent operator '%' cannot refer back from here: its step is not a field name or wildcard".into(),
                ))
            }
        }
        Ok(())
    }

    /// Pass a child's unresolved `%` slots (or its own, for a `%` itself) up to `result`.
    fn push_ancestry(result: &mut Node, value: &Node) {
        let mut slots = value.step.seeking_parent.clone();
        if let Kind::Parent(slot) = value.kind {
            slots.push(slot);
        }
        result.step.seeking_parent.extend(slots);
    }

    fn resolve_ancestry(&mut self, path: &mut Node) -> Result<(), Error> {
        let Kind::Path(steps) = &mut path.kind else {
            return Ok(());
        };
        let last = steps.len() - 1;
        let mut slots = steps[last].step.seeking_parent.clone();
        if let Kind::Parent(slot) = steps[last].kind {
            slots.push(slot);
        }
        let mut unresolved = Vec::new();
        for slot in slots {
            let mut index = steps.len() as isize - 2;
            while self.slots[slot].level > 0 {
                if index < 0 {
                    unresolved.push(slot);
                    break;
                }
                let mut at = index as usize;
                index -= 1;
                // Contiguous steps that bind the focus are skipped together.
                while index >= 0
                    && steps[at].step.focus.is_some()
                    && steps[index as usize].step.focus.is_some()
                {
                    at = index as usize;
                    index -= 1;
                }
                self.seek_parent(&mut steps[at], slot)?;
            }
        }
        path.step.seeking_parent.extend(unresolved);
        Ok(())
    }

    pub fn process(&mut self, raw: Raw) -> Result<Node, Error> {
        stacker::maybe_grow(
            crate::eval::STACK_RED_ZONE,
            crate::eval::STACK_GROWTH,
            || self.process_within(raw),
        )
    }

    fn process_within(&mut self, raw: Raw) -> Result<Node, Error> {
        let pos = raw.pos;
        let keep_array = raw.keep_array;
        let mut result = match raw.kind {
            RawKind::Binary(".", lhs, rhs) => self.path(*lhs, *rhs, pos)?,
            RawKind::Predicate(lhs, rhs) => {
                let mut result = self.process(*lhs)?;
                let mut predicate = self.process(*rhs)?;
                let in_path = matches!(result.kind, Kind::Path(_));
                let step: &mut Node = match &mut result.kind {
                    Kind::Path(steps) => steps.last_mut().expect("a path has steps"),
                    _ => &mut result,
                };
                if step.step.group.is_some() {
                    return Err(syntax_error(
                        pos,
                        "S0209",
                        "a predicate cannot follow a grouping expression in a step".into(),
                    ));
                }
                if !predicate.step.seeking_parent.is_empty() {
                    let seeking = std::mem::take(&mut predicate.step.seeking_parent);
                    let mut remaining = Vec::new();
                    for slot in seeking {
                        if self.slots[slot].level == 1 {
                            self.seek_parent(step, slot)?;
                        } else {
                            self.slots[slot].level -= 1;
                        }
                        remaining.push(slot);
                    }
                    predicate.step.seeking_parent = remaining;
                    Self::push_ancestry(step, &predicate);
                }
                let stage = Stage::Filter(predicate);
                if in_path {
                    step.step.stages.push(stage);
                } else {
                    step.step.predicate.push(stage);
                }
                result
            }
            RawKind::Group(lhs, pairs) => {
                let mut result = self.process(*lhs)?;
                if result.step.group.is_some() {
                    return Err(syntax_error(
                        pos,
                        "S0210",
                        "each step can only have one grouping expression".into(),
                    ));
                }
                let pairs = self.pairs(pairs, None)?;
                result.step.group = Some(Group { pairs, pos });
                result
            }
            RawKind::Sort(lhs, terms) => {
                let mut result = self.process(*lhs)?;
                if !matches!(result.kind, Kind::Path(_)) {
                    result = Node::new(Kind::Path(vec![result]), pos);
                }
                let mut sort = Node::new(Kind::Sort(Vec::new()), pos);
                let mut processed = Vec::new();
                for (descending, term) in terms {
                    let expr = self.process(term)?;
                    Self::push_ancestry(&mut sort, &expr);
                    processed.push(SortTerm { descending, expr });
                }
                sort.kind = Kind::Sort(processed);
                if let Kind::Path(steps) = &mut result.kind {
                    steps.push(sort);
                }
                self.resolve_ancestry(&mut result)?;
                result
            }
            RawKind::Bind(name, rhs) => {
                let rhs = self.process(*rhs)?;
                let mut result = Node::new(Kind::Variable(String::new()), pos);
                Self::push_ancestry(&mut result, &rhs);
                result.kind = Kind::Bind(name, Box::new(rhs));
                result
            }
            RawKind::Focus(lhs, name) => {
                let mut result = self.process(*lhs)?;
                let step: &mut Node = match &mut result.kind {
                    Kind::Path(steps) => steps.last_mut().expect("a path has steps"),
                    _ => &mut result,
                };
                if !step.step.stages.is_empty() || !step.step.predicate.is_empty() {
                    return Err(syntax_error(
                        pos,
                        "S0215",
                        "a context variable binding (@) must come before any predicates on a step"
                            .into(),
                    ));
                }
                if matches!(step.kind, Kind::Sort(_)) {
                    return Err(syntax_error(pos, "S0216", "a context variable binding (@) must come before the order-by clause on a step".into()));
                }
                if keep_array {
                    step.keep_array = true;
                }
                step.step.focus = Some(name);
                step.step.tuple = true;
                result
            }
            RawKind::Index(lhs, name) => {
                let mut result = self.process(*lhs)?;
                if !matches!(result.kind, Kind::Path(_)) {
                    let mut step = result;
                    step.step.stages = std::mem::take(&mut step.step.predicate);
                    result = Node::new(Kind::Path(vec![step]), pos);
                }
                let Kind::Path(steps) = &mut result.kind else {
                    unreachable!()
                };
                let step = steps.last_mut().expect("a path has steps");
                if step.step.stages.is_empty() {
                    step.step.index = Some(name);
                } else {
                    step.step.stages.push(Stage::Index(name));
                }
                step.step.tuple = true;
                result
            }
            RawKind::Apply(lhs, rhs) => {
                let lhs = self.process(*lhs)?;
                let rhs = self.process(*rhs)?;
                let keep = lhs.keep_array || rhs.keep_array;
                let mut result = Node::new(Kind::Apply(Box::new(lhs), Box::new(rhs)), pos);
                result.keep_array = keep;
                result
            }
            RawKind::Binary(op, lhs, rhs) => {
                let lhs = self.process(*lhs)?;
                let rhs = self.process(*rhs)?;
                let op = BinaryOp::from_token(op).ok_or_else(|| {
                    syntax_error(pos, "S0201", format!("unknown operator '{op}'"))
                })?;
                let mut result = Node::new(Kind::Null, pos);
                Self::push_ancestry(&mut result, &lhs);
                Self::push_ancestry(&mut result, &rhs);
                result.kind = Kind::Binary(op, Box::new(lhs), Box::new(rhs));
                result
            }
            RawKind::Array(items) => {
                let mut result = Node::new(Kind::Null, pos);
                let mut out = Vec::new();
                for item in items {
                    let value = self.process(item)?;
                    Self::push_ancestry(&mut result, &value);
                    out.push(value);
                }
                result.kind = Kind::Array(out);
                result
            }
            RawKind::Object(pairs) => {
                let mut result = Node::new(Kind::Null, pos);
                let pairs = self.pairs(pairs, Some(&mut result))?;
                result.kind = Kind::Object(pairs);
                result
            }
            RawKind::Negate(inner) => {
                let inner = self.process(*inner)?;
                if let Kind::Number(n) = inner.kind {
                    Node::new(Kind::Number(-n), pos)
                } else {
                    let mut result = Node::new(Kind::Null, pos);
                    Self::push_ancestry(&mut result, &inner);
                    result.kind = Kind::Negate(Box::new(inner));
                    result
                }
            }
            RawKind::Call {
                procedure,
                args,
                partial,
            } => {
                let mut result = Node::new(Kind::Null, pos);
                let mut out = Vec::new();
                for arg in args {
                    if matches!(arg.kind, RawKind::Placeholder) {
                        out.push(None);
                        continue;
                    }
                    let arg = self.process(arg)?;
                    Self::push_ancestry(&mut result, &arg);
                    out.push(Some(arg));
                }
                let procedure = Box::new(self.process(*procedure)?);
                result.kind = if partial {
                    Kind::Partial {
                        procedure,
                        args: out,
                    }
                } else {
                    Kind::Call {
                        procedure,
                        args: out.into_iter().flatten().collect(),
                    }
                };
                result
            }
            RawKind::Lambda {
                params,
                signature,
                body,
            } => {
                let signature = match signature {
                    Some(text) => {
                        let parsed = Signature::parse(&text)?;
                        Some((text, parsed))
                    }
                    None => None,
                };
                let body = tail_call(self.process(*body)?);
                Node::new(
                    Kind::Lambda(Rc::new(Lambda {
                        params,
                        signature,
                        body,
                        thunk: false,
                    })),
                    pos,
                )
            }
            RawKind::Condition(cond, then, otherwise) => {
                let mut result = Node::new(Kind::Null, pos);
                let cond = self.process(*cond)?;
                Self::push_ancestry(&mut result, &cond);
                let then = self.process(*then)?;
                Self::push_ancestry(&mut result, &then);
                let otherwise = match otherwise {
                    Some(e) => {
                        let e = self.process(*e)?;
                        Self::push_ancestry(&mut result, &e);
                        Some(Box::new(e))
                    }
                    None => None,
                };
                result.kind = Kind::Condition(Box::new(cond), Box::new(then), otherwise);
                result
            }
            RawKind::Transform(pattern, update, delete) => {
                let pattern = self.process(*pattern)?;
                let update = self.process(*update)?;
                let delete = match delete {
                    Some(d) => Some(self.process(*d)?),
                    None => None,
                };
                Node::new(
                    Kind::Transform(Rc::new(Transform {
                        pattern,
                        update,
                        delete,
                    })),
                    pos,
                )
            }
            RawKind::Block(items) => {
                let mut result = Node::new(Kind::Null, pos);
                let mut out = Vec::new();
                for item in items {
                    let part = self.process(item)?;
                    Self::push_ancestry(&mut result, &part);
                    let cons = part.step.cons_array
                        || matches!(&part.kind, Kind::Path(steps) if steps[0].step.cons_array);
                    if cons {
                        result.step.cons_array = true;
                    }
                    out.push(part);
                }
                result.kind = Kind::Block(out);
                result
            }
            RawKind::Name(name) => {
                let mut step = Node::new(Kind::Name(name), pos);
                step.keep_array = keep_array;
                let mut path = Node::new(Kind::Path(vec![step]), pos);
                path.step.keep_singleton_array = keep_array;
                path
            }
            RawKind::Parent => {
                let slot = self.slots.len();
                self.slots.push(Slot {
                    label: format!("!{slot}"),
                    level: 1,
                });
                Node::new(Kind::Parent(slot), pos)
            }
            RawKind::Variable(v) => Node::new(Kind::Variable(v), pos),
            RawKind::Str(s) => Node::new(Kind::String(s), pos),
            RawKind::Number(n) => Node::new(Kind::Number(n), pos),
            RawKind::Bool(b) => Node::new(Kind::Bool(b), pos),
            RawKind::Null => Node::new(Kind::Null, pos),
            RawKind::Regex { pattern, flags } => Node::new(Kind::Regex { pattern, flags }, pos),
            RawKind::Wildcard => Node::new(Kind::Wildcard, pos),
            RawKind::Descendant => Node::new(Kind::Descendant, pos),
            RawKind::Placeholder => {
                return Err(syntax_error(
                    pos,
                    "S0201",
                    "'?' is only allowed as an argument of a partial application".into(),
                ))
            }
            RawKind::End => {
                return Err(syntax_error(
                    pos,
                    "S0207",
                    "unexpected end of expression: an operand is missing".into(),
                ))
            }
        };
        if keep_array {
            result.keep_array = true;
        }
        Ok(result)
    }

    fn pairs(
        &mut self,
        pairs: Vec<(Raw, Raw)>,
        mut owner: Option<&mut Node>,
    ) -> Result<Vec<(Node, Node)>, Error> {
        let mut out = Vec::new();
        for (k, v) in pairs {
            let key = self.process(k)?;
            let value = self.process(v)?;
            if let Some(owner) = owner.as_deref_mut() {
                Self::push_ancestry(owner, &key);
                Self::push_ancestry(owner, &value);
            }
            out.push((key, value));
        }
        Ok(out)
    }

    fn path(&mut self, lhs: Raw, rhs: Raw, pos: usize) -> Result<Node, Error> {
        let lstep = self.process(lhs)?;
        let lstep_parent = match lstep.kind {
            Kind::Parent(slot) => Some(slot),
            _ => None,
        };
        let mut result = if matches!(lstep.kind, Kind::Path(_)) {
            lstep
        } else {
            Node::new(Kind::Path(vec![lstep]), pos)
        };
        if let Some(slot) = lstep_parent {
            result.step.seeking_parent = vec![slot];
        }
        let mut rest = self.process(rhs)?;
        let Kind::Path(steps) = &mut result.kind else {
            unreachable!()
        };
        match rest.kind {
            Kind::Path(more) => steps.extend(more),
            _ => {
                if !rest.step.predicate.is_empty() {
                    rest.step.stages = std::mem::take(&mut rest.step.predicate);
                }
                steps.push(rest);
            }
        }
        for step in steps.iter_mut() {
            match &step.kind {
                Kind::Number(_) | Kind::Bool(_) | Kind::Null => return Err(syntax_error(
                    step.pos,
                    "S0213",
                    "a literal value (a number, true, false or null) cannot be a step in a path"
                        .into(),
                )),
                Kind::String(s) => step.kind = Kind::Name(s.clone()),
                _ => {}
            }
        }
        if steps.iter().any(|s| s.keep_array) {
            result.step.keep_singleton_array = true;
        }
        if is_cons(&steps[0]) {
            steps[0].step.cons_array = true;
        }
        let last = steps.len() - 1;
        if is_cons(&steps[last]) {
            steps[last].step.cons_array = true;
        }
        self.resolve_ancestry(&mut result)?;
        Ok(result)
    }
}

/// Mark a lambda body's tail calls so the trampoline runs them without growing the stack.
fn tail_call(expr: Node) -> Node {
    match expr.kind {
        Kind::Call { .. } if expr.step.predicate.is_empty() => {
            let pos = expr.pos;
            let lambda = Lambda {
                params: Vec::new(),
                signature: None,
                body: expr,
                thunk: true,
            };
            Node::new(Kind::Lambda(Rc::new(lambda)), pos)
        }
        Kind::Condition(c, t, e) => {
            let kind = Kind::Condition(
                c,
                Box::new(tail_call(*t)),
                e.map(|e| Box::new(tail_call(*e))),
            );
            Node { kind, ..expr }
        }
        Kind::Block(mut items) => {
            if let Some(last) = items.pop() {
                items.push(tail_call(last));
            }
            Node {
                kind: Kind::Block(items),
                ..expr
            }
        }
        _ => expr,
    }
}
