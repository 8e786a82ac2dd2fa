//! Amazon DynamoDB: `arn:aws:states:::dynamodb:getItem`, `putItem`, `updateItem`, `deleteItem`.
//!
//! DynamoDB writes every attribute with its type: `{"id": {"S": "o-1"}, "total": {"N": "12.5"}}`.
//! A workflow builds a `Key` or `Item` from its variables as a struct of its own whose
//! fields are the attribute types here, so the JSON keys and the types are both checked:
//!
//! ```ignore
//! #[derive(Payload, Serialize, Deserialize, Debug, Clone)]
//! pub struct OrderKey {
//!     pub id: dynamodb::S,
//! }
//! let found: dynamodb::GetItemOutput<OrderRow> = dynamodb::get_item(dynamodb::GetItem {
//!     table_name: "Orders".into(),
//!     key: OrderKey { id: dynamodb::S { s: order.id } },
//!     consistent_read: None,
//!     projection_expression: None,
//! });
//! // "Key": {"id": {"S.$": "$.id"}}
//! ```
//!
//! Numbers are strings in DynamoDB's JSON (`N { n: "12.5" }`), so a numeric payload field
//! cannot be put into an `N` directly: convert it in a task. [`AttributeValue`] is the
//! untyped form, for results and for native code.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::aws::integration;
use crate::Payload;

/// A string attribute: `{"S": "…"}`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct S {
    #[serde(rename = "S")]
    pub s: String,
}

/// A number attribute: `{"N": "12.5"}` (DynamoDB carries numbers as text).
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct N {
    #[serde(rename = "N")]
    pub n: String,
}

/// A Boolean attribute: `{"BOOL": true}`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Bool {
    #[serde(rename = "BOOL")]
    pub bool: bool,
}

/// A null attribute: `{"NULL": true}`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Null {
    #[serde(rename = "NULL")]
    pub null: bool,
}

/// A map attribute: `{"M": {…}}`, its fields typed attributes again.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct M<T> {
    #[serde(rename = "M")]
    pub m: T,
}

/// A list attribute: `{"L": […]}`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct L<T> {
    #[serde(rename = "L")]
    pub l: Vec<T>,
}

/// Any attribute value, as DynamoDB's JSON writes it.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub enum AttributeValue {
    S(String),
    N(String),
    /// Base64.
    B(String),
    #[serde(rename = "BOOL")]
    Bool(bool),
    #[serde(rename = "NULL")]
    Null(bool),
    M(BTreeMap<String, AttributeValue>),
    L(Vec<AttributeValue>),
    #[serde(rename = "SS")]
    StringSet(Vec<String>),
    #[serde(rename = "NS")]
    NumberSet(Vec<String>),
    #[serde(rename = "BS")]
    BinarySet(Vec<String>),
}

/// Attributes by name, untyped: what `ReturnValues` gives back.
pub type Attributes = BTreeMap<String, AttributeValue>;

/// The `Parameters` of `dynamodb:getItem`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct GetItem<K> {
    pub table_name: String,
    pub key: K,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consistent_read: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub projection_expression: Option<String>,
}

/// What `dynamodb:getItem` returns: the item, absent when no item has the key.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct GetItemOutput<I> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<I>,
}

/// The `Parameters` of `dynamodb:putItem`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct PutItem<I> {
    pub table_name: String,
    pub item: I,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_expression: Option<String>,
    /// `#name` placeholders of the condition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    /// `:value` placeholders of the condition (literal values only: a workflow has no map literals).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression_attribute_values: Option<Attributes>,
    /// `NONE` or `ALL_OLD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_values: Option<String>,
}

/// The `Parameters` of `dynamodb:updateItem`. `V` is a struct of the `:value` placeholders,
/// each field renamed to its placeholder (`#[serde(rename = ":total")] total: N`).
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateItem<K, V> {
    pub table_name: String,
    pub key: K,
    pub update_expression: String,
    pub expression_attribute_values: V,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_expression: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    /// `NONE`, `ALL_OLD`, `UPDATED_OLD`, `ALL_NEW` or `UPDATED_NEW`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_values: Option<String>,
}

/// The `Parameters` of `dynamodb:deleteItem`.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteItem<K> {
    pub table_name: String,
    pub key: K,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub condition_expression: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression_attribute_names: Option<BTreeMap<String, String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expression_attribute_values: Option<Attributes>,
    /// `NONE` or `ALL_OLD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub return_values: Option<String>,
}

/// What `putItem`, `updateItem` and `deleteItem` return: the attributes `ReturnValues` asked for.
#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq, Default)]
#[serde(rename_all = "PascalCase")]
pub struct WriteItemOutput {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attributes: Option<Attributes>,
}

integration! {
    /// Reads one item by its key (`arn:aws:states:::dynamodb:getItem`).
    /// Natively it calls the handler registered as `"dynamodb:getItem"`.
    fn get_item<K, I>(GetItem<K>) -> GetItemOutput<I>;
    task = "dynamodb:getItem", state = "DynamoDbGetItem", resource = "arn:aws:states:::dynamodb:getItem",
    shapes = (GetItem<crate::__private::AnyPayload>, GetItemOutput<crate::__private::AnyPayload>),
}

integration! {
    /// Writes one item (`arn:aws:states:::dynamodb:putItem`).
    /// Natively it calls the handler registered as `"dynamodb:putItem"`.
    fn put_item<I>(PutItem<I>) -> WriteItemOutput;
    task = "dynamodb:putItem", state = "DynamoDbPutItem", resource = "arn:aws:states:::dynamodb:putItem",
    shapes = (PutItem<crate::__private::AnyPayload>, WriteItemOutput),
}

integration! {
    /// Updates one item's attributes (`arn:aws:states:::dynamodb:updateItem`).
    /// Natively it calls the handler registered as `"dynamodb:updateItem"`.
    fn update_item<K, V>(UpdateItem<K, V>) -> WriteItemOutput;
    task = "dynamodb:updateItem", state = "DynamoDbUpdateItem", resource = "arn:aws:states:::dynamodb:updateItem",
    shapes = (UpdateItem<crate::__private::AnyPayload, crate::__private::AnyPayload>, WriteItemOutput),
}

integration! {
    /// Deletes one item by its key (`arn:aws:states:::dynamodb:deleteItem`).
    /// Natively it calls the handler registered as `"dynamodb:deleteItem"`.
    fn delete_item<K>(DeleteItem<K>) -> WriteItemOutput;
    task = "dynamodb:deleteItem", state = "DynamoDbDeleteItem", resource = "arn:aws:states:::dynamodb:deleteItem",
    shapes = (DeleteItem<crate::__private::AnyPayload>, WriteItemOutput),
}
