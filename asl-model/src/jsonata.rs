//! JSONata in a state machine: which strings are `{% … %}` expressions, and their syntax,
//! checked by the project's one JSONata parser (`asl-jsonata`, jsonata-js 2.0.6's grammar,
//! its post-parse checks and its error codes `S0201` …).

/// Why an expression does not parse: where (a byte offset into the checked string), the
/// reference implementation's error code, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("at offset {offset}: {message} (JSONata {code})")]
pub struct JsonataError {
    pub offset: usize,
    pub code: &'static str,
    pub message: String,
}

/// Whether a string is a JSONata expression: it starts with `{%` and ends with `%}`.
pub fn is_expression(s: &str) -> bool {
    s.len() >= 4 && s.starts_with("{%") && s.ends_with("%}")
}

/// The text between `{%` and `%}` of an expression string.
pub fn expression_body(s: &str) -> Option<&str> {
    if is_expression(s) {
        s.get(2..s.len() - 2)
    } else {
        None
    }
}

/// Check the syntax of a JSONata expression. `expr` may be a whole `{% … %}` string or
/// only the expression inside; offsets in the error are into `expr` as given.
pub fn check_syntax(expr: &str) -> Result<(), JsonataError> {
    parse(expr).map(|_| ())
}

/// Parse a JSONata expression (a whole `{% … %}` string or only its body) for evaluation.
pub fn parse(expr: &str) -> Result<asl_jsonata::Expression, JsonataError> {
    let (body, shift) = match expression_body(expr) {
        Some(body) => (body, 2),
        None => (expr, 0),
    };
    asl_jsonata::Expression::parse(body).map_err(|e| JsonataError {
        offset: e.position.unwrap_or(0).min(body.len()) + shift,
        code: e.code,
        message: e.message,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) {
        if let Err(e) = check_syntax(s) {
            panic!("{s:?} should be accepted: {e}");
        }
    }

    fn err(s: &str) -> JsonataError {
        match check_syntax(s) {
            Ok(()) => panic!("{s:?} should be rejected"),
            Err(e) => e,
        }
    }

    #[test]
    fn recognises_expression_strings() {
        assert!(is_expression("{% $states.input %}"));
        assert!(is_expression("{%%}"));
        assert!(!is_expression("{%}"));
        assert!(!is_expression(" {% 1 %}"));
        assert!(!is_expression("$.a"));
        assert_eq!(expression_body("{% 1 %}"), Some(" 1 "));
    }

    #[test]
    fn accepts_the_step_functions_docs_examples() {
        for s in [
            "{% $states.input.customer.name %}",
            "{% $states.input.items[0] %}",
            "{% $states.context.Execution.Id %}",
            "{% $states.result.Payload %}",
            "{% $states.errorOutput %}",
            "{% $count($states.input.items) > 0 %}",
            "{% $states.input.age >= 18 and $states.input.country = 'US' %}",
            "{% $sum($states.input.items.price) %}",
            "{% $states.input.items[price > 100] %}",
            "{% $string($states.input.orderId) & '-' & $uuid() %}",
            "{% $parse($states.input.json) %}",
            "{% $partition($states.input.items, 2) %}",
            "{% $range(0, 10, 2) %}",
            "{% $hash($states.input.data, 'SHA-256') %}",
            "{% $random() %}",
            "{% $now() %}",
            "{% $millis() %}",
            "{% $toMillis($states.input.date) + 86400000 %}",
            "{% $fromMillis($toMillis($now()) + 3600000) %}",
            "{% $states.input.x ? 'yes' : 'no' %}",
            "{% ($a := 1; $b := $a + 1; $b * 2) %}",
            "{% $map($states.input.items, function($v, $i) { $v.price * $i }) %}",
            "{% $filter($states.input, function($v) { $v.active }) %}",
            "{% $reduce([1..5], function($acc, $v) { $acc + $v }, 0) %}",
            "{% {'id': $states.input.id, 'total': $sum($states.input.lines.(qty * price))} %}",
            "{% [1, 2, 3] ~> $map(function($x) { $x * 2 }) %}",
            "{% $states.input.orders^(>date, <id) %}",
            "{% $states.input.items#$i[$i < 3] %}",
            "{% Account.Order@$o.Product@$p.{'order': $o.OrderID, 'product': $p.ProductID} %}",
            "{% Account.Order.Product.{'Product': `Product Name`, 'Order': %.OrderID} %}",
            "{% $match($states.input.email, /^[a-z]+@example\\.com$/i) %}",
            "{% $contains($states.input.name, /smith/) %}",
            "{% /* a comment */ $states.input %}",
            "{% $states.input.`field with space` %}",
            "{% **.price %}",
            "{% $states.input.* %}",
            "{% $states.input ~> |$|{'seen': true}, ['secret']| %}",
            "{% function($x)<n-n>{ $x + 1 }(2) %}",
            "{% function($a, $f)<a<n>f?:a<n>>{ $map($a, $f) } %}",
            "{% function($v)<(sn)-:s>{ $string($v) } %}",
            "{% λ($x){ $x }(1) %}",
            "{% ($f := $substring(?, 0, 3); $f('abcdef')) %}",
            "{% 'a' in ['a', 'b'] %}",
            "{% -$states.input.x %}",
            "{% $states.input.items[] %}",
            "{% $states.input.items{type: $sum(amount)} %}",
            "{% 1e3 + 2.5 - 0.5 * 4 / 2 % 3 %}",
            "{% \"double\" & 'single' & \"esc\\\"aped\\u00e9\\n\" %}",
            "{% () %}",
            "{% (1; 2;) %}",
            "{% [] %}",
            "{% {} %}",
            "{% $ %}",
            "{% $$ %}",
            "{% a.and.or.in %}",
            "{% true and false or null = null %}",
            "{% 1 != 2 and 1 <= 2 and 2 >= 1 %}",
            "{% $states.input.a / $states.input.b %}",
            "{% a[%.b] %}",
            "{% a.%.b %}",
            "  $states.input  ",
        ] {
            ok(s);
        }
    }

    #[test]
    fn rejects_what_the_reference_rejects() {
        for (s, code) in [
            ("", "S0207"),
            // `??` and `?:` arrived in jsonata 2.1; Step Functions runs 2.0.6.
            ("$x ?? 'default'", "S0211"),
            ("$x ?: 'default'", "S0211"),
            ("{%   %}", "S0207"),
            ("$states.input.", "S0207"),
            ("1 +", "S0207"),
            ("(/ab/)", "S0211"),
            ("[/ab/]", "S0211"),
            ("1.a", "S0213"),
            ("a.1", "S0213"),
            ("a.-1", "S0213"),
            ("true.a", "S0213"),
            ("a.null", "S0213"),
            ("$x.%", "S0217"),
            ("%", "S0217"),
            ("$x[%.b]", "S0217"),
            ("%.a", "S0217"),
            ("a[0]@$x", "S0215"),
            ("a^(b)@$x", "S0216"),
            ("!a", "S0204"),
            ("a ~ b", "S0204"),
            ("a{'x':1}{'y':2}", "S0210"),
            ("$x{'a':1}[0]", "S0209"),
            ("function(x){x}", "S0208"),
            ("a /* c", "S0106"),
            ("a := 1", "S0212"),
            ("a@1", "S0214"),
            ("a#b", "S0214"),
            ("a^b", "S0202"),
            ("a[", "S0203"),
            ("a]", "S0201"),
            ("a((", "S0203"),
            ("\"\\q\"", "S0103"),
            ("'\\u12'", "S0104"),
            ("'abc", "S0101"),
            ("`abc", "S0105"),
            ("a..b", "S0201"),
            ("1e999", "S0102"),
            ("$f(1,", "S0203"),
            ("{'a' 1}", "S0202"),
            ("{'a': 1", "S0203"),
            ("$x ? ", "S0207"),
            ("a = = b", "S0211"),
            ("$a(", "S0203"),
            ("$match(s, //)", "S0301"),
            ("$match(s, /ab)", "S0302"),
            ("$match(s, /(ab/)", "S0302"),
            ("$match(s, /*/)", "S0106"),
            ("$match(s, /a)b/)", "S0302"),
            ("$match(s, /+a/)", "S0303"),
            ("$states.input }", "S0201"),
            ("01", "S0201"),
            ("function($a)<<n>:n>{ $count($a) }", "S0401"),
            ("function($a)<n<n>>{ $a }", "S0401"),
            ("function($a)<(a<n>s)>{ $a }", "S0402"),
        ] {
            let e = err(s);
            assert_eq!(e.code, code, "{s:?}: {e}");
        }
    }

    #[test]
    fn offsets_point_into_the_given_string() {
        assert_eq!(err("{% a[ %}").offset, 6);
        assert_eq!(err("{% 1.a %}").offset, 3);
        assert_eq!(err("a ~ b").offset, 2);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        err(&deep);
        let chain = vec!["1"; 100_000].join(" + ");
        err(&chain);
        let arrays = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        err(&arrays);
        let negs = format!("{}1", "-".repeat(100_000));
        err(&negs);
    }
}
