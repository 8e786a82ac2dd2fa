//! Seed 16: page through an external API until it runs dry, then persist what was fetched.

use asl::prelude::*;

use crate::aws::Empty;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Cursor {
    pub offset: u32,
    #[serde(rename = "continue")]
    pub more: bool,
}

#[task(lambda = "arn:aws:lambda:......")]
pub fn initialize(input: Empty) -> Cursor;

#[task(lambda = "arn:aws:lambda:......")]
pub fn fetch(c: Cursor) -> Cursor;

#[task(lambda = "arn:aws:lambda:......")]
pub fn persist(c: Cursor);

#[workflow(name = "fetchDataFromExternalDatasource")]
pub fn fetch_data_from_external_datasource(input: Empty) {
    let mut c = initialize(input);
    loop {
        c = fetch(c);
        #[state(name = "PersistOrContinue")]
        if !c.more {
            break;
        }
    }
    persist(c)
}
