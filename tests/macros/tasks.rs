//! `#[task]` and `#[retry]`: the `TaskSpec`s (resource types, timeouts, heartbeats, retries).

use super::*;

#[test]
fn task_specs_carry_resource_types_timeouts_and_retries() {
    assert_eq!(
        charge::task(),
        TaskSpec {
            name: "ChargeCard".into(),
            resource: TaskResource::Lambda("charge-card".into()),
            input: Order::shape(),
            output: receipt_shape(),
            retry: vec![
                RetryPolicy {
                    errors: vec![
                        "States.Timeout".into(),
                        "Lambda.TooManyRequestsException".into()
                    ],
                    interval_seconds: Some(2),
                    max_attempts: Some(6),
                    backoff_rate: Some(2.0),
                    max_delay_seconds: Some(60),
                    jitter_full: Some(true),
                },
                RetryPolicy {
                    errors: vec!["States.ALL".into()],
                    interval_seconds: None,
                    max_attempts: Some(0),
                    backoff_rate: None,
                    max_delay_seconds: None,
                    jitter_full: None,
                },
            ],
            timeout_seconds: Some(300),
            heartbeat_seconds: Some(60),
            timeout_field: None,
            heartbeat_field: None,
            envelope: None,
        }
    );
    assert_eq!(
        approve::task().resource,
        TaskResource::Activity("arn:aws:states:us-east-1:123456789012:activity:approve".into())
    );
    assert_eq!(approve::task().input, receipt_shape());
    assert_eq!(
        notify::task().resource,
        TaskResource::Arn("arn:aws:states:::sns:publish".into())
    );
    assert_eq!(notify::task().output, Shape::Unit);
    assert_eq!(new_id::task().input, Shape::Unit);
    assert_eq!(new_id::task().name, "new_id");
    assert_eq!(double::task().input, Shape::Integer);
}
