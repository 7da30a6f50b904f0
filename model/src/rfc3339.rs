//! RFC 3339 times as feeds write them ("2026-12-08T18:30:00+01:00"), read without chrono's
//! general format parser: in the widget that parser is kilobytes of every visitor's download.
//! The widget's wire types read their times with these functions; the server keeps chrono's
//! own reading, and the tests below hold both to the same answers.

use std::borrow::Cow;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::{de::Error, Deserialize, Deserializer};

const EXPECTED: &str = "expected an RFC 3339 date and time, such as 2026-12-08T18:30:00+01:00";

/// The number written with `len` ASCII digits at `from`.
fn digits(text: &[u8], from: usize, len: usize) -> Option<u32> {
    text.get(from..from + len)?
        .iter()
        .try_fold(0, |number, c| c.is_ascii_digit().then(|| number * 10 + u32::from(c - b'0')))
}

/// A calendar date written `YYYY-MM-DD`, and nothing else.
pub fn date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    (b.len() == 10 && b[4] == b'-' && b[7] == b'-').then_some(())?;
    NaiveDate::from_ymd_opt(digits(b, 0, 4)? as i32, digits(b, 5, 2)?, digits(b, 8, 2)?)
}

/// A date and time with its offset, as the contract writes it (RFC 3339), with the liberties
/// chrono's reading takes at its ends: `T`, `t` or a space between date and time, fractions of a
/// second, a leap second, and the offset's forms (`offset`). What chrono reads beyond that —
/// one-digit months or hours, spaces inside the date — is refused, and such an event skipped.
pub fn parse(text: &str) -> Option<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    let day = date(text.get(..10)?)?;
    (matches!(b.get(10), Some(b'T' | b't' | b' ')) && b.get(13) == Some(&b':') && b.get(16) == Some(&b':'))
        .then_some(())?;
    let (hour, minute, second) = (digits(b, 11, 2)?, digits(b, 14, 2)?, digits(b, 17, 2)?);
    let mut at = 19;
    let mut nanos = 0;
    if b.get(at) == Some(&b'.') {
        let start = at + 1;
        at = start;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(b[at] - b'0');
            }
            at += 1;
        }
        let written = at - start;
        if written == 0 {
            return None;
        }
        nanos *= 10_u32.pow(9 - written.min(9) as u32);
    }
    let offset = offset(text.get(at..)?)?;
    // chrono keeps a leap second as the 59th with more than a second of nanoseconds.
    let time = match second {
        60 => NaiveTime::from_hms_nano_opt(hour, minute, 59, nanos + 1_000_000_000)?,
        _ => NaiveTime::from_hms_nano_opt(hour, minute, second, nanos)?,
    };
    FixedOffset::east_opt(offset)?.from_local_datetime(&day.and_time(time)).single()
}

/// The offset that ends a time, in seconds, as chrono's reading takes it: whitespace before and
/// after, `Z`, `UTC`, or a sign (`+`, `-`, `−`) with hours and minutes, a colon between them or not.
fn offset(tail: &str) -> Option<i32> {
    let tail = tail.trim_start();
    let (sign, rest) = match tail.chars().next()? {
        'Z' | 'z' => return tail[1..].trim_start().is_empty().then_some(0),
        'U' | 'u' if tail.get(..3).is_some_and(|utc| utc.eq_ignore_ascii_case("utc")) => {
            return tail[3..].trim_start().is_empty().then_some(0)
        }
        '+' => (1, &tail[1..]),
        '-' => (-1, &tail[1..]),
        '−' => (-1, &tail['−'.len_utf8()..]),
        _ => return None,
    };
    let hours = digits(rest.as_bytes(), 0, 2)?;
    let rest = rest[2..].trim_start_matches(|c: char| c == ':' || c.is_whitespace());
    let minutes = digits(rest.as_bytes(), 0, 2).filter(|m| *m < 60)?;
    rest[2..].trim_start().is_empty().then_some(sign * (hours * 3600 + minutes * 60) as i32)
}

fn text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    Cow::<'de, str>::deserialize(deserializer)
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<FixedOffset>, D::Error> {
    parse(&text(deserializer)?).ok_or_else(|| D::Error::custom(EXPECTED))
}

pub fn deserialize_option<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    match Option::<Cow<'de, str>>::deserialize(deserializer)? {
        Some(text) => parse(&text).map(Some).ok_or_else(|| D::Error::custom(EXPECTED)),
        None => Ok(None),
    }
}

pub fn deserialize_utc<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserialize(deserializer).map(|time| time.to_utc())
}

/// A time that may be missing, or unreadable: both read as none.
pub fn deserialize_utc_or_none<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    let text = Option::<Cow<'de, str>>::deserialize(deserializer)?;
    Ok(text.and_then(|text| parse(&text)).map(|time| time.to_utc()))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What the widget read before, and the server still reads: chrono's `Deserialize`, which
    /// is its relaxed `FromStr`.
    fn chrono_reads(text: &str) -> Option<DateTime<FixedOffset>> {
        text.parse().ok()
    }

    #[test]
    fn reads_what_feeds_write_as_chrono_does() {
        for text in [
            "2026-12-08T18:30:00+01:00",
            "2026-12-08T18:30:00Z",
            "2026-12-08t18:30:00z",
            "2026-12-08 18:30:00-05:30",
            "2026-03-29T02:30:00.5+02:00",
            "2026-03-29T02:30:00.123456789+00:00",
            "2026-03-29T02:30:00.1234567891234-00:00",
            "2016-12-31T23:59:60Z",
            "0001-01-01T00:00:00+23:59",
            "2026-12-08T18:30:00 +01:00",
            "2026-12-08T18:30:00+0100",
            "2026-12-08T18:30:00 UTC",
            "2026-12-08T18:30:00utc",
            "2026-12-08T18:30:00\u{2212}05:00",
            "2026-12-08T18:30:00+01 00",
            "2026-12-08T18:30:00Z  ",
        ] {
            assert_eq!(parse(text), chrono_reads(text), "{text}");
            assert!(parse(text).is_some(), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_a_time_as_chrono_does() {
        for text in [
            "",
            "2026-12-08",
            "2026-12-08T18:30+01:00",
            "2026-12-08T18:30:00",
            "2026-12-08T18:30:00+01:60",
            "2026-12-08T18:30:00+1:00",
            "2026-12-08T18:30:00UT",
            "2026-02-30T18:30:00Z",
            "2026-12-08T24:00:00Z",
            "2026-12-08T18:60:00Z",
            "2026-12-08T18:30:00.Z",
            "2026-12-08T18:30:00+24:00",
            "2026-12-08X18:30:00Z",
            "２026-12-08T18:30:00Z",
            "2026-12-08T18:30:00+01:00\u{0}",
        ] {
            assert_eq!(parse(text), None, "{text}");
            assert_eq!(chrono_reads(text), None, "chrono: {text}");
        }
    }

    /// chrono reads these too, but feeds are RFC 3339 (the contract): the widget skips them.
    #[test]
    fn refuses_what_only_chrono_reads() {
        for text in ["2026-1-8T18:30:00Z", "2026-12-08T 18:30:00Z", "2026 -12-08T18:30:00Z", "2026-12-08T18:30:0Z"] {
            assert_eq!(parse(text), None, "{text}");
            assert!(chrono_reads(text).is_some(), "chrono: {text}");
        }
    }

    #[test]
    fn reads_dates() {
        assert_eq!(date("2026-12-08"), NaiveDate::from_ymd_opt(2026, 12, 8));
        for text in ["2026-12-8", "2026-13-01", "2026/12/08", "2026-12-08T", "+2026-12-08"] {
            assert_eq!(date(text), None, "{text}");
        }
    }

    #[test]
    fn feeds_times_read_the_same_through_serde() {
        let json = r#"["2026-12-08T18:30:00\u002B01:00"]"#;
        let mut de = serde_json::Deserializer::from_str(json);
        let read: Vec<String> = Vec::deserialize(&mut de).unwrap();
        assert_eq!(parse(&read[0]), chrono_reads("2026-12-08T18:30:00+01:00"));
        #[derive(serde::Deserialize)]
        struct Times {
            #[serde(deserialize_with = "deserialize")]
            at: DateTime<FixedOffset>,
            #[serde(default, deserialize_with = "deserialize_option")]
            until: Option<DateTime<FixedOffset>>,
        }
        let times: Times = serde_json::from_str(r#"{"at":"2026-12-08T18:30:00\u002B01:00","until":null}"#).unwrap();
        assert_eq!(Some(times.at), chrono_reads("2026-12-08T18:30:00+01:00"));
        assert_eq!(times.until, None);
        let error = serde_json::from_str::<Times>(r#"{"at":"morgen"}"#).err().unwrap().to_string();
        assert!(error.contains("RFC 3339"), "{error}");
    }

    proptest! {
        #[test]
        fn any_written_time_reads_back_as_chrono_reads_it(
            seconds in -62_000_000_000_i64..250_000_000_000,
            nanos in 0_u32..1_000_000_000,
            offset_minutes in -1439_i32..1440,
            digits in 0_usize..10,
            separator in prop::sample::select(vec!['T', 't', ' ']),
            zone in prop::sample::select(vec!["%:z", "%z", " %:z", "%:z "]),
        ) {
            let offset = FixedOffset::east_opt(offset_minutes * 60).unwrap();
            let time = DateTime::from_timestamp(seconds, nanos).unwrap().with_timezone(&offset);
            let fraction = if digits == 0 { String::new() } else { format!(".{}", &format!("{nanos:09}")[..digits]) };
            let written = format!("{}{fraction}{}", time.format(&format!("%Y-%m-%d{separator}%H:%M:%S")), time.format(zone));
            prop_assert_eq!(parse(&written), chrono_reads(&written), "{}", written);
            prop_assert!(parse(&written).is_some(), "{}", written);
        }

        #[test]
        fn any_text_is_refused_or_read_as_chrono_reads_it(text in "[0-9T:+.ZzUTCutc \u{2212}-]{0,40}") {
            if let Some(read) = parse(&text) {
                prop_assert_eq!(Some(read), chrono_reads(&text), "{}", text);
            }
        }
    }
}
