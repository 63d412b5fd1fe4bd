//! Mapping our mobility statuses onto EWP's two status sets (omobilities API).

use super::MobilityStatus;
use crate::wire_enum::wire_enum;

wire_enum! {
    /// The sending institution's status of a mobility in EWP (`status-outgoing`).
    pub enum EwpSendingStatus ("EWP sending status") {
        /// Nominated, awaiting or past the receiving side's decision.
        Nomination = "nomination",
        /// The mobility takes place or took place and is not yet recognised.
        Live = "live",
        /// The results are recognised.
        Recognized = "recognized",
        /// Called off.
        Cancelled = "cancelled",
    }
}

wire_enum! {
    /// The receiving institution's answer to a nomination in EWP (`status-incoming`).
    pub enum EwpReceivingStatus ("EWP receiving status") {
        /// Not yet decided.
        Pending = "pending",
        /// Accepted.
        Verified = "verified",
        /// Rejected; the sending side may correct and re-send the nomination.
        Rejected = "rejected",
    }
}

impl MobilityStatus {
    /// The sending side's EWP status: `None` for an application not yet nominated (EWP knows
    /// only nominations). Accepted and rejected nominations stay `nomination` on the sending
    /// side (the receiving side's status carries the answer); `completed` stays `live` until
    /// recognition, since EWP has no "completed".
    pub fn ewp_sending_status(self) -> Option<EwpSendingStatus> {
        use MobilityStatus::*;
        match self {
            Applied => None,
            Nominated | Accepted | Rejected => Some(EwpSendingStatus::Nomination),
            Live | Completed => Some(EwpSendingStatus::Live),
            Recognized => Some(EwpSendingStatus::Recognized),
            Cancelled => Some(EwpSendingStatus::Cancelled),
        }
    }

    /// The receiving side's EWP status: `pending` until decided, `verified` from acceptance
    /// on, `rejected` after a rejection. `None` before nomination and after cancellation
    /// (a cancellation is the sending side's statement; the receiving side's last answer is
    /// whatever it was).
    pub fn ewp_receiving_status(self) -> Option<EwpReceivingStatus> {
        use MobilityStatus::*;
        match self {
            Applied | Cancelled => None,
            Nominated => Some(EwpReceivingStatus::Pending),
            Accepted | Live | Completed | Recognized => Some(EwpReceivingStatus::Verified),
            Rejected => Some(EwpReceivingStatus::Rejected),
        }
    }

    /// Our status from the two EWP statuses (e.g. for a partner's nomination). The sending
    /// status wins once the mobility is live, recognised or cancelled; a nomination is
    /// accepted, rejected or still nominated according to the receiving status. EWP cannot
    /// tell `completed` from `live`, so a live mobility maps to `live`.
    pub fn from_ewp(sending: EwpSendingStatus, receiving: Option<EwpReceivingStatus>) -> MobilityStatus {
        match (sending, receiving) {
            (EwpSendingStatus::Cancelled, _) => MobilityStatus::Cancelled,
            (EwpSendingStatus::Recognized, _) => MobilityStatus::Recognized,
            (EwpSendingStatus::Live, _) => MobilityStatus::Live,
            (EwpSendingStatus::Nomination, Some(EwpReceivingStatus::Verified)) => MobilityStatus::Accepted,
            (EwpSendingStatus::Nomination, Some(EwpReceivingStatus::Rejected)) => MobilityStatus::Rejected,
            (EwpSendingStatus::Nomination, Some(EwpReceivingStatus::Pending) | None) => MobilityStatus::Nominated,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MobilityStatus::*;
    use super::*;

    #[test]
    fn maps_every_status_onto_both_ewp_sets() {
        use EwpReceivingStatus as R;
        use EwpSendingStatus as S;
        let expected = [
            (Applied, None, None),
            (Nominated, Some(S::Nomination), Some(R::Pending)),
            (Accepted, Some(S::Nomination), Some(R::Verified)),
            (Live, Some(S::Live), Some(R::Verified)),
            (Completed, Some(S::Live), Some(R::Verified)),
            (Recognized, Some(S::Recognized), Some(R::Verified)),
            (Rejected, Some(S::Nomination), Some(R::Rejected)),
            (Cancelled, Some(S::Cancelled), None),
        ];
        for (status, sending, receiving) in expected {
            assert_eq!(status.ewp_sending_status(), sending, "{status}");
            assert_eq!(status.ewp_receiving_status(), receiving, "{status}");
        }
        assert_eq!(expected.len(), MobilityStatus::ALL.len());
    }

    #[test]
    fn reads_back_every_status_ewp_can_express() {
        for status in MobilityStatus::ALL {
            let Some(sending) = status.ewp_sending_status() else { continue };
            let back = MobilityStatus::from_ewp(sending, status.ewp_receiving_status());
            let expected = if *status == Completed { Live } else { *status };
            assert_eq!(back, expected, "{status}");
        }
        assert_eq!(MobilityStatus::from_ewp(EwpSendingStatus::Nomination, None), Nominated);
        assert_eq!(EwpSendingStatus::parse("nomination").unwrap(), EwpSendingStatus::Nomination);
        assert_eq!(EwpReceivingStatus::parse("verified").unwrap(), EwpReceivingStatus::Verified);
    }
}
