//! `$formatNumber`: XPath 3.1 decimal-format pictures (`#,##0.00`, `0.0e0`, `00%`), with the
//! reference's checks (D3080–D3093) and its decimal-format options object.

use super::numeric::round_half_even;
use super::string::arg;
use super::{Builtin, Host};
use crate::value::Value;
use crate::Error;

pub(crate) const FUNCTIONS: &[Builtin] = &[Builtin {
    name: "formatNumber",
    signature: "<n-so?:s>",
    run: format_number,
}];

struct Props {
    decimal: char,
    grouping: char,
    exponent: char,
    minus: String,
    percent: char,
    per_mille: char,
    zero: char,
    digit: char,
    pattern: char,
}

struct Parts {
    prefix: Vec<char>,
    suffix: Vec<char>,
    active: Vec<char>,
    mantissa: Vec<char>,
    exponent: Option<Vec<char>>,
    integer: Vec<char>,
    fractional: Vec<char>,
    picture: Vec<char>,
}

struct Pic {
    integer_groups: Vec<usize>,
    regular_grouping: usize,
    min_integer: usize,
    scaling: usize,
    prefix: String,
    fraction_groups: Vec<usize>,
    min_fraction: usize,
    max_fraction: usize,
    min_exponent: usize,
    suffix: String,
    picture: Vec<char>,
}

fn find(hay: &[char], c: char) -> Option<usize> {
    hay.iter().position(|x| *x == c)
}

impl Props {
    fn is_digit(&self, c: char) -> bool {
        (self.zero as u32..self.zero as u32 + 10).contains(&(c as u32))
    }

    fn is_active(&self, c: char) -> bool {
        self.is_digit(c)
            || [
                self.decimal,
                self.exponent,
                self.grouping,
                self.digit,
                self.pattern,
            ]
            .contains(&c)
    }
}

fn split(p: &Props, sub: &[char]) -> Parts {
    let is_active = |c: char| p.is_active(c) && c != p.exponent;
    let prefix_len = sub.iter().position(|c| is_active(*c)).unwrap_or(0);
    let suffix_start = sub
        .iter()
        .rposition(|c| is_active(*c))
        .map_or(sub.len(), |i| i + 1);
    let prefix = sub[..prefix_len].to_vec();
    let suffix = sub[suffix_start.max(prefix_len)..].to_vec();
    let active = sub[prefix_len..sub.len() - suffix.len()].to_vec();
    let exp_pos = sub[prefix_len..]
        .iter()
        .position(|c| *c == p.exponent)
        .map(|i| i + prefix_len);
    let (mantissa, exponent) = match exp_pos {
        Some(e) if e <= sub.len() - suffix.len() => {
            let rel = e - prefix_len;
            (
                active[..rel.min(active.len())].to_vec(),
                Some(active.get(rel + 1..).unwrap_or(&[]).to_vec()),
            )
        }
        _ => (active.clone(), None),
    };
    let (integer, fractional) = match find(&mantissa, p.decimal) {
        None => (mantissa.clone(), suffix.clone()),
        Some(d) => (mantissa[..d].to_vec(), mantissa[d + 1..].to_vec()),
    };
    Parts {
        prefix,
        suffix,
        active,
        mantissa,
        exponent,
        integer,
        fractional,
        picture: sub.to_vec(),
    }
}

fn validate(p: &Props, parts: &Parts) -> Result<(), Error> {
    let sub = &parts.picture;
    let count = |c: char| sub.iter().filter(|x| **x == c).count();
    let mut code = None;
    if count(p.decimal) > 1 {
        code = Some("D3081");
    }
    if count(p.percent) > 1 {
        code = Some("D3082");
    }
    if count(p.per_mille) > 1 {
        code = Some("D3083");
    }
    if count(p.percent) > 0 && count(p.per_mille) > 0 {
        code = Some("D3084");
    }
    if !parts
        .mantissa
        .iter()
        .any(|c| p.is_digit(*c) || *c == p.digit)
    {
        code = Some("D3085");
    }
    if parts.active.iter().any(|c| !p.is_active(*c)) {
        code = Some("D3086");
    }
    match find(sub, p.decimal) {
        Some(d) => {
            let before = d.checked_sub(1).and_then(|i| sub.get(i));
            if before == Some(&p.grouping) || sub.get(d + 1) == Some(&p.grouping) {
                code = Some("D3087");
            }
        }
        None => {
            if parts.integer.last() == Some(&p.grouping) {
                code = Some("D3088");
            }
        }
    }
    if sub
        .windows(2)
        .any(|w| w[0] == p.grouping && w[1] == p.grouping)
    {
        code = Some("D3089");
    }
    if let Some(opt) = find(&parts.integer, p.digit) {
        if parts.integer[..opt].iter().any(|c| p.is_digit(*c)) {
            code = Some("D3090");
        }
    }
    if let Some(opt) = parts.fractional.iter().rposition(|c| *c == p.digit) {
        if parts.fractional[opt..].iter().any(|c| p.is_digit(*c)) {
            code = Some("D3091");
        }
    }
    if let Some(exp) = &parts.exponent {
        if !exp.is_empty() && (count(p.percent) > 0 || count(p.per_mille) > 0) {
            code = Some("D3092");
        }
        if exp.is_empty() || exp.iter().any(|c| !p.is_digit(*c)) {
            code = Some("D3093");
        }
    }
    match code {
        Some(code) => Err(Error::new(
            code,
            format!(
                "invalid $formatNumber picture \"{}\" ({code})",
                sub.iter().collect::<String>()
            ),
        )),
        None => Ok(()),
    }
}

fn analyse(p: &Props, parts: &Parts) -> Pic {
    let counted = |s: &[char]| {
        s.iter()
            .filter(|c| p.is_digit(**c) || **c == p.digit)
            .count()
    };
    let groups = |part: &[char], to_left: bool| {
        let mut out = Vec::new();
        let mut at = find(part, p.grouping);
        while let Some(g) = at {
            out.push(if to_left {
                counted(&part[..g])
            } else {
                counted(&part[g..])
            });
            // The reference searches the integer part for the next separator in both cases.
            at = parts
                .integer
                .get(g + 1..)
                .and_then(|r| find(r, p.grouping))
                .map(|i| i + g + 1);
        }
        out
    };
    let integer_groups = groups(&parts.integer, false);
    let regular_grouping = regular(&integer_groups);
    let fraction_groups = groups(&parts.fractional, true);
    let mut min_integer = parts.integer.iter().filter(|c| p.is_digit(**c)).count();
    let scaling = min_integer;
    let mut min_fraction = parts.fractional.iter().filter(|c| p.is_digit(**c)).count();
    let mut max_fraction = counted(&parts.fractional);
    let exponent = parts.exponent.is_some();
    if min_integer == 0 && max_fraction == 0 {
        if exponent {
            min_fraction = 1;
            max_fraction = 1;
        } else {
            min_integer = 1;
        }
    }
    if exponent && min_integer == 0 && find(&parts.integer, p.digit).is_some() {
        min_integer = 1;
    }
    if min_integer == 0 && min_fraction == 0 {
        min_fraction = 1;
    }
    let min_exponent = parts
        .exponent
        .as_ref()
        .map_or(0, |e| e.iter().filter(|c| p.is_digit(**c)).count());
    Pic {
        integer_groups,
        regular_grouping,
        min_integer,
        scaling,
        prefix: parts.prefix.iter().collect(),
        fraction_groups,
        min_fraction,
        max_fraction,
        min_exponent,
        suffix: parts.suffix.iter().collect(),
        picture: parts.picture.clone(),
    }
}

fn regular(indexes: &[usize]) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let Some(factor) = indexes.iter().copied().reduce(gcd) else {
        return 0;
    };
    if factor == 0 {
        return 0;
    }
    if (1..=indexes.len()).all(|i| indexes.contains(&(i * factor))) {
        factor
    } else {
        0
    }
}

fn option_char(options: &Value, key: &str, default: char) -> char {
    options
        .as_object()
        .and_then(|o| o.get(key))
        .and_then(Value::as_str)
        .and_then(|s| s.chars().next())
        .unwrap_or(default)
}

fn format_number(_: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(value) = arg(args, 0).as_number() else {
        return Ok(Value::Undefined);
    };
    let picture: Vec<char> = arg(args, 1).as_str().unwrap_or("").chars().collect();
    let options = arg(args, 2);
    let p = Props {
        decimal: option_char(options, "decimal-separator", '.'),
        grouping: option_char(options, "grouping-separator", ','),
        exponent: option_char(options, "exponent-separator", 'e'),
        minus: options
            .as_object()
            .and_then(|o| o.get("minus-sign"))
            .and_then(Value::as_str)
            .unwrap_or("-")
            .to_string(),
        percent: option_char(options, "percent", '%'),
        per_mille: option_char(options, "per-mille", '\u{2030}'),
        zero: option_char(options, "zero-digit", '0'),
        digit: option_char(options, "digit", '#'),
        pattern: option_char(options, "pattern-separator", ';'),
    };
    let subs: Vec<&[char]> = picture.split(|c| *c == p.pattern).collect();
    if subs.len() > 2 {
        return Err(Error::new(
            "D3080",
            "a $formatNumber picture may hold at most two sub-pictures (positive;negative)",
        ));
    }
    let parts: Vec<Parts> = subs.iter().map(|s| split(&p, s)).collect();
    for part in &parts {
        validate(&p, part)?;
    }
    let mut pics: Vec<Pic> = parts.iter().map(|part| analyse(&p, part)).collect();
    if pics.len() == 1 {
        let mut negative = analyse(&p, &parts[0]);
        negative.prefix = format!("{}{}", p.minus, negative.prefix);
        pics.push(negative);
    }
    let pic = if value >= 0.0 { &pics[0] } else { &pics[1] };
    let adjusted = if pic.picture.contains(&p.percent) {
        value * 100.0
    } else if pic.picture.contains(&p.per_mille) {
        value * 1000.0
    } else {
        value
    };
    let (mantissa, exponent) = if pic.min_exponent == 0 {
        (adjusted, None)
    } else {
        let max_m = 10f64.powi(pic.scaling as i32);
        let min_m = 10f64.powi(pic.scaling as i32 - 1);
        // The reference loops forever on zero and on negative numbers here; we scale the
        // magnitude and keep the sign.
        let (mut m, mut e) = (adjusted.abs(), 0i32);
        while m < min_m && m != 0.0 {
            m *= 10.0;
            e -= 1;
        }
        while m > max_m && m.is_finite() {
            m /= 10.0;
            e += 1;
        }
        (m.copysign(adjusted), Some(e))
    };
    let rounded = round_half_even(mantissa, pic.max_fraction as f64);
    let digits_in = |s: String| -> Vec<char> {
        s.chars()
            .map(|c| {
                if c.is_ascii_digit() {
                    char::from_u32(p.zero as u32 + (c as u32 - '0' as u32)).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect()
    };
    let mut s = digits_in(format!("{:.*}", pic.max_fraction, rounded.abs()));
    match find(&s, '.') {
        None => s.push(p.decimal),
        Some(d) => s[d] = p.decimal,
    }
    while s.first() == Some(&p.zero) {
        s.remove(0);
    }
    while s.last() == Some(&p.zero) {
        s.pop();
    }
    let d = find(&s, p.decimal).unwrap_or(s.len());
    let pad_left = pic.min_integer as isize - d as isize;
    let pad_right = pic.min_fraction as isize - (s.len() as isize - d as isize - 1);
    if pad_left > 0 {
        s.splice(0..0, std::iter::repeat_n(p.zero, pad_left as usize));
    }
    if pad_right > 0 {
        s.extend(std::iter::repeat_n(p.zero, pad_right as usize));
    }
    let mut d = find(&s, p.decimal).unwrap_or(s.len());
    if let Some(count) = d.saturating_sub(1).checked_div(pic.regular_grouping) {
        for g in 1..=count {
            s.insert(d - g * pic.regular_grouping, p.grouping);
        }
    } else {
        for pos in &pic.integer_groups {
            if *pos <= d {
                s.insert(d - pos, p.grouping);
                d += 1;
            }
        }
    }
    let d = find(&s, p.decimal).unwrap_or(s.len());
    for pos in &pic.fraction_groups {
        let at = (pos + d + 1).min(s.len());
        s.insert(at, p.grouping);
    }
    let d = find(&s, p.decimal).unwrap_or(s.len());
    if !pic.picture.contains(&p.decimal) || d + 1 == s.len() {
        s.pop();
    }
    let mut out: String = s.into_iter().collect();
    if let Some(e) = exponent {
        let mut digits: String = digits_in(e.abs().to_string()).into_iter().collect();
        let pad = pic.min_exponent as isize - digits.chars().count() as isize;
        if pad > 0 {
            digits = format!("{}{digits}", p.zero.to_string().repeat(pad as usize));
        }
        out = format!(
            "{out}{}{}{digits}",
            p.exponent,
            if e < 0 { p.minus.as_str() } else { "" }
        );
    }
    Ok(Value::string(format!("{}{out}{}", pic.prefix, pic.suffix)))
}
