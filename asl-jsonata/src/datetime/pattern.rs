//! A small backtracking matcher for the regular expressions the reference builds to parse
//! timestamps (`^(part)(part)…$`, case-insensitive) and to check ISO 8601 strings. It tries
//! alternatives and repetition counts in JavaScript's order, so the same text is captured.

use std::cell::{Cell, RefCell};

use crate::Error;

/// A set of characters: `\d`, ranges like `[a-zA-Z]`, or `.`.
#[derive(Debug, Clone)]
pub enum CharClass {
    Ranges(Vec<(char, char)>),
    Any,
}

impl CharClass {
    pub fn digit() -> CharClass {
        CharClass::Ranges(vec![('0', '9')])
    }

    pub fn of(chars: &str) -> CharClass {
        CharClass::Ranges(chars.chars().map(|c| (c, c)).collect())
    }

    fn contains(&self, c: char, ignore_case: bool) -> bool {
        match self {
            CharClass::Any => !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}'),
            CharClass::Ranges(ranges) => {
                let inside = |c: char| ranges.iter().any(|(lo, hi)| *lo <= c && c <= *hi);
                inside(c)
                    || (ignore_case && {
                        let upper = canonical(c);
                        inside(upper) || upper.to_lowercase().any(inside)
                    })
            }
        }
    }
}

/// One element of a pattern; repetitions are greedy.
#[derive(Debug, Clone)]
pub enum Piece {
    Literal(Vec<char>),
    Class {
        class: CharClass,
        min: usize,
        max: Option<usize>,
    },
    /// `(?:a|b|…){min,max}`.
    Group {
        alternatives: Vec<Vec<Piece>>,
        min: usize,
        max: Option<usize>,
    },
}

impl Piece {
    pub fn literal(text: &str) -> Piece {
        Piece::Literal(text.chars().collect())
    }

    pub fn class(class: CharClass, min: usize, max: Option<usize>) -> Piece {
        Piece::Class { class, min, max }
    }

    pub fn one(class: CharClass) -> Piece {
        Piece::Class {
            class,
            min: 1,
            max: Some(1),
        }
    }
}

/// JavaScript's case folding for a non-Unicode `i` regex: upper case, unless that is several
/// characters or turns a non-ASCII character into an ASCII one.
fn canonical(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) if !((c as u32) >= 128 && (u as u32) < 128) => u,
        _ => c,
    }
}

/// How many matcher steps between calls to the evaluation's time check.
const STEPS_PER_CHECK: u64 = 10_000;

struct Matcher<'a> {
    input: &'a [char],
    ignore_case: bool,
    steps: Cell<u64>,
    check: RefCell<&'a mut dyn FnMut() -> Result<(), Error>>,
    failure: RefCell<Option<Error>>,
}

type Continuation<'k> = &'k mut dyn FnMut(usize) -> bool;

impl Matcher<'_> {
    /// Counts a step; false once the time check has failed, which unwinds every branch.
    fn step(&self) -> bool {
        if self.failure.borrow().is_some() {
            return false;
        }
        let steps = self.steps.get() + 1;
        self.steps.set(steps);
        if steps.is_multiple_of(STEPS_PER_CHECK) {
            if let Err(e) = (self.check.borrow_mut())() {
                *self.failure.borrow_mut() = Some(e);
                return false;
            }
        }
        true
    }

    fn same(&self, a: char, b: char) -> bool {
        a == b || (self.ignore_case && canonical(a) == canonical(b))
    }

    fn sequence(&self, pieces: &[Piece], pos: usize, k: Continuation) -> bool {
        if !self.step() {
            return false;
        }
        let Some((first, rest)) = pieces.split_first() else {
            return k(pos);
        };
        match first {
            Piece::Literal(text) => {
                let end = pos + text.len();
                end <= self.input.len()
                    && text
                        .iter()
                        .zip(&self.input[pos..end])
                        .all(|(a, b)| self.same(*a, *b))
                    && self.sequence(rest, end, k)
            }
            Piece::Class { class, min, max } => {
                let limit = max.unwrap_or(usize::MAX);
                let available = self.input[pos..]
                    .iter()
                    .take(limit)
                    .take_while(|c| class.contains(**c, self.ignore_case))
                    .count();
                (*min..=available)
                    .rev()
                    .any(|n| available >= *min && self.sequence(rest, pos + n, k))
            }
            Piece::Group {
                alternatives,
                min,
                max,
            } => self.group(alternatives, *min, *max, 0, pos, &mut |end| {
                self.sequence(rest, end, k)
            }),
        }
    }

    fn group(
        &self,
        alternatives: &[Vec<Piece>],
        min: usize,
        max: Option<usize>,
        done: usize,
        pos: usize,
        k: Continuation,
    ) -> bool {
        if !self.step() {
            return false;
        }
        if max.is_some_and(|m| done >= m) {
            return k(pos);
        }
        for alternative in alternatives {
            let mut again = |end: usize| {
                // An iteration that matched nothing ends the repetition, as in JavaScript.
                if done >= min && end == pos {
                    return false;
                }
                self.group(alternatives, min, max, done + 1, end, k)
            };
            if self.sequence(alternative, pos, &mut again) {
                return true;
            }
        }
        done >= min && k(pos)
    }

    fn parts(
        &self,
        parts: &[Vec<Piece>],
        index: usize,
        pos: usize,
        captures: &mut Vec<(usize, usize)>,
    ) -> bool {
        let Some(part) = parts.get(index) else {
            return pos == self.input.len();
        };
        self.sequence(part, pos, &mut |end| {
            captures[index] = (pos, end);
            self.parts(parts, index + 1, end, captures)
        })
    }
}

/// Matches `^(part0)(part1)…$` against `input`; returns each part's captured text.
/// `check` is called now and then so a pathological pattern cannot run past the time limit.
pub fn match_parts(
    parts: &[Vec<Piece>],
    input: &str,
    ignore_case: bool,
    check: &mut dyn FnMut() -> Result<(), Error>,
) -> Result<Option<Vec<String>>, Error> {
    let chars: Vec<char> = input.chars().collect();
    let matcher = Matcher {
        input: &chars,
        ignore_case,
        steps: Cell::new(0),
        check: RefCell::new(check),
        failure: RefCell::new(None),
    };
    let mut captures = vec![(0, 0); parts.len()];
    let matched = matcher.parts(parts, 0, 0, &mut captures);
    if let Some(e) = matcher.failure.into_inner() {
        return Err(e);
    }
    Ok(matched.then(|| {
        captures
            .iter()
            .map(|(s, e)| chars[*s..*e].iter().collect())
            .collect()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(parts: &[Vec<Piece>], input: &str) -> Option<Vec<String>> {
        match_parts(parts, input, true, &mut || Ok(())).unwrap()
    }

    fn words(list: &[&str]) -> Piece {
        Piece::Group {
            alternatives: list.iter().map(|w| vec![Piece::literal(w)]).collect(),
            min: 1,
            max: None,
        }
    }

    #[test]
    fn greedy_with_backtracking() {
        let digits = Piece::class(CharClass::digit(), 1, None);
        let parts = vec![
            vec![digits.clone()],
            vec![Piece::class(CharClass::digit(), 2, Some(2))],
        ];
        assert_eq!(run(&parts, "12345"), Some(vec!["123".into(), "45".into()]));
        assert_eq!(run(&parts, "1"), None);
        assert_eq!(run(&[vec![digits]], "12a"), None);
    }

    #[test]
    fn alternatives_in_order_and_case_insensitive() {
        let parts = vec![
            vec![words(&["seven", "seventeen", " "])],
            vec![Piece::literal("X")],
        ];
        assert_eq!(
            run(&parts, "Seventeen x"),
            Some(vec!["Seventeen ".into(), "x".into()])
        );
        let letters = Piece::class(CharClass::Ranges(vec![('a', 'z')]), 1, None);
        assert_eq!(run(&[vec![letters]], "AbC"), Some(vec!["AbC".into()]));
    }

    #[test]
    fn time_check_stops_the_match() {
        let parts = vec![
            vec![words(&["a", "aa"])],
            vec![words(&["a", "aa"])],
            vec![Piece::literal("b")],
        ];
        let input = "a".repeat(60);
        let mut calls = 0;
        let result = match_parts(&parts, &input, false, &mut || {
            calls += 1;
            if calls > 3 {
                Err(Error::new("U1001", "timeout"))
            } else {
                Ok(())
            }
        });
        assert_eq!(result.unwrap_err().code, "U1001");
    }
}
