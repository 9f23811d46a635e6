//! How coverage moves over time: articles per day, ISO week, month or year, for any set of
//! articles (a search, a filter, the whole corpus). The period is chosen by the span of the
//! dates when not asked for, so a week of news is counted by day and a decade by year.
//! Undated articles are counted apart, never dropped.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Day,
    Week,
    Month,
    Year,
}

impl Period {
    pub fn from_name(name: &str) -> Option<Period> {
        Some(match name {
            "day" => Period::Day,
            "week" => Period::Week,
            "month" => Period::Month,
            "year" => Period::Year,
            _ => return None,
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
        }
    }
}

/// One bar: the period (`YYYY-MM-DD`, `YYYY-Www`, `YYYY-MM`, `YYYY`; `None` for undated
/// articles) and how many articles fall in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Bar {
    pub period: Option<String>,
    pub count: usize,
}

/// `(year, month, day)` of a `YYYY-MM-DD…` date.
fn ymd(date: &str) -> Option<(i64, u32, u32)> {
    let year = date.get(0..4)?.parse().ok()?;
    let month = date
        .get(5..7)?
        .parse()
        .ok()
        .filter(|m| (1..=12).contains(m))?;
    let day = date
        .get(8..10)?
        .parse()
        .ok()
        .filter(|d| (1..=31).contains(d))?;
    (date.as_bytes().get(4) == Some(&b'-') && date.as_bytes().get(7) == Some(&b'-'))
        .then_some((year, month, day))
}

/// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
fn days(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The ISO 8601 week of a date: `YYYY-Www` (the week's year can differ from the date's).
fn iso_week(year: i64, month: u32, day: u32) -> String {
    let n = days(year, month, day);
    // 1970-01-01 was a Thursday; ISO weekdays run Monday = 1 … Sunday = 7.
    let weekday = (n + 3).rem_euclid(7) + 1;
    let thursday = n - weekday + 4;
    // The week belongs to the year of its Thursday.
    let mut week_year = year;
    if thursday < days(year, 1, 1) {
        week_year -= 1;
    } else if thursday >= days(year + 1, 1, 1) {
        week_year += 1;
    }
    let week = (thursday - days(week_year, 1, 1)) / 7 + 1;
    format!("{week_year}-W{week:02}")
}

/// The period a date falls in.
pub fn period_of(date: &str, by: Period) -> Option<String> {
    let (y, m, d) = ymd(date)?;
    Some(match by {
        Period::Day => format!("{y:04}-{m:02}-{d:02}"),
        Period::Week => iso_week(y, m, d),
        Period::Month => format!("{y:04}-{m:02}"),
        Period::Year => format!("{y:04}"),
    })
}

/// The period that shows `dates` best — a few dozen bars: by day up to two months, by week up
/// to a year, by month up to three years, else by year.
pub fn choose<'a>(dates: impl Iterator<Item = &'a str>) -> Period {
    let mut span: Option<(i64, i64)> = None;
    for (y, m, d) in dates.filter_map(ymd) {
        let n = days(y, m, d);
        span = Some(span.map_or((n, n), |(lo, hi)| (lo.min(n), hi.max(n))));
    }
    match span.map_or(0, |(lo, hi)| hi - lo) {
        0..=62 => Period::Day,
        63..=366 => Period::Week,
        367..=1100 => Period::Month,
        _ => Period::Year,
    }
}

/// Articles per period, oldest first, the undated last (as `period: None`, when there are
/// any). Periods with no article between the first and the last are listed with 0 only for
/// months and years (days and weeks would flood a long span).
pub fn count<'a>(dates: impl Iterator<Item = Option<&'a str>>, by: Period) -> Vec<Bar> {
    let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
    let mut undated = 0;
    for date in dates {
        match date.and_then(|d| period_of(d, by)) {
            Some(p) => *counts.entry(p).or_default() += 1,
            None => undated += 1,
        }
    }
    let mut bars: Vec<Bar> = counts
        .into_iter()
        .map(|(period, count)| Bar {
            period: Some(period),
            count,
        })
        .collect();
    if matches!(by, Period::Month | Period::Year) {
        bars = fill_gaps(bars, by);
    }
    if undated > 0 {
        bars.push(Bar {
            period: None,
            count: undated,
        });
    }
    bars
}

fn fill_gaps(bars: Vec<Bar>, by: Period) -> Vec<Bar> {
    let key = |p: &str| -> Option<i64> {
        let year: i64 = p.get(0..4)?.parse().ok()?;
        match by {
            Period::Year => Some(year),
            _ => Some(year * 12 + p.get(5..7)?.parse::<i64>().ok()? - 1),
        }
    };
    let label = |k: i64| match by {
        Period::Year => format!("{k:04}"),
        _ => format!("{:04}-{:02}", k.div_euclid(12), k.rem_euclid(12) + 1),
    };
    let mut out: Vec<Bar> = Vec::with_capacity(bars.len());
    for bar in bars {
        if let (Some(last), Some(now)) = (
            out.last()
                .and_then(|b: &Bar| b.period.as_deref())
                .and_then(key),
            bar.period.as_deref().and_then(key),
        ) {
            for k in last + 1..now {
                out.push(Bar {
                    period: Some(label(k)),
                    count: 0,
                });
            }
        }
        out.push(bar);
    }
    out
}

/// The `date:` filter that selects exactly the articles of a period.
pub fn date_filter(period: &str) -> String {
    if let Some((year, week)) = period.split_once("-W") {
        // A week as a range of days, Monday to Sunday.
        let (Ok(year), Ok(week)) = (year.parse::<i64>(), week.parse::<i64>()) else {
            return format!("date:{period}");
        };
        let jan4 = days(year, 1, 4);
        let monday = jan4 - ((jan4 + 3).rem_euclid(7)) + (week - 1) * 7;
        return format!("date:{}..{}", civil(monday), civil(monday + 6));
    }
    format!("date:{period}")
}

/// `YYYY-MM-DD` of a day number (civil-from-days).
fn civil(n: i64) -> String {
    let z = n + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_weeks_belong_to_the_year_of_their_thursday() {
        assert_eq!(
            period_of("2025-04-26", Period::Week).as_deref(),
            Some("2025-W17")
        );
        // 2021-01-03 is a Sunday of 2020's week 53; 2024-12-30 a Monday of 2025's week 1.
        assert_eq!(
            period_of("2021-01-03", Period::Week).as_deref(),
            Some("2020-W53")
        );
        assert_eq!(
            period_of("2024-12-30", Period::Week).as_deref(),
            Some("2025-W01")
        );
        assert_eq!(
            period_of("2026-12-03", Period::Week).as_deref(),
            Some("2026-W49")
        );
        assert_eq!(date_filter("2025-W01"), "date:2024-12-30..2025-01-05");
        assert_eq!(period_of("not a date", Period::Day), None);
        assert_eq!(period_of("2025-13-01", Period::Month), None);
    }

    #[test]
    fn counts_are_oldest_first_with_gaps_filled_and_the_undated_apart() {
        let dates = [
            Some("2025-03-15"),
            Some("2025-01-02"),
            None,
            Some("2025-01-30"),
            Some("garbled"),
        ];
        let bars = count(dates.iter().copied(), Period::Month);
        let got: Vec<(Option<&str>, usize)> = bars
            .iter()
            .map(|b| (b.period.as_deref(), b.count))
            .collect();
        assert_eq!(
            got,
            [
                (Some("2025-01"), 2),
                (Some("2025-02"), 0),
                (Some("2025-03"), 1),
                (None, 2)
            ]
        );
        assert_eq!(
            choose(["2025-01-01", "2025-01-20"].into_iter()),
            Period::Day
        );
        assert_eq!(
            choose(["2025-01-01", "2025-09-20"].into_iter()),
            Period::Week
        );
        assert_eq!(
            choose(["2023-01-01", "2025-09-20"].into_iter()),
            Period::Month
        );
        assert_eq!(
            choose(["2015-01-01", "2025-09-20"].into_iter()),
            Period::Year
        );
    }
}
