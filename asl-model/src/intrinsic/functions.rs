//! The intrinsic function table: each function's name, argument count and signature.

use std::fmt;

use super::Intrinsic;

impl Intrinsic {
    pub const ALL: [Intrinsic; 18] = [
        Intrinsic::Format,
        Intrinsic::StringToJson,
        Intrinsic::JsonToString,
        Intrinsic::Array,
        Intrinsic::ArrayPartition,
        Intrinsic::ArrayContains,
        Intrinsic::ArrayRange,
        Intrinsic::ArrayGetItem,
        Intrinsic::ArrayLength,
        Intrinsic::ArrayUnique,
        Intrinsic::Base64Encode,
        Intrinsic::Base64Decode,
        Intrinsic::Hash,
        Intrinsic::JsonMerge,
        Intrinsic::MathRandom,
        Intrinsic::MathAdd,
        Intrinsic::StringSplit,
        Intrinsic::Uuid,
    ];

    /// The name as written in ASL, e.g. `States.Format`.
    pub fn name(self) -> &'static str {
        match self {
            Intrinsic::Format => "States.Format",
            Intrinsic::StringToJson => "States.StringToJson",
            Intrinsic::JsonToString => "States.JsonToString",
            Intrinsic::Array => "States.Array",
            Intrinsic::ArrayPartition => "States.ArrayPartition",
            Intrinsic::ArrayContains => "States.ArrayContains",
            Intrinsic::ArrayRange => "States.ArrayRange",
            Intrinsic::ArrayGetItem => "States.ArrayGetItem",
            Intrinsic::ArrayLength => "States.ArrayLength",
            Intrinsic::ArrayUnique => "States.ArrayUnique",
            Intrinsic::Base64Encode => "States.Base64Encode",
            Intrinsic::Base64Decode => "States.Base64Decode",
            Intrinsic::Hash => "States.Hash",
            Intrinsic::JsonMerge => "States.JsonMerge",
            Intrinsic::MathRandom => "States.MathRandom",
            Intrinsic::MathAdd => "States.MathAdd",
            Intrinsic::StringSplit => "States.StringSplit",
            Intrinsic::Uuid => "States.UUID",
        }
    }

    /// The function called `name` (`States.Format` …), if there is one.
    pub fn from_name(name: &str) -> Option<Intrinsic> {
        Intrinsic::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Fewest and most arguments (`None`: no upper bound).
    pub fn arity(self) -> (usize, Option<usize>) {
        match self {
            Intrinsic::Format => (1, None),
            Intrinsic::Array => (0, None),
            Intrinsic::Uuid => (0, Some(0)),
            Intrinsic::StringToJson
            | Intrinsic::JsonToString
            | Intrinsic::ArrayLength
            | Intrinsic::ArrayUnique
            | Intrinsic::Base64Encode
            | Intrinsic::Base64Decode => (1, Some(1)),
            Intrinsic::ArrayPartition
            | Intrinsic::ArrayContains
            | Intrinsic::ArrayGetItem
            | Intrinsic::Hash
            | Intrinsic::MathAdd
            | Intrinsic::StringSplit => (2, Some(2)),
            Intrinsic::MathRandom => (2, Some(3)),
            Intrinsic::ArrayRange | Intrinsic::JsonMerge => (3, Some(3)),
        }
    }

    /// How the arguments are written, for messages.
    pub fn signature(self) -> &'static str {
        match self {
            Intrinsic::Format => "States.Format('template with {} placeholders', arg, …)",
            Intrinsic::StringToJson => "States.StringToJson(string)",
            Intrinsic::JsonToString => "States.JsonToString(value)",
            Intrinsic::Array => "States.Array(value, …)",
            Intrinsic::ArrayPartition => "States.ArrayPartition(array, chunkSize)",
            Intrinsic::ArrayContains => "States.ArrayContains(array, value)",
            Intrinsic::ArrayRange => "States.ArrayRange(start, end, step)",
            Intrinsic::ArrayGetItem => "States.ArrayGetItem(array, index)",
            Intrinsic::ArrayLength => "States.ArrayLength(array)",
            Intrinsic::ArrayUnique => "States.ArrayUnique(array)",
            Intrinsic::Base64Encode => "States.Base64Encode(string)",
            Intrinsic::Base64Decode => "States.Base64Decode(string)",
            Intrinsic::Hash => "States.Hash(value, 'SHA-256')",
            Intrinsic::JsonMerge => "States.JsonMerge(object1, object2, false)",
            Intrinsic::MathRandom => "States.MathRandom(start, end[, seed])",
            Intrinsic::MathAdd => "States.MathAdd(number, number)",
            Intrinsic::StringSplit => "States.StringSplit(string, 'delimiters')",
            Intrinsic::Uuid => "States.UUID()",
        }
    }
}

impl fmt::Display for Intrinsic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
