//! Seed 01: fetch the CoinDesk price feed, parse it, persist it: a plain Lambda chain.

use asl::prelude::*;

use crate::aws::Empty;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct PriceEntry {
    pub date: i64,
    pub price: String,
}

#[task(lambda = "arn:aws:lambda:REGION:ACCOUNT_ID:function:serverless-stepfunctions-dev-fetchFeed")]
pub fn fetch(input: Empty) -> String;

#[task(lambda = "arn:aws:lambda:REGION:ACCOUNT_ID:function:serverless-stepfunctions-dev-parseFeed")]
pub fn parse(raw: String) -> PriceEntry;

#[task(
    lambda = "arn:aws:lambda:REGION:ACCOUNT_ID:function:serverless-stepfunctions-dev-writeEntry"
)]
pub fn persist(entry: PriceEntry) -> PriceEntry;

#[workflow(name = "update-feed", comment = "Step Function that calls the Lambda")]
pub fn update_feed(input: Empty) -> PriceEntry {
    persist(parse(fetch(input)))
}
