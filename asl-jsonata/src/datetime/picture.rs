//! Picture strings analysed as the reference does: `$formatInteger` pictures (`#,##0;o`, `w`,
//! `I`, …) and XPath date/time pictures (`[Y0001]-[M01]-[D01]`, `[FNn,3-3]`, …).

use super::words::is_js_space;
use crate::Error;

#[derive(Debug, Clone, PartialEq)]
pub enum Primary {
    Decimal,
    Letters,
    Roman,
    Words,
    /// A numbering sequence (`α`): the reference supports none and fails when it is used.
    Sequence(String),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Case {
    Upper,
    Lower,
    Title,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Separator {
    /// Digits to the right of the separator.
    pub position: usize,
    pub character: char,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Grouping {
    /// One character repeated every `position` digits (`#,##0`).
    Regular(Separator),
    /// Separators at fixed places, rightmost first (`#:###,##0`).
    Irregular(Vec<Separator>),
}

/// An analysed integer picture.
#[derive(Debug, Clone, PartialEq)]
pub struct IntegerFormat {
    pub primary: Primary,
    pub case: Case,
    pub ordinal: bool,
    /// The code point of zero in the picture's decimal digit family (`0`, `٠`, `０`, …).
    pub zero_code: u32,
    /// Digits always written; `None` outside a decimal pattern (the reference leaves it
    /// undefined there, which matters for width modifiers and timezones).
    pub mandatory_digits: Option<f64>,
    pub optional_digits: usize,
    pub grouping: Grouping,
}

/// The zero of every decimal digit family the reference knows.
const DECIMAL_GROUPS: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10,
];

/// Analyses a `$formatInteger`/`$parseInteger` picture; D3131 when it mixes digit families.
pub fn analyse_integer_picture(picture: &str) -> Result<IntegerFormat, Error> {
    let mut format = IntegerFormat {
        primary: Primary::Decimal,
        case: Case::Lower,
        ordinal: false,
        zero_code: 0x30,
        mandatory_digits: None,
        optional_digits: 0,
        grouping: Grouping::Irregular(Vec::new()),
    };
    let primary = match picture.rfind(';') {
        None => picture,
        Some(semicolon) => {
            format.ordinal = picture[semicolon + 1..].starts_with('o');
            &picture[..semicolon]
        }
    };
    match primary {
        "A" | "a" => {
            format.primary = Primary::Letters;
            format.case = if primary == "A" {
                Case::Upper
            } else {
                Case::Lower
            };
        }
        "I" | "i" => {
            format.primary = Primary::Roman;
            format.case = if primary == "I" {
                Case::Upper
            } else {
                Case::Lower
            };
        }
        "W" | "Ww" | "w" => {
            format.primary = Primary::Words;
            format.case = match primary {
                "W" => Case::Upper,
                "Ww" => Case::Title,
                _ => Case::Lower,
            };
        }
        _ => analyse_digit_pattern(primary, &mut format)?,
    }
    Ok(format)
}

fn analyse_digit_pattern(primary: &str, format: &mut IntegerFormat) -> Result<(), Error> {
    let mut zero_code: Option<u32> = None;
    let mut mandatory = 0usize;
    let mut optional = 0usize;
    let mut separators = Vec::new();
    let mut position = 0usize;
    // Right to left, so each separator's position counts the digits to its right.
    for c in primary.chars().rev() {
        let code = c as u32;
        if let Some(&group) = DECIMAL_GROUPS.iter().find(|&&g| code >= g && code <= g + 9) {
            mandatory += 1;
            position += 1;
            match zero_code {
                None => zero_code = Some(group),
                Some(z) if z != group => return Err(Error::new(
                    "D3131",
                    "In a decimal digit pattern, all digits must be from the same decimal group",
                )),
                Some(_) => {}
            }
        } else if c == '#' {
            position += 1;
            optional += 1;
        } else {
            separators.push(Separator {
                position,
                character: c,
            });
        }
    }
    if mandatory == 0 {
        format.primary = Primary::Sequence(primary.to_string());
        return Ok(());
    }
    format.primary = Primary::Decimal;
    format.zero_code = zero_code.unwrap_or(0x30);
    format.mandatory_digits = Some(mandatory as f64);
    format.optional_digits = optional;
    let regular = regular_interval(&separators);
    format.grouping = if regular > 0 {
        Grouping::Regular(Separator {
            position: regular,
            character: separators[0].character,
        })
    } else {
        Grouping::Irregular(separators)
    };
    Ok(())
}

/// The interval when the separators are one character at every multiple of it, else 0.
fn regular_interval(separators: &[Separator]) -> usize {
    let Some(first) = separators.first() else {
        return 0;
    };
    if separators.iter().any(|s| s.character != first.character) {
        return 0;
    }
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let positions: Vec<usize> = separators.iter().map(|s| s.position).collect();
    let factor = positions[1..].iter().fold(positions[0], |a, &b| gcd(a, b));
    if (1..=positions.len()).all(|i| positions.contains(&(i * factor))) {
        factor
    } else {
        0
    }
}

/// `[…,min-max]`: `None` for absent or `*`; NaN when not a number, as `parseInt` gives.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Width {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// One variable marker of a date/time picture.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub component: char,
    pub width: Option<Width>,
    pub presentation1: String,
    pub presentation2: Option<char>,
    /// Set for `N`, `n`, `Nn`: the component is written as a name.
    pub names: Option<Case>,
    pub integer_format: Option<IntegerFormat>,
    /// For `Y`, `M`, `D`: how many digits to keep (-1 for all); `None` for other components.
    pub digits: Option<f64>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    Literal(String),
    Marker(Marker),
}

fn default_presentation(component: char) -> Option<&'static str> {
    Some(match component {
        'Y' | 'M' | 'D' | 'd' | 'W' | 'w' | 'X' | 'x' | 'H' | 'h' | 'f' => "1",
        'F' | 'P' | 'C' | 'E' => "n",
        'm' | 's' => "01",
        'Z' | 'z' => "01:01",
        _ => return None,
    })
}

/// The reference's default picture for `$fromMillis` and `$now`.
pub const ISO8601_PICTURE: &str = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";

/// Analyses a date/time picture into literals and markers (D3132 unknown component,
/// D3135 no closing bracket, D3131 mixed digit families).
pub fn analyse_datetime_picture(picture: &str) -> Result<Vec<Part>, Error> {
    let chars: Vec<char> = picture.chars().collect();
    let mut parts = Vec::new();
    let literal = |parts: &mut Vec<Part>, start: usize, end: usize| {
        if end > start {
            let text: String = chars[start..end].iter().collect();
            parts.push(Part::Literal(text.replace("]]", "]")));
        }
    };
    let (mut start, mut pos) = (0, 0);
    while pos < chars.len() {
        if chars[pos] == '[' {
            if chars.get(pos + 1) == Some(&'[') {
                literal(&mut parts, start, pos);
                parts.push(Part::Literal("[".into()));
                pos += 2;
                start = pos;
                continue;
            }
            literal(&mut parts, start, pos);
            start = pos;
            let Some(close) = chars[start..].iter().position(|&c| c == ']') else {
                return Err(Error::new(
                    "D3135",
                    "No matching closing bracket ']' in date/time picture string",
                ));
            };
            pos = start + close;
            let marker: String = chars[start + 1..pos]
                .iter()
                .filter(|c| !is_js_space(**c))
                .collect();
            parts.push(Part::Marker(analyse_marker(&marker)?));
            start = pos + 1;
        }
        pos += 1;
    }
    literal(&mut parts, start, pos);
    Ok(parts)
}

/// `parseInt` of a width: `None` for absent or `*`.
fn parse_width(text: Option<&str>) -> Option<f64> {
    match text {
        None | Some("*") => None,
        Some(t) => Some(super::parse::js_parse_int(t)),
    }
}

fn analyse_marker(marker: &str) -> Result<Marker, Error> {
    let component_text: String = marker.chars().take(1).collect();
    let component = component_text.chars().next();
    let after_component = &marker[component_text.len()..];
    let (presentation, width) = match marker.rfind(',') {
        Some(comma) => {
            let width_text = &marker[comma + 1..];
            let (min, max) = match width_text.find('-') {
                None => (Some(width_text), None),
                Some(dash) => (Some(&width_text[..dash]), Some(&width_text[dash + 1..])),
            };
            let width = Width {
                min: parse_width(min),
                max: parse_width(max),
            };
            // A comma as the component itself: JavaScript's substring(1, 0) swaps its ends.
            let presentation = if comma == 0 {
                &marker[..1]
            } else {
                &marker[component_text.len()..comma]
            };
            (presentation, Some(width))
        }
        None => (after_component, None),
    };
    let unknown = || {
        Error::new(
            "D3132",
            format!("Unknown component specifier {component_text} in date/time picture string"),
        )
    };
    let component = component.ok_or_else(unknown)?;
    let mut presentation1 = presentation.to_string();
    let mut presentation2 = None;
    if presentation.chars().count() > 1 {
        let last = presentation.chars().last().unwrap_or(' ');
        if "atco".contains(last) {
            presentation2 = Some(last);
            presentation1.pop();
        }
    } else if presentation.is_empty() {
        presentation1 = default_presentation(component)
            .ok_or_else(unknown)?
            .to_string();
    }
    let mut m = Marker {
        component,
        width,
        names: None,
        integer_format: None,
        digits: None,
        presentation1,
        presentation2,
    };
    let mut p1 = m.presentation1.chars();
    match (p1.next(), p1.next()) {
        (Some('n'), _) => m.names = Some(Case::Lower),
        (Some('N'), Some('n')) => m.names = Some(Case::Title),
        (Some('N'), _) => m.names = Some(Case::Upper),
        _ if "YMDdFWwXxHhmsf".contains(component) => {
            let mut pattern = m.presentation1.clone();
            if let Some(p2) = m.presentation2 {
                pattern.push(';');
                pattern.push(p2);
            }
            let mut format = analyse_integer_picture(&pattern)?;
            let min = width.and_then(|w| w.min);
            if let (Some(digits), Some(min)) = (format.mandatory_digits, min) {
                if digits < min {
                    format.mandatory_digits = Some(min);
                }
            }
            if "YMD".contains(component) {
                let mut n = -1.0;
                if let Some(max) = width.and_then(|w| w.max) {
                    n = max;
                    format.mandatory_digits = Some(max);
                } else if let Some(digits) = format.mandatory_digits {
                    let w = digits + format.optional_digits as f64;
                    if w >= 2.0 {
                        n = w;
                    }
                }
                m.digits = Some(n);
            }
            m.integer_format = Some(format);
        }
        _ => {}
    }
    if component == 'Z' || component == 'z' {
        m.integer_format = Some(analyse_integer_picture(&m.presentation1)?);
    }
    Ok(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_pictures() {
        let f = analyse_integer_picture("#,##0;o").unwrap();
        assert_eq!(f.primary, Primary::Decimal);
        assert!(f.ordinal);
        assert_eq!(f.mandatory_digits, Some(1.0));
        assert_eq!(f.optional_digits, 3);
        assert_eq!(
            f.grouping,
            Grouping::Regular(Separator {
                position: 3,
                character: ','
            })
        );
        let irregular = analyse_integer_picture("##,##,##0").unwrap();
        assert_eq!(
            irregular.grouping,
            Grouping::Irregular(vec![
                Separator {
                    position: 3,
                    character: ','
                },
                Separator {
                    position: 5,
                    character: ','
                }
            ])
        );
        assert_eq!(analyse_integer_picture("###١").unwrap().zero_code, 0x660);
        assert_eq!(analyse_integer_picture("##0０").unwrap_err().code, "D3131");
        assert_eq!(
            analyse_integer_picture("α").unwrap().primary,
            Primary::Sequence("α".into())
        );
        assert_eq!(analyse_integer_picture("Ww").unwrap().case, Case::Title);
    }

    fn marker(picture: &str) -> Marker {
        match analyse_datetime_picture(picture).unwrap().remove(0) {
            Part::Marker(m) => m,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn markers() {
        let y = marker("[Y0001,2-2]");
        assert_eq!(y.digits, Some(2.0));
        assert_eq!(y.integer_format.unwrap().mandatory_digits, Some(2.0));
        let m = marker("[MNn,3-3]");
        assert_eq!(m.names, Some(Case::Title));
        assert_eq!(
            m.width,
            Some(Width {
                min: Some(3.0),
                max: Some(3.0)
            })
        );
        let d = marker("[D1o]");
        assert_eq!(d.presentation2, Some('o'));
        assert!(d.integer_format.unwrap().ordinal);
        assert_eq!(marker("[ m   ]").presentation1, "01");
        assert_eq!(
            marker("[Y9,999,*]")
                .integer_format
                .unwrap()
                .mandatory_digits,
            Some(4.0)
        );
        assert_eq!(
            marker("[Z]").integer_format.unwrap().mandatory_digits,
            Some(4.0)
        );
    }

    #[test]
    fn literals_and_errors() {
        assert_eq!(
            analyse_datetime_picture("[[Year]]: ").unwrap(),
            vec![Part::Literal("[".into()), Part::Literal("Year]: ".into())]
        );
        assert_eq!(
            analyse_datetime_picture("[YN]-[M").unwrap_err().code,
            "D3135"
        );
        assert_eq!(analyse_datetime_picture("[q]").unwrap_err().code, "D3132");
        assert_eq!(analyse_datetime_picture("[]").unwrap_err().code, "D3132");
        assert_eq!(marker("[q1]").integer_format, None);
    }
}
