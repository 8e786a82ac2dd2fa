//! The syntax tree the evaluator runs and the printer writes: paths as lists of steps, with
//! the reference's post-parse annotations (stages, focus and index bindings, ancestry).

use std::rc::Rc;

use crate::signature::Signature;

/// One node: what it is, where it starts in the source (a byte offset), and its annotations.
#[derive(Debug, Clone)]
pub struct Node {
    pub kind: Kind,
    pub pos: usize,
    /// `step[]`, or a node inside such a step.
    pub keep_array: bool,
    pub step: Box<StepInfo>,
}

/// What the post-parse pass adds to a node used as a path step (empty elsewhere).
#[derive(Debug, Clone, Default)]
pub struct StepInfo {
    /// Predicates and `#` index bindings applied to each result of this step.
    pub stages: Vec<Stage>,
    /// Predicates on a node that is not a path step (applied to its whole value).
    pub predicate: Vec<Stage>,
    /// `step{ key: value }`: grouping.
    pub group: Option<Group>,
    /// `step@$v`: bind each result to `$v`, keeping the input as the context.
    pub focus: Option<String>,
    /// `step#$i`: bind each result's position to `$i`.
    pub index: Option<String>,
    /// This step (or path) carries a tuple stream of bindings.
    pub tuple: bool,
    /// Bind this step's input under the label of this slot, for a `%` that refers back to it.
    pub ancestor: Option<usize>,
    /// An array constructor as the first or last step of a path.
    pub cons_array: bool,
    /// `%` slots below this node not yet resolved to a step.
    pub seeking_parent: Vec<usize>,
    /// A path: keep singleton arrays.
    pub keep_singleton_array: bool,
}

impl StepInfo {
    /// Nothing added: the node evaluates as it would outside a path.
    pub fn is_plain(&self) -> bool {
        self.stages.is_empty()
            && self.predicate.is_empty()
            && self.group.is_none()
            && self.focus.is_none()
            && self.index.is_none()
            && !self.tuple
            && self.ancestor.is_none()
            && !self.cons_array
            && self.seeking_parent.is_empty()
            && !self.keep_singleton_array
    }
}

#[derive(Debug, Clone)]
pub enum Stage {
    Filter(Node),
    Index(String),
}

#[derive(Debug, Clone)]
pub struct Group {
    pub pairs: Vec<(Node, Node)>,
    pub pos: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    Add,
    Subtract,
    Multiply,
    Divide,
    Modulo,
    Equal,
    NotEqual,
    Less,
    LessEqual,
    Greater,
    GreaterEqual,
    Concat,
    Range,
    In,
    And,
    Or,
}

impl BinaryOp {
    pub fn from_token(op: &str) -> Option<BinaryOp> {
        Some(match op {
            "+" => BinaryOp::Add,
            "-" => BinaryOp::Subtract,
            "*" => BinaryOp::Multiply,
            "/" => BinaryOp::Divide,
            "%" => BinaryOp::Modulo,
            "=" => BinaryOp::Equal,
            "!=" => BinaryOp::NotEqual,
            "<" => BinaryOp::Less,
            "<=" => BinaryOp::LessEqual,
            ">" => BinaryOp::Greater,
            ">=" => BinaryOp::GreaterEqual,
            "&" => BinaryOp::Concat,
            ".." => BinaryOp::Range,
            "in" => BinaryOp::In,
            "and" => BinaryOp::And,
            "or" => BinaryOp::Or,
            _ => return None,
        })
    }

    pub fn token(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Equal => "=",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterEqual => ">=",
            BinaryOp::Concat => "&",
            BinaryOp::Range => "..",
            BinaryOp::In => "in",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
        }
    }

    /// The parser's binding power of the operator.
    pub fn precedence(self) -> u8 {
        match self {
            BinaryOp::Multiply | BinaryOp::Divide | BinaryOp::Modulo => 60,
            BinaryOp::Add | BinaryOp::Subtract | BinaryOp::Concat => 50,
            BinaryOp::And => 30,
            BinaryOp::Or => 25,
            BinaryOp::Range => 20,
            _ => 40,
        }
    }
}

#[derive(Debug, Clone)]
pub struct SortTerm {
    pub descending: bool,
    pub expr: Node,
}

/// `| pattern | update [, delete] |`.
#[derive(Debug, Clone)]
pub struct Transform {
    pub pattern: Node,
    pub update: Node,
    pub delete: Option<Node>,
}

#[derive(Debug, Clone)]
pub struct Lambda {
    pub params: Vec<String>,
    pub signature: Option<(String, Signature)>,
    pub body: Node,
    /// The body is a tail call: evaluated as a thunk by the trampoline.
    pub thunk: bool,
}

#[derive(Debug, Clone)]
pub enum Kind {
    Path(Vec<Node>),
    /// A field name step (also a quoted string used as a step).
    Name(String),
    String(String),
    Number(f64),
    Bool(bool),
    Null,
    Regex {
        pattern: String,
        flags: String,
    },
    Variable(String),
    Wildcard,
    Descendant,
    /// `%`: the slot whose label names the ancestor binding.
    Parent(usize),
    Negate(Box<Node>),
    Array(Vec<Node>),
    Object(Vec<(Node, Node)>),
    Binary(BinaryOp, Box<Node>, Box<Node>),
    Apply(Box<Node>, Box<Node>),
    Bind(String, Box<Node>),
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    Block(Vec<Node>),
    Call {
        procedure: Box<Node>,
        args: Vec<Node>,
    },
    /// `f(?, x)`: `None` marks a placeholder.
    Partial {
        procedure: Box<Node>,
        args: Vec<Option<Node>>,
    },
    Lambda(Rc<Lambda>),
    Transform(Rc<Transform>),
    /// `^( … )` as a path step.
    Sort(Vec<SortTerm>),
}

impl Node {
    pub fn new(kind: Kind, pos: usize) -> Node {
        Node {
            kind,
            pos,
            keep_array: false,
            step: Box::default(),
        }
    }
}
