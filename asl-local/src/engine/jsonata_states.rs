//! The states without work of their own in JSONata: Pass, Choice, Wait, Succeed and Fail, where
//! `Output` and `Assign` replace the paths and both see the variables as they were on entry.

use super::jsonata_flow::Extra;
use super::*;

/// Variables a state assigns, committed when it exits.
type Assigned = Vec<(String, Value)>;

/// The longest Wait AWS accepts (its `Seconds` maximum, and so its `Timestamp` horizon).
const MAX_WAIT_SECONDS: f64 = 99_999_999.0;

impl<'m> Engine<'m, '_> {
    pub(super) fn enter_jsonata(&mut self, tid: usize, state: &'m State) -> Step<'m> {
        let input = Arc::clone(&self.threads[tid].input);
        let r = match state {
            State::Task(_) | State::Parallel(_) | State::Map(_) => return self.attempt(tid),
            State::Choice(s) => return self.choice_jsonata(tid, s, &input),
            State::Wait(s) => return self.wait_jsonata(tid, s, &input),
            State::Fail(s) => {
                let error = s
                    .error
                    .as_ref()
                    .map(|e| self.ja_string(tid, e, "Error", &input))
                    .transpose();
                let cause = s
                    .cause
                    .as_ref()
                    .map(|c| self.ja_string(tid, c, "Cause", &input))
                    .transpose();
                return match (error, cause) {
                    (Ok(error), Ok(cause)) => Step::Fail(Failure { error, cause }),
                    (Err(f), _) | (_, Err(f)) => Step::Fail(f),
                };
            }
            State::Pass(_) | State::Succeed(_) => self.pass_jsonata(tid, state.common(), &input),
        };
        match r {
            Ok((out, assigned)) => {
                self.commit(tid, assigned);
                self.exit(tid, state, out)
            }
            Err(f) => Step::Fail(f),
        }
    }

    /// Pass and Succeed: `Output` (the input without one) and `Assign`.
    fn pass_jsonata(
        &mut self,
        tid: usize,
        common: &Common,
        input: &Arc<Value>,
    ) -> Result<(Arc<Value>, Assigned), Failure> {
        let assigned = self.ja_assign(tid, common.assign.as_ref(), input, Extra::NONE)?;
        let out = self.ja_output(
            tid,
            common.output.as_ref(),
            Arc::clone(input),
            input,
            Extra::NONE,
        )?;
        Ok((out, assigned))
    }

    /// Choice: the first rule whose `Condition` holds; its `Assign`/`Output` apply, the state's
    /// own apply when the `Default` is taken.
    fn choice_jsonata(
        &mut self,
        tid: usize,
        s: &'m asl_model::ChoiceState,
        input: &Arc<Value>,
    ) -> Step<'m> {
        let r = (|| {
            let mut chosen = None;
            for rule in &s.choices {
                let hit = match &rule.condition {
                    asl_model::Condition::Jsonata(c) => self.ja_condition(tid, c, input)?,
                    _ => {
                        return Err(Failure::runtime(
                            "A Choice rule in a JSONata state needs a Condition.",
                        ))
                    }
                };
                if hit {
                    chosen = Some((
                        rule.next.as_str(),
                        rule.assign.as_ref(),
                        rule.output.as_ref(),
                    ));
                    break;
                }
            }
            let (next, assign, output) = match (chosen, &s.default) {
                (Some(c), _) => c,
                (None, Some(d)) => (
                    d.as_str(),
                    s.common.assign.as_ref(),
                    s.common.output.as_ref(),
                ),
                (None, None) => {
                    return Err(Failure::new(
                        names::NO_CHOICE_MATCHED,
                        format!(
                            "No Choice Rule of the state '{}' matched, and it has no Default.",
                            self.threads[tid].state
                        ),
                    ))
                }
            };
            let assigned = self.ja_assign(tid, assign, input, Extra::NONE)?;
            let out = self.ja_output(tid, output, Arc::clone(input), input, Extra::NONE)?;
            Ok((next, out, assigned))
        })();
        match r {
            Ok((next, out, assigned)) => {
                self.commit(tid, assigned);
                let name = self.threads[tid].state;
                let details = EventDetails {
                    output: Some(Arc::clone(&out)),
                    ..EventDetails::default()
                };
                self.record(Some(tid), EventType::ChoiceStateExited, Some(name), details);
                Step::Next(next, out)
            }
            Err(f) => Step::Fail(f),
        }
    }

    /// Wait: `Seconds` (a number of seconds or an expression giving one) or `Timestamp`.
    fn wait_jsonata(&mut self, tid: usize, s: &'m WaitState, input: &Arc<Value>) -> Step<'m> {
        let r = (|| {
            let until = match (&s.seconds, &s.timestamp) {
                (Some(JsonataOr::Value(n)), _) => self.now.saturating_add(secs_to_ms(*n)),
                (Some(JsonataOr::Jsonata(text)), _) => {
                    let n =
                        self.ja_number(tid, text, "Seconds", input, true, (0.0, MAX_WAIT_SECONDS))?;
                    self.now.saturating_add(secs_to_ms(n as u64))
                }
                (None, Some(ts)) => {
                    let text = match ts {
                        JsonataOr::Value(t) => t.clone(),
                        JsonataOr::Jsonata(e) => self.ja_string(tid, e, "Timestamp", input)?,
                    };
                    parse_millis(&text).ok_or_else(|| {
                        self.site(tid).failure(format!(
                            "The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {text}"
                        ))
                    })?
                }
                (None, None) => {
                    return Err(Failure::runtime(
                        "A Wait state in JSONata needs Seconds or Timestamp.",
                    ))
                }
            };
            self.check_wait(tid, until)?;
            let (out, assigned) = self.pass_jsonata(tid, &s.common, input)?;
            Ok((until, out, assigned))
        })();
        match r {
            Ok((until, out, assigned)) => {
                self.threads[tid].phase = Phase::Waiting(out, assigned);
                let until = until.min(self.now.saturating_add(MAX_DELAY_MS));
                self.schedule(tid, until);
                Step::Block
            }
            Err(f) => Step::Fail(f),
        }
    }
}
