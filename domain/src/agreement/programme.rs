//! The programme an agreement belongs to: Erasmus+ or a bilateral exchange.

use crate::wire_enum::wire_enum;

wire_enum! {
    /// Under which programme an agreement's exchanges run.
    pub enum Programme ("programme") {
        /// An Erasmus+ inter-institutional agreement, exchanged through EWP.
        ErasmusPlus = "erasmus_plus",
        /// A non-Erasmus exchange (e.g. with a Russian partner: since 8 April 2022 Russian
        /// public bodies are excluded from Erasmus+ agreements, as the National Agencies announced); not synced with
        /// EWP, not reported to the Beneficiary Module.
        Bilateral = "bilateral",
    }
}

impl Programme {
    /// Whether agreements of this programme are exchanged with the partner through EWP.
    pub fn syncs_with_ewp(self) -> bool {
        self == Programme::ErasmusPlus
    }

    /// Whether mobilities under this programme are reported to the Beneficiary Module.
    pub fn reported_to_beneficiary_module(self) -> bool {
        self == Programme::ErasmusPlus
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_names_round_trip_and_unknown_names_are_refused() {
        for programme in Programme::ALL {
            assert_eq!(Programme::parse(programme.as_str()).unwrap(), *programme);
        }
        let error = Programme::parse("erasmus").unwrap_err();
        assert_eq!(error.code, "unknown");
        assert!(error.message.contains("erasmus_plus, bilateral"), "{}", error.message);
    }

    #[test]
    fn only_erasmus_plus_goes_to_ewp_and_the_beneficiary_module() {
        assert!(Programme::ErasmusPlus.syncs_with_ewp());
        assert!(!Programme::Bilateral.syncs_with_ewp());
        assert!(!Programme::Bilateral.reported_to_beneficiary_module());
    }
}
