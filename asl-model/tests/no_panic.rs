//! Parse + validate never panic: arbitrary JSON and mutated corpus files (100,000 cases in all).

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Map, Value};

fn arbitrary_json() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("Type".to_string()),
        Just("StartAt".to_string()),
        Just("States".to_string()),
        Just("Next".to_string()),
        Just("End".to_string()),
        Just("Choices".to_string()),
        Just("Variable".to_string()),
        Just("Branches".to_string()),
        Just("ItemProcessor".to_string()),
        Just("Retry".to_string()),
        Just("Catch".to_string()),
        Just("ErrorEquals".to_string()),
        Just("Parameters".to_string()),
        Just("And".to_string()),
        Just("Not".to_string()),
        Just("Seconds".to_string()),
        Just("QueryLanguage".to_string()),
        "[A-Za-z.$]{0,8}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        prop_oneof![
            Just("Task".to_string()),
            Just("Pass".to_string()),
            Just("Choice".to_string()),
            Just("Map".to_string()),
            Just("Parallel".to_string()),
            Just("Wait".to_string()),
            Just("$.a[0].b".to_string()),
            Just("States.Format('{}', $.x)".to_string()),
            Just("{% $states.input %}".to_string()),
            Just("A".to_string()),
            ".{0,12}",
        ]
        .prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn corpus() -> &'static [Value] {
    static CORPUS: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    CORPUS.get_or_init(load_corpus)
}

fn load_corpus() -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let mut out = Vec::new();
    for dir in ["valid", "seeds", "invalid"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        let mut paths: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            if p.to_string_lossy().ends_with(".json") {
                if let Ok(v) = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()) {
                    out.push(v);
                }
            }
        }
    }
    out
}

/// Every node of `v` as a pointer, so a mutation can pick one.
fn pointers(v: &Value, here: String, out: &mut Vec<String>) {
    out.push(here.clone());
    match v {
        Value::Object(m) => m.iter().for_each(|(k, c)| {
            pointers(
                c,
                format!("{here}/{}", k.replace('~', "~0").replace('/', "~1")),
                out,
            )
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, c)| pointers(c, format!("{here}/{i}"), out)),
        _ => {}
    }
}

fn check(v: &Value) {
    if let Ok(m) = asl_model::parse_value(v) {
        let _ = asl_model::validate(&m);
        let _ = asl_model::serialize::to_string(&m);
    }
    let _ = asl_model::parse_str(&v.to_string());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 50_000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_json_never_panics(v in arbitrary_json()) {
        check(&v);
    }

    #[test]
    fn mutated_corpus_never_panics(doc in any::<prop::sample::Index>(), node in any::<prop::sample::Index>(), replacement in arbitrary_json(), delete in any::<bool>()) {
        let docs = corpus();
        prop_assume!(!docs.is_empty());
        let mut v = docs[doc.index(docs.len())].clone();
        let mut ptrs = Vec::new();
        pointers(&v, String::new(), &mut ptrs);
        let target = &ptrs[node.index(ptrs.len())];
        if delete && !target.is_empty() {
            let (parent, last) = target.rsplit_once('/').unwrap();
            let last = last.replace("~1", "/").replace("~0", "~");
            match v.pointer_mut(parent) {
                Some(Value::Object(m)) => { m.shift_remove(&last); }
                Some(Value::Array(a)) => { if let Ok(i) = last.parse::<usize>() { if i < a.len() { a.remove(i); } } }
                _ => {}
            }
        } else if let Some(slot) = v.pointer_mut(target) {
            *slot = replacement;
        }
        check(&v);
    }
}
