//! Map states: inline and distributed, ItemReader, ItemBatcher, ResultWriter.

use std::collections::{BTreeSet, HashSet};

use asl_model::document::{self as asl};
use asl_model::ir::*;
use serde_json::{json, Map, Value};

use super::*;

impl<'w> Emitter<'w> {
    /// A `Map` state at `entry`. The processor gets its item and the outer variables it
    /// reads through `ItemSelector` (omitted when the item alone is the processor's state).
    pub(crate) fn map(
        &mut self,
        m: &MapExpr,
        result_path: Option<asl::NullablePath>,
        wrap: bool,
        entry: Label,
        next: Option<Label>,
        name: &str,
    ) -> usize {
        let mut reads = HashSet::new();
        visit_places(&m.body, &mut |p, _| {
            reads.insert(p.var);
        });
        let declared = declared_vars(&m.body);
        let mut captured: Vec<VarId> = reads
            .into_iter()
            .filter(|v| *v != m.item && !declared.contains(v))
            .collect();
        captured.sort();

        // Inside the processor, outer variables keep their keys; one living at `$` outside
        // gets a key of its own.
        let mut homes = Homes {
            move_input: None,
            ..self.homes.clone()
        };
        let mut taken: HashSet<String> = homes
            .of
            .values()
            .filter_map(|h| match h {
                Home::Field(k) => Some(k.clone()),
                Home::Root => None,
            })
            .collect();
        let mut selector = Map::new();
        for v in &captured {
            // Only the fields the processor reads are passed, when it reads fields only
            // (and none may be absent: a path to a missing field fails the Map).
            let mut fields: Vec<String> = Vec::new();
            let mut whole = false;
            visit_places(&m.body, &mut |p, _| {
                if p.var != *v {
                    return;
                }
                match p.fields.first() {
                    Some(f) if !fields.contains(f) => fields.push(f.clone()),
                    Some(_) => {}
                    None => whole = true,
                }
            });
            let shape = self
                .wf
                .vars
                .get(v.0 as usize)
                .map(|i| i.shape.clone())
                .unwrap_or(Shape::Any);
            // A value at `$` carries the other variables' fields: used whole, it is passed
            // field by field (when all its fields are always present), so they stay behind.
            if whole && !matches!(self.homes.of.get(v), Some(Home::Field(_))) {
                if let Shape::Object(all) = shape.resolved() {
                    if all.iter().all(|f| {
                        !f.flatten && !matches!(f.shape.resolved(), Shape::Option(_) | Shape::Any)
                    }) {
                        whole = false;
                        fields = all.iter().map(|f| f.rust.clone()).collect();
                    }
                }
            }
            let keys: Option<Vec<String>> = fields
                .iter()
                .map(|f| match shape.field(f) {
                    Some((segments, field_shape))
                        if segments.len() == 1
                            && !matches!(field_shape.resolved(), Shape::Option(_) | Shape::Any) =>
                    {
                        segments.into_iter().next()
                    }
                    _ => None,
                })
                .collect();
            let object = matches!(shape.resolved(), Shape::Object(_));
            if let (false, true, Some(keys), false) =
                (whole, object, keys, self.homes.wrapped.contains(v))
            {
                let key = match self.homes.of.get(v) {
                    Some(Home::Field(k)) => k.clone(),
                    _ => unique_key(&mut taken, &self.var_name(*v)),
                };
                let base = self.target_path(*v);
                let picked: Map<String, Value> = keys
                    .iter()
                    .map(|k| {
                        (
                            format!("{k}.$"),
                            Value::String(json_path(&base, std::slice::from_ref(k))),
                        )
                    })
                    .collect();
                selector.insert(key.clone(), Value::Object(picked));
                homes.of.insert(*v, Home::Field(key));
                continue;
            }
            match self.homes.of.get(v) {
                Some(Home::Field(k)) => {
                    selector.insert(
                        format!("{k}.$"),
                        Value::String(json_path("$", std::slice::from_ref(k))),
                    );
                }
                _ => {
                    let key = unique_key(&mut taken, &self.var_name(*v));
                    selector.insert(format!("{key}.$"), Value::String("$".into()));
                    homes.of.insert(*v, Home::Field(key));
                }
            }
        }
        // `$$.Map.Item` exists only here: the processor reads the fields it uses from the item
        // selector (its own; an outer map's item is not this one).
        let mut fields = BTreeSet::new();
        map_item_fields(&m.body, &mut fields);
        homes.map_item.clear();
        if !fields.is_empty() {
            taken.insert(self.var_name(m.item));
        }
        for field in fields {
            let key = unique_key(&mut taken, &field.to_lowercase());
            selector.insert(
                format!("{key}.$"),
                Value::String(format!("$$.Map.Item.{field}")),
            );
            homes.map_item.insert(field, format!("$.{key}"));
        }
        let item_value = if homes.wrapped.contains(&m.item) {
            json!({ format!("{WRAPPED}.$"): "$$.Map.Item.Value" })
        } else {
            Value::String("$$.Map.Item.Value".into())
        };
        match homes.of.get(&m.item) {
            Some(Home::Field(k)) => {
                let key = if homes.wrapped.contains(&m.item) {
                    k.clone()
                } else {
                    format!("{k}.$")
                };
                selector.insert(key, item_value);
            }
            _ if !selector.is_empty() || homes.wrapped.contains(&m.item) => {
                // Beside captured values the item needs a key of its own.
                let key = self.var_name(m.item);
                homes.of.insert(m.item, Home::Field(key.clone()));
                let key = if homes.wrapped.contains(&m.item) {
                    key
                } else {
                    format!("{key}.$")
                };
                selector.insert(key, item_value);
            }
            _ => {}
        }
        if m.options.batch.is_some() && !selector.is_empty() {
            self.errors.push(
                "a batched map's processor can only read its batch: pass other values in the items"
                    .into(),
            );
        }

        let mut state = asl::MapState {
            common: common(),
            item_processor: None,
            iterator: None,
            items_path: None,
            items: None,
            item_selector: (!selector.is_empty()).then_some(Value::Object(selector)),
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
            result_selector: wrapping_selector(wrap, None),
            result_path: result_path.filter(|p| *p != asl::NullablePath::Path("$".into())),
            errors: asl::ErrorHandling::default(),
            transition: asl::Transition::Missing,
        };
        match &m.items {
            MapItems::Place(p) => {
                let path = self.path(p);
                if path != "$" {
                    state.items_path = Some(path);
                }
            }
            MapItems::Reader(r) => match self.template(&r.parameters) {
                Ok(parameters) => {
                    state.item_reader = Some(asl::ItemReader {
                        resource: asl::Resource::Arn(r.resource.clone()),
                        reader_config: r.reader_config.as_ref().map(reader_config),
                        parameters: Some(parameters),
                        arguments: None,
                        unknown: Default::default(),
                    })
                }
                Err(e) => self.errors.push(e),
            },
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
                parameters: Some(w.clone()),
                ..Default::default()
            });
        }
        let index = self.push(entry, name, asl::State::Map(state), next);
        let saved = std::mem::replace(&mut self.homes, homes);
        let graph = self.branch_graph(&m.body);
        self.homes = saved;
        if let (Some(mut graph), asl::State::Map(state)) =
            (graph, &mut self.graph.states[index].state)
        {
            graph.processor_config = m.options.distributed.map(|kind| asl::ProcessorConfig {
                mode: Some(asl::ProcessorMode::Distributed),
                execution_type: Some(kind),
                unknown: Default::default(),
            });
            state.item_processor = Some(graph);
        }
        index
    }

    pub(crate) fn set_end(&mut self, i: usize) {
        if let Some(t) = self.graph.states[i].state.transition_mut() {
            *t = asl::Transition::End;
        }
    }

    /// A branch whose value is the variable at `$` returns the whole state, with the fields
    /// of other variables attached. If the Parallel's own target field may still hold an
    /// earlier result (it is assigned more than once, or in a loop), that result would be
    /// nested into the new one on every round; a Pass sets the field to null first.
    /// Returns the label where the Parallel itself starts.
    pub(crate) fn clear_stale_result(
        &mut self,
        branches: &[Block],
        target: Option<&asl::NullablePath>,
        entry: Label,
        name: &str,
    ) -> Label {
        let Some(asl::NullablePath::Path(field)) = target else {
            return entry;
        };
        if field == "$" {
            return entry;
        }
        let counts = assignment_counts(self.wf);
        let reassigned = self.homes.of.iter().any(|(v, h)| {
            matches!(h, Home::Field(_))
                && self.home_path(*v) == *field
                && counts.get(v).copied().unwrap_or(0) > 1
        });
        let mut returns_root = false;
        for b in branches {
            walk_stmts(b, &mut |st| {
                if let StmtKind::Return(Expr::Place(p)) = &st.kind {
                    returns_root |= self.path(p) == "$";
                }
            });
        }
        // Inside a loop the field holds the previous round's result.
        if !((reassigned || !self.loops.is_empty()) && returns_root) {
            return entry;
        }
        let mut clear = pass();
        clear.result = Some(Value::Null);
        clear.result_path = Some(asl::NullablePath::Path(field.clone()));
        let next = self.label();
        self.push(
            entry,
            &format!("Clear{name}"),
            asl::State::Pass(clear),
            Some(next),
        );
        next
    }
}
