//! Integrations catch and time out like tasks: a callback workflow whose SQS
//! `.waitForTaskToken` call (`asl::aws::sqs::send_message_wait_for_task_token`) has a timeout
//! and a heartbeat at the call (`#[state(timeout = …, heartbeat = …)]`) and is matched on
//! `Ok(d)` / `Err(StatesError::Timeout)` / `Err(_)`. Its ASL is checked against an exact
//! golden, and `Env::check` runs it natively and in asl-local with mocks that answer in time,
//! take longer than the timeout or the heartbeat (simulated time: nothing waits), or fail.
//! Also `?` and `#[retry]` at an integration call.

use std::time::Duration;

use asl::aws::{sns, sqs};
use asl::prelude::*;
use asl::testing::{Env, Mock, Report};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Order {
    order_id: String,
}

/// The message the approver reads: the order and the token to answer with.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct ApprovalRequest {
    order_id: String,
    task_token: String,
}

/// What the approver sends back with `SendTaskSuccess`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Decision {
    approved: bool,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Outcome {
    status: String,
    approved: bool,
}

const QUEUE: &str = "https://sqs.us-east-1.amazonaws.com/123456789012/approvals";

#[workflow]
fn approval(order: Order) -> Outcome {
    #[state(name = "Ask For Approval", timeout = 300, heartbeat = 60)]
    match sqs::send_message_wait_for_task_token::<_, Decision>(sqs::SendMessage {
        queue_url: QUEUE.to_string(),
        message_body: ApprovalRequest {
            order_id: order.order_id,
            task_token: asl::aws::task_token(),
        },
        message_group_id: None,
        message_deduplication_id: None,
        delay_seconds: None,
    }) {
        Ok(d) => Outcome {
            status: "decided".to_string(),
            approved: d.approved,
        },
        Err(StatesError::Timeout) => Outcome {
            status: "timed out".to_string(),
            approved: false,
        },
        Err(_) => Outcome {
            status: "failed".to_string(),
            approved: false,
        },
    }
}

/// The emitted ASL, reviewed: the Task has the call's TimeoutSeconds and HeartbeatSeconds
/// and its result replaces the input (`d.approved` is `$.approved`); a Catch for
/// `States.Timeout` goes to the "timed out" value, `States.ALL` (every other error) after it
/// to "failed"; both keep the input (`ResultPath: null`), the arms bind no error.
const APPROVAL_ASL: &str = r#"{
  "StartAt": "Ask For Approval",
  "States": {
    "Ask For Approval": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
      "Parameters": {
        "QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/approvals",
        "MessageBody": {
          "order_id.$": "$.order_id",
          "task_token.$": "$$.Task.Token"
        }
      },
      "TimeoutSeconds": 300,
      "HeartbeatSeconds": 60,
      "Catch": [
        {
          "ErrorEquals": [
            "States.Timeout"
          ],
          "ResultPath": null,
          "Next": "Done2"
        },
        {
          "ErrorEquals": [
            "States.ALL"
          ],
          "ResultPath": null,
          "Next": "Done3"
        }
      ],
      "Next": "Done"
    },
    "Done": {
      "Type": "Pass",
      "Parameters": {
        "status": "decided",
        "approved.$": "$.approved"
      },
      "End": true
    },
    "Done2": {
      "Type": "Pass",
      "Parameters": {
        "status": "timed out",
        "approved": false
      },
      "End": true
    },
    "Done3": {
      "Type": "Pass",
      "Parameters": {
        "status": "failed",
        "approved": false
      },
      "End": true
    }
  }
}"#;

fn order() -> Order {
    Order {
        order_id: "o-7".into(),
    }
}

fn outcome(status: &str, approved: bool) -> Outcome {
    Outcome {
        status: status.into(),
        approved,
    }
}

/// The approver's mock: the request it gets is typed; it approves.
fn approver() -> Mock {
    sqs::send_message_wait_for_task_token::mock(|request: sqs::SendMessage<ApprovalRequest>| {
        assert_eq!(request.queue_url, QUEUE);
        Ok(Decision { approved: true })
    })
}

/// An approver whose call fails with `error`.
fn failing_approver(error: StatesError) -> Mock {
    sqs::send_message_wait_for_task_token::mock(
        move |_: sqs::SendMessage<ApprovalRequest>| -> Result<Decision, StatesError> {
            Err(error.clone())
        },
    )
}

/// `approval` checked with `approver` as the approver's mock.
fn check_approval(approver: Mock) -> Report<Outcome> {
    Env::new()
        .mock(approver)
        .check(approval::definition(), approval, order())
}

#[test]
fn the_emitted_asl_is_valid_and_matches_its_golden() {
    let definition = approval::definition();
    let diagnostics = definition.validate().expect("the workflow lowers");
    assert!(diagnostics.iter().all(|d| !d.is_error()), "{diagnostics:?}");
    // No TASK_TOKEN_NO_TIMEOUT warning either: the call has its timeout.
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    let json = definition.to_json_pretty().expect("valid ASL");
    assert_eq!(json, APPROVAL_ASL, "emitted:\n{json}");
}

#[test]
fn an_answer_in_time_takes_the_ok_arm_in_both_runs() {
    let report = check_approval(
        approver()
            .taking(Duration::from_secs(299))
            .heartbeat_every(Duration::from_secs(50)),
    );
    assert_eq!(report.output, Ok(outcome("decided", true)));
    assert_eq!(report.calls.len(), 1);
    assert_eq!(report.calls[0].task, "sqs:sendMessage.waitForTaskToken");
    assert_eq!(
        report.calls[0].input["MessageBody"]["task_token"],
        asl::aws::NATIVE_TASK_TOKEN
    );
}

#[test]
fn a_mock_slower_than_the_timeout_takes_the_timeout_arm_in_both_runs() {
    let report = check_approval(
        approver()
            .taking(Duration::from_secs(301))
            .heartbeat_every(Duration::from_secs(30)),
    );
    assert_eq!(report.output, Ok(outcome("timed out", false)));
    // The ASL run timed the task out on its simulated clock.
    let timed_out = report
        .history()
        .iter()
        .any(|e| format!("{:?}", e.event_type).contains("TimedOut"));
    assert!(timed_out, "{:#?}", report.history());
}

/// A heartbeat timeout is a timeout: Step Functions' `States.Timeout` catcher matches
/// `States.HeartbeatTimeout`, and so does `Err(StatesError::Timeout)` natively.
#[test]
fn a_mock_without_heartbeats_trips_the_heartbeat_and_takes_the_timeout_arm() {
    let mut env = Env::new().mock(approver().taking(Duration::from_secs(120)));
    let native = env.run_workflow(|| approval(order()));
    assert_eq!(native, Ok(outcome("timed out", false)));
    let report = env.check(approval::definition(), approval, order());
    assert_eq!(report.output, Ok(outcome("timed out", false)));
    let events: Vec<String> = report
        .history()
        .iter()
        .map(|e| format!("{:?}", e.event_type))
        .collect();
    assert!(events.iter().any(|e| e.contains("TimedOut")), "{events:?}");
}

/// Catching the heartbeat timeout apart: the arm naming it comes first.
#[workflow]
fn approval_or_heartbeat(order: Order) -> Outcome {
    #[state(timeout = 300, heartbeat = 60)]
    match sqs::send_message_wait_for_task_token::<_, Decision>(sqs::SendMessage {
        queue_url: QUEUE.to_string(),
        message_body: ApprovalRequest {
            order_id: order.order_id,
            task_token: asl::aws::task_token(),
        },
        message_group_id: None,
        message_deduplication_id: None,
        delay_seconds: None,
    }) {
        Ok(d) => Outcome {
            status: "decided".to_string(),
            approved: d.approved,
        },
        Err(StatesError::HeartbeatTimeout) => Outcome {
            status: "approver lost".to_string(),
            approved: false,
        },
        Err(StatesError::Timeout) => Outcome {
            status: "timed out".to_string(),
            approved: false,
        },
        Err(_) => Outcome {
            status: "failed".to_string(),
            approved: false,
        },
    }
}

#[test]
fn a_heartbeat_timeout_caught_apart_agrees_in_both_runs() {
    let check = |approver| {
        Env::new().mock(approver).check(
            approval_or_heartbeat::definition(),
            approval_or_heartbeat,
            order(),
        )
    };
    let silent = check(approver().taking(Duration::from_secs(120)));
    assert_eq!(silent.output, Ok(outcome("approver lost", false)));
    let slow = check(
        approver()
            .taking(Duration::from_secs(400))
            .heartbeat_every(Duration::from_secs(10)),
    );
    assert_eq!(slow.output, Ok(outcome("timed out", false)));
}

#[test]
fn another_error_takes_the_err_arm_in_both_runs() {
    let report = check_approval(failing_approver(StatesError::Other(ErrorInfo {
        error: "Rejected.ByPolicy".into(),
        cause: "the approver refused the token".into(),
    })));
    assert_eq!(report.output, Ok(outcome("failed", false)));
    // A `States.Timeout` the worker itself reports is the timeout arm, as Step Functions
    // matches it by name.
    let report = check_approval(failing_approver(StatesError::Timeout));
    assert_eq!(report.output, Ok(outcome("timed out", false)));
}

/// `?` on an integration call and `#[retry]` / a timeout at it.
#[workflow]
fn notify(order: Order) -> Result<sns::PublishOutput, StatesError> {
    #[retry(errors = ["SNS.Throttled"], max_attempts = 2)]
    #[state(timeout = 30)]
    let sent = sns::publish(sns::Publish {
        topic_arn: "arn:aws:sns:us-east-1:123456789012:orders".to_string(),
        message: order.order_id,
        subject: None,
        message_attributes: None,
    })?;
    Ok(sent)
}

fn published() -> sns::PublishOutput {
    sns::PublishOutput {
        message_id: "m-1".into(),
    }
}

#[test]
fn a_retry_and_a_timeout_at_an_integration_call_are_in_its_state() {
    let machine = notify::definition().state_machine().expect("valid ASL");
    let json = asl_model::serialize::to_value(&machine);
    let task = &json["States"][json["StartAt"].as_str().unwrap()];
    assert_eq!(task["Resource"], "arn:aws:states:::sns:publish");
    assert_eq!(task["TimeoutSeconds"], 30);
    assert_eq!(task["Retry"][0]["ErrorEquals"][0], "SNS.Throttled");
    assert_eq!(task["Retry"][0]["MaxAttempts"], 2);
}

#[test]
fn a_retried_integration_call_agrees_in_both_runs() {
    let mut attempts = 0;
    let report = Env::new()
        .mock(sns::publish::mock(move |_: sns::Publish<String>| {
            attempts += 1;
            if attempts < 3 {
                Err(StatesError::Other(ErrorInfo {
                    error: "SNS.Throttled".into(),
                    cause: "slow down".into(),
                }))
            } else {
                Ok(published())
            }
        }))
        .check(notify::definition(), notify, order());
    assert_eq!(report.output, Ok(published()));
    assert_eq!(report.calls.len(), 3);
}

#[test]
fn question_mark_passes_an_integration_timeout_on_in_both_runs() {
    let report = Env::new()
        .mock(
            sns::publish::mock(|_: sns::Publish<String>| Ok(published()))
                .taking(Duration::from_secs(31)),
        )
        .check(notify::definition(), notify, order());
    let failure = report.output.expect_err("the call timed out");
    assert_eq!(failure.error, "States.Timeout");
    assert_eq!(
        failure.cause,
        "The task ran longer than 30 s (TimeoutSeconds)."
    );
}

/// A `#[task]`'s own timeout holds natively too: a mock slower than it times out.
#[task(lambda = "review", timeout = 60)]
fn review(order: Order) -> Result<Decision, StatesError>;

#[workflow]
fn reviewed(order: Order) -> Outcome {
    match review(order) {
        Ok(d) => Outcome {
            status: "decided".to_string(),
            approved: d.approved,
        },
        Err(StatesError::Timeout) => Outcome {
            status: "timed out".to_string(),
            approved: false,
        },
        Err(_) => Outcome {
            status: "failed".to_string(),
            approved: false,
        },
    }
}

#[test]
fn a_task_declared_timeout_trips_in_both_runs() {
    let taking = |secs| {
        let mock = review::mock(|_: Order| Ok(Decision { approved: true }));
        Env::new()
            .mock(mock.taking(Duration::from_secs(secs)))
            .check(reviewed::definition(), reviewed, order())
    };
    let late = taking(61);
    assert_eq!(late.output, Ok(outcome("timed out", false)));
    let in_time = taking(60);
    assert_eq!(in_time.output, Ok(outcome("decided", true)));
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, Copy, PartialEq)]
enum Priority {
    Urgent,
    Routine,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
struct Ticket {
    order_id: String,
    priority: Priority,
}

#[task(lambda = "escalate")]
fn escalate(ticket: Ticket) -> Decision;

/// `#[state(timeout = …)]` and `#[retry]` on a match arm that is one task call: that call's
/// TimeoutSeconds and Retry, natively too. The `Ok` arm of a caught call takes them alike.
#[workflow]
fn triage(ticket: Ticket) -> Decision {
    match ticket.priority {
        #[state(timeout = 10)]
        Priority::Urgent => escalate(ticket),
        #[retry(errors = ["Busy"], max_attempts = 1)]
        Priority::Routine => match review(Order {
            order_id: ticket.order_id,
        }) {
            Ok(d) => d,
            #[state(timeout = 20)]
            Err(_) => escalate(Ticket {
                order_id: "fallback".to_string(),
                priority: Priority::Routine,
            }),
        },
    }
}

#[test]
fn a_timeout_or_retry_on_a_match_arm_is_its_calls_in_both_runs() {
    let json = asl_model::serialize::to_value(&triage::definition().state_machine().unwrap());
    let states = json["States"].as_object().unwrap();
    let escalations: Vec<_> = states
        .values()
        .filter(|s| {
            s["Resource"]
                .as_str()
                .is_some_and(|r| r.ends_with("escalate"))
        })
        .map(|s| s["TimeoutSeconds"].clone())
        .collect();
    assert_eq!(escalations, [serde_json::json!(10), serde_json::json!(20)]);
    let review_state = states
        .values()
        .find(|s| {
            s["Resource"]
                .as_str()
                .is_some_and(|r| r.ends_with("review"))
        })
        .unwrap();
    assert_eq!(
        review_state["Retry"][0]["ErrorEquals"],
        serde_json::json!(["Busy"])
    );

    let ticket = |priority| Ticket {
        order_id: "o-7".into(),
        priority,
    };
    let escalating = |secs| {
        escalate::mock(|_: Ticket| Decision { approved: true }).taking(Duration::from_secs(secs))
    };
    let check = |mut env: Env, priority| env.check(triage::definition(), triage, ticket(priority));
    let late = check(Env::new().mock(escalating(11)), Priority::Urgent);
    let failure = late.output.unwrap_err();
    assert_eq!(
        (failure.error.as_str(), failure.cause.as_str()),
        (
            "States.Timeout",
            "The task ran longer than 10 s (TimeoutSeconds)."
        )
    );
    let in_time = check(Env::new().mock(escalating(10)), Priority::Urgent);
    assert_eq!(in_time.output, Ok(Decision { approved: true }));

    // `review` is retried once on `Busy`, then its error goes to the `Err` arm, whose
    // escalation has 20 s.
    let busy = || {
        review::mock(|_: Order| {
            Err(StatesError::Other(ErrorInfo {
                error: "Busy".into(),
                cause: "queue full".into(),
            }))
        })
    };
    let routine = |secs| {
        check(
            Env::new().mock(busy()).mock(escalating(secs)),
            Priority::Routine,
        )
    };
    assert_eq!(routine(21).output.unwrap_err().error, "States.Timeout");
    let routine = routine(20);
    assert_eq!(routine.output, Ok(Decision { approved: true }));
    let tasks: Vec<&str> = routine.calls.iter().map(|c| c.task.as_str()).collect();
    assert_eq!(tasks, ["review", "review", "escalate"]);
}
