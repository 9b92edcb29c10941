//! The build's own time, for what a build dates (the handout's cover, the EPUB's
//! `dcterms:modified`): `SOURCE_DATE_EPOCH` when set, so that a build can be reproduced, else
//! now; and dates in the civil calendar, without a date library.

/// Seconds since 1970 (UTC) that this build is dated: `SOURCE_DATE_EPOCH` when it is set to a
/// number, else the clock.
pub(crate) fn build_seconds() -> u64 {
    std::env::var("SOURCE_DATE_EPOCH").ok().and_then(|s| s.trim().parse::<u64>().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs())
    })
}

/// `2026-12-02` for seconds since 1970 (UTC).
pub(crate) fn iso_date(seconds: u64) -> String {
    let (year, month, day) = civil(seconds / 86_400);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `2026-12-02T08:00:00Z` for seconds since 1970 (UTC).
pub(crate) fn utc_date_time(seconds: u64) -> String {
    let rest = seconds % 86_400;
    format!("{}T{:02}:{:02}:{:02}Z", iso_date(seconds), rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Year, month and day of a day counted from 1970-01-01 (Howard Hinnant's days-to-civil
/// algorithm, the proleptic Gregorian calendar).
fn civil(days: u64) -> (i64, u64, u64) {
    let days = i64::try_from(days).unwrap_or(i64::MAX / 2) + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month.unsigned_abs(), day.unsigned_abs())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_civil_dates() {
        assert_eq!(iso_date(0), "1970-01-01");
        assert_eq!(iso_date(951_782_400), "2000-02-29");
        assert_eq!(iso_date(1_796_169_600), "2026-12-02");
        assert_eq!(utc_date_time(1_700_000_000), "2023-11-14T22:13:20Z");
        assert_eq!(utc_date_time(0), "1970-01-01T00:00:00Z");
    }
}
