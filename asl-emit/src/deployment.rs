//! Deployment artefacts of a compiled workflow (asl-deploy on the lowered, validated machine):
//! the execution role's IAM policy, CloudFormation and SAM templates, a Mermaid diagram.

use serde_json::Value;

use crate::{Definition, EmitError};

pub use asl_deploy::{TemplateError, TemplateOptions};

/// Why a deployment artefact could not be written.
#[derive(Debug, Clone, PartialEq)]
pub enum DeploymentError {
    /// The workflow itself does not compile.
    Emit(EmitError),
    /// The definition has something a template cannot carry (the error says where).
    Template(TemplateError),
}

impl std::fmt::Display for DeploymentError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeploymentError::Emit(e) => write!(f, "{e}"),
            DeploymentError::Template(e) => write!(f, "cannot write the template: {e}"),
        }
    }
}

impl std::error::Error for DeploymentError {}

impl From<EmitError> for DeploymentError {
    fn from(e: EmitError) -> Self {
        DeploymentError::Emit(e)
    }
}

impl Definition {
    /// The least-privilege policy document of the execution role (`{"Version", "Statement"}`),
    /// with region and account `*` and the workflow's name as the state machine's.
    pub fn iam_policy(&self) -> Result<Value, EmitError> {
        let options = asl_deploy::PolicyOptions {
            state_machine_name: Some(self.name().to_string()),
            ..asl_deploy::PolicyOptions::default()
        };
        Ok(asl_deploy::permissions(&self.state_machine()?, &options).document())
    }

    /// A CloudFormation template: the state machine, its role, and a Parameter for each
    /// value the template does not define.
    pub fn to_cloudformation(&self, options: &TemplateOptions) -> Result<Value, DeploymentError> {
        let options = self.template_options(options);
        asl_deploy::to_cloudformation(&self.state_machine()?, &options)
            .map_err(DeploymentError::Template)
    }

    /// The same as a SAM template (`AWS::Serverless::StateMachine`).
    pub fn to_sam(&self, options: &TemplateOptions) -> Result<Value, DeploymentError> {
        let options = self.template_options(options);
        asl_deploy::to_sam(&self.state_machine()?, &options).map_err(DeploymentError::Template)
    }

    /// A Mermaid flowchart of the state machine.
    pub fn to_mermaid(&self) -> Result<String, EmitError> {
        Ok(asl_deploy::to_mermaid(&self.state_machine()?))
    }

    fn template_options(&self, options: &TemplateOptions) -> TemplateOptions {
        TemplateOptions {
            state_machine_name: options.state_machine_name.clone(),
            description: Some(options.description.clone().unwrap_or_else(|| {
                format!(
                    "The {} state machine and its least-privilege execution role",
                    self.name()
                )
            })),
        }
    }
}
