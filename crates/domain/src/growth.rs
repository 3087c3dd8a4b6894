//! Personal growth alongside a relationship: goals per person per relationship, a reflective log,
//! a CPD record and the opt-in directory of participants.
//!
//! Who may see what differs on purpose and is decided in the web services; this module holds the
//! records and the rules every writer must meet (lengths, ranges, dates), so the pages and the API
//! refuse the same input with the same messages. CPD time is kept in whole minutes, so totals are
//! exact sums and never drift by rounding; hours are only a way of showing and entering it.

use crate::appraisal::{AppraisalCitation, CitationInput};
use crate::framework::FrameworkDimension;
use crate::ids::{PersonId, RelationshipId};
use crate::validate::{MAX_TEXT, ValidationErrors};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! growth_id {
    ($($name:ident),* $(,)?) => {$(
        #[doc = concat!("Identifier of a ", stringify!($name), " (UUIDv7, time-ordered).")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

growth_id!(GoalId, ReflectionId, CpdActivityId);

/// Longest free text of a reflection, progress note or CPD reflection: long enough for a
/// revalidation reflective account, short enough that a page stays a page.
pub const MAX_LONG_TEXT: usize = 10_000;

/// Most dimensions on one goal, entry or listing (there are nine).
pub const MAX_DIMENSIONS: usize = FrameworkDimension::ALL.len();

/// Longest single CPD activity: a whole day of learning (24 hours) in minutes.
pub const MAX_CPD_MINUTES: u32 = 24 * 60;

/// Where a goal stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalStatus {
    NotStarted,
    UnderWay,
    Achieved,
}

impl GoalStatus {
    pub const ALL: [Self; 3] = [Self::NotStarted, Self::UnderWay, Self::Achieved];

    pub fn code(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::UnderWay => "under_way",
            Self::Achieved => "achieved",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A goal one member sets for themselves within a relationship. The other members see it: goals
/// are shared by nature, so partners can help with them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Goal {
    pub id: GoalId,
    pub relationship_id: RelationshipId,
    pub person_id: PersonId,
    pub title: String,
    pub dimensions: Vec<FrameworkDimension>,
    pub status: GoalStatus,
    pub progress_note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The appraisal conversation the goal came from, if the owner cites one (see
    /// [`crate::appraisal`]).
    #[serde(default)]
    pub appraisal: Option<AppraisalCitation>,
}

/// What a person writes to add or update a goal.
#[derive(Clone, Debug, Default)]
pub struct GoalInput {
    pub title: String,
    pub dimensions: Vec<FrameworkDimension>,
    /// `None` is refused (the form had no choice or an unknown one).
    pub status: Option<GoalStatus>,
    pub progress_note: String,
    /// The appraisal conversation cited (both parts empty for none).
    pub appraisal: CitationInput,
}

/// A checked goal's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GoalContent {
    pub title: String,
    pub dimensions: Vec<FrameworkDimension>,
    pub status: GoalStatus,
    pub progress_note: String,
    pub appraisal: Option<AppraisalCitation>,
}

/// Checks long free text: at most [`MAX_LONG_TEXT`] characters; line breaks and tabs are kept,
/// other control characters are refused. Leading and trailing white space is trimmed.
pub fn long_text(raw: &str) -> Result<String, &'static str> {
    crate::text::block(raw, MAX_LONG_TEXT).map_err(|e| match e {
        crate::text::TextError::TooLong { .. } => "error.growth.text_too_long",
        other => other.key(),
    })
}

/// Checks a one-line text: required, at most [`MAX_TEXT`] characters, no control characters.
fn short_text(raw: &str, required_key: &'static str) -> Result<String, &'static str> {
    match crate::text::line(raw, MAX_TEXT) {
        Ok(t) if t.is_empty() => Err(required_key),
        Ok(t) => Ok(t),
        Err(crate::text::TextError::TooLong { .. }) => Err("error.growth.title_too_long"),
        Err(e) => Err(e.key()),
    }
}

/// Sorted and without repeats, so the same choice always stores the same way.
pub fn normalise_dimensions(dims: &[FrameworkDimension]) -> Vec<FrameworkDimension> {
    let mut d = dims.to_vec();
    d.sort();
    d.dedup();
    d
}

fn push(errors: &mut ValidationErrors, field: &str, key: &str) {
    errors.add(field, key);
}

impl GoalInput {
    /// Checks the goal; `today` is the latest calendar day anywhere (an appraisal cited may not
    /// be in the future).
    pub fn validate(&self, today: NaiveDate) -> Result<GoalContent, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let appraisal = self.appraisal.check(today, &mut errors);
        let title = short_text(&self.title, "error.growth.title_required")
            .map_err(|k| push(&mut errors, "title", k))
            .ok();
        let note = long_text(&self.progress_note)
            .map_err(|k| push(&mut errors, "progress_note", k))
            .ok();
        if self.status.is_none() {
            push(&mut errors, "status", "error.growth.status_required");
        }
        match (title, note, self.status) {
            (Some(title), Some(progress_note), Some(status)) if errors.is_empty() => {
                Ok(GoalContent {
                    title,
                    dimensions: normalise_dimensions(&self.dimensions),
                    status,
                    progress_note,
                    appraisal,
                })
            }
            _ => Err(errors),
        }
    }
}

/// An entry in a person's reflective log. Private to its author unless they share it with the
/// members of one of their relationships (`shared_with`); they can take the sharing back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reflection {
    pub id: ReflectionId,
    pub person_id: PersonId,
    pub written_on: NaiveDate,
    pub text: String,
    /// The relationship the entry is about, if any (a link, not a sharing).
    pub relationship_id: Option<RelationshipId>,
    pub dimensions: Vec<FrameworkDimension>,
    /// The relationship whose members may read it; `None` = private.
    pub shared_with: Option<RelationshipId>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// What the author writes for a new entry.
#[derive(Clone, Debug, Default)]
pub struct ReflectionInput {
    /// `None` is refused (no date or an unreadable one).
    pub written_on: Option<NaiveDate>,
    pub text: String,
    pub relationship_id: Option<RelationshipId>,
    pub dimensions: Vec<FrameworkDimension>,
}

/// A checked reflection's content (the relationship link is checked by the service, which knows
/// the author's relationships).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReflectionContent {
    pub written_on: NaiveDate,
    pub text: String,
    pub dimensions: Vec<FrameworkDimension>,
}

/// Earliest date accepted for a dated record (as for mentor records).
fn earliest() -> NaiveDate {
    NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Checks a date that must not be in the future (`today` is the latest calendar day anywhere).
fn past_date(
    d: Option<NaiveDate>,
    today: NaiveDate,
    field: &str,
    errors: &mut ValidationErrors,
) -> Option<NaiveDate> {
    match d {
        None => {
            push(errors, field, "error.growth.date_required");
            None
        }
        Some(d) if d > today => {
            push(errors, field, "error.growth.date_in_future");
            None
        }
        Some(d) if d < earliest() => {
            push(errors, field, "error.growth.date_too_early");
            None
        }
        Some(d) => Some(d),
    }
}

impl ReflectionInput {
    pub fn validate(&self, today: NaiveDate) -> Result<ReflectionContent, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let written_on = past_date(self.written_on, today, "written_on", &mut errors);
        let text = match long_text(&self.text) {
            Ok(t) if t.is_empty() => {
                push(&mut errors, "text", "error.growth.text_required");
                None
            }
            Ok(t) => Some(t),
            Err(k) => {
                push(&mut errors, "text", k);
                None
            }
        };
        match (written_on, text) {
            (Some(written_on), Some(text)) if errors.is_empty() => Ok(ReflectionContent {
                written_on,
                text,
                dimensions: normalise_dimensions(&self.dimensions),
            }),
            _ => Err(errors),
        }
    }
}

/// A learning activity a person adds to their CPD record themselves (sessions held in their
/// relationships are counted from the sessions and are not stored here).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpdActivity {
    pub id: CpdActivityId,
    pub person_id: PersonId,
    pub activity: String,
    pub done_on: NaiveDate,
    pub minutes: u32,
    /// Learning with others (as the NMC counts participatory CPD).
    pub participatory: bool,
    pub reflection: String,
    pub created_at: DateTime<Utc>,
}

/// What a person enters for a CPD activity.
#[derive(Clone, Debug, Default)]
pub struct CpdInput {
    pub activity: String,
    /// `None` is refused (no date or an unreadable one).
    pub done_on: Option<NaiveDate>,
    /// `None` is refused (no time or an unreadable one).
    pub minutes: Option<u32>,
    pub participatory: bool,
    pub reflection: String,
}

/// A checked CPD activity's content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CpdContent {
    pub activity: String,
    pub done_on: NaiveDate,
    pub minutes: u32,
    pub participatory: bool,
    pub reflection: String,
}

impl CpdInput {
    pub fn validate(&self, today: NaiveDate) -> Result<CpdContent, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let activity = short_text(&self.activity, "error.growth.activity_required")
            .map_err(|k| push(&mut errors, "activity", k))
            .ok();
        let done_on = past_date(self.done_on, today, "done_on", &mut errors);
        let minutes = match self.minutes {
            None => {
                push(&mut errors, "hours", "error.growth.hours_required");
                None
            }
            Some(m) if m == 0 || m > MAX_CPD_MINUTES => {
                push(&mut errors, "hours", "error.growth.hours_range");
                None
            }
            Some(m) => Some(m),
        };
        let reflection = long_text(&self.reflection)
            .map_err(|k| push(&mut errors, "reflection", k))
            .ok();
        match (activity, done_on, minutes, reflection) {
            (Some(activity), Some(done_on), Some(minutes), Some(reflection))
                if errors.is_empty() =>
            {
                Ok(CpdContent {
                    activity,
                    done_on,
                    minutes,
                    participatory: self.participatory,
                    reflection,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Reads hours as typed ("1", "1.5", "1,25" or "0.75") into whole minutes. At most two decimals,
/// so every accepted value is an exact number of minutes up to rounding of 0.6 minute steps;
/// anything else is `None`.
pub fn parse_hours(raw: &str) -> Option<u32> {
    let t = raw.trim().replace(',', ".");
    let (whole, frac) = match t.split_once('.') {
        Some((w, f)) => (w, f),
        None => (t.as_str(), ""),
    };
    if (whole.is_empty() && frac.is_empty())
        || frac.len() > 2
        || !whole.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || whole.len() > 4
    {
        return None;
    }
    let w: u32 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let hundredths: u32 = match frac.len() {
        0 => 0,
        1 => frac.parse::<u32>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    // Hundredths of an hour to minutes, rounded half up: 0.25 h = 15 min, 0.01 h = 1 min.
    Some(w * 60 + (hundredths * 60 + 50) / 100)
}

/// Minutes as hours with two decimals, for showing and for the CSV ("1.50").
pub fn hours_text(minutes: u64) -> String {
    let hundredths = (minutes * 100 + 30) / 60;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

/// One line of the CPD record, whether counted from a session or added by the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpdLine {
    pub done_on: NaiveDate,
    pub activity: String,
    pub minutes: u32,
    pub participatory: bool,
    pub reflection: String,
    /// `session` (counted from a session held) or `activity` (added by the person).
    pub source: CpdSource,
    /// The added activity's id (`None` for sessions).
    pub activity_id: Option<CpdActivityId>,
    /// The relationship of a session.
    pub relationship_id: Option<RelationshipId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CpdSource {
    Session,
    Activity,
}

/// Totals of a CPD record.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CpdTotals {
    pub minutes: u64,
    pub participatory_minutes: u64,
}

/// The NMC's revalidation requirement: 35 hours of CPD in three years, 20 of them participatory.
pub const NMC_TOTAL_MINUTES: u64 = 35 * 60;
pub const NMC_PARTICIPATORY_MINUTES: u64 = 20 * 60;

impl CpdTotals {
    pub fn of(lines: &[CpdLine]) -> Self {
        lines.iter().fold(Self::default(), |mut t, l| {
            t.minutes += u64::from(l.minutes);
            if l.participatory {
                t.participatory_minutes += u64::from(l.minutes);
            }
            t
        })
    }

    /// Whether the totals meet the NMC's revalidation hours.
    pub fn meets_nmc(&self) -> bool {
        self.minutes >= NMC_TOTAL_MINUTES && self.participatory_minutes >= NMC_PARTICIPATORY_MINUTES
    }
}

/// Quotes one CSV field (RFC 4180): fields holding a comma, quote or line break are quoted with
/// quotes doubled. A field starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading
/// `'` so spreadsheet programs show it as text instead of running it as a formula.
pub fn csv_field(raw: &str) -> String {
    let guarded = if raw.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{raw}")
    } else {
        raw.to_string()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A person's listing in the directory. Only people who opted in have one; opting out deletes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DirectoryListing {
    pub person_id: PersonId,
    pub interests: String,
    pub dimensions: Vec<FrameworkDimension>,
    pub updated_at: DateTime<Utc>,
}

/// Longest interests text in the directory.
pub const MAX_INTERESTS: usize = 1_000;

/// Checks what a person shows in the directory: some interests (text or dimensions) are needed,
/// so a listing always says why to get in touch.
pub fn validate_listing(
    interests: &str,
    dimensions: &[FrameworkDimension],
) -> Result<(String, Vec<FrameworkDimension>), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let cleaned = crate::text::block(interests, MAX_INTERESTS);
    let t = cleaned.clone().unwrap_or_default();
    if let Err(crate::text::TextError::TooLong { .. }) = cleaned {
        push(&mut errors, "interests", "error.growth.interests_too_long");
    } else if let Err(e) = cleaned {
        push(&mut errors, "interests", e.key());
    } else if t.is_empty() && dimensions.is_empty() {
        push(&mut errors, "interests", "error.growth.interests_required");
    }
    if errors.is_empty() {
        Ok((t.to_string(), normalise_dimensions(dimensions)))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn goal_needs_a_title_and_a_status() {
        let today = d(2026, 5, 1);
        let e = GoalInput::default().validate(today).unwrap_err();
        assert!(e.for_field("title").is_some());
        assert!(e.for_field("status").is_some());
        let ok = GoalInput {
            title: "  Chair a meeting ".into(),
            dimensions: vec![
                FrameworkDimension::EngagingTheTeam,
                FrameworkDimension::LeadingWithCare,
                FrameworkDimension::EngagingTheTeam,
            ],
            status: Some(GoalStatus::UnderWay),
            progress_note: String::new(),
            appraisal: CitationInput {
                kind: "functioneringsgesprek".into(),
                held_on: "2026-03-02".into(),
            },
        }
        .validate(today)
        .unwrap();
        assert_eq!(
            ok.appraisal.map(|a| a.kind),
            Some(crate::appraisal::AppraisalKind::Functioneringsgesprek)
        );
        assert_eq!(ok.title, "Chair a meeting");
        assert_eq!(
            ok.dimensions,
            vec![
                FrameworkDimension::LeadingWithCare,
                FrameworkDimension::EngagingTheTeam
            ]
        );
    }

    #[test]
    fn reflections_are_dated_today_or_earlier_and_not_empty() {
        let today = d(2026, 5, 1);
        let input = |on, text: &str| ReflectionInput {
            written_on: on,
            text: text.into(),
            ..Default::default()
        };
        assert!(
            input(Some(d(2026, 5, 2)), "x")
                .validate(today)
                .unwrap_err()
                .for_field("written_on")
                .is_some()
        );
        assert!(
            input(Some(today), "   ")
                .validate(today)
                .unwrap_err()
                .for_field("text")
                .is_some()
        );
        assert!(
            input(Some(today), "a\u{7}b")
                .validate(today)
                .unwrap_err()
                .for_field("text")
                .is_some()
        );
        let ok = input(Some(today), "line one\nline two")
            .validate(today)
            .unwrap();
        assert_eq!(ok.text, "line one\nline two");
    }

    #[test]
    fn cpd_minutes_must_be_within_a_day() {
        let today = d(2026, 5, 1);
        let input = |m| CpdInput {
            activity: "Course".into(),
            done_on: Some(today),
            minutes: m,
            ..Default::default()
        };
        for bad in [None, Some(0), Some(MAX_CPD_MINUTES + 1)] {
            assert!(
                input(bad)
                    .validate(today)
                    .unwrap_err()
                    .for_field("hours")
                    .is_some()
            );
        }
        assert_eq!(input(Some(90)).validate(today).unwrap().minutes, 90);
    }

    #[test]
    fn hours_read_as_minutes() {
        assert_eq!(parse_hours("1"), Some(60));
        assert_eq!(parse_hours("1.5"), Some(90));
        assert_eq!(parse_hours("1,25"), Some(75));
        assert_eq!(parse_hours(".75"), Some(45));
        assert_eq!(parse_hours("0.01"), Some(1));
        for bad in ["", ".", "1.234", "-1", "1e2", "abc", "1.5h", "99999"] {
            assert_eq!(parse_hours(bad), None, "{bad}");
        }
    }

    #[test]
    fn totals_sum_participatory_separately() {
        let line = |minutes, participatory| CpdLine {
            done_on: d(2026, 1, 1),
            activity: "a".into(),
            minutes,
            participatory,
            reflection: String::new(),
            source: CpdSource::Activity,
            activity_id: None,
            relationship_id: None,
        };
        let t = CpdTotals::of(&[line(90, true), line(30, false), line(60, true)]);
        assert_eq!(t.minutes, 180);
        assert_eq!(t.participatory_minutes, 150);
        assert!(!t.meets_nmc());
        let enough = CpdTotals {
            minutes: NMC_TOTAL_MINUTES,
            participatory_minutes: NMC_PARTICIPATORY_MINUTES,
        };
        assert!(enough.meets_nmc());
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
    }

    #[test]
    fn a_listing_needs_interests_of_some_kind() {
        assert!(validate_listing("  ", &[]).is_err());
        assert!(validate_listing("", &[FrameworkDimension::LeadingWithCare]).is_ok());
        assert_eq!(
            validate_listing(" Rural practice ", &[]).unwrap().0,
            "Rural practice"
        );
    }

    /// A CSV reader for the oracle: splits one record into fields, honouring quotes.
    fn read_record(s: &str) -> Vec<String> {
        let mut fields = vec![String::new()];
        let mut quoted = false;
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    fields.last_mut().unwrap().push('"');
                }
                (true, '"') => quoted = false,
                (false, '"') => quoted = true,
                (false, ',') => fields.push(String::new()),
                (_, c) => fields.last_mut().unwrap().push(c),
            }
        }
        fields
    }

    proptest! {
        #[test]
        fn csv_fields_read_back(fields in proptest::collection::vec("[a-z,\"\n =@é]{0,12}", 1..5)) {
            let line: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
            let back = read_record(&line.join(","));
            let want: Vec<String> = fields
                .iter()
                .map(|f| if f.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{f}") } else { f.clone() })
                .collect();
            prop_assert_eq!(back, want);
        }

        #[test]
        fn hours_round_trip_through_text(minutes in 1u64..=1440) {
            // Two decimals of an hour are 0.6 minute steps, so reading the text back is within
            // one minute of the original.
            let back = parse_hours(&hours_text(minutes)).unwrap();
            prop_assert!((i64::from(back) - minutes as i64).abs() <= 1);
        }
    }
}
