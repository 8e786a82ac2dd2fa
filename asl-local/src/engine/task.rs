//! Task states: the resource called, its timeouts and heartbeats, and the result coming back.

use super::jsonata_flow::Extra;
use super::*;

/// Scheduled, started, succeeded, failed, timed-out event types for a resource kind.
fn task_events(kind: ResourceKind) -> [EventType; 5] {
    use EventType::*;
    match kind {
        ResourceKind::Lambda => [
            LambdaFunctionScheduled,
            LambdaFunctionStarted,
            LambdaFunctionSucceeded,
            LambdaFunctionFailed,
            LambdaFunctionTimedOut,
        ],
        ResourceKind::Activity => [
            ActivityScheduled,
            ActivityStarted,
            ActivitySucceeded,
            ActivityFailed,
            ActivityTimedOut,
        ],
        ResourceKind::LambdaInvoke | ResourceKind::Service => [
            TaskScheduled,
            TaskStarted,
            TaskSucceeded,
            TaskFailed,
            TaskTimedOut,
        ],
    }
}

/// How a Task's resource is called: its kind, the name shown, the handler keys to try, and what
/// the handler receives.
struct Target {
    kind: ResourceKind,
    resource: String,
    keys: Vec<String>,
    payload: Value,
}

fn target(resource: &Resource, params: Value) -> Target {
    match resource {
        Resource::Intrinsic(v) => {
            let logical = v
                .get("Fn::GetAtt")
                .and_then(|a| a.get(0))
                .or_else(|| v.get("Ref"))
                .and_then(Value::as_str)
                .map(str::to_string);
            let text = compact(v);
            let keys = logical
                .iter()
                .cloned()
                .chain(std::iter::once(text.clone()))
                .collect();
            Target {
                kind: ResourceKind::Lambda,
                resource: logical.unwrap_or(text),
                keys,
                payload: params,
            }
        }
        Resource::Arn(arn) => {
            if is_lambda_invoke(arn) {
                if let Some(function) = params
                    .get("FunctionName")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                {
                    let mut keys = vec![function.clone()];
                    if let Some(name) = lambda_function_name(&function) {
                        keys.push(name.to_string());
                    }
                    if let Some((name, _qualifier)) = function
                        .split_once(':')
                        .filter(|_| !function.starts_with("arn:"))
                    {
                        keys.push(name.to_string());
                    }
                    keys.push(arn.clone());
                    keys.push(strip_pattern(arn).to_string());
                    let payload = params.get("Payload").cloned().unwrap_or_else(|| json!({}));
                    return Target {
                        kind: ResourceKind::LambdaInvoke,
                        resource: function,
                        keys,
                        payload,
                    };
                }
            }
            if let Some(name) = lambda_function_name(arn) {
                let mut keys = vec![arn.clone()];
                if let Some(unqualified) = unqualified_lambda_arn(arn).filter(|u| u != arn) {
                    keys.push(unqualified);
                }
                keys.push(name.to_string());
                return Target {
                    kind: ResourceKind::Lambda,
                    resource: arn.clone(),
                    keys,
                    payload: params,
                };
            }
            if arn.starts_with("arn:") && arn.contains(":lambda:") {
                // A placeholder Lambda ARN (`arn:aws:lambda:......`): exact match only.
                return Target {
                    kind: ResourceKind::Lambda,
                    resource: arn.clone(),
                    keys: vec![arn.clone()],
                    payload: params,
                };
            }
            if let Some(name) = activity_name(arn) {
                let keys = vec![arn.clone(), name.to_string()];
                return Target {
                    kind: ResourceKind::Activity,
                    resource: arn.clone(),
                    keys,
                    payload: params,
                };
            }
            let mut keys = vec![arn.clone()];
            if strip_pattern(arn) != arn {
                keys.push(strip_pattern(arn).to_string());
            }
            Target {
                kind: ResourceKind::Service,
                resource: arn.clone(),
                keys,
                payload: params,
            }
        }
    }
}

impl<'m> Engine<'m, '_> {
    pub(super) fn task_attempt(
        &mut self,
        tid: usize,
        s: &'m TaskState,
    ) -> Result<Step<'m>, Failure> {
        let token = self.ev.rng.uuid_v4();
        let (params, timeout, heartbeat) = if self.is_jsonata(&s.common) {
            self.task_arguments(tid, s, &token)?
        } else {
            self.task_parameters(tid, s, &token)?
        };
        let tgt = target(&s.resource, params);
        let [scheduled, started, _, failed, timed_out] = task_events(tgt.kind);
        let name = self.threads[tid].state;
        let sched_details = EventDetails {
            resource: Some(tgt.resource.clone()),
            parameters: Some(Arc::new(tgt.payload.clone())),
            timeout_seconds: (s.timeout_seconds.is_some() || s.timeout_seconds_path.is_some())
                .then_some(timeout),
            heartbeat_seconds: heartbeat,
            ..EventDetails::default()
        };
        self.record(Some(tid), scheduled, Some(name), sched_details);
        self.record(Some(tid), started, Some(name), EventDetails::default());
        let raw_resource = match &s.resource {
            Resource::Arn(a) => a.as_str(),
            Resource::Intrinsic(_) => "",
        };
        if is_submitted_pattern(raw_resource) {
            self.record(
                Some(tid),
                EventType::TaskSubmitted,
                Some(name),
                EventDetails::default(),
            );
        }
        if self.ending.is_some() {
            return Ok(Step::Block);
        }
        let call = TaskCall {
            state: name.to_string(),
            resource: tgt.resource.clone(),
            kind: tgt.kind,
            input: tgt.payload,
            attempt: self.threads[tid].retry_total,
            time: self.now,
            task_token: token,
        };
        let outcome = match self.registry.call(&tgt.keys, &call) {
            Dispatch::Done(o) => o,
            Dispatch::Missing(why) => {
                let f = Failure::new(names::NO_HANDLER, why);
                let details = EventDetails {
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                    ..EventDetails::default()
                };
                self.record(Some(tid), failed, Some(name), details);
                return Err(f);
            }
        };
        self.calls.push(call);
        let (at, end) = self.task_timing(outcome, timeout, heartbeat);
        let _ = timed_out;
        self.threads[tid].phase = Phase::Task(Box::new(TaskRun {
            kind: tgt.kind,
            end,
        }));
        self.schedule(tid, at);
        Ok(Step::Block)
    }

    /// JSONPath: InputPath, Parameters and the `…Path` timeouts.
    fn task_parameters(
        &mut self,
        tid: usize,
        s: &'m TaskState,
        token: &str,
    ) -> Result<(Value, u64, Option<u64>), Failure> {
        let raw = Arc::clone(&self.threads[tid].input);
        let eff = self.input_path(tid, &s.common, &raw)?;
        let params = match &s.parameters {
            Some(p) => {
                let v =
                    self.with_env(tid, &eff, Some(token), None, |ev, env| ev.template(p, env))?;
                self.check_size(&v, "Parameters output")?;
                v
            }
            None => (*eff).clone(),
        };
        let timeout = match (&s.timeout_seconds, &s.timeout_seconds_path) {
            (Some(JsonataOr::Value(n)), _) => *n,
            (_, Some(p)) => self.positive_seconds(tid, "TimeoutSecondsPath", p, &eff)?,
            _ => DEFAULT_TASK_TIMEOUT_SECONDS,
        };
        let heartbeat = match (&s.heartbeat_seconds, &s.heartbeat_seconds_path) {
            (Some(JsonataOr::Value(n)), _) => Some(*n),
            (_, Some(p)) => Some(self.positive_seconds(tid, "HeartbeatSecondsPath", p, &eff)?),
            _ => None,
        };
        Ok((params, timeout, heartbeat))
    }

    /// JSONata: Arguments (the input without them) and the timeouts as numbers or expressions.
    fn task_arguments(
        &mut self,
        tid: usize,
        s: &'m TaskState,
        token: &str,
    ) -> Result<(Value, u64, Option<u64>), Failure> {
        let raw = Arc::clone(&self.threads[tid].input);
        let extra = Extra {
            token: Some(token),
            ..Extra::NONE
        };
        let params = match &s.arguments {
            Some(a) => {
                let v = self.ja_template(tid, a, "Arguments", &raw, extra)?;
                self.check_size(&v, "Arguments output")?;
                v
            }
            None => (*raw).clone(),
        };
        let range = (1.0, DEFAULT_TASK_TIMEOUT_SECONDS as f64);
        let timeout = match &s.timeout_seconds {
            Some(e) => self.ja_count(tid, e, "TimeoutSeconds", &raw, range)?,
            None => DEFAULT_TASK_TIMEOUT_SECONDS,
        };
        let heartbeat = match &s.heartbeat_seconds {
            Some(e) => Some(self.ja_count(tid, e, "HeartbeatSeconds", &raw, range)?),
            None => None,
        };
        Ok((params, timeout, heartbeat))
    }

    /// When the task's result arrives, or when a timeout trips first.
    pub(super) fn task_timing(
        &self,
        outcome: Outcome,
        timeout: u64,
        heartbeat: Option<u64>,
    ) -> (i64, TaskEnd) {
        let duration = if outcome.never {
            None
        } else {
            Some(outcome.duration.map_or(0, |d| {
                i64::try_from(d.as_millis())
                    .unwrap_or(i64::MAX)
                    .min(MAX_DELAY_MS)
            }))
        };
        let timeout_ms = secs_to_ms(timeout);
        let beats_ok = |hb_ms: i64| {
            outcome
                .heartbeat
                .is_some_and(|iv| i64::try_from(iv.as_millis()).unwrap_or(i64::MAX) <= hb_ms)
        };
        let hb_deadline = heartbeat.map(secs_to_ms).filter(|&hb| !beats_ok(hb));
        let limit = hb_deadline.map_or(timeout_ms, |hb| hb.min(timeout_ms));
        match duration {
            Some(d) if d <= limit => {
                let end = match outcome.result {
                    Ok(v) => TaskEnd::Result(v),
                    Err(e) => TaskEnd::Error(e),
                };
                (self.now.saturating_add(d), end)
            }
            _ => match hb_deadline {
                Some(hb) if hb < timeout_ms => (
                    self.now.saturating_add(hb),
                    TaskEnd::TimedOut(Failure::new(
                        names::HEARTBEAT_TIMEOUT,
                        format!(
                            "No heartbeat was received for {} s (HeartbeatSeconds).",
                            hb / 1000
                        ),
                    )),
                ),
                _ => (
                    self.now.saturating_add(timeout_ms),
                    TaskEnd::TimedOut(Failure::new(
                        names::TIMEOUT,
                        format!("The task ran longer than {timeout} s (TimeoutSeconds)."),
                    )),
                ),
            },
        }
    }

    pub(super) fn task_done(&mut self, tid: usize, run: TaskRun) -> Step<'m> {
        let Some(state @ State::Task(s)) = self.current(tid) else {
            return Step::Fail(Failure::runtime("internal: lost the Task state"));
        };
        let name = self.threads[tid].state;
        let [_, _, succeeded, failed, timed_out] = task_events(run.kind);
        match run.end {
            TaskEnd::Result(v) => {
                let mocked = self.registry.by_state.contains_key(name);
                let v = if run.kind == ResourceKind::LambdaInvoke && !mocked {
                    self.lambda_invoke_response(v)
                } else {
                    v
                };
                let v = Arc::new(v);
                let details = EventDetails {
                    output: Some(Arc::clone(&v)),
                    ..EventDetails::default()
                };
                self.record(Some(tid), succeeded, Some(name), details);
                if let Err(f) = self.check_size(&v, "task result") {
                    return self.state_error(tid, f);
                }
                self.complete(
                    tid,
                    state,
                    &s.common,
                    v,
                    s.result_selector.as_ref(),
                    s.result_path.as_ref(),
                )
            }
            TaskEnd::Error(e) => {
                let details = EventDetails {
                    error: Some(e.error.clone()),
                    cause: Some(e.cause.clone()),
                    ..EventDetails::default()
                };
                self.record(Some(tid), failed, Some(name), details);
                self.state_error(
                    tid,
                    Failure {
                        error: Some(e.error),
                        cause: Some(e.cause),
                    },
                )
            }
            TaskEnd::TimedOut(f) => {
                let details = EventDetails {
                    error: f.error.clone(),
                    cause: f.cause.clone(),
                    ..EventDetails::default()
                };
                self.record(Some(tid), timed_out, Some(name), details);
                self.state_error(tid, f)
            }
        }
    }

    /// The Lambda Invoke API response Step Functions returns for `arn:aws:states:::lambda:invoke`.
    pub(super) fn lambda_invoke_response(&mut self, payload: Value) -> Value {
        let request_id = self.ev.rng.uuid_v4();
        json!({
            "ExecutedVersion": "$LATEST",
            "Payload": payload,
            "SdkHttpMetadata": {
                "AllHttpHeaders": {
                    "X-Amz-Executed-Version": ["$LATEST"],
                    "x-amzn-RequestId": [request_id],
                    "Content-Type": ["application/json"],
                },
                "HttpHeaders": {
                    "X-Amz-Executed-Version": "$LATEST",
                    "x-amzn-RequestId": request_id,
                    "Content-Type": "application/json",
                },
                "HttpStatusCode": 200,
            },
            "SdkResponseMetadata": {"RequestId": request_id},
            "StatusCode": 200,
        })
    }
}
