//! Map states: the items (ItemsPath, ItemReader), ItemSelector, ItemBatcher, the concurrency and failure tolerance, ResultWriter.

use super::jsonata_flow::Extra;
use super::*;

/// The iteration inputs, MaxConcurrency (0: the cap), ToleratedFailureCount and
/// ToleratedFailurePercentage of one Map run.
type MapInputs = (Vec<Value>, u64, Option<u64>, Option<f64>);

impl<'m> Engine<'m, '_> {
    pub(super) fn map_attempt(&mut self, tid: usize, s: &'m MapState) -> Result<Step<'m>, Failure> {
        let Some(processor) = s.processor() else {
            return Err(Failure::runtime(
                "The Map state has neither ItemProcessor nor Iterator.",
            ));
        };
        let distributed = is_distributed(s);
        let (inputs, max, count, pct) = if self.is_jsonata(&s.common) {
            self.map_inputs_jsonata(tid, s)?
        } else {
            self.map_inputs_jsonpath(tid, s)?
        };
        let cap = if distributed {
            DISTRIBUTED_MAX_CONCURRENCY
        } else {
            INLINE_MAX_CONCURRENCY
        };
        let max = if max == 0 {
            cap
        } else {
            usize::try_from(max).unwrap_or(cap).min(cap)
        };
        let tolerance = match (count, pct) {
            (None, None) if distributed => Some((Some(0), None)),
            (None, None) => None,
            other => Some(other),
        };
        let name = self.threads[tid].state;
        let mut anchor = self.record(
            Some(tid),
            EventType::MapStateStarted,
            Some(name),
            EventDetails::default(),
        );
        if distributed {
            anchor = self.record(
                Some(tid),
                EventType::MapRunStarted,
                Some(name),
                EventDetails::default(),
            );
        }
        let n = inputs.len();
        let mut fan = Box::new(Fanout {
            map: Some(MapRun {
                processor,
                inputs,
                next: 0,
                running: 0,
                max,
                distributed,
                tolerance,
                failures: 0,
            }),
            results: vec![None; n],
            remaining: n,
            failure: None,
            woken: false,
            anchor,
        });
        if n == 0 {
            fan.woken = true;
            self.threads[tid].phase = Phase::Fanout(fan);
            self.schedule(tid, self.now);
            return Ok(Step::Block);
        }
        self.fill_map(tid, &mut fan);
        self.threads[tid].phase = Phase::Fanout(fan);
        Ok(Step::Block)
    }

    /// JSONPath: InputPath, ItemsPath or ItemReader, ItemSelector, ItemBatcher, and the limits.
    fn map_inputs_jsonpath(&mut self, tid: usize, s: &'m MapState) -> Result<MapInputs, Failure> {
        let raw = Arc::clone(&self.threads[tid].input);
        let eff = self.input_path(tid, &s.common, &raw)?;
        let items: Vec<Value> = match &s.item_reader {
            Some(reader) => self.read_items(tid, reader, &eff)?,
            None => {
                let ip = s.items_path.as_deref().unwrap_or("$");
                match self.path(tid, ip, &eff)? {
                    Some(Value::Array(a)) => a,
                    Some(other) => {
                        return Err(Failure::runtime(format!(
                            "The ItemsPath '{ip}' must reference an array, but it references {}",
                            kind_of(&other)
                        )))
                    }
                    None => {
                        return Err(Failure::runtime(format!(
                            "Invalid path '{ip}' : The ItemsPath '{ip}' references nothing in the input '{}'",
                            compact(&eff)
                        )))
                    }
                }
            }
        };
        let selector = s.item_selector.as_ref().or(s.parameters.as_ref());
        let mut selected = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let v = match selector {
                Some(sel) => self.with_env(tid, &eff, None, Some((i, &item)), |ev, env| {
                    ev.template(sel, env)
                })?,
                None => item,
            };
            self.check_size(&v, "Map iteration input")?;
            selected.push(v);
        }
        let inputs = match &s.item_batcher {
            Some(b) => self.batch(tid, b, selected, &eff)?,
            None => selected,
        };
        let max = match (&s.max_concurrency, &s.max_concurrency_path) {
            (Some(JsonataOr::Value(n)), _) => *n,
            (_, Some(p)) => self.non_negative(tid, "MaxConcurrencyPath", p, &eff)?,
            _ => 0,
        };
        let count = match (&s.tolerated_failure_count, &s.tolerated_failure_count_path) {
            (Some(JsonataOr::Value(n)), _) => Some(*n),
            (_, Some(p)) => Some(self.non_negative(tid, "ToleratedFailureCountPath", p, &eff)?),
            _ => None,
        };
        let pct = match (
            &s.tolerated_failure_percentage,
            &s.tolerated_failure_percentage_path,
        ) {
            (Some(JsonataOr::Value(n)), _) => Some(*n),
            (_, Some(p)) => {
                Some(self.non_negative_number(tid, "ToleratedFailurePercentagePath", p, &eff)?)
            }
            _ => None,
        };
        if pct.is_some_and(|p| !(0.0..=100.0).contains(&p)) {
            return Err(self
                .site(tid)
                .runtime("ToleratedFailurePercentage must be between 0 and 100."));
        }
        Ok((inputs, max, count, pct))
    }

    /// JSONata: Items (the input without it) or ItemReader, ItemSelector, ItemBatcher, and the
    /// limits as numbers or expressions.
    fn map_inputs_jsonata(&mut self, tid: usize, s: &'m MapState) -> Result<MapInputs, Failure> {
        let raw = Arc::clone(&self.threads[tid].input);
        let items = match &s.item_reader {
            Some(reader) => self.read_items(tid, reader, &raw)?,
            None => self.ja_items(tid, s.items.as_ref(), &raw)?,
        };
        let mut selected = Vec::with_capacity(items.len());
        for (i, item) in items.into_iter().enumerate() {
            let v = match &s.item_selector {
                Some(sel) => {
                    let extra = Extra {
                        item: Some((i, &item)),
                        ..Extra::NONE
                    };
                    self.ja_template(tid, sel, "ItemSelector", &raw, extra)?
                }
                None => item,
            };
            self.check_size(&v, "Map iteration input")?;
            selected.push(v);
        }
        let inputs = match &s.item_batcher {
            Some(b) => self.batch(tid, b, selected, &raw)?,
            None => selected,
        };
        let counts = (0.0, f64::from(i32::MAX));
        let max = match &s.max_concurrency {
            Some(e) => self.ja_count(tid, e, "MaxConcurrency", &raw, counts)?,
            None => 0,
        };
        let count = match &s.tolerated_failure_count {
            Some(e) => Some(self.ja_count(tid, e, "ToleratedFailureCount", &raw, counts)?),
            None => None,
        };
        let pct = match &s.tolerated_failure_percentage {
            Some(JsonataOr::Value(n)) => Some(*n),
            Some(JsonataOr::Jsonata(text)) => Some(self.ja_number(
                tid,
                text,
                "ToleratedFailurePercentage",
                &raw,
                false,
                (0.0, 100.0),
            )?),
            None => None,
        };
        Ok((inputs, max, count, pct))
    }

    /// A `…Path` that must reference a number of at least zero (a percentage may be fractional).
    pub(super) fn non_negative_number(
        &mut self,
        tid: usize,
        field: &str,
        path: &str,
        eff: &Value,
    ) -> Result<f64, Failure> {
        match self.path(tid, path, eff)? {
            Some(Value::Number(n)) if n.as_f64().is_some_and(|x| x >= 0.0) => {
                Ok(n.as_f64().unwrap_or(0.0))
            }
            Some(Value::String(t)) if t.parse::<f64>().is_ok_and(|x| x >= 0.0) => {
                Ok(t.parse().unwrap_or(0.0))
            }
            other => Err(Failure::runtime(format!(
                "The {field} '{path}' must reference a non-negative number, but it references {}",
                other.map_or("nothing".to_string(), |v| compact(&v))
            ))),
        }
    }

    pub(super) fn non_negative(
        &mut self,
        tid: usize,
        field: &str,
        path: &str,
        eff: &Value,
    ) -> Result<u64, Failure> {
        match self.path(tid, path, eff)? {
            Some(Value::Number(n)) if n.as_u64().is_some() => Ok(n.as_u64().unwrap_or(0)),
            // AWS reads a numeric string too (recorded executions 029, 030).
            Some(Value::String(t)) if t.parse::<u64>().is_ok() => Ok(t.parse().unwrap_or(0)),
            other => Err(Failure::runtime(format!(
                "The {field} '{path}' must reference a non-negative integer, but it references {}",
                other.map_or("nothing".to_string(), |v| compact(&v))
            ))),
        }
    }

    /// ItemBatcher: groups the (selected) items into `{"Items": [...], "BatchInput": ...}`.
    pub(super) fn batch(
        &mut self,
        tid: usize,
        b: &'m asl_model::ItemBatcher,
        items: Vec<Value>,
        eff: &Arc<Value>,
    ) -> Result<Vec<Value>, Failure> {
        let counts = (0.0, f64::from(i32::MAX));
        let max_items = match (&b.max_items_per_batch, &b.max_items_per_batch_path) {
            (Some(e), _) => {
                Some(self.ja_count(tid, e, "ItemBatcher/MaxItemsPerBatch", eff, counts)?)
            }
            (_, Some(p)) => Some(self.non_negative(tid, "MaxItemsPerBatchPath", p, eff)?),
            _ => None,
        }
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX).max(1));
        let max_bytes = match (
            &b.max_input_bytes_per_batch,
            &b.max_input_bytes_per_batch_path,
        ) {
            (Some(e), _) => {
                Some(self.ja_count(tid, e, "ItemBatcher/MaxInputBytesPerBatch", eff, counts)?)
            }
            (_, Some(p)) => Some(self.non_negative(tid, "MaxInputBytesPerBatchPath", p, eff)?),
            _ => None,
        }
        .map(|n| usize::try_from(n).unwrap_or(usize::MAX));
        let jsonata = self
            .current(tid)
            .is_some_and(|st| self.is_jsonata(st.common()));
        let batch_input = match &b.batch_input {
            Some(t) if jsonata => {
                Some(self.ja_template(tid, t, "ItemBatcher/BatchInput", eff, Extra::NONE)?)
            }
            Some(t) => Some(self.template(tid, t, eff)?),
            None => None,
        };
        let mut batches = Vec::new();
        let mut current: Vec<Value> = Vec::new();
        let mut bytes = 0usize;
        for item in items {
            let size = json_size(&item);
            let full_items = max_items.is_some_and(|m| current.len() >= m);
            let full_bytes = max_bytes.is_some_and(|m| !current.is_empty() && bytes + size > m);
            if full_items || full_bytes {
                batches.push(std::mem::take(&mut current));
                bytes = 0;
            }
            bytes += size + 1;
            current.push(item);
        }
        if !current.is_empty() {
            batches.push(current);
        }
        Ok(batches
            .into_iter()
            .map(|items| match &batch_input {
                Some(bi) => json!({"BatchInput": bi, "Items": items}),
                None => json!({"Items": items}),
            })
            .collect())
    }

    /// ItemReader: the handler registered for the reader's resource returns the items (asl-local
    /// reads no S3); `ReaderConfig.MaxItems` applies.
    pub(super) fn read_items(
        &mut self,
        tid: usize,
        reader: &'m ItemReader,
        eff: &Arc<Value>,
    ) -> Result<Vec<Value>, Failure> {
        let fail = |why: String| Failure::new(names::ITEM_READER_FAILED, why);
        let resource = match &reader.resource {
            Resource::Arn(a) => a.clone(),
            Resource::Intrinsic(v) => compact(v),
        };
        let params = match (&reader.parameters, &reader.arguments) {
            (Some(p), _) => self.template(tid, p, eff)?,
            (None, Some(a)) => {
                self.ja_template(tid, a, "ItemReader/Arguments", eff, Extra::NONE)?
            }
            (None, None) => json!({}),
        };
        let mut keys = vec![resource.clone()];
        if strip_pattern(&resource) != resource {
            keys.push(strip_pattern(&resource).to_string());
        }
        let call = TaskCall {
            state: self.threads[tid].state.to_string(),
            resource: resource.clone(),
            kind: ResourceKind::Service,
            input: params,
            attempt: self.threads[tid].retry_total,
            time: self.now,
            task_token: String::new(),
        };
        let outcome = match self.registry.call(&keys, &call) {
            Dispatch::Done(o) => o,
            Dispatch::Missing(_) => {
                return Err(fail(format!(
                    "asl-local reads no S3: register a handler for the ItemReader resource '{resource}' that returns the items as a JSON array"
                )))
            }
        };
        self.calls.push(call);
        let items = match outcome.result {
            Ok(Value::Array(a)) => a,
            Ok(other) => {
                return Err(fail(format!(
                    "the ItemReader handler for '{resource}' returned {}, not an array of items",
                    kind_of(&other)
                )))
            }
            Err(e) => return Err(fail(format!("{}: {}", e.error, e.cause))),
        };
        let max = match reader.reader_config.as_ref() {
            Some(cfg) => match (&cfg.max_items, &cfg.max_items_path) {
                (Some(e), _) => Some(self.ja_count(
                    tid,
                    e,
                    "ItemReader/ReaderConfig/MaxItems",
                    eff,
                    (0.0, 100_000_000.0),
                )?),
                (_, Some(p)) => Some(self.non_negative(tid, "MaxItemsPath", p, eff)?),
                _ => None,
            },
            None => None,
        };
        Ok(match max.filter(|&m| m > 0) {
            Some(m) => items
                .into_iter()
                .take(usize::try_from(m).unwrap_or(usize::MAX))
                .collect(),
            None => items,
        })
    }

    /// ResultWriter: the handler for the writer's resource gets `{"Parameters", "Results"}`; the
    /// Map's result is `{"MapRunArn", "ResultWriterDetails": <handler result>}`.
    pub(super) fn write_results(
        &mut self,
        tid: usize,
        w: &'m asl_model::ResultWriter,
        results: Value,
    ) -> Result<Value, Failure> {
        let fail = |why: String| Failure::new(names::RESULT_WRITER_FAILED, why);
        let Some(resource) = w.resource.as_ref().map(|r| match r {
            Resource::Arn(a) => a.clone(),
            Resource::Intrinsic(v) => compact(v),
        }) else {
            // WriterConfig only (JSONata transformation without a resource): results are returned.
            return Ok(results);
        };
        let raw = Arc::clone(&self.threads[tid].input);
        let params = match (&w.parameters, &w.arguments) {
            (Some(p), _) => self.template(tid, p, &raw)?,
            (None, Some(a)) => {
                self.ja_template(tid, a, "ResultWriter/Arguments", &raw, Extra::NONE)?
            }
            (None, None) => json!({}),
        };
        let call = TaskCall {
            state: self.threads[tid].state.to_string(),
            resource: resource.clone(),
            kind: ResourceKind::Service,
            input: json!({"Parameters": params, "Results": results}),
            attempt: 0,
            time: self.now,
            task_token: String::new(),
        };
        let keys = vec![resource.clone(), strip_pattern(&resource).to_string()];
        let outcome = match self.registry.call(&keys, &call) {
            Dispatch::Done(o) => o,
            Dispatch::Missing(_) => {
                return Err(fail(format!(
                    "asl-local writes no S3: register a handler for the ResultWriter resource '{resource}'"
                )))
            }
        };
        self.calls.push(call);
        let details = outcome
            .result
            .map_err(|e| fail(format!("{}: {}", e.error, e.cause)))?;
        let run_id = self.ev.rng.uuid_v4();
        let map_run = format!(
            "{}:{}",
            self.exec
                .machine_id
                .replacen(":stateMachine:", ":mapRun:", 1),
            run_id
        );
        Ok(json!({"MapRunArn": map_run, "ResultWriterDetails": details}))
    }
}
