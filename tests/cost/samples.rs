//! The examples after AWS sample projects against the samples' reference ASL (`examples/workflows/reference/`).

use asl_local::{Executor, Status};
use serde_json::{json, Value};

use super::count_states;

/// One execution of an example after an AWS sample project, next to the hand-written
/// reference ASL of that sample (`examples/workflows/reference/<example>.asl.json`): both run
/// in asl-local with the same task results; a value `{"$throw": {"Error", "Cause"}}` is a
/// task failure.
struct SampleCase {
    example: &'static str,
    what: &'static str,
    input: Value,
    results: Vec<(&'static str, Vec<Value>)>,
    status: Status,
    /// (ours, reference), asserted exactly so a regression shows.
    transitions: (usize, usize),
}

fn sample_cases() -> Vec<SampleCase> {
    let throw = |error: &str| json!({"$throw": {"Error": error, "Cause": "scripted"}});
    let job = json!({"jobName": "classify", "jobDefinition": "classifier:1", "jobQueue": "heavy", "wait_time": 30});
    let trip = json!({"trip_id": "t-1", "depart_city": "Detroit", "depart_time": "2026-01-01T10:00:00Z", "arrive_city": "Frankfurt",
        "arrive_time": "2026-01-02T06:00:00Z", "rental": "BMW", "rental_from": "2026-01-02", "rental_to": "2026-01-09", "run_type": "success"});
    let booked = json!({"status": "ok"});
    let object = |key: &str| json!({"Key": key, "Size": 10, "Etag": "e", "LastModified": "2026-01-01T00:00:00Z"});
    let message = |id: &str| json!({"MessageId": id, "ReceiptHandle": format!("rh-{id}"), "Body": format!("hello {id}")});
    vec![
        SampleCase {
            example: "callback-pattern",
            what: "the worker calls back",
            input: json!({}),
            results: vec![
                (
                    "arn:aws:states:::sqs:sendMessage",
                    vec![json!({"status": "done"})],
                ),
                (
                    "arn:aws:states:::sns:publish",
                    vec![json!({"MessageId": "m-1"})],
                ),
            ],
            status: Status::Succeeded,
            transitions: (2, 2),
        },
        SampleCase {
            example: "callback-pattern",
            what: "the worker reports a failure",
            input: json!({}),
            results: vec![
                (
                    "arn:aws:states:::sqs:sendMessage",
                    vec![throw("WorkerFailed")],
                ),
                (
                    "arn:aws:states:::sns:publish",
                    vec![json!({"MessageId": "m-1"})],
                ),
            ],
            status: Status::Succeeded,
            transitions: (2, 2),
        },
        SampleCase {
            example: "job-poller",
            what: "3 status checks",
            input: job.clone(),
            results: vec![
                ("SubmitJob", vec![json!({"jobId": "j-1"})]),
                (
                    "CheckJob",
                    vec![
                        json!("RUNNING"),
                        json!("RUNNING"),
                        json!("SUCCEEDED"),
                        json!({"jobId": "j-1", "status": "SUCCEEDED"}),
                    ],
                ),
            ],
            status: Status::Succeeded,
            transitions: (11, 11),
        },
        SampleCase {
            example: "job-poller",
            what: "the job fails",
            input: job.clone(),
            results: vec![
                ("SubmitJob", vec![json!({"jobId": "j-1"})]),
                ("CheckJob", vec![json!("RUNNING"), json!("FAILED")]),
            ],
            status: Status::Failed,
            transitions: (8, 8),
        },
        SampleCase {
            example: "distributed-map-s3",
            what: "3 objects",
            input: json!({"bucket": "amzn-s3-demo-bucket", "prefix": "in/"}),
            results: vec![
                (
                    "arn:aws:states:::s3:listObjectsV2",
                    vec![json!([object("in/a"), object("in/b"), object("in/c")])],
                ),
                (
                    "ProcessObject",
                    vec![
                        json!({"key": "in/a", "records": 1}),
                        json!({"key": "in/b", "records": 2}),
                        json!({"key": "in/c", "records": 3}),
                    ],
                ),
            ],
            status: Status::Succeeded,
            transitions: (4, 4),
        },
        SampleCase {
            example: "nested-workflows",
            what: "both children finish",
            input: json!({"jobName": "classify", "jobDefinition": "classifier:1", "jobQueue": "heavy", "wait_time": 30}),
            results: vec![
                (
                    "arn:aws:states:::states:startExecution",
                    vec![
                        json!({"ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:job-poller:a", "StartDate": 0}),
                    ],
                ),
                (
                    "arn:aws:states:::states:startExecution.sync:2",
                    vec![
                        json!({"Output": {"jobId": "j-2", "status": "SUCCEEDED"}, "Status": "SUCCEEDED", "ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:job-poller:b"}),
                    ],
                ),
                (
                    "arn:aws:states:::states:startExecution.waitForTaskToken",
                    vec![json!({"status": "called back"})],
                ),
            ],
            status: Status::Succeeded,
            transitions: (4, 4),
        },
        SampleCase {
            example: "travel-saga",
            what: "booked",
            input: trip.clone(),
            results: vec![
                ("reserveHotel", vec![booked.clone()]),
                ("reserveFlight", vec![booked.clone()]),
                ("takePayment", vec![booked.clone()]),
                ("confirmHotel", vec![booked.clone()]),
                ("confirmFlight", vec![booked.clone()]),
            ],
            status: Status::Succeeded,
            transitions: (5, 6),
        },
        SampleCase {
            example: "travel-saga",
            what: "the payment fails",
            input: trip.clone(),
            results: vec![
                ("reserveHotel", vec![booked.clone()]),
                ("reserveFlight", vec![booked.clone()]),
                ("takePayment", vec![throw("PaymentDeclined")]),
                ("refundPayment", vec![booked.clone()]),
                ("cancelFlight", vec![booked.clone()]),
                ("cancelHotel", vec![booked.clone()]),
            ],
            status: Status::Failed,
            transitions: (7, 7),
        },
        SampleCase {
            example: "map-messages",
            what: "2 messages",
            input: json!({}),
            results: vec![
                (
                    "ReadMessagesFromSqs",
                    vec![json!([message("m-1"), message("m-2")])],
                ),
                (
                    "arn:aws:states:::dynamodb:putItem",
                    vec![json!({}), json!({})],
                ),
                ("DeleteFromSqs", vec![json!({}), json!({})]),
                (
                    "arn:aws:states:::sns:publish",
                    vec![json!({"MessageId": "n-1"}), json!({"MessageId": "n-2"})],
                ),
            ],
            status: Status::Succeeded,
            transitions: (9, 10),
        },
    ]
}

fn outcomes(values: &[Value]) -> Vec<asl_local::Outcome> {
    values
        .iter()
        .map(|v| match v.get("$throw") {
            Some(e) => asl_local::TaskError::new(
                e["Error"].as_str().unwrap_or(""),
                e["Cause"].as_str().unwrap_or(""),
            )
            .into(),
            None => v.clone().into(),
        })
        .collect()
}

#[test]
fn aws_sample_examples_cost_no_more_than_the_samples_asl() {
    let examples = asl_examples::all();
    let mut table = Vec::new();
    for case in sample_cases() {
        let (_, _, d) = examples
            .iter()
            .find(|(_, n, _)| *n == case.example)
            .unwrap_or_else(|| panic!("no example {}", case.example));
        let ours = d.state_machine().unwrap_or_else(|e| panic!("{e}"));
        let path = format!(
            "{}/examples/workflows/reference/{}.asl.json",
            env!("CARGO_MANIFEST_DIR"),
            case.example
        );
        let reference = asl_model::parse_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{path}: {e:?}"));
        let run = |machine: &asl_model::StateMachine| {
            let mut ex = Executor::new(machine);
            for (key, results) in &case.results {
                ex = ex.returns(*key, outcomes(results));
            }
            ex.run(case.input.clone())
        };
        let (our_run, reference_run) = (run(&ours), run(&reference));
        for (who, r) in [("ours", &our_run), ("reference", &reference_run)] {
            assert_eq!(
                r.status,
                case.status,
                "{} ({}), {who}: {:?} {:?} {:?}",
                case.example,
                case.what,
                r.error,
                r.cause,
                r.states_entered()
            );
        }
        let (our_states, reference_states) =
            (count_states(&ours.states), count_states(&reference.states));
        // The JSONata form: the same outcome, no more states or transitions.
        let jsonata = d
            .as_jsonata()
            .state_machine()
            .unwrap_or_else(|e| panic!("{e}"));
        let jsonata_run = run(&jsonata);
        assert_eq!(
            (jsonata_run.status, &jsonata_run.output, &jsonata_run.error),
            (our_run.status, &our_run.output, &our_run.error),
            "{} ({}): JSONata {:?}",
            case.example,
            case.what,
            jsonata_run.cause
        );
        let jsonata_states = count_states(&jsonata.states);
        assert!(
            jsonata_states <= our_states && jsonata_run.transitions() <= our_run.transitions(),
            "{} ({}): JSONata {jsonata_states} states, {} transitions; JSONPath {our_states}, {}",
            case.example,
            case.what,
            jsonata_run.transitions(),
            our_run.transitions()
        );
        table.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            case.example,
            case.what,
            our_states,
            jsonata_states,
            reference_states,
            our_run.transitions(),
            jsonata_run.transitions(),
            reference_run.transitions()
        ));
        assert_eq!(
            (our_run.transitions(), reference_run.transitions()),
            case.transitions,
            "{} ({}): ours {:?}, reference {:?}",
            case.example,
            case.what,
            our_run.states_entered(),
            reference_run.states_entered()
        );
        assert!(
            our_run.transitions() <= reference_run.transitions(),
            "{} ({}): more transitions than the sample",
            case.example,
            case.what
        );
        assert!(
            our_states <= reference_states,
            "{}: {our_states} states, the sample {reference_states}",
            case.example
        );
    }
    println!(
        "| example | execution | states | JSONata states | reference states | transitions | JSONata transitions | reference transitions |\n|---|---|---|---|---|---|---|---|\n{}",
        table.join("\n")
    );
}
