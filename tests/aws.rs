//! The typed AWS service integrations (`asl::aws`) and the `#[task]` keys for the others
//! (`aws_sdk`, `http`, `sync`, `wait_for_task_token`): one small workflow each, its exact
//! ASL in `tests/golden/aws/<name>.asl.json` (`ASL_BLESS=1` rewrites them), no validator
//! errors, and native runs with handlers registered under the integrations' task names
//! agreeing with asl-local runs of the ASL.
#![allow(deprecated)] // string-keyed `register`, kept as a shim beside `asl::testing::Env`

mod support;

use asl::aws::http::{Authentication, HttpInvoke, HttpResponse};
use asl::aws::{dynamodb, events, lambda, sns, sqs, states};
use asl::prelude::*;
use asl_local::{Executor, Status};
use serde_json::{json, Value};

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Order {
    pub id: String,
    pub amount: f64,
    #[serde(rename = "customerEmail")]
    pub customer_email: String,
    pub total: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Charge {
    #[serde(rename = "orderId")]
    pub order_id: String,
    pub cents: f64,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Receipt {
    #[serde(rename = "receiptId")]
    pub receipt_id: String,
    pub approved: bool,
}

/// Lambda: the order is the payload; the workflow's value is the function's result.
#[workflow]
pub fn lambda_invoke(o: Order) -> Receipt {
    let result: lambda::InvokeOutput<Receipt> = lambda::invoke(lambda::Invoke {
        function_name: "arn:aws:lambda:us-east-1:123456789012:function:charge".into(),
        payload: o,
        qualifier: None,
        invocation_type: None,
    });
    result.payload
}

/// Lambda with a struct literal as the payload (its own JSON names: `orderId`), a qualifier,
/// and the output type given with a turbofish.
#[workflow]
pub fn lambda_invoke_literal(o: Order) -> Receipt {
    let result = lambda::invoke::<_, Receipt>(lambda::Invoke {
        function_name: "charge".into(),
        payload: Charge {
            order_id: o.id,
            cents: o.amount,
        },
        qualifier: Some("live".into()),
        invocation_type: None,
    });
    result.payload
}

/// SQS: the order as the message body; `None` options are left out, `Some` ones written.
#[workflow]
pub fn sqs_send_message(o: Order) -> sqs::SendMessageOutput {
    sqs::send_message(sqs::SendMessage {
        queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/orders".into(),
        message_body: o,
        message_group_id: None,
        message_deduplication_id: None,
        delay_seconds: Some(5),
    })
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct ApprovalRequest {
    #[serde(rename = "taskToken")]
    pub task_token: String,
    #[serde(rename = "orderId")]
    pub order_id: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Approval {
    pub approved: bool,
    pub by: String,
}

/// SQS with a callback: the body carries `$$.Task.Token`; the value is what the worker sends.
#[workflow]
pub fn sqs_wait_for_task_token(o: Order) -> Approval {
    sqs::send_message_wait_for_task_token(sqs::SendMessage {
        queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/approvals".into(),
        message_body: ApprovalRequest {
            task_token: asl::aws::task_token(),
            order_id: o.id,
        },
        message_group_id: None,
        message_deduplication_id: None,
        delay_seconds: None,
    })
}

/// SNS, with the topic ARN as a `${…}` definition substitution.
#[workflow]
pub fn sns_publish(o: Order) -> sns::PublishOutput {
    sns::publish(sns::Publish {
        topic_arn: "${OrdersTopicArn}".into(),
        message: o,
        subject: Some("Order placed".into()),
        message_attributes: None,
    })
}

/// A table's key: one string attribute `id`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct OrderKey {
    pub id: dynamodb::S,
}

/// A stored order: typed attributes under the table's attribute names.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct OrderRow {
    pub id: dynamodb::S,
    pub email: dynamodb::S,
    pub total: dynamodb::N,
    pub paid: dynamodb::Bool,
}

/// The `:value` placeholders of an update expression.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct TotalValues {
    #[serde(rename = ":total")]
    pub total: dynamodb::N,
}

#[workflow]
pub fn dynamodb_put_item(o: Order) -> dynamodb::WriteItemOutput {
    dynamodb::put_item(dynamodb::PutItem {
        table_name: "Orders".into(),
        item: OrderRow {
            id: dynamodb::S { s: o.id },
            email: dynamodb::S {
                s: o.customer_email,
            },
            total: dynamodb::N { n: o.total },
            paid: dynamodb::Bool { bool: false },
        },
        condition_expression: Some("attribute_not_exists(id)".into()),
        expression_attribute_names: None,
        expression_attribute_values: None,
        return_values: None,
    })
}

#[workflow]
pub fn dynamodb_get_item(o: Order) -> dynamodb::GetItemOutput<OrderRow> {
    dynamodb::get_item(dynamodb::GetItem {
        table_name: "Orders".into(),
        key: OrderKey {
            id: dynamodb::S { s: o.id },
        },
        consistent_read: Some(true),
        projection_expression: None,
    })
}

#[workflow]
pub fn dynamodb_update_item(o: Order) -> dynamodb::WriteItemOutput {
    dynamodb::update_item(dynamodb::UpdateItem {
        table_name: "Orders".into(),
        key: OrderKey {
            id: dynamodb::S { s: o.id },
        },
        update_expression: "SET #total = :total".into(),
        expression_attribute_values: TotalValues {
            total: dynamodb::N { n: o.total },
        },
        condition_expression: None,
        expression_attribute_names: None,
        return_values: Some("UPDATED_NEW".into()),
    })
}

#[workflow]
pub fn dynamodb_delete_item(o: Order) -> dynamodb::WriteItemOutput {
    dynamodb::delete_item(dynamodb::DeleteItem {
        table_name: "Orders".into(),
        key: OrderKey {
            id: dynamodb::S { s: o.id },
        },
        condition_expression: None,
        expression_attribute_names: None,
        expression_attribute_values: None,
        return_values: None,
    })
}

/// EventBridge: one entry, built with `vec![…]` of a struct literal.
#[workflow]
pub fn events_put_events(o: Order) -> events::PutEventsOutput {
    events::put_events(events::PutEvents {
        entries: vec![events::Entry {
            detail: o,
            detail_type: "OrderPlaced".into(),
            source: "com.example.orders".into(),
            event_bus_name: Some("orders".into()),
            resources: None,
        }],
    })
}

/// Step Functions, fire and forget.
#[workflow]
pub fn states_start_execution(o: Order) -> states::StartExecutionOutput {
    states::start_execution(states::StartExecution {
        state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:fulfil".into(),
        input: o,
        name: None,
    })
}

/// Step Functions, waiting for the child: its output is typed.
#[workflow]
pub fn states_start_execution_sync(o: Order) -> Receipt {
    let child: states::ExecutionOutput<Receipt> =
        states::start_execution_sync(states::StartExecution {
            state_machine_arn: "arn:aws:states:us-east-1:123456789012:stateMachine:charge".into(),
            input: o,
            name: None,
        });
    child.output
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct GetObject {
    pub bucket: String,
    pub key: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct GetObjectOutput {
    pub body: String,
    pub content_type: String,
}

#[task(aws_sdk = "s3:getObject")]
pub fn get_invoice(request: GetObject) -> GetObjectOutput;

/// Any AWS SDK action through `#[task(aws_sdk = "service:action")]`.
#[workflow]
pub fn aws_sdk_task(o: Order) -> GetObjectOutput {
    get_invoice(GetObject {
        bucket: "invoices".into(),
        key: o.id,
    })
}

#[task(http = true)]
pub fn call_payments_api(request: HttpInvoke<Charge>) -> HttpResponse<Receipt>;

/// An HTTPS API through `#[task(http = true)]`.
#[workflow]
pub fn http_invoke(o: Order) -> Receipt {
    let response = call_payments_api(HttpInvoke {
        api_endpoint: "https://api.example.com/charges".into(),
        method: "POST".into(),
        authentication: Authentication {
            connection_arn: "arn:aws:events:us-east-1:123456789012:connection/payments/0a1b2c3d"
                .into(),
        },
        request_body: Some(Charge {
            order_id: o.id,
            cents: o.amount,
        }),
        headers: None,
        query_parameters: None,
    });
    response.response_body
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct SubmitJob {
    pub job_name: String,
    pub job_queue: String,
    pub job_definition: String,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct JobResult {
    pub job_id: String,
    pub status: String,
}

#[task(resource = "arn:aws:states:::batch:submitJob", sync = true)]
pub fn run_report(job: SubmitJob) -> JobResult;

// A `#[task]` of its own (rather than `sqs::send_message_wait_for_task_token`) to give the
// callback a timeout.
#[task(
    resource = "arn:aws:states:::sqs:sendMessage",
    wait_for_task_token = true,
    timeout = 3600
)]
pub fn ask_reviewer(request: sqs::SendMessage<ApprovalRequest>) -> Approval;

/// `sync = true` and `wait_for_task_token = true` on `#[task]` resources.
#[workflow]
pub fn sync_and_callback(o: Order) -> Approval {
    let _job = run_report(SubmitJob {
        job_name: "report".into(),
        job_queue: "arn:aws:batch:us-east-1:123456789012:job-queue/reports".into(),
        job_definition: "arn:aws:batch:us-east-1:123456789012:job-definition/report:1".into(),
    });
    ask_reviewer(sqs::SendMessage {
        queue_url: "https://sqs.us-east-1.amazonaws.com/123456789012/reviews".into(),
        message_body: ApprovalRequest {
            task_token: asl::aws::task_token(),
            order_id: o.id,
        },
        message_group_id: None,
        message_deduplication_id: None,
        delay_seconds: None,
    })
}

#[task(lambda = "charge")]
pub fn charge_by_name(c: Charge) -> Receipt;
#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:${ChargeFunctionName}")]
pub fn charge_by_substitution(c: Charge) -> Receipt;

/// Deploy-time placeholders: `#{AWS::Region}` in a Lambda ARN made from a name, `${…}`
/// substitutions in a Resource and in an ARN-valued parameter.
#[workflow]
pub fn placeholders(o: Order) -> sns::PublishOutput {
    let _first = charge_by_name(Charge {
        order_id: o.id.clone(),
        cents: o.amount,
    });
    let _second = charge_by_substitution(Charge {
        order_id: o.id.clone(),
        cents: o.amount,
    });
    sns::publish(sns::Publish {
        topic_arn: "arn:aws:sns:#{AWS::Region}:#{AWS::AccountId}:${TopicName}".into(),
        message: o,
        subject: None,
        message_attributes: None,
    })
}

fn definitions() -> Vec<(&'static str, asl::Definition)> {
    vec![
        ("lambda_invoke", lambda_invoke::definition()),
        ("lambda_invoke_literal", lambda_invoke_literal::definition()),
        ("sqs_send_message", sqs_send_message::definition()),
        (
            "sqs_wait_for_task_token",
            sqs_wait_for_task_token::definition(),
        ),
        ("sns_publish", sns_publish::definition()),
        ("dynamodb_put_item", dynamodb_put_item::definition()),
        ("dynamodb_get_item", dynamodb_get_item::definition()),
        ("dynamodb_update_item", dynamodb_update_item::definition()),
        ("dynamodb_delete_item", dynamodb_delete_item::definition()),
        ("events_put_events", events_put_events::definition()),
        (
            "states_start_execution",
            states_start_execution::definition(),
        ),
        (
            "states_start_execution_sync",
            states_start_execution_sync::definition(),
        ),
        ("aws_sdk_task", aws_sdk_task::definition()),
        ("http_invoke", http_invoke::definition()),
        ("sync_and_callback", sync_and_callback::definition()),
        ("placeholders", placeholders::definition()),
    ]
}

#[test]
fn every_integration_matches_its_golden_asl_and_validates() {
    support::check_goldens("aws", definitions(), "aws");
}

fn order() -> Order {
    Order {
        id: "o-1".into(),
        amount: 12.5,
        customer_email: "a@example.com".into(),
        total: "12.5".into(),
    }
}

/// Runs `name` in asl-local with `handlers` (resource → result from the effective
/// Parameters) and returns its output; panics unless it succeeds.
fn run_asl(
    name: &str,
    input: &Order,
    handlers: Vec<(&str, fn(&Value) -> Value)>,
) -> (Value, Vec<Value>) {
    let (_, d) = definitions().into_iter().find(|(n, _)| *n == name).unwrap();
    let machine = d.state_machine().unwrap();
    let mut ex = Executor::new(&machine);
    for (resource, f) in handlers {
        ex = if resource.starts_with("arn:") || resource.starts_with("${") {
            ex.resource(resource, move |v| Ok(f(v)))
        } else {
            ex.lambda(resource, move |v| Ok(f(v)))
        };
    }
    let run = ex.run(serde_json::to_value(input).unwrap());
    assert_eq!(
        run.status,
        Status::Succeeded,
        "{name}: {:?} {:?}",
        run.error,
        run.cause
    );
    let inputs = run.calls.iter().map(|c| c.input.clone()).collect();
    (run.output.clone().unwrap(), inputs)
}

/// The native run's task inputs, in order.
fn native_inputs() -> Vec<Value> {
    asl::runtime::take_calls()
        .into_iter()
        .map(|c| c.input)
        .collect()
}

fn receipt_for(charge_payload: &Value) -> Value {
    json!({"receiptId": format!("r-{}", charge_payload["orderId"].as_str().or(charge_payload["id"].as_str()).unwrap_or("")), "approved": true})
}

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

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(tag = "method")]
pub enum Payment {
    Card { number: String },
    Cash,
}

/// An enum variant literal without a type annotation (its shape comes from the enum's own
/// `LiteralShape`) as a type-parameter payload.
#[workflow]
pub fn lambda_invoke_enum_payload(o: Order) -> Receipt {
    let payment = Payment::Card { number: o.id };
    let result = lambda::invoke::<_, Receipt>(lambda::Invoke {
        function_name: "pay".into(),
        payload: payment,
        qualifier: None,
        invocation_type: None,
    });
    result.payload
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
