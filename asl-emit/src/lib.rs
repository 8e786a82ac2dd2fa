//! Lowering of the workflow IR to ASL, and the back ends: ASL JSON, YAML, serverless-step-functions.

mod deployment;
mod emit;
mod lower;
mod passes;
mod serverless;

use asl_model::ir::Workflow;
use asl_model::{Diagnostic, QueryLanguage, StateMachine};

pub use deployment::{DeploymentError, TemplateError, TemplateOptions};
pub use lower::{lower, lower_jsonata};
pub use serverless::ServerlessOptions;

/// Why a workflow could not be written out.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EmitError {
    /// The workflow uses something ASL cannot express; each entry says where and what to do.
    #[error("workflow `{workflow}` cannot be compiled to ASL:\n{}", .errors.join("\n"))]
    Lowering {
        workflow: String,
        errors: Vec<String>,
    },
    /// The lowering produced a definition the validator rejects (a compiler bug: please report it).
    #[error("workflow `{workflow}` compiled to an invalid state machine:\n{}", .diagnostics.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n"))]
    Invalid {
        workflow: String,
        diagnostics: Vec<Diagnostic>,
    },
    #[error("cannot write YAML: {0}")]
    Yaml(String),
}

/// A compiled workflow: what `my_workflow::definition()` returns. It is emitted in its
/// query language: JSONPath unless the workflow says `query_language = "JSONata"`;
/// `as_jsonata()` gives the same workflow in JSONata, for every output.
#[derive(Debug, Clone, PartialEq)]
pub struct Definition {
    workflow: Workflow,
    language: QueryLanguage,
}

impl Definition {
    /// A JSONPath definition.
    pub fn new(workflow: Workflow) -> Definition {
        Definition {
            workflow,
            language: QueryLanguage::JsonPath,
        }
    }

    /// The same workflow, emitted in `language`.
    pub fn with_query_language(mut self, language: QueryLanguage) -> Definition {
        self.language = language;
        self
    }

    /// The same workflow, emitted as JSONata + Variables.
    pub fn as_jsonata(&self) -> Definition {
        self.clone().with_query_language(QueryLanguage::Jsonata)
    }

    /// The query language the outputs are written in.
    pub fn query_language(&self) -> QueryLanguage {
        self.language
    }

    /// Pretty ASL JSON in JSONata, whatever the workflow's own language.
    pub fn to_json_jsonata(&self) -> Result<String, EmitError> {
        self.as_jsonata().to_json_pretty()
    }

    /// The state machine's name.
    pub fn name(&self) -> &str {
        &self.workflow.name
    }

    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    /// The ASL document, lowered and validated: never an invalid one.
    pub fn state_machine(&self) -> Result<StateMachine, EmitError> {
        let machine = self.lowered()?;
        let diagnostics: Vec<Diagnostic> = asl_model::validate(&machine)
            .into_iter()
            .filter(Diagnostic::is_error)
            .collect();
        if diagnostics.is_empty() {
            Ok(machine)
        } else {
            Err(EmitError::Invalid {
                workflow: self.workflow.name.clone(),
                diagnostics,
            })
        }
    }

    /// The validator's findings (errors and warnings) on the lowered document.
    pub fn validate(&self) -> Result<Vec<Diagnostic>, EmitError> {
        Ok(asl_model::validate(&self.lowered()?))
    }

    fn lowered(&self) -> Result<StateMachine, EmitError> {
        // Back ends may rely on the IR's invariants.
        asl_model::ir::verify(&self.workflow).map_err(|errors| EmitError::Lowering {
            workflow: self.workflow.name.clone(),
            errors,
        })?;
        match self.language {
            QueryLanguage::JsonPath => lower(&self.workflow),
            QueryLanguage::Jsonata => lower_jsonata(&self.workflow),
        }
    }

    /// Compact ASL JSON.
    pub fn to_json(&self) -> Result<String, EmitError> {
        Ok(asl_model::serialize::to_string(&self.state_machine()?))
    }

    /// Pretty ASL JSON, two-space indent.
    pub fn to_json_pretty(&self) -> Result<String, EmitError> {
        Ok(asl_model::serialize::to_string_pretty(
            &self.state_machine()?,
        ))
    }

    /// The ASL document as YAML (the same object as the JSON).
    pub fn to_yaml(&self) -> Result<String, EmitError> {
        let value = asl_model::serialize::to_value(&self.state_machine()?);
        serde_norway::to_string(&value).map_err(|e| EmitError::Yaml(e.to_string()))
    }

    /// A serverless-step-functions document: `stepFunctions: stateMachines: <name>: {…}`.
    pub fn to_serverless(&self, options: &ServerlessOptions) -> Result<String, EmitError> {
        serverless::document(&[self], options)
    }
}

/// Several workflows in one serverless `stepFunctions:` block.
pub fn to_serverless(
    definitions: &[&Definition],
    options: &ServerlessOptions,
) -> Result<String, EmitError> {
    serverless::document(definitions, options)
}
