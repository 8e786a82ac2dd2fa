//! Lowering of hand-built IR: the exact ASL for the seed shapes (chain, loop, match).

use asl_emit::Definition;
use asl_model::ir::*;
use serde_json::json;

fn obj(fields: &[(&str, &str, Shape)]) -> Shape {
    Shape::Object(
        fields
            .iter()
            .map(|(r, j, s)| Field {
                rust: r.to_string(),
                json: j.to_string(),
                shape: s.clone(),
                flatten: false,
            })
            .collect(),
    )
}

fn task(name: &str, arn: &str, input: Shape, output: Shape) -> TaskSpec {
    TaskSpec::new(name, TaskResource::Lambda(arn.into()), input, output)
}

fn call(t: &TaskSpec, arg: Expr) -> Expr {
    Expr::call(t, Some(arg))
}

fn place(v: u32, fields: &[&str]) -> Place {
    Place::at(VarId(v), fields)
}

fn json_of(w: Workflow) -> serde_json::Value {
    let d = Definition::new(w);
    serde_json::from_str(&d.to_json().unwrap_or_else(|e| panic!("{e}"))).unwrap()
}

#[test]
fn nested_calls_become_a_plain_lambda_chain() {
    let empty = obj(&[]);
    let entry = obj(&[
        ("date", "date", Shape::Number),
        ("price", "price", Shape::String),
    ]);
    let fetch = task(
        "fetch",
        "arn:aws:lambda:REGION:ACCOUNT_ID:function:fetchFeed",
        empty.clone(),
        Shape::String,
    );
    let parse = task(
        "parse",
        "arn:aws:lambda:REGION:ACCOUNT_ID:function:parseFeed",
        Shape::String,
        entry.clone(),
    );
    let persist = task(
        "persist",
        "arn:aws:lambda:REGION:ACCOUNT_ID:function:writeEntry",
        entry.clone(),
        entry.clone(),
    );
    let w = Workflow {
        name: "update-feed".into(),
        comment: Some("Step Function that calls the Lambda".into()),
        timeout_seconds: None,
        input: Some(VarId(0)),
        output: entry.clone(),
        vars: vec![VarInfo {
            name: "input".into(),
            shape: empty,
        }],
        body: vec![StmtKind::Return(call(
            &persist,
            call(&parse, call(&fetch, Expr::Place(place(0, &[])))),
        ))
        .into()],
    };
    assert_eq!(
        json_of(w),
        json!({
            "Comment": "Step Function that calls the Lambda",
            "StartAt": "Fetch",
            "States": {
                "Fetch": {"Type": "Task", "Resource": "arn:aws:lambda:REGION:ACCOUNT_ID:function:fetchFeed", "Next": "Parse"},
                "Parse": {"Type": "Task", "Resource": "arn:aws:lambda:REGION:ACCOUNT_ID:function:parseFeed", "Next": "Persist"},
                "Persist": {"Type": "Task", "Resource": "arn:aws:lambda:REGION:ACCOUNT_ID:function:writeEntry", "End": true}
            }
        })
    );
}

#[test]
fn do_while_loop_threads_the_choice_to_the_loop_head() {
    let cursor = obj(&[
        ("offset", "offset", Shape::Number),
        ("more", "continue", Shape::Bool),
    ]);
    let empty = obj(&[]);
    let init = task(
        "initialize",
        "arn:aws:lambda:......",
        empty.clone(),
        cursor.clone(),
    );
    let fetch = task(
        "fetch",
        "arn:aws:lambda:......",
        cursor.clone(),
        cursor.clone(),
    );
    let persist = task(
        "persist",
        "arn:aws:lambda:......",
        cursor.clone(),
        Shape::Unit,
    );
    let c = VarId(1);
    let w = Workflow {
        name: "fetchDataFromExternalDatasource".into(),
        comment: None,
        timeout_seconds: None,
        input: Some(VarId(0)),
        output: Shape::Unit,
        vars: vec![
            VarInfo {
                name: "input".into(),
                shape: empty,
            },
            VarInfo {
                name: "c".into(),
                shape: cursor,
            },
        ],
        body: vec![
            StmtKind::Assign {
                var: c,
                value: call(&init, Expr::Place(place(0, &[]))),
            }
            .into(),
            StmtKind::Loop {
                body: vec![
                    StmtKind::Assign {
                        var: c,
                        value: call(&fetch, Expr::Place(place(1, &[]))),
                    }
                    .into(),
                    Stmt {
                        kind: StmtKind::If {
                            cond: Cond::Not(Box::new(Cond::IsTrue(place(1, &["more"])))),
                            then: vec![StmtKind::Break.into()],
                            otherwise: vec![],
                        },
                        name: Some("PersistOrContinue".into()),
                    },
                ],
            }
            .into(),
            StmtKind::Return(call(&persist, Expr::Place(place(1, &[])))).into(),
        ],
    };
    assert_eq!(
        json_of(w),
        json!({
            "StartAt": "Initialize",
            "States": {
                "Initialize": {"Type": "Task", "Resource": "arn:aws:lambda:......", "Next": "Fetch"},
                "Fetch": {"Type": "Task", "Resource": "arn:aws:lambda:......", "Next": "PersistOrContinue"},
                "PersistOrContinue": {"Type": "Choice", "Choices": [
                    {"Variable": "$.continue", "BooleanEquals": false, "Next": "Persist"}
                ], "Default": "Fetch"},
                "Persist": {"Type": "Task", "Resource": "arn:aws:lambda:......", "End": true}
            }
        })
    );
}

#[test]
fn a_value_kept_across_a_call_lives_in_a_field() {
    let req = obj(&[("job_name", "jobName", Shape::String)]);
    let job = obj(&[
        ("job_id", "jobId", Shape::String),
        ("status", "status", Shape::String),
    ]);
    let submit = task(
        "submit_job",
        "arn:aws:lambda:us-east-1:123456789012:function:submitBatchJob",
        req.clone(),
        job.clone(),
    );
    let status = task(
        "get_job_status",
        "arn:aws:lambda:us-east-1:123456789012:function:getBatchJobStatus",
        job.clone(),
        job.clone(),
    );
    let notify = task(
        "notify",
        "arn:aws:lambda:us-east-1:123456789012:function:notify",
        req.clone(),
        Shape::Unit,
    );
    let (r, j) = (VarId(0), VarId(1));
    let w = Workflow {
        name: "batch".into(),
        comment: None,
        timeout_seconds: None,
        input: Some(r),
        output: job.clone(),
        vars: vec![
            VarInfo {
                name: "r".into(),
                shape: req,
            },
            VarInfo {
                name: "job".into(),
                shape: job,
            },
        ],
        body: vec![
            StmtKind::Assign {
                var: j,
                value: call(&submit, Expr::Place(place(0, &[]))),
            }
            .into(),
            StmtKind::Loop {
                body: vec![
                    StmtKind::Sleep(SleepFor::Seconds(30)).into(),
                    StmtKind::Assign {
                        var: j,
                        value: call(&status, Expr::Place(place(1, &[]))),
                    }
                    .into(),
                    StmtKind::If {
                        cond: Cond::Compare {
                            place: place(1, &["status"]),
                            op: CmpOp::Eq,
                            rhs: Rhs::Literal(json!("SUCCEEDED")),
                        },
                        then: vec![
                            StmtKind::Eval(call(&notify, Expr::Place(place(0, &[])))).into(),
                            StmtKind::Return(Expr::Place(place(1, &[]))).into(),
                        ],
                        otherwise: vec![StmtKind::If {
                            cond: Cond::Compare {
                                place: place(1, &["status"]),
                                op: CmpOp::Eq,
                                rhs: Rhs::Literal(json!("FAILED")),
                            },
                            then: vec![StmtKind::Fail {
                                error: Some("BatchJobFailed".into()),
                                cause: Some(Text::Literal("AWS Batch job failed".into())),
                            }
                            .into()],
                            otherwise: vec![],
                        }
                        .into()],
                    }
                    .into(),
                ],
            }
            .into(),
        ],
    };
    assert_eq!(
        json_of(w),
        json!({
            "StartAt": "SubmitJob",
            "States": {
                "SubmitJob": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:submitBatchJob", "ResultPath": "$.job", "Next": "Wait30s"},
                "Wait30s": {"Type": "Wait", "Seconds": 30, "Next": "GetJobStatus"},
                "GetJobStatus": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:getBatchJobStatus", "InputPath": "$.job", "ResultPath": "$.job", "Next": "IfStatus"},
                "IfStatus": {"Type": "Choice", "Choices": [
                    {"Variable": "$.job.status", "StringEquals": "SUCCEEDED", "Next": "Notify"},
                    {"Variable": "$.job.status", "StringEquals": "FAILED", "Next": "BatchJobFailed"}
                ], "Default": "Wait30s"},
                "Notify": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:notify", "ResultPath": null, "OutputPath": "$.job", "End": true},
                "BatchJobFailed": {"Type": "Fail", "Error": "BatchJobFailed", "Cause": "AWS Batch job failed"}
            }
        })
    );
}

/// A variable whose shape depends on a chain of others (`let l = vec![a, a]; for x in l {
/// let m = vec![x, x]; for y in m { … } }`): its fields follow serde's names (`s` is
/// `"label"`) and it can be compared with a field of the input. Inference used to stop after
/// two passes, leaving `y` as `Any`: "cannot compare `$.y.value.s`" (and, in a task's
/// Parameters, a path with the Rust name `s` that fails at run time).
#[test]
fn shapes_are_inferred_through_chains_of_variables() {
    let rec = obj(&[
        ("n", "n", Shape::Number),
        ("s", "label", Shape::String),
        ("b", "b", Shape::Bool),
    ]);
    let t = task(
        "t",
        "arn:aws:lambda:us-east-1:123456789012:function:t",
        rec.clone(),
        rec.clone(),
    );
    let var = |name: &str, shape: Shape| VarInfo {
        name: name.into(),
        shape,
    };
    let array = |v: u32| Expr::Intrinsic {
        function: Intrinsic::Array,
        args: vec![Expr::Place(place(v, &[])), Expr::Place(place(v, &[]))],
    };
    let inner_for = StmtKind::For {
        var: VarId(4),
        items: place(3, &[]),
        body: vec![StmtKind::If {
            cond: Cond::Compare {
                place: place(4, &["s"]),
                op: CmpOp::Eq,
                rhs: Rhs::Place(place(0, &["s"])),
            },
            then: vec![StmtKind::Return(call(&t, Expr::Place(place(4, &[])))).into()],
            otherwise: vec![],
        }
        .into()],
    };
    let w = Workflow {
        name: "chain".into(),
        comment: None,
        timeout_seconds: None,
        input: Some(VarId(0)),
        output: rec.clone(),
        vars: vec![
            var("a", rec.clone()),
            var("l", Shape::Any),
            var("x", Shape::Any),
            var("m", Shape::Any),
            var("y", Shape::Any),
        ],
        body: vec![
            StmtKind::Assign {
                var: VarId(1),
                value: array(0),
            }
            .into(),
            StmtKind::For {
                var: VarId(2),
                items: place(1, &[]),
                body: vec![
                    StmtKind::Assign {
                        var: VarId(3),
                        value: array(2),
                    }
                    .into(),
                    inner_for.into(),
                ],
            }
            .into(),
            StmtKind::Return(Expr::Place(place(0, &[]))).into(),
        ],
    };
    let text = json_of(w).to_string();
    assert!(text.contains(".label\""), "{text}");
    assert!(!text.contains(".s\""), "{text}");
}

/// `let r = Rec { s: "lit".to_string(), .. }; t(Rec { s: r.s, .. })`: the struct literal is
/// substituted for `r`, and `r.s` is its field `"label"` (serde's name), not null (the
/// lookup used to compare the Rust name `s` with the JSON key `label`).
#[test]
fn a_renamed_field_of_a_substituted_struct_literal_is_its_value() {
    let rec = obj(&[
        ("n", "n", Shape::Number),
        ("s", "label", Shape::String),
        ("b", "b", Shape::Bool),
    ]);
    let t = task(
        "t",
        "arn:aws:lambda:us-east-1:123456789012:function:t",
        rec.clone(),
        rec.clone(),
    );
    let lit = |fields: Vec<(&str, Expr)>| Expr::Struct {
        shape: rec.clone(),
        fields: fields
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    };
    let w = Workflow {
        name: "renamed".into(),
        comment: None,
        timeout_seconds: None,
        input: Some(VarId(0)),
        output: rec.clone(),
        vars: vec![
            VarInfo {
                name: "a".into(),
                shape: rec.clone(),
            },
            VarInfo {
                name: "r".into(),
                shape: rec.clone(),
            },
        ],
        body: vec![
            StmtKind::Assign {
                var: VarId(1),
                value: lit(vec![
                    ("n", Expr::Place(place(0, &["n"]))),
                    ("label", Expr::Literal(json!("lit"))),
                    ("b", Expr::Place(place(0, &["b"]))),
                ]),
            }
            .into(),
            StmtKind::Return(call(
                &t,
                lit(vec![
                    ("n", Expr::Place(place(1, &["n"]))),
                    ("label", Expr::Place(place(1, &["s"]))),
                    ("b", Expr::Place(place(0, &["b"]))),
                ]),
            ))
            .into(),
        ],
    };
    let text = json_of(w).to_string();
    assert!(text.contains(r#""label":"lit""#), "{text}");
}
