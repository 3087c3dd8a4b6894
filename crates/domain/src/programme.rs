//! Programmes and intakes, with their rules as data.
//!
//! A coordinator sets each programme's rules (session cap and length, modes, term, mentor load,
//! set sizes, cadence, eligibility); the code enforces whatever they say rather than hard-coding
//! one scheme's practice.

use crate::criteria::MatchingCriteria;
use crate::grades::GradeSystem;
use crate::ids::{IntakeId, OrganisationId, ProgrammeId, SchemeId};
use crate::organisation::OrganisationKind;
use crate::validate::ValidationErrors;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The four kinds of programme (PRODUCT.md §3.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProgrammeKind {
    /// One-to-one mentoring (e.g. interagency management mentoring).
    Mentoring,
    /// Reciprocal paired learning (e.g. registrars with Band 7/8a managers).
    PairedLearning,
    /// Self-managed action learning sets.
    ActionLearningSets,
    /// Group or virtual mentoring cohorts with capped sessions.
    VirtualCohort,
}

impl ProgrammeKind {
    pub const ALL: [Self; 4] = [
        Self::Mentoring,
        Self::PairedLearning,
        Self::ActionLearningSets,
        Self::VirtualCohort,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Mentoring => "mentoring",
            Self::PairedLearning => "paired_learning",
            Self::ActionLearningSets => "action_learning_sets",
            Self::VirtualCohort => "virtual_cohort",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// How sessions may take place.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    Telephone,
    Video,
    InPerson,
}

impl Mode {
    pub const ALL: [Self; 3] = [Self::Telephone, Self::Video, Self::InPerson];

    pub fn code(self) -> &'static str {
        match self {
            Self::Telephone => "telephone",
            Self::Video => "video",
            Self::InPerson => "in_person",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == code)
    }
}

/// Who may apply. Empty lists mean "no restriction".
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Eligibility {
    /// Allowed grades as (system, lowest code, highest code), inclusive.
    #[serde(default)]
    pub grade_ranges: Vec<(GradeSystem, String, String)>,
    #[serde(default)]
    pub professions: Vec<String>,
    #[serde(default)]
    pub organisation_kinds: Vec<OrganisationKind>,
    /// Mentors must hold a recorded mentor-training qualification.
    #[serde(default)]
    pub mentor_training_required: bool,
}

/// A programme's rules, stored as one document so new rules need no schema change.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProgrammeRules {
    /// Most sessions per relationship (e.g. 3); `None` = no cap.
    pub session_cap: Option<u32>,
    /// Length of one session in minutes (e.g. 90); with the cap it bounds total minutes.
    pub session_minutes: Option<u32>,
    pub modes: Vec<Mode>,
    /// Relationship term in months.
    pub term_months: Option<u32>,
    pub mentor_load_min: Option<u32>,
    pub mentor_load_max: Option<u32>,
    pub set_size_min: Option<u32>,
    pub set_size_max: Option<u32>,
    /// Weeks between set meetings.
    pub cadence_weeks: Option<u32>,
    #[serde(default)]
    pub eligibility: Eligibility,
    #[serde(default)]
    pub pilot: bool,
    /// How matching weighs its criteria (edited per programme by the coordinator).
    #[serde(default)]
    pub matching: MatchingCriteria,
}

impl ProgrammeRules {
    /// Checks the rules are coherent for the programme kind; errors name form fields.
    pub fn validate(&self, kind: ProgrammeKind) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let positive = |v: Option<u32>| v.is_none_or(|v| v > 0);
        if !positive(self.session_cap) {
            e.add("session_cap", "error.must_be_positive");
        }
        if !positive(self.session_minutes) {
            e.add("session_minutes", "error.must_be_positive");
        }
        if self.session_minutes.is_some_and(|m| m > 24 * 60) {
            e.add("session_minutes", "error.session_too_long");
        }
        if !positive(self.term_months) {
            e.add("term_months", "error.must_be_positive");
        }
        if !positive(self.cadence_weeks) {
            e.add("cadence_weeks", "error.must_be_positive");
        }
        if self.modes.is_empty() {
            e.add("modes", "error.choose_a_mode");
        }
        if let (Some(lo), Some(hi)) = (self.mentor_load_min, self.mentor_load_max)
            && lo > hi
        {
            e.add("mentor_load_max", "error.max_below_min");
        }
        if !positive(self.mentor_load_max) {
            e.add("mentor_load_max", "error.must_be_positive");
        }
        match (self.set_size_min, self.set_size_max) {
            (Some(lo), Some(hi)) if lo > hi => e.add("set_size_max", "error.max_below_min"),
            (Some(0), _) => e.add("set_size_min", "error.must_be_positive"),
            _ => {}
        }
        if kind == ProgrammeKind::ActionLearningSets
            && (self.set_size_min.is_none() || self.set_size_max.is_none())
        {
            e.add("set_size_min", "error.set_sizes_required");
        }
        for (system, lo, hi) in &self.eligibility.grade_ranges {
            match (system.grade(lo), system.grade(hi)) {
                (Some(a), Some(b)) if a.rank <= b.rank => {}
                (Some(_), Some(_)) => e.add("eligibility", "error.grade_range_reversed"),
                _ => e.add_with(
                    "eligibility",
                    "error.unknown_grade",
                    &[("system", system.code())],
                ),
            }
        }
        e.into_result()
    }

    /// Total minutes a relationship may use, when both cap and length are set.
    pub fn minutes_cap(&self) -> Option<u32> {
        Some(self.session_cap? * self.session_minutes?)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub id: ProgrammeId,
    pub scheme_id: SchemeId,
    pub name: String,
    pub kind: ProgrammeKind,
    pub description: String,
    pub rules: ProgrammeRules,
}

/// One round of recruitment and matching for a programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    pub id: IntakeId,
    pub programme_id: ProgrammeId,
    pub name: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub places: Vec<IntakePlace>,
}

/// How many of an organisation's staff an intake takes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntakePlace {
    pub organisation_id: OrganisationId,
    pub places: u32,
}

impl Intake {
    /// Dates must run opens ≤ closes ≤ starts.
    pub fn validate_dates(
        opens_on: NaiveDate,
        closes_on: NaiveDate,
        starts_on: NaiveDate,
    ) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        if closes_on < opens_on {
            e.add("closes_on", "error.closes_before_opens");
        }
        if starts_on < closes_on {
            e.add("starts_on", "error.starts_before_closes");
        }
        e.into_result()
    }
}
