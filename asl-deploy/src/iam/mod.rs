//! The least-privilege IAM policy of a state machine's execution role, derived from every
//! Task resource, every Map ItemReader / ResultWriter and every distributed Map.
//!
//! Each integration family has its own module; they add [`Grants`] (actions on resources),
//! and [`permissions`] groups them into sorted statements. Resources are written as the
//! definition writes them: literal ARNs, `${Name}` placeholders kept for CloudFormation's
//! `Fn::Sub`, and `*` for any part a JSONPath or JSONata expression picks at run time.

mod dynamodb;
mod endpoints;
pub(crate) mod fields;
mod jobs;
mod lambda;
mod messaging;
mod s3;
mod sdk;
mod states;

use std::collections::{BTreeMap, BTreeSet};

use asl_model::{Graph, MapState, ProcessorMode, Resource, State, StateMachine, TaskState};
use indexmap::IndexMap;
use serde_json::{json, Value};

pub(crate) use fields::{field, Field};

/// Where the policy will be used: the parts of ARNs the definition does not give.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyOptions {
    /// `aws`, `aws-cn`, … or `${AWS::Partition}`.
    pub partition: String,
    /// A region, `*`, or `${AWS::Region}`.
    pub region: String,
    /// An account id, `*`, or `${AWS::AccountId}`.
    pub account: String,
    /// The state machine's own name: distributed Maps and HTTP Tasks grant on its ARN.
    /// `None` writes `*` for it.
    pub state_machine_name: Option<String>,
}

impl Default for PolicyOptions {
    fn default() -> Self {
        PolicyOptions {
            partition: "aws".into(),
            region: "*".into(),
            account: "*".into(),
            state_machine_name: None,
        }
    }
}

impl PolicyOptions {
    /// `arn:PARTITION:SERVICE:REGION:ACCOUNT:REST`.
    pub(crate) fn arn(&self, service: &str, rest: &str) -> String {
        format!(
            "arn:{}:{service}:{}:{}:{rest}",
            self.partition, self.region, self.account
        )
    }

    fn machine_name(&self) -> &str {
        self.state_machine_name.as_deref().unwrap_or("*")
    }

    /// The ARN of the state machine itself.
    pub(crate) fn machine_arn(&self) -> String {
        self.arn("states", &format!("stateMachine:{}", self.machine_name()))
    }

    /// The ARNs of the child executions a distributed Map of this machine starts.
    pub(crate) fn machine_child_executions(&self) -> String {
        self.arn("states", &format!("execution:{}/*", self.machine_name()))
    }

    /// The EventBridge managed rule a `.sync` integration uses to learn that its job ended.
    pub(crate) fn managed_rule(&self, name: &str) -> String {
        self.arn("events", &format!("rule/{name}"))
    }
}

/// One `Allow` statement of the policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Statement {
    /// Sorted, e.g. `["lambda:InvokeFunction"]`.
    pub actions: Vec<String>,
    /// Sorted ARNs (or `*`).
    pub resources: Vec<String>,
    /// An IAM `Condition` block, when the grant has one.
    pub condition: Option<String>,
}

impl Statement {
    pub fn to_value(&self) -> Value {
        let mut s = serde_json::Map::new();
        s.insert("Effect".into(), json!("Allow"));
        s.insert("Action".into(), json!(self.actions));
        s.insert("Resource".into(), json!(self.resources));
        if let Some(c) = &self.condition {
            // The condition is kept as JSON text so statements sort and compare exactly.
            let value: Value = serde_json::from_str(c).unwrap_or(Value::Null);
            s.insert("Condition".into(), value);
        }
        Value::Object(s)
    }
}

/// Something the policy could not derive exactly; the statements still allow the call.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Note {
    /// JSON pointer of the state, e.g. `/States/Notify`.
    pub state: String,
    pub message: String,
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.state, self.message)
    }
}

/// The policy's statements and what could not be derived exactly.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Permissions {
    pub statements: Vec<Statement>,
    pub notes: Vec<Note>,
    /// Some statement is on the machine's own ARN (distributed Map, HTTP Task), so a
    /// template must give the machine a name the policy can say.
    pub names_own_machine: bool,
}

impl Permissions {
    /// `{"Version": "2012-10-17", "Statement": [...]}`.
    pub fn document(&self) -> Value {
        json!({
            "Version": "2012-10-17",
            "Statement": self.statements.iter().map(Statement::to_value).collect::<Vec<_>>(),
        })
    }

    /// True when some statement allows `action` on exactly `resource` (or on `*`).
    pub fn allows(&self, action: &str, resource: &str) -> bool {
        self.statements.iter().any(|s| {
            s.actions.iter().any(|a| a == action)
                && s.resources.iter().any(|r| r == resource || r == "*")
        })
    }
}

/// The least-privilege policy document for `machine`, with region and account `*`.
pub fn iam_policy(machine: &StateMachine) -> Value {
    permissions(machine, &PolicyOptions::default()).document()
}

/// The statements and notes for `machine`, ARNs completed from `options`.
pub fn permissions(machine: &StateMachine, options: &PolicyOptions) -> Permissions {
    let mut grants = Grants {
        options,
        state: String::new(),
        allowed: BTreeMap::new(),
        notes: BTreeSet::new(),
        names_own_machine: false,
    };
    grants.walk(&machine.states, "");
    grants.finish()
}

/// What the integration modules add to while the walk visits each state.
pub(crate) struct Grants<'a> {
    pub options: &'a PolicyOptions,
    /// The pointer of the state being visited.
    state: String,
    /// (resource, condition) → actions.
    allowed: BTreeMap<(String, Option<String>), BTreeSet<String>>,
    notes: BTreeSet<Note>,
    names_own_machine: bool,
}

impl Grants<'_> {
    /// The machine's own ARN, and the ARNs of the child executions a distributed Map starts.
    pub fn own_machine(&mut self) -> (String, String) {
        self.names_own_machine = true;
        if self.options.state_machine_name.is_none() {
            self.note(
                "the policy names this state machine's own ARN; its name is not known here, \
                 so the policy writes stateMachine:*",
            );
        }
        (
            self.options.machine_arn(),
            self.options.machine_child_executions(),
        )
    }

    pub fn allow(&mut self, actions: &[&str], resources: &[String]) {
        self.allow_if(actions, resources, None);
    }

    pub fn allow_if(&mut self, actions: &[&str], resources: &[String], condition: Option<Value>) {
        let condition = condition.map(|c| c.to_string());
        for r in resources {
            let entry = self
                .allowed
                .entry((r.clone(), condition.clone()))
                .or_default();
            entry.extend(actions.iter().map(|a| a.to_string()));
        }
    }

    pub fn note(&mut self, message: impl Into<String>) {
        self.notes.insert(Note {
            state: self.state.clone(),
            message: message.into(),
        });
    }

    fn walk(&mut self, states: &IndexMap<String, State>, prefix: &str) {
        for (name, state) in states {
            let pointer = format!("{prefix}/States/{}", pointer_escape(name));
            self.state = pointer.clone();
            match state {
                State::Task(task) => self.task(task),
                State::Parallel(p) => {
                    for (i, branch) in p.branches.iter().enumerate() {
                        self.walk(&branch.states, &format!("{pointer}/Branches/{i}"));
                    }
                }
                State::Map(map) => self.map(map, &pointer),
                _ => {}
            }
        }
    }

    fn task(&mut self, task: &TaskState) {
        let payload = task.parameters.as_ref().or(task.arguments.as_ref());
        match &task.resource {
            Resource::Arn(arn) => self.resource(arn, payload),
            Resource::Intrinsic(value) => match fields::intrinsic_placeholder(value) {
                Some(placeholder) => self.resource(&placeholder, payload),
                None => self.note(format!(
                    "Resource {value} is a CloudFormation intrinsic this policy cannot read \
                     (use Fn::GetAtt, Ref or Fn::Sub): no statement for it"
                )),
            },
        }
        if let Some(credentials) = &task.credentials {
            match field(Some(credentials), "RoleArn") {
                Field::Literal(role) => self.allow(&["sts:AssumeRole"], &[role]),
                _ => {
                    self.note("Credentials.RoleArn is chosen at run time: sts:AssumeRole on *");
                    self.allow(&["sts:AssumeRole"], &["*".into()]);
                }
            }
        }
    }

    /// A Task's resource ARN (or placeholder) and its Parameters / Arguments.
    fn resource(&mut self, arn: &str, payload: Option<&Value>) {
        if let Some(integration) = Integration::parse(arn) {
            return self.integration(&integration, payload);
        }
        if lambda::is_function_arn(arn) {
            let resources = lambda::function_resources(self.options, arn);
            return self.allow(&["lambda:InvokeFunction"], &resources);
        }
        if is_activity_arn(arn) {
            // The worker calls states:GetActivityTask and SendTask*: nothing for the machine.
            return;
        }
        if fields::is_whole_placeholder(arn) {
            self.note(format!(
                "Resource {arn} is a placeholder: taken to be a Lambda function ARN"
            ));
            let resources = lambda::function_resources(self.options, arn);
            return self.allow(&["lambda:InvokeFunction"], &resources);
        }
        self.note(format!(
            "Resource {arn} is neither a Lambda function, an activity nor an \
             arn:aws:states::: integration: no statement for it"
        ));
    }

    fn integration(&mut self, integration: &Integration, payload: Option<&Value>) {
        if integration.sdk {
            return sdk::grant(self, integration);
        }
        let handled = match integration.service {
            "lambda" => lambda::grant(self, integration, payload),
            "sqs" | "sns" | "events" => messaging::grant(self, integration, payload),
            "dynamodb" => dynamodb::grant(self, integration, payload),
            "states" | "http" => states::grant(self, integration, payload),
            "glue" | "ecs" | "batch" | "codebuild" => jobs::grant(self, integration, payload),
            "apigateway" | "bedrock" | "athena" => endpoints::grant(self, integration, payload),
            _ => false,
        };
        if !handled {
            let action = format!(
                "{}:{}",
                sdk::iam_prefix(integration.service),
                sdk::pascal_case(integration.action)
            );
            self.note(format!(
                "{}:{} has no derivation here: {action} on *; check the integration's \
                 IAM page for its resources",
                integration.service, integration.action
            ));
            self.allow(&[action.as_str()], &["*".into()]);
        }
    }

    fn map(&mut self, map: &MapState, pointer: &str) {
        let distributed = map
            .processor()
            .and_then(|g| g.processor_config.as_ref())
            .and_then(|c| c.mode)
            == Some(ProcessorMode::Distributed);
        if distributed {
            let (machine, children) = self.own_machine();
            self.allow(&["states:StartExecution"], &[machine]);
            self.allow(
                &["states:DescribeExecution", "states:StopExecution"],
                &[children],
            );
        }
        if let Some(reader) = &map.item_reader {
            s3::item_reader(self, reader);
        }
        if let Some(writer) = &map.result_writer {
            s3::result_writer(self, writer);
        }
        let (key, graph): (&str, Option<&Graph>) = match (&map.item_processor, &map.iterator) {
            (Some(g), _) => ("ItemProcessor", Some(g)),
            (None, Some(g)) => ("Iterator", Some(g)),
            _ => ("ItemProcessor", None),
        };
        if let Some(graph) = graph {
            self.walk(&graph.states, &format!("{pointer}/{key}"));
        }
    }

    fn finish(self) -> Permissions {
        // Resources that need the same actions (under the same condition) share a statement.
        let mut grouped: BTreeMap<(Vec<String>, Option<String>), Vec<String>> = BTreeMap::new();
        for ((resource, condition), actions) in self.allowed {
            grouped
                .entry((actions.into_iter().collect(), condition))
                .or_default()
                .push(resource);
        }
        let statements = grouped
            .into_iter()
            .map(|((actions, condition), resources)| Statement {
                actions,
                resources,
                condition,
            })
            .collect();
        Permissions {
            statements,
            notes: self.notes.into_iter().collect(),
            names_own_machine: self.names_own_machine,
        }
    }
}

/// `arn:PARTITION:states:::SERVICE:ACTION[.sync|.sync:2|.waitForTaskToken]`, and the
/// `aws-sdk:SERVICE:ACTION` form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Integration<'a> {
    pub sdk: bool,
    pub service: &'a str,
    pub action: &'a str,
    pub pattern: Pattern,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pattern {
    RequestResponse,
    /// `.sync` and `.sync:2`.
    Sync,
    WaitForTaskToken,
}

impl<'a> Integration<'a> {
    pub fn parse(arn: &'a str) -> Option<Integration<'a>> {
        let rest = arn.strip_prefix("arn:")?;
        let (_partition, rest) = rest.split_once(':')?;
        let rest = rest.strip_prefix("states:::")?;
        let (rest, pattern) = if let Some(r) = rest.strip_suffix(".sync:2") {
            (r, Pattern::Sync)
        } else if let Some(r) = rest.strip_suffix(".sync") {
            (r, Pattern::Sync)
        } else if let Some(r) = rest.strip_suffix(".waitForTaskToken") {
            (r, Pattern::WaitForTaskToken)
        } else {
            (rest, Pattern::RequestResponse)
        };
        let (sdk, rest) = match rest.strip_prefix("aws-sdk:") {
            Some(r) => (true, r),
            None => (false, rest),
        };
        let (service, action) = rest.split_once(':')?;
        if service.is_empty() || action.is_empty() {
            return None;
        }
        Some(Integration {
            sdk,
            service,
            action,
            pattern,
        })
    }
}

fn is_activity_arn(arn: &str) -> bool {
    let parts: Vec<&str> = arn.splitn(7, ':').collect();
    parts.len() >= 7 && parts[0] == "arn" && parts[2] == "states" && parts[5] == "activity"
}

/// RFC 6901: `~` → `~0`, `/` → `~1`.
fn pointer_escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}
