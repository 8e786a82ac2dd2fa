//! After emission: a `Succeed` reached only from plain states becomes `End` on them.

use asl_model::document::{self as asl};
use asl_model::StateMachine;

/// A `Succeed` entered only through `Next` of Task/Pass/Wait states becomes `End` on
/// them (with its `OutputPath`), saving a transition per execution.
pub(crate) fn fold_ends(sm: &mut StateMachine) {
    let succeeds: Vec<String> = sm
        .states
        .iter()
        .filter_map(|(n, s)| match s {
            asl::State::Succeed(x) if x.common.input_path.is_none() => Some(n.clone()),
            _ => None,
        })
        .collect();
    for name in succeeds {
        if sm.start_at == name {
            continue;
        }
        let output_path = match &sm.states[&name] {
            asl::State::Succeed(x) => x.common.output_path.clone(),
            _ => None,
        };
        let mut foldable = true;
        let mut preds = Vec::new();
        for (n, s) in &sm.states {
            let refers_by_next = s.transition().and_then(|t| t.next()) == Some(name.as_str());
            let refers_otherwise = match s {
                asl::State::Choice(c) => {
                    c.choices.iter().any(|r| r.next == name)
                        || c.default.as_deref() == Some(name.as_str())
                }
                _ => s
                    .error_handling()
                    .and_then(|e| e.catch.as_ref())
                    .is_some_and(|cs| cs.iter().any(|c| c.next == name)),
            };
            if refers_otherwise {
                foldable = false;
            }
            if refers_by_next {
                let has_output_path = s.common().output_path.is_some();
                if has_output_path && output_path.is_some() {
                    foldable = false;
                }
                preds.push(n.clone());
            }
        }
        if !foldable || preds.is_empty() {
            continue;
        }
        for p in preds {
            let s = &mut sm.states[&p];
            if output_path.is_some() {
                s.common_mut().output_path = output_path.clone();
            }
            if let Some(t) = s.transition_mut() {
                *t = asl::Transition::End;
            }
        }
        sm.states.shift_remove(&name);
    }
}
