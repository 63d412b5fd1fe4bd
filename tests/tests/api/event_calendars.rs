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

#[tokio::test]
async fn a_personal_feed_lists_the_events_one_registered_for_and_stops_when_rotated_or_revoked() {
    let x = Exchange::new(5, 25).await;
    let token = x.app.token_for("participant", &[]).await;
    let me = iro_tests::json(x.app.get("/api/v1/me", &token).await).await;
    let mut body = x.student_body("Feedova");
    body["user_id"] = me["id"].clone();
    let person =
        id(&crate::exchange::created(x.app.post_json("/api/v1/people", &x.admin, &body).await, "person").await);
    let other = x.student("Other").await;
    for title in ["Info meeting", "Welcome day", "Not mine"] {
        let mut body = info_meeting(None, None);
        body["title_en"] = json!(title);
        let event = move_to(&x, &create_event(&x, &x.admin, &body).await, "published").await;
        let path = format!("{EVENTS}/{}/registrations", id(&event));
        let registrant = if title == "Not mine" { json!({"person_id": other}) } else { json!({}) };
        let who = if title == "Not mine" { &x.admin } else { &token };
        assert_eq!(x.app.post_json(&path, who, &registrant).await.status(), 201);
    }

    let feed_path = format!("/api/v1/people/{person}/calendar-feed");
    let someone_else = x.app.post_json(&format!("/api/v1/people/{other}/calendar-feed"), &token, &json!({})).await;
    assert_problem(someone_else, 404, "not_found").await;
    let feed = crate::exchange::created(x.app.post_json(&feed_path, &token, &json!({})).await, "feed").await;
    let url = feed["url"].as_str().unwrap().to_owned();
    let response = x.app.request(reqwest::Method::GET, &url, None).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let calendar: Calendar = response.text().await.unwrap().parse().unwrap();
    let mut summaries: Vec<String> = calendar.events().map(|e| e.get_summary().unwrap().to_owned()).collect();
    summaries.sort();
    assert_eq!(summaries.len(), 2, "{summaries:?}");
    assert!(summaries[0].starts_with("Info meeting") && summaries[1].starts_with("Welcome day"), "{summaries:?}");

    // Staff rotate it: the old link stops working, the new one works.
    let rotated = crate::exchange::created(x.app.post_json(&feed_path, &x.admin, &json!({})).await, "rotate").await;
    let old = x.app.request(reqwest::Method::GET, &url, None).send().await.unwrap();
    assert_problem(old, 404, "not_found").await;
    let new_url = rotated["url"].as_str().unwrap();
    assert_eq!(x.app.request(reqwest::Method::GET, new_url, None).send().await.unwrap().status(), 200);
    assert_eq!(x.app.delete(&feed_path, &token).await.status(), 204);
    let revoked = x.app.request(reqwest::Method::GET, new_url, None).send().await.unwrap();
    assert_problem(revoked, 404, "not_found").await;
    assert_problem(x.app.delete(&feed_path, &token).await, 404, "not_found").await;
    let reporting = x.app.token_for("reporting", &[]).await;
    assert_problem(x.app.post_json(&feed_path, &reporting, &json!({})).await, 403, "forbidden").await;
}
