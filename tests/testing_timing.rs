//! Simulated time in `Env::check`: a timed-out call whose `Result` is the workflow's value
//! keeps the timeout's cause natively as in asl-local; `parallel!` takes its longest branch
//! and a map runs `MaxConcurrency` iterations at a time, natively as in asl-local (the check
//! compares both runs' durations).
// `return` and map closures written as users write them (the macros read the closure).
#![allow(clippy::needless_return, clippy::redundant_closure)]

use std::time::Duration;

use asl::prelude::*;
use asl::testing::{Env, Mock};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    id: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Decision {
    approved: bool,
}

#[task(lambda = "approve")]
fn approve(order: Order) -> Result<Decision, StatesError>;

#[task(lambda = "approve-slowly", timeout = 45)]
fn approve_within_45s(order: Order) -> Result<Decision, StatesError>;

/// The call's `Result` is the workflow's value, with a timeout at the call.
#[workflow]
fn approval_straight(order: Order) -> Result<Decision, StatesError> {
    #[state(timeout = 30)]
    approve(order)
}

/// The same with the task's own timeout, by `return`.
#[workflow]
fn approval_returned(order: Order) -> Result<Decision, StatesError> {
    return approve_within_45s(order);
}

/// The timeout caught and a new `Err` of the same name returned: a `Fail` without a cause.
#[workflow]
fn approval_rebuilt(order: Order) -> Result<Decision, StatesError> {
    #[state(timeout = 30)]
    match approve(order) {
        Ok(d) => Ok(d),
        Err(StatesError::Timeout) => Err(StatesError::Timeout),
        Err(_) => Err(StatesError::TaskFailed),
    }
}

fn order() -> Order {
    Order { id: "o-1".into() }
}

#[test]
fn a_timed_out_result_returned_straight_keeps_its_cause() {
    let report = Env::new()
        .mock(
            approve::mock(|_: Order| Ok(Decision { approved: true }))
                .taking(Duration::from_secs(31)),
        )
        .check(approval_straight::definition(), approval_straight, order());
    let failure = report.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        (
            "States.Timeout",
            "The task ran longer than 30 s (TimeoutSeconds)."
        )
    );
    assert_eq!(report.duration, Duration::from_secs(30));

    let report = Env::new()
        .mock(
            approve_within_45s::mock(|_: Order| Ok(Decision { approved: true }))
                .taking(Duration::from_secs(46)),
        )
        .check(approval_returned::definition(), approval_returned, order());
    let failure = report.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        (
            "States.Timeout",
            "The task ran longer than 45 s (TimeoutSeconds)."
        )
    );
}

#[test]
fn a_result_in_time_is_the_workflows_value() {
    let report = Env::new()
        .mock(
            approve::mock(|_: Order| Ok(Decision { approved: true }))
                .taking(Duration::from_secs(30)),
        )
        .check(approval_straight::definition(), approval_straight, order());
    assert_eq!(report.output, Ok(Decision { approved: true }));
    assert_eq!(report.duration, Duration::from_secs(30));
}

#[test]
fn a_caught_timeout_returned_anew_has_no_cause() {
    let report = Env::new()
        .mock(
            approve::mock(|_: Order| Ok(Decision { approved: true }))
                .taking(Duration::from_secs(31)),
        )
        .check(approval_rebuilt::definition(), approval_rebuilt, order());
    let failure = report.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        ("States.Timeout", "")
    );
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Job {
    id: u32,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Jobs {
    jobs: Vec<Job>,
}

#[task(lambda = "prepare")]
fn prepare(job: Job) -> Job;
#[task(lambda = "build")]
fn build(job: Job) -> Job;
#[task(lambda = "test")]
fn test(job: Job) -> Job;
#[task(lambda = "work")]
fn work(job: Job) -> Job;

/// Three branches of 3 s, 7 s (two calls of 2 s and 5 s) and 5 s: the Parallel takes 7 s.
#[workflow]
fn fan_out(job: Job) -> Job {
    let (a, _b, _c) = parallel!(
        prepare(job.clone()),
        {
            let built = build(job.clone());
            build(built)
        },
        test(job)
    );
    a
}

/// The jobs two at a time.
#[workflow]
fn two_at_a_time(jobs: Jobs) -> Vec<Job> {
    Map::over(jobs.jobs).max_concurrency(2).run(|job| work(job))
}

/// All the jobs at once (no `MaxConcurrency`).
#[workflow]
fn all_at_once(jobs: Jobs) -> Vec<Job> {
    map(jobs.jobs, |job| work(job))
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

/// `work` taking these times, one call after the other (the ASL run gets each job's time
/// from the native run's answer for that job).
fn work_taking(times: &[u64]) -> Mock {
    let mut mock = work::mock(|j: Job| j).taking(secs(times[0]));
    for &t in &times[1..] {
        mock = mock.then(work::mock(|j: Job| j).taking(secs(t)));
    }
    mock
}

fn jobs(n: u32) -> Jobs {
    Jobs {
        jobs: (1..=n).map(|id| Job { id }).collect(),
    }
}

#[test]
fn a_parallel_takes_its_longest_branch_in_both_runs() {
    let report = Env::new()
        .mock(prepare::mock(|j: Job| j).taking(secs(3)))
        .mock(
            build::mock(|j: Job| j)
                .taking(secs(2))
                .then(build::mock(|j: Job| j).taking(secs(5))),
        )
        .mock(test::mock(|j: Job| j).taking(secs(5)))
        .check(fan_out::definition(), fan_out, Job { id: 1 });
    assert_eq!(report.output, Ok(Job { id: 1 }));
    assert_eq!(report.duration, secs(7));
}

#[test]
fn a_map_runs_max_concurrency_iterations_at_a_time_in_both_runs() {
    // 4 | 1, 2 (from 1 s), 3 (from 3 s), 5 (from 4 s): the last ends at 9 s.
    let report = Env::new().mock(work_taking(&[4, 1, 2, 3, 5])).check(
        two_at_a_time::definition(),
        two_at_a_time,
        jobs(5),
    );
    assert_eq!(report.output.as_ref().map(Vec::len), Ok(5));
    assert_eq!(report.duration, secs(9));

    let report = Env::new().mock(work_taking(&[4, 1, 2, 3, 5])).check(
        all_at_once::definition(),
        all_at_once,
        jobs(5),
    );
    assert_eq!(report.duration, secs(5));
}

/// A native run on its own reports the same simulated time.
#[test]
fn the_native_run_alone_takes_the_same_time() {
    let mut env = Env::new().mock(work_taking(&[4, 1, 2, 3, 5]));
    let out = env.run(|| two_at_a_time(jobs(5))).unwrap();
    assert_eq!(out.len(), 5);
    assert_eq!(env.native_duration(), Some(secs(9)));
}

#[task(lambda = "flaky")]
#[retry(errors = ["Busy"], max_attempts = 2, jitter = full)]
fn flaky(job: Job) -> Job;

#[workflow]
fn jittered(job: Job) -> Job {
    flaky(job)
}

/// A jittered retry waits a random share of its interval in asl-local; natively the whole
/// interval: the durations are not compared then.
#[test]
fn a_jittered_retry_leaves_the_durations_uncompared() {
    let busy = || {
        Mock::json("flaky", |_| {
            Err(asl::Failure {
                error: "Busy".into(),
                cause: "try again".into(),
            })
        })
    };
    let mut env = Env::new().mock(busy().then(Mock::json("flaky", Ok)));
    let report = env.check(jittered::definition(), jittered, Job { id: 1 });
    assert_eq!(report.output, Ok(Job { id: 1 }));
    assert_eq!(report.retries, 1);
    assert!(report.duration <= secs(1), "{:?}", report.duration);
    assert_eq!(env.native_duration(), Some(secs(1)));
}
