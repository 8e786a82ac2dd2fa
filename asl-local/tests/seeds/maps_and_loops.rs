//! Seeds 13–16: a Map over PDFs with bounded concurrency, a draining loop, a transfer with failures, a paging loop.

use super::*;

// ---------------------------------------------------------------------------------- 13

fn fetch_pdfs(payload: Value) -> Execution {
    Executor::new(&seed("13-fetch-pdfs-map.asl.json"))
        .returns("generatePayload", [payload])
        .lambda("fetchPDF", |p| {
            Ok(json!({"key": format!("s3://pdfs/{}", p["url"].as_str().unwrap_or(""))}))
        })
        .lambda("mergePDFs", |b| Ok(b.clone()))
        .run(json!({"pdfs": []}))
}

#[test]
fn s13_three_pdfs() {
    let run =
        fetch_pdfs(json!({"payload": [{"url": "a.pdf"}, {"url": "b.pdf"}, {"url": "c.pdf"}]}));
    assert_run(
        &run,
        Status::Succeeded,
        &[
            "GeneratePayload",
            "FetchPDFs",
            "FetchPDF",
            "FetchPDF",
            "FetchPDF",
            "MergePDFs",
        ],
        Some(json!({
            "payload": [{"url": "a.pdf"}, {"url": "b.pdf"}, {"url": "c.pdf"}],
            "responses": [{"key": "s3://pdfs/a.pdf"}, {"key": "s3://pdfs/b.pdf"}, {"key": "s3://pdfs/c.pdf"}]
        })),
    );
}

#[test]
fn s13_no_pdfs() {
    let run = fetch_pdfs(json!({"payload": []}));
    assert_run(
        &run,
        Status::Succeeded,
        &["GeneratePayload", "FetchPDFs", "MergePDFs"],
        Some(json!({"payload": [], "responses": []})),
    );
}

#[test]
fn s13_twelve_pdfs_at_most_five_at_once() {
    let payload: Vec<Value> = (0..12)
        .map(|i| json!({"url": format!("p{i}.pdf")}))
        .collect();
    // Each fetch takes 10 s: with MaxConcurrency 5 the twelve run in three waves (5, 5, 2).
    let run = Executor::new(&seed("13-fetch-pdfs-map.asl.json"))
        .returns("generatePayload", [json!({"payload": payload})])
        .handler("fetchPDF", |c| {
            Outcome::ok(json!({"key": c.input["url"]})).taking(Duration::from_secs(10))
        })
        .lambda("mergePDFs", |b| Ok(b.clone()))
        .run(json!({"pdfs": []}));
    let mut path = vec!["GeneratePayload", "FetchPDFs"];
    path.extend(std::iter::repeat_n("FetchPDF", 12));
    path.push("MergePDFs");
    assert_run(&run, Status::Succeeded, &path, None);
    assert_eq!(run.transitions(), 15);
    assert_eq!(run.duration(), Duration::from_secs(30));
    let starts: Vec<i64> = run
        .calls
        .iter()
        .filter(|c| c.state == "FetchPDF")
        .map(|c| (c.time - run.start_time) / 1000)
        .collect();
    assert_eq!(starts, [0, 0, 0, 0, 0, 10, 10, 10, 10, 10, 20, 20]);
    let keys: Vec<Value> = run.output.unwrap()["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].clone())
        .collect();
    assert_eq!(
        keys,
        (0..12)
            .map(|i| json!(format!("p{i}.pdf")))
            .collect::<Vec<_>>()
    );
}

#[test]
fn s13_no_payload() {
    let run = fetch_pdfs(json!({}));
    assert_run(
        &run,
        Status::Failed,
        &["GeneratePayload", "FetchPDFs"],
        None,
    );
    failed_with(&run, "States.Runtime");
}

// ---------------------------------------------------------------------------------- 14

fn drainer(counts: &[i64]) -> Execution {
    Executor::new(&seed("14-ecs-drainer.asl.json"))
        .lambda("ecs-drain-instance", |_| Ok(json!({"containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/0abc"})))
        .returns("ecs-count-running-tasks", counts.iter().map(|n| json!(n)).collect::<Vec<_>>())
        .lambda("ecs-complete-lifecycle-action", |e| Ok(e.clone()))
        .run(json!({"EC2InstanceId": "i-0abc", "AutoScalingGroupName": "ecs-asg", "LifecycleHookName": "drain",
                    "LifecycleActionToken": "tok-1", "Cluster": "prod"}))
}

#[test]
fn s14_drains() {
    for (counts, transitions) in [(&[0][..], 5), (&[3, 0][..], 8), (&[7, 4, 1, 0][..], 14)] {
        let run = drainer(counts);
        let mut path = vec!["DrainInstance"];
        for _ in counts {
            path.extend([
                "WaitForTasksToDrain",
                "CountRunningTasks",
                "InstanceDrained?",
            ]);
        }
        path.push("CompleteLifecycleAction");
        assert_run(
            &run,
            Status::Succeeded,
            &path,
            Some(
                json!({"EC2InstanceId": "i-0abc", "AutoScalingGroupName": "ecs-asg", "LifecycleHookName": "drain",
                        "LifecycleActionToken": "tok-1", "Cluster": "prod",
                        "drain": {"containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/0abc"},
                        "runningTasks": 0}),
            ),
        );
        assert_eq!(run.transitions(), transitions);
        assert_eq!(
            run.duration(),
            Duration::from_secs(30 * counts.len() as u64)
        );
    }
}

// ---------------------------------------------------------------------------------- 15

const PASSED: &str = "File Transfer Passed. Send SES emails etc to admin.";

#[test]
fn s15_transfer_complete() {
    // The status Lambda starts at t = 35 s (after the 5 s and 30 s Waits), runs 1 s and, as the
    // activity worker, sends task success: the activity completes at t = 36 s.
    let run = Executor::new(&seed("15-etl-file-transfer-parallel.asl.json"))
        .handler("file-transfer", |_| {
            Outcome::ok(json!({"message": "File Transfer Completed"}))
                .taking(Duration::from_secs(36))
        })
        .lambda("file-transfer-master", |_| Ok(json!({"moved": 3})))
        .lambda("file-transfer-status", |_| Ok(json!({"completed": true})))
        .duration("file-transfer-status", Duration::from_secs(1))
        .run(json!({}));
    assert_run(
        &run,
        Status::Succeeded,
        // Branches interleave in simulated-time order; within each branch the README's order holds.
        &[
            "PrepareFileTransfer",
            "InvokeFileTransferActivity",
            "WaitForFileTransferWorker",
            "InvokeFileTransferWorker",
            "FileTransferFileTransferWait",
            "FileTransferWorkerCheckFileStatus",
            "FileTransferPassed",
            "FileTransferWorkerCheckFileStatusPassed",
        ],
        Some(json!([PASSED, "FileTransferWorkerCheckFileStatusPassed."])),
    );
    assert_eq!(run.duration(), Duration::from_secs(36));
}

fn transfer_fails(master: Result<Value, TaskError>) -> Execution {
    Executor::new(&seed("15-etl-file-transfer-parallel.asl.json"))
        .handler("file-transfer", |_| Outcome::never()) // no worker polls the activity
        .returns("file-transfer-master", [master])
        .returns(
            "file-transfer-status",
            [TaskError::new(
                "NewToProcessedFileTransferIncompleteException",
                "files remain in raw/",
            )],
        )
        .run(json!({}))
}

const FAILED_PATH: [&str; 7] = [
    "PrepareFileTransfer",
    "InvokeFileTransferActivity",
    "WaitForFileTransferWorker",
    "InvokeFileTransferWorker",
    "FileTransferFileTransferWait",
    "FileTransferWorkerCheckFileStatus",
    "FileTransferWorkerCheckFileStatusFailed",
];

#[test]
fn s15_status_incomplete() {
    let run = transfer_fails(Ok(json!({"moved": 3})));
    assert_run(&run, Status::Failed, &FAILED_PATH, None);
    assert_eq!(run.error, None);
    assert_eq!(run.cause.as_deref(), Some("File Transfer Failed"));
    // The activity branch is stopped.
    assert_eq!(
        harness::count(&run, asl_local::EventType::TaskStateAborted),
        1
    );
    assert_eq!(run.duration(), Duration::from_secs(35));
}

#[test]
fn s15_master_access_denied() {
    let run = transfer_fails(Err(TaskError::new(
        "AccessDeniedException",
        "not authorized to perform s3:CopyObject",
    )));
    assert_run(&run, Status::Failed, &FAILED_PATH, None);
    assert_eq!(run.cause.as_deref(), Some("File Transfer Failed"));
    // The caught error output replaced the state, and the status Lambda got it.
    assert_eq!(
        run.calls.last().map(|c| c.input.clone()),
        Some(
            json!({"Error": "AccessDeniedException", "Cause": "not authorized to perform s3:CopyObject"})
        )
    );
}

// ---------------------------------------------------------------------------------- 16

const ELIDED: &str = "arn:aws:lambda:......";

fn datasource(results: Vec<Value>) -> Execution {
    Executor::new(&seed("16-fetch-external-datasource-loop.asl.json"))
        .returns(ELIDED, results)
        .run(json!({}))
}

fn pages(p: usize) -> Vec<Value> {
    let mut r = vec![json!({"offset": 0, "continue": true})];
    for i in 0..p {
        r.push(json!({"offset": 25 * (i + 1), "continue": true}));
    }
    r.push(json!({"offset": 25 * (p + 1), "continue": false}));
    r.push(Value::Null);
    r
}

#[test]
fn s16_loops() {
    for (p, transitions) in [(0usize, 4usize), (2, 8), (40, 84)] {
        let run = datasource(pages(p));
        let mut path = vec!["Initialize"];
        for _ in 0..=p {
            path.extend(["Fetch", "PersistOrContinue"]);
        }
        path.push("Persist");
        assert_run(&run, Status::Succeeded, &path, Some(Value::Null));
        assert_eq!(run.transitions(), transitions);
    }
}

#[test]
fn s16_continue_missing_or_not_boolean() {
    let run = datasource(vec![
        json!({"offset": 0, "continue": true}),
        json!({"offset": 25}),
    ]);
    assert_run(
        &run,
        Status::Failed,
        &["Initialize", "Fetch", "PersistOrContinue"],
        None,
    );
    failed_with(&run, "States.Runtime");
    let run = datasource(vec![
        json!({"offset": 0, "continue": true}),
        json!({"offset": 25, "continue": "no"}),
    ]);
    assert_run(
        &run,
        Status::Failed,
        &["Initialize", "Fetch", "PersistOrContinue"],
        None,
    );
    failed_with(&run, "States.NoChoiceMatched");
}
