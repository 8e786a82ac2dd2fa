//! The printer: an AST back to canonical JSONata text, with parentheses only where the
//! operators' precedence needs them, so `parse(print(ast))` gives the same tree back.

use crate::ast::{BinaryOp, Kind, Node, Stage};
use crate::value::format_js_number;

/// Canonical text of an expression.
pub fn print(node: &Node) -> String {
    let mut out = String::new();
    write(node, 0, &mut out);
    out
}

/// The binding power a node's own text binds with: an operand whose power is below what
/// its place needs gets parentheses.
fn power(node: &Node) -> u8 {
    if node.step.group.is_some() && !matches!(node.kind, Kind::Path(_)) {
        return 70;
    }
    match &node.kind {
        Kind::Path(steps) if steps.len() > 1 => {
            if steps.iter().any(|s| matches!(s.kind, Kind::Sort(_))) {
                40
            } else if node.step.group.is_some() {
                70
            } else {
                75
            }
        }
        Kind::Path(steps) => steps.first().map_or(100, power),
        Kind::Binary(op, ..) => op.precedence(),
        Kind::Apply(..) => 40,
        Kind::Condition(..) => 20,
        Kind::Bind(..) => 10,
        Kind::Negate(_) => 70,
        Kind::Lambda(l) if l.thunk => power(&l.body),
        Kind::Number(n) if *n < 0.0 => 70,
        _ => 100,
    }
}

fn operand(node: &Node, needed: u8, out: &mut String) {
    if power(node) < needed {
        out.push('(');
        write(node, 0, out);
        out.push(')');
    } else {
        write(node, needed, out);
    }
}

fn is_plain_name(name: &str) -> bool {
    let mut chars = name.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if first.is_ascii_digit() || first == '$' || first == '"' || first == '\'' || first == '`' {
        return false;
    }
    let keyword = matches!(
        name,
        "and" | "or" | "in" | "true" | "false" | "null" | "function"
    );
    !keyword
        && name.chars().all(|c| {
            !c.is_whitespace()
                && !matches!(
                    c,
                    '.' | '['
                        | ']'
                        | '{'
                        | '}'
                        | '('
                        | ')'
                        | ','
                        | '@'
                        | '#'
                        | ';'
                        | ':'
                        | '?'
                        | '+'
                        | '-'
                        | '*'
                        | '/'
                        | '%'
                        | '|'
                        | '='
                        | '<'
                        | '>'
                        | '^'
                        | '&'
                        | '!'
                        | '~'
                        | '"'
                        | '\''
                        | '`'
                )
        })
}

fn string_literal(s: &str, out: &mut String) {
    out.push_str(&serde_json::Value::String(s.to_string()).to_string());
}

fn list(nodes: &[Node], sep: &str, out: &mut String) {
    for (i, n) in nodes.iter().enumerate() {
        if i > 0 {
            out.push_str(sep);
        }
        write(n, 0, out);
    }
}

fn pairs(pairs: &[(Node, Node)], out: &mut String) {
    out.push('{');
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(k, 0, out);
        out.push_str(": ");
        write(v, 0, out);
    }
    out.push('}');
}

/// A path step: its text, then `@$v`, `#$i` and its predicates.
fn step(node: &Node, out: &mut String) {
    if power(node) < 80 {
        out.push('(');
        write_inner(node, true, out);
        out.push(')');
    } else {
        write_inner(node, true, out);
    }
    annotations(node, out);
}

fn annotations(node: &Node, out: &mut String) {
    if let Some(focus) = &node.step.focus {
        out.push_str("@$");
        out.push_str(focus);
    }
    if let Some(index) = &node.step.index {
        out.push_str("#$");
        out.push_str(index);
    }
    for stage in &node.step.stages {
        match stage {
            Stage::Filter(p) => {
                out.push('[');
                write(p, 0, out);
                out.push(']');
            }
            Stage::Index(i) => {
                out.push_str("#$");
                out.push_str(i);
            }
        }
    }
}

fn write(node: &Node, _needed: u8, out: &mut String) {
    write_inner(node, false, out)
}

/// `in_step`: the caller writes the step's own bindings and stages.
fn write_inner(node: &Node, in_step: bool, out: &mut String) {
    match &node.kind {
        Kind::Path(steps) => {
            for (i, s) in steps.iter().enumerate() {
                if let Kind::Sort(terms) = &s.kind {
                    out.push_str("^(");
                    for (j, t) in terms.iter().enumerate() {
                        if j > 0 {
                            out.push_str(", ");
                        }
                        if t.descending {
                            out.push('>');
                        }
                        write(&t.expr, 0, out);
                    }
                    out.push(')');
                    annotations(s, out);
                    continue;
                }
                if i > 0 {
                    out.push('.');
                }
                step(s, out);
            }
            if node.keep_array && !steps.iter().any(|s| s.keep_array) {
                out.push_str("[]");
            }
            if let Some(group) = &node.step.group {
                pairs(&group.pairs, out);
            }
            return;
        }
        Kind::Name(n) if is_plain_name(n) => out.push_str(n),
        Kind::Name(n) if !n.contains('`') => {
            out.push('`');
            out.push_str(n);
            out.push('`');
        }
        Kind::Name(n) => string_literal(n, out),
        Kind::String(s) => string_literal(s, out),
        Kind::Number(n) => out.push_str(&format_js_number(*n)),
        Kind::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Kind::Null => out.push_str("null"),
        Kind::Regex { pattern, flags } => {
            out.push('/');
            out.push_str(pattern);
            out.push('/');
            out.push_str(flags);
        }
        Kind::Variable(v) => {
            out.push('$');
            out.push_str(v);
        }
        Kind::Wildcard => out.push('*'),
        Kind::Descendant => out.push_str("**"),
        Kind::Parent(_) => out.push('%'),
        Kind::Negate(inner) => {
            out.push('-');
            operand(inner, 70, out);
        }
        Kind::Array(items) => {
            out.push('[');
            list(items, ", ", out);
            out.push(']');
        }
        Kind::Object(p) => pairs(p, out),
        Kind::Binary(op, l, r) => {
            let p = op.precedence();
            operand(l, p, out);
            if *op == BinaryOp::Range {
                out.push_str("..");
            } else {
                out.push(' ');
                out.push_str(op.token());
                out.push(' ');
            }
            operand(r, p + 1, out);
        }
        Kind::Apply(l, r) => {
            operand(l, 40, out);
            out.push_str(" ~> ");
            operand(r, 41, out);
        }
        Kind::Bind(name, value) => {
            out.push('$');
            out.push_str(name);
            out.push_str(" := ");
            operand(value, 10, out);
        }
        Kind::Condition(c, t, e) => {
            operand(c, 21, out);
            out.push_str(" ? ");
            operand(t, 0, out);
            if let Some(e) = e {
                out.push_str(" : ");
                operand(e, 0, out);
            }
        }
        Kind::Block(items) => {
            out.push('(');
            list(items, "; ", out);
            out.push(')');
        }
        Kind::Call { procedure, args } => {
            operand(procedure, 80, out);
            out.push('(');
            list(args, ", ", out);
            out.push(')');
        }
        Kind::Partial { procedure, args } => {
            operand(procedure, 80, out);
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                match a {
                    Some(a) => write(a, 0, out),
                    None => out.push('?'),
                }
            }
            out.push(')');
        }
        Kind::Lambda(l) if l.thunk => write(&l.body, 0, out),
        Kind::Lambda(l) => {
            out.push_str("function(");
            for (i, p) in l.params.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                out.push('$');
                out.push_str(p);
            }
            out.push(')');
            if let Some((text, _)) = &l.signature {
                out.push_str(text);
            }
            out.push('{');
            write(&l.body, 0, out);
            out.push('}');
        }
        Kind::Transform(t) => {
            out.push('|');
            write(&t.pattern, 0, out);
            out.push('|');
            write(&t.update, 0, out);
            if let Some(d) = &t.delete {
                out.push_str(", ");
                write(d, 0, out);
            }
            out.push('|');
        }
        Kind::Sort(_) => {}
    }
    // `[]` where the source had it: `keep_array` on paths and `~>` is derived, not written.
    if node.keep_array && !matches!(node.kind, Kind::Apply(..)) {
        out.push_str("[]");
    }
    if !in_step {
        if let Some(focus) = &node.step.focus {
            out.push_str("@$");
            out.push_str(focus);
        }
    }
    {
        for stage in &node.step.predicate {
            if let Stage::Filter(p) = stage {
                out.push('[');
                write(p, 0, out);
                out.push(']');
            }
        }
        if let Some(group) = &node.step.group {
            pairs(&group.pairs, out);
        }
    }
}
