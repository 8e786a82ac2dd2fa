//! `$toMillis` without a picture: the reference's ISO 8601 check (D3110), then the instant as
//! JavaScript's `Date.parse` (V8's ISO reader) gives it for the text that check lets through.

use super::calendar::date_utc;
use super::pattern::{match_parts, CharClass, Piece};
use crate::Error;

fn one_of(range: (char, char)) -> Piece {
    Piece::one(CharClass::Ranges(vec![range]))
}

fn digit() -> Piece {
    Piece::one(CharClass::digit())
}

fn repeated(pieces: Vec<Piece>, max: Option<usize>) -> Piece {
    Piece::Group {
        alternatives: vec![pieces],
        min: 0,
        max,
    }
}

/// `^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$`
fn iso_pieces() -> Vec<Piece> {
    let colon = || Piece::literal(":");
    let offset = vec![
        Piece::one(CharClass::of("+-")),
        one_of(('0', '2')),
        digit(),
        repeated(vec![colon()], Some(1)),
        one_of(('0', '5')),
        digit(),
    ];
    vec![
        Piece::class(CharClass::digit(), 4, Some(4)),
        repeated(vec![Piece::literal("-"), one_of(('0', '1')), digit()], None),
        repeated(vec![Piece::literal("-"), one_of(('0', '3')), digit()], None),
        repeated(
            vec![
                Piece::literal("T"),
                one_of(('0', '2')),
                digit(),
                colon(),
                one_of(('0', '5')),
                digit(),
                colon(),
                one_of(('0', '5')),
                digit(),
            ],
            None,
        ),
        repeated(
            vec![
                Piece::literal("."),
                Piece::class(CharClass::digit(), 1, None),
            ],
            Some(1),
        ),
        Piece::Group {
            alternatives: vec![offset, vec![Piece::literal("Z")]],
            min: 0,
            max: Some(1),
        },
    ]
}

/// `$toMillis(timestamp)`: D3110 unless the text passes the reference's ISO 8601 regex; NaN
/// for text that passes it but `Date.parse` rejects (a month of 13, `2018-0105`, …).
pub fn iso_to_millis(
    timestamp: &str,
    check: &mut dyn FnMut() -> Result<(), Error>,
) -> Result<f64, Error> {
    if match_parts(&[iso_pieces()], timestamp, false, check)?.is_none() {
        return Err(Error::new(
            "D3110",
            format!("The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {timestamp}"),
        ));
    }
    Ok(date_parse(timestamp).unwrap_or(f64::NAN))
}

/// A run of ASCII digits: its value (of at most the first 15 digits), its text.
struct Number<'a> {
    value: f64,
    text: &'a str,
}

struct Reader<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn skip(&mut self, c: char) -> bool {
        let found = self.peek() == Some(c);
        if found {
            self.pos += c.len_utf8();
        }
        found
    }

    fn number(&mut self) -> Option<Number<'a>> {
        let rest = &self.text[self.pos..];
        let len = rest.bytes().take_while(u8::is_ascii_digit).count();
        if len == 0 {
            return None;
        }
        self.pos += len;
        let text = &rest[..len];
        let value = text[..len.min(15)].parse().ok()?;
        Some(Number { value, text })
    }

    /// A number of exactly `len` digits within `lo..=hi`.
    fn fixed(&mut self, len: usize, lo: f64, hi: f64) -> Option<f64> {
        let n = self.number()?;
        (n.text.len() == len && (lo..=hi).contains(&n.value)).then_some(n.value)
    }
}

/// V8's reading of an ES date-time string (`YYYY[-MM[-DD]][THH:mm[:ss[.s…]][Z|±HH:mm|±HHmm]]`).
/// Other text would go to V8's legacy parser; we give `None` (NaN) for it instead. Without an
/// offset a date-time is local time, which for Step Functions is UTC.
fn date_parse(text: &str) -> Option<f64> {
    let mut r = Reader { text, pos: 0 };
    let year = r.fixed(4, 0.0, 9999.0)?;
    let (mut month, mut day) = (1.0, 1.0);
    if r.skip('-') {
        month = r.fixed(2, 1.0, 12.0)?;
        if r.skip('-') {
            day = r.fixed(2, 1.0, 31.0)?;
        }
    }
    let (mut hours, mut minutes, mut seconds, mut millis, mut offset) = (0.0, 0.0, 0.0, 0.0, 0.0);
    if r.skip('T') {
        hours = r.fixed(2, 0.0, 24.0)?;
        let limit = if hours == 24.0 { 0.0 } else { 59.0 };
        if !r.skip(':') {
            return None;
        }
        minutes = r.fixed(2, 0.0, limit)?;
        if r.skip(':') {
            seconds = r.fixed(2, 0.0, limit)?;
            if r.skip('.') {
                let fraction = r.number()?;
                if hours == 24.0 && fraction.value > 0.0 {
                    return None;
                }
                let first3: String = fraction.text.chars().chain("00".chars()).take(3).collect();
                millis = first3.parse().ok()?;
            }
        }
        if r.skip('Z') {
            offset = 0.0;
        } else if let Some(sign) = r.peek().filter(|c| *c == '+' || *c == '-') {
            r.pos += 1;
            let sign = if sign == '-' { -1.0 } else { 1.0 };
            let start = r.pos;
            let n = r.number()?;
            let (h, m) = if n.text.len() == 4 {
                ((n.value / 100.0).floor(), n.value % 100.0)
            } else {
                r.pos = start;
                let h = r.fixed(2, 0.0, 23.0)?;
                if !r.skip(':') {
                    return None;
                }
                (h, r.fixed(2, 0.0, 59.0)?)
            };
            if h > 23.0 || m > 59.0 {
                return None;
            }
            offset = sign * (h * 60.0 + m);
        }
    }
    if r.pos != text.len() {
        return None;
    }
    let t = date_utc(year, month - 1.0, day, hours, minutes, seconds, millis);
    Some(t - offset * 60_000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn millis(text: &str) -> Result<f64, Error> {
        iso_to_millis(text, &mut || Ok(()))
    }

    #[test]
    fn reference_cases() {
        assert_eq!(millis("1970-01-01T00:00:00.001Z").unwrap(), 1.0);
        assert_eq!(
            millis("2018-02-01T09:42:13.123+0000").unwrap(),
            1_517_478_133_123.0
        );
        assert_eq!(millis("2017-10-30").unwrap(), 1_509_321_600_000.0);
        assert_eq!(millis("2017-10-30T15:28:34Z").unwrap(), 1_509_377_314_000.0);
        assert_eq!(millis("2018").unwrap(), 1_514_764_800_000.0);
        for bad in ["foo", "01-02-2018", "2018-02-03 11:15:33"] {
            assert_eq!(millis(bad).unwrap_err().code, "D3110", "{bad}");
        }
    }

    #[test]
    fn what_date_parse_makes_of_the_rest() {
        assert_eq!(millis("2018-10").unwrap(), 1_538_352_000_000.0);
        assert_eq!(
            millis("2018-02-01T10:00:00+01:30").unwrap(),
            1_517_473_800_000.0
        );
        assert_eq!(
            millis("2018-02-01T10:00:00.5Z").unwrap(),
            1_517_479_200_500.0
        );
        assert_eq!(
            millis("2018-02-01T10:00:00.98765Z").unwrap(),
            1_517_479_200_987.0
        );
        // 24:00 is the next midnight; 31 February rolls into March, as V8 does.
        assert_eq!(millis("2018-01-01T24:00:00Z").unwrap(), 1_514_851_200_000.0);
        assert_eq!(millis("2018-02-31").unwrap(), millis("2018-03-03").unwrap());
        assert!(millis("2018-13").unwrap().is_nan());
        assert!(millis("2018-0105").unwrap().is_nan());
        assert!(millis("2018-01-01T25:00:00Z").unwrap().is_nan());
    }
}
