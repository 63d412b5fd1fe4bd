//! What the rules need to know about an agreement, and when it is in effect.

use super::{AcademicYearRange, AgreementStatus, Programme};
use crate::{AcademicYear, HeiId};

/// The parts of an agreement that the condition and nomination rules read: programme, status,
/// period of validity, the two partners (EWP IIA: exactly two) and whether a mutually approved
/// snapshot exists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementOutline {
    /// Erasmus+ or bilateral.
    pub programme: Programme,
    /// The current approval status.
    pub status: AgreementStatus,
    /// The academic years the agreement covers; every condition lies within it.
    pub period: AcademicYearRange,
    /// The two partner institutions (order carries no meaning).
    pub partners: [HeiId; 2],
    /// Whether an earlier version was approved by both sides and kept as a snapshot,
    /// i.e. the agreement is being amended rather than concluded.
    pub has_approved_snapshot: bool,
}

impl AgreementOutline {
    /// Whether the agreement binds for `year`: not terminated, `year` within the period, and
    /// either `approved_by_both`, or amended after a mutual approval (a snapshot exists) — in
    /// EWP the last mutually approved version stays valid while a change awaits approval, so
    /// an amendment must not stop running exchanges; the caller then reads quotas from the
    /// snapshot's conditions.
    ///
    /// Bilateral agreements follow the same rule. They are not exchanged through EWP, but the
    /// office records both signatures of the paper agreement with the same statuses, and a
    /// partner's signature is what makes an exchange a promise; treating "approved by us" as
    /// enough would let nominations go to partners who never agreed.
    pub fn in_effect_for(&self, year: AcademicYear) -> bool {
        let approved = match self.status {
            AgreementStatus::ApprovedByBoth => true,
            AgreementStatus::Submitted | AgreementStatus::ApprovedByUs | AgreementStatus::ApprovedByPartner => {
                self.has_approved_snapshot
            }
            AgreementStatus::Draft | AgreementStatus::Terminated => false,
        };
        approved && self.period.contains(year)
    }

    /// Whether `hei` is one of the two partners.
    pub fn is_partner(&self, hei: &HeiId) -> bool {
        self.partners.contains(hei)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn year(text: &str) -> AcademicYear {
        AcademicYear::parse(text).unwrap()
    }

    fn outline(programme: Programme, status: AgreementStatus, has_approved_snapshot: bool) -> AgreementOutline {
        AgreementOutline {
            programme,
            status,
            period: AcademicYearRange::new(year("2025/2026"), year("2027/2028")).unwrap(),
            partners: [HeiId::parse("ukim.edu.mk").unwrap(), HeiId::parse("uw.edu.pl").unwrap()],
            has_approved_snapshot,
        }
    }

    #[test]
    fn in_effect_only_when_approved_by_both_and_within_the_period() {
        for programme in Programme::ALL {
            for status in AgreementStatus::ALL {
                let agreement = outline(*programme, *status, false);
                let expected = *status == AgreementStatus::ApprovedByBoth;
                assert_eq!(agreement.in_effect_for(year("2026/2027")), expected, "{programme} {status}");
                assert!(!agreement.in_effect_for(year("2028/2029")), "{programme} {status} outside the period");
                assert!(!agreement.in_effect_for(year("2024/2025")));
            }
        }
    }

    #[test]
    fn an_amended_agreement_stays_in_effect_under_its_snapshot_unless_terminated() {
        use AgreementStatus::*;
        for status in [Submitted, ApprovedByUs, ApprovedByPartner, ApprovedByBoth] {
            assert!(outline(Programme::ErasmusPlus, status, true).in_effect_for(year("2025/2026")), "{status}");
        }
        assert!(!outline(Programme::ErasmusPlus, Terminated, true).in_effect_for(year("2025/2026")));
        assert!(!outline(Programme::Bilateral, Draft, true).in_effect_for(year("2025/2026")));
    }

    #[test]
    fn knows_its_partners() {
        let agreement = outline(Programme::Bilateral, AgreementStatus::Draft, false);
        assert!(agreement.is_partner(&HeiId::parse("UW.edu.pl").unwrap()));
        assert!(!agreement.is_partner(&HeiId::parse("uni-lipetsk.ru").unwrap()));
    }
}
