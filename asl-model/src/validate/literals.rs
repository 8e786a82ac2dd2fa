//! Checks of literal strings the spec constrains: timestamps, StringMatches patterns, names, labels, ARNs.

/// Whether `s` is a timestamp as Step Functions accepts it: RFC 3339 with an uppercase
/// `T` between date and time and an uppercase `Z` or a numeric offset
/// (`2016-03-14T01:59:00Z`, `2016-03-14T01:59:00.123+01:00`).
pub fn is_rfc3339_timestamp(s: &str) -> bool {
    fn digits(s: &str, at: usize, n: usize) -> Option<u32> {
        let part = s.get(at..at + n)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    }
    fn byte(s: &str, at: usize) -> Option<u8> {
        s.as_bytes().get(at).copied()
    }
    let parsed = (|| {
        let year = digits(s, 0, 4)?;
        (byte(s, 4)? == b'-').then_some(())?;
        let month = digits(s, 5, 2)?;
        (byte(s, 7)? == b'-').then_some(())?;
        let day = digits(s, 8, 2)?;
        (byte(s, 10)? == b'T').then_some(())?;
        let hour = digits(s, 11, 2)?;
        (byte(s, 13)? == b':').then_some(())?;
        let minute = digits(s, 14, 2)?;
        (byte(s, 16)? == b':').then_some(())?;
        let second = digits(s, 17, 2)?;
        let mut at = 19;
        if byte(s, at) == Some(b'.') {
            at += 1;
            let start = at;
            while byte(s, at).is_some_and(|b| b.is_ascii_digit()) {
                at += 1;
            }
            (at > start).then_some(())?;
        }
        match byte(s, at)? {
            b'Z' => (at + 1 == s.len()).then_some(())?,
            b'+' | b'-' => {
                let oh = digits(s, at + 1, 2)?;
                (byte(s, at + 3)? == b':').then_some(())?;
                let om = digits(s, at + 4, 2)?;
                (at + 6 == s.len() && oh <= 23 && om <= 59).then_some(())?;
            }
            _ => return None,
        }
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (day >= 1 && day <= days && hour <= 23 && minute <= 59 && second <= 60).then_some(())
    })();
    parsed.is_some()
}

/// A StringMatches pattern: `*` is the wildcard, and a backslash may escape only `*` or
/// another backslash. Returns the byte offset and text of the first bad escape.
pub fn string_matches_pattern_error(pattern: &str) -> Option<(usize, String)> {
    let mut chars = pattern.char_indices();
    while let Some((at, c)) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some((_, '*' | '\\')) => {}
                Some((_, other)) => return Some((at, format!("\\{other}"))),
                None => return Some((at, "\\".into())),
            }
        }
    }
    None
}

/// A variable name as `Assign` accepts it: a letter or `_`, then letters, digits or `_`.
pub fn is_variable_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_alphabetic() || c == '_' => chars.all(|c| c.is_alphanumeric() || c == '_'),
        _ => false,
    }
}

/// Characters a Distributed Map `Label` may not contain (as for execution names).
pub fn label_forbidden_char(label: &str) -> Option<char> {
    label.chars().find(|&c| {
        c.is_whitespace()
            || c.is_control()
            || matches!(
                c,
                '<' | '>'
                    | '{'
                    | '}'
                    | '['
                    | ']'
                    | '?'
                    | '*'
                    | '"'
                    | '#'
                    | '%'
                    | '\\'
                    | '^'
                    | '|'
                    | '~'
                    | '`'
                    | '$'
                    | '&'
                    | ','
                    | ';'
                    | ':'
                    | '/'
            )
    })
}

/// Whether a Task `Resource` string looks like an ARN (`arn:<partition>:<service>:…`) or holds
/// a deployment-time placeholder (`${Name}`, `#{AWS::Region}`) that will become one.
/// Documentation-style placeholders (`arn:aws:lambda:REGION:ACCOUNT_ID:function:f`) pass:
/// the check is for strings that cannot be an ARN at all.
pub fn is_resource_arn(resource: &str) -> bool {
    if resource.contains("${") || resource.contains("#{") {
        return true;
    }
    let mut parts = resource.splitn(4, ':');
    matches!(
        (parts.next(), parts.next(), parts.next(), parts.next()),
        (Some("arn"), Some(partition), Some(service), Some(rest))
            if partition.starts_with("aws") && !service.is_empty() && !rest.is_empty()
    )
}

/// Levenshtein distance, for "did you mean" suggestions (inputs are short field names).
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut row = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev.get(j).copied().unwrap_or(0) + usize::from(ca != cb);
            let delete = prev.get(j + 1).copied().unwrap_or(0) + 1;
            let insert = row.get(j).copied().unwrap_or(0) + 1;
            row.push(substitute.min(delete).min(insert));
        }
        prev = row;
    }
    prev.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        for ok in [
            "2016-03-14T01:59:00Z",
            "2016-03-14T01:59:00.123Z",
            "2016-03-14T01:59:00+01:00",
            "2016-03-14T01:59:00.5-08:30",
            "2024-02-29T00:00:00Z",
            "2016-12-31T23:59:60Z",
        ] {
            assert!(is_rfc3339_timestamp(ok), "{ok}");
        }
        for bad in [
            "2016-03-14t01:59:00Z",
            "2016-03-14T01:59:00z",
            "2016-03-14 01:59:00Z",
            "2016-03-14T01:59:00",
            "2016-03-14",
            "2023-02-29T00:00:00Z",
            "2016-13-01T00:00:00Z",
            "2016-03-14T24:00:00Z",
            "2016-03-14T01:59:00.Z",
            "2016-03-14T01:59:00+0100",
            "2016-03-14T01:59:00Z ",
            "",
            "yesterday",
            "２016-03-14T01:59:00Z",
        ] {
            assert!(!is_rfc3339_timestamp(bad), "{bad}");
        }
    }

    #[test]
    fn string_matches_escapes() {
        assert_eq!(string_matches_pattern_error("log-*.txt"), None);
        assert_eq!(string_matches_pattern_error("a\\*b\\\\c"), None);
        assert_eq!(
            string_matches_pattern_error("a\\d"),
            Some((1, "\\d".into()))
        );
        assert_eq!(string_matches_pattern_error("a\\"), Some((1, "\\".into())));
    }

    #[test]
    fn names_and_arns() {
        assert!(is_variable_name("orderId"));
        assert!(is_variable_name("_x1"));
        assert!(!is_variable_name("1x"));
        assert!(!is_variable_name("a-b"));
        assert!(!is_variable_name(""));
        assert_eq!(label_forbidden_char("my-label_1"), None);
        assert_eq!(label_forbidden_char("my label"), Some(' '));
        assert!(is_resource_arn("arn:aws:states:::lambda:invoke"));
        assert!(is_resource_arn(
            "arn:aws:lambda:us-east-1:123456789012:function:f"
        ));
        assert!(is_resource_arn("arn:aws-us-gov:states:::sqs:sendMessage"));
        assert!(is_resource_arn("${FnArn}"));
        assert!(!is_resource_arn("lambda:invoke"));
        assert!(is_resource_arn(
            "arn:aws:lambda:REGION:ACCOUNT_ID:function:f"
        ));
        assert!(!is_resource_arn("arn:aws:lambda"));
        assert!(!is_resource_arn(""));
        assert_eq!(edit_distance("ResultPth", "ResultPath"), 1);
    }
}
