//! [`Timestamp`]: a point in time, read from any RFC 3339 string and written in UTC.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// A point in time with nanosecond precision, as `google.protobuf.Timestamp` holds it.
///
/// On the wire it is an RFC 3339 string. Any offset is accepted on input
/// (`2025-10-28T12:30:00+02:00`) and converted; output is always UTC with a `Z` suffix and
/// millisecond precision (`2025-10-28T10:30:00.000Z`), or more digits when the value has them.
/// Timestamps order by time, so they can sort tasks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp {
    seconds: i64,
    nanos: u32,
}

/// Why a string is not an RFC 3339 timestamp.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid RFC 3339 timestamp `{input}`: {reason}")]
pub struct TimestampError {
    input: String,
    reason: &'static str,
}

impl Timestamp {
    /// The current time from the system clock, to the millisecond (the precision the
    /// specification recommends for timestamps on the wire).
    pub fn now() -> Self {
        let t = Self::from(SystemTime::now());
        Self { seconds: t.seconds, nanos: t.nanos - t.nanos % 1_000_000 }
    }

    /// A timestamp from seconds and nanoseconds since the Unix epoch.
    ///
    /// # Panics
    ///
    /// If `nanos` is a second or more.
    pub const fn from_unix(seconds: i64, nanos: u32) -> Self {
        assert!(nanos < 1_000_000_000, "nanos must be below one second");
        Self { seconds, nanos }
    }

    /// A timestamp from milliseconds since the Unix epoch.
    pub const fn from_unix_millis(millis: i64) -> Self {
        Self { seconds: millis.div_euclid(1000), nanos: (millis.rem_euclid(1000) as u32) * 1_000_000 }
    }

    /// Whole seconds since the Unix epoch.
    pub const fn unix_seconds(self) -> i64 {
        self.seconds
    }

    /// The nanoseconds past [`unix_seconds`](Self::unix_seconds).
    pub const fn subsec_nanos(self) -> u32 {
        self.nanos
    }

    /// Milliseconds since the Unix epoch, rounded down.
    pub const fn unix_millis(self) -> i64 {
        self.seconds * 1000 + (self.nanos / 1_000_000) as i64
    }

    /// Parses an RFC 3339 date-time (`2025-10-28T10:30:00Z`, `...T10:30:00.123+02:00`).
    pub fn parse(input: &str) -> Result<Self, TimestampError> {
        parse(input.as_bytes()).map_err(|reason| TimestampError { input: input.to_string(), reason })
    }
}

impl From<SystemTime> for Timestamp {
    fn from(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Self { seconds: d.as_secs() as i64, nanos: d.subsec_nanos() },
            Err(e) => {
                let d = e.duration();
                let mut seconds = -(d.as_secs() as i64);
                let mut nanos = d.subsec_nanos();
                if nanos > 0 {
                    seconds -= 1;
                    nanos = 1_000_000_000 - nanos;
                }
                Self { seconds, nanos }
            }
        }
    }
}

impl From<Timestamp> for SystemTime {
    fn from(t: Timestamp) -> Self {
        if t.seconds >= 0 {
            UNIX_EPOCH + Duration::new(t.seconds as u64, t.nanos)
        } else {
            UNIX_EPOCH - Duration::from_secs(t.seconds.unsigned_abs()) + Duration::from_nanos(u64::from(t.nanos))
        }
    }
}

impl std::str::FromStr for Timestamp {
    type Err = TimestampError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = i64::from((m + 9) % 12);
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01: the inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { yoe + era * 400 + 1 } else { yoe + era * 400 }, m, d)
}

fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn digits(b: &[u8], at: usize, n: usize) -> Result<u32, &'static str> {
    let part = b.get(at..at + n).ok_or("too short")?;
    part.iter().try_fold(0u32, |acc, &c| {
        if c.is_ascii_digit() { Ok(acc * 10 + u32::from(c - b'0')) } else { Err("expected a digit") }
    })
}

fn expect(b: &[u8], at: usize, what: &[u8]) -> Result<(), &'static str> {
    match b.get(at) {
        Some(c) if what.contains(c) => Ok(()),
        _ => Err("unexpected character"),
    }
}

fn parse(b: &[u8]) -> Result<Timestamp, &'static str> {
    let year = i64::from(digits(b, 0, 4)?);
    expect(b, 4, b"-")?;
    let month = digits(b, 5, 2)?;
    expect(b, 7, b"-")?;
    let day = digits(b, 8, 2)?;
    expect(b, 10, b"Tt ")?;
    let hour = digits(b, 11, 2)?;
    expect(b, 13, b":")?;
    let minute = digits(b, 14, 2)?;
    expect(b, 16, b":")?;
    let second = digits(b, 17, 2)?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err("no such date");
    }
    // 60 is a leap second: accepted, and folded into the next second as most libraries do.
    if hour > 23 || minute > 59 || second > 60 {
        return Err("no such time of day");
    }
    let mut at = 19;
    let mut nanos = 0u32;
    if b.get(at) == Some(&b'.') {
        at += 1;
        let start = at;
        while b.get(at).is_some_and(u8::is_ascii_digit) {
            if at - start < 9 {
                nanos = nanos * 10 + u32::from(b[at] - b'0');
            }
            at += 1;
        }
        let n = at - start;
        if n == 0 {
            return Err("a decimal point without digits");
        }
        for _ in n..9 {
            nanos *= 10;
        }
    }
    let offset_secs: i64 = match b.get(at) {
        Some(b'Z' | b'z') => {
            at += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            let h = i64::from(digits(b, at + 1, 2)?);
            expect(b, at + 3, b":")?;
            let m = i64::from(digits(b, at + 4, 2)?);
            if h > 23 || m > 59 {
                return Err("offset out of range");
            }
            at += 6;
            let s = h * 3600 + m * 60;
            if *sign == b'+' { s } else { -s }
        }
        _ => return Err("missing time zone (`Z` or `+hh:mm`)"),
    };
    if at != b.len() {
        return Err("trailing characters");
    }
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + i64::from(hour * 3600 + minute * 60 + second) - offset_secs;
    Ok(Timestamp { seconds, nanos })
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.seconds.div_euclid(86_400);
        let secs = self.seconds.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(f, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", secs / 3600, secs % 3600 / 60, secs % 60)?;
        if self.nanos % 1_000_000 == 0 {
            write!(f, ".{:03}Z", self.nanos / 1_000_000)
        } else if self.nanos % 1_000 == 0 {
            write!(f, ".{:06}Z", self.nanos / 1_000)
        } else {
            write!(f, ".{:09}Z", self.nanos)
        }
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = Timestamp;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an RFC 3339 timestamp string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Timestamp, E> {
                Timestamp::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_str(Visitor)
    }
}

#[cfg(feature = "schemars")]
impl schemars::JsonSchema for Timestamp {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Timestamp".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date-time" })
    }
}

#[cfg(test)]
mod tests {
    use super::Timestamp;

    #[test]
    fn utc_round_trips_with_milliseconds() {
        let t = Timestamp::parse("2025-10-28T10:30:00.142Z").unwrap();
        assert_eq!(t.to_string(), "2025-10-28T10:30:00.142Z");
        assert_eq!(Timestamp::parse("2023-10-27T10:00:00Z").unwrap().to_string(), "2023-10-27T10:00:00.000Z");
    }

    #[test]
    fn offsets_are_converted_to_utc() {
        let t = Timestamp::parse("2025-10-28T12:30:00+02:00").unwrap();
        assert_eq!(t.to_string(), "2025-10-28T10:30:00.000Z");
        let t = Timestamp::parse("2025-12-31T23:30:00-01:00").unwrap();
        assert_eq!(t.to_string(), "2026-01-01T00:30:00.000Z");
    }

    #[test]
    fn known_epoch_values() {
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z").unwrap().unix_seconds(), 0);
        assert_eq!(Timestamp::parse("2000-02-29T00:00:00Z").unwrap().unix_seconds(), 951_782_400);
        assert_eq!(Timestamp::from_unix_millis(-1).to_string(), "1969-12-31T23:59:59.999Z");
    }

    #[test]
    fn sub_millisecond_digits_are_kept() {
        assert_eq!(Timestamp::parse("2025-01-01T00:00:00.000001Z").unwrap().to_string(), "2025-01-01T00:00:00.000001Z");
        assert_eq!(Timestamp::parse("2025-01-01T00:00:00.123456789Z").unwrap().subsec_nanos(), 123_456_789);
    }

    #[test]
    fn malformed_input_is_rejected() {
        for bad in [
            "",
            "2025-10-28",
            "2025-10-28T10:30:00",
            "2025-02-30T00:00:00Z",
            "2025-10-28T24:00:00Z",
            "2025-10-28T10:30:00.Z",
            "2025-10-28T10:30:00Zjunk",
            "20x5-10-28T10:30:00Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn order_follows_time() {
        let a = Timestamp::parse("2025-01-01T00:00:00Z").unwrap();
        let b = Timestamp::parse("2025-01-01T01:00:00+02:00").unwrap();
        assert!(b < a);
    }
}
