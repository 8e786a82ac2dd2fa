//! Parallel branches and Map iterations as child threads: starting them, collecting their results, aborting them.

use super::jsonata_flow::Extra;
use super::*;

impl<'m> Engine<'m, '_> {
    pub(super) fn parallel_attempt(
        &mut self,
        tid: usize,
        s: &'m ParallelState,
    ) -> Result<Step<'m>, Failure> {
        let raw = Arc::clone(&self.threads[tid].input);
        let branch_input = if self.is_jsonata(&s.common) {
            match &s.arguments {
                Some(a) => {
                    let v = self.ja_template(tid, a, "Arguments", &raw, Extra::NONE)?;
                    self.check_size(&v, "Arguments output")?;
                    Arc::new(v)
                }
                None => raw,
            }
        } else {
            self.parallel_parameters(tid, s, &raw)?
        };
        let name = self.threads[tid].state;
        let anchor = self.record(
            Some(tid),
            EventType::ParallelStateStarted,
            Some(name),
            EventDetails::default(),
        );
        let n = s.branches.len();
        let mut fan = Box::new(Fanout {
            map: None,
            results: vec![None; n],
            remaining: n,
            failure: None,
            woken: false,
            anchor,
        });
        let recorded = self.threads[tid].recorded;
        let vars = Rc::clone(&self.threads[tid].vars);
        let mut kids = Vec::with_capacity(n);
        for (i, b) in s.branches.iter().enumerate() {
            let child = self.spawn(
                &b.states,
                &b.start_at,
                Arc::clone(&branch_input),
                Some((tid, i)),
                Vars::child(&vars),
                recorded,
                anchor,
            );
            kids.push(child);
        }
        if n == 0 {
            fan.woken = true;
            self.threads[tid].phase = Phase::Fanout(fan);
            self.schedule(tid, self.now);
        } else {
            self.threads[tid].phase = Phase::Fanout(fan);
            for k in kids {
                self.schedule(k, self.now);
            }
        }
        Ok(Step::Block)
    }

    /// JSONPath: InputPath, then Parameters.
    fn parallel_parameters(
        &mut self,
        tid: usize,
        s: &'m ParallelState,
        raw: &Arc<Value>,
    ) -> Result<Arc<Value>, Failure> {
        let eff = self.input_path(tid, &s.common, raw)?;
        Ok(match &s.parameters {
            Some(p) => {
                let v = self.template(tid, p, &eff)?;
                self.check_size(&v, "Parameters output")?;
                Arc::new(v)
            }
            None => eff,
        })
    }

    /// Starts Map iterations until the concurrency limit or the items run out.
    pub(super) fn fill_map(&mut self, tid: usize, fan: &mut Fanout<'m>) {
        let anchor = fan.anchor;
        let Some(map) = fan.map.as_mut() else { return };
        let map_name = self.threads[tid].state;
        let recorded = self.threads[tid].recorded && !map.distributed;
        while map.running < map.max && map.next < map.inputs.len() {
            let i = map.next;
            map.next += 1;
            map.running += 1;
            let input = Arc::new(std::mem::take(&mut map.inputs[i]));
            let vars = if map.distributed {
                Rc::new(Vars::default())
            } else {
                Vars::child(&self.threads[tid].vars)
            };
            let child = self.spawn(
                &map.processor.states,
                &map.processor.start_at,
                input,
                Some((tid, i)),
                vars,
                recorded,
                anchor,
            );
            let details = EventDetails {
                index: Some(i),
                ..EventDetails::default()
            };
            self.record(
                Some(child),
                EventType::MapIterationStarted,
                Some(map_name),
                details,
            );
            self.schedule(child, self.now);
        }
    }

    pub(super) fn child_done(
        &mut self,
        p: usize,
        slot: usize,
        child: usize,
        res: Result<Arc<Value>, Failure>,
    ) {
        let phase = std::mem::replace(&mut self.threads[p].phase, Phase::Done);
        let Phase::Fanout(mut fan) = phase else {
            self.threads[p].phase = phase;
            return;
        };
        self.threads[p].children.retain(|&c| c != child);
        if fan.failure.is_some() {
            self.threads[p].phase = Phase::Fanout(fan);
            return;
        }
        let map_name = self.threads[p].state;
        let value = |r: Arc<Value>| Arc::try_unwrap(r).unwrap_or_else(|a| (*a).clone());
        match fan.map.as_mut() {
            None => match res {
                Ok(out) => {
                    if let Some(r) = fan.results.get_mut(slot) {
                        *r = Some(value(out));
                    }
                    fan.remaining = fan.remaining.saturating_sub(1);
                }
                Err(f) => {
                    fan.failure = Some(f);
                    self.abort_children(p);
                }
            },
            Some(map) => {
                map.running = map.running.saturating_sub(1);
                let distributed = map.distributed;
                match res {
                    Ok(out) => {
                        if !distributed {
                            let details = EventDetails {
                                index: Some(slot),
                                ..EventDetails::default()
                            };
                            self.record(
                                Some(child),
                                EventType::MapIterationSucceeded,
                                Some(map_name),
                                details,
                            );
                        }
                        if let Some(r) = fan.results.get_mut(slot) {
                            *r = Some(value(out));
                        }
                        fan.remaining = fan.remaining.saturating_sub(1);
                    }
                    Err(f) => {
                        if !distributed {
                            let details = EventDetails {
                                index: Some(slot),
                                error: f.error.clone(),
                                cause: f.cause.clone(),
                                ..EventDetails::default()
                            };
                            self.record(
                                Some(child),
                                EventType::MapIterationFailed,
                                Some(map_name),
                                details,
                            );
                        }
                        map.failures += 1;
                        let total = fan.results.len();
                        let exceeded = match map.tolerance {
                            None => Some(f.clone()),
                            Some((count, pct)) => {
                                let over_count = count.is_some_and(|c| map.failures as u64 > c);
                                let over_pct = pct.is_some_and(|p| {
                                    map.failures as f64 * 100.0 / total.max(1) as f64 > p
                                });
                                (over_count || over_pct || f.is_terminal()).then(|| {
                                    if f.is_terminal() {
                                        f.clone()
                                    } else {
                                        Failure::new(
                                            names::EXCEED_TOLERATED_FAILURE_THRESHOLD,
                                            format!(
                                                "The Map state failed because {} of {total} iterations failed, more than the tolerated failures allow (last error: {}: {}).",
                                                map.failures,
                                                f.error_name(),
                                                f.cause.clone().unwrap_or_default()
                                            ),
                                        )
                                    }
                                })
                            }
                        };
                        match exceeded {
                            Some(fail) => {
                                fan.failure = Some(fail);
                                self.abort_children(p);
                            }
                            None => {
                                if let Some(r) = fan.results.get_mut(slot) {
                                    *r = Some(f.error_output());
                                }
                                fan.remaining = fan.remaining.saturating_sub(1);
                            }
                        }
                    }
                }
                if fan.failure.is_none() {
                    self.fill_map(p, &mut fan);
                }
            }
        }
        if (fan.failure.is_some() || fan.remaining == 0) && !fan.woken {
            fan.woken = true;
            self.threads[p].phase = Phase::Fanout(fan);
            self.schedule(p, self.now);
        } else {
            self.threads[p].phase = Phase::Fanout(fan);
        }
    }

    pub(super) fn abort_children(&mut self, p: usize) {
        let kids = std::mem::take(&mut self.threads[p].children);
        for k in kids {
            if self.threads[k].alive {
                self.abort(k);
            }
        }
    }

    pub(super) fn fanout_done(&mut self, tid: usize, fan: Box<Fanout<'m>>) -> Step<'m> {
        if !fan.woken {
            self.threads[tid].phase = Phase::Fanout(fan);
            return Step::Block;
        }
        let name = self.threads[tid].state;
        let state = self.current(tid);
        let distributed = fan.map.as_ref().is_some_and(|m| m.distributed);
        let (succeeded, failed) = if fan.map.is_some() {
            (EventType::MapStateSucceeded, EventType::MapStateFailed)
        } else {
            (
                EventType::ParallelStateSucceeded,
                EventType::ParallelStateFailed,
            )
        };
        if let Some(f) = fan.failure {
            let details = EventDetails {
                error: f.error.clone(),
                cause: f.cause.clone(),
                ..EventDetails::default()
            };
            if distributed {
                self.record(
                    Some(tid),
                    EventType::MapRunFailed,
                    Some(name),
                    details.clone(),
                );
            }
            self.record(Some(tid), failed, Some(name), details);
            return self.state_error(tid, f);
        }
        if distributed {
            self.record(
                Some(tid),
                EventType::MapRunSucceeded,
                Some(name),
                EventDetails::default(),
            );
        }
        self.record(Some(tid), succeeded, Some(name), EventDetails::default());
        let results = Value::Array(
            fan.results
                .into_iter()
                .map(|r| r.unwrap_or(Value::Null))
                .collect(),
        );
        match state {
            Some(st @ State::Parallel(s)) => self.complete(
                tid,
                st,
                &s.common,
                Arc::new(results),
                s.result_selector.as_ref(),
                s.result_path.as_ref(),
            ),
            Some(st @ State::Map(s)) => {
                let result = match &s.result_writer {
                    Some(w) => match self.write_results(tid, w, results) {
                        Ok(v) => v,
                        Err(f) => return self.state_error(tid, f),
                    },
                    None => results,
                };
                self.complete(
                    tid,
                    st,
                    &s.common,
                    Arc::new(result),
                    s.result_selector.as_ref(),
                    s.result_path.as_ref(),
                )
            }
            _ => Step::Fail(Failure::runtime("internal: lost the Parallel/Map state")),
        }
    }
}
