//! Emission time on generated workflows of 1,000 / 2,000 / 4,000 task calls, each followed by
//! an `if` (3 states per call), against serde_json writing the same document; and the growth
//! per doubling, in JSONPath and in JSONata. Goals (architecture issue): at most 5x
//! serde_json, at most 2.3x per doubling.
//!
//! Run: `cargo bench -p asl-emit --bench emit_scaling`.

use std::time::Instant;

use asl_emit::lower;
use asl_model::ir::{
    Block, CmpOp, Cond, Expr, Field, Place, Rhs, Shape, Stmt, StmtKind, TaskResource, TaskSpec,
    VarId, VarInfo, Workflow,
};
use asl_model::StateMachine;
use serde_json::json;

fn counter() -> Shape {
    Shape::Object(vec![Field {
        rust: "n".into(),
        json: "n".into(),
        shape: Shape::Number,
        flatten: false,
    }])
}

/// `let mut x = input; for i in 0..calls { x = step_i(x); if x.n > 0 { x = bump_i(x) } }`.
fn generated(calls: usize) -> Workflow {
    let mut vars = vec![VarInfo {
        name: "x".into(),
        shape: counter(),
    }];
    let x = VarId(0);
    let task = |name: String| TaskSpec {
        name: name.clone(),
        resource: TaskResource::Lambda(format!(
            "arn:aws:lambda:us-east-1:123456789012:function:{name}"
        )),
        input: counter(),
        output: counter(),
        retry: Vec::new(),
        timeout_seconds: None,
        heartbeat_seconds: None,
        timeout_field: None,
        heartbeat_field: None,
        envelope: None,
    };
    let call = |name: String| {
        Expr::Call(Box::new(asl_model::ir::Call {
            task: task(name),
            arg: Some(Expr::Place(Place::var(x))),
        }))
    };
    let mut body: Block = Vec::new();
    for i in 0..calls {
        body.push(Stmt::from(StmtKind::Assign {
            var: x,
            value: call(format!("step_{i}")),
        }));
        body.push(Stmt::from(StmtKind::If {
            cond: Cond::Compare {
                place: Place::var(x).field("n"),
                op: CmpOp::Gt,
                rhs: Rhs::Literal(json!(0)),
            },
            then: vec![Stmt::from(StmtKind::Assign {
                var: x,
                value: call(format!("bump_{i}")),
            })],
            otherwise: Vec::new(),
        }));
    }
    body.push(Stmt::from(StmtKind::Return(Expr::Place(Place::var(x)))));
    vars.shrink_to_fit();
    Workflow {
        name: format!("generated_{calls}"),
        comment: None,
        timeout_seconds: None,
        input: Some(x),
        output: counter(),
        vars,
        body,
    }
}

/// Best of `rounds` timings of `f`, in seconds.
fn best(rounds: usize, mut f: impl FnMut()) -> f64 {
    (0..rounds)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// The sizes measured: 1,000 / 2,000 / 4,000 calls, or those listed in `EMIT_SIZES` (`500,1000`),
/// e.g. for a profiler run.
fn sizes() -> Vec<usize> {
    match std::env::var("EMIT_SIZES") {
        Ok(list) => list
            .split(',')
            .map(|n| {
                n.trim()
                    .parse()
                    .expect("EMIT_SIZES is a comma-separated list of numbers")
            })
            .collect(),
        Err(_) => vec![1_000, 2_000, 4_000],
    }
}

/// Validates and writes a lowered `sm` as `Definition::to_json` does, without refusing a
/// machine over AWS's 1 MiB definition limit (the 4,000-call one).
fn emit_text(sm: StateMachine) -> String {
    let errors: Vec<_> = asl_model::validate(&sm)
        .into_iter()
        .filter(|d| d.is_error() && d.code != "DEFINITION_TOO_LARGE")
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
    asl_model::serialize::to_string(&sm)
}

/// Times `emit` against serde_json writing the same JSON and prints one row; `previous` is the
/// previous size's emit time, for the growth ratio.
fn row(label: &str, emit: impl Fn() -> String, previous: &mut Option<f64>) {
    let text = emit();
    let doc: serde_json::Value = serde_json::from_str(&text).expect("emitted JSON parses");
    let states = doc["States"].as_object().map_or(0, |s| s.len());
    let time = best(5, || {
        std::hint::black_box(emit());
    });
    let write = best(5, || {
        std::hint::black_box(serde_json::to_string(&doc).expect("writes"));
    });
    let growth = previous.map_or(String::new(), |p| {
        format!(", {:.2}x the previous size's time", time / p)
    });
    println!(
        "{label} ({states} states, {} bytes): emit {:.1} ms, serde_json {:.2} ms, ratio {:.0}x{growth}",
        text.len(),
        time * 1e3,
        write * 1e3,
        time / write
    );
    *previous = Some(time);
}

fn main() {
    println!(
        "emit time of generated workflows (best of 5), against serde_json writing the same JSON"
    );
    let mut previous: Option<f64> = None;
    let mut previous_jsonata: Option<f64> = None;
    for calls in sizes() {
        let wf = generated(calls);
        row(
            &format!("{calls} calls"),
            || emit_text(lower(&wf).expect("the generated workflow lowers")),
            &mut previous,
        );
        // The same workflow in JSONata + Variables (what `Definition::as_jsonata()` emits).
        row(
            "  JSONata",
            || {
                emit_text(
                    asl_emit::lower_jsonata(&wf).expect("the generated workflow lowers to JSONata"),
                )
            },
            &mut previous_jsonata,
        );
        if std::env::var_os("EMIT_PHASES").is_some() {
            let t = Instant::now();
            let sm = lower(&wf).expect("lowers");
            let l = t.elapsed();
            let t = Instant::now();
            let _ = asl_model::validate(&sm);
            let v = t.elapsed();
            let t = Instant::now();
            let _ = asl_model::serialize::to_string(&sm);
            println!(
                "  phases: lower {l:?}, validate {v:?}, serialize {:?}",
                t.elapsed()
            );
        }
    }
}
