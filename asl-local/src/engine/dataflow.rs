//! A state's data flow in JSONPath: InputPath, Parameters, ResultSelector, ResultPath, OutputPath, Assign, and the payload size limit.

use super::jsonata_flow::Extra;
use super::*;

impl<'m> Engine<'m, '_> {
    pub(super) fn query_language(&self, common: &Common) -> QueryLanguage {
        common
            .query_language
            .or(self.machine.query_language)
            .unwrap_or(QueryLanguage::JsonPath)
    }

    pub(super) fn with_env<T>(
        &mut self,
        tid: usize,
        input: &Value,
        token: Option<&str>,
        item: Option<(usize, &Value)>,
        f: impl FnOnce(&mut Evaluator, &Env<'_>) -> Result<T, Failure>,
    ) -> Result<T, Failure> {
        let t = &self.threads[tid];
        let vars = Rc::clone(&t.vars);
        let ctx = Ctx {
            exec: &self.exec,
            state: t.state,
            entered: t.entered_at,
            retry: t
                .states
                .get(t.state)
                .is_some_and(|s| s.error_handling().is_some())
                .then_some(t.retry_total),
            token,
            item,
        };
        let env = Env::new(input, &vars, &ctx);
        f(&mut self.ev, &env)
    }

    pub(super) fn template(
        &mut self,
        tid: usize,
        tpl: &Value,
        input: &Value,
    ) -> Result<Value, Failure> {
        self.with_env(tid, input, None, None, |ev, env| ev.template(tpl, env))
    }

    pub(super) fn path(
        &mut self,
        tid: usize,
        path: &str,
        input: &Value,
    ) -> Result<Option<Value>, Failure> {
        self.with_env(tid, input, None, None, |ev, env| ev.path(path, env))
    }

    pub(super) fn check_size(&self, v: &Value, what: &str) -> Result<(), Failure> {
        if self.limits.max_payload_bytes == usize::MAX {
            return Ok(());
        }
        let size = json_size(v);
        if size > self.limits.max_payload_bytes {
            return Err(Failure::new(
                names::DATA_LIMIT_EXCEEDED,
                format!(
                    "The {what} has a size of {size} bytes, exceeding the maximum of {} bytes.",
                    self.limits.max_payload_bytes
                ),
            ));
        }
        Ok(())
    }

    pub(super) fn input_path(
        &mut self,
        tid: usize,
        common: &Common,
        raw: &Arc<Value>,
    ) -> Result<Arc<Value>, Failure> {
        self.filter_path(tid, common.input_path.as_ref(), raw, "InputPath")
    }

    pub(super) fn output_path(
        &mut self,
        tid: usize,
        common: &Common,
        out: Arc<Value>,
    ) -> Result<Arc<Value>, Failure> {
        self.filter_path(tid, common.output_path.as_ref(), &out, "OutputPath")
    }

    pub(super) fn filter_path(
        &mut self,
        tid: usize,
        path: Option<&NullablePath>,
        data: &Arc<Value>,
        field: &str,
    ) -> Result<Arc<Value>, Failure> {
        match path {
            None => Ok(Arc::clone(data)),
            Some(NullablePath::Null) => Ok(Arc::new(json!({}))),
            Some(NullablePath::Path(p)) if p == "$" => Ok(Arc::clone(data)),
            Some(NullablePath::Path(p)) => match self.path(tid, p, data)? {
                Some(v) => Ok(Arc::new(v)),
                None => Err(Failure::runtime(format!(
                    "Invalid path '{p}' : The {field} '{p}' references nothing in the input '{}'",
                    compact(data)
                ))),
            },
        }
    }

    /// ResultPath: where the result goes in the state's raw input.
    pub(super) fn result_path(
        &mut self,
        raw: &Arc<Value>,
        rp: Option<&NullablePath>,
        result: Arc<Value>,
    ) -> Result<Arc<Value>, Failure> {
        match rp {
            None => Ok(result),
            Some(NullablePath::Null) => Ok(Arc::clone(raw)),
            Some(NullablePath::Path(p)) => {
                let fail = |why: String| {
                    Failure::new(
                        names::RESULT_PATH_MATCH_FAILURE,
                        format!(
                            "Unable to apply ResultPath '{p}' to input '{}': {why}",
                            compact(raw)
                        ),
                    )
                };
                let path = self
                    .ev
                    .paths
                    .get(p)
                    .map_err(|f| fail(f.cause.unwrap_or_default()))?;
                if path.root != asl_model::path::Root::Input || !path.is_reference_path() {
                    return Err(fail(
                        "a ResultPath must be a reference path starting at '$'".into(),
                    ));
                }
                if path.segments.is_empty() {
                    return Ok(result);
                }
                let mut doc = (**raw).clone();
                let value = Arc::try_unwrap(result).unwrap_or_else(|a| (*a).clone());
                write_at(&mut doc, &path.segments, value).map_err(fail)?;
                Ok(Arc::new(doc))
            }
        }
    }

    /// Evaluates an `Assign` block with `$` bound to `dollar`; committed later by [`Self::commit`].
    pub(super) fn assign(
        &mut self,
        tid: usize,
        assign: Option<&IndexMap<String, Value>>,
        dollar: &Value,
    ) -> Result<Vec<(String, Value)>, Failure> {
        let Some(assign) = assign else {
            return Ok(Vec::new());
        };
        let out = self.with_env(tid, dollar, None, None, |ev, env| {
            let mut out = Vec::with_capacity(assign.len());
            for (k, v) in assign {
                match k.strip_suffix(".$").filter(|n| !n.is_empty()) {
                    Some(name) => out.push((name.to_string(), ev.dynamic(k, v, env)?)),
                    None => out.push((k.clone(), ev.template(v, env)?)),
                }
            }
            Ok(out)
        })?;
        self.check_assigned(tid, &out)?;
        Ok(out)
    }

    /// AWS's Variables limits: one variable, and one `Assign` block, at most 256 KiB; all the
    /// variables a thread sees, 10 MiB.
    pub(super) fn check_assigned(
        &self,
        tid: usize,
        out: &[(String, Value)],
    ) -> Result<(), Failure> {
        let max = self.limits.max_payload_bytes;
        let vars = &self.threads[tid].vars;
        let mut after = vars.total_bytes();
        let mut total = 0usize;
        for (k, v) in out {
            let size = k.len() + json_size(v);
            if size > max {
                return Err(Failure::new(
                    names::DATA_LIMIT_EXCEEDED,
                    format!("The variable '{k}' has a size of {size} bytes, exceeding the maximum of {max} bytes."),
                ));
            }
            total += size;
            after = (after + size).saturating_sub(vars.size_of(k));
        }
        if after > self.limits.max_variables_bytes {
            return Err(Failure::new(
                names::DATA_LIMIT_EXCEEDED,
                format!(
                    "The variables would have a size of {after} bytes, exceeding the maximum of {} bytes for all variables of an execution.",
                    self.limits.max_variables_bytes
                ),
            ));
        }
        if total > max {
            return Err(Failure::new(
                names::DATA_LIMIT_EXCEEDED,
                format!("The variables assigned have a size of {total} bytes, exceeding the maximum of {max} bytes."),
            ));
        }
        Ok(())
    }

    pub(super) fn commit(&mut self, tid: usize, assigned: Vec<(String, Value)>) {
        if assigned.is_empty() {
            return;
        }
        let vars = Rc::make_mut(&mut self.threads[tid].vars);
        for (k, v) in assigned {
            vars.set(k, v);
        }
    }

    pub(super) fn current(&self, tid: usize) -> Option<&'m State> {
        let t = &self.threads[tid];
        t.states.get(t.state)
    }

    /// The `…StateExited` event, then the transition.
    pub(super) fn exit(&mut self, tid: usize, state: &'m State, out: Arc<Value>) -> Step<'m> {
        let name = self.threads[tid].state;
        if let Some(ty) = exited_type(state) {
            let details = EventDetails {
                output: Some(Arc::clone(&out)),
                ..EventDetails::default()
            };
            self.record(Some(tid), ty, Some(name), details);
        }
        match state {
            State::Succeed(_) => Step::End(out),
            State::Choice(_) | State::Fail(_) => {
                Step::Fail(Failure::runtime("internal: no transition"))
            }
            _ => match state.transition() {
                Some(Transition::Next(n)) | Some(Transition::Both(n)) => {
                    Step::Next(n.as_str(), out)
                }
                Some(Transition::End) => Step::End(out),
                _ => Step::Fail(Failure::runtime(format!(
                    "The state '{name}' has neither Next nor End."
                ))),
            },
        }
    }

    /// After a Task, Parallel or Map produced its result: Assign, ResultSelector, ResultPath,
    /// OutputPath, the size limit, the exit event and the transition.
    pub(super) fn complete(
        &mut self,
        tid: usize,
        state: &'m State,
        common: &'m Common,
        result: Arc<Value>,
        selector: Option<&'m Value>,
        rp: Option<&'m NullablePath>,
    ) -> Step<'m> {
        let raw = Arc::clone(&self.threads[tid].input);
        let jsonata = self.is_jsonata(common);
        let r = (|| {
            if jsonata {
                let extra = Extra::result(&result);
                let assigned = self.ja_assign(tid, common.assign.as_ref(), &raw, extra)?;
                let out = self.ja_output(
                    tid,
                    common.output.as_ref(),
                    Arc::clone(&result),
                    &raw,
                    extra,
                )?;
                return Ok((out, assigned));
            }
            let assigned = self.assign(tid, common.assign.as_ref(), &result)?;
            let selected = match selector {
                Some(sel) => Arc::new(self.template(tid, sel, &result)?),
                None => result,
            };
            let out = self.result_path(&raw, rp, selected)?;
            let out = self.output_path(tid, common, out)?;
            self.check_size(&out, "state output")?;
            Ok((out, assigned))
        })();
        match r {
            Ok((out, assigned)) => {
                self.commit(tid, assigned);
                self.exit(tid, state, out)
            }
            Err(f) => self.state_error(tid, f),
        }
    }
}
