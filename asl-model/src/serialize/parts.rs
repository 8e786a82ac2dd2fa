//! The parts of a state: paths, numbers, retriers, catchers, Choice rules, Map configuration.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::object::Fields;
use crate::document::*;

/// Each item of a list, written through `W`.
pub(super) struct Each<'a, T, W>(pub(super) &'a [T], pub(super) fn(&'a T) -> W);

impl<'a, T, W: Serialize> Serialize for Each<'a, T, W> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(self.1))
    }
}

pub(super) fn path<M: SerializeMap>(
    o: &mut Fields<M>,
    key: &str,
    v: &Option<NullablePath>,
) -> Result<(), M::Error> {
    match v {
        Some(NullablePath::Null) => o.put(key, &()),
        Some(NullablePath::Path(p)) => o.put(key, p),
        None => Ok(()),
    }
}

pub(super) fn uint<M: SerializeMap>(
    o: &mut Fields<M>,
    key: &str,
    v: &Option<JsonataOr<u64>>,
) -> Result<(), M::Error> {
    o.opt(key, &v.as_ref().map(OrOut))
}

/// A value or its `{% %}` expression.
pub(super) struct OrOut<'a, T>(pub(super) &'a JsonataOr<T>);

impl<T: Serialize> Serialize for OrOut<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            JsonataOr::Value(v) => v.serialize(s),
            JsonataOr::Jsonata(e) => s.serialize_str(e),
        }
    }
}

/// A float as people write it: whole numbers without a fraction (BackoffRate: 2).
struct FloatOut(f64);

impl Serialize for FloatOut {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let f = self.0;
        if f.fract() == 0.0 && f.abs() < 1e15 {
            s.serialize_i64(f as i64)
        } else if f.is_finite() {
            s.serialize_f64(f)
        } else {
            s.serialize_unit()
        }
    }
}

pub(super) struct FloatOrOut<'a>(pub(super) &'a JsonataOr<f64>);

impl Serialize for FloatOrOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            JsonataOr::Value(f) => FloatOut(*f).serialize(s),
            JsonataOr::Jsonata(e) => s.serialize_str(e),
        }
    }
}

pub(super) struct ResourceOut<'a>(pub(super) &'a Resource);

impl Serialize for ResourceOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Resource::Arn(a) => s.serialize_str(a),
            Resource::Intrinsic(v) => v.serialize(s),
        }
    }
}

pub(super) struct ProcessorConfigOut<'a>(pub(super) &'a ProcessorConfig);

impl Serialize for ProcessorConfigOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut o = Fields::new(s, &c.unknown)?;
        o.opt(
            "Mode",
            &c.mode.map(|m| match m {
                ProcessorMode::Inline => "INLINE",
                ProcessorMode::Distributed => "DISTRIBUTED",
            }),
        )?;
        o.opt(
            "ExecutionType",
            &c.execution_type.map(|t| match t {
                ExecutionType::Standard => "STANDARD",
                ExecutionType::Express => "EXPRESS",
            }),
        )?;
        o.unknown()?;
        o.end()
    }
}

pub(super) struct RetrierOut<'a>(pub(super) &'a Retrier);

impl Serialize for RetrierOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut o = Fields::new(s, &r.unknown)?;
        o.str("Comment", &r.comment)?;
        o.put("ErrorEquals", &r.error_equals)?;
        o.opt("IntervalSeconds", &r.interval_seconds)?;
        o.opt("MaxAttempts", &r.max_attempts)?;
        o.opt("BackoffRate", &r.backoff_rate.map(FloatOut))?;
        o.opt("MaxDelaySeconds", &r.max_delay_seconds)?;
        o.opt(
            "JitterStrategy",
            &r.jitter_strategy.map(|j| match j {
                JitterStrategy::Full => "FULL",
                JitterStrategy::None => "NONE",
            }),
        )?;
        o.unknown()?;
        o.end()
    }
}

pub(super) struct CatcherOut<'a>(pub(super) &'a Catcher);

impl Serialize for CatcherOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let c = self.0;
        let mut o = Fields::new(s, &c.unknown)?;
        o.str("Comment", &c.comment)?;
        o.put("ErrorEquals", &c.error_equals)?;
        path(&mut o, "ResultPath", &c.result_path)?;
        o.opt("Output", &c.output)?;
        o.opt("Assign", &c.assign)?;
        o.unknown()?;
        o.put("Next", &c.next)?;
        o.end()
    }
}

pub(super) struct ChoiceRuleOut<'a>(pub(super) &'a ChoiceRule);

impl Serialize for ChoiceRuleOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut o = Fields::new(s, &r.unknown)?;
        o.str("Comment", &r.comment)?;
        condition(&mut o, &r.condition)?;
        o.opt("Output", &r.output)?;
        o.opt("Assign", &r.assign)?;
        o.unknown()?;
        o.put("Next", &r.next)?;
        o.end()
    }
}

/// A nested condition (inside And, Or, Not): an object of its own.
struct ConditionOut<'a>(&'a Condition);

impl Serialize for ConditionOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut o = Fields::known(s)?;
        condition(&mut o, self.0)?;
        o.end()
    }
}

fn condition<M: SerializeMap>(o: &mut Fields<M>, c: &Condition) -> Result<(), M::Error> {
    match c {
        Condition::And(cs) => o.put("And", &Each(cs, ConditionOut)),
        Condition::Or(cs) => o.put("Or", &Each(cs, ConditionOut)),
        Condition::Not(c) => o.put("Not", &ConditionOut(c)),
        Condition::Jsonata(v) => o.put("Condition", v),
        Condition::Test { variable, test } => {
            o.put("Variable", variable)?;
            let name = test.operator_name();
            match test {
                Test::Compare { operand, .. } => match operand {
                    Operand::String(s) | Operand::Path(s) => o.put(&name, s),
                    Operand::Number(n) => o.put(&name, n),
                    Operand::Bool(b) => o.put(&name, b),
                },
                Test::StringMatches(s) => o.put(&name, s),
                Test::IsNull(b)
                | Test::IsPresent(b)
                | Test::IsNumeric(b)
                | Test::IsString(b)
                | Test::IsBoolean(b)
                | Test::IsTimestamp(b) => o.put(&name, b),
            }
        }
    }
}

pub(super) struct ItemReaderOut<'a>(pub(super) &'a ItemReader);

impl Serialize for ItemReaderOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let r = self.0;
        let mut o = Fields::new(s, &r.unknown)?;
        o.put("Resource", &ResourceOut(&r.resource))?;
        o.opt(
            "ReaderConfig",
            &r.reader_config.as_ref().map(ReaderConfigOut),
        )?;
        o.opt("Parameters", &r.parameters)?;
        o.opt("Arguments", &r.arguments)?;
        o.unknown()?;
        o.end()
    }
}

struct ReaderConfigOut<'a>(&'a ReaderConfig);

impl Serialize for ReaderConfigOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let rc = self.0;
        let mut o = Fields::new(s, &rc.unknown)?;
        o.str("InputType", &rc.input_type)?;
        o.str("CSVHeaderLocation", &rc.csv_header_location)?;
        o.opt("CSVHeaders", &rc.csv_headers)?;
        o.str("CSVDelimiter", &rc.csv_delimiter)?;
        o.str("ManifestType", &rc.manifest_type)?;
        uint(&mut o, "MaxItems", &rc.max_items)?;
        o.str("MaxItemsPath", &rc.max_items_path)?;
        o.unknown()?;
        o.end()
    }
}

pub(super) struct ItemBatcherOut<'a>(pub(super) &'a ItemBatcher);

impl Serialize for ItemBatcherOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let b = self.0;
        let mut o = Fields::new(s, &b.unknown)?;
        uint(&mut o, "MaxItemsPerBatch", &b.max_items_per_batch)?;
        o.str("MaxItemsPerBatchPath", &b.max_items_per_batch_path)?;
        uint(
            &mut o,
            "MaxInputBytesPerBatch",
            &b.max_input_bytes_per_batch,
        )?;
        o.str(
            "MaxInputBytesPerBatchPath",
            &b.max_input_bytes_per_batch_path,
        )?;
        o.opt("BatchInput", &b.batch_input)?;
        o.unknown()?;
        o.end()
    }
}

pub(super) struct ResultWriterOut<'a>(pub(super) &'a ResultWriter);

impl Serialize for ResultWriterOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let w = self.0;
        let mut o = Fields::new(s, &w.unknown)?;
        o.opt("Resource", &w.resource.as_ref().map(ResourceOut))?;
        o.opt("Parameters", &w.parameters)?;
        o.opt("Arguments", &w.arguments)?;
        o.opt(
            "WriterConfig",
            &w.writer_config.as_ref().map(WriterConfigOut),
        )?;
        o.unknown()?;
        o.end()
    }
}

struct WriterConfigOut<'a>(&'a WriterConfig);

impl Serialize for WriterConfigOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let wc = self.0;
        let mut o = Fields::new(s, &wc.unknown)?;
        o.str("OutputType", &wc.output_type)?;
        o.str("Transformation", &wc.transformation)?;
        o.unknown()?;
        o.end()
    }
}
