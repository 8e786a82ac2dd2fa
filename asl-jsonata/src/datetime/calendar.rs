//! Calendar arithmetic on epoch milliseconds as JavaScript's `Date` does it in UTC, and the
//! date/time components (`Y`, `W`, `x`, …) the reference's pictures read from an instant.
//!
//! Everything is `f64` so an invalid date (beyond ±8.64e15 ms, or NaN) flows through as NaN,
//! exactly as the reference's `Date` methods return NaN for it.

pub const MS_PER_DAY: f64 = 86_400_000.0;

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1–12, day 1–31).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let year_of_era = y - era * 400;
    let march_based_month = (month + 9) % 12;
    let day_of_year = (153 * march_based_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The (year, month 1–12, day 1–31) of a day number since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let march_based_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_based_month + 2) / 5 + 1;
    let month = if march_based_month < 10 {
        march_based_month + 3
    } else {
        march_based_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// JavaScript's TimeClip: NaN outside the `Date` range, else truncated to an integer.
pub fn time_clip(t: f64) -> f64 {
    if !t.is_finite() || t.abs() > 8.64e15 {
        f64::NAN
    } else {
        t.trunc() + 0.0
    }
}

/// `Date.UTC(year, month0, day, hours, minutes, seconds, millis)`: months from 0 and
/// overflowing into years, years 0–99 meaning 1900–1999, as JavaScript has it.
pub fn date_utc(
    year: f64,
    month0: f64,
    day: f64,
    hours: f64,
    minutes: f64,
    seconds: f64,
    millis: f64,
) -> f64 {
    let parts = [year, month0, day, hours, minutes, seconds, millis];
    if parts.iter().any(|p| !p.is_finite()) {
        return f64::NAN;
    }
    let mut y = year.trunc();
    if (0.0..=99.0).contains(&y) {
        y += 1900.0;
    }
    let m = month0.trunc();
    let whole_year = y + (m / 12.0).floor();
    // Far outside the Date range: TimeClip would give NaN anyway.
    if whole_year.abs() > 1.0e6 || day.abs() > 1.0e9 {
        return f64::NAN;
    }
    let first = days_from_civil(whole_year as i64, m.rem_euclid(12.0) as i64 + 1, 1) as f64;
    let day_number = first + day.trunc() - 1.0;
    let time = hours.trunc() * 3_600_000.0
        + minutes.trunc() * 60_000.0
        + seconds.trunc() * 1000.0
        + millis.trunc();
    time_clip(day_number * MS_PER_DAY + time)
}

/// `Date.UTC(year, month0)`: the first of that month at midnight.
pub fn month_start(year: f64, month0: f64) -> f64 {
    date_utc(year, month0, 1.0, 0.0, 0.0, 0.0, 0.0)
}

/// The UTC fields of an instant, each NaN for an invalid date (as `getUTC…()` return).
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub year: f64,
    /// 1–12.
    pub month: f64,
    pub day: f64,
    /// 0 = Sunday … 6 = Saturday, as `getUTCDay()`.
    pub weekday: f64,
    pub hours: f64,
    pub minutes: f64,
    pub seconds: f64,
    pub millis: f64,
}

pub fn fields(t: f64) -> Fields {
    let t = time_clip(t);
    if t.is_nan() {
        let nan = f64::NAN;
        return Fields {
            year: nan,
            month: nan,
            day: nan,
            weekday: nan,
            hours: nan,
            minutes: nan,
            seconds: nan,
            millis: nan,
        };
    }
    let days = (t / MS_PER_DAY).floor();
    let in_day = t - days * MS_PER_DAY;
    let (year, month, day) = civil_from_days(days as i64);
    Fields {
        year: year as f64,
        month: month as f64,
        day: day as f64,
        weekday: (days + 4.0).rem_euclid(7.0),
        hours: (in_day / 3_600_000.0).floor(),
        minutes: (in_day / 60_000.0).floor() % 60.0,
        seconds: (in_day / 1000.0).floor() % 60.0,
        millis: in_day % 1000.0,
    }
}

/// What a picture component reads from an instant.
#[derive(Debug, Clone, PartialEq)]
pub enum Fragment {
    Number(f64),
    Text(&'static str),
    /// An unknown component given an explicit presentation (`[q1]`): the reference writes
    /// JavaScript's `undefined`.
    Absent,
}

/// The start (Monday, midnight) of week 1 of a month or year: the week holding its first
/// Thursday, as ISO 8601 defines it and XPath extends it to months.
fn start_of_first_week(year: f64, month0: f64) -> f64 {
    let first = month_start(year, month0);
    let mut weekday = fields(first).weekday;
    if weekday == 0.0 {
        weekday = 7.0;
    }
    if weekday > 4.0 {
        first + (8.0 - weekday) * MS_PER_DAY
    } else {
        first - (weekday - 1.0) * MS_PER_DAY
    }
}

fn next_month(year: f64, month0: f64) -> (f64, f64) {
    if month0 == 11.0 {
        (year + 1.0, 0.0)
    } else {
        (year, month0 + 1.0)
    }
}

fn previous_month(year: f64, month0: f64) -> (f64, f64) {
    if month0 == 0.0 {
        (year - 1.0, 11.0)
    } else {
        (year, month0 - 1.0)
    }
}

fn weeks_between(start: f64, end: f64) -> f64 {
    (end - start) / (MS_PER_DAY * 7.0) + 1.0
}

/// The value of one picture component (`Y`, `M`, `D`, `d`, `F`, `W`, `w`, `X`, `x`, `H`, `h`,
/// `P`, `m`, `s`, `f`, `C`, `E`) at instant `t`; `Z`/`z` are formatted from the offset instead.
pub fn fragment(t: f64, component: char) -> Fragment {
    let f = fields(t);
    let number = Fragment::Number;
    let midnight = || date_utc(f.year, f.month - 1.0, f.day, 0.0, 0.0, 0.0, 0.0);
    match component {
        'Y' => number(f.year),
        'M' => number(f.month),
        'D' => number(f.day),
        'd' => number((midnight() - month_start(f.year, 0.0)) / MS_PER_DAY + 1.0),
        'F' => number(if f.weekday == 0.0 { 7.0 } else { f.weekday }),
        'W' => {
            let today = midnight();
            let mut week = weeks_between(start_of_first_week(f.year, 0.0), today);
            if week > 52.0 {
                if today >= start_of_first_week(f.year + 1.0, 0.0) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                week = weeks_between(start_of_first_week(f.year - 1.0, 0.0), today);
            }
            number(week.floor())
        }
        'w' => {
            let month0 = f.month - 1.0;
            let today = midnight();
            let mut week = weeks_between(start_of_first_week(f.year, month0), today);
            if week > 4.0 {
                let (ny, nm) = next_month(f.year, month0);
                if today >= start_of_first_week(ny, nm) {
                    week = 1.0;
                }
            } else if week < 1.0 {
                let (py, pm) = previous_month(f.year, month0);
                week = weeks_between(start_of_first_week(py, pm), today);
            }
            number(week.floor())
        }
        'X' => {
            let t = time_clip(t);
            if t < start_of_first_week(f.year, 0.0) {
                number(f.year - 1.0)
            } else if t >= start_of_first_week(f.year + 1.0, 0.0) {
                number(f.year + 1.0)
            } else {
                number(f.year)
            }
        }
        'x' => {
            let t = time_clip(t);
            let month0 = f.month - 1.0;
            let (ny, nm) = next_month(f.year, month0);
            if t < start_of_first_week(f.year, month0) {
                number(previous_month(f.year, month0).1 + 1.0)
            } else if t >= start_of_first_week(ny, nm) {
                number(nm + 1.0)
            } else {
                number(f.month)
            }
        }
        'H' => number(f.hours),
        'h' => {
            let h = f.hours % 12.0;
            number(if h == 0.0 { 12.0 } else { h })
        }
        'P' => Fragment::Text(if f.hours >= 12.0 { "pm" } else { "am" }),
        'm' => number(f.minutes),
        's' => number(f.seconds),
        'f' => number(f.millis),
        'C' | 'E' => Fragment::Text("ISO"),
        _ => Fragment::Absent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(11_017), (2000, 3, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        for d in [-800_000, -1, 0, 59, 60, 365, 10_000, 2_932_896] {
            let (y, m, day) = civil_from_days(d);
            assert_eq!(days_from_civil(y, m, day), d);
        }
    }

    #[test]
    fn date_utc_as_javascript() {
        assert_eq!(
            date_utc(2018.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0),
            1_514_764_800_000.0
        );
        // Month 12 rolls into the next year; day 0 is the last day of the previous month.
        assert_eq!(
            date_utc(2017.0, 12.0, 1.0, 0.0, 0.0, 0.0, 0.0),
            1_514_764_800_000.0
        );
        assert_eq!(
            date_utc(2018.0, 2.0, 0.0, 0.0, 0.0, 0.0, 0.0),
            date_utc(2018.0, 1.0, 28.0, 0.0, 0.0, 0.0, 0.0)
        );
        // Years 0–99 are 1900–1999.
        assert_eq!(date_utc(70.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0), 0.0);
        assert!(date_utc(f64::NAN, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0).is_nan());
        assert!(date_utc(300_000.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0).is_nan());
    }

    #[test]
    fn fields_of_an_instant() {
        let f = fields(1_521_801_216_617.0);
        assert_eq!((f.year, f.month, f.day), (2018.0, 3.0, 23.0));
        assert_eq!(
            (f.hours, f.minutes, f.seconds, f.millis),
            (10.0, 33.0, 36.0, 617.0)
        );
        assert_eq!(f.weekday, 5.0);
        assert!(fields(9e15).year.is_nan());
        let before_epoch = fields(-1.0);
        assert_eq!((before_epoch.year, before_epoch.millis), (1969.0, 999.0));
    }

    #[test]
    fn week_components() {
        // 2005-01-01 is in ISO week 53 of 2004.
        let t = date_utc(2005.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0);
        assert_eq!(fragment(t, 'W'), Fragment::Number(53.0));
        assert_eq!(fragment(t, 'X'), Fragment::Number(2004.0));
        assert_eq!(fragment(t, 'x'), Fragment::Number(12.0));
        assert_eq!(fragment(t, 'w'), Fragment::Number(5.0));
        assert_eq!(fragment(t, 'F'), Fragment::Number(6.0));
        assert_eq!(fragment(t, 'd'), Fragment::Number(1.0));
        assert_eq!(fragment(t, 'q'), Fragment::Absent);
    }
}
