//! Citation corrections of seeded rows, run on every start-up after the seeds (by
//! `connection::run_migrations`; each repository corrects its own rows).
//!
//! Earlier releases seeded checklist rules, grading scales, credit systems, fixed tables and
//! point bands whose `source` cited a design note of the project ("domain.md §10") that users
//! never had; the seed files now cite the public sources of the same facts (title, date,
//! URL). Seeded rows are never overwritten by the seed step, so a database seeded before would
//! keep the old texts. Here a seeded row gets its seed's current `source` when
//!
//! - its stored source is a retired citation ([`is_retired`]), and
//! - its fact is the seed's: everything but the source is as the seed has it (for checklist
//!   rules everything but the source, `valid_to` — the office closes a row by replacing it — and
//!   `last_checked`).
//!
//! That is a correction of the citation, not a change of the fact: status, validity, fields and
//! `last_checked` stay as stored. The row's `updated_at` (and `version`, where the table has
//! one) moves, so clients syncing with `modified_since` or ETags see the new text. A row whose
//! fact an officer changed (a grading scale edited in place) is left alone and logged: its
//! citation is theirs to correct. A source an officer rewrote is not a retired citation, so it
//! is never touched.
//!
//! A seeded source is recognised as retired by what it names, not by comparing it with the seed:
//! grading scales are edited in place, source included, and an officer's own citation must
//! survive a restart.
//!
//! Why in the seed step rather than in a migration: the new texts live in one place (the seed files), the
//! "fact unchanged" comparison needs the parsed seeds (rule files, JSON) that SQL cannot read,
//! and a migration would have to repeat every old and new text. The step is idempotent: once
//! corrected, a row no longer carries a retired citation.

/// What every retired citation names: the design note the facts were transcribed from.
const RETIRED_CITATION: &str = "domain.md";

/// Whether a stored `source` is a citation earlier releases seeded and this one replaces.
pub fn is_retired(source: &str) -> bool {
    source.contains(RETIRED_CITATION)
}

/// Logs a seeded row that still carries a retired citation but whose fact differs from the
/// seed's, so it was left as it is.
pub(crate) fn left_alone(what: &str, key: &str) {
    log::warn!(
        "{what} {key} keeps the source an earlier release seeded, which names no public source, because its data \
         differs from the seed's: give it its public source"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_old_design_note_citations_are_retired() {
        assert!(is_retired("domain.md §10; Regulation (EC) No 1244/2009"));
        assert!(is_retired("Law on Higher Education (Zakon o visokom obrazovanju), via domain.md §9 [c]"));
        assert!(!is_retired("Serbian Ministry of Foreign Affairs, https://www.mfa.rs/en/"));
        assert!(!is_retired("https://example.org/ru-migration"));
    }
}
