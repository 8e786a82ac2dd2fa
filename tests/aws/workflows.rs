//! The workflows, one per integration (and one per `#[task]` key), with the payload types they carry.

use asl::aws::http::{Authentication, HttpInvoke, HttpResponse};
use asl::aws::{dynamodb, events, lambda, sns, sqs, states};
use asl::prelude::*;

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
