//! Property tests of the funding rules: funded duration adds up, distance is a metric and
//! its band grows with it, travel days stay within 6, the grant's lines never shrink with
//! a longer stay.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;

use super::split::tests::example_rates;
use super::*;
use crate::CountryCode;
use crate::mobility::DateRange;

fn period() -> impl Strategy<Value = DateRange> {
    (0i64..3650, 0i64..400).prop_map(|(offset, length)| {
        let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default() + Duration::days(offset);
        DateRange::new(start, start + Duration::days(length)).unwrap()
    })
}

fn place() -> impl Strategy<Value = Coordinates> {
    (-89.9f64..89.9, -179.9f64..179.9).prop_map(|(lat, lon)| Coordinates::new(lat, lon).unwrap())
}

fn basis() -> impl Strategy<Value = FundingBasis> {
    prop::sample::select(vec![FundingBasis::Monthly, FundingBasis::Daily])
}

proptest! {
    #[test]
    fn full_months_and_extra_days_add_up_to_the_total(p in period(), b in basis()) {
        let d = funded_duration(p, b);
        prop_assert_eq!(d.full_months * 30 + d.extra_days, d.total_days);
        prop_assert!(d.extra_days < 30);
        prop_assert!(d.total_days >= 1);
    }

    #[test]
    fn a_longer_stay_is_never_funded_for_less(p in period(), more in 1i64..60, b in basis()) {
        let longer = DateRange::new(p.start(), p.end() + Duration::days(more)).unwrap();
        prop_assert!(funded_duration(longer, b).total_days >= funded_duration(p, b).total_days);
    }

    #[test]
    fn distance_is_symmetric_non_negative_and_at_most_half_the_equator(a in place(), b in place()) {
        let there = great_circle_km(a, b);
        let back = great_circle_km(b, a);
        prop_assert!((there - back).abs() < 1e-6);
        prop_assert!(there >= 0.0);
        prop_assert!(there <= std::f64::consts::PI * 6371.0 + 1e-6);
        prop_assert!(great_circle_km(a, a) < 1e-6);
    }

    #[test]
    fn the_band_never_falls_as_the_distance_grows(km in 0f64..20000.0, more in 0f64..5000.0) {
        let near = DistanceBand::of_km(km);
        let far = DistanceBand::of_km(km + more);
        prop_assert!(near <= far);
        if let Some(band) = near {
            prop_assert!(f64::from(band.lower_km()) <= km);
        }
    }

    #[test]
    fn travel_days_never_pass_six(green in any::<bool>(), asked in proptest::option::of(0u32..20), b in basis()) {
        let t = travel_days(b, green, asked, 2, 4);
        prop_assert!(t.total() <= 6);
        prop_assert!(t.green_extra <= 4);
        prop_assert!(green || t.green_extra == 0);
    }

    #[test]
    fn the_grant_grows_with_the_stay(p in period(), more in 1i64..60, b in basis(), fewer in any::<bool>()) {
        let request = |period| GrantRequest {
            call_year: 2026,
            action: GrantAction::Ka131,
            receiving_country: CountryCode::parse("BG").unwrap(),
            activity: if b == FundingBasis::Monthly { RateActivity::Studies } else { RateActivity::Staff },
            basis: b,
            duration: funded_duration(period, b),
            travel_days: travel_days(b, false, None, 2, 4),
            distance_band: Some(DistanceBand::Km100To499),
            fewer_opportunities: fewer && b == FundingBasis::Monthly,
            green_travel: false,
        };
        let longer = DateRange::new(p.start(), p.end() + Duration::days(more)).unwrap();
        let rates = example_rates();
        let short = split_grant(&request(p), &rates).unwrap();
        let long = split_grant(&request(longer), &rates).unwrap();
        prop_assert!(long.individual_support >= short.individual_support);
        prop_assert!(long.total() >= short.total());
        prop_assert_eq!(short.total(), short.individual_support + short.top_up_fewer_opportunities + short.top_up_green_travel + short.travel);
    }
}

proptest! {
    #[test]
    fn every_number_of_the_documented_pattern_parses_and_prints_back(
        text in proptest::string::string_regex(
            PROJECT_NUMBER_PATTERN.trim_start_matches('^').trim_end_matches('$')
        ).unwrap_or_else(|e| panic!("pattern: {e}"))
    ) {
        let number = GrantProjectNumber::parse(&text);
        prop_assert!(number.is_ok(), "{text}: {number:?}");
        prop_assert_eq!(number.map(|n| n.to_string()).unwrap_or_default(), text);
    }
}
