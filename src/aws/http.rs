//! The HTTP Task (`arn:aws:states:::http:invoke`): request and response types for
//! `#[task(http = true)] fn call(request: HttpInvoke<Body>) -> HttpResponse<Out>;`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::Payload;

/// The `Parameters` of `http:invoke`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct HttpInvoke<T> {
    /// The URL, `https://…`.
    pub api_endpoint: String,
    /// `GET`, `POST`, `PUT`, `DELETE`, `PATCH`, `OPTIONS` or `HEAD`.
    pub method: String,
    pub authentication: Authentication,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_body: Option<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub query_parameters: Option<BTreeMap<String, String>>,
}

/// The EventBridge connection that holds the API's credentials.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct Authentication {
    pub connection_arn: String,
}

/// What `http:invoke` returns; `ResponseBody` is parsed JSON when the API answers with JSON.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct HttpResponse<T> {
    pub status_code: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status_text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub headers: Option<serde_json::Value>,
    pub response_body: T,
}
