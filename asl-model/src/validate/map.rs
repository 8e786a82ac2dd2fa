//! Checks of Map states: items, concurrency and tolerance, ItemReader, ItemBatcher and ResultWriter.

use serde_json::Value;

use super::fields::{self, ObjectKind};
use super::literals;
use super::payload::PathKind;
use super::{codes, Validator, MAX_BATCH_BYTES, MAX_LABEL_CHARS, MAX_READER_ITEMS};
use crate::diagnostic::Pointer;
use crate::document::*;
use crate::jsonata;

impl Validator {
    pub(super) fn map(&mut self, m: &MapState, ptr: &Pointer, ql: QueryLanguage, depth: usize) {
        match (&m.item_processor, &m.iterator) {
            (None, None) => self.error(
                codes::MAP_NO_PROCESSOR,
                ptr,
                "a Map state needs an \"ItemProcessor\" (with StartAt and States) to run for each item",
            ),
            (Some(_), Some(_)) => self.error(
                codes::MUTUALLY_EXCLUSIVE_FIELDS,
                &ptr.join("Iterator"),
                "\"ItemProcessor\" and its legacy name \"Iterator\" cannot both be given: keep \"ItemProcessor\"",
            ),
            _ => {}
        }
        if let Some(g) = &m.item_processor {
            self.graph(
                g,
                &ptr.join("ItemProcessor"),
                ObjectKind::ItemProcessor,
                depth + 1,
            );
        }
        if let Some(g) = &m.iterator {
            self.graph(g, &ptr.join("Iterator"), ObjectKind::Iterator, depth + 1);
        }

        let config = m
            .item_processor
            .as_ref()
            .and_then(|g| g.processor_config.as_ref());
        let distributed = config.and_then(|c| c.mode) == Some(ProcessorMode::Distributed);
        let config_ptr = ptr.join("ItemProcessor").join("ProcessorConfig");
        match (distributed, config.and_then(|c| c.execution_type)) {
            (true, None) => self.error(
                codes::EXECUTION_TYPE_REQUIRED,
                &config_ptr,
                "a DISTRIBUTED Map needs \"ExecutionType\": \"STANDARD\" or \"EXPRESS\" in its ProcessorConfig",
            ),
            (false, Some(_)) => self.error(
                codes::EXECUTION_TYPE_NOT_ALLOWED,
                &config_ptr.join("ExecutionType"),
                "\"ExecutionType\" only applies to a DISTRIBUTED Map: remove it, or set \"Mode\": \"DISTRIBUTED\"",
            ),
            _ => {}
        }
        if !distributed {
            for (field, present) in [
                ("ItemReader", m.item_reader.is_some()),
                ("ItemBatcher", m.item_batcher.is_some()),
                ("ResultWriter", m.result_writer.is_some()),
                ("Label", m.label.is_some()),
                ("ToleratedFailureCount", m.tolerated_failure_count.is_some()),
                (
                    "ToleratedFailureCountPath",
                    m.tolerated_failure_count_path.is_some(),
                ),
                (
                    "ToleratedFailurePercentage",
                    m.tolerated_failure_percentage.is_some(),
                ),
                (
                    "ToleratedFailurePercentagePath",
                    m.tolerated_failure_percentage_path.is_some(),
                ),
            ] {
                if present && (field.starts_with("ToleratedFailure") || field == "Label") {
                    // AWS accepts these on an inline Map (recorded executions 569, 570; the
                    // deployed asl-corpus 044).
                    self.warning(
                        codes::DISTRIBUTED_ONLY_FIELD,
                        &ptr.join(field),
                        format!("\"{field}\" is meant for a Distributed Map (\"ProcessorConfig\": {{\"Mode\": \"DISTRIBUTED\", …}}); AWS accepts it on an inline Map"),
                    );
                } else if present {
                    self.error(
                        codes::DISTRIBUTED_ONLY_FIELD,
                        &ptr.join(field),
                        format!("\"{field}\" only applies to a Distributed Map: set \"ProcessorConfig\": {{\"Mode\": \"DISTRIBUTED\", \"ExecutionType\": …}} in the ItemProcessor, or remove it"),
                    );
                }
            }
        }

        if let Some(p) = &m.items_path {
            if !self.wrong_language(true, ptr, "ItemsPath", ql, QueryLanguage::JsonPath) {
                self.path(p, &ptr.join("ItemsPath"), "ItemsPath", PathKind::Reference);
            }
        }
        if let Some(items) = &m.items {
            if !self.wrong_language(true, ptr, "Items", ql, QueryLanguage::Jsonata) {
                match items {
                    Value::Array(_) => self.jsonata_value(items, &ptr.join("Items")),
                    Value::String(s) if jsonata::is_expression(s) => {
                        self.jsonata_string(s, &ptr.join("Items"))
                    }
                    _ => self.error(
                        codes::EXPECTED_EXPRESSION,
                        &ptr.join("Items"),
                        "\"Items\" must be a JSON array or a {% %} expression that yields one",
                    ),
                }
            }
        }
        self.exclusive(
            m.item_selector.is_some(),
            m.parameters.is_some(),
            ptr,
            "ItemSelector",
            "Parameters",
        );
        self.either_payload(&m.item_selector, ptr, "ItemSelector", ql);
        self.jsonpath_payload(&m.parameters, ptr, "Parameters", ql);
        self.jsonpath_payload(&m.result_selector, ptr, "ResultSelector", ql);
        self.result_path(&m.result_path, ptr, ql);

        if let Some(e) = &m.max_concurrency {
            self.number_field(e, ptr, "MaxConcurrency", ql);
        }
        self.path_field(&m.max_concurrency_path, ptr, "MaxConcurrencyPath", ql);
        self.exclusive(
            m.max_concurrency.is_some(),
            m.max_concurrency_path.is_some(),
            ptr,
            "MaxConcurrency",
            "MaxConcurrencyPath",
        );
        if let Some(e) = &m.tolerated_failure_count {
            self.number_field(e, ptr, "ToleratedFailureCount", ql);
        }
        self.path_field(
            &m.tolerated_failure_count_path,
            ptr,
            "ToleratedFailureCountPath",
            ql,
        );
        self.exclusive(
            m.tolerated_failure_count.is_some(),
            m.tolerated_failure_count_path.is_some(),
            ptr,
            "ToleratedFailureCount",
            "ToleratedFailureCountPath",
        );
        if let Some(e) = &m.tolerated_failure_percentage {
            if let Some(pct) = self
                .number_field(e, ptr, "ToleratedFailurePercentage", ql)
                .copied()
            {
                if !(0.0..=100.0).contains(&pct) {
                    self.error(
                        codes::TOLERATED_FAILURE_PERCENTAGE_RANGE,
                        &ptr.join("ToleratedFailurePercentage"),
                        format!(
                            "\"ToleratedFailurePercentage\" is {pct}; it must be between 0 and 100"
                        ),
                    );
                }
            }
        }
        self.path_field(
            &m.tolerated_failure_percentage_path,
            ptr,
            "ToleratedFailurePercentagePath",
            ql,
        );
        self.exclusive(
            m.tolerated_failure_percentage.is_some(),
            m.tolerated_failure_percentage_path.is_some(),
            ptr,
            "ToleratedFailurePercentage",
            "ToleratedFailurePercentagePath",
        );
        if let Some(label) = &m.label {
            let chars = label.chars().count();
            if chars > MAX_LABEL_CHARS {
                self.error(
                    codes::LABEL_INVALID,
                    &ptr.join("Label"),
                    format!("\"Label\" is {chars} characters; the limit is {MAX_LABEL_CHARS}"),
                );
            } else if let Some(c) = literals::label_forbidden_char(label) {
                self.error(
                    codes::LABEL_INVALID,
                    &ptr.join("Label"),
                    format!("\"Label\" contains {c:?}, which child execution names cannot: use letters, digits, '-' and '_'"),
                );
            }
        }
        if let Some(r) = &m.item_reader {
            self.item_reader(r, &ptr.join("ItemReader"), ql);
        }
        if let Some(b) = &m.item_batcher {
            self.item_batcher(b, &ptr.join("ItemBatcher"), ql);
        }
        if let Some(w) = &m.result_writer {
            self.result_writer(w, &ptr.join("ResultWriter"), ql);
        }
    }

    fn enum_value(
        &mut self,
        code: &'static str,
        value: &Option<String>,
        allowed: &[&str],
        ptr: &Pointer,
        field: &str,
    ) {
        if let Some(v) = value {
            if !allowed.contains(&v.as_str()) {
                self.error(
                    code,
                    &ptr.join(field),
                    format!("\"{field}\" is \"{v}\"; use one of {}", allowed.join(", ")),
                );
            }
        }
    }

    fn item_reader(&mut self, r: &ItemReader, ptr: &Pointer, ql: QueryLanguage) {
        fields::object_unknown_fields(ObjectKind::ItemReader, &r.unknown, ptr, &mut self.diags);
        if let Resource::Arn(arn) = &r.resource {
            if !literals::is_resource_arn(arn) {
                self.error(codes::INVALID_RESOURCE, &ptr.join("Resource"), format!("\"Resource\" must be an ARN such as arn:aws:states:::s3:getObject, not \"{arn}\""));
            }
        }
        self.jsonpath_payload(&r.parameters, ptr, "Parameters", ql);
        self.jsonata_payload(&r.arguments, ptr, "Arguments", ql);
        let Some(c) = &r.reader_config else { return };
        let cptr = ptr.join("ReaderConfig");
        fields::object_unknown_fields(ObjectKind::ReaderConfig, &c.unknown, &cptr, &mut self.diags);
        self.enum_value(
            codes::READER_CONFIG_VALUE,
            &c.input_type,
            &["CSV", "JSON", "JSONL", "MANIFEST", "PARQUET"],
            &cptr,
            "InputType",
        );
        self.enum_value(
            codes::READER_CONFIG_VALUE,
            &c.csv_header_location,
            &["FIRST_ROW", "GIVEN"],
            &cptr,
            "CSVHeaderLocation",
        );
        self.enum_value(
            codes::READER_CONFIG_VALUE,
            &c.csv_delimiter,
            &["COMMA", "PIPE", "SEMICOLON", "SPACE", "TAB"],
            &cptr,
            "CSVDelimiter",
        );
        let has_headers = c.csv_headers.as_ref().is_some_and(|h| !h.is_empty());
        if c.csv_header_location.as_deref() == Some("GIVEN") && !has_headers {
            self.error(
                codes::CSV_HEADERS_REQUIRED,
                &cptr.join("CSVHeaderLocation"),
                "\"CSVHeaderLocation\": \"GIVEN\" needs the column names in \"CSVHeaders\"",
            );
        }
        if let Some(e) = &c.max_items {
            if let Some(n) = self.number_field(e, &cptr, "MaxItems", ql).copied() {
                if n == 0 || n > MAX_READER_ITEMS {
                    self.error(
                        codes::MAX_ITEMS_RANGE,
                        &cptr.join("MaxItems"),
                        format!("\"MaxItems\" is {n}; it must be between 1 and {MAX_READER_ITEMS}"),
                    );
                }
            }
        }
        self.path_field(&c.max_items_path, &cptr, "MaxItemsPath", ql);
        self.exclusive(
            c.max_items.is_some(),
            c.max_items_path.is_some(),
            &cptr,
            "MaxItems",
            "MaxItemsPath",
        );
    }

    fn item_batcher(&mut self, b: &ItemBatcher, ptr: &Pointer, ql: QueryLanguage) {
        fields::object_unknown_fields(ObjectKind::ItemBatcher, &b.unknown, ptr, &mut self.diags);
        if b.max_items_per_batch.is_none()
            && b.max_items_per_batch_path.is_none()
            && b.max_input_bytes_per_batch.is_none()
            && b.max_input_bytes_per_batch_path.is_none()
        {
            self.error(
                codes::BATCH_WITHOUT_LIMIT,
                ptr,
                "an ItemBatcher needs at least one of MaxItemsPerBatch, MaxItemsPerBatchPath, MaxInputBytesPerBatch, MaxInputBytesPerBatchPath",
            );
        }
        if let Some(e) = &b.max_items_per_batch {
            if let Some(0) = self.number_field(e, ptr, "MaxItemsPerBatch", ql).copied() {
                self.error(
                    codes::BATCH_LIMIT_RANGE,
                    &ptr.join("MaxItemsPerBatch"),
                    "\"MaxItemsPerBatch\" must be at least 1",
                );
            }
        }
        if let Some(e) = &b.max_input_bytes_per_batch {
            if let Some(n) = self
                .number_field(e, ptr, "MaxInputBytesPerBatch", ql)
                .copied()
            {
                if n == 0 || n > MAX_BATCH_BYTES {
                    self.error(
                        codes::BATCH_LIMIT_RANGE,
                        &ptr.join("MaxInputBytesPerBatch"),
                        format!("\"MaxInputBytesPerBatch\" is {n}; it must be between 1 and {MAX_BATCH_BYTES} (256 KiB)"),
                    );
                }
            }
        }
        self.path_field(&b.max_items_per_batch_path, ptr, "MaxItemsPerBatchPath", ql);
        self.path_field(
            &b.max_input_bytes_per_batch_path,
            ptr,
            "MaxInputBytesPerBatchPath",
            ql,
        );
        self.exclusive(
            b.max_items_per_batch.is_some(),
            b.max_items_per_batch_path.is_some(),
            ptr,
            "MaxItemsPerBatch",
            "MaxItemsPerBatchPath",
        );
        self.exclusive(
            b.max_input_bytes_per_batch.is_some(),
            b.max_input_bytes_per_batch_path.is_some(),
            ptr,
            "MaxInputBytesPerBatch",
            "MaxInputBytesPerBatchPath",
        );
        self.either_payload(&b.batch_input, ptr, "BatchInput", ql);
    }

    fn result_writer(&mut self, w: &ResultWriter, ptr: &Pointer, ql: QueryLanguage) {
        fields::object_unknown_fields(ObjectKind::ResultWriter, &w.unknown, ptr, &mut self.diags);
        if let Some(Resource::Arn(arn)) = &w.resource {
            if !literals::is_resource_arn(arn) {
                self.error(codes::INVALID_RESOURCE, &ptr.join("Resource"), format!("\"Resource\" must be an ARN such as arn:aws:states:::s3:putObject, not \"{arn}\""));
            }
        }
        self.jsonpath_payload(&w.parameters, ptr, "Parameters", ql);
        self.jsonata_payload(&w.arguments, ptr, "Arguments", ql);
        if let Some(c) = &w.writer_config {
            let cptr = ptr.join("WriterConfig");
            fields::object_unknown_fields(
                ObjectKind::WriterConfig,
                &c.unknown,
                &cptr,
                &mut self.diags,
            );
            self.enum_value(
                codes::WRITER_CONFIG_VALUE,
                &c.transformation,
                &["NONE", "COMPACT", "FLATTEN"],
                &cptr,
                "Transformation",
            );
            self.enum_value(
                codes::WRITER_CONFIG_VALUE,
                &c.output_type,
                &["JSON", "JSONL"],
                &cptr,
                "OutputType",
            );
        }
    }
}
