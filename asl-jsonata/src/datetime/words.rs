//! Integers as English words (cardinal and ordinal), roman numerals and spreadsheet letters,
//! and back, with the reference's arithmetic (in `f64`, as JavaScript does it).

use crate::Error;

const FEW: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
];
const DECADES: [&str; 9] = [
    "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred",
];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];

/// A number in English words, title case ("Five Hundred and Fifty-Five"); `ordinal` gives
/// "Fifty-Fifth". The number must be a finite non-negative integer.
pub fn number_to_words(value: f64, ordinal: bool) -> Result<String, Error> {
    if !value.is_finite() || value < 0.0 {
        return Err(Error::new(
            "D3137",
            format!("Cannot write {value} in words"),
        ));
    }
    Ok(words_lookup(value, false, ordinal))
}

fn words_lookup(num: f64, prev: bool, ord: bool) -> String {
    if num <= 19.0 {
        let index = num as usize;
        let word = if ord { ORDINALS[index] } else { FEW[index] };
        format!("{}{word}", if prev { " and " } else { "" })
    } else if num < 100.0 {
        let tens = (num / 10.0).floor() as usize;
        let remainder = num % 10.0;
        let mut words = format!("{}{}", if prev { " and " } else { "" }, DECADES[tens - 2]);
        if remainder > 0.0 {
            words += "-";
            words += &words_lookup(remainder, false, ord);
        } else if ord {
            words.pop();
            words += "ieth";
        }
        words
    } else if num < 1000.0 {
        let hundreds = (num / 100.0).floor() as usize;
        let remainder = num % 100.0;
        let mut words = format!("{}{} Hundred", if prev { ", " } else { "" }, FEW[hundreds]);
        if remainder > 0.0 {
            words += &words_lookup(remainder, true, ord);
        } else if ord {
            words += "th";
        }
        words
    } else {
        let mag = ((num.log10() / 3.0).floor() as usize).min(MAGNITUDES.len());
        let factor = [1e3, 1e6, 1e9, 1e12][mag - 1];
        let mant = (num / factor).floor();
        let remainder = num - mant * factor;
        let mut words = format!(
            "{}{} {}",
            if prev { ", " } else { "" },
            words_lookup(mant, false, false),
            MAGNITUDES[mag - 1]
        );
        if remainder > 0.0 {
            words += &words_lookup(remainder, true, ord);
        } else if ord {
            words += "th";
        }
        words
    }
}

/// The reference's word table in its insertion order (which is also the order its parsing
/// regex tries the words in): lower-case word and value.
pub fn word_values() -> &'static [(String, f64)] {
    static TABLE: std::sync::OnceLock<Vec<(String, f64)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(build_word_values)
}

fn build_word_values() -> Vec<(String, f64)> {
    let mut table: Vec<(String, f64)> = Vec::new();
    for (i, w) in FEW.iter().enumerate() {
        table.push((w.to_lowercase(), i as f64));
    }
    for (i, w) in ORDINALS.iter().enumerate() {
        table.push((w.to_lowercase(), i as f64));
    }
    for (i, w) in DECADES.iter().enumerate() {
        let lower = w.to_lowercase();
        let value = ((i + 2) * 10) as f64;
        let ieth = format!("{}ieth", &lower[..lower.len() - 1]);
        table.push((lower, value));
        table.push((ieth, value));
    }
    table.push(("hundredth".into(), 100.0));
    for (i, w) in MAGNITUDES.iter().enumerate() {
        let lower = w.to_lowercase();
        let value = 10f64.powi(((i + 1) * 3) as i32);
        let th = format!("{lower}th");
        table.push((lower, value));
        table.push((th, value));
    }
    table
}

fn word_value(word: &str) -> Option<f64> {
    // The decade entry for "hundred" is 100 as well, so a plain lookup suffices.
    word_values()
        .iter()
        .find(|(w, _)| w == word)
        .map(|(_, v)| *v)
}

/// JavaScript's `\s`.
pub fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// Splits as the reference's `/,\s|\sand\s|[\s\\-]/` does.
fn split_words(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut i = 0;
    while i < chars.len() {
        let at = |k: usize| chars.get(i + k).copied();
        let separator = if at(0) == Some(',') && at(1).is_some_and(is_js_space) {
            2
        } else if at(0).is_some_and(is_js_space)
            && at(1) == Some('a')
            && at(2) == Some('n')
            && at(3) == Some('d')
            && at(4).is_some_and(is_js_space)
        {
            5
        } else if is_js_space(chars[i]) || chars[i] == '\\' || chars[i] == '-' {
            1
        } else {
            0
        };
        if separator > 0 {
            parts.push(std::mem::take(&mut current));
            i += separator;
        } else {
            current.push(chars[i]);
            i += 1;
        }
    }
    parts.push(current);
    parts
}

/// Lower-case English words to a number; an unknown word gives NaN, as in the reference.
pub fn words_to_number(text: &str) -> f64 {
    let mut segments = vec![0.0_f64];
    for part in split_words(text) {
        let value = word_value(&part).unwrap_or(f64::NAN);
        if value < 100.0 {
            let mut top = segments.pop().unwrap_or(0.0);
            if top >= 1000.0 {
                segments.push(top);
                top = 0.0;
            }
            segments.push(top + value);
        } else {
            let top = segments.pop().unwrap_or(0.0);
            segments.push(top * value);
        }
    }
    segments.iter().sum()
}

const ROMAN: [(f64, &str); 13] = [
    (1000.0, "m"),
    (900.0, "cm"),
    (500.0, "d"),
    (400.0, "cd"),
    (100.0, "c"),
    (90.0, "xc"),
    (50.0, "l"),
    (40.0, "xl"),
    (10.0, "x"),
    (9.0, "ix"),
    (5.0, "v"),
    (4.0, "iv"),
    (1.0, "i"),
];

/// Lower-case roman numerals ("" for 0). The reference recurses once per numeral, so a huge
/// number overflows its stack; we refuse it instead of building a giant string.
pub fn decimal_to_roman(mut value: f64) -> Result<String, Error> {
    if value.is_infinite() || value > 1.0e7 {
        return Err(Error::new("D3137", "Maximum call stack size exceeded"));
    }
    let mut roman = String::new();
    for (amount, numeral) in ROMAN {
        while value >= amount {
            roman += numeral;
            value -= amount;
        }
    }
    Ok(roman)
}

/// Upper-case roman numerals to a number; any other character gives NaN.
pub fn roman_to_decimal(roman: &str) -> f64 {
    let mut decimal = 0.0;
    let mut max = 1.0;
    for c in roman.chars().rev() {
        let value = match c {
            'M' => 1000.0,
            'D' => 500.0,
            'C' => 100.0,
            'L' => 50.0,
            'X' => 10.0,
            'V' => 5.0,
            'I' => 1.0,
            _ => return f64::NAN,
        };
        if value < max {
            decimal -= value;
        } else {
            max = value;
            decimal += value;
        }
    }
    decimal
}

/// Spreadsheet-style letters: 1 → a, 26 → z, 27 → aa ("" for 0).
pub fn decimal_to_letters(mut value: f64, upper: bool) -> Result<String, Error> {
    // NaN writes "" as in the reference; it loops forever on an infinity.
    if value.is_infinite() {
        return Err(Error::new(
            "D3137",
            format!("Cannot write {value} in letters"),
        ));
    }
    let a = if upper { 'A' } else { 'a' } as u32;
    let mut letters = Vec::new();
    while value > 0.0 {
        let offset = ((value - 1.0) % 26.0) as u32;
        letters.push(char::from_u32(a + offset).unwrap_or('?'));
        value = ((value - 1.0) / 26.0).floor();
    }
    Ok(letters.iter().rev().collect())
}

/// Letters back to a number, over UTF-16 code units as the reference reads them.
pub fn letters_to_decimal(letters: &str, upper: bool) -> f64 {
    let a = f64::from(if upper { b'A' } else { b'a' });
    let units: Vec<u16> = letters.encode_utf16().collect();
    units
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &unit)| (unit as f64 - a + 1.0) * 26f64.powi(i as i32))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(n: f64) -> String {
        number_to_words(n, false).unwrap()
    }

    #[test]
    fn cardinal_words() {
        assert_eq!(words(0.0), "Zero");
        assert_eq!(words(34.0), "Thirty-Four");
        assert_eq!(words(555.0), "Five Hundred and Fifty-Five");
        assert_eq!(words(3730.0), "Three Thousand, Seven Hundred and Thirty");
        assert_eq!(words(1_000_000_000_001.0), "One Trillion and One");
        assert_eq!(words(1e15), "One Thousand Trillion");
        assert_eq!(words(1e46), "Ten Billion Trillion Trillion Trillion");
        assert!(number_to_words(f64::INFINITY, false).is_err());
    }

    #[test]
    fn ordinal_words() {
        let ord = |n| number_to_words(n, true).unwrap();
        assert_eq!(ord(12.0), "Twelfth");
        assert_eq!(ord(20.0), "Twentieth");
        assert_eq!(ord(100.0), "One Hundredth");
        assert_eq!(
            ord(3731.0),
            "Three Thousand, Seven Hundred and Thirty-First"
        );
        assert_eq!(ord(1000.0), "One Thousandth");
    }

    #[test]
    fn words_back_to_numbers() {
        assert_eq!(words_to_number("nineteen hundred and eighty-four"), 1984.0);
        assert_eq!(
            words_to_number("one thousand, nine hundred and eighty-four"),
            1984.0
        );
        assert_eq!(
            words_to_number("ten billion trillion trillion trillion"),
            1e46
        );
        assert_eq!(words_to_number("seven hundred and thirtieth"), 730.0);
        assert!(words_to_number("seven and a half").is_nan());
    }

    #[test]
    fn word_table_order() {
        let table = word_values();
        assert_eq!(table[0], ("zero".to_string(), 0.0));
        assert_eq!(table[20].0, "zeroth");
        assert_eq!(
            table[40..42],
            [
                ("twenty".to_string(), 20.0),
                ("twentieth".to_string(), 20.0)
            ]
        );
        assert_eq!(table[56].0, "hundred");
        assert_eq!(table[57].0, "hundreieth");
        assert_eq!(table[58].0, "hundredth");
        assert_eq!(
            table[59..61],
            [
                ("thousand".to_string(), 1e3),
                ("thousandth".to_string(), 1e3)
            ]
        );
        assert_eq!(table.last().unwrap().0, "trillionth");
    }

    #[test]
    fn roman_and_letters() {
        assert_eq!(decimal_to_roman(1984.0).unwrap(), "mcmlxxxiv");
        assert_eq!(decimal_to_roman(0.0).unwrap(), "");
        assert_eq!(roman_to_decimal("MCMLXXXIV"), 1984.0);
        assert!(roman_to_decimal("mc").is_nan());
        assert_eq!(decimal_to_letters(300.0, true).unwrap(), "KN");
        assert_eq!(decimal_to_letters(27.0, false).unwrap(), "aa");
        assert_eq!(letters_to_decimal("FZPH", true), 123_456.0);
        assert_eq!(letters_to_decimal("", false), 0.0);
    }
}
