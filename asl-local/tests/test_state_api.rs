//! `asl_local::test_state` as a library: the inspection levels, a Task inside a Map branch run
//! without a mock, the fields that need a mock, and JSONPath Wait timestamps.

use asl_local::{
    test_state, InspectionLevel, TestStateError, TestStateMock, TestStateOptions, TestStateStatus,
};
use serde_json::json;

fn machine() -> asl_model::StateMachine {
    asl_model::parse_str(
        r#"{"StartAt": "Each", "States": {
          "Each": {"Type": "Map", "ItemProcessor": {"StartAt": "Call", "States": {
              "Call": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "End": true}}},
            "Next": "Read"},
          "Read": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
              "Parameters": {"Bucket": "b", "Key": "k"}},
            "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"},
              "StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
            "Next": "Until"},
          "Until": {"Type": "Wait", "TimestampPath": "$.at", "End": true}}}"#,
    )
    .unwrap()
}

#[test]
fn info_level_leaves_out_the_inspection_data() {
    let options = TestStateOptions {
        inspection_level: InspectionLevel::Info,
        ..TestStateOptions::default()
    };
    let input = json!({"at": "2025-03-01T10:00:00+01:00"});
    let report = test_state(&machine(), "Until", input, &options).unwrap();
    assert_eq!(report.inspection_data, None);
    assert_eq!(
        report.to_json(),
        json!({"stateName": "Until", "stateType": "Wait", "queryLanguage": "JSONPath",
               "status": "SUCCEEDED", "output": {"at": "2025-03-01T10:00:00+01:00"}})
    );
    let report = test_state(
        &machine(),
        "Until",
        json!({"at": "2025-03-01T10:00:00+01:00"}),
        &TestStateOptions::default(),
    )
    .unwrap();
    let data = report.inspection_data.unwrap();
    assert_eq!(
        data.wait,
        Some(json!({"until": "2025-03-01T09:00:00.000Z"}))
    );
}

#[test]
fn a_task_in_an_unmocked_map_fails_and_says_to_mock_the_map() {
    let report = test_state(&machine(), "Each", json!([1]), &TestStateOptions::default()).unwrap();
    assert_eq!(report.status, TestStateStatus::Failed);
    assert_eq!(report.error.as_deref(), Some("asl-local.NoHandler"));
    assert!(
        report
            .cause
            .as_deref()
            .unwrap_or_default()
            .ends_with("(test-state runs branches and iterations without task handlers: pass a mock of the whole state's result instead)"),
        "{:?}",
        report.cause
    );
    let options = TestStateOptions {
        mock: Some(TestStateMock::Result(json!(["sent"]))),
        ..TestStateOptions::default()
    };
    let report = test_state(&machine(), "Each", json!([1]), &options).unwrap();
    assert_eq!(report.status, TestStateStatus::Succeeded);
    assert_eq!(report.output, Some(json!(["sent"])));
    assert_eq!(report.next_state.as_deref(), Some("Read"));
}

#[test]
fn an_item_reader_needs_a_mock() {
    let e = test_state(&machine(), "Read", json!({}), &TestStateOptions::default()).unwrap_err();
    assert_eq!(
        e,
        TestStateError::Unsupported(
            "the Map state 'Read' has ItemReader, which test-state does not run: pass a mock of the Map state's result".into()
        )
    );
    let options = TestStateOptions {
        mock: Some(TestStateMock::Error {
            error: "S3.NoSuchKey".into(),
            cause: "gone".into(),
        }),
        ..TestStateOptions::default()
    };
    let report = test_state(&machine(), "Read", json!({}), &options).unwrap();
    assert_eq!(report.status, TestStateStatus::Failed);
    assert_eq!(report.error.as_deref(), Some("S3.NoSuchKey"));
    assert_eq!(
        report.inspection_data.unwrap().note.as_deref(),
        Some("ItemReader not read: the mock is the Map state's result")
    );
}

fn tolerant_map(tolerated: u64) -> asl_model::StateMachine {
    let text = r#"{"StartAt": "Each", "States": {
      "Each": {"Type": "Map", "ToleratedFailureCount": TOLERATED, "ItemProcessor": {"StartAt": "Check", "States": {
          "Check": {"Type": "Choice", "Choices": [{"Variable": "$", "NumericEquals": 2, "Next": "Bad"}], "Default": "Good"},
          "Bad": {"Type": "Fail", "Error": "Item.Bad", "Cause": "two"},
          "Good": {"Type": "Pass", "End": true}}},
        "End": true}}}"#;
    asl_model::parse_str(&text.replace("TOLERATED", &tolerated.to_string())).unwrap()
}

#[test]
fn a_map_tolerates_failed_iterations_up_to_its_count() {
    let options = TestStateOptions::default();
    let report = test_state(&tolerant_map(1), "Each", json!([1, 2, 3]), &options).unwrap();
    assert_eq!(report.status, TestStateStatus::Succeeded);
    assert_eq!(
        report.output,
        Some(json!([1, {"Error": "Item.Bad", "Cause": "two"}, 3]))
    );
    let report = test_state(&tolerant_map(0), "Each", json!([1, 2, 3]), &options).unwrap();
    assert_eq!(report.status, TestStateStatus::Failed);
    assert_eq!(
        report.error.as_deref(),
        Some("States.ExceedToleratedFailureThreshold")
    );
    assert_eq!(
        report.cause.as_deref(),
        Some("The Map state failed because 1 of 3 iterations failed, more than the tolerated failures allow (last error: Item.Bad: two).")
    );
    let branches = report.inspection_data.unwrap().branches.unwrap();
    assert_eq!(branches[1].states_entered, ["Check", "Bad"]);
    assert_eq!(branches[1].error.as_deref(), Some("Item.Bad"));
}
