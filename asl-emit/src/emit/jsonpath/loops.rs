//! `for` loops over arrays: an index walked by a Choice back-edge.

use asl_model::document::{self as asl};
use asl_model::ir::*;
use serde_json::{json, Map, Value};

use super::*;

impl<'w> Emitter<'w> {
    /// `for x in items { … }`: the variable's home holds `{"index", "length", "value"}`; a
    /// Choice tests the position, a Pass takes the item, another advances.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn for_loop(
        &mut self,
        s: &Stmt,
        var: VarId,
        items: &Place,
        body: &Block,
        entry: Label,
        next: Label,
    ) {
        let base = self.target_path(var);
        let at = |k: &str| json_path(&base, &[k.to_string()]);
        let items_path = self.path(items);
        // The list is read on every round: if the body changes it, iterate over a copy.
        let mut changes_list = false;
        walk_stmts(body, &mut |st| match &st.kind {
            StmtKind::Assign { var, .. } => changes_list |= *var == items.var,
            StmtKind::AssignField { place, .. } => changes_list |= place.var == items.var,
            StmtKind::Try { var, .. } => changes_list |= *var == Some(items.var),
            // Nested blocks are visited on their own; a catcher's error variable is new.
            StmtKind::Eval(_)
            | StmtKind::Return(_)
            | StmtKind::If { .. }
            | StmtKind::Match { .. }
            | StmtKind::Loop { .. }
            | StmtKind::For { .. }
            | StmtKind::Break
            | StmtKind::Continue
            | StmtKind::Sleep(_)
            | StmtKind::Fail { .. } => {}
        });
        let list = if changes_list {
            at("items")
        } else {
            items_path.clone()
        };
        let position = |index: String| {
            let mut m = Map::new();
            m.insert("index.$".into(), Value::String(index));
            m.insert("length.$".into(), Value::String(at("length")));
            if changes_list {
                m.insert("items.$".into(), Value::String(at("items")));
            }
            m
        };
        let title = pascal(&self.var_name(var));

        let mut init = Map::new();
        init.insert("index".into(), json!(0));
        init.insert(
            "length.$".into(),
            Value::String(format!("States.ArrayLength({items_path})")),
        );
        if changes_list {
            init.insert("items.$".into(), Value::String(items_path.clone()));
        }
        let mut start = pass();
        start.parameters = Some(Value::Object(init));
        start.result_path = Some(asl::NullablePath::Path(base.clone()));
        let head = self.label();
        let name = s.name.clone().unwrap_or_else(|| format!("ForEach{title}"));
        self.push(entry, &name, asl::State::Pass(start), Some(head));

        let take = self.label();
        let condition = test(
            at("index"),
            asl::Test::Compare {
                kind: asl::CompareKind::Numeric,
                op: asl::CompareOp::LessThan,
                operand: asl::Operand::Path(at("length")),
            },
        );
        let choice = asl::ChoiceState {
            common: common(),
            choices: vec![asl::ChoiceRule {
                comment: None,
                condition,
                next: String::new(),
                assign: None,
                output: None,
                unknown: Default::default(),
            }],
            default: None,
        };
        let i = self.push(
            head,
            &format!("Has{title}"),
            asl::State::Choice(choice),
            None,
        );
        self.graph.states[i].choice_targets = vec![take];
        self.graph.states[i].choice_default = Some(next);

        let body_entry = self.label();
        let mut item = position(at("index"));
        item.insert(
            format!("{WRAPPED}.$"),
            Value::String(format!("States.ArrayGetItem({list}, {})", at("index"))),
        );
        let mut take_state = pass();
        take_state.parameters = Some(Value::Object(item));
        take_state.result_path = Some(asl::NullablePath::Path(base.clone()));
        self.push(
            take,
            &format!("Take{title}"),
            asl::State::Pass(take_state),
            Some(body_entry),
        );

        let advance = self.label();
        self.loops.push(LoopTargets {
            head: advance,
            exit: next,
        });
        self.block(body, body_entry, advance);
        self.loops.pop();
        if self.reaches(advance) {
            let mut step = pass();
            step.parameters = Some(Value::Object(position(format!(
                "States.MathAdd({}, 1)",
                at("index")
            ))));
            step.result_path = Some(asl::NullablePath::Path(base.clone()));
            self.push(
                advance,
                &format!("Next{title}"),
                asl::State::Pass(step),
                Some(head),
            );
        }
    }
}
