//! Job services run with `.sync`: Glue `startJobRun`, ECS `runTask`, Batch `submitJob`,
//! CodeBuild `startBuild` (the start call, and for `.sync` the polling, stopping and the
//! EventBridge managed rule the service integration uses).

use serde_json::Value;

use super::{field, Field, Grants, Integration, Pattern};

pub(crate) fn grant(
    grants: &mut Grants,
    integration: &Integration,
    payload: Option<&Value>,
) -> bool {
    let sync = integration.pattern == Pattern::Sync;
    match (integration.service, integration.action) {
        ("glue", "startJobRun") => {
            let job = named(grants, payload, "JobName", "glue", "job/");
            let mut actions = vec!["glue:StartJobRun"];
            if sync {
                actions.extend(["glue:BatchStopJobRun", "glue:GetJobRun", "glue:GetJobRuns"]);
            }
            grants.allow(&actions, &[job]);
        }
        ("codebuild", "startBuild") => {
            let project = named(grants, payload, "ProjectName", "codebuild", "project/");
            let mut actions = vec!["codebuild:StartBuild"];
            if sync {
                actions.extend(["codebuild:BatchGetBuilds", "codebuild:StopBuild"]);
                managed_rule(grants, "StepFunctionsGetEventForCodeBuildStartBuildRule");
            }
            grants.allow(&actions, &[project]);
        }
        ("ecs", "runTask") => {
            let task_definition = match field(payload, "TaskDefinition") {
                Field::Literal(t) if t.starts_with("arn:") => t,
                Field::Literal(t) if t.contains(':') => {
                    grants.options.arn("ecs", &format!("task-definition/{t}"))
                }
                Field::Literal(t) => grants.options.arn("ecs", &format!("task-definition/{t}:*")),
                _ => {
                    grants.note(
                        "TaskDefinition is chosen at run time: ecs:RunTask on task-definition/*",
                    );
                    grants.options.arn("ecs", "task-definition/*")
                }
            };
            grants.allow(&["ecs:RunTask"], &[task_definition]);
            grants.note(
                "ecs:runTask: a task with a task role or execution role also needs iam:PassRole \
                 on those roles; add it to the role",
            );
            if sync {
                grants.allow(&["ecs:DescribeTasks", "ecs:StopTask"], &["*".into()]);
                managed_rule(grants, "StepFunctionsGetEventsForECSTaskRule");
            }
        }
        ("batch", "submitJob") => {
            let mut actions = vec!["batch:SubmitJob"];
            if sync {
                actions.extend(["batch:DescribeJobs", "batch:TerminateJob"]);
                managed_rule(grants, "StepFunctionsGetEventsForBatchJobsRule");
            }
            grants.allow(&actions, &["*".into()]);
        }
        _ => return false,
    }
    true
}

fn managed_rule(grants: &mut Grants, name: &str) {
    let rule = grants.options.managed_rule(name);
    grants.allow(
        &["events:DescribeRule", "events:PutRule", "events:PutTargets"],
        &[rule],
    );
}

/// The ARN `arn:P:SERVICE:R:A:PREFIXNAME` of a resource named by `key`.
fn named(
    grants: &mut Grants,
    payload: Option<&Value>,
    key: &str,
    service: &str,
    prefix: &str,
) -> String {
    match field(payload, key) {
        Field::Literal(name) if name.starts_with("arn:") => name,
        Field::Literal(name) => grants.options.arn(service, &format!("{prefix}{name}")),
        _ => {
            grants.note(format!("{key} is chosen at run time: {prefix}*"));
            grants.options.arn(service, &format!("{prefix}*"))
        }
    }
}
