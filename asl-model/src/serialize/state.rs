//! One state object: `Type`, the type's own fields in canonical order, `Next`/`End` last.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

use super::object::Fields;
use super::parts::*;
use super::GraphOut;
use crate::document::*;

pub(super) struct StateOut<'a>(pub(super) &'a State);

impl Serialize for StateOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let st = self.0;
        let c = st.common();
        let mut o = Fields::new(s, &c.unknown)?;
        o.put("Type", st.type_name())?;
        o.str("Comment", &c.comment)?;
        o.opt(
            "QueryLanguage",
            &c.query_language.map(QueryLanguage::as_str),
        )?;
        match st {
            State::Task(t) => {
                o.put("Resource", &ResourceOut(&t.resource))?;
                o.opt("Credentials", &t.credentials)?;
                path(&mut o, "InputPath", &c.input_path)?;
                o.opt("Parameters", &t.parameters)?;
                o.opt("Arguments", &t.arguments)?;
                o.opt("ResultSelector", &t.result_selector)?;
                path(&mut o, "ResultPath", &t.result_path)?;
                outputs(&mut o, c)?;
                uint(&mut o, "TimeoutSeconds", &t.timeout_seconds)?;
                o.str("TimeoutSecondsPath", &t.timeout_seconds_path)?;
                uint(&mut o, "HeartbeatSeconds", &t.heartbeat_seconds)?;
                o.str("HeartbeatSecondsPath", &t.heartbeat_seconds_path)?;
                errors(&mut o, &t.errors)?;
            }
            State::Pass(p) => {
                path(&mut o, "InputPath", &c.input_path)?;
                o.opt("Parameters", &p.parameters)?;
                o.opt("Result", &p.result)?;
                path(&mut o, "ResultPath", &p.result_path)?;
                outputs(&mut o, c)?;
            }
            State::Choice(ch) => {
                path(&mut o, "InputPath", &c.input_path)?;
                o.put("Choices", &Each(&ch.choices, ChoiceRuleOut))?;
                o.str("Default", &ch.default)?;
                outputs(&mut o, c)?;
            }
            State::Wait(w) => {
                path(&mut o, "InputPath", &c.input_path)?;
                uint(&mut o, "Seconds", &w.seconds)?;
                o.opt("Timestamp", &w.timestamp.as_ref().map(OrOut))?;
                o.str("SecondsPath", &w.seconds_path)?;
                o.str("TimestampPath", &w.timestamp_path)?;
                outputs(&mut o, c)?;
            }
            State::Succeed(_) => {
                path(&mut o, "InputPath", &c.input_path)?;
                outputs(&mut o, c)?;
            }
            State::Fail(f) => {
                o.str("Error", &f.error)?;
                o.str("ErrorPath", &f.error_path)?;
                o.str("Cause", &f.cause)?;
                o.str("CausePath", &f.cause_path)?;
                // Not allowed on Fail, but kept so the validator and round trip see them.
                path(&mut o, "InputPath", &c.input_path)?;
                outputs(&mut o, c)?;
            }
            State::Parallel(p) => {
                path(&mut o, "InputPath", &c.input_path)?;
                o.opt("Parameters", &p.parameters)?;
                o.opt("Arguments", &p.arguments)?;
                o.put("Branches", &Each(&p.branches, GraphOut))?;
                o.opt("ResultSelector", &p.result_selector)?;
                path(&mut o, "ResultPath", &p.result_path)?;
                outputs(&mut o, c)?;
                errors(&mut o, &p.errors)?;
            }
            State::Map(m) => map_fields(&mut o, m, c)?,
        }
        o.unknown()?;
        match st.transition() {
            Some(Transition::Next(n)) => o.put("Next", n)?,
            Some(Transition::End) => o.put("End", &true)?,
            Some(Transition::Both(n)) => {
                o.put("Next", n)?;
                o.put("End", &true)?;
            }
            Some(Transition::Missing) | None => {}
        }
        o.end()
    }
}

/// OutputPath, Output, Assign: what leaves the state.
fn outputs<M: SerializeMap>(o: &mut Fields<M>, c: &Common) -> Result<(), M::Error> {
    path(o, "OutputPath", &c.output_path)?;
    o.opt("Output", &c.output)?;
    o.opt("Assign", &c.assign)
}

fn map_fields<M: SerializeMap>(
    o: &mut Fields<M>,
    m: &MapState,
    c: &Common,
) -> Result<(), M::Error> {
    path(o, "InputPath", &c.input_path)?;
    o.str("ItemsPath", &m.items_path)?;
    o.opt("Items", &m.items)?;
    o.opt("ItemReader", &m.item_reader.as_ref().map(ItemReaderOut))?;
    o.opt("ItemSelector", &m.item_selector)?;
    o.opt("Parameters", &m.parameters)?;
    o.opt("ItemBatcher", &m.item_batcher.as_ref().map(ItemBatcherOut))?;
    uint(o, "MaxConcurrency", &m.max_concurrency)?;
    o.str("MaxConcurrencyPath", &m.max_concurrency_path)?;
    uint(o, "ToleratedFailureCount", &m.tolerated_failure_count)?;
    o.str("ToleratedFailureCountPath", &m.tolerated_failure_count_path)?;
    o.opt(
        "ToleratedFailurePercentage",
        &m.tolerated_failure_percentage.as_ref().map(FloatOrOut),
    )?;
    o.str(
        "ToleratedFailurePercentagePath",
        &m.tolerated_failure_percentage_path,
    )?;
    o.str("Label", &m.label)?;
    o.opt("ItemProcessor", &m.item_processor.as_ref().map(GraphOut))?;
    o.opt("Iterator", &m.iterator.as_ref().map(GraphOut))?;
    o.opt(
        "ResultWriter",
        &m.result_writer.as_ref().map(ResultWriterOut),
    )?;
    o.opt("ResultSelector", &m.result_selector)?;
    path(o, "ResultPath", &m.result_path)?;
    outputs(o, c)?;
    errors(o, &m.errors)
}

fn errors<M: SerializeMap>(o: &mut Fields<M>, e: &ErrorHandling) -> Result<(), M::Error> {
    o.opt("Retry", &e.retry.as_ref().map(|r| Each(r, RetrierOut)))?;
    o.opt("Catch", &e.catch.as_ref().map(|c| Each(c, CatcherOut)))
}
