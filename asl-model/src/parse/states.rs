//! Reading each state type's own fields: Task, Pass, Wait, Fail, Parallel and Map (with its reader, batcher and writer).

use serde_json::Value;

use super::fields::Fields;
use super::Cx;
use crate::diagnostic::Pointer;
use crate::document::*;

impl Cx {
    pub(super) fn task(&mut self, f: &mut Fields) -> Option<TaskState> {
        let resource = match f.take("Resource") {
            Some((v, p)) => self.resource(v, &p),
            None => {
                self.require::<()>(f, "Resource", None);
                None
            }
        };
        let task = TaskState {
            resource: resource.unwrap_or(Resource::Arn(String::new())),
            credentials: self.any(f, "Credentials"),
            parameters: self.template(f, "Parameters"),
            arguments: self.template(f, "Arguments"),
            result_selector: self.template(f, "ResultSelector"),
            result_path: self.nullable_path(f, "ResultPath"),
            timeout_seconds: self.uint_expr(f, "TimeoutSeconds"),
            timeout_seconds_path: self.string(f, "TimeoutSecondsPath"),
            heartbeat_seconds: self.uint_expr(f, "HeartbeatSeconds"),
            heartbeat_seconds_path: self.string(f, "HeartbeatSecondsPath"),
            errors: self.errors(f),
            transition: self.transition(f),
            common: self.common(f),
        };
        Some(task)
    }

    pub(super) fn pass(&mut self, f: &mut Fields) -> PassState {
        PassState {
            parameters: self.template(f, "Parameters"),
            result: self.any(f, "Result"),
            result_path: self.nullable_path(f, "ResultPath"),
            transition: self.transition(f),
            common: self.common(f),
        }
    }

    pub(super) fn wait(&mut self, f: &mut Fields) -> WaitState {
        let timestamp = f.take("Timestamp").and_then(|(v, p)| match v {
            // JSONata expressions and literal timestamps are both strings; the validator tells them apart.
            Value::String(s) if crate::jsonata::is_expression(&s) => Some(JsonataOr::Jsonata(s)),
            Value::String(s) => Some(JsonataOr::Value(s)),
            other => {
                self.type_error(&p, "an RFC 3339 timestamp string", &other);
                None
            }
        });
        WaitState {
            seconds: self.uint_expr(f, "Seconds"),
            timestamp,
            seconds_path: self.string(f, "SecondsPath"),
            timestamp_path: self.string(f, "TimestampPath"),
            transition: self.transition(f),
            common: self.common(f),
        }
    }

    pub(super) fn fail(&mut self, f: &mut Fields) -> FailState {
        FailState {
            error: self.string(f, "Error"),
            error_path: self.string(f, "ErrorPath"),
            cause: self.string(f, "Cause"),
            cause_path: self.string(f, "CausePath"),
            common: self.common(f),
        }
    }

    pub(super) fn parallel(&mut self, f: &mut Fields) -> ParallelState {
        let branches = match f.take("Branches") {
            Some((Value::Array(items), p)) => items
                .iter()
                .enumerate()
                .filter_map(|(i, b)| self.graph(b, &p.join(i), false))
                .collect(),
            Some((other, p)) => {
                self.type_error(&p, "an array of branches", &other);
                Vec::new()
            }
            None => {
                self.require::<()>(f, "Branches", None);
                Vec::new()
            }
        };
        ParallelState {
            branches,
            parameters: self.template(f, "Parameters"),
            arguments: self.template(f, "Arguments"),
            result_selector: self.template(f, "ResultSelector"),
            result_path: self.nullable_path(f, "ResultPath"),
            errors: self.errors(f),
            transition: self.transition(f),
            common: self.common(f),
        }
    }

    pub(super) fn map(&mut self, f: &mut Fields) -> MapState {
        let item_processor = f
            .take("ItemProcessor")
            .and_then(|(v, p)| self.graph(&v, &p, true));
        let iterator = f
            .take("Iterator")
            .and_then(|(v, p)| self.graph(&v, &p, true));
        MapState {
            item_processor,
            iterator,
            items_path: self.string(f, "ItemsPath"),
            items: self.any(f, "Items"),
            item_selector: self.template(f, "ItemSelector"),
            parameters: self.template(f, "Parameters"),
            item_reader: f
                .take("ItemReader")
                .and_then(|(v, p)| self.item_reader(&v, &p)),
            item_batcher: f
                .take("ItemBatcher")
                .and_then(|(v, p)| self.item_batcher(&v, &p)),
            result_writer: f
                .take("ResultWriter")
                .and_then(|(v, p)| self.result_writer(&v, &p)),
            max_concurrency: self.uint_expr(f, "MaxConcurrency"),
            max_concurrency_path: self.string(f, "MaxConcurrencyPath"),
            tolerated_failure_count: self.uint_expr(f, "ToleratedFailureCount"),
            tolerated_failure_count_path: self.string(f, "ToleratedFailureCountPath"),
            tolerated_failure_percentage: self.float_expr(f, "ToleratedFailurePercentage"),
            tolerated_failure_percentage_path: self.string(f, "ToleratedFailurePercentagePath"),
            label: self.string(f, "Label"),
            result_selector: self.template(f, "ResultSelector"),
            result_path: self.nullable_path(f, "ResultPath"),
            errors: self.errors(f),
            transition: self.transition(f),
            common: self.common(f),
        }
    }

    pub(super) fn item_reader(&mut self, v: &Value, p: &Pointer) -> Option<ItemReader> {
        let mut f = self.object(v, p, "an object")?;
        let resource = match f.take("Resource") {
            Some((v, p)) => self.resource(v, &p),
            None => {
                self.require::<()>(&f, "Resource", None);
                None
            }
        }?;
        let reader_config = match f.take("ReaderConfig") {
            Some((v, p)) => self.reader_config(&v, &p),
            None => None,
        };
        Some(ItemReader {
            resource,
            reader_config,
            parameters: self.template(&mut f, "Parameters"),
            arguments: self.template(&mut f, "Arguments"),
            unknown: f.rest(),
        })
    }

    pub(super) fn reader_config(&mut self, v: &Value, p: &Pointer) -> Option<ReaderConfig> {
        let mut f = self.object(v, p, "an object")?;
        Some(ReaderConfig {
            input_type: self.string(&mut f, "InputType"),
            csv_header_location: self.string(&mut f, "CSVHeaderLocation"),
            csv_headers: self.string_list(&mut f, "CSVHeaders"),
            csv_delimiter: self.string(&mut f, "CSVDelimiter"),
            manifest_type: self.string(&mut f, "ManifestType"),
            max_items: self.uint_expr(&mut f, "MaxItems"),
            max_items_path: self.string(&mut f, "MaxItemsPath"),
            unknown: f.rest(),
        })
    }

    pub(super) fn item_batcher(&mut self, v: &Value, p: &Pointer) -> Option<ItemBatcher> {
        let mut f = self.object(v, p, "an object")?;
        Some(ItemBatcher {
            max_items_per_batch: self.uint_expr(&mut f, "MaxItemsPerBatch"),
            max_items_per_batch_path: self.string(&mut f, "MaxItemsPerBatchPath"),
            max_input_bytes_per_batch: self.uint_expr(&mut f, "MaxInputBytesPerBatch"),
            max_input_bytes_per_batch_path: self.string(&mut f, "MaxInputBytesPerBatchPath"),
            batch_input: self.template(&mut f, "BatchInput"),
            unknown: f.rest(),
        })
    }

    pub(super) fn result_writer(&mut self, v: &Value, p: &Pointer) -> Option<ResultWriter> {
        let mut f = self.object(v, p, "an object")?;
        let resource = match f.take("Resource") {
            Some((v, p)) => self.resource(v, &p),
            None => None,
        };
        let writer_config = match f.take("WriterConfig") {
            Some((v, p)) => {
                let mut c = self.object(&v, &p, "an object");
                c.as_mut()
                    .map(|c| WriterConfig {
                        transformation: self.string(c, "Transformation"),
                        output_type: self.string(c, "OutputType"),
                        unknown: UnknownFields::new(),
                    })
                    .map(|mut w| {
                        w.unknown = c.map(Fields::rest).unwrap_or_default();
                        w
                    })
            }
            None => None,
        };
        Some(ResultWriter {
            resource,
            parameters: self.template(&mut f, "Parameters"),
            arguments: self.template(&mut f, "Arguments"),
            writer_config,
            unknown: f.rest(),
        })
    }
}
