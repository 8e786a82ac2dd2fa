//! `States.Format` as JSONata: the template as string concatenation, each value printed as
//! Step Functions prints it (strings as they are, arrays `[a, b]`, objects `{k=v}`, an `f64`
//! as JSON writes it: `2.0`, `1e+16`), not as JSONata's `$string` does (`2`, JSON text).

use asl_model::ir::Shape;
use serde_json::Value;

/// A JSONata number (an f64 without its kind) as JSON text: `$f` says the value is an `f64`,
/// printed as serde_json writes one (an integral value below 1e16 gets `.0`; one of 1e16 up
/// or below 1e-5 an exponent, `1e+16`, `1e-6`, as JavaScript writes one from 1e21 up and
/// below 1e-7); otherwise as an integer. `$string` keeps 15 digits, so an integral value of
/// 16 digits is printed in two parts.
const NUMBER: &str = "$__num := function($v, $f) {(\
$a := $abs($v); $s := $v < 0 ? '-' : ''; \
($a = $floor($a) and $a < 1e16) \
? $s & ($a >= 1e15 ? $string($floor($a / 10)) & $string($a % 10) : $string($a)) & ($f ? '.0' : '') \
: ($f and $a >= 1e16 and $a < 1e21) \
? ($e := $a >= 1e20 ? 20 : ($a >= 1e19 ? 19 : ($a >= 1e18 ? 18 : ($a >= 1e17 ? 17 : 16))); \
$s & $string($a / $number('1e' & $e)) & 'e+' & $e) \
: ($f and $a < 1e-5 and $a >= 1e-7) \
? ($e := $a >= 1e-6 ? 6 : 7; $s & $string($a * $number('1e' & $e)) & 'e-' & $e) \
: $string($v)\
)}";

/// Any value as `States.Format` prints it (`$f` as for `$__num`).
const VALUE: &str = "$__fmt := function($v, $f) {(\
$t := $type($v); \
$t = 'string' ? $v \
: ($t = 'number' ? $__num($v, $f) \
: ($t = 'array' ? '[' & $join($map($v, function($x) { $__fmt($x, $f) }), ', ') & ']' \
: ($t = 'object' ? '{' & $join($each($v, function($x, $k) { $k & '=' & $__fmt($x, $f) }), ', ') & '}' \
: $string($v))))\
)}";

/// Whether every number a value of `shape` holds is an `f64` (and it may hold one).
fn floats_only(shape: &Shape) -> bool {
    fn visit(shape: &Shape, depth: usize, ints: &mut bool, floats: &mut bool) {
        if depth > 8 {
            *ints = true;
            return;
        }
        match shape.resolved() {
            Shape::Number => *floats = true,
            // A `serde_json::Value`'s numbers may be integers: printed without `.0`.
            Shape::Integer | Shape::Any => *ints = true,
            Shape::Option(s) | Shape::Array(s) | Shape::Map(s) => {
                visit(&s, depth + 1, ints, floats)
            }
            Shape::Tuple(items) => items.iter().for_each(|s| visit(s, depth + 1, ints, floats)),
            Shape::Object(fields) => fields
                .iter()
                .for_each(|f| visit(&f.shape, depth + 1, ints, floats)),
            Shape::Enum { variants, .. } => variants
                .iter()
                .filter_map(|v| v.data.as_ref())
                .for_each(|s| visit(s, depth + 1, ints, floats)),
            Shape::Unit | Shape::Bool | Shape::String | Shape::Timestamp | Shape::Named { .. } => {}
        }
    }
    let (mut ints, mut floats) = (false, false);
    visit(shape, 0, &mut ints, &mut floats);
    floats && !ints
}

/// `States.Format('a {} b', x)` as string concatenation, `args` each a value's JSONata text
/// and shape. `\{`, `\}`, `\'`, `\\` are escapes.
pub(super) fn format_template(template: &str, args: &[(String, Shape)]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut args = args.iter();
    let mut printer = false;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(n) = chars.next() {
                    text.push(n);
                }
            }
            '{' if chars.peek() == Some(&'}') => {
                chars.next();
                if !text.is_empty() {
                    parts.push(Value::String(std::mem::take(&mut text)).to_string());
                }
                let (arg, shape) = args.next().cloned().unwrap_or(("null".into(), Shape::Unit));
                // Strings, integers and bools print alike in both; anything else (an f64,
                // an array, an object, a value of unknown kind) through `$__fmt`.
                match shape.resolved() {
                    Shape::String
                    | Shape::Timestamp
                    | Shape::Integer
                    | Shape::Bool
                    | Shape::Unit => parts.push(format!("$string({arg})")),
                    other => {
                        printer = true;
                        parts.push(format!("$__fmt({arg}, {})", floats_only(&other)));
                    }
                }
            }
            other => text.push(other),
        }
    }
    if !text.is_empty() || parts.is_empty() {
        parts.push(Value::String(text).to_string());
    }
    if printer {
        format!("({NUMBER}; {VALUE}; {})", parts.join(" & "))
    } else {
        format!("({})", parts.join(" & "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_values_whose_numbers_are_all_f64_print_as_floats() {
        assert!(floats_only(&Shape::Number));
        assert!(floats_only(&Shape::Array(Box::new(Shape::Number))));
        assert!(!floats_only(&Shape::Tuple(vec![
            Shape::Number,
            Shape::Integer
        ])));
        assert!(!floats_only(&Shape::Any));
        assert!(!floats_only(&Shape::String));
    }

    #[test]
    fn strings_and_integers_print_with_string_and_others_through_the_printer() {
        let args = [
            ("$a".to_string(), Shape::String),
            ("$n".to_string(), Shape::Integer),
        ];
        assert_eq!(
            format_template("{} x {}", &args),
            r#"($string($a) & " x " & $string($n))"#
        );
        let text = format_template("{}", &[("$p".into(), Shape::Number)]);
        assert!(text.ends_with("; $__fmt($p, true))"), "{text}");
    }
}
