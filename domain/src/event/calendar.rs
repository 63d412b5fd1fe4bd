//! iCalendar (RFC 5545) files of events: one `VEVENT` per event, with text escaped (§3.3.11)
//! and lines folded at 75 octets (§3.1), CRLF line ends, times in UTC. Small on purpose: it
//! writes only what calendars need to show, update and cancel an event.

use chrono::{DateTime, Utc};

use super::{Event, EventStatus};

/// The product identifier calendars see (RFC 5545 §3.7.3).
const PRODID: &str = "-//iro//International Relations Office events//EN";

/// An iCalendar file (`VCALENDAR`) with one `VEVENT` per event, stamped `now`. `name` is
/// the calendar's display name (`X-WR-CALNAME`, read by most calendar programs).
pub fn calendar(name: &str, events: &[Event], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", &format!("PRODID:{PRODID}"), "CALSCALE:GREGORIAN", "METHOD:PUBLISH"]
    {
        push(&mut out, line);
    }
    push(&mut out, &format!("X-WR-CALNAME:{}", escape(name)));
    for event in events {
        vevent(&mut out, event, now);
    }
    push(&mut out, "END:VCALENDAR");
    out
}

/// The `VEVENT` of one event. `UID` is the event's id, stable across changes; `SEQUENCE` its
/// version, so a calendar replaces an older copy.
fn vevent(out: &mut String, event: &Event, now: DateTime<Utc>) {
    let d = &event.data;
    push(out, "BEGIN:VEVENT");
    push(out, &format!("UID:{}@iro", event.id));
    push(out, &format!("DTSTAMP:{}", utc(now)));
    push(out, &format!("DTSTART:{}", utc(d.starts_at)));
    push(out, &format!("DTEND:{}", utc(d.ends_at)));
    push(out, &format!("SEQUENCE:{}", event.version.saturating_sub(1)));
    push(out, &format!("LAST-MODIFIED:{}", utc(event.updated_at)));
    push(out, &format!("SUMMARY:{}", escape(&format!("{} / {}", d.title_en, d.title_mk))));
    let mut description = Vec::new();
    if let Some(reason) = event.cancel_reason.as_deref().filter(|_| event.status == EventStatus::Cancelled) {
        description.push(format!("Cancelled: {reason}"));
    }
    if let Some(audience) = &d.audience {
        description.push(format!("For: {audience}"));
    }
    if let Some(agenda) = &d.agenda {
        description.push(agenda.clone());
    }
    if !d.speakers.is_empty() {
        description.push(format!("Speakers: {}", d.speakers.join(", ")));
    }
    for material in &d.materials {
        description.push(format!("{}: {}", material.name, material.link));
    }
    if !description.is_empty() {
        push(out, &format!("DESCRIPTION:{}", escape(&description.join("\n\n"))));
    }
    match (&d.place, &d.online_link) {
        (Some(place), _) => push(out, &format!("LOCATION:{}", escape(place))),
        (None, Some(link)) => push(out, &format!("LOCATION:{}", escape(link))),
        (None, None) => {}
    }
    if let Some(link) = &d.online_link {
        push(out, &format!("URL:{link}"));
    }
    push(out, &format!("STATUS:{}", status(event.status)));
    push(out, "END:VEVENT");
}

/// RFC 5545 §3.8.1.11: a planned event is tentative, a cancelled one cancelled, the rest
/// confirmed.
fn status(status: EventStatus) -> &'static str {
    match status {
        EventStatus::Planned => "TENTATIVE",
        EventStatus::Cancelled => "CANCELLED",
        EventStatus::Published | EventStatus::Held | EventStatus::Archived => "CONFIRMED",
    }
}

/// A UTC DATE-TIME (RFC 5545 §3.3.5, form 2).
fn utc(instant: DateTime<Utc>) -> String {
    instant.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => out.push_str("\\n"),
            other => out.push(other),
        }
    }
    out
}

/// Appends a content line folded at 75 octets (RFC 5545 §3.1): continuation lines start with
/// one space, and a multi-byte character is never split.
fn push(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne\r\nf"), "a\\,b\\;c\\\\d\\ne\\nf");
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let line = format!("SUMMARY:{}", "Инфо средба ".repeat(20));
        push(&mut out, &line);
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets: {physical}", physical.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end_matches("\r\n"), line);
    }
}
