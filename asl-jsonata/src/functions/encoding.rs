//! URL encoding built-ins, with JavaScript's `encodeURI…`/`decodeURI…` rules.

use super::string::arg;
use super::{Builtin, Host};
use crate::value::Value;
use crate::Error;

pub(crate) const FUNCTIONS: &[Builtin] = &[
    Builtin {
        name: "encodeUrlComponent",
        signature: "<s-:s>",
        run: encode_component,
    },
    Builtin {
        name: "encodeUrl",
        signature: "<s-:s>",
        run: encode_url,
    },
    Builtin {
        name: "decodeUrlComponent",
        signature: "<s-:s>",
        run: decode_component,
    },
    Builtin {
        name: "decodeUrl",
        signature: "<s-:s>",
        run: decode_url,
    },
];

const COMPONENT_SAFE: &str = "-_.!~*'()";
const URL_SAFE: &str = "-_.!~*'();/?:@&=+$,#";

fn encode(s: &str, safe: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || safe.contains(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

fn decode(s: &str, reserved: &str, name: &str) -> Result<String, Error> {
    let malformed = || {
        Error::new(
            "D3140",
            format!("malformed URL passed to ${name}(): \"{s}\""),
        )
    };
    let bytes = s.as_bytes();
    let mut out: Vec<u8> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let hex = s.get(i + 1..i + 3).ok_or_else(malformed)?;
        let b = u8::from_str_radix(hex, 16).map_err(|_| malformed())?;
        // decodeURI keeps escapes of the characters it reserves.
        if b < 0x80 && reserved.contains(b as char) {
            out.extend_from_slice(&bytes[i..i + 3]);
        } else {
            out.push(b);
        }
        i += 3;
    }
    String::from_utf8(out).map_err(|_| malformed())
}

fn encode_component(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(arg(args, 0).as_str().map_or(Value::Undefined, |s| {
        Value::string(encode(s, COMPONENT_SAFE))
    }))
}

fn encode_url(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(arg(args, 0)
        .as_str()
        .map_or(Value::Undefined, |s| Value::string(encode(s, URL_SAFE))))
}

fn decode_component(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    match arg(args, 0).as_str() {
        Some(s) => Ok(Value::string(decode(s, "", "decodeUrlComponent")?)),
        None => Ok(Value::Undefined),
    }
}

fn decode_url(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    match arg(args, 0).as_str() {
        Some(s) => Ok(Value::string(decode(s, ";/?:@&=+$,#", "decodeUrl")?)),
        None => Ok(Value::Undefined),
    }
}
