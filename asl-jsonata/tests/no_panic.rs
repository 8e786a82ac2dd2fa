//! No input makes the engine panic, overflow its stack or hang: 100,000 fuzzed expressions
//! (mutated suite expressions, token soup, arbitrary bytes, deep nesting) through parse and
//! evaluate, each under a short time limit. A failure prints the expression to reproduce it.

use std::path::Path;
use std::time::Duration;

use asl_jsonata::{Expression, Options};
use serde_json::json;

/// xorshift64*: reproducible from the seed printed on failure.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const TOKENS: &[&str] = &[
    "$",
    "$$",
    "$x",
    "$f",
    "a",
    "b",
    "`c d`",
    "*",
    "**",
    ".",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    ",",
    ";",
    ":",
    "?",
    "+",
    "-",
    "*",
    "/",
    "%",
    "&",
    "=",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    ":=",
    "~>",
    "..",
    "^(",
    "#$i",
    "@$o",
    "|",
    "and",
    "or",
    "in",
    "true",
    "false",
    "null",
    "0",
    "1",
    "-1",
    "1e308",
    "0.5",
    "'s'",
    "\"t\"",
    "/a+/i",
    "function($v){",
    "λ($x)<n-n>{",
    "$sum(",
    "$map(",
    "$string(",
    "$substring(",
    "$split(",
    "$replace(",
    "$match(",
    "$sort(",
    "$reduce(",
    "$formatNumber(",
    "$fromMillis(",
    "$toMillis(",
    "$pad(",
    "$repeat(",
    "$range(",
    "$eval(",
    "$partition(",
    "$parse(",
    "$hash(",
    "?",
    "[1..5]",
    "[1..1e6]",
];

/// The suite's expressions, or a handful when the suite is absent.
fn seeds() -> Vec<String> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/jsonata-test-suite-2.0.6/groups");
    let mut out = Vec::new();
    if let Ok(groups) = std::fs::read_dir(&dir) {
        for group in groups.flatten() {
            for file in std::fs::read_dir(group.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                let Ok(text) = std::fs::read_to_string(file.path()) else {
                    continue;
                };
                let Ok(json) = serde_json::from_str::<serde_json::Value>(&text) else {
                    continue;
                };
                let cases = match json {
                    serde_json::Value::Array(items) => items,
                    one => vec![one],
                };
                out.extend(
                    cases
                        .iter()
                        .filter_map(|c| c.get("expr")?.as_str().map(String::from)),
                );
            }
        }
    }
    if out.is_empty() {
        eprintln!("../shared/jsonata-test-suite-2.0.6 is absent: fuzzing from built-in seeds only");
        out = [
            "a.b[0]",
            "$sum([1..10])",
            "$map(a, function($v){$v*2})",
            "{'k': a}.k",
        ]
        .map(String::from)
        .to_vec();
    }
    out.sort();
    out
}

fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(chars.len() + 1);
        match rng.below(4) {
            0 if at < chars.len() => {
                chars.remove(at);
            }
            1 => chars
                .splice(at..at, rng.pick(TOKENS).chars())
                .for_each(drop),
            2 if at < chars.len() => chars[at] = char::from(b' ' + rng.below(95) as u8),
            _ => {
                let end = (at + rng.below(8)).min(chars.len());
                let piece: Vec<char> = chars[at..end].to_vec();
                chars.splice(at..at, piece).for_each(drop);
            }
        }
    }
    chars.into_iter().collect()
}

fn generate(rng: &mut Rng, seeds: &[String], i: usize) -> String {
    match i % 8 {
        0..=3 => {
            let seed = rng.pick(seeds).clone();
            mutate(rng, &seed)
        }
        4 | 5 => (0..1 + rng.below(12))
            .map(|_| *rng.pick(TOKENS))
            .collect::<Vec<_>>()
            .join(" "),
        6 => (0..rng.below(24))
            .map(|_| char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'))
            .collect(),
        _ => {
            let n = 1 + rng.below(3000);
            let (open, close) = *rng.pick(&[
                ("(", ")"),
                ("[", "]"),
                ("{'a':", "}"),
                ("-", ""),
                ("$f(", ")"),
                ("a.", ""),
            ]);
            format!("{}1{}", open.repeat(n), close.repeat(n))
        }
    }
}

#[test]
fn fuzzed_expressions_never_panic() {
    let seeds = seeds();
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(100_000);
    let seed = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed_u64);
    let mut rng = Rng(seed | 1);
    let input =
        json!({"a": [{"b": 1, "c": "x"}, {"b": [2, 3], "c": null}], "b": {"c": true}, "s": "text"});
    let options = Options {
        time_limit: Some(Duration::from_millis(200)),
        max_depth: 500,
        random_seed: Some(1),
        now_millis: Some(0.0),
        entropy: None,
        bindings: [("x".to_string(), json!([1, 2, 3]))].into_iter().collect(),
    };
    let (mut parsed, mut evaluated) = (0, 0);
    for i in 0..cases {
        let expr = generate(&mut rng, &seeds, i);
        let started = std::time::Instant::now();
        let outcome = std::panic::catch_unwind(|| {
            Expression::parse(&expr).map(|e| e.evaluate(Some(&input), &options).is_ok())
        });
        if std::env::var("FUZZ_SLOW").is_ok() && started.elapsed() > Duration::from_millis(100) {
            eprintln!("slow ({:?}): {expr}", started.elapsed());
        }
        match outcome {
            Ok(Ok(ok)) => {
                parsed += 1;
                evaluated += usize::from(ok);
            }
            Ok(Err(_)) => {}
            Err(_) => panic!("case {i} (FUZZ_SEED={seed}) panicked on {expr:?}"),
        }
    }
    eprintln!("{cases} fuzzed expressions: {parsed} parse, {evaluated} evaluate without error, none panic");
    assert!(
        parsed > cases / 10,
        "the fuzzer should reach the evaluator: {parsed} parsed"
    );
}
