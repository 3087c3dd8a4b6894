//! Mentor development: training and qualifications, supervision, and each mentor's status and
//! load. Matching reads [`MentorStanding`] so that nobody is matched while paused or withdrawn,
//! or beyond the load they agreed.

use crate::ids::{PersonId, SupervisionId, TrainingId};
use crate::validate::{ValidationErrors, required_text};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::ops::RangeInclusive;

/// Whether a mentor can take new mentees.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MentorStatus {
    #[default]
    Active,
    /// Temporarily unavailable (leave, workload): keeps current mentees, takes no new ones.
    Paused,
    /// No longer mentoring.
    Withdrawn,
}

impl MentorStatus {
    pub const ALL: [Self; 3] = [Self::Active, Self::Paused, Self::Withdrawn];

    pub fn code(self) -> &'static str {
        match self {
            Self::Active => "active",
            Self::Paused => "paused",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A mentor's standing: status and the most mentees they take at once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorStanding {
    pub person_id: PersonId,
    pub status: MentorStatus,
    /// Most concurrent mentees; `None` = the programme's `mentor_load_max` (or 1).
    pub load_max: Option<u32>,
    pub updated_at: DateTime<Utc>,
}

impl MentorStanding {
    /// Places left for new mentees given `current` live relationships and the programme's
    /// default load.
    pub fn free_places(&self, current: u32, programme_max: Option<u32>) -> u32 {
        if self.status != MentorStatus::Active {
            return 0;
        }
        self.effective_max(programme_max).saturating_sub(current)
    }
}

/// A completed course or qualification.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingRecord {
    pub id: TrainingId,
    pub person_id: PersonId,
    pub course: String,
    pub provider: String,
    pub completed_on: NaiveDate,
    /// Where the evidence is (a certificate reference or link); free text.
    pub evidence: String,
    /// Counts as mentor training for programmes that require it.
    pub qualifies_as_mentor_training: bool,
    pub recorded_by: Option<PersonId>,
    pub recorded_at: DateTime<Utc>,
    /// The coordinator who verified it (or recorded it for the person): only verified training
    /// counts for "mentor training required", so the rule never rests on a tick of one's own.
    #[serde(default)]
    pub verified_by: Option<PersonId>,
    #[serde(default)]
    pub verified_at: Option<DateTime<Utc>>,
}

impl TrainingRecord {
    /// Whether a coordinator recorded or verified it.
    pub fn verified(&self) -> bool {
        self.verified_at.is_some()
    }
}

/// A supervision session a mentor had (for their own development and safe practice).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionRecord {
    pub id: SupervisionId,
    pub person_id: PersonId,
    pub held_on: NaiveDate,
    pub supervisor: String,
    pub minutes: u32,
    /// Themes discussed (no client detail).
    pub themes: String,
    pub recorded_by: Option<PersonId>,
    pub recorded_at: DateTime<Utc>,
}

/// Longest evidence reference (a certificate number or a link) accepted.
pub const MAX_EVIDENCE: usize = 500;

/// Longest supervision themes text accepted (a short summary, never client detail).
pub const MAX_THEMES: usize = 2000;

/// Shortest and longest supervision session, in minutes: ten hours is a typo guard well above
/// any real session (a full training day is recorded as training, not supervision).
pub const SUPERVISION_MINUTES: RangeInclusive<u32> = 1..=600;

/// Largest personal load a coordinator can set: a typo guard, far above any scheme's practice
/// (schemes ask for "at least two mentees" per mentor, rarely more than five).
pub const MAX_PERSONAL_LOAD: u32 = 20;

/// Earliest completion or session date accepted: older dates are typing mistakes (e.g. a year of
/// `0202`), and a record that old says nothing about a mentor's current practice.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1950, 1, 1).unwrap_or(NaiveDate::MIN)
}

impl MentorStanding {
    /// The standing of someone with no stored row: active, with the programme's load.
    pub fn initial(person_id: PersonId, at: DateTime<Utc>) -> Self {
        Self {
            person_id,
            status: MentorStatus::Active,
            load_max: None,
            updated_at: at,
        }
    }

    /// The most mentees at once: the personal load, else the programme's, else one.
    pub fn effective_max(&self, programme_max: Option<u32>) -> u32 {
        self.load_max.or(programme_max).unwrap_or(1)
    }

    /// Checks a personal load: `None` (use the programme's) or 1..=[`MAX_PERSONAL_LOAD`].
    /// A load of zero is refused because "takes nobody" is what pausing means, and one rule
    /// for it keeps matching and the pages telling the same story.
    pub fn validate_load(load_max: Option<u32>) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        if let Some(l) = load_max
            && !(1..=MAX_PERSONAL_LOAD).contains(&l)
        {
            let max = MAX_PERSONAL_LOAD.to_string();
            e.add_with("load_max", "error.mentors.load_range", &[("max", &max)]);
        }
        e.into_result()
    }
}

impl MentorStatus {
    /// Whether the mentor may make this change themselves. Mentors pause and resume their own
    /// availability (leave, workload); withdrawing, and coming back after withdrawal, go through
    /// a coordinator, who also looks after the mentor's current mentees.
    pub fn mentor_may_change(self, to: MentorStatus) -> bool {
        self == to
            || matches!(
                (self, to),
                (MentorStatus::Active, MentorStatus::Paused)
                    | (MentorStatus::Paused, MentorStatus::Active)
            )
    }
}

/// A training record as a form or API call supplies it, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrainingInput {
    pub course: String,
    pub provider: String,
    pub completed_on: Option<NaiveDate>,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub qualifies_as_mentor_training: bool,
}

/// A supervision session as a form or API call supplies it, before checking.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupervisionInput {
    pub held_on: Option<NaiveDate>,
    pub supervisor: String,
    pub minutes: Option<u32>,
    pub themes: String,
}

/// Who is recording, for whom and when: the facts a record gets besides its input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Recording {
    pub person_id: PersonId,
    pub recorded_by: Option<PersonId>,
    pub recorded_at: DateTime<Utc>,
    /// Today in the scheme's calendar: completed training and held sessions are not in the future.
    pub today: NaiveDate,
}

/// Checks a date of something that has already happened.
fn past_date(e: &mut ValidationErrors, field: &str, date: Option<NaiveDate>, today: NaiveDate) {
    match date {
        None => e.add(field, "error.date_required"),
        Some(d) if d > today => e.add(field, "error.mentors.date_in_future"),
        Some(d) if d < earliest_date() => e.add(field, "error.mentors.date_too_early"),
        Some(_) => {}
    }
}

/// Checks a required text of at most `max` characters; `required_key` names what is missing.
fn long_text(
    e: &mut ValidationErrors,
    field: &str,
    raw: &str,
    max: usize,
    required_key: Option<&str>,
) -> String {
    match crate::text::block(raw, max) {
        Ok(t) if t.is_empty() => {
            if let Some(k) = required_key {
                e.add(field, k);
            }
            t
        }
        Ok(t) => t,
        Err(err) => {
            err.record(e, field);
            raw.trim().to_string()
        }
    }
}

/// Checks a required single-line text ([`required_text`] rules) with a field-specific message.
fn short_text(e: &mut ValidationErrors, field: &str, raw: &str, required_key: &str) -> String {
    match required_text(raw) {
        Ok(t) => t,
        Err("error.required") => {
            e.add(field, required_key);
            String::new()
        }
        Err(k) => {
            e.add(field, k);
            String::new()
        }
    }
}

impl TrainingInput {
    /// Checks the input and builds the record (texts trimmed). Every problem is reported at once.
    pub fn into_record(
        self,
        id: TrainingId,
        r: Recording,
    ) -> Result<TrainingRecord, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let course = short_text(
            &mut e,
            "course",
            &self.course,
            "error.mentors.course_required",
        );
        let provider = short_text(
            &mut e,
            "provider",
            &self.provider,
            "error.mentors.provider_required",
        );
        past_date(&mut e, "completed_on", self.completed_on, r.today);
        let evidence = long_text(&mut e, "evidence", &self.evidence, MAX_EVIDENCE, None);
        e.into_result()?;
        Ok(TrainingRecord {
            id,
            person_id: r.person_id,
            course,
            provider,
            completed_on: self.completed_on.unwrap_or(r.today),
            evidence,
            qualifies_as_mentor_training: self.qualifies_as_mentor_training,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
            verified_by: None,
            verified_at: None,
        })
    }
}

impl SupervisionInput {
    /// Checks the input and builds the record (texts trimmed). Every problem is reported at once.
    pub fn into_record(
        self,
        id: SupervisionId,
        r: Recording,
    ) -> Result<SupervisionRecord, ValidationErrors> {
        let mut e = ValidationErrors::new();
        past_date(&mut e, "held_on", self.held_on, r.today);
        let supervisor = short_text(
            &mut e,
            "supervisor",
            &self.supervisor,
            "error.mentors.supervisor_required",
        );
        match self.minutes {
            None => e.add("minutes", "error.mentors.minutes_required"),
            Some(m) if !SUPERVISION_MINUTES.contains(&m) => {
                let (lo, hi) = (
                    SUPERVISION_MINUTES.start().to_string(),
                    SUPERVISION_MINUTES.end().to_string(),
                );
                e.add_with(
                    "minutes",
                    "error.mentors.minutes_range",
                    &[("min", &lo), ("max", &hi)],
                );
            }
            Some(_) => {}
        }
        let themes = long_text(
            &mut e,
            "themes",
            &self.themes,
            MAX_THEMES,
            Some("error.mentors.themes_required"),
        );
        e.into_result()?;
        Ok(SupervisionRecord {
            id,
            person_id: r.person_id,
            held_on: self.held_on.unwrap_or(r.today),
            supervisor,
            minutes: self.minutes.unwrap_or(0),
            themes,
            recorded_by: r.recorded_by,
            recorded_at: r.recorded_at,
        })
    }
}

/// One line of the coordinators' list of mentors: someone with a standing, a training record or
/// an application to mentor.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MentorOverview {
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    /// `None` when never recorded (active, with the programme's load).
    pub standing: Option<MentorStanding>,
    /// Holds training that counts as mentor training.
    pub trained: bool,
    /// Live relationships in which they are the mentor.
    pub current_load: u32,
}

impl MentorOverview {
    pub fn status(&self) -> MentorStatus {
        self.standing.as_ref().map(|s| s.status).unwrap_or_default()
    }

    pub fn load_max(&self) -> Option<u32> {
        self.standing.as_ref().and_then(|s| s.load_max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn at() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2025, 6, 1, 9, 0, 0).unwrap()
    }

    fn standing(status: MentorStatus, load_max: Option<u32>) -> MentorStanding {
        MentorStanding {
            person_id: PersonId::new(),
            status,
            load_max,
            updated_at: at(),
        }
    }

    fn status_strategy() -> impl Strategy<Value = MentorStatus> {
        prop::sample::select(MentorStatus::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn free_places_never_exceed_max_minus_current_and_are_zero_unless_active(
            status in status_strategy(),
            personal in prop::option::of(0u32..30),
            programme in prop::option::of(0u32..30),
            current in 0u32..40,
        ) {
            let s = standing(status, personal);
            let free = s.free_places(current, programme);
            // The oracle: the personal load wins over the programme's, which wins over one.
            let max = match (personal, programme) {
                (Some(p), _) => p,
                (None, Some(p)) => p,
                (None, None) => 1,
            };
            prop_assert!(free <= max.saturating_sub(current));
            if status == MentorStatus::Active {
                prop_assert_eq!(free, max.saturating_sub(current));
                // Taking every free place fills the mentor exactly up to their load, never past it.
                prop_assert!(current + free <= max.max(current));
            } else {
                prop_assert_eq!(free, 0);
            }
        }

        #[test]
        fn one_more_mentee_never_adds_a_place(
            status in status_strategy(),
            personal in prop::option::of(0u32..30),
            programme in prop::option::of(0u32..30),
            current in 0u32..40,
        ) {
            let s = standing(status, personal);
            prop_assert!(s.free_places(current + 1, programme) <= s.free_places(current, programme));
        }
    }

    #[test]
    fn free_places_examples() {
        assert_eq!(standing(MentorStatus::Active, None).free_places(0, None), 1);
        assert_eq!(standing(MentorStatus::Active, None).free_places(1, None), 0);
        assert_eq!(
            standing(MentorStatus::Active, None).free_places(0, Some(3)),
            3
        );
        assert_eq!(
            standing(MentorStatus::Active, Some(2)).free_places(1, Some(5)),
            1
        );
        assert_eq!(
            standing(MentorStatus::Active, Some(2)).free_places(4, Some(5)),
            0
        );
        assert_eq!(
            standing(MentorStatus::Paused, Some(5)).free_places(0, None),
            0
        );
        assert_eq!(
            standing(MentorStatus::Withdrawn, None).free_places(0, Some(3)),
            0
        );
        let fresh = MentorStanding::initial(PersonId::new(), at());
        assert_eq!(fresh.status, MentorStatus::Active);
        assert_eq!(fresh.free_places(0, Some(2)), 2);
    }

    #[test]
    fn status_codes_round_trip() {
        for s in MentorStatus::ALL {
            assert_eq!(MentorStatus::from_code(s.code()), Some(s));
            assert_eq!(
                serde_json::to_value(s).unwrap(),
                serde_json::Value::String(s.code().into())
            );
        }
        assert_eq!(MentorStatus::from_code("retired"), None);
    }

    #[test]
    fn mentors_pause_and_resume_themselves_but_do_not_withdraw() {
        use MentorStatus::*;
        assert!(Active.mentor_may_change(Paused));
        assert!(Paused.mentor_may_change(Active));
        assert!(Active.mentor_may_change(Active));
        assert!(Withdrawn.mentor_may_change(Withdrawn));
        assert!(!Active.mentor_may_change(Withdrawn));
        assert!(!Paused.mentor_may_change(Withdrawn));
        assert!(!Withdrawn.mentor_may_change(Active));
        assert!(!Withdrawn.mentor_may_change(Paused));
    }

    #[test]
    fn load_is_one_to_the_maximum_or_unset() {
        assert!(MentorStanding::validate_load(None).is_ok());
        assert!(MentorStanding::validate_load(Some(1)).is_ok());
        assert!(MentorStanding::validate_load(Some(MAX_PERSONAL_LOAD)).is_ok());
        for bad in [0, MAX_PERSONAL_LOAD + 1, u32::MAX] {
            let e = MentorStanding::validate_load(Some(bad)).unwrap_err();
            assert_eq!(e.errors[0].field, "load_max");
            assert_eq!(e.errors[0].message, "error.mentors.load_range");
        }
    }

    fn recording() -> Recording {
        Recording {
            person_id: PersonId::new(),
            recorded_by: Some(PersonId::new()),
            recorded_at: at(),
            today: NaiveDate::from_ymd_opt(2025, 6, 1).unwrap(),
        }
    }

    fn good_training() -> TrainingInput {
        TrainingInput {
            course: "  Coaching skills  ".into(),
            provider: "Leadership Academy".into(),
            completed_on: NaiveDate::from_ymd_opt(2025, 6, 1),
            evidence: "Certificate 123".into(),
            qualifies_as_mentor_training: true,
        }
    }

    #[test]
    fn training_is_trimmed_and_may_be_completed_today() {
        let r = recording();
        let t = good_training().into_record(TrainingId::new(), r).unwrap();
        assert_eq!(t.course, "Coaching skills");
        assert_eq!(t.person_id, r.person_id);
        assert_eq!(t.completed_on, r.today);
        assert!(t.qualifies_as_mentor_training);
        let no_evidence = TrainingInput {
            evidence: "   ".into(),
            ..good_training()
        };
        assert_eq!(
            no_evidence
                .into_record(TrainingId::new(), r)
                .unwrap()
                .evidence,
            ""
        );
    }

    fn fields(e: &ValidationErrors) -> Vec<(&str, &str)> {
        e.errors
            .iter()
            .map(|f| (f.field.as_str(), f.message.as_str()))
            .collect()
    }

    #[test]
    fn training_problems_are_all_reported() {
        let r = recording();
        let bad = TrainingInput {
            course: " ".into(),
            provider: "x".repeat(201),
            completed_on: r.today.succ_opt(),
            evidence: "e".repeat(MAX_EVIDENCE + 1),
            qualifies_as_mentor_training: false,
        };
        let e = bad.into_record(TrainingId::new(), r).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                ("course", "error.mentors.course_required"),
                ("provider", "error.too_long"),
                ("completed_on", "error.mentors.date_in_future"),
                ("evidence", "error.too_long_n"),
            ]
        );
        let missing_date = TrainingInput {
            completed_on: None,
            ..good_training()
        };
        let e = missing_date.into_record(TrainingId::new(), r).unwrap_err();
        assert_eq!(fields(&e), vec![("completed_on", "error.date_required")]);
        let ancient = TrainingInput {
            completed_on: NaiveDate::from_ymd_opt(202, 1, 1),
            ..good_training()
        };
        let e = ancient.into_record(TrainingId::new(), r).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![("completed_on", "error.mentors.date_too_early")]
        );
    }

    #[test]
    fn supervision_minutes_are_bounded() {
        let r = recording();
        let input = |minutes| SupervisionInput {
            held_on: Some(r.today),
            supervisor: "Dr Jones".into(),
            minutes,
            themes: "Boundaries\nEndings".into(),
        };
        for ok in [1, 60, 600] {
            let s = input(Some(ok))
                .into_record(SupervisionId::new(), r)
                .unwrap();
            assert_eq!(s.minutes, ok);
            assert_eq!(s.themes, "Boundaries\nEndings");
        }
        for bad in [0, 601] {
            let e = input(Some(bad))
                .into_record(SupervisionId::new(), r)
                .unwrap_err();
            assert_eq!(fields(&e), vec![("minutes", "error.mentors.minutes_range")]);
        }
        let e = input(None)
            .into_record(SupervisionId::new(), r)
            .unwrap_err();
        assert_eq!(
            fields(&e),
            vec![("minutes", "error.mentors.minutes_required")]
        );
    }

    #[test]
    fn supervision_problems_are_all_reported() {
        let r = recording();
        let bad = SupervisionInput {
            held_on: r.today.succ_opt(),
            supervisor: "".into(),
            minutes: Some(30),
            themes: "t".repeat(MAX_THEMES + 1),
        };
        let e = bad.into_record(SupervisionId::new(), r).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![
                ("held_on", "error.mentors.date_in_future"),
                ("supervisor", "error.mentors.supervisor_required"),
                ("themes", "error.too_long_n"),
            ]
        );
        let control = SupervisionInput {
            held_on: Some(r.today),
            supervisor: "Dr Jones".into(),
            minutes: Some(30),
            themes: "bell\u{7}".into(),
        };
        let e = control.into_record(SupervisionId::new(), r).unwrap_err();
        assert_eq!(fields(&e), vec![("themes", "error.control_characters")]);
        let empty = SupervisionInput {
            held_on: Some(r.today),
            supervisor: "Dr Jones".into(),
            minutes: Some(30),
            themes: "  ".into(),
        };
        let e = empty.into_record(SupervisionId::new(), r).unwrap_err();
        assert_eq!(
            fields(&e),
            vec![("themes", "error.mentors.themes_required")]
        );
    }
}
