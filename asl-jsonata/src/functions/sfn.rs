//! The six functions Step Functions adds to JSONata: `$partition`, `$range`, `$hash`,
//! `$random` (with an optional seed), `$uuid` and `$parse`.
//!
//! They stand in for the JSONPath intrinsics `States.ArrayPartition`, `States.ArrayRange`,
//! `States.Hash`, `States.MathRandom`, `States.UUID` and `States.StringToJson`, and are
//! checked against AWS's recorded answers in `../shared/conformance/localstack-sfn`.
//! Their own failures use codes `D3201`–`D3206`, outside the reference's ranges.

use super::string::arg;
use super::{Builtin, Host};
use crate::value::Value;
use crate::Error;

pub(crate) const FUNCTIONS: &[Builtin] = &[
    Builtin {
        name: "partition",
        signature: "<an:a>",
        run: partition,
    },
    Builtin {
        name: "range",
        signature: "<nnn?:a<n>>",
        run: range,
    },
    Builtin {
        name: "hash",
        signature: "<s-s:s>",
        run: hash,
    },
    Builtin {
        name: "random",
        signature: "<n?:n>",
        run: random,
    },
    Builtin {
        name: "uuid",
        signature: "<:s>",
        run: uuid,
    },
    Builtin {
        name: "parse",
        signature: "<s-:j>",
        run: parse,
    },
];

/// The most items `$range` builds: the reference's own range operator stops at the same size.
const MAX_RANGE: f64 = 10_000_000.0;

fn partition(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Value::Array(items) = arg(args, 0) else {
        return Ok(Value::Undefined);
    };
    let size = match arg(args, 1) {
        Value::Number(n) if *n >= 1.0 && n.fract() == 0.0 => *n,
        other => {
            return Err(Error::new(
                "D3201",
                format!(
                    "$partition: the chunk size must be a positive integer, got {}",
                    describe(other)
                ),
            ))
        }
    };
    let size = size.min(items.items.len().max(1) as f64) as usize;
    let chunks = items
        .items
        .chunks(size)
        .map(|chunk| Value::array(chunk.to_vec()))
        .collect();
    Ok(Value::array(chunks))
}

fn range(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let number = |i: usize| match arg(args, i) {
        Value::Number(n) if n.fract() == 0.0 => Ok(Some(*n)),
        Value::Undefined => Ok(None),
        other => Err(Error::new(
            "D3202",
            format!(
                "$range: argument {} must be an integer, got {}",
                i + 1,
                describe(other)
            ),
        )),
    };
    let (Some(start), Some(end)) = (number(0)?, number(1)?) else {
        return Ok(Value::Undefined);
    };
    let step = number(2)?.unwrap_or(1.0);
    if step == 0.0 {
        return Err(Error::new("D3202", "$range: the step must not be 0"));
    }
    let count = ((end - start) / step).floor() + 1.0;
    if count > MAX_RANGE {
        return Err(Error::new(
            "D2014",
            format!("$range: {count} items is more than the {MAX_RANGE} allowed"),
        ));
    }
    let mut items = Vec::with_capacity(count.max(0.0) as usize);
    for i in 0..count.max(0.0) as u64 {
        if i % 65_536 == 0 {
            host.check_time()?;
        }
        items.push(Value::Number(start + i as f64 * step));
    }
    // A sequence: Step Functions answers `$range(1, 9, 9)` with `1`, not `[1]`.
    Ok(Value::sequence(items))
}

fn hash(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    use sha2::Digest;
    let (Some(data), Some(algorithm)) = (arg(args, 0).as_str(), arg(args, 1).as_str()) else {
        return Ok(Value::Undefined);
    };
    let data = data.as_bytes();
    let digest = match algorithm {
        "MD5" => md5::Md5::digest(data).to_vec(),
        "SHA-1" => sha1::Sha1::digest(data).to_vec(),
        "SHA-256" => sha2::Sha256::digest(data).to_vec(),
        "SHA-384" => sha2::Sha384::digest(data).to_vec(),
        "SHA-512" => sha2::Sha512::digest(data).to_vec(),
        other => {
            return Err(Error::new(
                "D3203",
                format!(
                "$hash: unknown algorithm {other:?}; use MD5, SHA-1, SHA-256, SHA-384 or SHA-512"
            ),
            ))
        }
    };
    Ok(Value::string(
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>(),
    ))
}

fn random(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    match arg(args, 0) {
        Value::Number(seed) if seed.fract() == 0.0 => Ok(Value::Number(seeded(*seed))),
        Value::Number(seed) => Err(Error::new(
            "D3204",
            format!("$random: the seed must be an integer, got {seed}"),
        )),
        _ => Ok(Value::Number(host.random())),
    }
}

/// A number in [0, 1) that depends only on the seed (splitmix64 of its bits).
fn seeded(seed: f64) -> f64 {
    let mut z = (seed as i64 as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

fn uuid(host: &mut dyn Host, _: &[Value]) -> Result<Value, Error> {
    Ok(Value::string(host.uuid()))
}

fn parse(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(text) = arg(args, 0).as_str() else {
        return Ok(Value::Undefined);
    };
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(json) => Ok(Value::from_json(&json)),
        Err(e) => Err(Error::new(
            "D3205",
            format!("$parse: the string is not JSON: {e}"),
        )),
    }
}

fn describe(value: &Value) -> String {
    match value.to_json() {
        Some(json) => json.to_string(),
        None => "undefined".into(),
    }
}

#[cfg(test)]
mod tests {
    use crate::{Expression, Options};
    use serde_json::{json, Value as Json};

    fn eval(expr: &str) -> Result<Option<Json>, String> {
        Expression::parse(expr)
            .and_then(|e| e.evaluate(None, &Options::default()))
            .map_err(|e| e.code.to_string())
    }

    #[test]
    fn partition_chunks_with_a_short_last_chunk() {
        assert_eq!(
            eval("$partition([1,2,3,4,5], 2)"),
            Ok(Some(json!([[1, 2], [3, 4], [5]])))
        );
        assert_eq!(eval("$partition([0], 5)"), Ok(Some(json!([[0]]))));
        assert_eq!(eval("$partition([], 2)"), Ok(Some(json!([]))));
        assert_eq!(eval("$partition([1,2], 0)"), Err("D3201".into()));
        assert_eq!(eval("$partition([1,2], 1.5)"), Err("D3201".into()));
    }

    #[test]
    fn range_includes_its_end_and_unwraps_a_singleton() {
        assert_eq!(eval("$range(0, 10, 3)"), Ok(Some(json!([0, 3, 6, 9]))));
        assert_eq!(eval("$range(1, 9, 9)"), Ok(Some(json!(1))));
        assert_eq!(eval("$range(5, 1, -2)"), Ok(Some(json!([5, 3, 1]))));
        assert_eq!(eval("$range(1, 3)"), Ok(Some(json!([1, 2, 3]))));
        assert_eq!(eval("$range(1, 3, 0)"), Err("D3202".into()));
        assert_eq!(eval("$range(0, 1e12)"), Err("D2014".into()));
    }

    #[test]
    fn hash_and_parse() {
        assert_eq!(
            eval("$hash('input data', 'SHA-1')"),
            Ok(Some(json!("aaff4a450a104cd177d28d18d74485e8cae074b7")))
        );
        assert_eq!(eval("$hash('x', 'CRC32')"), Err("D3203".into()));
        assert_eq!(
            eval("$parse('{\"a\": [1, -0]}')"),
            Ok(Some(json!({"a": [1, 0]})))
        );
        assert_eq!(eval("$parse('{')"), Err("D3205".into()));
    }

    #[test]
    fn a_seeded_random_repeats_and_an_unseeded_one_stays_in_range() {
        let a = eval("$random(42)").unwrap().unwrap();
        assert_eq!(eval("$random(42)").unwrap().unwrap(), a);
        assert_ne!(eval("$random(43)").unwrap().unwrap(), a);
        let r = eval("$random()").unwrap().unwrap().as_f64().unwrap();
        assert!((0.0..1.0).contains(&r));
        let u = eval("$uuid()").unwrap().unwrap();
        assert_eq!(u.as_str().unwrap().len(), 36);
        assert_eq!(&u.as_str().unwrap()[14..15], "4");
    }
}
