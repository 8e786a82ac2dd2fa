//! Reading integers (`$parseInteger`) and timestamps (`$toMillis` with a picture) back, as
//! the reference does: a regex per picture part, then the parts combined into an instant.

use super::calendar::{date_utc, fields, fragment, month_start, Fragment, MS_PER_DAY};
use super::format::{DAYS, MONTHS};
use super::pattern::{match_parts, CharClass, Piece};
use super::picture::{
    analyse_datetime_picture, analyse_integer_picture, Case, Grouping, IntegerFormat, Marker, Part,
    Primary,
};
use super::words::{
    is_js_space, letters_to_decimal, roman_to_decimal, word_values, words_to_number,
};
use crate::Error;

/// JavaScript's `parseInt(text)`: leading space, a sign, `0x` for hex, then as many digits as
/// there are; NaN when there are none.
pub fn js_parse_int(text: &str) -> f64 {
    let text = text.trim_start_matches(is_js_space);
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (radix, text) = match text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
        Some(rest) => (16, rest),
        None => (10, text),
    };
    let digits: String = text.chars().take_while(|c| c.is_digit(radix)).collect();
    if digits.is_empty() {
        return f64::NAN;
    }
    let value = if radix == 10 {
        digits.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        digits.chars().fold(0.0, |acc, c| {
            acc * 16.0 + c.to_digit(16).unwrap_or(0) as f64
        })
    };
    if negative {
        -value
    } else {
        value
    }
}

fn sequence_error(token: &str) -> Error {
    Error::new(
        "D3130",
        format!("Formatting or parsing an integer as a sequence starting with {token} is not supported by this implementation"),
    )
}

/// Reads text written in an integer format. Like the reference, the text is not checked
/// against the picture: what cannot be read gives NaN.
pub fn read_integer(text: &str, format: &IntegerFormat) -> Result<f64, Error> {
    let upper = format.case == Case::Upper;
    Ok(match &format.primary {
        Primary::Letters => letters_to_decimal(text, upper),
        Primary::Roman => roman_to_decimal(&if upper {
            text.to_string()
        } else {
            text.to_uppercase()
        }),
        Primary::Words => words_to_number(&text.to_lowercase()),
        Primary::Decimal => {
            let mut digits: Vec<u16> = text.encode_utf16().collect();
            if format.ordinal {
                digits.truncate(digits.len().saturating_sub(2));
            }
            let mut digits = String::from_utf16_lossy(&digits);
            match &format.grouping {
                // The reference strips commas here whatever the separator is.
                Grouping::Regular(_) => digits = digits.replace(',', ""),
                Grouping::Irregular(separators) => {
                    for s in separators {
                        digits = digits.replace(s.character, "");
                    }
                }
            }
            if format.zero_code != 0x30 {
                digits = digits
                    .chars()
                    .map(|c| {
                        let code = (c as u32 + 0x30).wrapping_sub(format.zero_code);
                        char::from_u32(code).unwrap_or('\u{fffd}')
                    })
                    .collect();
            }
            js_parse_int(&digits)
        }
        Primary::Sequence(token) => return Err(sequence_error(token)),
    })
}

/// `$parseInteger(text, picture)`.
pub fn parse_integer(text: &str, picture: &str) -> Result<f64, Error> {
    let format = analyse_integer_picture(picture)?;
    read_integer(text, &format)
}

/// How a captured part of a timestamp becomes a component value.
enum Reader {
    Literal,
    Integer(IntegerFormat),
    /// Month or day names (exact, case-sensitive keys) or am/pm.
    Names(Vec<(String, f64)>),
    Timezone {
        gmt: bool,
        separator: Option<char>,
    },
}

fn digits_piece(min: usize, max: Option<usize>) -> Piece {
    Piece::class(CharClass::digit(), min, max)
}

/// The regex the reference writes for an integer format, with `n` digits wanted (if > 0).
fn integer_pieces(format: &IntegerFormat, n: Option<f64>) -> Result<Vec<Piece>, Error> {
    let letters = |upper: &str| CharClass::Ranges(upper.chars().map(|c| (c, c)).collect());
    Ok(match &format.primary {
        Primary::Letters => vec![Piece::class(CharClass::Ranges(vec![('A', 'Z')]), 1, None)],
        Primary::Roman => vec![Piece::class(letters("MDCLXVI"), 1, None)],
        Primary::Words => {
            let mut alternatives: Vec<Vec<Piece>> = word_values()
                .iter()
                .map(|(w, _)| vec![Piece::literal(w)])
                .collect();
            alternatives.push(vec![Piece::literal("and")]);
            alternatives.push(vec![Piece::one(CharClass::of("-, "))]);
            vec![Piece::Group {
                alternatives,
                min: 1,
                max: None,
            }]
        }
        Primary::Decimal => {
            let mut pieces = match n.filter(|n| *n > 0.0) {
                None => vec![digits_piece(1, None)],
                Some(n) if format.optional_digits == 0 => {
                    vec![digits_piece(n as usize, Some(n as usize))]
                }
                Some(n) => {
                    let low = n - format.optional_digits as f64;
                    if low < 0.0 {
                        // `{-1,2}` is not a quantifier in JavaScript: it matches itself.
                        vec![
                            digits_piece(1, Some(1)),
                            Piece::literal(&format!("{{{low},{n}}}")),
                        ]
                    } else {
                        vec![digits_piece(low as usize, Some(n as usize))]
                    }
                }
            };
            if format.ordinal {
                let suffixes = ["th", "st", "nd", "rd"]
                    .iter()
                    .map(|s| vec![Piece::literal(s)]);
                pieces.push(Piece::Group {
                    alternatives: suffixes.collect(),
                    min: 1,
                    max: Some(1),
                });
            }
            pieces
        }
        Primary::Sequence(token) => return Err(sequence_error(token)),
    })
}

fn marker_pattern(marker: &Marker) -> Result<(Vec<Piece>, Reader), Error> {
    let c = marker.component;
    if c == 'Z' || c == 'z' {
        let separator = match marker.integer_format.as_ref().map(|f| &f.grouping) {
            Some(Grouping::Regular(s)) => Some(s.character),
            _ => None,
        };
        let mut pieces = Vec::new();
        if c == 'z' {
            pieces.push(Piece::literal("GMT"));
        }
        pieces.push(Piece::one(CharClass::of("-+")));
        pieces.push(digits_piece(1, None));
        if let Some(sep) = separator {
            // The reference puts the separator into its regex unescaped.
            pieces.push(if sep == '.' {
                Piece::one(CharClass::Any)
            } else {
                Piece::literal(&sep.to_string())
            });
            pieces.push(digits_piece(1, None));
        }
        return Ok((
            pieces,
            Reader::Timezone {
                gmt: c == 'z',
                separator,
            },
        ));
    }
    if let Some(format) = &marker.integer_format {
        return Ok((
            integer_pieces(format, marker.digits)?,
            Reader::Integer(format.clone()),
        ));
    }
    let max = marker
        .width
        .and_then(|w| w.max)
        .filter(|m| *m != 0.0 && !m.is_nan());
    let shorten = |name: &str| match max {
        Some(m) => name.chars().take(m.max(0.0) as usize).collect(),
        None => name.to_string(),
    };
    let names: Vec<(String, f64)> = match c {
        'M' | 'x' => MONTHS.iter().enumerate().map(|(i, m)| (shorten(m), i as f64 + 1.0)).collect(),
        'F' => DAYS.iter().enumerate().skip(1).map(|(i, d)| (shorten(d), i as f64)).collect(),
        'P' => [("am", 0.0), ("AM", 0.0), ("pm", 1.0), ("PM", 1.0)]
            .iter()
            .map(|(k, v)| (k.to_string(), *v))
            .collect(),
        _ => {
            return Err(Error::new(
                "D3133",
                format!("The 'name' modifier can only be applied to months and days in the date/time picture string, not {c}"),
            ))
        }
    };
    let letters = CharClass::Ranges(vec![('a', 'z'), ('A', 'Z')]);
    Ok((vec![Piece::class(letters, 1, None)], Reader::Names(names)))
}

fn read_timezone(text: &str, gmt: bool, separator: Option<char>) -> f64 {
    let text = if gmt {
        text.get(3..).unwrap_or("")
    } else {
        text
    };
    let (hours, minutes) = match separator.and_then(|s| text.find(s).map(|i| (i, s))) {
        Some((i, s)) => (
            js_parse_int(&text[..i]),
            js_parse_int(&text[i + s.len_utf8()..]),
        ),
        // `indexOf` gave -1: substring(0, -1) is empty and substring(0) is everything.
        None if separator.is_some() => (f64::NAN, js_parse_int(text)),
        None if text.len() <= 3 => (js_parse_int(text), 0.0),
        None => (js_parse_int(&text[..3]), js_parse_int(&text[3..])),
    };
    hours * 60.0 + minutes
}

/// Whether a component's value counts in the reference's bit masks (JavaScript truthiness).
fn truthy(value: Option<f64>) -> bool {
    value.is_some_and(|v| v != 0.0 && !v.is_nan())
}

fn missing_specifiers() -> Error {
    Error::new(
        "D3136",
        "The date/time picture string is missing specifiers required to parse the timestamp",
    )
}

/// `$toMillis(timestamp, picture)`: `None` (undefined) when the text does not match the
/// picture or the picture has no components; missing leading components come from `now`.
pub fn parse_datetime(
    timestamp: &str,
    picture: &str,
    now: f64,
    check: &mut dyn FnMut() -> Result<(), Error>,
) -> Result<Option<f64>, Error> {
    let mut patterns = Vec::new();
    let mut readers = Vec::new();
    for part in analyse_datetime_picture(picture)? {
        let (pieces, reader) = match part {
            Part::Literal(text) => (vec![Piece::literal(&text)], Reader::Literal),
            Part::Marker(marker) => {
                let (pieces, reader) = marker_pattern(&marker)?;
                readers.push(marker.component);
                (pieces, reader)
            }
        };
        patterns.push((pieces, reader));
    }
    let pieces: Vec<Vec<Piece>> = patterns.iter().map(|(p, _)| p.clone()).collect();
    let Some(captures) = match_parts(&pieces, timestamp, true, check)? else {
        return Ok(None);
    };
    // Component → value; a present key may hold undefined (an unknown name), as in the reference.
    let mut components: Vec<(char, Option<f64>)> = Vec::new();
    let mut markers = readers.into_iter();
    for ((_, reader), text) in patterns.iter().zip(&captures) {
        let value = match reader {
            Reader::Literal => continue,
            Reader::Integer(format) => Some(read_integer(text, format)?),
            Reader::Names(names) => names.iter().find(|(n, _)| n == text).map(|(_, v)| *v),
            Reader::Timezone { gmt, separator } => Some(read_timezone(text, *gmt, *separator)),
        };
        let component = markers.next().unwrap_or(' ');
        components.retain(|(c, _)| *c != component);
        components.push((component, value));
    }
    if components.is_empty() {
        return Ok(None);
    }
    let get = |components: &[(char, Option<f64>)], c: char| {
        components
            .iter()
            .find(|(k, _)| *k == c)
            .and_then(|(_, v)| *v)
    };
    let mask_of = |order: &str| {
        order.chars().fold(0u32, |mask, c| {
            (mask << 1) | u32::from(truthy(get(&components, c)))
        })
    };
    let is_type = |mask: u32, kind: u32| (!kind & mask) == 0 && (kind & mask) != 0;
    let date_mask = mask_of("YXMxWwdD");
    let date_a = is_type(date_mask, 0b1010_0001);
    let date_b = !date_a && is_type(date_mask, 0b1000_0010);
    let date_c = is_type(date_mask, 0b0101_0100);
    let date_d = !date_c && is_type(date_mask, 0b0100_1000);
    let time_mask = mask_of("PHhmsf");
    let time_a = is_type(time_mask, 0b01_0111);
    let time_b = !time_a && is_type(time_mask, 0b10_1111);

    let date_order = if date_b {
        "YD"
    } else if date_c {
        "XxwF"
    } else if date_d {
        "XWF"
    } else {
        "YMD"
    };
    let time_order = if time_b { "Phmsf" } else { "Hmsf" };
    let mut values: Vec<(char, f64)> = Vec::new();
    let (mut started, mut ended) = (false, false);
    for c in date_order.chars().chain(time_order.chars()) {
        match get(&components, c) {
            None => {
                let value = if started {
                    ended = true;
                    if "MDd".contains(c) {
                        1.0
                    } else {
                        0.0
                    }
                } else {
                    match fragment(now, c) {
                        Fragment::Number(n) => n,
                        // `P` from now is the text am/pm, never equal to 1.
                        _ => -1.0,
                    }
                };
                values.push((c, value));
            }
            Some(_) if ended => return Err(missing_specifiers()),
            Some(_) => started = true,
        }
    }
    let value = |c: char| {
        values
            .iter()
            .find(|(k, _)| *k == c)
            .map(|(_, v)| *v)
            .or_else(|| get(&components, c))
            .unwrap_or(f64::NAN)
    };
    let mut month0 = value('M');
    month0 = if month0 > 0.0 { month0 - 1.0 } else { 0.0 };
    let mut day = value('D');
    if date_b {
        let derived = fields(month_start(value('Y'), 0.0) + (value('d') - 1.0) * MS_PER_DAY);
        month0 = derived.month - 1.0;
        day = derived.day;
    }
    if date_c || date_d {
        // The reference does not implement week-based dates.
        return Err(missing_specifiers());
    }
    let mut hours = value('H');
    if time_b {
        let h = value('h');
        hours = if h == 12.0 { 0.0 } else { h };
        if value('P') == 1.0 {
            hours += 12.0;
        }
    }
    let mut millis = date_utc(
        value('Y'),
        month0,
        day,
        hours,
        value('m'),
        value('s'),
        value('f'),
    );
    let zone = [get(&components, 'Z'), get(&components, 'z')]
        .into_iter()
        .find(|v| truthy(*v))
        .flatten();
    if let Some(offset) = zone {
        millis -= offset * 60_000.0;
    }
    Ok(Some(millis))
}
