//! Whether a JSONata state reads `$states.result` or `$states.errorOutput` in a field that
//! does not have it, decided by a serializer that sees the state's strings as it would be
//! written (no `serde_json::Value` built, no pointers joined). Only a state it flags is
//! serialized to a value for `variables` to say where.

use std::cell::Cell;

use serde::ser::{self, Serialize};

use crate::document::State;

/// Whether `variables`' `$states` rules can report anything on this JSONata state: the same
/// fields are looked at, with the same fields allowed to read `result` and `errorOutput`.
pub(super) fn may_report(state: &State) -> bool {
    let found = Cell::new(false);
    let has_result = matches!(state, State::Task(_) | State::Parallel(_) | State::Map(_));
    let scan = Scan {
        mode: Mode::State { has_result },
        found: &found,
        pending: None,
    };
    // The scanner never fails.
    let _ = crate::serialize::state_out(state).serialize(scan);
    found.get()
}

/// Where in the state a value sits, as `variables::Walk::states_fields` tells fields apart.
#[derive(Clone, Copy)]
enum Mode {
    /// The state object itself.
    State {
        has_result: bool,
    },
    /// Its `Catch` list, and one catcher of it.
    Catchers,
    Catcher,
    /// A value whose strings are checked.
    Field {
        result: bool,
        error_output: bool,
    },
    /// A value not looked at (nested graphs, a catcher's other fields).
    Skip,
}

impl Mode {
    /// The mode of the value under `key` of an object in this mode.
    fn child(self, key: &str) -> Mode {
        match self {
            Mode::State { has_result } => match key {
                "Branches" | "ItemProcessor" | "Iterator" => Mode::Skip,
                "Output" | "Assign" => Mode::Field {
                    result: has_result,
                    error_output: false,
                },
                "Catch" => Mode::Catchers,
                _ => Mode::NOWHERE,
            },
            Mode::Catcher => match key {
                "Output" | "Assign" => Mode::Field {
                    result: false,
                    error_output: true,
                },
                _ => Mode::Skip,
            },
            Mode::Catchers => Mode::Catcher,
            Mode::Field { .. } | Mode::Skip => self,
        }
    }

    /// A field that may read neither.
    const NOWHERE: Mode = Mode::Field {
        result: false,
        error_output: false,
    };
}

struct Scan<'a> {
    mode: Mode,
    found: &'a Cell<bool>,
    /// Set when this serializer writes a map key: the mode of that key's value.
    pending: Option<&'a Cell<Mode>>,
}

impl<'a> Scan<'a> {
    fn string(&self, s: &str) {
        if let Some(pending) = self.pending {
            pending.set(self.mode.child(s));
            return;
        }
        if let Mode::Field {
            result,
            error_output,
        } = self.mode
        {
            if crate::jsonata::is_expression(s)
                && ((!result && super::variables::reads_states_field(s, "result"))
                    || (!error_output && super::variables::reads_states_field(s, "errorOutput")))
            {
                self.found.set(true);
            }
        }
    }

    fn compound(self) -> Compound<'a> {
        Compound {
            mode: self.mode,
            found: self.found,
            pending: Cell::new(self.mode.child("")),
        }
    }
}

struct Compound<'a> {
    mode: Mode,
    found: &'a Cell<bool>,
    /// The mode of the value after the last key.
    pending: Cell<Mode>,
}

impl Compound<'_> {
    fn value<T: Serialize + ?Sized>(&self, mode: Mode, v: &T) -> Result<(), Error> {
        if matches!(mode, Mode::Skip) || self.found.get() {
            return Ok(());
        }
        v.serialize(Scan {
            mode,
            found: self.found,
            pending: None,
        })
    }

    fn key<T: Serialize + ?Sized>(&self, k: &T) -> Result<(), Error> {
        // A key that is not a string (never written by the model) leaves the value as any
        // other field of this object.
        self.pending.set(self.mode.child(""));
        k.serialize(Scan {
            mode: self.mode,
            found: self.found,
            pending: Some(&self.pending),
        })
    }

    /// An element of a list: what a list's items are in the list's mode.
    fn element<T: Serialize + ?Sized>(&self, v: &T) -> Result<(), Error> {
        let mode = match self.mode {
            Mode::Catchers => Mode::Catcher,
            Mode::State { .. } | Mode::Catcher => Mode::NOWHERE,
            m => m,
        };
        self.value(mode, v)
    }
}

#[derive(Debug)]
pub(super) struct Error;

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("scan failed")
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Error
    }
}

macro_rules! ignore {
    ($($name:ident: $t:ty),*) => {
        $(fn $name(self, _: $t) -> Result<(), Error> { Ok(()) })*
    };
}

impl<'a> ser::Serializer for Scan<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'a>;
    type SerializeTuple = Compound<'a>;
    type SerializeTupleStruct = Compound<'a>;
    type SerializeTupleVariant = Compound<'a>;
    type SerializeMap = Compound<'a>;
    type SerializeStruct = Compound<'a>;
    type SerializeStructVariant = Compound<'a>;

    ignore!(serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32,
        serialize_i64: i64, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32,
        serialize_u64: u64, serialize_f32: f32, serialize_f64: f64, serialize_bytes: &[u8]);

    fn serialize_char(self, v: char) -> Result<(), Error> {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_none(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), Error> {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, v: &'static str) -> Result<(), Error> {
        self.string(v);
        Ok(())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<(), Error> {
        let c = self.compound();
        c.value(c.mode.child(variant), v)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.compound())
    }
    fn serialize_tuple(self, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound())
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        let mode = self.mode.child(variant);
        Ok(Scan { mode, ..self }.compound())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Compound<'a>, Error> {
        Ok(self.compound())
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Compound<'a>, Error> {
        Ok(self.compound())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Compound<'a>, Error> {
        let mode = self.mode.child(variant);
        Ok(Scan { mode, ..self }.compound())
    }
}

/// The sequence-like compounds: each element is scanned in the compound's mode.
macro_rules! scan_elements {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
                self.element(v)
            }
            fn end(self) -> Result<(), Error> {
                Ok(())
            }
        }
    )*};
}

scan_elements!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Compound<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, k: &T) -> Result<(), Error> {
        self.key(k)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Error> {
        self.value(self.pending.get(), v)
    }
    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

/// The struct-like compounds: each field is scanned in its key's mode.
macro_rules! scan_fields {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Compound<'_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), Error> {
                self.value(self.mode.child(key), v)
            }
            fn end(self) -> Result<(), Error> {
                Ok(())
            }
        }
    )*};
}

scan_fields!(SerializeStruct, SerializeStructVariant);
