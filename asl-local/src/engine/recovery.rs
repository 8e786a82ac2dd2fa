//! Retry and Catch: what happens when a Task, Parallel or Map state fails.

use super::jsonata_flow::Extra;
use super::*;

impl<'m> Engine<'m, '_> {
    /// An error in a Task, Parallel or Map state: retry, catch, or fail the thread.
    pub(super) fn state_error(&mut self, tid: usize, f: Failure) -> Step<'m> {
        if f.is_terminal() {
            return Step::Fail(f);
        }
        let Some(state) = self.current(tid) else {
            return Step::Fail(f);
        };
        let Some(eh) = state.error_handling() else {
            return Step::Fail(f);
        };
        if let Some(retriers) = &eh.retry {
            if let Some((i, r)) = retriers
                .iter()
                .enumerate()
                .find(|(_, r)| any_matches(&r.error_equals, &f))
            {
                let t = &mut self.threads[tid];
                if t.retry_counts.len() < retriers.len() {
                    t.retry_counts.resize(retriers.len(), 0);
                }
                let done = t.retry_counts[i];
                let name = f.error_name();
                let for_name = t
                    .retry_by_name
                    .iter()
                    .find(|(k, n, _)| *k == i && n == name)
                    .map_or(0, |e| e.2);
                let max = u64::try_from(r.max_attempts.unwrap_or(3).max(0)).unwrap_or(0);
                if u64::from(for_name) < max {
                    match t
                        .retry_by_name
                        .iter_mut()
                        .find(|(k, n, _)| *k == i && n == name)
                    {
                        Some(e) => e.2 += 1,
                        None => t.retry_by_name.push((i, name.to_string(), 1)),
                    }
                    let mut delay = r.interval_seconds.unwrap_or(1) as f64
                        * r.backoff_rate.unwrap_or(2.0).powi(done as i32);
                    if let Some(cap) = r.max_delay_seconds {
                        delay = delay.min(cap as f64);
                    }
                    if r.jitter_strategy == Some(JitterStrategy::Full) {
                        delay *= self.ev.rng.next_f64();
                    }
                    let ms = if delay.is_finite() {
                        (delay * 1000.0).round().clamp(0.0, MAX_DELAY_MS as f64) as i64
                    } else {
                        MAX_DELAY_MS
                    };
                    let t = &mut self.threads[tid];
                    t.retry_counts[i] += 1;
                    t.retry_total += 1;
                    t.phase = Phase::Backoff;
                    self.schedule(tid, self.now.saturating_add(ms));
                    return Step::Block;
                }
            }
        }
        if let Some(catchers) = &eh.catch {
            if let Some(c) = catchers.iter().find(|c| any_matches(&c.error_equals, &f)) {
                let raw = Arc::clone(&self.threads[tid].input);
                let error_output = Arc::new(f.error_output());
                let jsonata = self.is_jsonata(state.common());
                let r = (|| {
                    if jsonata {
                        let extra = Extra::error_output(&error_output);
                        let assigned = self.ja_assign(tid, c.assign.as_ref(), &raw, extra)?;
                        let default = Arc::clone(&error_output);
                        let out = self.ja_output(tid, c.output.as_ref(), default, &raw, extra)?;
                        return Ok((out, assigned));
                    }
                    let assigned = self.assign(tid, c.assign.as_ref(), &error_output)?;
                    let out = self.result_path(&raw, c.result_path.as_ref(), error_output)?;
                    self.check_size(&out, "state output")?;
                    Ok((out, assigned))
                })();
                return match r {
                    Ok((out, assigned)) => {
                        self.commit(tid, assigned);
                        let name = self.threads[tid].state;
                        if let Some(ty) = exited_type(state) {
                            let details = EventDetails {
                                output: Some(Arc::clone(&out)),
                                ..EventDetails::default()
                            };
                            self.record(Some(tid), ty, Some(name), details);
                        }
                        Step::Next(c.next.as_str(), out)
                    }
                    Err(f2) => Step::Fail(f2),
                };
            }
        }
        Step::Fail(f)
    }
}
