//! Mentor development: training and qualifications, supervision, and each mentor's status and
//! load. Matching reads [`MentorStanding`] so that nobody is matched while paused or withdrawn,
//! or beyond the load they agreed.

use crate::ids::{PersonId, SupervisionId, TrainingId};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

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
        let max = self.load_max.or(programme_max).unwrap_or(1);
        max.saturating_sub(current)
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
