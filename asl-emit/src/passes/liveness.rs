//! Liveness: which variables are live after each assignment.

use std::collections::BTreeSet;

use asl_model::ir::*;

use crate::passes::*;

pub(crate) type Live = BTreeSet<VarId>;

/// Each assignment of a variable (a `let`, a task result, a caught error, a map item…) with
/// the variables live right after it.
pub(crate) struct Liveness {
    pub(crate) assigned: Vec<(VarId, Live)>,
}

pub(crate) fn liveness(wf: &Workflow) -> Liveness {
    let mut l = Liveness {
        assigned: Vec::new(),
    };
    let mut loops = Vec::new();
    l.block(&wf.body, &Live::new(), &mut loops);
    l
}

/// For `break` and `continue`: what is live at the loop's exit and at its head.
pub(crate) struct LoopLive {
    pub(crate) exit: Live,
    pub(crate) head: Live,
}

impl Liveness {
    /// The variables `parallel!` branches read before assigning them: each branch gets the
    /// state as it is at the Parallel state, and nothing of a branch is live after it.
    pub(crate) fn branch_reads(&mut self, e: &Expr, live: &mut Live) {
        match e {
            Expr::Parallel(branches) => {
                for b in branches {
                    let reads = self.block(b, &Live::new(), &mut Vec::new());
                    live.extend(reads);
                }
            }
            // A processor starts with its item; what else it reads comes from outside.
            Expr::Map(m) => {
                let mut reads = self.block(&m.body, &Live::new(), &mut Vec::new());
                self.assigned.push((m.item, reads.clone()));
                reads.remove(&m.item);
                live.extend(reads);
            }
            Expr::Place(_)
            | Expr::Literal(_)
            | Expr::Struct { .. }
            | Expr::Array(_)
            | Expr::Intrinsic { .. }
            | Expr::Context(_)
            | Expr::Call(_)
            | Expr::Compute(_) => {}
        }
    }

    /// Live variables before `block`, given those live after it.
    pub(crate) fn block(&mut self, block: &Block, after: &Live, loops: &mut Vec<LoopLive>) -> Live {
        let mut live = after.clone();
        for s in block.iter().rev() {
            live = self.stmt(s, &live, loops);
        }
        live
    }

    pub(crate) fn stmt(&mut self, s: &Stmt, after: &Live, loops: &mut Vec<LoopLive>) -> Live {
        match &s.kind {
            StmtKind::Assign { var, value } => {
                self.assigned.push((*var, after.clone()));
                let mut live = after.clone();
                live.remove(var);
                expr_vars(value, &mut live);
                self.branch_reads(value, &mut live);
                live
            }
            StmtKind::AssignField { place, value } => {
                let mut live = after.clone();
                live.insert(place.var);
                expr_vars(value, &mut live);
                self.branch_reads(value, &mut live);
                live
            }
            StmtKind::Eval(e) => {
                let mut live = after.clone();
                expr_vars(e, &mut live);
                self.branch_reads(e, &mut live);
                live
            }
            StmtKind::Return(e) => {
                let mut live = Live::new();
                expr_vars(e, &mut live);
                self.branch_reads(e, &mut live);
                live
            }
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                let mut live = self.block(then, after, loops);
                live.extend(self.block(otherwise, after, loops));
                cond_vars(cond, &mut live);
                live
            }
            StmtKind::Match { scrutinee, arms } => {
                let mut live = Live::new();
                for a in arms {
                    live.extend(self.block(&a.body, after, loops));
                }
                live.insert(scrutinee.var);
                live
            }
            StmtKind::Loop { body } => {
                // Iterate to a fixed point: the head's live set feeds the back edge.
                let mut head = Live::new();
                loop {
                    loops.push(LoopLive {
                        exit: after.clone(),
                        head: head.clone(),
                    });
                    let new_head = self.block(body, &head, loops);
                    loops.pop();
                    if new_head == head {
                        return head;
                    }
                    head = head.union(&new_head).cloned().collect();
                }
            }
            StmtKind::Break => loops.last().map(|l| l.exit.clone()).unwrap_or_default(),
            StmtKind::Continue => loops.last().map(|l| l.head.clone()).unwrap_or_default(),
            StmtKind::Sleep(d) => {
                let mut live = after.clone();
                if let SleepFor::SecondsAt(p) | SleepFor::UntilAt(p) = d {
                    live.insert(p.var);
                }
                live
            }
            StmtKind::Try {
                var,
                value,
                ok,
                catchers,
            } => {
                let mut live = self.block(ok, after, loops);
                if let Some(var) = var {
                    self.assigned.push((*var, live.clone()));
                    live.remove(var);
                }
                // A catcher gets the state as it was before the call.
                for c in catchers {
                    let mut handler = self.block(&c.body, after, loops);
                    if let Some(v) = c.var {
                        self.assigned.push((v, handler.clone()));
                        handler.remove(&v);
                    }
                    live.extend(handler);
                }
                expr_vars(value, &mut live);
                self.branch_reads(value, &mut live);
                live
            }
            StmtKind::For { var, items, body } => {
                // The variable's home also holds the position, so it is live through the loop.
                let mut head: Live = after.iter().copied().chain([*var, items.var]).collect();
                loop {
                    loops.push(LoopLive {
                        exit: after.clone(),
                        head: head.clone(),
                    });
                    let start = self.block(body, &head, loops);
                    loops.pop();
                    let new_head: Live = head.union(&start).copied().collect();
                    if new_head == head {
                        self.assigned.push((*var, start));
                        head.remove(var);
                        return head;
                    }
                    head = new_head;
                }
            }
            StmtKind::Fail { error, cause } => {
                let mut live = Live::new();
                for t in [error, cause].into_iter().flatten() {
                    if let Text::At(p) = t {
                        live.insert(p.var);
                    }
                }
                live
            }
        }
    }
}
