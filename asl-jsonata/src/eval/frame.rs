//! Variable scopes: a frame of bindings with a link to the scope it was created in.

use std::cell::RefCell;
use std::rc::Rc;

use crate::value::Value;

#[derive(Debug, Default)]
pub struct Frame {
    bindings: RefCell<Vec<(Rc<str>, Value)>>,
    parent: Option<Rc<Frame>>,
}

impl Frame {
    pub fn child(parent: &Rc<Frame>) -> Rc<Frame> {
        Rc::new(Frame {
            bindings: RefCell::default(),
            parent: Some(parent.clone()),
        })
    }

    pub fn root() -> Rc<Frame> {
        Rc::new(Frame::default())
    }

    pub fn bind(&self, name: &str, value: Value) {
        let mut bindings = self.bindings.borrow_mut();
        match bindings.iter_mut().find(|(n, _)| &**n == name) {
            Some(slot) => slot.1 = value,
            None => bindings.push((name.into(), value)),
        }
    }

    /// The value bound to `name` here or in an enclosing scope; `None` when unbound.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        let mut frame = self;
        loop {
            if let Some((_, v)) = frame.bindings.borrow().iter().find(|(n, _)| &**n == name) {
                return Some(v.clone());
            }
            frame = frame.parent.as_deref()?;
        }
    }
}
