//! Recurring meetings: the dates of a series ("jeden 2. Dienstag im Monat", weekly, monthly on
//! a date), with exceptions. Dates only: the time of day is applied in the series' own zone by
//! whoever stores the occurrences, so 12:30 stays 12:30 across daylight saving changes.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

/// How a series repeats.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "every", rename_all = "snake_case")]
pub enum Repeat {
    /// Every `interval` weeks on the first date's weekday.
    Week {
        #[serde(default = "one")]
        interval: u32,
    },
    /// Every `interval` months on the `nth` `weekday` (1–5; -1 is the last).
    MonthWeekday {
        nth: i8,
        /// `Mon` … `Sun` (also `monday`, `tue`, …).
        #[cfg_attr(feature = "openapi", schema(value_type = String, example = "Tue"))]
        weekday: Weekday,
        #[serde(default = "one")]
        interval: u32,
    },
    /// Every `interval` months on day `day`; months without that day are left out.
    MonthDay {
        day: u32,
        #[serde(default = "one")]
        interval: u32,
    },
}

fn one() -> u32 {
    1
}

/// The most dates one series makes, whatever its rule says.
pub const MAX_OCCURRENCES: usize = 200;

/// The dates from `first` on (only those that match the rule), up to `until` (inclusive) or
/// `count` dates, without the `except` dates; never more than [`MAX_OCCURRENCES`].
pub fn series_dates(
    repeat: &Repeat,
    first: NaiveDate,
    until: Option<NaiveDate>,
    count: Option<usize>,
    except: &[NaiveDate],
) -> Vec<NaiveDate> {
    let limit = count.unwrap_or(MAX_OCCURRENCES).min(MAX_OCCURRENCES);
    let mut out = Vec::new();
    // Periods are counted from the first date, so "every 2 months" does not drift.
    for period in 0..MAX_OCCURRENCES as u32 * 4 {
        let Some(date) = nth_date(repeat, first, period) else {
            if matches!(repeat, Repeat::MonthDay { .. } | Repeat::MonthWeekday { .. }) {
                continue; // a month without that day
            }
            break;
        };
        if until.is_some_and(|until| date > until) || out.len() >= limit {
            break;
        }
        if date >= first && !except.contains(&date) {
            out.push(date);
        }
    }
    out
}

fn nth_date(repeat: &Repeat, first: NaiveDate, period: u32) -> Option<NaiveDate> {
    match *repeat {
        Repeat::Week { interval } => first.checked_add_signed(Duration::weeks(i64::from(interval.max(1) * period))),
        Repeat::MonthWeekday { nth, weekday, interval } => {
            let month = first.with_day(1)?.checked_add_months(Months::new(interval.max(1) * period))?;
            weekday_in_month(month, nth, weekday)
        }
        Repeat::MonthDay { day, interval } => {
            let month = first.with_day(1)?.checked_add_months(Months::new(interval.max(1) * period))?;
            month.with_day(day)
        }
    }
}

/// The `nth` `weekday` of the month that starts on `month` (1–5, or -1 for the last).
fn weekday_in_month(month: NaiveDate, nth: i8, weekday: Weekday) -> Option<NaiveDate> {
    if nth == -1 {
        let next = month.checked_add_months(Months::new(1))?;
        let last = next.pred_opt()?;
        let back = (last.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday()) % 7;
        return last.checked_sub_signed(Duration::days(i64::from(back)));
    }
    if !(1..=5).contains(&nth) {
        return None;
    }
    let ahead = (weekday.num_days_from_monday() + 7 - month.weekday().num_days_from_monday()) % 7;
    let date = month.checked_add_signed(Duration::days(i64::from(ahead) + 7 * (i64::from(nth) - 1)))?;
    (date.month() == month.month()).then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn the_second_tuesday_of_every_month() {
        let rule = Repeat::MonthWeekday { nth: 2, weekday: Weekday::Tue, interval: 1 };
        let dates = series_dates(&rule, d("2026-12-01"), Some(d("2027-04-30")), None, &[d("2027-02-09")]);
        assert_eq!(dates, [d("2026-12-08"), d("2027-01-12"), d("2027-03-09"), d("2027-04-13")]);
    }

    #[test]
    fn the_last_friday_and_the_fifth_monday_only_where_there_is_one() {
        let last = Repeat::MonthWeekday { nth: -1, weekday: Weekday::Fri, interval: 1 };
        assert_eq!(
            series_dates(&last, d("2027-01-01"), None, Some(3), &[]),
            [d("2027-01-29"), d("2027-02-26"), d("2027-03-26")]
        );
        let fifth = Repeat::MonthWeekday { nth: 5, weekday: Weekday::Mon, interval: 1 };
        assert_eq!(
            series_dates(&fifth, d("2027-01-01"), Some(d("2027-06-30")), None, &[]),
            [d("2027-03-29"), d("2027-05-31")]
        );
    }

    #[test]
    fn weekly_and_monthly_on_a_date_skip_what_does_not_exist() {
        let weekly = Repeat::Week { interval: 2 };
        assert_eq!(
            series_dates(&weekly, d("2027-03-17"), None, Some(3), &[]),
            [d("2027-03-17"), d("2027-03-31"), d("2027-04-14")]
        );
        let thirty_first = Repeat::MonthDay { day: 31, interval: 1 };
        assert_eq!(
            series_dates(&thirty_first, d("2027-01-31"), Some(d("2027-05-31")), None, &[]),
            [d("2027-01-31"), d("2027-03-31"), d("2027-05-31")]
        );
    }

    #[test]
    fn a_rule_without_an_end_stops_at_the_maximum() {
        let weekly = Repeat::Week { interval: 1 };
        assert_eq!(series_dates(&weekly, d("2027-01-01"), None, None, &[]).len(), MAX_OCCURRENCES);
        assert_eq!(series_dates(&weekly, d("2027-01-01"), None, Some(100_000), &[]).len(), MAX_OCCURRENCES);
    }

    #[test]
    fn dates_before_the_first_are_not_made() {
        // The 2nd Tuesday of December 2026 is the 8th; a series starting on the 10th begins in January.
        let rule = Repeat::MonthWeekday { nth: 2, weekday: Weekday::Tue, interval: 1 };
        assert_eq!(series_dates(&rule, d("2026-12-10"), None, Some(1), &[]), [d("2027-01-12")]);
    }
}
