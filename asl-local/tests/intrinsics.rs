//! Every intrinsic function, with exact results and error cases, evaluated through a Pass state's
//! Parameters (`{"r.$": "States.…"}`).

mod harness;

use asl_local::{Executor, Status};
use harness::machine;
use serde_json::{json, Value};

/// Runs `{"r.$": expr}` against `input`; `Ok(r)` or `Err((error, cause))`.
fn eval_seeded(expr: &str, input: Value, seed: u64) -> Result<Value, (String, String)> {
    let m = machine(json!({
        "StartAt": "P",
        "States": {"P": {"Type": "Pass", "Parameters": {"r.$": expr}, "End": true}}
    }));
    let run = Executor::new(&m).seed(seed).run(input);
    match run.status {
        Status::Succeeded => Ok(run.output.unwrap()["r"].clone()),
        _ => Err((run.error.unwrap_or_default(), run.cause.unwrap_or_default())),
    }
}

fn eval(expr: &str, input: Value) -> Result<Value, (String, String)> {
    eval_seeded(expr, input, 0)
}

fn ok(expr: &str, input: Value) -> Value {
    eval(expr, input).unwrap_or_else(|e| panic!("{expr}: {e:?}"))
}

fn fails(expr: &str, input: Value) -> String {
    match eval(expr, input) {
        Ok(v) => panic!("{expr} should fail, gave {v}"),
        Err((error, cause)) => {
            assert_eq!(error, "States.IntrinsicFailure", "{expr}: {cause}");
            cause
        }
    }
}

#[test]
fn format() {
    assert_eq!(
        ok(
            "States.Format('Hello, my name is {}.', $.name)",
            json!({"name": "Arnav"})
        ),
        json!("Hello, my name is Arnav.")
    );
    assert_eq!(
        ok(
            "States.Format($.template, $.name)",
            json!({"name": "Arnav", "template": "Hello, my name is {}."})
        ),
        json!("Hello, my name is Arnav.")
    );
    // Escapes: \{ \} are literal braces, \' a quote, \\ a backslash (the JSON text doubles each backslash).
    assert_eq!(
        ok(r"States.Format('\{\} {} it\'s \\', 1)", json!({})),
        json!(r"{} 1 it's \")
    );
    // How values print: numbers, booleans and null as JSON, arrays [a, b], objects {k=v}.
    assert_eq!(
        ok(
            "States.Format('{} {} {} {} {}', 1.5, true, null, $.a, $.o)",
            json!({"a": [1, "x"], "o": {"k": 1, "l": [2]}})
        ),
        json!("1.5 true null [1, x] {k=1, l=[2]}")
    );
    assert_eq!(
        ok(
            "States.Format('{}{}', 'a', States.Format('<{}>', 'b'))",
            json!({})
        ),
        json!("a<b>")
    );
    let cause = fails("States.Format($.t, 1)", json!({"t": "{} and {}"}));
    assert!(
        cause.contains("2 '{}' placeholder(s) but 1 value(s)"),
        "{cause}"
    );
}

#[test]
fn json_conversions() {
    assert_eq!(
        ok(
            "States.StringToJson($.s)",
            json!({"s": "{\"foo\": \"bar\"}"})
        ),
        json!({"foo": "bar"})
    );
    assert_eq!(
        ok("States.StringToJson($.s)", json!({"s": "[1,2]"})),
        json!([1, 2])
    );
    assert_eq!(
        ok(
            "States.JsonToString($.o)",
            json!({"o": {"foo": "bar", "n": [1, 2.5]}})
        ),
        json!("{\"foo\":\"bar\",\"n\":[1,2.5]}")
    );
    assert_eq!(
        ok("States.JsonToString($.s)", json!({"s": "x"})),
        json!("\"x\"")
    );
    fails("States.StringToJson($.s)", json!({"s": "{bad"}));
    fails("States.StringToJson($.n)", json!({"n": 1}));
}

#[test]
fn arrays() {
    assert_eq!(
        ok("States.Array($.Id)", json!({"Id": 123456})),
        json!([123456])
    );
    assert_eq!(
        ok(
            "States.Array('Foo', 2020, $.j, null)",
            json!({"j": {"a": 1}})
        ),
        json!(["Foo", 2020, {"a": 1}, null])
    );
    assert_eq!(ok("States.Array()", json!({})), json!([]));
    assert_eq!(
        ok(
            "States.ArrayPartition($.a, 4)",
            json!({"a": [1, 2, 3, 4, 5, 6, 7, 8, 9]})
        ),
        json!([[1, 2, 3, 4], [5, 6, 7, 8], [9]])
    );
    assert_eq!(
        ok("States.ArrayPartition($.a, 4)", json!({"a": []})),
        json!([])
    );
    fails("States.ArrayPartition($.a, 0)", json!({"a": [1]}));
    fails("States.ArrayPartition($.a, 1.5)", json!({"a": [1]}));
    fails("States.ArrayPartition($.a, 2)", json!({"a": "x"}));
    assert_eq!(
        ok(
            "States.ArrayContains($.a, $.v)",
            json!({"a": [1, 2, 3, 4, 5, 6, 7, 8, 9], "v": 5})
        ),
        json!(true)
    );
    assert_eq!(
        ok(
            "States.ArrayContains($.a, $.v)",
            json!({"a": [{"k": [1]}], "v": {"k": [1]}})
        ),
        json!(true)
    );
    assert_eq!(
        ok("States.ArrayContains($.a, 'z')", json!({"a": ["a"]})),
        json!(false)
    );
    assert_eq!(
        ok("States.ArrayRange(1, 9, 2)", json!({})),
        json!([1, 3, 5, 7, 9])
    );
    assert_eq!(
        ok("States.ArrayRange(1, 10, 2)", json!({})),
        json!([1, 3, 5, 7, 9])
    );
    assert_eq!(
        ok("States.ArrayRange(5, 1, -2)", json!({})),
        json!([5, 3, 1])
    );
    assert_eq!(ok("States.ArrayRange(5, 1, 1)", json!({})), json!([]));
    assert_eq!(
        ok(
            "States.ArrayLength(States.ArrayRange(1, 1000, 1))",
            json!({})
        ),
        json!(1000)
    );
    assert!(fails("States.ArrayRange(0, 1000, 1)", json!({})).contains("1001 elements"));
    fails("States.ArrayRange(1, 5, 0)", json!({}));
    fails("States.ArrayRange(1, 'x', 1)", json!({}));
    assert_eq!(
        ok(
            "States.ArrayGetItem($.a, $.i)",
            json!({"a": [1, 2, 3, 4, 5, 6, 7, 8, 9], "i": 5})
        ),
        json!(6)
    );
    assert!(
        fails("States.ArrayGetItem($.a, 3)", json!({"a": [1, 2, 3]})).contains("out of bounds")
    );
    fails("States.ArrayGetItem($.a, -1)", json!({"a": [1, 2, 3]}));
    assert_eq!(
        ok(
            "States.ArrayLength($.a)",
            json!({"a": [1, 2, 3, 4, 5, 6, 7, 8, 9]})
        ),
        json!(9)
    );
    fails("States.ArrayLength($.a)", json!({"a": {"x": 1}}));
    assert_eq!(
        ok(
            "States.ArrayUnique($.a)",
            json!({"a": [1, 2, 3, 3, 3, 3, 3, 3, 4]})
        ),
        json!([1, 2, 3, 4])
    );
    assert_eq!(
        ok(
            "States.ArrayUnique($.a)",
            json!({"a": [{"a": 1}, 1, {"a": 1}, 1.0, "1"]})
        ),
        json!([{"a": 1}, 1, "1"])
    );
}

#[test]
fn base64() {
    assert_eq!(
        ok(
            "States.Base64Encode($.input)",
            json!({"input": "Data to encode"})
        ),
        json!("RGF0YSB0byBlbmNvZGU=")
    );
    assert_eq!(
        ok(
            "States.Base64Decode($.b)",
            json!({"b": "RGF0YSB0byBlbmNvZGU="})
        ),
        json!("Data to encode")
    );
    assert_eq!(
        ok("States.Base64Encode('héllo €')", json!({})),
        json!("aMOpbGxvIOKCrA==")
    );
    assert_eq!(
        ok(
            "States.Base64Decode(States.Base64Encode('héllo €'))",
            json!({})
        ),
        json!("héllo €")
    );
    let long = "a".repeat(10_000);
    assert_eq!(
        ok("States.Base64Encode($.s)", json!({ "s": long }))
            .as_str()
            .map(str::len),
        Some(13_336)
    );
    assert!(
        fails("States.Base64Encode($.s)", json!({"s": "a".repeat(10_001)}))
            .contains("10000 characters")
    );
    fails("States.Base64Decode($.b)", json!({"b": "not base64!"}));
    fails("States.Base64Decode($.b)", json!({"b": "/w=="})); // 0xFF is not UTF-8
    fails("States.Base64Encode($.n)", json!({"n": 5}));
}

#[test]
fn hash() {
    let data = json!({"Data": "input data"});
    for (alg, hex) in [
        ("MD5", "812f45842bc6d66ee14572ce20db8e86"),
        ("SHA-1", "aaff4a450a104cd177d28d18d74485e8cae074b7"),
        ("SHA-256", "b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3"),
        ("SHA-384", "d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562"),
        (
            "SHA-512",
            "6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4",
        ),
    ] {
        assert_eq!(ok(&format!("States.Hash($.Data, '{alg}')"), data.clone()), json!(hex), "{alg}");
        let mut input = data.clone();
        input["Algorithm"] = json!(alg);
        assert_eq!(ok("States.Hash($.Data, $.Algorithm)", input), json!(hex), "{alg} from a path");
    }
    assert!(fails(
        "States.Hash($.Data, $.Algorithm)",
        json!({"Data": "x", "Algorithm": "SHA-3"})
    )
    .contains("not a supported algorithm"));
    fails(
        "States.Hash($.Data, 'MD5')",
        json!({"Data": {"not": "a string"}}),
    );
    fails(
        "States.Hash($.Data, 'MD5')",
        json!({"Data": "a".repeat(10_001)}),
    );
}

#[test]
fn json_merge_is_shallow() {
    let input = json!({"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}});
    assert_eq!(
        ok("States.JsonMerge($.json1, $.json2, false)", input.clone()),
        json!({"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3})
    );
    assert!(fails(
        "States.JsonMerge($.json1, $.json2, $.deep)",
        json!({"json1": {}, "json2": {}, "deep": true})
    )
    .contains("shallow"));
    fails(
        "States.JsonMerge($.json1, $.b, false)",
        json!({"json1": {}, "b": [1]}),
    );
}

#[test]
fn math() {
    assert_eq!(
        ok(
            "States.MathAdd($.value1, $.step)",
            json!({"value1": 111, "step": -1})
        ),
        json!(110)
    );
    assert_eq!(ok("States.MathAdd(1.5, 2.4)", json!({})), json!(4)); // 2 + 2: rounded half up
    assert_eq!(ok("States.MathAdd(-1.5, 0)", json!({})), json!(-1));
    assert_eq!(
        ok("States.MathAdd(2147483647, 0)", json!({})),
        json!(2147483647)
    );
    fails("States.MathAdd(2147483648, 0)", json!({}));
    fails("States.MathAdd('1', 0)", json!({}));
    // MathRandom: in [start, end], deterministic for a seed argument whatever the executor seed.
    let with_seed = eval_seeded("States.MathRandom(1, 999, 1234)", json!({}), 1).unwrap();
    assert_eq!(
        eval_seeded("States.MathRandom(1, 999, 1234)", json!({}), 2).unwrap(),
        with_seed
    );
    // Without a seed argument it follows the executor's seed.
    let a = eval_seeded(
        "States.Array(States.MathRandom(1, 1000000), States.MathRandom(1, 1000000))",
        json!({}),
        7,
    )
    .unwrap();
    assert_eq!(
        eval_seeded(
            "States.Array(States.MathRandom(1, 1000000), States.MathRandom(1, 1000000))",
            json!({}),
            7
        )
        .unwrap(),
        a
    );
    assert_ne!(
        eval_seeded(
            "States.Array(States.MathRandom(1, 1000000), States.MathRandom(1, 1000000))",
            json!({}),
            8
        )
        .unwrap(),
        a
    );
    for seed in 0..200 {
        let n = eval_seeded(
            "States.MathRandom($.start, $.end)",
            json!({"start": 1, "end": 3}),
            seed,
        )
        .unwrap();
        assert!((1..=3).contains(&n.as_i64().unwrap()), "{n}");
    }
    assert_eq!(ok("States.MathRandom(5, 5)", json!({})), json!(5));
    fails("States.MathRandom(5, 1)", json!({}));
}

#[test]
fn string_split() {
    assert_eq!(
        ok(
            "States.StringSplit($.inputString, $.splitter)",
            json!({"inputString": "This.is+a,test=string", "splitter": ".+,="})
        ),
        json!(["This", "is", "a", "test", "string"])
    );
    assert_eq!(
        ok("States.StringSplit('1,2,3,4,5', ',')", json!({})),
        json!(["1", "2", "3", "4", "5"])
    );
    assert_eq!(
        ok("States.StringSplit('a,,b,', ',')", json!({})),
        json!(["a", "b"])
    );
    fails("States.StringSplit($.n, ',')", json!({"n": 12}));
}

#[test]
fn uuid_is_v4_and_seeded() {
    let a = eval_seeded("States.UUID()", json!({}), 42).unwrap();
    let s = a.as_str().unwrap();
    assert_eq!(s.len(), 36);
    assert_eq!(s.chars().filter(|c| *c == '-').count(), 4);
    assert_eq!(&s[14..15], "4");
    assert_eq!(eval_seeded("States.UUID()", json!({}), 42).unwrap(), a);
    assert_ne!(eval_seeded("States.UUID()", json!({}), 43).unwrap(), a);
    let two = ok("States.Array(States.UUID(), States.UUID())", json!({}));
    assert_ne!(two[0], two[1]);
}

#[test]
fn nested_calls_and_context() {
    let arn = json!({"ImageRecipe": {"Arn": "arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my.recipe.name/1.0.0"}});
    assert_eq!(
        ok(
            "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1), 'x')",
            arn
        ),
        json!("1.0.x")
    );
    assert_eq!(
        ok("States.Format('{}', $$.State.Name)", json!({})),
        json!("P")
    );
}

#[test]
fn missing_paths_are_runtime_errors() {
    let (error, cause) = eval("States.Format('{}', $.nope)", json!({})).unwrap_err();
    assert_eq!(error, "States.Runtime");
    assert!(cause.contains("could not be found"), "{cause}");
}

#[test]
fn intrinsic_failures_can_be_caught() {
    let m = machine(json!({
        "StartAt": "T",
        "States": {
            "T": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:s3:listBuckets",
                  "Parameters": {"n.$": "States.ArrayGetItem($.a, 9)"},
                  "Catch": [{"ErrorEquals": ["States.IntrinsicFailure"], "ResultPath": "$.err", "Next": "Caught"}],
                  "End": true},
            "Caught": {"Type": "Pass", "End": true}
        }
    }));
    let run = Executor::new(&m).echo(true).run(json!({"a": [1]}));
    assert_eq!(run.status, Status::Succeeded);
    let out = run.output.unwrap();
    assert_eq!(out["err"]["Error"], "States.IntrinsicFailure");
    assert_eq!(
        out["err"]["Cause"],
        "Invalid arguments in States.ArrayGetItem: index 9 is out of bounds for an array of length 1 (field 'n.$')"
    );
    assert!(run.calls.is_empty());
}
