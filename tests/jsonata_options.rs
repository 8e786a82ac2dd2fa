//! `Option` methods chained in a JSONata workflow (`o.map(…).map(…)`): an `Option`'s `map` is
//! not an iterator's, whatever precedes it, so the value stays a number or `null`, never an
//! array.

use asl::prelude::*;
use asl::testing::Env;

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Reading {
    pub value: Option<i64>,
}

#[derive(Payload, Serialize, Deserialize, Debug, Clone, PartialEq)]
pub struct Scaled {
    pub value: Option<i64>,
    pub or_zero: i64,
}

#[workflow(name = "scale-reading", query_language = "JSONata")]
pub fn scale_reading(r: Reading) -> Scaled {
    let value = r.value.map(|x| x + 1).map(|y| y * 2);
    Scaled {
        value,
        or_zero: r.value.map(|x| x * 3).unwrap_or(0),
    }
}

#[test]
fn chained_option_maps_agree_with_rust() {
    for (value, expected) in [(Some(4), Some(10)), (None, None)] {
        let report = Env::new().check(
            scale_reading::definition(),
            scale_reading,
            Reading { value },
        );
        assert_eq!(
            report.output.unwrap(),
            Scaled {
                value: expected,
                or_zero: value.map_or(0, |x| x * 3),
            }
        );
    }
}
