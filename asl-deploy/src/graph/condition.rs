//! A short rendering of a Choice rule's condition for an edge label:
//! `$.age >= 18 and $.name is present`, `not ($.x == 'a')`, a JSONata expression's text.

use asl_model::{CompareOp, Condition, Operand, Test};

/// Longest label, in characters, before it is cut with `…`.
const MAX: usize = 60;

pub(crate) fn render(condition: &Condition) -> String {
    let text = full(condition);
    if text.chars().count() > MAX {
        let cut: String = text.chars().take(MAX - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    }
}

fn full(condition: &Condition) -> String {
    match condition {
        Condition::And(cs) => join(cs, " and "),
        Condition::Or(cs) => join(cs, " or "),
        Condition::Not(c) => format!("not {}", grouped(c)),
        Condition::Test { variable, test } => test_text(variable, test),
        Condition::Jsonata(v) => match v.as_str() {
            Some(s) => {
                let t = s.trim();
                t.strip_prefix("{%")
                    .and_then(|t| t.strip_suffix("%}"))
                    .unwrap_or(t)
                    .trim()
                    .to_string()
            }
            None => v.to_string(),
        },
    }
}

fn join(conditions: &[Condition], separator: &str) -> String {
    conditions
        .iter()
        .map(grouped)
        .collect::<Vec<_>>()
        .join(separator)
}

/// And / Or inside another operator get parentheses.
fn grouped(condition: &Condition) -> String {
    match condition {
        Condition::And(_) | Condition::Or(_) => format!("({})", full(condition)),
        _ => full(condition),
    }
}

fn test_text(variable: &str, test: &Test) -> String {
    let is = |what: &str, yes: bool| {
        if yes {
            format!("{variable} is {what}")
        } else {
            format!("{variable} is not {what}")
        }
    };
    match test {
        Test::Compare { op, operand, .. } => {
            let op = match op {
                CompareOp::Equals => "==",
                CompareOp::LessThan => "<",
                CompareOp::GreaterThan => ">",
                CompareOp::LessThanEquals => "<=",
                CompareOp::GreaterThanEquals => ">=",
            };
            let operand = match operand {
                Operand::String(s) => format!("'{s}'"),
                Operand::Number(n) => n.to_string(),
                Operand::Bool(b) => b.to_string(),
                Operand::Path(p) => p.clone(),
            };
            format!("{variable} {op} {operand}")
        }
        Test::StringMatches(p) => format!("{variable} matches '{p}'"),
        Test::IsNull(b) => is("null", *b),
        Test::IsPresent(b) => is("present", *b),
        Test::IsNumeric(b) => is("numeric", *b),
        Test::IsString(b) => is("a string", *b),
        Test::IsBoolean(b) => is("a boolean", *b),
        Test::IsTimestamp(b) => is("a timestamp", *b),
    }
}
