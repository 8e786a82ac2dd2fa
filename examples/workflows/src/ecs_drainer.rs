//! Seed 14: drain an ECS container instance, wait until its tasks are gone, complete the lifecycle action.

use asl::prelude::*;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct LifecycleEvent {
    pub auto_scaling_group_name: String,
    pub lifecycle_hook_name: String,
    pub lifecycle_action_token: String,
    #[serde(rename = "EC2InstanceId")]
    pub ec2_instance_id: String,
}

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:ecs-drain-instance")]
pub fn drain_instance(e: LifecycleEvent) -> serde_json::Value;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:ecs-count-running-tasks")]
pub fn count_running_tasks(e: LifecycleEvent) -> u32;

#[task(lambda = "arn:aws:lambda:us-east-1:123456789012:function:ecs-complete-lifecycle-action")]
pub fn complete_lifecycle_action(e: LifecycleEvent) -> serde_json::Value;

#[workflow(name = "ecs-drainer")]
pub fn ecs_drainer(e: LifecycleEvent) -> serde_json::Value {
    drain_instance(e.clone());
    loop {
        #[state(name = "WaitForTasksToDrain")]
        sleep(Duration::from_secs(30));
        let running_tasks = count_running_tasks(e.clone());
        #[state(name = "InstanceDrained?")]
        if running_tasks == 0 {
            break;
        }
    }
    complete_lifecycle_action(e)
}
