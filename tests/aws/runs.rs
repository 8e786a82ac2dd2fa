//! Native runs, with handlers registered under the integrations' task names, against asl-local runs of the emitted ASL.

use super::*;

#[test]
fn lambda_invoke_runs_natively_and_in_asl() {
    asl::runtime::reset();
    asl::runtime::register("lambda:invoke", |request: lambda::Invoke<Order>| {
        lambda::InvokeOutput {
            payload: Receipt {
                receipt_id: format!("r-{}", request.payload.id),
                approved: true,
            },
            status_code: 200,
            executed_version: Some("$LATEST".into()),
        }
    });
    let native = asl::runtime::run_native(|| lambda_invoke(order())).unwrap();
    assert_eq!(
        native,
        Receipt {
            receipt_id: "r-o-1".into(),
            approved: true
        }
    );
    let calls = asl::runtime::take_calls();
    assert_eq!(calls[0].task, "lambda:invoke");
    assert_eq!(
        calls[0].input["FunctionName"],
        "arn:aws:lambda:us-east-1:123456789012:function:charge"
    );

    let (out, _) = run_asl(
        "lambda_invoke",
        &order(),
        vec![(
            "arn:aws:lambda:us-east-1:123456789012:function:charge",
            receipt_for,
        )],
    );
    assert_eq!(serde_json::from_value::<Receipt>(out).unwrap(), native);
}

#[test]
fn lambda_invoke_with_a_literal_payload_sends_its_json_names() {
    asl::runtime::reset();
    asl::runtime::register("lambda:invoke", |request: lambda::Invoke<Charge>| {
        lambda::InvokeOutput {
            payload: Receipt {
                receipt_id: format!("r-{}", request.payload.order_id),
                approved: request.payload.cents > 10.0,
            },
            status_code: 200,
            executed_version: None,
        }
    });
    let native = asl::runtime::run_native(|| lambda_invoke_literal(order())).unwrap();
    assert_eq!(
        native,
        Receipt {
            receipt_id: "r-o-1".into(),
            approved: true
        }
    );
    let native_calls = native_inputs();
    assert_eq!(
        native_calls[0],
        json!({"FunctionName": "charge", "Payload": {"orderId": "o-1", "cents": 12.5}, "Qualifier": "live"})
    );

    let (out, asl_calls) = run_asl(
        "lambda_invoke_literal",
        &order(),
        vec![("charge", receipt_for)],
    );
    assert_eq!(serde_json::from_value::<Receipt>(out).unwrap(), native);
    // asl-local hands a lambda:invoke handler the Payload.
    assert_eq!(asl_calls[0], native_calls[0]["Payload"]);
}

#[test]
fn sqs_send_message_leaves_out_none_fields() {
    asl::runtime::reset();
    asl::runtime::register("sqs:sendMessage", |m: sqs::SendMessage<Order>| {
        sqs::SendMessageOutput {
            message_id: format!("m-{}", m.message_body.id),
            md5_of_message_body: "0f3e".into(),
        }
    });
    let native = asl::runtime::run_native(|| sqs_send_message(order())).unwrap();
    assert_eq!(native.message_id, "m-o-1");
    let native_calls = native_inputs();
    let (out, asl_calls) = run_asl(
        "sqs_send_message",
        &order(),
        vec![(
            "arn:aws:states:::sqs:sendMessage",
            |p| json!({"MessageId": format!("m-{}", p["MessageBody"]["id"].as_str().unwrap_or("")), "MD5OfMessageBody": "0f3e"}),
        )],
    );
    assert_eq!(
        serde_json::from_value::<sqs::SendMessageOutput>(out).unwrap(),
        native
    );
    // The same request both ways, and no `"MessageGroupId": null`.
    assert_eq!(asl_calls, native_calls);
    assert!(asl_calls[0].get("MessageGroupId").is_none());
}

#[test]
fn sqs_wait_for_task_token_passes_the_token_and_returns_the_callback() {
    asl::runtime::reset();
    asl::runtime::register(
        "sqs:sendMessage.waitForTaskToken",
        |m: sqs::SendMessage<ApprovalRequest>| {
            assert_eq!(m.message_body.task_token, asl::aws::NATIVE_TASK_TOKEN);
            Approval {
                approved: true,
                by: m.message_body.order_id,
            }
        },
    );
    let native = asl::runtime::run_native(|| sqs_wait_for_task_token(order())).unwrap();
    assert_eq!(
        native,
        Approval {
            approved: true,
            by: "o-1".into()
        }
    );
    let (out, asl_calls) = run_asl(
        "sqs_wait_for_task_token",
        &order(),
        vec![(
            "arn:aws:states:::sqs:sendMessage",
            |p| json!({"approved": p["MessageBody"]["taskToken"].is_string(), "by": p["MessageBody"]["orderId"]}),
        )],
    );
    assert_eq!(serde_json::from_value::<Approval>(out).unwrap(), native);
    assert!(asl_calls[0]["MessageBody"]["taskToken"].is_string());
}

#[test]
fn sns_publish_runs_natively_and_in_asl() {
    asl::runtime::reset();
    asl::runtime::register("sns:publish", |p: sns::Publish<Order>| {
        assert_eq!(p.subject.as_deref(), Some("Order placed"));
        sns::PublishOutput {
            message_id: format!("n-{}", p.message.id),
        }
    });
    let native = asl::runtime::run_native(|| sns_publish(order())).unwrap();
    assert_eq!(native.message_id, "n-o-1");
    let native_calls = native_inputs();
    let (out, asl_calls) = run_asl(
        "sns_publish",
        &order(),
        vec![(
            "arn:aws:states:::sns:publish",
            |p| json!({"MessageId": format!("n-{}", p["Message"]["id"].as_str().unwrap_or(""))}),
        )],
    );
    assert_eq!(
        serde_json::from_value::<sns::PublishOutput>(out).unwrap(),
        native
    );
    assert_eq!(asl_calls, native_calls);
}

#[test]
fn dynamodb_items_are_typed_attribute_values() {
    asl::runtime::reset();
    asl::runtime::register("dynamodb:putItem", |put: dynamodb::PutItem<OrderRow>| {
        assert_eq!(put.item.total, dynamodb::N { n: "12.5".into() });
        dynamodb::WriteItemOutput::default()
    });
    asl::runtime::register("dynamodb:getItem", |get: dynamodb::GetItem<OrderKey>| {
        dynamodb::GetItemOutput {
            item: Some(OrderRow {
                id: get.key.id,
                email: dynamodb::S {
                    s: "a@example.com".into(),
                },
                total: dynamodb::N { n: "12.5".into() },
                paid: dynamodb::Bool { bool: false },
            }),
        }
    });
    asl::runtime::register(
        "dynamodb:updateItem",
        |update: dynamodb::UpdateItem<OrderKey, TotalValues>| {
            let mut attributes = dynamodb::Attributes::new();
            attributes.insert(
                "total".into(),
                dynamodb::AttributeValue::N(update.expression_attribute_values.total.n),
            );
            dynamodb::WriteItemOutput {
                attributes: Some(attributes),
            }
        },
    );
    asl::runtime::register(
        "dynamodb:deleteItem",
        |_: dynamodb::DeleteItem<OrderKey>| dynamodb::WriteItemOutput::default(),
    );

    asl::runtime::run_native(|| dynamodb_put_item(order())).unwrap();
    let put = native_inputs();
    assert_eq!(
        put[0]["Item"],
        json!({"id": {"S": "o-1"}, "email": {"S": "a@example.com"}, "total": {"N": "12.5"}, "paid": {"BOOL": false}})
    );
    let (_, asl_put) = run_asl(
        "dynamodb_put_item",
        &order(),
        vec![("arn:aws:states:::dynamodb:putItem", |_| json!({}))],
    );
    assert_eq!(asl_put, put);

    let got = asl::runtime::run_native(|| dynamodb_get_item(order())).unwrap();
    assert_eq!(got.item.as_ref().map(|row| row.id.s.as_str()), Some("o-1"));
    let get = native_inputs();
    assert_eq!(get[0]["Key"], json!({"id": {"S": "o-1"}}));
    let (out, asl_get) = run_asl(
        "dynamodb_get_item",
        &order(),
        vec![(
            "arn:aws:states:::dynamodb:getItem",
            |p| json!({"Item": {"id": p["Key"]["id"], "email": {"S": "a@example.com"}, "total": {"N": "12.5"}, "paid": {"BOOL": false}}}),
        )],
    );
    assert_eq!(asl_get, get);
    assert_eq!(
        serde_json::from_value::<dynamodb::GetItemOutput<OrderRow>>(out).unwrap(),
        got
    );

    let updated = asl::runtime::run_native(|| dynamodb_update_item(order())).unwrap();
    let attributes = updated.attributes.unwrap();
    assert_eq!(
        attributes.get("total"),
        Some(&dynamodb::AttributeValue::N("12.5".into()))
    );
    let update = native_inputs();
    assert_eq!(
        update[0]["ExpressionAttributeValues"],
        json!({":total": {"N": "12.5"}})
    );
    let (_, asl_update) = run_asl(
        "dynamodb_update_item",
        &order(),
        vec![("arn:aws:states:::dynamodb:updateItem", |_| json!({}))],
    );
    assert_eq!(asl_update, update);

    asl::runtime::run_native(|| dynamodb_delete_item(order())).unwrap();
    let delete = native_inputs();
    let (_, asl_delete) = run_asl(
        "dynamodb_delete_item",
        &order(),
        vec![("arn:aws:states:::dynamodb:deleteItem", |_| json!({}))],
    );
    assert_eq!(asl_delete, delete);
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
    asl::runtime::reset();
    asl::runtime::register("events:putEvents", |p: events::PutEvents<Order>| {
        events::PutEventsOutput {
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
        }
    });
    let native = asl::runtime::run_native(|| events_put_events(order())).unwrap();
    assert_eq!(native.entries[0].event_id.as_deref(), Some("e-o-1"));
    let native_calls = native_inputs();
    let (out, asl_calls) = run_asl(
        "events_put_events",
        &order(),
        vec![(
            "arn:aws:states:::events:putEvents",
            |p| json!({"Entries": [{"EventId": format!("e-{}", p["Entries"][0]["Detail"]["id"].as_str().unwrap_or(""))}], "FailedEntryCount": 0}),
        )],
    );
    assert_eq!(
        serde_json::from_value::<events::PutEventsOutput>(out).unwrap(),
        native
    );
    assert_eq!(asl_calls, native_calls);
}

#[test]
fn states_start_execution_async_and_sync() {
    asl::runtime::reset();
    asl::runtime::register(
        "states:startExecution",
        |s: states::StartExecution<Order>| states::StartExecutionOutput {
            execution_arn: format!(
                "{}:{}",
                s.state_machine_arn.replace(":stateMachine:", ":execution:"),
                s.input.id
            ),
            start_date: json!(1767225600000u64),
        },
    );
    asl::runtime::register(
        "states:startExecution.sync:2",
        |s: states::StartExecution<Order>| states::ExecutionOutput {
            output: Receipt {
                receipt_id: format!("r-{}", s.input.id),
                approved: true,
            },
            status: "SUCCEEDED".into(),
            execution_arn: "arn:aws:states:us-east-1:123456789012:execution:charge:x".into(),
            state_machine_arn: Some(s.state_machine_arn),
            name: None,
            start_date: None,
            stop_date: None,
        },
    );
    let started = asl::runtime::run_native(|| states_start_execution(order())).unwrap();
    assert_eq!(
        started.execution_arn,
        "arn:aws:states:us-east-1:123456789012:execution:fulfil:o-1"
    );
    let (out, _) = run_asl(
        "states_start_execution",
        &order(),
        vec![(
            "arn:aws:states:::states:startExecution",
            |p| json!({"ExecutionArn": format!("arn:aws:states:us-east-1:123456789012:execution:fulfil:{}", p["Input"]["id"].as_str().unwrap_or("")), "StartDate": 1767225600000u64}),
        )],
    );
    assert_eq!(
        serde_json::from_value::<states::StartExecutionOutput>(out).unwrap(),
        started
    );

    let receipt = asl::runtime::run_native(|| states_start_execution_sync(order())).unwrap();
    assert_eq!(
        receipt,
        Receipt {
            receipt_id: "r-o-1".into(),
            approved: true
        }
    );
    let (out, _) = run_asl(
        "states_start_execution_sync",
        &order(),
        vec![(
            "arn:aws:states:::states:startExecution.sync:2",
            |p| json!({"Output": receipt_for(&p["Input"]), "Status": "SUCCEEDED", "ExecutionArn": "arn:aws:states:us-east-1:123456789012:execution:charge:x"}),
        )],
    );
    assert_eq!(serde_json::from_value::<Receipt>(out).unwrap(), receipt);
}

#[test]
fn aws_sdk_http_sync_and_callback_tasks_run_natively_and_in_asl() {
    asl::runtime::reset();
    asl::runtime::register("get_invoice", |r: GetObject| GetObjectOutput {
        body: format!("invoice {}", r.key),
        content_type: "text/plain".into(),
    });
    asl::runtime::register("call_payments_api", |r: HttpInvoke<Charge>| HttpResponse {
        status_code: 200,
        status_text: Some("OK".into()),
        headers: None,
        response_body: Receipt {
            receipt_id: format!(
                "r-{}",
                r.request_body.map(|c| c.order_id).unwrap_or_default()
            ),
            approved: true,
        },
    });
    asl::runtime::register("run_report", |j: SubmitJob| JobResult {
        job_id: format!("job-{}", j.job_name),
        status: "SUCCEEDED".into(),
    });
    asl::runtime::register("ask_reviewer", |r: sqs::SendMessage<ApprovalRequest>| {
        Approval {
            approved: true,
            by: r.message_body.order_id,
        }
    });

    let invoice = asl::runtime::run_native(|| aws_sdk_task(order())).unwrap();
    let (out, _) = run_asl(
        "aws_sdk_task",
        &order(),
        vec![(
            "arn:aws:states:::aws-sdk:s3:getObject",
            |p| json!({"Body": format!("invoice {}", p["Key"].as_str().unwrap_or("")), "ContentType": "text/plain"}),
        )],
    );
    assert_eq!(
        serde_json::from_value::<GetObjectOutput>(out).unwrap(),
        invoice
    );

    let receipt = asl::runtime::run_native(|| http_invoke(order())).unwrap();
    let (out, _) = run_asl(
        "http_invoke",
        &order(),
        vec![(
            "arn:aws:states:::http:invoke",
            |p| json!({"StatusCode": 200, "StatusText": "OK", "ResponseBody": receipt_for(&p["RequestBody"])}),
        )],
    );
    assert_eq!(serde_json::from_value::<Receipt>(out).unwrap(), receipt);

    let approval = asl::runtime::run_native(|| sync_and_callback(order())).unwrap();
    let (out, asl_calls) = run_asl(
        "sync_and_callback",
        &order(),
        vec![
            (
                "arn:aws:states:::batch:submitJob",
                |p| json!({"JobId": format!("job-{}", p["JobName"].as_str().unwrap_or("")), "Status": "SUCCEEDED"}),
            ),
            (
                "arn:aws:states:::sqs:sendMessage",
                |p| json!({"approved": true, "by": p["MessageBody"]["orderId"]}),
            ),
        ],
    );
    assert_eq!(serde_json::from_value::<Approval>(out).unwrap(), approval);
    assert!(asl_calls[1]["MessageBody"]["taskToken"].is_string());
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
