//! Sessions of a mentoring relationship or pair: booking (proposed → confirmed → held, or
//! cancelled), local times in the organisation's time zone, and the RFC 5545 calendar text.
//!
//! Times are stored in UTC and shown in the person's organisation's zone. Zones come from the
//! IANA tz database through `chrono-tz` rather than a rule of our own: the database is kept up to
//! date by others (a changed summer-time rule is a dependency update, not a code change) and
//! handles every zone an organisation may be given, not only the two the demo uses. Calendars
//! carry UTC times ("Z"), which every client converts to its own zone; no VTIMEZONE is needed.

use crate::ids::{PersonId, RelationshipId, SessionId};
use crate::programme::Mode;
use chrono::{DateTime, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// Where a booked session is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingStatus {
    /// Proposed by one member, waiting for the other to confirm.
    Proposed,
    Confirmed,
    Held,
    Cancelled,
}

impl BookingStatus {
    pub const ALL: [Self; 4] = [Self::Proposed, Self::Confirmed, Self::Held, Self::Cancelled];

    pub fn code(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Confirmed => "confirmed",
            Self::Held => "held",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the session counts against the programme's caps. A proposal does not (the cap is
    /// checked when it is proposed and again when it is confirmed); a cancelled one never does.
    pub fn counts_against_cap(self) -> bool {
        matches!(self, Self::Confirmed | Self::Held)
    }
}

/// A session of a relationship: booked ahead (with a start time) or logged after the fact (a
/// date only).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Booking {
    pub id: SessionId,
    pub relationship_id: RelationshipId,
    pub status: BookingStatus,
    /// Start in UTC; `None` for a session logged after the fact by date.
    pub starts_at: Option<DateTime<Utc>>,
    pub held_on: NaiveDate,
    pub minutes: u32,
    pub mode: Mode,
    /// Video link (video sessions).
    pub link: String,
    /// Meeting place (sessions in person).
    pub place: String,
    /// Who proposed the current time; the other member confirms.
    pub proposed_by: Option<PersonId>,
    /// RFC 5545 SEQUENCE: raised on every change a calendar must pick up.
    pub sequence: u32,
    /// Topics discussed (shared between the members).
    pub topics: String,
    /// Action points agreed (shared between the members).
    pub action_points: String,
    pub logged_by: Option<PersonId>,
    pub updated_at: DateTime<Utc>,
}

impl Booking {
    /// End of a booked session.
    pub fn ends_at(&self) -> Option<DateTime<Utc>> {
        self.starts_at
            .map(|s| s + Duration::minutes(i64::from(self.minutes)))
    }
}

/// A change to a booked session (applied by the store in one transaction).
#[derive(Clone, Debug)]
pub enum BookingChange {
    /// The other member confirms a proposal (checked against the caps again).
    Confirm,
    /// A new time (and way of meeting): back to proposed, by `by`.
    Reschedule {
        starts_at: DateTime<Utc>,
        minutes: u32,
        mode: Mode,
        link: String,
        place: String,
    },
    Cancel,
    /// A confirmed session took place, with what was discussed and agreed.
    Held {
        topics: String,
        action_points: String,
    },
}

/// Whether one session of `minutes` is longer than the programme's session length
/// (`session_minutes`, `None` when the programme sets none). The cap on the total (sessions ×
/// length) alone would let one long session use up several sessions' time: a programme of
/// 3 × 90 minutes means no session longer than 90.
pub fn longer_than_programme(minutes: u32, session_minutes: Option<u32>) -> bool {
    session_minutes.is_some_and(|max| minutes > max)
}

/// Whether two half-open intervals `[a0, a1)` and `[b0, b1)` overlap.
pub fn overlaps(
    a0: DateTime<Utc>,
    a1: DateTime<Utc>,
    b0: DateTime<Utc>,
    b1: DateTime<Utc>,
) -> bool {
    a0 < b1 && b0 < a1
}

/// Longest text of topics, action points or a private note.
pub const MAX_SESSION_TEXT: usize = 4000;
/// Longest video link or place.
pub const MAX_WHERE: usize = 500;

// ----- time zones -----------------------------------------------------------------------------

/// The tz database's zone of an IANA name; an unknown name is UTC (zone names come from
/// `Country::time_zone` and the scheme's settings, which only offer real ones, so this is a
/// fallback for stored data written by a later version, not an expected path).
pub fn zone(name: &str) -> Tz {
    name.parse().unwrap_or(Tz::UTC)
}

/// The zone's offset from UTC at instant `t`, in minutes.
pub fn offset_minutes(zone_name: &str, t: DateTime<Utc>) -> i64 {
    i64::from(
        t.with_timezone(&zone(zone_name))
            .offset()
            .fix()
            .local_minus_utc(),
    ) / 60
}

/// The wall-clock time in `zone` at instant `t`.
pub fn to_local(zone_name: &str, t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&zone(zone_name)).naive_local()
}

/// The instant at which the wall clock in `zone` shows `local`: `None` for a time skipped when
/// the clocks go forward (the form asks for another time rather than guessing which was
/// meant); the earlier instant when the clocks go back and it occurs twice (the first time the
/// clock shows it, as a person reading "01:30" on that morning would take it).
pub fn from_local(zone_name: &str, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    match zone(zone_name).from_local_datetime(&local) {
        LocalResult::Single(t) => Some(t.with_timezone(&Utc)),
        LocalResult::Ambiguous(earlier, later) => Some(earlier.min(later).with_timezone(&Utc)),
        LocalResult::None => None,
    }
}

// ----- calendars (RFC 5545) -------------------------------------------------------------------

/// One event of a calendar.
#[derive(Clone, Debug)]
pub struct CalendarEvent {
    /// Stable across changes: the session's id and a domain.
    pub uid: String,
    pub sequence: u32,
    pub stamp: DateTime<Utc>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub summary: String,
    pub description: String,
    pub location: String,
    pub cancelled: bool,
    pub confirmed: bool,
}

fn utc_stamp(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes TEXT values (RFC 5545 §3.3.11).
pub fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets (RFC 5545 §3.1), never inside a UTF-8 character, and ends
/// it with CRLF.
pub fn fold_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut used = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if used + n > 75 {
            out.push_str("\r\n ");
            used = 1;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
    out
}

/// The lines of one VEVENT (without BEGIN/END), shared by the feed and the e-mailed files.
fn event_lines(e: &CalendarEvent) -> Vec<String> {
    let mut lines = vec![
        format!("UID:{}", escape_text(&e.uid)),
        format!("SEQUENCE:{}", e.sequence),
        format!("DTSTAMP:{}", utc_stamp(e.stamp)),
        format!("DTSTART:{}", utc_stamp(e.starts_at)),
        format!("DTEND:{}", utc_stamp(e.ends_at)),
        format!("SUMMARY:{}", escape_text(&e.summary)),
    ];
    if !e.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(&e.description)));
    }
    if !e.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape_text(&e.location)));
    }
    let status = if e.cancelled {
        "CANCELLED"
    } else if e.confirmed {
        "CONFIRMED"
    } else {
        "TENTATIVE"
    };
    lines.push(format!("STATUS:{status}"));
    lines
}

fn header(method: Method, name: &str) -> Vec<String> {
    vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Tandem//Sessions//EN".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        format!("METHOD:{}", method.code()),
        format!("X-WR-CALNAME:{}", escape_text(name)),
    ]
}

/// A whole calendar object with the given events. METHOD is always PUBLISH: a file or feed to
/// add to one's calendar (iTIP's REQUEST and CANCEL need organiser and attendee addresses that
/// calendar programs then mail to); a cancelled session is an event with STATUS:CANCELLED.
pub fn calendar(name: &str, events: &[CalendarEvent]) -> String {
    let mut lines = header(Method::Publish, name);
    for e in events {
        lines.push("BEGIN:VEVENT".into());
        lines.extend(event_lines(e));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l)).collect()
}

/// What a calendar object asks of the program that opens it (RFC 5546, iTIP).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Add or update it (the feed, a downloaded file, whole-day events).
    Publish,
    /// An invitation, or an update of one with the same UID (a raised SEQUENCE, or a later
    /// DTSTAMP for a change of status such as a confirmation).
    Request,
    /// Take it out of the calendar.
    Cancel,
}

impl Method {
    pub fn code(self) -> &'static str {
        match self {
            Self::Publish => "PUBLISH",
            Self::Request => "REQUEST",
            Self::Cancel => "CANCEL",
        }
    }
}

/// Someone named in a scheduling message (ORGANIZER or ATTENDEE).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub address: String,
    /// Whether they have agreed to the time (PARTSTAT=ACCEPTED, else NEEDS-ACTION).
    pub accepted: bool,
}

/// A parameter value (RFC 5545 §3.2): quoted, so commas, colons and semicolons are safe; double
/// quotes and control characters cannot be represented and are left out.
fn param_value(s: &str) -> String {
    let kept: String = s.chars().filter(|c| *c != '"' && !c.is_control()).collect();
    format!("\"{kept}\"")
}

fn party_line(property: &str, p: &Party, with_status: bool) -> String {
    let mut line = format!("{property};CN={}", param_value(&p.name));
    if with_status {
        let status = if p.accepted {
            "ACCEPTED"
        } else {
            "NEEDS-ACTION"
        };
        // RSVP=FALSE: Tandem, not the calendar program, is where people answer.
        line.push_str(&format!(
            ";ROLE=REQ-PARTICIPANT;PARTSTAT={status};RSVP=FALSE"
        ));
    }
    line.push_str(&format!(":mailto:{}", p.address.trim()));
    line
}

/// One event as an e-mailed scheduling message: METHOD:REQUEST for an invitation or update,
/// METHOD:CANCEL (with STATUS:CANCELLED) when it is off. The UID and SEQUENCE are the event's
/// own, the same as in the calendar feed, so a calendar that has the event from either place
/// updates it instead of adding a second one. iTIP requires an ORGANIZER and the ATTENDEEs.
pub fn scheduling_message(
    method: Method,
    organiser: &Party,
    attendees: &[Party],
    event: &CalendarEvent,
) -> String {
    let mut lines = header(method, "Tandem");
    lines.push("BEGIN:VEVENT".into());
    let mut event = event.clone();
    if method == Method::Cancel {
        event.cancelled = true;
    }
    lines.extend(event_lines(&event));
    lines.push(party_line("ORGANIZER", organiser, false));
    for a in attendees {
        lines.push(party_line("ATTENDEE", a, true));
    }
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l)).collect()
}

/// A whole-day event (a shadowing day, a workshop): dates without times.
#[derive(Clone, Debug)]
pub struct DayEvent {
    pub uid: String,
    pub sequence: u32,
    pub stamp: DateTime<Utc>,
    pub day: NaiveDate,
    pub summary: String,
    pub description: String,
    pub location: String,
}

/// A calendar object with one whole-day event (METHOD:PUBLISH: there is no organiser to answer,
/// only a day to keep free). DTEND is the next day, as RFC 5545 §3.6.1 has it for a one-day
/// event.
pub fn day_calendar(e: &DayEvent) -> String {
    let mut lines = header(Method::Publish, "Tandem");
    lines.push("BEGIN:VEVENT".into());
    lines.push(format!("UID:{}", escape_text(&e.uid)));
    lines.push(format!("SEQUENCE:{}", e.sequence));
    lines.push(format!("DTSTAMP:{}", utc_stamp(e.stamp)));
    lines.push(format!("DTSTART;VALUE=DATE:{}", e.day.format("%Y%m%d")));
    lines.push(format!(
        "DTEND;VALUE=DATE:{}",
        (e.day + Duration::days(1)).format("%Y%m%d")
    ));
    lines.push(format!("SUMMARY:{}", escape_text(&e.summary)));
    if !e.description.is_empty() {
        lines.push(format!("DESCRIPTION:{}", escape_text(&e.description)));
    }
    if !e.location.is_empty() {
        lines.push(format!("LOCATION:{}", escape_text(&e.location)));
    }
    lines.push("STATUS:CONFIRMED".into());
    lines.push("END:VEVENT".into());
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|l| fold_line(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn local(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_utc_on_the_last_sundays() {
        // 2026: clocks change on the last Sundays, 29 March and 25 October, at 01:00 UTC in both
        // zones; 2027: 28 March and 31 October.
        for (zone, winter) in [("Europe/London", 0), ("Europe/Amsterdam", 60)] {
            for (forward, back) in [("2026-03-29", "2026-10-25"), ("2027-03-28", "2027-10-31")] {
                let at = |d: &str, t: &str| utc(&format!("{d}T{t}Z"));
                assert_eq!(offset_minutes(zone, at(forward, "00:59:59")), winter);
                assert_eq!(offset_minutes(zone, at(forward, "01:00:00")), winter + 60);
                assert_eq!(offset_minutes(zone, at(back, "00:59:59")), winter + 60);
                assert_eq!(offset_minutes(zone, at(back, "01:00:00")), winter);
            }
        }
        assert_eq!(
            offset_minutes("Etc/Unknown", utc("2026-07-01T12:00:00Z")),
            0
        );
        // Wall clocks either side of the change.
        assert_eq!(
            to_local("Europe/London", utc("2026-03-29T00:59:00Z")),
            local("2026-03-29 00:59")
        );
        assert_eq!(
            to_local("Europe/London", utc("2026-03-29T01:00:00Z")),
            local("2026-03-29 02:00")
        );
        assert_eq!(
            to_local("Europe/Amsterdam", utc("2026-10-25T00:59:00Z")),
            local("2026-10-25 02:59")
        );
        assert_eq!(
            to_local("Europe/Amsterdam", utc("2026-10-25T01:00:00Z")),
            local("2026-10-25 02:00")
        );
    }

    #[test]
    fn local_times_map_to_utc_with_gaps_and_repeats() {
        assert_eq!(
            from_local("Europe/Amsterdam", local("2026-07-01 10:00")),
            Some(utc("2026-07-01T08:00:00Z"))
        );
        assert_eq!(
            from_local("Europe/London", local("2026-01-15 10:00")),
            Some(utc("2026-01-15T10:00:00Z"))
        );
        // Skipped when the clocks go forward.
        assert_eq!(from_local("Europe/London", local("2026-03-29 01:30")), None);
        assert_eq!(
            from_local("Europe/Amsterdam", local("2026-03-29 02:30")),
            None
        );
        // The hour before and after the gap exists.
        assert_eq!(
            from_local("Europe/London", local("2026-03-29 00:59")),
            Some(utc("2026-03-29T00:59:00Z"))
        );
        assert_eq!(
            from_local("Europe/London", local("2026-03-29 02:00")),
            Some(utc("2026-03-29T01:00:00Z"))
        );
        assert_eq!(
            from_local("Europe/Amsterdam", local("2026-03-29 03:00")),
            Some(utc("2026-03-29T01:00:00Z"))
        );
        // Repeated when they go back: the earlier instant.
        assert_eq!(
            from_local("Europe/London", local("2026-10-25 01:30")),
            Some(utc("2026-10-25T00:30:00Z"))
        );
        assert_eq!(
            from_local("Europe/Amsterdam", local("2026-10-25 02:30")),
            Some(utc("2026-10-25T00:30:00Z"))
        );
        // Outside the repeated hour, one instant.
        assert_eq!(
            from_local("Europe/Amsterdam", local("2026-10-25 03:00")),
            Some(utc("2026-10-25T02:00:00Z"))
        );
    }

    proptest! {
        /// Every instant's wall-clock time maps back to an instant with the same wall-clock time
        /// (the same instant except in the repeated hour).
        #[test]
        fn local_round_trips(secs in 1_700_000_000i64..1_900_000_000, ams in any::<bool>()) {
            let zone = if ams { "Europe/Amsterdam" } else { "Europe/London" };
            let t = DateTime::from_timestamp(secs, 0).unwrap();
            let l = to_local(zone, t);
            let back = from_local(zone, l).unwrap();
            prop_assert_eq!(to_local(zone, back), l);
            prop_assert!((back - t).num_minutes().abs() <= 60);
        }

        /// Folded lines are at most 75 octets and unfold to the original.
        #[test]
        fn folding_keeps_lines_short_and_reversible(s in "[a-zé€😀 ,;]{0,300}") {
            let line = format!("SUMMARY:{}", escape_text(&s));
            let folded = fold_line(&line);
            for l in folded.split("\r\n") {
                prop_assert!(l.len() <= 75);
            }
            let unfolded = folded.replace("\r\n ", "");
            prop_assert_eq!(unfolded.trim_end_matches("\r\n"), line.as_str());
        }
    }

    #[test]
    fn overlap_is_half_open() {
        let a = utc("2026-05-01T10:00:00Z");
        let b = utc("2026-05-01T11:00:00Z");
        let c = utc("2026-05-01T12:00:00Z");
        assert!(!overlaps(a, b, b, c));
        assert!(overlaps(a, c, b, c));
    }

    #[test]
    fn a_session_may_not_be_longer_than_the_programmes_session_length() {
        assert!(!longer_than_programme(90, Some(90)));
        assert!(longer_than_programme(91, Some(90)));
        assert!(longer_than_programme(120, Some(90)));
        assert!(!longer_than_programme(600, None));
    }

    #[test]
    fn calendars_escape_and_end_lines_with_crlf() {
        let e = CalendarEvent {
            uid: "x@tandem".into(),
            sequence: 2,
            stamp: utc("2026-05-01T09:00:00Z"),
            starts_at: utc("2026-05-01T10:00:00Z"),
            ends_at: utc("2026-05-01T11:30:00Z"),
            summary: "Mentoring; Jo, Sam".into(),
            description: "a\nb".into(),
            location: String::new(),
            cancelled: false,
            confirmed: true,
        };
        let text = calendar("Sessions", &[e]);
        assert!(text.contains("SUMMARY:Mentoring\\; Jo\\, Sam\r\n"));
        assert!(text.contains("DESCRIPTION:a\\nb\r\n"));
        assert!(text.contains("DTSTART:20260501T100000Z\r\n"));
        assert!(text.contains("SEQUENCE:2\r\n"));
        assert!(!text.replace("\r\n", "").contains('\n'));
        assert!(!text.contains("LOCATION"));
    }

    #[test]
    fn scheduling_messages_name_the_method_and_the_people() {
        let e = CalendarEvent {
            uid: "session-1@tandem".into(),
            sequence: 3,
            stamp: utc("2026-05-01T09:00:00Z"),
            starts_at: utc("2026-05-01T10:00:00Z"),
            ends_at: utc("2026-05-01T11:00:00Z"),
            summary: "Tandem".into(),
            description: String::new(),
            location: String::new(),
            cancelled: false,
            confirmed: true,
        };
        let org = Party {
            name: "Jo \"JJ\" Bloggs; Esq".into(),
            address: "jo@example.org".into(),
            accepted: true,
        };
        let att = Party {
            name: "Sam".into(),
            address: "sam@example.org".into(),
            accepted: false,
        };
        let req = scheduling_message(Method::Request, &org, std::slice::from_ref(&att), &e);
        assert!(req.contains("METHOD:REQUEST\r\n"));
        assert!(req.contains("STATUS:CONFIRMED\r\n"));
        let unfolded = req.replace("\r\n ", "");
        assert!(unfolded.contains("ORGANIZER;CN=\"Jo JJ Bloggs; Esq\":mailto:jo@example.org\r\n"));
        assert!(unfolded.contains("PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:sam@example.org\r\n"));
        let cancel = scheduling_message(Method::Cancel, &org, &[att], &e);
        assert!(cancel.contains("METHOD:CANCEL\r\n") && cancel.contains("STATUS:CANCELLED\r\n"));
        let day = day_calendar(&DayEvent {
            uid: "w@tandem".into(),
            sequence: 0,
            stamp: utc("2026-05-01T09:00:00Z"),
            day: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
            summary: "Workshop".into(),
            description: String::new(),
            location: "Leeds".into(),
        });
        assert!(day.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"));
        assert!(day.contains("METHOD:PUBLISH\r\n"));
    }
}
