//! Seeds 01–05: a fetch/parse/persist chain, a Choice loop to the history limit, a first state and a Pass, a polling loop.

use super::*;

// ---------------------------------------------------------------------------------- 01

const FEED: &str =
    r#"{"time":{"updatedISO":"2017-01-05T09:00:00+00:00"},"bpi":{"USD":{"rate":"964.7425"}}}"#;

fn coindesk() -> Executor {
    Executor::new(&seed("01-coindesk-fetch-parse-persist.asl.json"))
}

#[test]
fn s01_fetch_parse_persist() {
    let entry = json!({"date": 1483652400000u64, "price": "964.7425"});
    let seen = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let s2 = seen.clone();
    let mut ex = coindesk()
        .lambda("serverless-stepfunctions-dev-fetchFeed", |_| {
            Ok(json!(FEED))
        })
        .lambda("serverless-stepfunctions-dev-parseFeed", move |raw| {
            s2.borrow_mut().push(raw.clone());
            Ok(json!({"date": 1483652400000u64, "price": "964.7425"}))
        })
        .lambda("serverless-stepfunctions-dev-writeEntry", |e| Ok(e.clone()));
    let run = ex.run(json!({}));
    assert_run(
        &run,
        Status::Succeeded,
        &["Fetch", "Parse", "Persist"],
        Some(entry.clone()),
    );
    // The state between Fetch and Parse is a bare JSON string.
    assert_eq!(*seen.borrow(), vec![json!(FEED)]);
    assert_eq!(run.calls.len(), 3);
    assert_eq!(run.calls[2].input, entry);
}

#[test]
fn s01_fetch_fails() {
    let run = coindesk()
        .lambda("serverless-stepfunctions-dev-fetchFeed", |_| {
            Err(TaskError::new("HTTPError", "503 Service Unavailable"))
        })
        .run(json!({}));
    assert_run(&run, Status::Failed, &["Fetch"], None);
    failed_with(&run, "HTTPError");
    assert_eq!(run.cause.as_deref(), Some("503 Service Unavailable"));
}

#[test]
fn s01_persist_fails() {
    let run = coindesk()
        .returns("serverless-stepfunctions-dev-fetchFeed", [json!(FEED)])
        .returns(
            "serverless-stepfunctions-dev-parseFeed",
            [json!({"date": 1483652400000u64, "price": "964.7425"})],
        )
        .returns(
            "serverless-stepfunctions-dev-writeEntry",
            [TaskError::new(
                "ResourceNotFoundException",
                "Requested resource not found: PriceIndex",
            )],
        )
        .run(json!({}));
    assert_run(&run, Status::Failed, &["Fetch", "Parse", "Persist"], None);
    failed_with(&run, "ResourceNotFoundException");
}

// ---------------------------------------------------------------------------------- 02

/// 02 is invalid ASL (Catch on a Pass state). The README's paths assume an interpreter that ignores
/// the illegal Catch, which is what asl-local's engine does when given the parsed document.
#[test]
fn s02_meetup_not_clear() {
    let run =
        Executor::new(&seed("02-meetup.invalid.asl.json")).run(json!({"crystalClear": false}));
    assert_run(
        &run,
        Status::Succeeded,
        &[
            "Introduction",
            "Presentation",
            "Questions ?",
            "Have fun",
            "Have a beer",
            "Eat some pizza",
            "Network",
            "Return home and start building awesome stuff",
        ],
        Some(json!([{"crystalClear": false}, {"crystalClear": false}, {"crystalClear": false}])),
    );
}

#[test]
fn s02_meetup_loops_until_the_history_limit() {
    let run = Executor::new(&seed("02-meetup.invalid.asl.json")).run(json!({"crystalClear": true}));
    failed_with(&run, "States.Runtime");
    assert_eq!(
        run.cause.as_deref(),
        Some("The execution reached the maximum number of history events (25000).")
    );
    assert_eq!(run.history.len(), 25_000);
    assert_eq!(
        run.history.last().map(|e| e.event_type.as_str()),
        Some("ExecutionFailed")
    );
    // 1 ExecutionStarted + 2 events for each of 12,499 states = 24,999; event 25,000 fails it.
    assert_eq!(run.transitions(), 12_499);
    let path = run.states_entered();
    assert_eq!(
        &path[..6],
        [
            "Introduction",
            "Presentation",
            "Questions ?",
            "Answer",
            "Questions ?",
            "Answer"
        ]
    );
}

#[test]
fn s02_meetup_no_flag() {
    let run = Executor::new(&seed("02-meetup.invalid.asl.json")).run(json!({}));
    assert_run(
        &run,
        Status::Failed,
        &["Introduction", "Presentation", "Questions ?"],
        None,
    );
    failed_with(&run, "States.Runtime");
}

// ---------------------------------------------------------------------------------- 03, 05

#[test]
fn s03_first_state() {
    let mut ex = Executor::new(&seed("03-first-state-timeout.asl.json"));
    assert_run(
        &ex.run(json!({})),
        Status::Succeeded,
        &["FirstState"],
        Some(json!({})),
    );
    let input = json!({"title": "Numbers to add", "numbers": {"val1": 3, "val2": 4}});
    assert_run(
        &ex.run(input.clone()),
        Status::Succeeded,
        &["FirstState"],
        Some(input),
    );
}

#[test]
fn s05_hello_world_pass() {
    let mut ex = Executor::new(&seed("05-local-hello-world-pass.asl.json"));
    let input = json!({"comment": "I am a great input !"});
    assert_run(
        &ex.run(input.clone()),
        Status::Succeeded,
        &["HelloWorld"],
        Some(input),
    );
    assert_run(
        &ex.run(json!({})),
        Status::Succeeded,
        &["HelloWorld"],
        Some(json!({})),
    );
}

// ---------------------------------------------------------------------------------- 04

fn batch_poller(statuses: &[&str]) -> Execution {
    let results: Vec<Value> = statuses
        .iter()
        .map(|s| json!({"jobId": "j-1", "status": s}))
        .collect();
    Executor::new(&seed("04-batch-job-poller.asl.json"))
        .lambda("submitBatchJob", |_| Ok(json!({"jobId": "j-1"})))
        .returns("getBatchJobStatus", results)
        .run(json!({"jobName": "classify", "jobQueue": "heavy", "jobDefinition": "classifier:1"}))
}

#[test]
fn s04_succeeds_at_first_check() {
    let run = batch_poller(&["SUCCEEDED"]);
    assert_run(
        &run,
        Status::Succeeded,
        &[
            "SubmitJob",
            "WaitForJob",
            "GetJobStatus",
            "JobComplete?",
            "JobSucceeded",
        ],
        Some(json!({
            "jobName": "classify", "jobQueue": "heavy", "jobDefinition": "classifier:1",
            "job": {"jobId": "j-1", "status": "SUCCEEDED"}
        })),
    );
    assert_eq!(run.duration(), Duration::from_secs(30));
    // GetJobStatus's InputPath $.job: the Lambda gets only the job.
    assert_eq!(run.calls[1].input, json!({"jobId": "j-1"}));
}

#[test]
fn s04_succeeds_at_third_check() {
    let run = batch_poller(&["RUNNING", "RUNNING", "SUCCEEDED"]);
    let mut path = vec!["SubmitJob"];
    for _ in 0..3 {
        path.extend(["WaitForJob", "GetJobStatus", "JobComplete?"]);
    }
    path.push("JobSucceeded");
    assert_run(&run, Status::Succeeded, &path, None);
    assert_eq!(run.transitions(), 11); // 3k + 2
    assert_eq!(run.duration(), Duration::from_secs(90));
}

#[test]
fn s04_job_failed() {
    let run = batch_poller(&["FAILED"]);
    assert_run(
        &run,
        Status::Failed,
        &[
            "SubmitJob",
            "WaitForJob",
            "GetJobStatus",
            "JobComplete?",
            "JobFailed",
        ],
        None,
    );
    failed_with(&run, "BatchJobFailed");
    assert_eq!(run.cause.as_deref(), Some("AWS Batch job failed"));
}
