//! Intrinsic functions of JSONPath states (`States.Format('{}', $.a)` …): parser, arity rules and printer.
//!
//! Arguments are single-quoted strings (with `\'`, `\{`, `\}` and `\\` escapes), numbers,
//! `true`/`false`/`null`, paths (`$.a`, `$$.Execution.Id`, `$var`) and nested calls.
//! Function names and argument counts follow
//! <https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html>.

mod display;
mod functions;
mod parser;

use crate::path::JsonPath;

pub use parser::parse_intrinsic;

/// A parsed intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub struct IntrinsicCall {
    pub function: Intrinsic,
    pub args: Vec<IntrinsicArg>,
}

/// The intrinsic functions Step Functions provides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Intrinsic {
    Format,
    StringToJson,
    JsonToString,
    Array,
    ArrayPartition,
    ArrayContains,
    ArrayRange,
    ArrayGetItem,
    ArrayLength,
    ArrayUnique,
    Base64Encode,
    Base64Decode,
    Hash,
    JsonMerge,
    MathRandom,
    MathAdd,
    StringSplit,
    Uuid,
}

/// One argument of an intrinsic call.
#[derive(Debug, Clone, PartialEq)]
pub enum IntrinsicArg {
    /// A `'…'` literal, escapes decoded (`'it\'s'` holds `it's`). In a `States.Format`
    /// template every `{}` pair is a placeholder; the printer escapes any other brace.
    String(String),
    Number(serde_json::Number),
    Bool(bool),
    Null,
    Path(JsonPath),
    Call(IntrinsicCall),
}

/// Why a string is not a valid intrinsic call: where (a byte offset into it) and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at offset {offset}: {message}")]
pub struct IntrinsicError {
    pub offset: usize,
    pub message: String,
}

/// Hash algorithms `States.Hash` accepts.
pub const HASH_ALGORITHMS: [&str; 5] = ["MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512"];

/// Whether a string is meant as an intrinsic call (starts with `States.`).
pub fn looks_like_intrinsic(s: &str) -> bool {
    s.trim_start().starts_with("States.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> IntrinsicCall {
        parse_intrinsic(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn err(s: &str) -> IntrinsicError {
        match parse_intrinsic(s) {
            Ok(c) => panic!("{s:?} should be rejected, parsed as {c:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn accepts_the_aws_examples() {
        for s in [
            "States.Format('Hello, my name is {}.', $.name)",
            "States.Format('{} {}', $.a, States.UUID())",
            "States.Format('Today is {}', $$.Execution.StartTime)",
            "States.StringToJson($.escapedJsonString)",
            "States.JsonToString($.unescapedJson)",
            "States.Array('Foo', 2020, $.someJson, null)",
            "States.Array()",
            "States.ArrayPartition($.inputArray,4)",
            "States.ArrayContains($.inputArray, $.lookingFor)",
            "States.ArrayRange(1, 9, 2)",
            "States.ArrayGetItem($.inputArray, $.index)",
            "States.ArrayLength($.inputArray)",
            "States.ArrayUnique($.inputArray)",
            "States.Base64Encode($.input)",
            "States.Base64Decode($.base64)",
            "States.Hash($.Data, $.Algorithm)",
            "States.Hash($.Data, 'SHA-256')",
            "States.JsonMerge($.json1, $.json2, false)",
            "States.MathRandom($.start, $.end)",
            "States.MathRandom(1, 999, 1234)",
            "States.MathAdd($.value1, -1)",
            "States.MathAdd(1.5, 2e3)",
            "States.StringSplit($.inputString, $.splitter)",
            "States.StringSplit('1,2,3', ',')",
            "States.UUID()",
            "  States.UUID( )  ",
            "States.Format('it\\'s \\{literal\\} {}', $myVar.a[0])",
            "States.ArrayGetItem(States.StringSplit($.s, ','), 0)",
            "States.Format('{}', $.items[?(@.x > 1)])",
        ] {
            ok(s);
        }
    }

    #[test]
    fn builds_the_expected_ast() {
        let c = ok("States.Format('a \\'{}\\'', $.x)");
        assert_eq!(c.function, Intrinsic::Format);
        assert_eq!(c.args[0], IntrinsicArg::String("a '{}'".into()));
        assert!(matches!(&c.args[1], IntrinsicArg::Path(p) if p.to_string() == "$.x"));
        let c = ok("States.Array(true, null, 1.5, States.UUID())");
        assert_eq!(c.args[0], IntrinsicArg::Bool(true));
        assert_eq!(c.args[1], IntrinsicArg::Null);
        assert!(matches!(
            &c.args[3],
            IntrinsicArg::Call(IntrinsicCall {
                function: Intrinsic::Uuid,
                ..
            })
        ));
    }

    #[test]
    fn rejects_bad_calls() {
        assert!(err("States.NoSuchFn($.a)")
            .message
            .contains("unknown intrinsic"));
        assert!(err("States.uuid()").message.contains("States.UUID"));
        assert!(err("States.UUID($.a)")
            .message
            .contains("takes 0 arguments"));
        assert!(err("States.ArrayLength()")
            .message
            .contains("takes 1 argument "));
        assert!(err("States.MathRandom(1)").message.contains("2 to 3"));
        assert!(err("States.Format()").message.contains("at least 1"));
        assert!(err("States.Format('{} {}', $.a)")
            .message
            .contains("placeholder"));
        assert!(err("States.Hash($.a, 'SHA1')").message.contains("SHA-256"));
        assert!(err("States.JsonMerge($.a, $.b, true)")
            .message
            .contains("shallow"));
        assert_eq!(err("States.Format('x', $.a").offset, 13);
        for s in [
            "",
            "Format('x')",
            "States.Format",
            "States.Format('x'",
            "States.Format('x)",
            "States.Format(\"x\")",
            "States.Array($.a,)",
            "States.Array(,)",
            "States.Array(foo)",
            "States.Array($.a b)",
            "States.UUID() x",
            "States.Array($.)",
            "States.Array(--1)",
            "States.Format(1)",
        ] {
            err(s);
        }
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "States.Format('x {} y', $.a)",
            "States.Format('it\\'s \\{ \\\\ \\} {}', $.a[0])",
            "States.Array(1, -2.5, true, false, null, 'a', $$.Execution.Id, $v, States.UUID())",
            "States.MathAdd($.a, 1)",
        ] {
            let c = ok(s);
            let printed = c.to_string();
            assert_eq!(
                parse_intrinsic(&printed).as_ref(),
                Ok(&c),
                "{s} printed as {printed}"
            );
        }
        assert_eq!(
            ok("States.MathAdd( $.a ,1 )").to_string(),
            "States.MathAdd($.a, 1)"
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}1{}", "States.Array(".repeat(5_000), ")".repeat(5_000));
        assert!(err(&deep).message.contains("nested"));
        assert!(looks_like_intrinsic(" States.UUID()"));
        assert!(!looks_like_intrinsic("$.States"));
    }
}
