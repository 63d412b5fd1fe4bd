//! Service statistics over inquiries: how many per topic and status, how long the first answer
//! took for incoming and for domestic askers, and how many were answered in time.

use chrono::{DateTime, Utc};

use super::{AnswerDue, InquiryStatus, Topic};

/// What the statistics need to know of one inquiry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InquiryFacts {
    /// Its topic.
    pub topic: Topic,
    /// Its status now.
    pub status: InquiryStatus,
    /// Whether the asker counts as incoming (classified when the inquiry was made).
    pub incoming: bool,
    /// When it arrived.
    pub created_at: DateTime<Utc>,
    /// When the team first answered, if it did.
    pub first_answer_at: Option<DateTime<Utc>>,
    /// The first answer's deadline.
    pub due: AnswerDue,
}

/// Times to a first answer of one group of askers, in seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AnswerTimes {
    /// Inquiries of the group.
    pub inquiries: usize,
    /// Of them, answered at least once.
    pub answered: usize,
    /// Median time to the first answer (nearest-rank), `None` without answers.
    pub median_seconds: Option<i64>,
    /// 90th percentile time to the first answer (nearest-rank), `None` without answers.
    pub p90_seconds: Option<i64>,
}

/// The service statistics of a set of inquiries.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceStatistics {
    /// Inquiries counted.
    pub total: usize,
    /// Per topic, every topic in its declared order (zeros included).
    pub by_topic: Vec<(Topic, usize)>,
    /// Per status, every status in its declared order (zeros included).
    pub by_status: Vec<(InquiryStatus, usize)>,
    /// Incoming askers (signed-in incoming participants and prospective students).
    pub incoming: AnswerTimes,
    /// Everybody else.
    pub domestic: AnswerTimes,
    /// Of the inquiries whose due day has passed or that were answered, the share answered by
    /// their due day; `None` when there are none yet.
    pub answered_in_time_share: Option<f64>,
}

/// Computes the statistics of `inquiries` as of `now` (an unanswered inquiry whose due day has
/// not passed yet counts neither for nor against the share answered in time).
pub fn service_statistics(inquiries: &[InquiryFacts], now: DateTime<Utc>) -> ServiceStatistics {
    let by_topic = Topic::ALL.iter().map(|t| (*t, inquiries.iter().filter(|i| i.topic == *t).count())).collect();
    let by_status =
        InquiryStatus::ALL.iter().map(|s| (*s, inquiries.iter().filter(|i| i.status == *s).count())).collect();
    let decided: Vec<&InquiryFacts> =
        inquiries.iter().filter(|i| i.first_answer_at.is_some() || i.due.overdue_at(None, now)).collect();
    let in_time = decided.iter().filter(|i| i.first_answer_at.is_some_and(|at| i.due.met_by(at))).count();
    #[expect(clippy::cast_precision_loss, reason = "counts of inquiries are far below 2^52")]
    let answered_in_time_share = (!decided.is_empty()).then(|| in_time as f64 / decided.len() as f64);
    ServiceStatistics {
        total: inquiries.len(),
        by_topic,
        by_status,
        incoming: answer_times(inquiries.iter().filter(|i| i.incoming)),
        domestic: answer_times(inquiries.iter().filter(|i| !i.incoming)),
        answered_in_time_share,
    }
}

fn answer_times<'a>(group: impl Iterator<Item = &'a InquiryFacts>) -> AnswerTimes {
    let mut inquiries = 0;
    let mut times = Vec::new();
    for inquiry in group {
        inquiries += 1;
        if let Some(at) = inquiry.first_answer_at {
            times.push((at - inquiry.created_at).num_seconds().max(0));
        }
    }
    times.sort_unstable();
    AnswerTimes {
        inquiries,
        answered: times.len(),
        median_seconds: nearest_rank(&times, 50),
        p90_seconds: nearest_rank(&times, 90),
    }
}

/// The nearest-rank percentile of sorted values: the smallest value with at least `percent`
/// per cent of the values at or below it (so always one of the observed times).
fn nearest_rank(sorted: &[i64], percent: usize) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (percent * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone};

    use super::*;

    fn facts(topic: Topic, incoming: bool, answered_after_hours: Option<i64>) -> InquiryFacts {
        // Monday 2026-11-02 09:00; due on Thursday 2026-11-05.
        let created_at = Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0).unwrap();
        let first_answer_at = answered_after_hours.map(|h| created_at + Duration::hours(h));
        InquiryFacts {
            topic,
            status: if first_answer_at.is_some() { InquiryStatus::Answered } else { InquiryStatus::Open },
            incoming,
            created_at,
            first_answer_at,
            due: AnswerDue::of(created_at, 3),
        }
    }

    #[test]
    fn nearest_rank_picks_observed_values() {
        assert_eq!(nearest_rank(&[], 50), None);
        assert_eq!(nearest_rank(&[7], 90), Some(7));
        assert_eq!(nearest_rank(&[1, 2, 3, 4], 50), Some(2));
        assert_eq!(nearest_rank(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90), Some(9));
        assert_eq!(nearest_rank(&[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90), Some(10));
    }

    #[test]
    fn known_inquiries_give_known_statistics() {
        let inquiries = vec![
            facts(Topic::Visa, true, Some(2)),
            facts(Topic::Visa, true, Some(10)),
            facts(Topic::Accommodation, true, Some(100)), // Friday 13:00: late
            facts(Topic::StudentLife, false, Some(4)),
            facts(Topic::Other, false, None), // overdue at `now`
        ];
        let now = Utc.with_ymd_and_hms(2026, 11, 20, 12, 0, 0).unwrap();
        let stats = service_statistics(&inquiries, now);
        assert_eq!(stats.total, 5);
        assert!(stats.by_topic.contains(&(Topic::Visa, 2)) && stats.by_topic.contains(&(Topic::Food, 0)));
        assert_eq!(stats.by_topic.len(), Topic::ALL.len());
        assert_eq!(
            stats.by_status,
            vec![(InquiryStatus::Open, 1), (InquiryStatus::Answered, 4), (InquiryStatus::Closed, 0)]
        );
        assert_eq!(
            stats.incoming,
            AnswerTimes { inquiries: 3, answered: 3, median_seconds: Some(10 * 3600), p90_seconds: Some(100 * 3600) }
        );
        assert_eq!(
            stats.domestic,
            AnswerTimes { inquiries: 2, answered: 1, median_seconds: Some(4 * 3600), p90_seconds: Some(4 * 3600) }
        );
        assert_eq!(stats.answered_in_time_share, Some(3.0 / 5.0));
    }

    #[test]
    fn inquiries_not_yet_due_do_not_count_against_the_share() {
        let now = Utc.with_ymd_and_hms(2026, 11, 3, 12, 0, 0).unwrap();
        let stats = service_statistics(&[facts(Topic::Visa, true, None)], now);
        assert_eq!(stats.answered_in_time_share, None);
        assert_eq!(stats.incoming.median_seconds, None);
    }
}
