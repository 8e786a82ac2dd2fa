//! The IR as readable, indented text (`impl Display for Workflow`), for snapshot tests and
//! debugging: Rust-like statements, variables as `name#id`, every node printed by name.

use std::fmt::{self, Display, Write};

use serde_json::Value;

use super::*;

impl Display for Workflow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut p = Printer {
            wf: self,
            out: String::new(),
            depth: 0,
        };
        p.workflow();
        f.write_str(&p.out)
    }
}

struct Printer<'w> {
    wf: &'w Workflow,
    out: String,
    depth: usize,
}

impl Printer<'_> {
    fn line(&mut self, text: &str) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
        self.out.push_str(text);
        self.out.push('\n');
    }

    fn workflow(&mut self) {
        let wf = self.wf;
        let mut head = format!("workflow {}", wf.name);
        if let Some(input) = wf.input {
            let _ = write!(head, "({})", self.var(input));
        }
        let _ = write!(head, " -> {}", shape(&wf.output));
        self.line(&head);
        if let Some(c) = &wf.comment {
            self.line(&format!("comment {c:?}"));
        }
        if let Some(t) = wf.timeout_seconds {
            self.line(&format!("timeout {t}s"));
        }
        self.line("vars {");
        self.depth += 1;
        for (i, v) in wf.vars.iter().enumerate() {
            self.line(&format!("{}#{i}: {}", v.name, shape(&v.shape)));
        }
        self.depth -= 1;
        self.line("}");
        self.block(&wf.body);
    }

    fn var(&self, v: VarId) -> String {
        match self.wf.vars.get(v.0 as usize) {
            Some(info) => format!("{}#{}", info.name, v.0),
            None => format!("?#{}", v.0),
        }
    }

    fn place(&self, p: &Place) -> String {
        let mut text = self.var(p.var);
        for f in &p.fields {
            text.push('.');
            text.push_str(f);
        }
        text
    }

    fn block(&mut self, block: &[Stmt]) {
        for s in block {
            self.stmt(s);
        }
    }

    /// `head {`, the block indented, then `tail` (`}` or `} else {` …).
    fn nested(&mut self, head: &str, block: &[Stmt]) {
        self.line(&format!("{head} {{"));
        self.depth += 1;
        self.block(block);
        self.depth -= 1;
    }

    fn stmt(&mut self, s: &Stmt) {
        if let Some(name) = &s.name {
            self.line(&format!("#[state({name:?})]"));
        }
        match &s.kind {
            StmtKind::Assign { var, value } => {
                let head = format!("{} = ", self.var(*var));
                self.expr_line(&head, value);
            }
            StmtKind::AssignField { place, value } => {
                let head = format!("{} = ", self.place(place));
                self.expr_line(&head, value);
            }
            StmtKind::Eval(e) => self.expr_line("", e),
            StmtKind::Return(e) => self.expr_line("return ", e),
            StmtKind::If {
                cond,
                then,
                otherwise,
            } => {
                let head = format!("if {}", self.cond(cond));
                self.nested(&head, then);
                if !otherwise.is_empty() {
                    self.nested("} else", otherwise);
                }
                self.line("}");
            }
            StmtKind::Match { scrutinee, arms } => {
                self.line(&format!("match {} {{", self.place(scrutinee)));
                self.depth += 1;
                for a in arms {
                    self.nested(&format!("{} =>", pattern(&a.pattern)), &a.body);
                    self.line("}");
                }
                self.depth -= 1;
                self.line("}");
            }
            StmtKind::Loop { body } => {
                self.nested("loop", body);
                self.line("}");
            }
            StmtKind::Break => self.line("break"),
            StmtKind::Continue => self.line("continue"),
            StmtKind::Sleep(d) => {
                let text = match d {
                    SleepFor::Seconds(s) => format!("sleep {s}s"),
                    SleepFor::SecondsAt(p) => format!("sleep seconds({})", self.place(p)),
                    SleepFor::Until(t) => format!("sleep until {t:?}"),
                    SleepFor::UntilAt(p) => format!("sleep until {}", self.place(p)),
                };
                self.line(&text);
            }
            StmtKind::Fail { error, cause } => {
                let text = |t: &Option<Text>| match t {
                    Some(Text::Literal(s)) => format!("{s:?}"),
                    Some(Text::At(p)) => self.place(p),
                    None => "_".to_string(),
                };
                self.line(&format!(
                    "fail(error: {}, cause: {})",
                    text(error),
                    text(cause)
                ));
            }
            StmtKind::Try {
                var,
                value,
                ok,
                catchers,
            } => {
                let head = match var {
                    Some(v) => format!("try {} = ", self.var(*v)),
                    None => "try ".to_string(),
                };
                match value {
                    // A value holding blocks takes lines of its own.
                    Expr::Parallel(_) | Expr::Map(_) => {
                        self.expr_line(&head, value);
                        self.nested("ok", ok);
                    }
                    Expr::Place(_)
                    | Expr::Literal(_)
                    | Expr::Struct { .. }
                    | Expr::Call(_)
                    | Expr::Intrinsic { .. }
                    | Expr::Context(_)
                    | Expr::Array(_)
                    | Expr::Compute(_) => self.nested(&format!("{head}{}", self.expr(value)), ok),
                }
                for c in catchers {
                    let bound = c.var.map(|v| format!(" as {}", self.var(v)));
                    let head = format!(
                        "}} catch [{}]{}",
                        c.errors.join(", "),
                        bound.unwrap_or_default()
                    );
                    self.nested(&head, &c.body);
                }
                self.line("}");
            }
            StmtKind::For { var, items, body } => {
                let head = format!("for {} in {}", self.var(*var), self.place(items));
                self.nested(&head, body);
                self.line("}");
            }
        }
    }

    /// A statement whose value may hold blocks (`parallel!` branches, a map's processor),
    /// printed on the lines after it.
    fn expr_line(&mut self, head: &str, e: &Expr) {
        match e {
            Expr::Parallel(branches) => {
                self.line(&format!("{head}parallel {{"));
                self.depth += 1;
                for (i, b) in branches.iter().enumerate() {
                    self.nested(&format!("branch {}", i + 1), b);
                    self.line("}");
                }
                self.depth -= 1;
                self.line("}");
            }
            Expr::Map(m) => {
                let items = match &m.items {
                    MapItems::Place(p) => self.place(p),
                    MapItems::Reader(r) => {
                        let mut text =
                            format!("reader {}({})", r.resource, self.expr(&r.parameters));
                        if let Some(c) = &r.reader_config {
                            let _ = write!(text, " config {c}");
                        }
                        text
                    }
                };
                let options = map_options(&m.options);
                let head = format!("{head}map {items}{options} |{}|", self.var(m.item));
                self.nested(&head, &m.body);
                self.line("}");
            }
            Expr::Place(_)
            | Expr::Literal(_)
            | Expr::Struct { .. }
            | Expr::Call(_)
            | Expr::Intrinsic { .. }
            | Expr::Context(_)
            | Expr::Array(_)
            | Expr::Compute(_) => {
                let text = format!("{head}{}", self.expr(e));
                self.line(&text);
            }
        }
    }

    fn expr(&self, e: &Expr) -> String {
        match e {
            Expr::Place(p) => self.place(p),
            Expr::Literal(v) => literal(v),
            Expr::Struct { shape: _, fields } => {
                let fields: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{k}: {}", self.expr(v)))
                    .collect();
                format!("{{ {} }}", fields.join(", "))
            }
            Expr::Call(c) => {
                let arg = c.arg.as_ref().map(|a| self.expr(a)).unwrap_or_default();
                format!("{}({arg}){}", c.task.name, task_details(&c.task))
            }
            // Blocks inside a value are printed by `expr_line`; nested deeper, they are named.
            Expr::Parallel(branches) => format!("parallel({} branches)", branches.len()),
            Expr::Map(m) => format!("map(|{}| …)", self.var(m.item)),
            Expr::Intrinsic { function, args } => {
                format!("{}({})", function.name(), self.list(args))
            }
            Expr::Context(path) => format!("$$.{}", path.join(".")),
            Expr::Array(items) => format!("[{}]", self.list(items)),
            Expr::Compute(c) => self.compute(c),
        }
    }

    fn list(&self, items: &[Expr]) -> String {
        let items: Vec<String> = items.iter().map(|a| self.expr(a)).collect();
        items.join(", ")
    }

    fn closure(&self, c: &Closure) -> String {
        let params: Vec<String> = c.params.iter().map(|p| self.var(*p)).collect();
        format!("|{}| {}", params.join(", "), self.expr(&c.body))
    }

    fn compute(&self, c: &Compute) -> String {
        match c {
            Compute::Binary { op, lhs, rhs } => {
                format!("({} {} {})", self.expr(lhs), binary(*op), self.expr(rhs))
            }
            Compute::Unary { op, operand } => {
                let sym = match op {
                    UnaryOp::Neg => "-",
                    UnaryOp::Not => "!",
                };
                format!("{sym}{}", self.expr(operand))
            }
            Compute::Cast { to, value } => {
                let to = match to {
                    NumericType::Integer(t) => snake(&format!("{t:?}")),
                    NumericType::Float => "f64".to_string(),
                };
                format!("({} as {to})", self.expr(value))
            }
            Compute::Method {
                method,
                receiver,
                args,
            } => format!(
                "{}.{}({})",
                self.expr(receiver),
                snake(&format!("{method:?}")),
                self.list(args)
            ),
            Compute::Closure {
                method,
                receiver,
                closure,
            } => format!(
                "{}.{}({})",
                self.expr(receiver),
                snake(&format!("{method:?}")),
                self.closure(closure)
            ),
            Compute::Fold {
                receiver,
                init,
                closure,
            } => format!(
                "{}.fold({}, {})",
                self.expr(receiver),
                self.expr(init),
                self.closure(closure)
            ),
            Compute::If {
                cond,
                then,
                otherwise,
            } => format!(
                "if {} {{ {} }} else {{ {} }}",
                self.expr(cond),
                self.expr(then),
                self.expr(otherwise)
            ),
            Compute::Match { scrutinee, arms } => {
                let arms: Vec<String> = arms
                    .iter()
                    .map(|(p, v)| format!("{} => {}", pattern(p), self.expr(v)))
                    .collect();
                format!("match {} {{ {} }}", self.expr(scrutinee), arms.join(", "))
            }
            Compute::Format(pieces) => {
                let mut template = String::new();
                let mut args = Vec::new();
                for p in pieces {
                    match p {
                        FormatPiece::Text(t) => {
                            template.push_str(&t.replace('{', "{{").replace('}', "}}"))
                        }
                        FormatPiece::Value(v) => {
                            template.push_str("{}");
                            args.push(self.expr(v));
                        }
                    }
                }
                let args: String = args.iter().map(|a| format!(", {a}")).collect();
                format!("format!({template:?}{args})")
            }
            Compute::Index { base, index } => {
                format!("{}[{}]", self.expr(base), self.expr(index))
            }
            Compute::Field { base, field } => format!("{}.{field}", self.expr(base)),
        }
    }

    fn cond(&self, c: &Cond) -> String {
        match c {
            Cond::And(a, b) => format!("({} && {})", self.cond(a), self.cond(b)),
            Cond::Or(a, b) => format!("({} || {})", self.cond(a), self.cond(b)),
            Cond::Not(a) => format!("!{}", self.cond(a)),
            Cond::Compare { place, op, rhs } => {
                let op = match op {
                    CmpOp::Eq => "==",
                    CmpOp::Ne => "!=",
                    CmpOp::Lt => "<",
                    CmpOp::Le => "<=",
                    CmpOp::Gt => ">",
                    CmpOp::Ge => ">=",
                };
                let rhs = match rhs {
                    Rhs::Literal(v) => literal(v),
                    Rhs::Place(p) => self.place(p),
                };
                format!("{} {op} {rhs}", self.place(place))
            }
            Cond::IsTrue(p) => self.place(p),
            Cond::IsSome(p) => format!("{}.is_some()", self.place(p)),
            Cond::IsNone(p) => format!("{}.is_none()", self.place(p)),
            Cond::Literal(b) => b.to_string(),
            Cond::Value(e) => self.expr(e),
        }
    }
}

fn literal(v: &Value) -> String {
    v.to_string()
}

fn binary(op: BinaryOp) -> &'static str {
    match op {
        BinaryOp::Add => "+",
        BinaryOp::Sub => "-",
        BinaryOp::Mul => "*",
        BinaryOp::Div => "/",
        BinaryOp::Rem => "%",
        BinaryOp::Eq => "==",
        BinaryOp::Ne => "!=",
        BinaryOp::Lt => "<",
        BinaryOp::Le => "<=",
        BinaryOp::Gt => ">",
        BinaryOp::Ge => ">=",
        BinaryOp::And => "&&",
        BinaryOp::Or => "||",
    }
}

/// `ToUppercase` → `to_uppercase`: a method's Rust name from its variant's.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, ch) in name.chars().enumerate() {
        if ch.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(ch.to_lowercase());
    }
    out
}

fn pattern(p: &Pattern) -> String {
    match p {
        Pattern::Wildcard => "_".to_string(),
        Pattern::Variant(v) => v.clone(),
        Pattern::Some => "Some(_)".to_string(),
        Pattern::None => "None".to_string(),
        Pattern::Literal(v) => literal(v),
        Pattern::Range {
            start,
            end,
            inclusive,
        } => {
            let end_text = |v: &Option<Value>| v.as_ref().map(literal).unwrap_or_default();
            let dots = if *inclusive { "..=" } else { ".." };
            format!("{}{dots}{}", end_text(start), end_text(end))
        }
        Pattern::Or(ps) => ps.iter().map(pattern).collect::<Vec<_>>().join(" | "),
        Pattern::SomeOf(inner) => format!("Some({})", pattern(inner)),
    }
}

/// A call's resource and policies, after its argument: `[lambda fn, retry 1, timeout 5s]`.
fn task_details(t: &TaskSpec) -> String {
    let mut parts = vec![match &t.resource {
        TaskResource::Lambda(name) => format!("lambda {name}"),
        TaskResource::Activity(arn) => format!("activity {arn}"),
        TaskResource::Arn(arn) => arn.clone(),
        TaskResource::GetAtt(id) => format!("GetAtt {id}"),
        TaskResource::Ref(id) => format!("Ref {id}"),
    }];
    for r in &t.retry {
        let mut text = format!("retry [{}]", r.errors.join(", "));
        let fields = [
            ("interval", r.interval_seconds.map(|v| format!("{v}s"))),
            ("max_attempts", r.max_attempts.map(|v| v.to_string())),
            ("backoff", r.backoff_rate.map(|v| v.to_string())),
            ("max_delay", r.max_delay_seconds.map(|v| format!("{v}s"))),
            ("jitter_full", r.jitter_full.map(|v| v.to_string())),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                let _ = write!(text, " {key} {value}");
            }
        }
        parts.push(text);
    }
    let timing = [
        (
            "timeout",
            t.timeout_seconds.map(|s| format!("{s}s")),
            &t.timeout_field,
        ),
        (
            "heartbeat",
            t.heartbeat_seconds.map(|s| format!("{s}s")),
            &t.heartbeat_field,
        ),
    ];
    for (key, seconds, field) in timing {
        if let Some(s) = seconds {
            parts.push(format!("{key} {s}"));
        }
        if let Some(f) = field {
            parts.push(format!("{key} input.{f}"));
        }
    }
    if let Some(env) = &t.envelope {
        parts.push(format!(
            "envelope {} under {}",
            env.parameters, env.argument_key
        ));
    }
    format!(" [{}]", parts.join(", "))
}

fn map_options(o: &MapOptions) -> String {
    let mut parts = Vec::new();
    if let Some(n) = o.max_concurrency {
        parts.push(format!("max_concurrency {n}"));
    }
    if let Some(kind) = &o.distributed {
        parts.push(format!("distributed {kind:?}"));
    }
    if let Some(n) = o.tolerated_failure_count {
        parts.push(format!("tolerated_failures {n}"));
    }
    if let Some(p) = o.tolerated_failure_percentage {
        parts.push(format!("tolerated_failure_percentage {p}"));
    }
    if let Some(b) = &o.batch {
        parts.push(format!("batch {:?}/{:?}", b.max_items, b.max_input_bytes));
    }
    if let Some(w) = &o.result_writer {
        parts.push(format!("result_writer {w}"));
    }
    if let Some(l) = &o.label {
        parts.push(format!("label {l:?}"));
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" [{}]", parts.join(", "))
    }
}

/// A shape as a Rust-like type; a named type by its name (it may be recursive).
fn shape(s: &Shape) -> String {
    match s {
        Shape::Unit => "()".to_string(),
        Shape::Bool => "bool".to_string(),
        Shape::Integer => "int".to_string(),
        Shape::Number => "number".to_string(),
        Shape::String => "string".to_string(),
        Shape::Timestamp => "timestamp".to_string(),
        Shape::Option(inner) => format!("Option<{}>", shape(inner)),
        Shape::Array(inner) => format!("[{}]", shape(inner)),
        Shape::Tuple(items) => {
            let items: Vec<String> = items.iter().map(shape).collect();
            format!("({})", items.join(", "))
        }
        Shape::Map(inner) => format!("Map<string, {}>", shape(inner)),
        Shape::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|f| {
                    let flatten = if f.flatten { "..." } else { "" };
                    format!("{flatten}{}: {}", f.json, shape(&f.shape))
                })
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        Shape::Enum { tagging, variants } => {
            let variants: Vec<String> = variants
                .iter()
                .map(|v| match &v.data {
                    Some(data) => format!("{}({})", v.json, shape(data)),
                    None => v.json.clone(),
                })
                .collect();
            let tagging = match tagging {
                Tagging::External => String::new(),
                Tagging::Internal { tag } => format!("tag {tag:?} "),
                Tagging::Adjacent { tag, content } => format!("tag {tag:?} content {content:?} "),
                Tagging::Untagged => "untagged ".to_string(),
            };
            format!("enum {tagging}{{ {} }}", variants.join(" | "))
        }
        Shape::Any => "any".to_string(),
        Shape::Named { name, shape: _ } => (*name).to_string(),
    }
}
