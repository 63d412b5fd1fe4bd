//! The one way an API enum mirrors a domain vocabulary (a `snake_case` serde enum with a
//! schema, and conversions both ways, so a domain variant without an API name fails to
//! compile), and the enums that more than one context speaks.

use iro_domain::agreement::MobilityType;
use iro_domain::{Direction, MobilityProgramme, MobilityStatus};

/// Declares an API enum mirroring a domain vocabulary, with conversions both ways.
macro_rules! api_vocabulary {
    ($(#[$meta:meta])* $name:ident <-> $domain:ident { $($(#[$vmeta:meta])* $variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl From<$name> for $domain {
            fn from(value: $name) -> Self {
                match value {
                    $($name::$variant => $domain::$variant,)+
                }
            }
        }

        impl From<$domain> for $name {
            fn from(value: $domain) -> Self {
                match value {
                    $($domain::$variant => $name::$variant,)+
                }
            }
        }
    };
}

pub(crate) use api_vocabulary;

api_vocabulary! {
    /// The type of a cooperation condition.
    MobilityTypeName <-> MobilityType {
        /// Student mobility for studies (SMS).
        StudentStudies,
        /// Student mobility for traineeships (SMT).
        StudentTraineeship,
        /// Staff mobility for teaching (STA).
        StaffTeaching,
        /// Staff mobility for training (STT).
        StaffTraining,
    }
}

api_vocabulary! {
    /// Seen from our university: `outgoing` (we send) or `incoming` (we receive).
    DirectionName <-> Direction {
        /// We send people to the partner.
        Outgoing,
        /// The partner sends people to us.
        Incoming,
    }
}

api_vocabulary! {
    /// Where a mobility stands: applied → nominated → accepted → live → completed →
    /// recognized; `rejected` by the receiving side; `cancelled` before recognition.
    MobilityStatusName <-> MobilityStatus {
        /// Applied at the sending institution; holds no place yet.
        Applied,
        /// Nominated to the receiving institution; holds a place.
        Nominated,
        /// Accepted (EWP verified) by the receiving institution.
        Accepted,
        /// Under way.
        Live,
        /// Ended.
        Completed,
        /// Results recognised (outgoing only).
        Recognized,
        /// Rejected by the receiving side; may be corrected and re-sent.
        Rejected,
        /// Called off (terminal).
        Cancelled,
    }
}

api_vocabulary! {
    /// The funding programme of a mobility.
    MobilityProgrammeName <-> MobilityProgramme {
        /// Erasmus+ KA131 (EU and associated countries).
        ErasmusKa131,
        /// Erasmus+ KA171 (non-associated third countries).
        ErasmusKa171,
        /// A bilateral exchange outside Erasmus+.
        Bilateral,
        /// Anything else.
        Other,
    }
}
