//! Where two cities lie apart: great-circle distance from coordinates, and the Commission's
//! distance band that sets the travel rate.

use crate::InvalidValue;
use crate::wire_enum::wire_enum;

/// A point on the earth in decimal degrees (WGS 84), valid by construction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Coordinates {
    latitude: f64,
    longitude: f64,
}

// Both parts are range-checked on construction, which refuses NaN: equality is total.
impl Eq for Coordinates {}

impl Coordinates {
    /// A latitude in −90…90 and a longitude in −180…180.
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, InvalidValue> {
        if !(-90.0..=90.0).contains(&latitude) {
            return Err(InvalidValue::range(format!("latitude must be between -90 and 90, got {latitude}")));
        }
        if !(-180.0..=180.0).contains(&longitude) {
            return Err(InvalidValue::range(format!("longitude must be between -180 and 180, got {longitude}")));
        }
        Ok(Self { latitude, longitude })
    }

    /// Degrees north.
    pub fn latitude(self) -> f64 {
        self.latitude
    }

    /// Degrees east.
    pub fn longitude(self) -> f64 {
        self.longitude
    }
}

/// The mean earth radius in km (IUGG), the one great-circle calculators use.
const EARTH_RADIUS_KM: f64 = 6371.0;

/// The great-circle distance in km (haversine formula). The Commission's distance calculator
/// measures "as the crow flies" from the place of origin to the venue; this is that distance
/// between the two institutions' cities.
pub fn great_circle_km(from: Coordinates, to: Coordinates) -> f64 {
    let (phi1, phi2) = (from.latitude.to_radians(), to.latitude.to_radians());
    let d_phi = phi2 - phi1;
    let d_lambda = (to.longitude - from.longitude).to_radians();
    let a = (d_phi / 2.0).sin().powi(2) + phi1.cos() * phi2.cos() * (d_lambda / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

wire_enum! {
    /// The Commission's travel distance bands (Erasmus+ Programme Guide, "Travel" under
    /// higher-education mobility: the distance calculator's bands).
    pub enum DistanceBand ("distance band") {
        /// 10–99 km.
        Km10To99 = "10-99",
        /// 100–499 km.
        Km100To499 = "100-499",
        /// 500–1,999 km.
        Km500To1999 = "500-1999",
        /// 2,000–2,999 km.
        Km2000To2999 = "2000-2999",
        /// 3,000–3,999 km.
        Km3000To3999 = "3000-3999",
        /// 4,000–7,999 km.
        Km4000To7999 = "4000-7999",
        /// 8,000 km and more.
        Km8000Plus = "8000+",
    }
}

impl DistanceBand {
    /// The band of a distance, or `None` under 10 km (no travel support). The distance is
    /// counted in whole km, as the calculator shows it (rounded down).
    pub fn of_km(km: f64) -> Option<DistanceBand> {
        let km = km.floor();
        let band = match km {
            k if !(10.0..).contains(&k) => return None,
            k if k < 100.0 => DistanceBand::Km10To99,
            k if k < 500.0 => DistanceBand::Km100To499,
            k if k < 2000.0 => DistanceBand::Km500To1999,
            k if k < 3000.0 => DistanceBand::Km2000To2999,
            k if k < 4000.0 => DistanceBand::Km3000To3999,
            k if k < 8000.0 => DistanceBand::Km4000To7999,
            _ => DistanceBand::Km8000Plus,
        };
        Some(band)
    }

    /// The band between two places.
    pub fn between(from: Coordinates, to: Coordinates) -> Option<DistanceBand> {
        Self::of_km(great_circle_km(from, to))
    }

    /// The band's lower bound in km.
    pub fn lower_km(self) -> u32 {
        match self {
            DistanceBand::Km10To99 => 10,
            DistanceBand::Km100To499 => 100,
            DistanceBand::Km500To1999 => 500,
            DistanceBand::Km2000To2999 => 2000,
            DistanceBand::Km3000To3999 => 3000,
            DistanceBand::Km4000To7999 => 4000,
            DistanceBand::Km8000Plus => 8000,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> Coordinates {
        Coordinates::new(lat, lon).unwrap()
    }

    // City centres as OpenStreetMap gives them.
    const SKOPJE: (f64, f64) = (41.9981, 21.4254);
    const SOFIA: (f64, f64) = (42.6977, 23.3219);
    const BELGRADE: (f64, f64) = (44.8125, 20.4612);

    #[test]
    fn skopje_to_sofia_is_in_the_100_to_499_band() {
        let km = great_circle_km(at(SKOPJE.0, SKOPJE.1), at(SOFIA.0, SOFIA.1));
        // By hand: about 172 km as the crow flies.
        assert!((165.0..180.0).contains(&km), "{km}");
        assert_eq!(DistanceBand::between(at(SKOPJE.0, SKOPJE.1), at(SOFIA.0, SOFIA.1)), Some(DistanceBand::Km100To499));
    }

    #[test]
    fn skopje_to_belgrade_is_in_the_100_to_499_band() {
        let km = great_circle_km(at(SKOPJE.0, SKOPJE.1), at(BELGRADE.0, BELGRADE.1));
        // By hand: about 322 km as the crow flies.
        assert!((310.0..335.0).contains(&km), "{km}");
        assert_eq!(DistanceBand::of_km(km), Some(DistanceBand::Km100To499));
    }

    #[test]
    fn bands_start_at_their_lower_bounds() {
        assert_eq!(DistanceBand::of_km(9.99), None);
        assert_eq!(DistanceBand::of_km(10.0), Some(DistanceBand::Km10To99));
        assert_eq!(DistanceBand::of_km(99.9), Some(DistanceBand::Km10To99));
        assert_eq!(DistanceBand::of_km(1999.5), Some(DistanceBand::Km500To1999));
        assert_eq!(DistanceBand::of_km(2000.0), Some(DistanceBand::Km2000To2999));
        assert_eq!(DistanceBand::of_km(7999.0), Some(DistanceBand::Km4000To7999));
        assert_eq!(DistanceBand::of_km(12000.0), Some(DistanceBand::Km8000Plus));
        for band in DistanceBand::ALL {
            assert_eq!(DistanceBand::of_km(f64::from(band.lower_km())), Some(*band));
        }
    }

    #[test]
    fn coordinates_are_range_checked() {
        assert_eq!(Coordinates::new(91.0, 0.0).unwrap_err().code, "range");
        assert_eq!(Coordinates::new(0.0, -180.5).unwrap_err().code, "range");
        assert_eq!(Coordinates::new(f64::NAN, 0.0).unwrap_err().code, "range");
    }
}
