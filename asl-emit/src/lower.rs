//! Lowering: workflow IR → ASL states (JSONPath query language): the shared passes
//! (`crate::passes`), then the JSONPath back end (`crate::emit::jsonpath`).
//!
//! The passes, in order:
//! 1. `prepare`: name every nested task call's result (`persist(parse(x))` becomes two
//!    `let`s), infer the shapes of untyped `let`s, and substitute pure `let`s (aliases of
//!    places, literals, struct literals over immutable values), which then cost no state.
//! 2. `liveness`: which variables are live after each assignment.
//! 3. `homes`: where each variable lives in the state JSON. A variable that is the only
//!    live one wherever it is assigned lives at `$` (the task result simply replaces the
//!    state, as in a hand-written Lambda chain); the others live at `$.<name>` and are
//!    written with `ResultPath`.
//! 4. `emit`: states in source order, with symbolic labels joined by union-find so that
//!    `break`/`continue`/empty branches jump straight to their target (Choice threading).
//!    A `parallel!` is a `Parallel` state whose branches are emitted as graphs of their own
//!    on the same homes (state names stay unique machine-wide).
//! 5. `fold_ends`: a `Succeed` reached only from plain states becomes `End` on them.

use asl_model::ir::Workflow;
use asl_model::{QueryLanguage, StateMachine};

use crate::emit::jsonpath::{fold_ends, homes, Emitter};
use crate::passes::{liveness, prepare};
use crate::EmitError;

/// Lowers a workflow to a state machine (not yet validated: `Definition` does that).
pub fn lower(workflow: &Workflow) -> Result<StateMachine, EmitError> {
    let mut wf = workflow.clone();
    prepare(&mut wf, QueryLanguage::JsonPath);
    let live = liveness(&wf);
    let homes = homes(&wf, &live);
    let mut em = Emitter::new(&wf, homes);
    em.run();
    if !em.errors.is_empty() {
        return Err(EmitError::Lowering {
            workflow: wf.name.clone(),
            errors: em.errors,
        });
    }
    let mut sm = em.finish()?;
    fold_ends(&mut sm);
    sm.comment = wf.comment.clone();
    sm.timeout_seconds = wf.timeout_seconds;
    Ok(sm)
}

/// Lowers a workflow to a JSONata + Variables state machine (not yet validated).
pub fn lower_jsonata(workflow: &Workflow) -> Result<StateMachine, EmitError> {
    let mut wf = workflow.clone();
    prepare(&mut wf, QueryLanguage::Jsonata);
    crate::emit::jsonata::emit(&wf)
}
