//! Writing integers (`$formatInteger`) and instants (`$fromMillis`, `$now`) through analysed
//! pictures, as the reference does.

use super::calendar::{fragment, time_clip, Fragment};
use super::parse::js_parse_int;
use super::picture::{
    analyse_datetime_picture, analyse_integer_picture, Case, Grouping, IntegerFormat, Marker, Part,
    Primary, ISO8601_PICTURE,
};
use super::words::{decimal_to_letters, decimal_to_roman, number_to_words};
use crate::value::format_js_number;
use crate::Error;

pub const DAYS: [&str; 8] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Longest zero padding we build: the reference would try to build any length.
const MAX_PADDING: f64 = 1_000_000.0;

/// `$formatInteger(value, picture)`.
pub fn format_integer(value: f64, picture: &str) -> Result<String, Error> {
    let format = analyse_integer_picture(picture)?;
    format_with(value.floor(), &format)
}

/// Writes an integer in an analysed format (D3130 for an unsupported numbering sequence).
pub fn format_with(value: f64, format: &IntegerFormat) -> Result<String, Error> {
    let negative = value < 0.0;
    let value = value.abs();
    let upper = format.case == Case::Upper;
    let mut text = match &format.primary {
        Primary::Letters => decimal_to_letters(value, upper)?,
        Primary::Roman => {
            let roman = decimal_to_roman(value)?;
            if upper {
                roman.to_uppercase()
            } else {
                roman
            }
        }
        Primary::Words => {
            let words = number_to_words(value, format.ordinal)?;
            match format.case {
                Case::Upper => words.to_uppercase(),
                Case::Lower => words.to_lowercase(),
                Case::Title => words,
            }
        }
        Primary::Decimal => format_decimal(value, format)?,
        Primary::Sequence(token) => {
            return Err(Error::new(
                "D3130",
                format!("Formatting or parsing an integer as a sequence starting with {token} is not supported by this implementation"),
            ))
        }
    };
    if negative {
        text.insert(0, '-');
    }
    Ok(text)
}

fn format_decimal(value: f64, format: &IntegerFormat) -> Result<String, Error> {
    let mut digits: Vec<char> = format_js_number(value).chars().collect();
    if let Some(mandatory) = format.mandatory_digits {
        let padding = mandatory - digits.len() as f64;
        if padding > MAX_PADDING {
            return Err(Error::new("D3137", "Invalid string length"));
        }
        if padding > 0.0 {
            let mut padded = vec!['0'; padding as usize];
            padded.append(&mut digits);
            digits = padded;
        }
    }
    if format.zero_code != 0x30 {
        for c in digits.iter_mut() {
            let shifted = (*c as u32 + format.zero_code).wrapping_sub(0x30);
            *c = char::from_u32(shifted).unwrap_or('\u{fffd}');
        }
    }
    match &format.grouping {
        Grouping::Regular(separator) => {
            let count = (digits.len().saturating_sub(1)) / separator.position;
            for i in (1..=count).rev() {
                let at = digits.len() - i * separator.position;
                digits.insert(at, separator.character);
            }
        }
        Grouping::Irregular(separators) => {
            for separator in separators.iter().rev() {
                digits = insert_like_substr(digits, separator.position, separator.character);
            }
        }
    }
    if format.ordinal {
        let last = digits.last().copied();
        let teen = digits.len() > 1 && digits[digits.len() - 2] == '1';
        let suffix = match last {
            Some('1') if !teen => "st",
            Some('2') if !teen => "nd",
            Some('3') if !teen => "rd",
            _ => "th",
        };
        digits.extend(suffix.chars());
    }
    Ok(digits.into_iter().collect())
}

/// `s.substr(0, len - position) + c + s.substr(len - position)` with JavaScript's `substr`
/// (a negative start counts from the end), so a separator left of every digit still lands.
fn insert_like_substr(digits: Vec<char>, position: usize, c: char) -> Vec<char> {
    let len = digits.len() as i64;
    let at = len - position as i64;
    let left = if at > 0 {
        &digits[..at as usize]
    } else {
        &[][..]
    };
    let right_start = if at >= 0 { at } else { (len + at).max(0) } as usize;
    let mut out = left.to_vec();
    out.push(c);
    out.extend_from_slice(&digits[right_start..]);
    out
}

/// `$fromMillis(millis, picture, timezone)`: the default picture is ISO 8601 with
/// milliseconds; the timezone is `±hhmm` read with `parseInt`, as the reference reads it.
pub fn format_datetime(
    millis: f64,
    picture: Option<&str>,
    timezone: Option<&str>,
) -> Result<String, Error> {
    let (mut offset_hours, mut offset_minutes) = (0.0, 0.0);
    if let Some(tz) = timezone {
        let offset = js_parse_int(tz);
        offset_hours = (offset / 100.0).floor();
        offset_minutes = offset % 100.0;
    }
    let parts = analyse_datetime_picture(picture.unwrap_or(ISO8601_PICTURE))?;
    let offset_millis = (60.0 * offset_hours + offset_minutes) * 60_000.0;
    let t = time_clip(millis + offset_millis);
    let mut out = String::new();
    for part in &parts {
        match part {
            Part::Literal(text) => out += text,
            Part::Marker(marker) => {
                out += &format_component(t, marker, offset_hours, offset_minutes)?;
            }
        }
    }
    Ok(out)
}

fn names_error(component: char) -> Error {
    Error::new(
        "D3133",
        format!("The 'name' modifier can only be applied to months and days in the date/time picture string, not {component}"),
    )
}

fn name_of(table: &[&'static str], index: f64) -> &'static str {
    if index >= 0.0 && (index as usize) < table.len() && index.fract() == 0.0 {
        table[index as usize]
    } else {
        "undefined"
    }
}

fn format_component(
    t: f64,
    marker: &Marker,
    offset_hours: f64,
    offset_minutes: f64,
) -> Result<String, Error> {
    let c = marker.component;
    let value = match fragment(t, c) {
        Fragment::Number(n) => n,
        _ => f64::NAN,
    };
    if "YMDdFWwXxHhms".contains(c) {
        let mut value = value;
        if c == 'Y' {
            if let Some(n) = marker.digits.filter(|n| *n != -1.0) {
                value %= 10f64.powf(n);
            }
        }
        let Some(names) = marker.names else {
            return format_with(
                value,
                marker
                    .integer_format
                    .as_ref()
                    .ok_or_else(|| names_error(c))?,
            );
        };
        let name = match c {
            'M' | 'x' => name_of(&MONTHS, value - 1.0),
            'F' => name_of(&DAYS, value),
            _ => return Err(names_error(c)),
        };
        let mut name = match names {
            Case::Upper => name.to_uppercase(),
            Case::Lower => name.to_lowercase(),
            Case::Title => name.to_string(),
        };
        if let Some(max) = marker.width.and_then(|w| w.max) {
            if name.chars().count() as f64 > max {
                name = name.chars().take(max.max(0.0) as usize).collect();
            }
        }
        return Ok(name);
    }
    match c {
        'f' => format_with(
            value,
            marker
                .integer_format
                .as_ref()
                .ok_or_else(|| names_error(c))?,
        ),
        'Z' | 'z' => format_timezone(marker, offset_hours, offset_minutes),
        'P' => {
            let Fragment::Text(text) = fragment(t, 'P') else {
                unreachable!()
            };
            Ok(if marker.names == Some(Case::Upper) {
                text.to_uppercase()
            } else {
                text.into()
            })
        }
        _ => Ok(match fragment(t, c) {
            Fragment::Text(text) => text.into(),
            _ => "undefined".into(),
        }),
    }
}

fn format_timezone(
    marker: &Marker,
    offset_hours: f64,
    offset_minutes: f64,
) -> Result<String, Error> {
    let format = marker
        .integer_format
        .as_ref()
        .ok_or_else(|| names_error(marker.component))?;
    let offset = offset_hours * 100.0 + offset_minutes;
    let mut text = if matches!(format.grouping, Grouping::Regular(_)) {
        format_with(offset, format)?
    } else {
        match format.mandatory_digits {
            Some(d) if d == 1.0 || d == 2.0 => {
                let mut text = format_with(offset_hours, format)?;
                if offset_minutes != 0.0 {
                    text += ":";
                    text += &format_integer(offset_minutes, "00")?;
                }
                text
            }
            Some(d) if d == 3.0 || d == 4.0 => format_with(offset, format)?,
            digits => {
                let shown = digits.map_or("undefined".to_string(), format_js_number);
                return Err(Error::new(
                    "D3134",
                    format!("The timezone integer format specifier cannot have more than four digits (given {shown})"),
                ));
            }
        }
    };
    if offset >= 0.0 {
        text.insert(0, '+');
    }
    if marker.component == 'z' {
        text.insert_str(0, "GMT");
    }
    if offset == 0.0 && marker.presentation2 == Some('t') {
        text = "Z".into();
    }
    Ok(text)
}
