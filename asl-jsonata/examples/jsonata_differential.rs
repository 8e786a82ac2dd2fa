//! Writes random, typed JSONata expressions and what this engine answers for them, one JSON
//! line each, for `.ci/oracles/jsonata-diff.js` to evaluate in jsonata-js 2.0.6 and compare:
//!
//! `cargo run -p asl-jsonata --example jsonata_differential -- COUNT SEED > cases.jsonl`
//!
//! Expressions are built from the grammar by the type they should produce (number, string,
//! boolean, array, object), so most evaluate to a value rather than a type error; the rest
//! compare their error codes. Nothing here depends on the clock or on randomness at run time.

use asl_jsonata::{Expression, Options};
use serde_json::{json, Value};

/// xorshift64*: the same seed writes the same cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Ty {
    Num,
    Str,
    Bool,
    Nums,
    Strs,
    Obj,
}

const TYPES: [Ty; 6] = [Ty::Num, Ty::Str, Ty::Bool, Ty::Nums, Ty::Strs, Ty::Obj];

struct Gen {
    rng: Rng,
    /// Variables in scope that hold numbers (lambda parameters, block bindings).
    num_vars: Vec<String>,
    fresh: usize,
}

impl Gen {
    fn expr(&mut self, ty: Ty, depth: usize) -> String {
        if depth == 0 || self.rng.chance(25) {
            return self.atom(ty);
        }
        let d = depth - 1;
        match ty {
            Ty::Num => self.num(d),
            Ty::Str => self.text(d),
            Ty::Bool => self.boolean(d),
            Ty::Nums => self.nums(d),
            Ty::Strs => self.strs(d),
            Ty::Obj => self.obj(d),
        }
    }

    fn atom(&mut self, ty: Ty) -> String {
        let r = &mut self.rng;
        match ty {
            Ty::Num if !self.num_vars.is_empty() && r.chance(40) => {
                let i = r.below(self.num_vars.len());
                format!("${}", self.num_vars[i])
            }
            Ty::Num => r
                .pick(&[
                    "0",
                    "1",
                    "2",
                    "3",
                    "7",
                    "10",
                    "-4",
                    "0.5",
                    "2.25",
                    "1e3",
                    "100",
                    "n",
                    "nums[0]",
                    "nums[-1]",
                    "items[0].price",
                    "items[1].qty",
                    "obj.a",
                    "$count(nums)",
                ])
                .into(),
            Ty::Str => r
                .pick(&[
                    "''",
                    "'abc'",
                    "'Hello World'",
                    "'a,b,,c'",
                    "' padded  '",
                    "'ünïcödé'",
                    "s",
                    "items[0].name",
                    "obj.b",
                    "items[2].tags[0]",
                    "'x'",
                    "'42'",
                    "'-1.5e2'",
                ])
                .into(),
            Ty::Bool => r.pick(&["true", "false", "flag", "obj.c[0]"]).into(),
            Ty::Nums => r
                .pick(&[
                    "nums",
                    "[]",
                    "[1]",
                    "[2, 4, 6]",
                    "items.price",
                    "items.qty",
                    "[1..5]",
                    "single",
                    "[0.1, 0.2, 0.3]",
                ])
                .into(),
            Ty::Strs => r
                .pick(&[
                    "items.name",
                    "['b', 'a', 'c']",
                    "$keys(obj)",
                    "items.tags",
                    "['']",
                ])
                .into(),
            Ty::Obj => r
                .pick(&["obj", "items[0]", "{}", "{'k': 1}", "items[1]"])
                .into(),
        }
    }

    fn num(&mut self, d: usize) -> String {
        match self.rng.below(16) {
            0..=3 => {
                let op = self.rng.pick(&["+", "-", "*", "/", "%"]);
                format!("({} {op} {})", self.expr(Ty::Num, d), self.expr(Ty::Num, d))
            }
            4 => format!("-{}", self.expr(Ty::Num, d)),
            5 => {
                let f = self
                    .rng
                    .pick(&["$abs", "$floor", "$ceil", "$round", "$number"]);
                format!("{f}({})", self.expr(Ty::Num, d))
            }
            6 => format!("$round({}, {})", self.expr(Ty::Num, d), self.rng.below(4)),
            7 => {
                let f = self
                    .rng
                    .pick(&["$sum", "$max", "$min", "$average", "$count"]);
                format!("{f}({})", self.expr(Ty::Nums, d))
            }
            8 => format!("$length({})", self.expr(Ty::Str, d)),
            9 => format!(
                "({} ? {} : {})",
                self.expr(Ty::Bool, d),
                self.expr(Ty::Num, d),
                self.expr(Ty::Num, d)
            ),
            10 => self.block(Ty::Num, d),
            11 => {
                let (a, b) = (self.var(), self.var());
                let list = self.expr(Ty::Nums, d);
                self.num_vars.extend([a.clone(), b.clone()]);
                let body = self.expr(Ty::Num, d);
                self.num_vars.truncate(self.num_vars.len() - 2);
                format!("$reduce({list}, function(${a}, ${b}){{ {body} }})")
            }
            12 => format!("$power({}, {})", self.expr(Ty::Num, d), self.rng.below(4)),
            13 => format!("$sqrt($abs({}))", self.expr(Ty::Num, d)),
            14 => format!("$count({})", self.any(d)),
            _ => format!(
                "{}[{}]",
                self.expr(Ty::Nums, d),
                self.rng.below(4) as i64 - 1
            ),
        }
    }

    fn text(&mut self, d: usize) -> String {
        match self.rng.below(17) {
            0..=2 => format!("{} & {}", self.expr(Ty::Str, d), self.expr(Ty::Str, d)),
            3 => {
                let f = self.rng.pick(&[
                    "$uppercase",
                    "$lowercase",
                    "$trim",
                    "$base64encode",
                    "$encodeUrlComponent",
                ]);
                format!("{f}({})", self.expr(Ty::Str, d))
            }
            4 => format!(
                "$substring({}, {}, {})",
                self.expr(Ty::Str, d),
                self.rng.below(6) as i64 - 2,
                self.rng.below(5)
            ),
            5 => {
                let f = self.rng.pick(&["$substringBefore", "$substringAfter"]);
                format!(
                    "{f}({}, {})",
                    self.expr(Ty::Str, d),
                    self.rng.pick(&["','", "'o'", "' '", "''"])
                )
            }
            6 => format!(
                "$pad({}, {}, {})",
                self.expr(Ty::Str, d),
                self.rng.below(16) as i64 - 8,
                self.rng.pick(&["'*'", "'-='", "' '"])
            ),
            7 => format!("$string({})", self.any(d)),
            8 => format!(
                "$join({}, {})",
                self.expr(Ty::Strs, d),
                self.rng.pick(&["', '", "''", "'-'"])
            ),
            9 => format!(
                "$replace({}, {}, {})",
                self.expr(Ty::Str, d),
                self.rng.pick(&["'a'", "'l'", "/[aeiou]/", "' '"]),
                self.rng.pick(&["'_'", "''", "'$0$0'"])
            ),
            10 => format!(
                "$formatBase($floor($abs({})), {})",
                self.expr(Ty::Num, d),
                2 + self.rng.below(35)
            ),
            11 => format!(
                "$formatNumber({}, {})",
                self.expr(Ty::Num, d),
                self.rng
                    .pick(&["'#,##0.00'", "'0.###'", "'#'", "'000'", "'#.##%'"])
            ),
            // jsonata-js loops forever on an exponent picture for zero or a negative number.
            16 => format!(
                "$formatNumber($abs({}) + 1, {})",
                self.expr(Ty::Num, d),
                self.rng.pick(&["'0.0e0'", "'00.00e00'", "'#.0e0'"])
            ),
            // jsonata-js loops forever writing an infinity in letters: `% 100000` makes it NaN.
            12 => format!(
                "$formatInteger($floor($abs({})) % 100000, {})",
                self.expr(Ty::Num, d),
                self.rng
                    .pick(&["'w'", "'W'", "'I'", "'a'", "'#,##0'", "'Ww'"])
            ),
            13 => format!("$fromMillis($floor({}) * 86400000)", self.expr(Ty::Num, d)),
            14 => format!(
                "({} ? {} : {})",
                self.expr(Ty::Bool, d),
                self.expr(Ty::Str, d),
                self.expr(Ty::Str, d)
            ),
            _ => format!("{}[{}]", self.expr(Ty::Strs, d), self.rng.below(3)),
        }
    }

    fn boolean(&mut self, d: usize) -> String {
        match self.rng.below(10) {
            0..=2 => {
                let op = self.rng.pick(&["<", "<=", ">", ">=", "=", "!="]);
                format!("{} {op} {}", self.expr(Ty::Num, d), self.expr(Ty::Num, d))
            }
            3 => {
                let op = self.rng.pick(&["=", "!=", "<", ">"]);
                format!("{} {op} {}", self.expr(Ty::Str, d), self.expr(Ty::Str, d))
            }
            4 => {
                let op = self.rng.pick(&["and", "or"]);
                format!(
                    "({} {op} {})",
                    self.expr(Ty::Bool, d),
                    self.expr(Ty::Bool, d)
                )
            }
            5 => format!("$not({})", self.expr(Ty::Bool, d)),
            6 => format!("$exists({})", self.any(d)),
            7 => format!(
                "$contains({}, {})",
                self.expr(Ty::Str, d),
                self.rng.pick(&["'o'", "/l+/", "''"])
            ),
            8 => format!("{} in {}", self.expr(Ty::Num, d), self.expr(Ty::Nums, d)),
            _ => format!("$boolean({})", self.any(d)),
        }
    }

    fn nums(&mut self, d: usize) -> String {
        match self.rng.below(12) {
            0 => format!("[{}, {}]", self.expr(Ty::Num, d), self.expr(Ty::Num, d)),
            1 => {
                let op = self.rng.pick(&[">", "<", "="]);
                format!(
                    "{}[$ {op} {}]",
                    self.expr(Ty::Nums, d),
                    self.expr(Ty::Num, d)
                )
            }
            2 | 3 => {
                let v = self.var();
                let list = self.expr(Ty::Nums, d);
                self.num_vars.push(v.clone());
                let body = self.expr(Ty::Num, d);
                self.num_vars.pop();
                format!("$map({list}, function(${v}){{ {body} }})")
            }
            4 => {
                let v = self.var();
                let list = self.expr(Ty::Nums, d);
                self.num_vars.push(v.clone());
                let body = self.expr(Ty::Bool, d);
                self.num_vars.pop();
                format!("$filter({list}, function(${v}){{ {body} }})")
            }
            5 => {
                let f = self.rng.pick(&["$sort", "$reverse", "$distinct"]);
                format!("{f}({})", self.expr(Ty::Nums, d))
            }
            6 => format!(
                "$append({}, {})",
                self.expr(Ty::Nums, d),
                self.expr(Ty::Nums, d)
            ),
            7 => format!(
                "$sort({}, function($a, $b){{ $a < $b }})",
                self.expr(Ty::Nums, d)
            ),
            8 => format!("[1..{}]", self.rng.below(8)),
            9 => format!("items[price > {}].qty", self.expr(Ty::Num, d)),
            10 => format!("items^({}price).price", self.rng.pick(&["<", ">"])),
            _ => format!(
                "{} ~> $map(function($x){{ $x * 2 }})",
                self.expr(Ty::Nums, d)
            ),
        }
    }

    fn strs(&mut self, d: usize) -> String {
        match self.rng.below(6) {
            0 => format!(
                "$split({}, {})",
                self.expr(Ty::Str, d),
                self.rng.pick(&["','", "''", "' '", "/[, ]+/"])
            ),
            1 => format!("$sort({})", self.expr(Ty::Strs, d)),
            2 => format!(
                "$map({}, function($v){{ $string($v) }})",
                self.expr(Ty::Nums, d)
            ),
            3 => "items#$i[$i < 2].name".into(),
            4 => format!("items[qty >= {}].name", self.expr(Ty::Num, d)),
            _ => format!("$keys({})", self.expr(Ty::Obj, d)),
        }
    }

    fn obj(&mut self, d: usize) -> String {
        match self.rng.below(6) {
            0 | 1 => format!("{{'k': {}, 'm': {}}}", self.any(d), self.any(d)),
            2 => format!(
                "$merge([{}, {}])",
                self.expr(Ty::Obj, d),
                self.expr(Ty::Obj, d)
            ),
            3 => "items{name: price}".into(),
            4 => format!(
                "$sift({}, function($v){{ $type($v) = 'number' }})",
                self.expr(Ty::Obj, d)
            ),
            _ => format!("items[{}]", self.rng.below(4)),
        }
    }

    fn block(&mut self, ty: Ty, d: usize) -> String {
        let v = self.var();
        let value = self.expr(Ty::Num, d);
        self.num_vars.push(v.clone());
        let body = self.expr(ty, d);
        self.num_vars.pop();
        format!("(${v} := {value}; {body})")
    }

    fn any(&mut self, d: usize) -> String {
        let ty = TYPES[self.rng.below(TYPES.len())];
        self.expr(ty, d)
    }

    fn var(&mut self) -> String {
        self.fresh += 1;
        format!("v{}", self.fresh)
    }
}

fn inputs() -> Vec<Value> {
    vec![
        json!({
            "n": 7, "s": "Hello, World", "flag": true, "single": [5],
            "nums": [3, 1.5, -2, 8, 0],
            "items": [
                {"name": "apple", "price": 1.25, "qty": 4, "tags": ["fruit", "red"]},
                {"name": "bread", "price": 3, "qty": 1, "tags": []},
                {"name": "cheese", "price": 7.5, "qty": 2, "tags": ["dairy"]}
            ],
            "obj": {"a": 1, "b": "two", "c": [true, null]}
        }),
        json!({
            "n": -0.5, "s": "", "flag": false, "single": 9,
            "nums": [42],
            "items": [{"name": "solo", "price": 10, "qty": 3, "tags": "one"}],
            "obj": {"a": null, "b": "b", "c": []}
        }),
    ]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(1000);
    let seed: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut gen = Gen {
        rng: Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1),
        num_vars: Vec::new(),
        fresh: 0,
    };
    let inputs = inputs();
    println!("{}", json!({ "inputs": inputs }));
    let options = Options {
        random_seed: Some(seed),
        ..Options::default()
    };
    for _ in 0..count {
        gen.fresh = 0;
        let ty = TYPES[gen.rng.below(TYPES.len())];
        let depth = 1 + gen.rng.below(4);
        let expr = gen.expr(ty, depth);
        let input = gen.rng.below(inputs.len());
        if std::env::var_os("DIFF_TRACE").is_some() {
            eprintln!("{expr}");
        }
        let ours = match Expression::parse(&expr)
            .and_then(|e| e.evaluate(Some(&inputs[input]), &options))
        {
            Ok(Some(v)) => json!({ "value": v }),
            Ok(None) => json!({ "undefined": true }),
            Err(e) => json!({ "code": e.code, "message": e.message }),
        };
        println!("{}", json!({ "expr": expr, "input": input, "ours": ours }));
    }
}
