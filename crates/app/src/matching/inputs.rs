//! What a matching run reads and why it can fail: the snapshot of the pool ([`RunInputs`], its
//! [`Candidate`]s and the programme's assessment rules) and the coordinator's
//! [`RunParameters`]. A leaf of `matching`: the planner and its helpers (`assessment`,
//! `min_loads`, `reasons`) all read these types, so they live apart from all of them and no
//! helper has to import the planner that calls it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tandem_domain::assessment::DimensionMode;
use tandem_domain::{
    ApplicationId, ApplicationRole, FrameworkDimension, MatchingCriteria, Mode, OrganisationId,
    PersonId, Pin, ProgrammeKind, Slot,
};
use tandem_matching::fit::DimensionRule;

/// One approved applicant as matching sees them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Candidate {
    pub application_id: ApplicationId,
    pub person_id: PersonId,
    /// The application's version when read (part of the digest).
    pub version: u32,
    pub role: ApplicationRole,
    pub organisation_id: OrganisationId,
    /// The primary employment's profession as compared (`tandem_domain::words::profession_key`:
    /// the vocabulary code, else the folded text).
    pub profession: String,
    /// Seniority on the shared 1–8 scale (0 when the grade is unknown).
    pub level: u8,
    pub goals: Vec<FrameworkDimension>,
    pub expertise: Vec<FrameworkDimension>,
    pub availability: Vec<Slot>,
    pub modes: Vec<Mode>,
    pub line_manager: Option<PersonId>,
    pub managers_manager: Option<PersonId>,
    pub conflicts: Vec<PersonId>,
    /// People this applicant was matched with before in the intake (never proposed again).
    pub previous_partners: Vec<PersonId>,
    /// New partners this applicant can take: a mentor's free places (0 while paused, withdrawn
    /// or at their load); 1 for everyone else.
    pub capacity: u32,
    /// Assessment scores, one per dimension of [`RunInputs::assessment`] (empty when the person
    /// has none or has not consented). See `matching::assessment`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub assessment: Vec<Option<i64>>,
    /// Opaque tokens of the languages and background the person chose to give (consented
    /// equality data only): a pair sharing one earns the shared-background points.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub background: Vec<u64>,
}

/// Everything a run reads, in a canonical order (by application id).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunInputs {
    pub kind: ProgrammeKind,
    pub candidates: Vec<Candidate>,
    /// Set sizes (action learning), from the programme's rules.
    pub set_size: Option<(u32, u32)>,
    /// Shortlist mode: each mentee's ranking of their suggested mentors, first choice first.
    #[serde(default)]
    pub rankings: Vec<(ApplicationId, Vec<ApplicationId>)>,
    /// The programme's minimum load per mentor (one-to-one mentoring); absent = none. Skipped
    /// when absent so runs without a minimum keep their digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentor_load_min: Option<u32>,
    /// Mentees each pool mentor already has (only mentors with some), for the minimum.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentor_loads: Vec<(ApplicationId, u32)>,
    /// Assessment and shared-background rules, when the programme switched either on (absent,
    /// and left out of the digest, otherwise, so older runs read and compare as before).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assessment: Option<AssessmentRules>,
}

/// What the coordinator chose for a run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunParameters {
    pub criteria: MatchingCriteria,
    pub pins: Vec<Pin>,
    pub seed: u64,
}

impl RunParameters {
    /// The digest a run is published against: the pool *and* the coordinator's choices
    /// (criteria, pins), so locking or forbidding a pair after a run also makes it out of date.
    pub fn digest_with(&self, inputs: &RunInputs) -> String {
        let mut pins = self.pins.clone();
        pins.sort();
        let json =
            serde_json::to_vec(&(inputs, &self.criteria, &pins, self.seed)).unwrap_or_default();
        hex::encode(Sha256::digest(&json))
    }
}

/// Why a run cannot be made at all.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PlanError {
    #[error("the matching engine refused the problem: {0}")]
    Engine(String),
}

/// One weighted dimension of a run, in the order of each candidate's `assessment` scores.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunDimension {
    pub instrument_id: String,
    pub instrument: String,
    pub code: String,
    pub label: String,
    pub min: i64,
    pub max: i64,
    pub weight: i64,
    pub mode: DimensionMode,
}

impl RunDimension {
    pub(super) fn rule(&self) -> DimensionRule {
        DimensionRule {
            weight: self.weight,
            complement: self.mode == DimensionMode::Complementarity,
            min: self.min,
            max: self.max,
        }
    }
}

/// The programme's assessment and equality rules as a run read them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssessmentRules {
    /// Weighted dimensions (empty while assessment matching is off).
    pub dimensions: Vec<RunDimension>,
    /// Weight of a shared language or background (0 while equality-based matching is off).
    pub background_weight: i64,
}
