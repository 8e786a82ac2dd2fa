//! States that do work: Task (Arguments, Retry, timeouts, Catch), Map (inline and
//! distributed) and Parallel. A result reaches its variable through `Assign` with
//! `$states.result`; a caught error through the Catcher's `Assign` with `$states.errorOutput`.

use asl_model::document::{self as asl};
use asl_model::ir::*;
use indexmap::IndexMap;
use serde_json::{Map, Value};

use super::*;
use crate::emit::jsonpath::{
    pascal, reader_config, retriers, task_resource, task_state_name, timing_source,
};

/// A JSONPath path of a fixed template (`$$.Execution.Id`) as JSONata.
fn jsonata_path(path: &str) -> String {
    if let Some(rest) = path.strip_prefix("$$") {
        format!("$states.context{rest}")
    } else if let Some(rest) = path.strip_prefix('$') {
        format!("$states.input{rest}")
    } else {
        path.to_string()
    }
}

/// A fixed JSONPath template (`"Key.$": "$$.…"`) as a JSONata one.
fn jsonata_template(v: &Value) -> Value {
    match v {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| match (k.strip_suffix(".$"), v) {
                    (Some(key), Value::String(p)) => (key.to_string(), template(jsonata_path(p))),
                    _ => (k.clone(), jsonata_template(v)),
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

impl<'w> Emitter<'w> {
    /// A value as a template: a struct literal stays an object with one expression per
    /// field (readable, and literal fields stay literal); anything else is one expression.
    pub(crate) fn template_of(&mut self, e: &Expr) -> Value {
        match e {
            Expr::Literal(v) => v.clone(),
            Expr::Struct { fields, .. } => {
                let mut m = Map::new();
                for (k, v) in fields {
                    m.insert(k.clone(), self.template_of(v));
                }
                Value::Object(m)
            }
            other => template(self.expr(other)),
        }
    }

    /// The text of a call's typed value in `Assign` / `Output` (`$states.result.Output` for a
    /// nested execution).
    pub(crate) fn result_text(&self, e: &Expr) -> Option<String> {
        match e {
            Expr::Call(c) => c
                .task
                .envelope
                .as_ref()
                .and_then(|env| env.output_field.as_ref())
                .map(|f| expr::field_path("$states.result", std::slice::from_ref(f))),
            _ => None,
        }
    }

    /// A call, Map or Parallel at `entry`; its value goes to `target` (a variable, or one
    /// field of it). Returns the state's index.
    pub(crate) fn effect(
        &mut self,
        e: &Expr,
        target: Option<(VarId, Option<&Place>)>,
        entry: Label,
        next: Label,
        s: &Stmt,
    ) -> Option<usize> {
        let (index, default_name) = match e {
            Expr::Call(c) => {
                let task = self.task(c);
                let name = task_state_name(&c.task.name);
                (
                    self.push(
                        entry,
                        s.name.as_deref().unwrap_or(&name),
                        asl::State::Task(task),
                        Some(next),
                    ),
                    name,
                )
            }
            Expr::Parallel(branches) => {
                let name = match target {
                    Some((v, None)) => format!("Parallel{}", pascal(&self.var_name(v))),
                    _ => "Parallel".into(),
                };
                let i = self.parallel(branches, entry, next, s.name.as_deref().unwrap_or(&name));
                (i, name)
            }
            Expr::Map(m) => {
                let name = match target {
                    Some((v, None)) => format!("Map{}", pascal(&self.var_name(v))),
                    _ => "Map".into(),
                };
                let i = self.map(m, entry, next, s.name.as_deref().unwrap_or(&name));
                (i, name)
            }
            Expr::Place(_)
            | Expr::Literal(_)
            | Expr::Struct { .. }
            | Expr::Array(_)
            | Expr::Intrinsic { .. }
            | Expr::Context(_)
            | Expr::Compute(_) => {
                self.errors.push(
                    "only a task call, a `parallel!` or a `map` can run as a state here".into(),
                );
                return None;
            }
        };
        let _ = default_name;
        if let Some((var, place)) = target {
            let result = self
                .result_text(e)
                .unwrap_or_else(|| "$states.result".into());
            let key = self.var_name(var);
            let value = match place {
                None => result,
                Some(p) => {
                    // One field of the variable takes the result.
                    let saved = std::mem::take(&mut self.overrides);
                    let text = self.field_update(var, p, &result);
                    self.overrides = saved;
                    text
                }
            };
            self.graph.states[index]
                .state
                .common_mut()
                .assign
                .get_or_insert_with(IndexMap::new)
                .insert(key, template(value));
        }
        Some(index)
    }

    /// The Task state of a call.
    pub(crate) fn task(&mut self, c: &Call) -> asl::TaskState {
        let spec = &c.task;
        let mut t = asl::TaskState {
            common: asl::Common::default(),
            resource: task_resource(spec),
            parameters: None,
            arguments: None,
            result_selector: None,
            result_path: None,
            timeout_seconds: spec.timeout_seconds.map(asl::JsonataOr::Value),
            timeout_seconds_path: None,
            heartbeat_seconds: spec.heartbeat_seconds.map(asl::JsonataOr::Value),
            heartbeat_seconds_path: None,
            credentials: None,
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        let argument = c.arg.as_ref().map(|a| self.template_of(a));
        t.arguments = match &spec.envelope {
            Some(envelope) => {
                let mut m = jsonata_template(&envelope.parameters)
                    .as_object()
                    .cloned()
                    .unwrap_or_default();
                if let Some(a) = argument {
                    m.insert(envelope.argument_key.clone(), a);
                }
                Some(Value::Object(m))
            }
            // A task that takes `()` gets `{}`, as JSONPath's `InputPath: null` gives it
            // (without `Arguments` it would get the state's input).
            None => Some(argument.unwrap_or_else(|| Value::Object(Default::default()))),
        };
        // `timeout = input.field`: the seconds are read from the argument.
        for (field, is_timeout) in [(&spec.timeout_field, true), (&spec.heartbeat_field, false)] {
            let Some(field) = field else { continue };
            let source = timing_source(c, field);
            match source {
                Some(e) => {
                    let v = Some(asl::JsonataOr::Jsonata(format!("{{% {} %}}", self.expr(&e))));
                    if is_timeout {
                        t.timeout_seconds = v;
                    } else {
                        t.heartbeat_seconds = v;
                    }
                }
                None => self.errors.push(format!("task `{}` reads its timeout or heartbeat from the field `{field}` of its input, which is not given here", spec.name)),
            }
        }
        t.errors.retry = retriers(spec);
        t
    }

    /// `match task(x) { Ok(v) => …, Err(…) => … }`: a Catch per `Err` arm.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn try_catch(
        &mut self,
        s: &Stmt,
        var: Option<VarId>,
        value: &Expr,
        ok: &Block,
        catchers: &[ErrArm],
        entry: Label,
        next: Label,
    ) {
        let ok_entry = self.graph.label();
        let Some(index) = self.effect(value, var.map(|v| (v, None)), entry, ok_entry, s) else {
            return;
        };
        let mut catch = Vec::new();
        let mut targets = Vec::new();
        let mut bodies = Vec::new();
        for c in catchers {
            // An arm whose errors earlier arms all catch is never taken (rustc warns).
            if c.errors.is_empty() {
                continue;
            }
            // The map item the state took from `$states.input` is taken on this path too.
            let mut assign = IndexMap::new();
            if let Some((i, taken)) = &self.input_assigned {
                if *i == index {
                    for (key, source) in taken {
                        assign.insert(key.clone(), Value::String(format!("{{% {source} %}}")));
                    }
                }
            }
            if let Some(v) = c.var {
                assign.insert(
                    self.var_name(v),
                    Value::String("{% $states.errorOutput %}".into()),
                );
            }
            let assign = (!assign.is_empty()).then_some(assign);
            catch.push(asl::Catcher {
                comment: None,
                error_equals: c.errors.clone(),
                next: String::new(),
                result_path: None,
                output: None,
                assign,
                unknown: Default::default(),
            });
            targets.push(self.graph.label());
            bodies.push(&c.body);
        }
        if let Some(e) = self.graph.states[index].state.error_handling_mut() {
            e.catch = Some(catch);
        }
        self.graph.states[index].catch_targets = targets.clone();
        self.block(ok, ok_entry, next, Some(Carrier { index }));
        for (body, target) in bodies.into_iter().zip(targets) {
            self.block(body, target, next, None);
        }
    }

    /// A Parallel state: a graph per branch, each ending in its value as `Output`.
    pub(crate) fn parallel(
        &mut self,
        branches: &[Block],
        entry: Label,
        next: Label,
        name: &str,
    ) -> usize {
        let state = asl::ParallelState {
            common: asl::Common::default(),
            branches: Vec::new(),
            parameters: None,
            arguments: None,
            result_selector: None,
            result_path: None,
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        let index = self.push(entry, name, asl::State::Parallel(state), Some(next));
        let mut graphs = Vec::new();
        for b in branches {
            graphs.push(self.sub_graph(
                b,
                None,
                false,
                Vec::new(),
                "a `parallel!` branch can end without a value",
            ));
        }
        if let asl::State::Parallel(p) = &mut self.graph.states[index].state {
            p.branches = graphs;
        }
        index
    }

    fn sub_graph(
        &mut self,
        block: &Block,
        item: Option<VarId>,
        positioned: bool,
        passed_in: Vec<VarId>,
        falls_off: &str,
    ) -> asl::Graph {
        let mut sub = self.nested();
        sub.passed_in = passed_in;
        for v in &sub.passed_in {
            sub.inline.remove(v);
            if sub.execution_input == Some(*v) {
                sub.execution_input = None;
            }
        }
        if let (Some(v), true) = (item, positioned) {
            let index = format!("{}_position", sub.var_name(v));
            sub.map_item = Some((v, index));
        }
        let start = sub.graph.start;
        let end = sub.graph.label();
        match item {
            // A processor that starts with a loop re-enters its first state: take the item
            // into its variable first.
            Some(v)
                if matches!(
                    block.first().map(|s| &s.kind),
                    Some(StmtKind::Loop { .. } | StmtKind::For { .. })
                ) =>
            {
                let body = sub.graph.label();
                sub.take_input(v, start, body);
                sub.block(block, body, end, None);
            }
            Some(v) => {
                sub.input_here = Some(v);
                sub.block(block, start, end, None);
            }
            None => sub.block(block, start, end, None),
        }
        if !sub.graph.is_bound(end) && sub.graph.reaches(end) {
            sub.errors.push(falls_off.into());
        }
        self.names = sub.names.clone();
        self.close_nested(sub)
    }

    /// A Map state: `Items` (or an `ItemReader`), the processor, its options.
    pub(crate) fn map(&mut self, m: &MapExpr, entry: Label, next: Label, name: &str) -> usize {
        let mut state = asl::MapState {
            common: asl::Common::default(),
            item_processor: None,
            iterator: None,
            items_path: None,
            items: None,
            item_selector: None,
            parameters: None,
            item_reader: None,
            item_batcher: None,
            result_writer: None,
            max_concurrency: m.options.max_concurrency.map(asl::JsonataOr::Value),
            max_concurrency_path: None,
            tolerated_failure_count: m.options.tolerated_failure_count.map(asl::JsonataOr::Value),
            tolerated_failure_count_path: None,
            tolerated_failure_percentage: m
                .options
                .tolerated_failure_percentage
                .map(asl::JsonataOr::Value),
            tolerated_failure_percentage_path: None,
            label: m.options.label.clone(),
            result_selector: None,
            result_path: None,
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        match &m.items {
            MapItems::Place(p) => state.items = Some(template(self.place(p))),
            MapItems::Reader(r) => {
                let arguments = self.template_of(&r.parameters);
                state.item_reader = Some(asl::ItemReader {
                    resource: asl::Resource::Arn(r.resource.clone()),
                    reader_config: r.reader_config.as_ref().map(reader_config),
                    parameters: None,
                    arguments: Some(arguments),
                    unknown: Default::default(),
                });
            }
        }
        if let Some(b) = &m.options.batch {
            state.item_batcher = Some(asl::ItemBatcher {
                max_items_per_batch: b.max_items.map(asl::JsonataOr::Value),
                max_input_bytes_per_batch: b.max_input_bytes.map(asl::JsonataOr::Value),
                ..Default::default()
            });
        }
        if let Some(w) = &m.options.result_writer {
            state.result_writer = Some(asl::ResultWriter {
                resource: Some(asl::Resource::Arn("arn:aws:states:::s3:putObject".into())),
                arguments: Some(w.clone()),
                ..Default::default()
            });
        }
        let outer = if m.options.distributed.is_some() {
            self.distributed_reads(m)
        } else {
            Vec::new()
        };
        // `ctx().map.item.*` exists only in the ItemSelector: it passes the item and its
        // position when the closure reads them, and what a distributed map's children read
        // from outside (they run as executions of their own, seeing no outer variable).
        let mut read = std::collections::BTreeSet::new();
        crate::emit::jsonpath::map_item_fields(&m.body, &mut read);
        let positioned = !read.is_empty() || !outer.is_empty();
        if positioned {
            let mut selector = serde_json::Map::new();
            selector.insert(
                "value".into(),
                "{% $states.context.Map.Item.Value %}".into(),
            );
            selector.insert(
                "index".into(),
                "{% $states.context.Map.Item.Index %}".into(),
            );
            for &v in &outer {
                let value = format!("{{% {} %}}", self.var_ref(v));
                selector.insert(self.var_name(v), value.into());
            }
            state.item_selector = Some(Value::Object(selector));
        }

        let index = self.push(entry, name, asl::State::Map(state), Some(next));
        let mut graph = self.sub_graph(
            &m.body,
            Some(m.item),
            positioned,
            outer,
            "a map's closure can end without a value",
        );
        graph.processor_config = Some(asl::ProcessorConfig {
            mode: Some(if m.options.distributed.is_some() {
                asl::ProcessorMode::Distributed
            } else {
                asl::ProcessorMode::Inline
            }),
            execution_type: m.options.distributed,
            unknown: Default::default(),
        });
        if m.options.distributed.is_none() {
            graph.processor_config = None;
        }
        if let asl::State::Map(state) = &mut self.graph.states[index].state {
            state.item_processor = Some(graph);
        }
        index
    }

    /// The outer variables a distributed map's closure reads (its children see none: the
    /// ItemSelector passes them in).
    fn distributed_reads(&mut self, m: &MapExpr) -> Vec<VarId> {
        let declared = crate::emit::jsonpath::declared_vars(&m.body);
        let mut outer = Vec::new();
        crate::passes::visit_places(&m.body, &mut |p, _| {
            if p.var != m.item && !declared.contains(&p.var) && !outer.contains(&p.var) {
                outer.push(p.var);
            }
        });
        outer
    }

    /// `var` with the field at `place` replaced by `value` (a JSONata expression).
    fn field_update(&mut self, var: VarId, place: &Place, value: &str) -> String {
        let current = self.var_ref(var);
        let shape = self.place_shape(&Place::var(var));
        let mut keys = Vec::new();
        let mut s = shape;
        for f in &place.fields {
            match s.field(f) {
                Some((segments, inner)) => {
                    keys.extend(segments);
                    s = inner;
                }
                None => keys.push(f.clone()),
            }
        }
        super::stmt::set_path(&current, &keys, value)
    }
}
