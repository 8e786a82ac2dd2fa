//! `sleep(10)`, `sleep(o.delay)`, `sleep_until("2026-01-01T00:00:00Z")`, `sleep_until(o.at)`.

use super::build::*;
use asl_model::ir::*;

pub fn workflow() -> Workflow {
    let timing = obj(vec![
        field("delay", Shape::Integer),
        field("at", Shape::Timestamp),
    ]);
    workflow_of(
        "wait",
        vec![("o", timing.clone())],
        timing,
        vec![
            StmtKind::Sleep(SleepFor::Seconds(10)),
            StmtKind::Sleep(SleepFor::SecondsAt(place(0, &["delay"]))),
            StmtKind::Sleep(SleepFor::Until("2026-01-01T00:00:00Z".into())),
            StmtKind::Sleep(SleepFor::UntilAt(place(0, &["at"]))),
            StmtKind::Return(at(0, &[])),
        ],
    )
}
