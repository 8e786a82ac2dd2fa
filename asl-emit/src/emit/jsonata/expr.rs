//! Values as JSONata text: places as `$variable.field` paths, literals, struct and array
//! literals, intrinsics and context fields, and computed values (`ir::Compute`).

use asl_model::ir::*;
use serde_json::Value;

use super::Emitter;
use crate::passes::{expr_shape, place_shape};

/// `$name.key` with backticks where a key is not a plain name.
pub(crate) fn field_path(base: &str, keys: &[String]) -> String {
    let mut p = base.to_string();
    for k in keys {
        if let Ok(i) = k.parse::<usize>() {
            p.push_str(&format!("[{i}]"));
        } else if !k.is_empty()
            && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !k.starts_with(|c: char| c.is_ascii_digit())
        {
            p.push('.');
            p.push_str(k);
        } else {
            p.push_str(&format!(".`{}`", k.replace('`', "")));
        }
    }
    p
}

/// Whether `text` is a path that starts with a variable (`$v.a[0]`, `$states.input`).
fn is_variable_path(text: &str) -> bool {
    let Some(rest) = text.strip_prefix('$') else {
        return false;
    };
    let mut in_backticks = false;
    rest.chars().all(|c| {
        if c == '`' {
            in_backticks = !in_backticks;
        }
        in_backticks || c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '`' | '-')
    })
}

/// `base` followed by `suffix` (`.key`, `[0]`). A path whose first step is not a variable
/// maps over an array context (in an object constructor, the group's items), so any other
/// base is bound to a variable first.
pub(crate) fn select(base: &str, suffix: &str) -> String {
    if suffix.is_empty() {
        base.to_string()
    } else if is_variable_path(base) {
        format!("{base}{suffix}")
    } else {
        format!("($__s := {base}; $__s{suffix})")
    }
}

/// A JSON value as a JSONata literal (JSON is JSONata).
pub(crate) fn literal(v: &Value) -> String {
    v.to_string()
}

/// Wraps `text` in `{% %}`: a JSONata string of a template.
pub(crate) fn template(text: String) -> Value {
    Value::String(format!("{{% {text} %}}"))
}

/// Whether `text` is one array constructor `[…]` as a whole (not `[…][0]`, not `([…])`):
/// JSONata keeps such an item of an outer constructor as one item.
fn is_array_constructor(text: &str) -> bool {
    if !text.starts_with('[') {
        return false;
    }
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                _ if c == q => quote = None,
                _ => {}
            }
            continue;
        }
        match c {
            '"' | '\'' | '`' => quote = Some(c),
            '[' | '(' | '{' => depth += 1,
            ']' | ')' | '}' => {
                depth -= 1;
                if depth == 0 {
                    return i == text.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

fn is_array(shape: &Shape) -> bool {
    matches!(shape.resolved(), Shape::Array(_) | Shape::Tuple(_))
}

impl Emitter<'_> {
    pub(crate) fn shape_of(&self, e: &Expr) -> Shape {
        expr_shape(&self.wf.vars, e).resolved()
    }

    /// A place: a variable (or the value inlined for it) and its fields.
    pub(crate) fn place(&mut self, p: &Place) -> String {
        let base_shape = self
            .wf
            .vars
            .get(p.var.0 as usize)
            .map(|v| v.shape.clone())
            .unwrap_or(Shape::Any);
        let mut shape = base_shape;
        let mut keys = Vec::new();
        for f in &p.fields {
            match shape.field(f) {
                Some((segments, s)) => {
                    keys.extend(segments);
                    shape = s;
                }
                None => {
                    keys.push(f.clone());
                    shape = Shape::Any;
                }
            }
        }
        let base = self.var_ref(p.var);
        select(&base, &field_path("", &keys))
    }

    /// Where a variable's value is read: an inlined expression, the state input (a map
    /// processor's first state), the execution input, or the variable.
    pub(crate) fn var_ref(&mut self, var: VarId) -> String {
        if let Some(text) = self.overrides.get(&var) {
            return text.clone();
        }
        if self.input_here.is_some() && self.passed_in.contains(&var) {
            return format!("$states.input.{}", self.var_name(var));
        }
        if let Some(e) = self.inline.get(&var).cloned() {
            let text = self.expr(&e);
            return if is_variable_path(&text) {
                text
            } else {
                format!("({text})")
            };
        }
        if self.input_here == Some(var) {
            return match self.map_item {
                Some(_) => "$states.input.value".into(),
                None => "$states.input".into(),
            };
        }
        if self.execution_input == Some(var) {
            return "$states.context.Execution.Input".into();
        }
        format!("${}", self.var_name(var))
    }

    /// A value as JSONata text.
    pub(crate) fn expr(&mut self, e: &Expr) -> String {
        match e {
            Expr::Place(p) => self.place(p),
            Expr::Literal(v) => literal(v),
            Expr::Struct { fields, .. } => {
                let items: Vec<String> = fields
                    .iter()
                    .map(|(k, v)| format!("{}: {}", Value::String(k.clone()), self.expr(v)))
                    .collect();
                format!("{{{}}}", items.join(", "))
            }
            Expr::Array(items) => {
                let items: Vec<String> = items.iter().map(|i| self.element(i)).collect();
                format!("[{}]", items.join(", "))
            }
            Expr::Context(path) => self.context(path),
            Expr::Intrinsic { function, args } => self.intrinsic(*function, args),
            Expr::Compute(c) => self.compute(c),
            Expr::Call(c) => {
                self.errors.push(format!(
                    "the call of task `{}` must be bound with `let` first",
                    c.task.name
                ));
                "null".into()
            }
            Expr::Parallel(_) | Expr::Map(_) => {
                self.errors
                    .push("a `parallel!(…)` or `map(…)` must be bound with `let` first".into());
                "null".into()
            }
        }
    }

    /// An item of an array constructor: JSONata flattens an array-valued item into the
    /// array unless the item is itself written as an array constructor.
    pub(crate) fn element(&mut self, e: &Expr) -> String {
        let text = self.expr(e);
        if is_array(&self.shape_of(e)) && !is_array_constructor(&text) {
            format!("[{text}]")
        } else {
            text
        }
    }

    fn context(&mut self, path: &[String]) -> String {
        // The context object's fields keep their names in `$states.context`; a map
        // processor's item and position come through its ItemSelector.
        match (path, self.map_item.clone()) {
            ([map, item, field], Some((var, index))) if map == "Map" && item == "Item" => {
                match field.as_str() {
                    "Index" if self.input_here.is_some() => "$states.input.index".into(),
                    "Index" => format!("${index}"),
                    _ => self.var_ref(var),
                }
            }
            _ => field_path("$states.context", path),
        }
    }

    fn intrinsic(&mut self, function: Intrinsic, args: &[Expr]) -> String {
        let mut a: Vec<String> = Vec::new();
        for (i, arg) in args.iter().enumerate() {
            // `States.Format`'s template is in the intrinsic's syntax: keep it as text.
            if let (Intrinsic::Format, 0, Expr::Literal(Value::String(t))) = (function, i, arg) {
                a.push(t.clone());
            } else {
                a.push(self.expr(arg));
            }
        }
        let arg = |i: usize| a.get(i).cloned().unwrap_or_else(|| "null".into());
        match function {
            Intrinsic::Format => {
                let values: Vec<(String, Shape)> = a
                    .iter()
                    .zip(args)
                    .skip(1)
                    .map(|(text, e)| (text.clone(), self.shape_of(e)))
                    .collect();
                super::format::format_template(&arg(0), &values)
            }
            Intrinsic::StringToJson => format!("$parse({})", arg(0)),
            Intrinsic::JsonToString => format!("$string({})", arg(0)),
            Intrinsic::Array => format!(
                "[{}]",
                args.iter()
                    .map(|e| self.element(e))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Intrinsic::ArrayPartition => format!("$partition({}, {})", arg(0), arg(1)),
            Intrinsic::ArrayContains => format!("({} in {})", arg(1), arg(0)),
            Intrinsic::ArrayRange => format!("$range({}, {}, {})", arg(0), arg(1), arg(2)),
            Intrinsic::ArrayGetItem => format!("{}[{}]", arg(0), arg(1)),
            Intrinsic::ArrayLength => format!("$count({})", arg(0)),
            Intrinsic::ArrayUnique => format!("[$distinct({})]", arg(0)),
            Intrinsic::Base64Encode => format!("$base64encode({})", arg(0)),
            Intrinsic::Base64Decode => format!("$base64decode({})", arg(0)),
            Intrinsic::Hash => format!("$hash({}, {})", arg(0), arg(1)),
            Intrinsic::JsonMerge => format!("$merge([{}, {}])", arg(0), arg(1)),
            Intrinsic::MathRandom => match a.len() {
                // Step Functions' JSONata has no `$randomInt`: an integer from lo to hi.
                2 => format!(
                    "($floor($random() * ({1} - {0} + 1)) + {0})",
                    arg(0),
                    arg(1)
                ),
                _ => "$random()".into(),
            },
            Intrinsic::MathAdd => format!("({} + {})", arg(0), arg(1)),
            Intrinsic::StringSplit => {
                // JSONata's `$split` splits on the whole delimiter; States.StringSplit on each
                // of its characters, dropping empty strings.
                let chars = match args.get(1) {
                    Some(Expr::Literal(Value::String(d))) => {
                        let mut seen: Vec<char> = Vec::new();
                        for c in d.chars() {
                            if !seen.contains(&c) {
                                seen.push(c);
                            }
                        }
                        let items: Vec<String> = seen
                            .iter()
                            .map(|c| Value::String(c.to_string()).to_string())
                            .collect();
                        format!("[{}]", items.join(", "))
                    }
                    _ => format!("$split({}, '')", arg(1)),
                };
                format!(
                    "[$reduce({chars}, function($a, $c) {{ [$a.$split($, $c)] }}, [{}])[$ != '']]",
                    arg(0)
                )
            }
            Intrinsic::Uuid => "$uuid()".into(),
        }
    }

    /// Whether a value is an integer (for `/` and casts).
    pub(crate) fn is_integer(&self, e: &Expr) -> bool {
        matches!(self.shape_of(e), Shape::Integer)
    }

    pub(crate) fn is_string(&self, e: &Expr) -> bool {
        matches!(self.shape_of(e), Shape::String | Shape::Timestamp)
    }

    /// The shape of a place (for `match`).
    pub(crate) fn place_shape(&self, p: &Place) -> Shape {
        place_shape(&self.wf.vars, p)
    }
}
