//! From an ASL definition to a deployment: the least-privilege IAM policy its role needs,
//! CloudFormation and SAM templates that stand alone, and Mermaid / Graphviz diagrams.

pub mod cloudformation;
pub mod graph;
pub mod iam;
mod placeholders;

pub use cloudformation::{to_cloudformation, to_sam, to_yaml, TemplateError, TemplateOptions};
pub use graph::{to_dot, to_mermaid};
pub use iam::{iam_policy, permissions, Note, Permissions, PolicyOptions, Statement};
