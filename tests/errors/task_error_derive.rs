//! `#[derive(TaskError)]`: ASL error names, the error object it reads and writes, and its `Payload` shape.

use super::*;

#[test]
fn task_errors_know_their_names_and_round_trip_as_the_error_object() {
    assert_eq!(
        PaymentError::error_names(),
        [
            ("Declined", "PaymentDeclined"),
            ("Fraud", "Payment.Fraud"),
            ("Timeout", "Timeout"),
            ("Busy", "Busy"),
            ("Other", "States.ALL")
        ]
    );
    let info = |error: &str, cause: &str| ErrorInfo {
        error: error.into(),
        cause: cause.into(),
    };
    let failure = |error: &str, cause: &str| Failure {
        error: error.into(),
        cause: cause.into(),
    };

    assert_eq!(
        serde_json::to_value(PaymentError::Declined).unwrap(),
        json!({"Error": "PaymentDeclined", "Cause": ""})
    );
    assert_eq!(
        serde_json::to_value(PaymentError::Fraud(info("Payment.Fraud", "stolen card"))).unwrap(),
        json!({"Error": "Payment.Fraud", "Cause": "stolen card"})
    );
    assert_eq!(
        serde_json::to_value(PaymentError::Other(info("Lambda.Unknown", "boom"))).unwrap(),
        json!({"Error": "Lambda.Unknown", "Cause": "boom"})
    );

    let read: PaymentError =
        serde_json::from_value(json!({"Error": "PaymentDeclined", "Cause": "x"})).unwrap();
    assert_eq!(read, PaymentError::Declined);
    let read: PaymentError =
        serde_json::from_value(json!({"Error": "Payment.Fraud", "Cause": "x"})).unwrap();
    assert_eq!(read, PaymentError::Fraud(info("Payment.Fraud", "x")));
    let read: PaymentError =
        serde_json::from_value(json!({"Error": "Other.Thing", "Cause": "y"})).unwrap();
    assert_eq!(read, PaymentError::Other(info("Other.Thing", "y")));
    let unknown = serde_json::from_value::<CardError>(json!({"Error": "Other.Thing", "Cause": ""}))
        .unwrap_err();
    assert!(
        unknown
            .to_string()
            .contains("`Other.Thing` is not an error of `CardError`"),
        "{unknown}"
    );

    assert_eq!(
        PaymentError::from_failure(&failure("Busy", "c")),
        Some(PaymentError::Busy)
    );
    assert_eq!(
        PaymentError::from_failure(&failure("Nope", "c")),
        Some(PaymentError::Other(info("Nope", "c")))
    );
    assert_eq!(CardError::from_failure(&failure("Nope", "c")), None);
    assert_eq!(
        CardError::from_failure(&failure("Stolen", "c")),
        Some(CardError::Stolen(info("Stolen", "c")))
    );
    assert_eq!(
        PaymentError::Fraud(info("ignored", "why")).to_failure(),
        failure("Payment.Fraud", "why")
    );
    assert_eq!(PaymentError::Timeout.to_failure(), failure("Timeout", ""));

    assert_eq!(<PaymentError as Payload>::shape(), error_object_shape());
    assert_eq!(<ErrorInfo as Payload>::shape(), error_object_shape());
}

#[test]
fn ready_made_error_enums_name_the_asl_errors() {
    let states = StatesError::error_names();
    assert_eq!(states[0], ("Timeout", "States.Timeout"));
    assert!(states.contains(&("TaskFailed", "States.TaskFailed")));
    assert!(states.contains(&("Permissions", "States.Permissions")));
    assert!(states.contains(&("HeartbeatTimeout", "States.HeartbeatTimeout")));
    assert_eq!(states.last(), Some(&("Other", "States.ALL")));
    assert_eq!(
        LambdaError::error_names(),
        [
            ("ServiceException", "Lambda.ServiceException"),
            ("AwsLambdaException", "Lambda.AWSLambdaException"),
            ("SdkClientException", "Lambda.SdkClientException"),
            ("TooManyRequests", "Lambda.TooManyRequestsException"),
            ("Unknown", "Lambda.Unknown"),
        ]
    );
    assert_eq!(AnyError::error_names(), [("Error", "States.ALL")]);
    let any = AnyError::from_failure(&Failure {
        error: "X".into(),
        cause: "y".into(),
    });
    assert_eq!(
        any,
        Some(AnyError::Error(ErrorInfo {
            error: "X".into(),
            cause: "y".into()
        }))
    );
}

#[test]
fn a_result_task_outputs_its_ok_type_and_lists_its_errors() {
    assert_eq!(pay::task().output, receipt_shape());
    assert_eq!(pay::errors(), PaymentError::error_names());
    assert_eq!(
        charge::errors(),
        [("Expired", "Expired"), ("Stolen", "Stolen")]
    );
    // Typed variants in `errors = [...]` are their ASL names.
    assert_eq!(
        charge::task().retry,
        [retry(
            &["Busy", "States.Timeout", "States.TaskFailed"],
            Some(2),
            None
        )]
    );
}
