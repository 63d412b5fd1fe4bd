//! iCalendar files of events, read back with a real RFC 5545 parser (the `icalendar` crate):
//! structure, escaping, folding at 75 octets with CRLF, UTC times, and a cancelled event.

use chrono::{TimeZone, Utc};
use icalendar::{Calendar, CalendarDateTime, Component, DatePerhapsTime, EventLike, EventStatus};
use iro_tests::assert_problem;
use serde_json::json;

use crate::events::{EVENTS, create_event, info_meeting, move_to};
use crate::exchange::{Exchange, id};

#[tokio::test]
async fn an_event_downloads_as_an_icalendar_file_a_real_parser_reads() {
    let x = Exchange::new(5, 25).await;
    let mut body = info_meeting(None, Some(40));
    body["title_en"] = json!("Exchange, 2026/2027; info \\ meeting");
    body["place"] = json!("Rectorate, Hall 1; Bul. Goce Delčev 9, Skopje");
    body["agenda"] =
        json!(format!("12:00 Welcome\n{}", "Документи, виза и осигурување; прашања и одговори. ".repeat(4)));
    body["online_link"] = json!("https://meet.example.org/info");
    let event = create_event(&x, &x.admin, &body).await;
    let path = format!("{EVENTS}/{}/calendar", id(&event));
    let response = x.app.get(&path, &x.admin).await;
    assert_eq!(response.status(), 200);
    let content_type = response.headers().get("content-type").unwrap().to_str().unwrap().to_owned();
    assert_eq!(content_type, "text/calendar; charset=utf-8");
    let text = response.text().await.unwrap();

    assert!(text.starts_with("BEGIN:VCALENDAR\r\n") && text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets: {line:?}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'), "a bare line break: {line:?}");
    }
    assert!(text.contains("\r\n "), "the long description is folded");
    assert!(text.contains("SUMMARY:Exchange\\, 2026/2027\\; info \\\\ meeting / "), "{text}");

    let calendar: Calendar = text.parse().unwrap();
    let events: Vec<_> = calendar.events().collect();
    assert_eq!(events.len(), 1);
    let vevent = events[0];
    assert_eq!(vevent.get_uid(), Some(format!("{}@iro", id(&event)).as_str()));
    assert!(vevent.get_timestamp().is_some());
    let start = Utc.with_ymd_and_hms(2026, 12, 10, 11, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2026, 12, 10, 13, 0, 0).unwrap();
    assert_eq!(vevent.get_start(), Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(start))));
    assert_eq!(vevent.get_end(), Some(DatePerhapsTime::DateTime(CalendarDateTime::Utc(end))));
    assert_eq!(vevent.get_status(), Some(EventStatus::Tentative));
    assert_eq!(vevent.get_url(), Some("https://meet.example.org/info"));
    let description = vevent.get_description().unwrap();
    assert!(description.contains("Документи, виза и осигурување"), "{description}");
    assert!(vevent.get_location().unwrap().contains("Hall 1"));
}

#[tokio::test]
async fn a_cancelled_event_is_cancelled_in_the_calendar_and_planned_ones_stay_hidden_from_participants() {
    let x = Exchange::new(5, 25).await;
    let event = create_event(&x, &x.admin, &info_meeting(None, None)).await;
    let path = format!("{EVENTS}/{}/calendar", id(&event));
    let participant = x.app.token_for("participant", &[]).await;
    assert_problem(x.app.get(&path, &participant).await, 404, "not_found").await;
    move_to(&x, &event, "published").await;
    let status = format!("{EVENTS}/{}/status", id(&event));
    let cancel = json!({"to": "cancelled", "reason": "The hall is closed"});
    assert_eq!(x.app.post_json(&status, &x.admin, &cancel).await.status(), 200);
    let text = x.app.get(&path, &participant).await.text().await.unwrap();
    let calendar: Calendar = text.parse().unwrap();
    let vevent = calendar.events().next().unwrap();
    assert_eq!(vevent.get_status(), Some(EventStatus::Cancelled));
    assert_eq!(vevent.get_sequence(), Some(2));
    assert!(vevent.get_description().unwrap().contains("The hall is closed"));
}
