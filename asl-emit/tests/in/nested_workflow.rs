//! `child::task()` called from a workflow: `states:startExecution.sync:2` with the argument as
//! `Input`, the child's `Output` the call's value.

use super::build::*;
use asl_model::ir::*;
use serde_json::json;

pub fn workflow() -> Workflow {
    let receipt = obj(vec![field("ok", Shape::Bool)]);
    let mut child = task("child", order(), receipt.clone());
    child.resource = TaskResource::Arn("arn:aws:states:::states:startExecution.sync:2".into());
    child.envelope = Some(Envelope {
        parameters: json!({
            "StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:child",
            "AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$": "$$.Execution.Id",
        }),
        argument_key: "Input".into(),
        output_field: Some("Output".into()),
    });
    workflow_of(
        "nested_workflow",
        vec![("o", order())],
        receipt,
        vec![StmtKind::Return(call(&child, at(0, &[])))],
    )
}
