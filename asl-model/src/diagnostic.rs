//! Diagnostics: what the parser and the validator report, with a stable code and a JSON pointer.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding about a definition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Stable rule code, e.g. `DANGLING_NEXT`; documented in `asl-model/RULES.md`.
    pub code: &'static str,
    /// RFC 6901 JSON pointer to the offending value (`""` is the whole document).
    pub pointer: String,
    /// What is wrong and what to do about it.
    pub message: String,
}

impl Diagnostic {
    pub fn error(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    pub fn warning(
        code: &'static str,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code,
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `/States/Fetch/Next: error[DANGLING_NEXT]: …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}[{}]: {}",
            self.pointer,
            self.severity.as_str(),
            self.code,
            self.message
        )
    }
}

/// A JSON pointer under construction; pushes escape `~` and `/` per RFC 6901.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Pointer(String);

impl Pointer {
    pub fn root() -> Self {
        Pointer(String::new())
    }

    /// This pointer extended by one object key or array index.
    pub fn join(&self, token: impl fmt::Display) -> Pointer {
        use fmt::Write;
        // One allocation: the token is escaped as it is written (the validator joins a pointer
        // for every field it visits).
        let mut out = String::with_capacity(self.0.len() + 24);
        out.push_str(&self.0);
        out.push('/');
        // Writing into a String cannot fail.
        let _ = write!(Escaping(&mut out), "{token}");
        Pointer(out)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Writes RFC 6901's escapes: `~` as `~0`, `/` as `~1`.
struct Escaping<'s>(&'s mut String);

impl fmt::Write for Escaping<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        if !s.contains(['~', '/']) {
            self.0.push_str(s);
            return Ok(());
        }
        for c in s.chars() {
            match c {
                '~' => self.0.push_str("~0"),
                '/' => self.0.push_str("~1"),
                c => self.0.push(c),
            }
        }
        Ok(())
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(p: Pointer) -> String {
        p.0
    }
}

impl From<&Pointer> for String {
    fn from(p: &Pointer) -> String {
        p.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_escapes_tilde_and_slash() {
        let p = Pointer::root().join("States").join("a/b~c").join(3);
        assert_eq!(p.as_str(), "/States/a~1b~0c/3");
        assert_eq!(Pointer::root().join("~1").as_str(), "/~01");
    }
}
