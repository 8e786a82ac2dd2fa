//! The seed examples against the seeds' hand-written definitions (`tests/corpus/seeds/`), on the inputs and task results of `shared/seed-workflows/README.md`.

use asl_local::{Executor, Status};
use serde_json::{json, Value};

use super::count_states;

/// One documented execution: example name, seed file, input, per-resource results in call order.
struct Case {
    example: &'static str,
    seed: &'static str,
    input: Value,
    results: Vec<(&'static str, Vec<Value>)>,
    /// Transitions of the hand-written machine on this input (the seed README's table).
    seed_transitions: usize,
    /// Ours, asserted exactly so a regression shows.
    transitions: usize,
}

fn cases() -> Vec<Case> {
    let feed = "arn:aws:lambda:REGION:ACCOUNT_ID:function:serverless-stepfunctions-dev-";
    let entry = json!({"date": 1483652400000i64, "price": "964.7425"});
    let tx = json!({"TransactionId": "abc", "Type": "PURCHASE"});
    let job_req =
        json!({"jobName": "classify", "jobQueue": "heavy", "jobDefinition": "classifier:1"});
    let lifecycle = json!({"AutoScalingGroupName": "asg", "LifecycleHookName": "drain", "LifecycleActionToken": "t", "EC2InstanceId": "i-1"});
    let client = json!({"CLIENT_ID": "c-1", "CLIENT_NAME": "Acme", "SOURCE_IDENTIFIER": "crm", "CREATED_TIMESTAMP": "2019-05-23T10:00:00Z", "ENTITIES": {"L": "orders,invoices"}});
    vec![
        Case {
            example: "coindesk",
            seed: "01-coindesk-fetch-parse-persist",
            input: json!({}),
            results: vec![
                (
                    Box::leak(format!("{feed}fetchFeed").into_boxed_str()),
                    vec![json!("{\"bpi\":{}}")],
                ),
                (
                    Box::leak(format!("{feed}parseFeed").into_boxed_str()),
                    vec![entry.clone()],
                ),
                (
                    Box::leak(format!("{feed}writeEntry").into_boxed_str()),
                    vec![entry.clone()],
                ),
            ],
            seed_transitions: 3,
            transitions: 3,
        },
        Case {
            example: "meetup",
            seed: "02-meetup.invalid",
            input: json!({"crystalClear": false}),
            results: vec![],
            seed_transitions: 8,
            transitions: 8,
        },
        Case {
            example: "first-state",
            seed: "03-first-state-timeout",
            input: json!({}),
            results: vec![],
            seed_transitions: 1,
            transitions: 1,
        },
        Case {
            example: "batch-job",
            seed: "04-batch-job-poller",
            input: job_req.clone(),
            results: vec![
                ("submitBatchJob", vec![json!({"jobId": "j-1"})]),
                (
                    "getBatchJobStatus",
                    vec![
                        json!({"jobId": "j-1", "status": "RUNNING"}),
                        json!({"jobId": "j-1", "status": "RUNNING"}),
                        json!({"jobId": "j-1", "status": "SUCCEEDED"}),
                    ],
                ),
            ],
            seed_transitions: 11,
            transitions: 11,
        },
        Case {
            example: "hello-world-pass",
            seed: "05-local-hello-world-pass",
            input: json!({"comment": "I am a great input !"}),
            results: vec![],
            seed_transitions: 1,
            transitions: 1,
        },
        Case {
            example: "transaction-history",
            seed: "06-transaction-history-pipeline",
            input: tx.clone(),
            results: vec![
                ("arn:aws:states:::dynamodb:putItem", vec![json!({})]),
                ("authorize-credentials", vec![json!({"authorized": true})]),
                ("commit-transaction", vec![json!({"committed": true})]),
                (
                    "arn:aws:states:::sns:publish",
                    vec![json!({"MessageId": "m-1"})],
                ),
            ],
            seed_transitions: 4,
            transitions: 4,
        },
        Case {
            example: "hello-world-choice",
            seed: "07-hello-world-choice",
            input: json!({}),
            results: vec![
                (
                    "hello",
                    vec![json!({"hello": {"name": "Hadrian", "success": true}})],
                ),
                (
                    "world",
                    vec![json!({"hello": {"name": "Hadrian", "success": true}})],
                ),
                (
                    "fromUsername",
                    vec![json!({"hello": {"name": "Hadrian", "success": true}})],
                ),
            ],
            seed_transitions: 5,
            transitions: 5,
        },
        Case {
            example: "transactions",
            seed: "08-transaction-type-choice",
            input: json!({"TransactionId": "abc", "TransactionType": "PURCHASE"}),
            // The seed's placeholder ARN and the example's real-form one.
            results: vec![
                (
                    "FUNCTION_NAME",
                    vec![json!({"TransactionId": "abc", "status": "done"})],
                ),
                (
                    "ProcessPurchase",
                    vec![json!({"TransactionId": "abc", "status": "done"})],
                ),
            ],
            seed_transitions: 2,
            transitions: 2,
        },
        Case {
            example: "transaction-sqs",
            seed: "09-transaction-sqs",
            input: tx.clone(),
            results: vec![(
                "arn:aws:states:::sqs:sendMessage",
                vec![json!({"MessageId": "m-1"})],
            )],
            seed_transitions: 2,
            transitions: 1,
        },
        Case {
            example: "transaction-sns",
            seed: "10-transaction-sns",
            input: tx.clone(),
            results: vec![(
                "arn:aws:states:::sns:publish",
                vec![json!({"MessageId": "m-1"})],
            )],
            seed_transitions: 2,
            transitions: 1,
        },
        Case {
            example: "dynamodb-clients",
            seed: "11-dynamodb-putitem-clients",
            input: client,
            results: vec![("arn:aws:states:::dynamodb:putItem", vec![json!({})])],
            seed_transitions: 1,
            transitions: 1,
        },
        Case {
            example: "dynamodb-to-sqs",
            seed: "12-dynamodb-getitem-to-sqs",
            input: json!({"List": ["m-1", "m-2"]}),
            results: vec![
                (
                    "arn:aws:states:::dynamodb:getItem",
                    vec![json!({"Item": {"MessageId": {"S": "m-1"}, "Message": {"S": "hello"}}})],
                ),
                (
                    "arn:aws:states:::sqs:sendMessage",
                    vec![json!({"MessageId": "q-1"})],
                ),
            ],
            seed_transitions: 2,
            transitions: 2,
        },
        Case {
            example: "ecs-drainer",
            seed: "14-ecs-drainer",
            input: lifecycle,
            results: vec![
                ("ecs-drain-instance", vec![json!({})]),
                ("ecs-count-running-tasks", vec![json!(2), json!(0)]),
                ("ecs-complete-lifecycle-action", vec![json!({})]),
            ],
            seed_transitions: 8,
            transitions: 8,
        },
        Case {
            example: "fetch-loop",
            seed: "16-fetch-external-datasource-loop",
            input: json!({}),
            results: vec![(
                "arn:aws:lambda:......",
                vec![
                    json!({"offset": 0, "continue": true}),
                    json!({"offset": 25, "continue": true}),
                    json!({"offset": 50, "continue": true}),
                    json!({"offset": 75, "continue": false}),
                    Value::Null,
                ],
            )],
            seed_transitions: 8,
            transitions: 8,
        },
        Case {
            example: "fetch-pdfs",
            seed: "13-fetch-pdfs-map",
            input: json!({"pdfs": ["a.pdf", "b.pdf", "c.pdf"]}),
            results: vec![
                (
                    "generatePayload",
                    vec![
                        json!({"payload": [{"url": "a.pdf"}, {"url": "b.pdf"}, {"url": "c.pdf"}]}),
                    ],
                ),
                (
                    "fetchPDF",
                    vec![
                        json!({"key": "a"}),
                        json!({"key": "b"}),
                        json!({"key": "c"}),
                    ],
                ),
                ("mergePDFs", vec![json!({"key": "merged"})]),
            ],
            seed_transitions: 6,
            transitions: 6,
        },
        Case {
            example: "etl-file-transfer",
            seed: "15-etl-file-transfer-parallel",
            input: json!({}),
            results: vec![
                (
                    "arn:aws:states:us-west-2:123456789012:activity:file-transfer",
                    vec![json!({"message": "File Transfer Completed"})],
                ),
                ("file-transfer-master", vec![json!({})]),
                ("file-transfer-status", vec![json!({})]),
            ],
            seed_transitions: 8,
            transitions: 8,
        },
    ]
}

#[test]
fn examples_cost_no_more_than_the_hand_written_asl() {
    let examples = asl_examples::all();
    let mut table = Vec::new();
    for case in cases() {
        let (_, _, d) = examples
            .iter()
            .find(|(_, n, _)| *n == case.example)
            .unwrap_or_else(|| panic!("no example {}", case.example));
        let ours = d.state_machine().unwrap_or_else(|e| panic!("{e}"));
        let seed_text = std::fs::read_to_string(format!(
            "{}/tests/corpus/seeds/{}.asl.json",
            env!("CARGO_MANIFEST_DIR"),
            case.seed
        ))
        .unwrap();
        let seed = asl_model::parse_str(&seed_text).unwrap();
        let mut ex = Executor::new(&ours);
        for (key, results) in &case.results {
            ex = ex.returns(*key, results.clone());
        }
        let run = ex.run(case.input.clone());
        assert_eq!(
            run.status,
            Status::Succeeded,
            "{}: {:?} {:?} {:?}",
            case.example,
            run.error,
            run.cause,
            run.states_entered()
        );
        let (our_states, seed_states) = (count_states(&ours.states), count_states(&seed.states));
        // The same run on the JSONata form: same output, no more states or transitions.
        let jsonata = d
            .as_jsonata()
            .state_machine()
            .unwrap_or_else(|e| panic!("{e}"));
        let mut ex = Executor::new(&jsonata);
        for (key, results) in &case.results {
            ex = ex.returns(*key, results.clone());
        }
        let jrun = ex.run(case.input.clone());
        assert_eq!(
            (jrun.status, &jrun.output),
            (run.status, &run.output),
            "{}: JSONata {:?} {:?}",
            case.example,
            jrun.error,
            jrun.cause
        );
        let jsonata_states = count_states(&jsonata.states);
        assert!(
            jsonata_states <= our_states && jrun.transitions() <= run.transitions(),
            "{}: JSONata {jsonata_states} states, {} transitions; JSONPath {our_states}, {}",
            case.example,
            jrun.transitions(),
            run.transitions()
        );
        table.push(format!(
            "| {} | {} | {} | {} | {} | {} | {} |",
            case.example,
            our_states,
            jsonata_states,
            seed_states,
            run.transitions(),
            jrun.transitions(),
            case.seed_transitions
        ));
        assert_eq!(
            run.transitions(),
            case.transitions,
            "{}: path {:?}",
            case.example,
            run.states_entered()
        );
        assert!(
            run.transitions() <= case.seed_transitions,
            "{}: {} transitions, hand-written {}",
            case.example,
            run.transitions(),
            case.seed_transitions
        );
        assert!(
            our_states <= seed_states,
            "{}: {our_states} states, hand-written {seed_states}",
            case.example
        );
    }
    println!("| example | states | JSONata states | hand-written states | transitions | JSONata transitions | hand-written transitions |\n|---|---|---|---|---|---|---|\n{}", table.join("\n"));
}
