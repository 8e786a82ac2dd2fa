//! Each integration's workflow checked with `Env::check`: its typed mock answers the native run
//! and the asl-local runs alike, and the requests are compared as each side made them.

use super::*;

fn receipt(id: &str) -> Receipt {
    Receipt {
        receipt_id: format!("r-{id}"),
        approved: true,
    }
}

#[test]
fn lambda_invoke_runs_natively_and_in_asl() {
    let report = Env::new()
        .mock(lambda::invoke::mock(|request: lambda::Invoke<Order>| {
            Ok(lambda::InvokeOutput {
                payload: receipt(&request.payload.id),
                status_code: 200,
                executed_version: Some("$LATEST".into()),
            })
        }))
        .check(lambda_invoke::definition(), lambda_invoke, order());
    assert_eq!(report.output, Ok(receipt("o-1")));
    assert_eq!(report.calls[0].task, "lambda:invoke");
    assert_eq!(
        report.calls[0].input["FunctionName"],
        "arn:aws:lambda:us-east-1:123456789012:function:charge"
    );
}

#[test]
fn lambda_invoke_with_a_literal_payload_sends_its_json_names() {
    let report = Env::new()
        .mock(lambda::invoke::mock(|request: lambda::Invoke<Charge>| {
            Ok(lambda::InvokeOutput {
                payload: Receipt {
                    receipt_id: format!("r-{}", request.payload.order_id),
                    approved: request.payload.cents > 10.0,
                },
                status_code: 200,
                executed_version: None,
            })
        }))
        .check(
            lambda_invoke_literal::definition(),
            lambda_invoke_literal,
            order(),
        );
    assert_eq!(report.output, Ok(receipt("o-1")));
    let (native, asl) = call_inputs(&report);
    assert_eq!(
        native[0],
        json!({"FunctionName": "charge", "Payload": {"orderId": "o-1", "cents": 12.5}, "Qualifier": "live"})
    );
    // asl-local hands a lambda:invoke function the Payload.
    assert_eq!(asl[0], native[0]["Payload"]);
}

#[test]
fn sqs_send_message_leaves_out_none_fields() {
    let report = Env::new()
        .mock(sqs::send_message::mock(|m: sqs::SendMessage<Order>| {
            Ok(sqs::SendMessageOutput {
                message_id: format!("m-{}", m.message_body.id),
                md5_of_message_body: "0f3e".into(),
            })
        }))
        .check(sqs_send_message::definition(), sqs_send_message, order());
    assert_eq!(report.output.as_ref().unwrap().message_id, "m-o-1");
    // The same request both ways, and no `"MessageGroupId": null`.
    let (native, asl) = call_inputs(&report);
    assert_eq!(asl, native);
    assert!(asl[0].get("MessageGroupId").is_none());
}

#[test]
fn sqs_wait_for_task_token_passes_the_token_and_returns_the_callback() {
    let report = Env::new()
        .mock(sqs::send_message_wait_for_task_token::mock(
            |m: sqs::SendMessage<ApprovalRequest>| {
                assert_eq!(m.message_body.task_token, asl::aws::NATIVE_TASK_TOKEN);
                Ok(Approval {
                    approved: true,
                    by: m.message_body.order_id,
                })
            },
        ))
        .check(
            sqs_wait_for_task_token::definition(),
            sqs_wait_for_task_token,
            order(),
        );
    assert_eq!(
        report.output,
        Ok(Approval {
            approved: true,
            by: "o-1".into()
        })
    );
    // asl-local's request carries its own token (`$$.Task.Token`).
    let (_, asl) = call_inputs(&report);
    let token = &asl[0]["MessageBody"]["taskToken"];
    assert!(
        token.is_string() && *token != asl::aws::NATIVE_TASK_TOKEN,
        "{token}"
    );
}

#[test]
fn sns_publish_runs_natively_and_in_asl() {
    let report = Env::new()
        .mock(sns::publish::mock(|p: sns::Publish<Order>| {
            assert_eq!(p.subject.as_deref(), Some("Order placed"));
            Ok(sns::PublishOutput {
                message_id: format!("n-{}", p.message.id),
            })
        }))
        .check(sns_publish::definition(), sns_publish, order());
    assert_eq!(report.output.as_ref().unwrap().message_id, "n-o-1");
    let (native, asl) = call_inputs(&report);
    assert_eq!(asl, native);
}

fn row(id: dynamodb::S) -> OrderRow {
    OrderRow {
        id,
        email: dynamodb::S {
            s: "a@example.com".into(),
        },
        total: dynamodb::N { n: "12.5".into() },
        paid: dynamodb::Bool { bool: false },
    }
}

#[test]
fn dynamodb_items_are_typed_attribute_values() {
    let mut env = Env::new()
        .mock(dynamodb::put_item::mock(
            |put: dynamodb::PutItem<OrderRow>| {
                assert_eq!(put.item.total, dynamodb::N { n: "12.5".into() });
                Ok(dynamodb::WriteItemOutput::default())
            },
        ))
        .mock(dynamodb::get_item::mock(
            |get: dynamodb::GetItem<OrderKey>| {
                Ok(dynamodb::GetItemOutput {
                    item: Some(row(get.key.id)),
                })
            },
        ))
        .mock(dynamodb::update_item::mock(
            |update: dynamodb::UpdateItem<OrderKey, TotalValues>| {
                let mut attributes = dynamodb::Attributes::new();
                attributes.insert(
                    "total".into(),
                    dynamodb::AttributeValue::N(update.expression_attribute_values.total.n),
                );
                Ok(dynamodb::WriteItemOutput {
                    attributes: Some(attributes),
                })
            },
        ))
        .mock(dynamodb::delete_item::mock(
            |_: dynamodb::DeleteItem<OrderKey>| Ok(dynamodb::WriteItemOutput::default()),
        ));

    let put = env.check(dynamodb_put_item::definition(), dynamodb_put_item, order());
    let (native, asl) = call_inputs(&put);
    assert_eq!(
        native[0]["Item"],
        json!({"id": {"S": "o-1"}, "email": {"S": "a@example.com"}, "total": {"N": "12.5"}, "paid": {"BOOL": false}})
    );
    assert_eq!(asl, native);

    let got = env.check(dynamodb_get_item::definition(), dynamodb_get_item, order());
    let (native, asl) = call_inputs(&got);
    assert_eq!(native[0]["Key"], json!({"id": {"S": "o-1"}}));
    assert_eq!(asl, native);
    assert_eq!(
        got.output.unwrap().item,
        Some(row(dynamodb::S { s: "o-1".into() }))
    );

    let updated = env.check(
        dynamodb_update_item::definition(),
        dynamodb_update_item,
        order(),
    );
    let (native, asl) = call_inputs(&updated);
    assert_eq!(
        native[0]["ExpressionAttributeValues"],
        json!({":total": {"N": "12.5"}})
    );
    assert_eq!(asl, native);
    let attributes = updated.output.unwrap().attributes.unwrap();
    assert_eq!(
        attributes.get("total"),
        Some(&dynamodb::AttributeValue::N("12.5".into()))
    );

    let deleted = env.check(
        dynamodb_delete_item::definition(),
        dynamodb_delete_item,
        order(),
    );
    let (native, asl) = call_inputs(&deleted);
    assert_eq!(
        native[0],
        json!({"TableName": "Orders", "Key": {"id": {"S": "o-1"}}})
    );
    assert_eq!(asl, native);
}

#[test]
fn attribute_values_serialize_as_dynamodb_json() {
    let mut map = dynamodb::Attributes::new();
    map.insert("n".into(), dynamodb::AttributeValue::N("1".into()));
    let value = dynamodb::AttributeValue::L(vec![
        dynamodb::AttributeValue::S("a".into()),
        dynamodb::AttributeValue::Bool(true),
        dynamodb::AttributeValue::Null(true),
        dynamodb::AttributeValue::M(map),
        dynamodb::AttributeValue::StringSet(vec!["x".into()]),
    ]);
    let json = serde_json::to_value(&value).unwrap();
    assert_eq!(
        json,
        json!({"L": [{"S": "a"}, {"BOOL": true}, {"NULL": true}, {"M": {"n": {"N": "1"}}}, {"SS": ["x"]}]})
    );
    assert_eq!(
        serde_json::from_value::<dynamodb::AttributeValue>(json).unwrap(),
        value
    );
}

#[test]
fn events_put_events_sends_an_array_of_entries() {
    let report = Env::new()
        .mock(events::put_events::mock(|p: events::PutEvents<Order>| {
            Ok(events::PutEventsOutput {
                entries: p
                    .entries
                    .iter()
                    .map(|e| events::EntryResult {
                        event_id: Some(format!("e-{}", e.detail.id)),
                        error_code: None,
                        error_message: None,
                    })
                    .collect(),
                failed_entry_count: 0,
            })
        }))
        .check(events_put_events::definition(), events_put_events, order());
    assert_eq!(
        report.output.as_ref().unwrap().entries[0]
            .event_id
            .as_deref(),
        Some("e-o-1")
    );
    let (native, asl) = call_inputs(&report);
    assert_eq!(asl, native);
}

#[test]
fn states_start_execution_async_and_sync() {
    let mut env = Env::new()
        .mock(states::start_execution::mock(
            |s: states::StartExecution<Order>| {
                Ok(states::StartExecutionOutput {
                    execution_arn: format!(
                        "{}:{}",
                        s.state_machine_arn.replace(":stateMachine:", ":execution:"),
                        s.input.id
                    ),
                    start_date: json!(1767225600000u64),
                })
            },
        ))
        .mock(states::start_execution_sync::mock(
            |s: states::StartExecution<Order>| {
                Ok(states::ExecutionOutput {
                    output: receipt(&s.input.id),
                    status: "SUCCEEDED".into(),
                    execution_arn: "arn:aws:states:us-east-1:123456789012:execution:charge:x"
                        .into(),
                    state_machine_arn: Some(s.state_machine_arn),
                    name: None,
                    start_date: None,
                    stop_date: None,
                })
            },
        ));
    let started = env.check(
        states_start_execution::definition(),
        states_start_execution,
        order(),
    );
    assert_eq!(
        started.output.unwrap().execution_arn,
        "arn:aws:states:us-east-1:123456789012:execution:fulfil:o-1"
    );
    let finished = env.check(
        states_start_execution_sync::definition(),
        states_start_execution_sync,
        order(),
    );
    assert_eq!(finished.output, Ok(receipt("o-1")));
}

#[test]
fn aws_sdk_http_sync_and_callback_tasks_run_natively_and_in_asl() {
    let mut env = Env::new()
        .mock(get_invoice::mock(|r: GetObject| GetObjectOutput {
            body: format!("invoice {}", r.key),
            content_type: "text/plain".into(),
        }))
        .mock(call_payments_api::mock(|r: HttpInvoke<Charge>| {
            HttpResponse {
                status_code: 200,
                status_text: Some("OK".into()),
                headers: None,
                response_body: receipt(&r.request_body.map(|c| c.order_id).unwrap_or_default()),
            }
        }))
        .mock(run_report::mock(|j: SubmitJob| JobResult {
            job_id: format!("job-{}", j.job_name),
            status: "SUCCEEDED".into(),
        }))
        .mock(ask_reviewer::mock(
            |r: sqs::SendMessage<ApprovalRequest>| Approval {
                approved: true,
                by: r.message_body.order_id,
            },
        ));

    let invoice = env.check(aws_sdk_task::definition(), aws_sdk_task, order());
    assert_eq!(
        invoice.output,
        Ok(GetObjectOutput {
            body: "invoice o-1".into(),
            content_type: "text/plain".into()
        })
    );

    let paid = env.check(http_invoke::definition(), http_invoke, order());
    assert_eq!(paid.output, Ok(receipt("o-1")));

    let approval = env.check(sync_and_callback::definition(), sync_and_callback, order());
    assert_eq!(
        approval.output,
        Ok(Approval {
            approved: true,
            by: "o-1".into()
        })
    );
    let (_, asl) = call_inputs(&approval);
    assert!(asl[1]["MessageBody"]["taskToken"].is_string());
}

#[test]
fn an_unannotated_enum_variant_literal_is_tagged_as_serde_tags_it() {
    let json = serde_json::to_value(
        lambda_invoke_enum_payload::definition()
            .to_json_pretty()
            .unwrap(),
    )
    .unwrap();
    let text = json.as_str().unwrap_or("");
    assert!(text.contains("\"method\": \"Card\""), "{text}");
    assert!(text.contains("\"number.$\": \"$.id\""), "{text}");
    assert!(lambda_invoke_enum_payload::definition()
        .validate()
        .unwrap()
        .iter()
        .all(|d| !d.is_error()));
}
