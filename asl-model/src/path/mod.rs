//! JSONPath as Amazon States Language uses it: a parser to a typed AST, and a canonical printer.
//!
//! The syntax is the subset of Jayway JsonPath that Step Functions accepts, with the ASL
//! extensions: `$$` for the context object, `$name` for variables (JSONPath `Assign`), and
//! backslash escapes in dot-notation names (`$.store\.book`). Script expressions
//! (`[(@.length-1)]`) and functions (`.length()`) are rejected with a pointer to the
//! intrinsic that does the job instead.

mod display;
mod filter;
mod parser;

use serde_json::Value;

pub use parser::parse_path;
pub(crate) use parser::parse_path_prefix;

/// Deepest nesting of filter expressions (parentheses, `!`, paths inside filters) accepted.
pub const MAX_NESTING: usize = 256;

/// A parsed path: where it starts and the steps from there.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath {
    pub root: Root,
    pub segments: Vec<Segment>,
}

/// What a path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// `$`: the state input (or the current item in a filter's `$` reference).
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a variable set by `Assign`.
    Variable(String),
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// `.a` or `['a']`.
    Field(String),
    /// `[3]`, `[-1]`.
    Index(i64),
    /// `.*` or `[*]`.
    Wildcard,
    /// `[start:end:step]`.
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
    /// `[0,2]`, `['a','b']`.
    Union(Vec<UnionItem>),
    /// `..a`, `..*`, `..[0]`: the inner step applied at every depth.
    Descendant(Box<Segment>),
    /// `[?(@.x > 1)]`.
    Filter(FilterExpr),
}

/// One member of a union subscript.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnionItem {
    Field(String),
    Index(i64),
    Slice {
        start: Option<i64>,
        end: Option<i64>,
        step: Option<i64>,
    },
}

/// The Boolean expression of a filter subscript `[?( … )]`.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterExpr {
    /// A lone operand: true when the path exists (or the literal is truthy).
    Exists(FilterOperand),
    Compare {
        left: FilterOperand,
        op: FilterOp,
        right: FilterOperand,
    },
    And(Box<FilterExpr>, Box<FilterExpr>),
    Or(Box<FilterExpr>, Box<FilterExpr>),
    Not(Box<FilterExpr>),
}

/// A value inside a filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum FilterOperand {
    /// `@`, `@.price`: relative to the element being filtered.
    Current(Vec<Segment>),
    /// `$.limit`, `$$.Execution.Id`, `$var`.
    Path(JsonPath),
    /// A string, number, `true`, `false` or `null`.
    Literal(Value),
    /// `/pattern/flags`, the right-hand side of `=~`.
    Regex { pattern: String, flags: String },
}

/// A comparison operator of a filter expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    /// `=~`: regular-expression match.
    Matches,
}

impl FilterOp {
    pub fn as_str(self) -> &'static str {
        match self {
            FilterOp::Eq => "==",
            FilterOp::Ne => "!=",
            FilterOp::Lt => "<",
            FilterOp::Le => "<=",
            FilterOp::Gt => ">",
            FilterOp::Ge => ">=",
            FilterOp::Matches => "=~",
        }
    }
}

/// Why a string is not a path: where (a byte offset into it) and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at offset {offset}: {message}")]
pub struct PathError {
    pub offset: usize,
    pub message: String,
}

impl JsonPath {
    /// A path whose only steps are fields and indexes, so it names at most one node:
    /// what the spec requires of `InputPath`, `OutputPath`, `ResultPath`, a Choice
    /// `Variable` and the `…Path` fields.
    pub fn is_reference_path(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Field(_) | Segment::Index(_)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> JsonPath {
        parse_path(s).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn err(s: &str) -> PathError {
        match parse_path(s) {
            Ok(p) => panic!("{s:?} should be rejected, parsed as {p:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn accepts_the_spec_examples() {
        for s in [
            "$",
            "$.store.book",
            "$.store\\.book",
            "$.\\stor\\e.boo\\k",
            "$.store.book.title",
            "$.foo.\\.bar",
            "$.foo\\@bar.baz\\[\\[.\\?pretty",
            "$.&Ж中.\\uD800\\uDF46",
            "$.ledgers.branch[0].pending.count",
            "$.ledgers.branch[0]",
            "$.ledgers[0][22][315].foo",
            "$['store']['book']",
            "$['store'][0]['book']",
            "$.detail-type",
            "$$.Execution.Id",
            "$$.Map.Item.Value",
            "$$",
            "$myVar",
            "$my_var.field[2]",
            "$.a[*]",
            "$.a.*",
            "$..author",
            "$..*",
            "$..[0]",
            "$.a[-1]",
            "$.a[1:3]",
            "$.a[:2]",
            "$.a[-2:]",
            "$.a[::2]",
            "$.a[0,1]",
            "$['a','b']",
            "$.book[?(@.price < 10)]",
            "$.book[?(@.isbn)]",
            "$.book[?(@.category == 'fiction' && @.price >= 8.95)]",
            "$.book[?(@.a == 1 || !(@.b != 'x'))]",
            "$.book[?(@.price <= $.expensive)]",
            "$.book[?(@.author =~ /.*REES/i)]",
            "$[ 'spaced' ]",
            "$[\"double\"]",
        ] {
            ok(s);
        }
    }

    #[test]
    fn builds_the_expected_ast() {
        assert_eq!(
            ok("$.a['b c'][3]"),
            JsonPath {
                root: Root::Input,
                segments: vec![
                    Segment::Field("a".into()),
                    Segment::Field("b c".into()),
                    Segment::Index(3)
                ],
            }
        );
        assert_eq!(ok("$$.Task.Token").root, Root::Context);
        assert_eq!(ok("$x").root, Root::Variable("x".into()));
        assert_eq!(
            ok("$..a").segments,
            vec![Segment::Descendant(Box::new(Segment::Field("a".into())))]
        );
        assert_eq!(
            ok("$.a[1:]").segments[1],
            Segment::Slice {
                start: Some(1),
                end: None,
                step: None
            }
        );
        assert_eq!(ok("$.a.b\\.c").segments[1], Segment::Field("b.c".into()));
    }

    #[test]
    fn reference_paths_name_one_node() {
        for s in [
            "$",
            "$.a",
            "$.a[0].b",
            "$['x y']",
            "$$.Execution.Input",
            "$v.a",
        ] {
            assert!(ok(s).is_reference_path(), "{s}");
        }
        for s in [
            "$.a[*]",
            "$..a",
            "$.a[0,1]",
            "$.a[1:2]",
            "$.a[?(@.x)]",
            "$.*",
        ] {
            assert!(!ok(s).is_reference_path(), "{s}");
        }
    }

    #[test]
    fn rejects_with_an_offset() {
        assert_eq!(err("a.b").offset, 0);
        assert_eq!(err("$.").offset, 2);
        assert_eq!(err("$.a[").offset, 4);
        assert_eq!(err("$.a[0").offset, 3);
        assert!(err("$.a.length()").message.contains("States.ArrayLength"));
        assert!(err("$.a[(@.length-1)]").message.contains("script"));
        for s in [
            "",
            "$.a]",
            "$.a[]",
            "$.a['x]",
            "$...a",
            "$.a[?(@.x = 1)]",
            "$.a[?(@.x > )]",
            "$.a[?@.x]",
            "$.a[?(@.x > 1]",
            "$1abc",
            "$.a b",
            "$.a[1:2:0]",
            "$.a[x]",
            "$.a\\",
            "$-x",
        ] {
            err(s);
        }
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "$",
            "$$",
            "$v",
            "$.a.b[0]",
            "$['a b'].c",
            "$['it\\'s']",
            "$[*]",
            "$..a",
            "$..*",
            "$..[0]",
            "$..['a b']",
            "$.a[1:2]",
            "$.a[::-1]",
            "$.a[0,'x',1:2]",
            "$.a[?(@.x > 1 && (@.y == 'z' || !@.w))]",
            "$.a[?(@.n =~ /a\\/b/i)]",
            "$.a[?(@.p <= $.max)]",
            "$.b[?(@.c[?(@.d)])]",
            "$.a['.']",
            "$.a['']",
            "$.a['*']",
        ] {
            let p = ok(s);
            let printed = p.to_string();
            assert_eq!(
                parse_path(&printed).as_ref(),
                Ok(&p),
                "{s} printed as {printed}"
            );
        }
        assert_eq!(ok("$.a[*]").to_string(), "$.a[*]");
        assert_eq!(ok("$['a'][\"b\"]").to_string(), "$.a.b");
        assert_eq!(ok("$.x\\.y").to_string(), "$['x.y']");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("$.a[?({}@.x{})]", "(".repeat(10_000), ")".repeat(10_000));
        assert!(err(&deep).message.contains("nesting"));
        let nots = format!("$.a[?({}@.x)]", "!".repeat(10_000));
        err(&nots);
    }
}
