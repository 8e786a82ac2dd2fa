//! The states without work of their own: Pass, Choice, Wait, Succeed, Fail, and entering a state.

use super::*;

impl<'m> Engine<'m, '_> {
    pub(super) fn enter(&mut self, tid: usize) -> Step<'m> {
        let (states, name) = (self.threads[tid].states, self.threads[tid].state);
        let Some(state) = states.get(name) else {
            return Step::Fail(Failure::runtime(format!(
                "There is no state named '{name}' to transition to."
            )));
        };
        let t = &mut self.threads[tid];
        t.entered_at = self.now;
        t.retry_counts.clear();
        t.retry_by_name.clear();
        t.retry_total = 0;
        let input = Arc::clone(&t.input);
        if !t.recorded {
            t.child_states += 1;
            if t.child_states.saturating_mul(2) >= self.limits.max_history_events {
                return Step::Fail(Failure::runtime(format!(
                    "The child execution reached the maximum number of history events ({}).",
                    self.limits.max_history_events
                )));
            }
        }
        let details = EventDetails {
            input: Some(input),
            ..EventDetails::default()
        };
        let id = self.record(Some(tid), entered_type(state), Some(name), details);
        self.threads[tid].entered_event = id;
        if self.ending.is_some() {
            return Step::Block;
        }
        self.entered.push(name.to_string());
        if self.is_jsonata(state.common()) {
            return self.enter_jsonata(tid, state);
        }
        match state {
            State::Pass(s) => self.pass(tid, state, s),
            State::Choice(s) => self.choice(tid, state, s),
            State::Wait(s) => self.wait(tid, s),
            State::Succeed(s) => {
                let raw = Arc::clone(&self.threads[tid].input);
                let r = self
                    .input_path(tid, &s.common, &raw)
                    .and_then(|eff| self.output_path(tid, &s.common, eff));
                match r {
                    Ok(out) => self.exit(tid, state, out),
                    Err(f) => Step::Fail(f),
                }
            }
            State::Fail(s) => {
                let raw = Arc::clone(&self.threads[tid].input);
                let error = match (&s.error, &s.error_path) {
                    (Some(e), _) => Ok(Some(e.clone())),
                    (None, Some(p)) => self.fail_field(tid, "ErrorPath", p, &raw).map(Some),
                    (None, None) => Ok(None),
                };
                let cause = match (&s.cause, &s.cause_path) {
                    (Some(c), _) => Ok(Some(c.clone())),
                    (None, Some(p)) => self.fail_field(tid, "CausePath", p, &raw).map(Some),
                    (None, None) => Ok(None),
                };
                match (error, cause) {
                    (Ok(error), Ok(cause)) => Step::Fail(Failure { error, cause }),
                    (Err(f), _) | (_, Err(f)) => Step::Fail(f),
                }
            }
            State::Task(_) | State::Parallel(_) | State::Map(_) => self.attempt(tid),
        }
    }

    /// `ErrorPath`/`CausePath`: a path or an intrinsic, which must give a string.
    pub(super) fn fail_field(
        &mut self,
        tid: usize,
        field: &str,
        path: &str,
        raw: &Value,
    ) -> Result<String, Failure> {
        let key = format!("{field}.$");
        let v = self.with_env(tid, raw, None, None, |ev, env| {
            ev.dynamic(&key, &Value::String(path.to_string()), env)
        })?;
        match v {
            Value::String(s) => Ok(s),
            other => Err(Failure::runtime(format!(
                "The {field} '{path}' must reference a string, but it is {}",
                kind_of(&other)
            ))),
        }
    }

    pub(super) fn pass(&mut self, tid: usize, state: &'m State, s: &'m PassState) -> Step<'m> {
        let raw = Arc::clone(&self.threads[tid].input);
        let r = (|| {
            let eff = self.input_path(tid, &s.common, &raw)?;
            let result = match (&s.result, &s.parameters) {
                (Some(r), _) => Arc::new(r.clone()),
                (None, Some(p)) => {
                    let v = self.template(tid, p, &eff)?;
                    self.check_size(&v, "Parameters output")?;
                    Arc::new(v)
                }
                (None, None) => eff,
            };
            let assigned = self.assign(tid, s.common.assign.as_ref(), &result)?;
            let out = self.result_path(&raw, s.result_path.as_ref(), result)?;
            let out = self.output_path(tid, &s.common, out)?;
            self.check_size(&out, "state output")?;
            Ok((out, assigned))
        })();
        match r {
            Ok((out, assigned)) => {
                self.commit(tid, assigned);
                self.exit(tid, state, out)
            }
            Err(f) => Step::Fail(f),
        }
    }

    pub(super) fn choice(
        &mut self,
        tid: usize,
        state: &'m State,
        s: &'m asl_model::ChoiceState,
    ) -> Step<'m> {
        let raw = Arc::clone(&self.threads[tid].input);
        let r = (|| {
            let eff = self.input_path(tid, &s.common, &raw)?;
            let mut chosen = None;
            for rule in &s.choices {
                let hit = self.with_env(tid, &eff, None, None, |ev, env| {
                    choice::holds(&rule.condition, env, ev)
                })?;
                if hit {
                    chosen = Some((rule.next.as_str(), rule.assign.as_ref()));
                    break;
                }
            }
            let (next, assign) = match (chosen, &s.default) {
                (Some(c), _) => c,
                (None, Some(d)) => (d.as_str(), s.common.assign.as_ref()),
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
            let assigned = self.assign(tid, assign, &eff)?;
            let out = self.output_path(tid, &s.common, eff)?;
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
                let _ = state;
                Step::Next(next, out)
            }
            Err(f) => Step::Fail(f),
        }
    }

    pub(super) fn wait(&mut self, tid: usize, s: &'m WaitState) -> Step<'m> {
        let raw = Arc::clone(&self.threads[tid].input);
        let r = (|| {
            let eff = self.input_path(tid, &s.common, &raw)?;
            let until = match (&s.seconds, &s.timestamp, &s.seconds_path, &s.timestamp_path) {
                (Some(JsonataOr::Value(n)), ..) => self.now.saturating_add(secs_to_ms(*n)),
                (_, Some(JsonataOr::Value(ts)), ..) => parse_millis(ts)
                    .ok_or_else(|| Failure::runtime(format!("The Timestamp '{ts}' is not an RFC 3339 timestamp.")))?,
                (_, _, Some(p), _) => match self.path(tid, p, &eff)? {
                    Some(Value::Number(n)) if n.as_u64().is_some() => {
                        self.now.saturating_add(secs_to_ms(n.as_u64().unwrap_or(0)))
                    }
                    Some(other) => {
                        return Err(Failure::runtime(format!(
                            "The SecondsPath '{p}' must reference a non-negative integer, but it references {}",
                            compact(&other)
                        )))
                    }
                    None => return Err(Failure::runtime(format!("The SecondsPath '{p}' references nothing in the input."))),
                },
                (_, _, _, Some(p)) => match self.path(tid, p, &eff)? {
                    Some(Value::String(ts)) => parse_millis(&ts).ok_or_else(|| {
                        Failure::runtime(format!("The TimestampPath '{p}' references '{ts}', which is not an RFC 3339 timestamp."))
                    })?,
                    Some(other) => {
                        return Err(Failure::runtime(format!(
                            "The TimestampPath '{p}' must reference a timestamp string, but it references {}",
                            kind_of(&other)
                        )))
                    }
                    None => {
                        return Err(Failure::runtime(format!("The TimestampPath '{p}' references nothing in the input.")))
                    }
                },
                (Some(JsonataOr::Jsonata(_)), ..) | (_, Some(JsonataOr::Jsonata(_)), ..) => {
                    return Err(Failure::new(names::UNSUPPORTED, "not yet supported by asl-local: JSONata"))
                }
                _ => return Err(Failure::runtime("The Wait state has none of Seconds, Timestamp, SecondsPath, TimestampPath.")),
            };
            self.check_wait(tid, until)?;
            let assigned = self.assign(tid, s.common.assign.as_ref(), &eff)?;
            let out = self.output_path(tid, &s.common, eff)?;
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

    /// AWS refuses a Wait that ends more than 2^31 - 1 seconds from now.
    pub(super) fn check_wait(&self, tid: usize, until: i64) -> Result<(), Failure> {
        const MAX_WAIT_MS: i64 = (i32::MAX as i64) * 1000;
        if until.saturating_sub(self.now) > MAX_WAIT_MS {
            return Err(self.site(tid).runtime("Wait state delay is too long."));
        }
        Ok(())
    }

    pub(super) fn wait_done(
        &mut self,
        tid: usize,
        out: Arc<Value>,
        assigned: Vec<(String, Value)>,
    ) -> Step<'m> {
        let Some(state) = self.current(tid) else {
            return Step::Fail(Failure::runtime("internal: lost the Wait state"));
        };
        self.commit(tid, assigned);
        self.exit(tid, state, out)
    }

    /// Runs (or re-runs, after a retry interval) the work of a Task, Parallel or Map state.
    pub(super) fn attempt(&mut self, tid: usize) -> Step<'m> {
        let step = match self.current(tid) {
            Some(State::Task(s)) => self.task_attempt(tid, s),
            Some(State::Parallel(s)) => self.parallel_attempt(tid, s),
            Some(State::Map(s)) => self.map_attempt(tid, s),
            _ => Err(Failure::runtime(
                "internal: attempt on a state without work",
            )),
        };
        match step {
            Ok(step) => step,
            Err(f) => self.state_error(tid, f),
        }
    }

    pub(super) fn positive_seconds(
        &mut self,
        tid: usize,
        field: &str,
        path: &str,
        eff: &Value,
    ) -> Result<u64, Failure> {
        match self.path(tid, path, eff)? {
            Some(Value::Number(n)) if n.as_u64().is_some_and(|x| x > 0) => {
                Ok(n.as_u64().unwrap_or(1))
            }
            Some(other) => Err(Failure::runtime(format!(
                "The {field} '{path}' must reference a positive integer, but it references {}",
                compact(&other)
            ))),
            None => Err(Failure::runtime(format!(
                "The {field} '{path}' references nothing in the input."
            ))),
        }
    }
}
