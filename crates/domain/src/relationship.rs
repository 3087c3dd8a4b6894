//! Matching runs and the relationships they produce: offers, agreements, the lifecycle and
//! no-fault endings.
//!
//! A relationship moves `proposed → accepted → active → winding_down → closed`; from `proposed`
//! a decline ends it as `declined`, and from `accepted`, `active` or `winding_down` either party
//! may end it without fault (`ended`). Each move is checked by [`RelationshipStatus::can_move_to`].

use crate::application::{ApplicationRole, Slot};
use crate::ids::{ApplicationId, IntakeId, MatchRunId, OrganisationId, PersonId, RelationshipId};
use crate::programme::{Mode, ProgrammeKind};
use crate::text::Shape;
use crate::validate::ValidationErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// What a relationship is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    /// Mentor and mentee (mentoring and virtual cohorts).
    Mentoring,
    /// Reciprocal paired learning.
    Pair,
    /// An action learning set.
    Set,
}

impl RelationshipKind {
    pub fn for_programme(kind: ProgrammeKind) -> Self {
        match kind {
            ProgrammeKind::Mentoring | ProgrammeKind::VirtualCohort => Self::Mentoring,
            ProgrammeKind::PairedLearning => Self::Pair,
            ProgrammeKind::ActionLearningSets => Self::Set,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Mentoring => "mentoring",
            Self::Pair => "pair",
            Self::Set => "set",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Mentoring, Self::Pair, Self::Set]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipStatus {
    /// Published; waiting for every member to accept before the deadline.
    Proposed,
    /// Everyone accepted; waiting for every member to sign the agreement.
    Accepted,
    /// Agreement signed by everyone: running.
    Active,
    /// Approaching its end (the last sessions, the closing conversation).
    WindingDown,
    /// Finished as planned.
    Closed,
    /// A member declined the offer (or it lapsed at the deadline).
    Declined,
    /// Ended early, without fault, by one member.
    Ended,
}

impl RelationshipStatus {
    pub const ALL: [Self; 7] = [
        Self::Proposed,
        Self::Accepted,
        Self::Active,
        Self::WindingDown,
        Self::Closed,
        Self::Declined,
        Self::Ended,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Proposed => "proposed",
            Self::Accepted => "accepted",
            Self::Active => "active",
            Self::WindingDown => "winding_down",
            Self::Closed => "closed",
            Self::Declined => "declined",
            Self::Ended => "ended",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Still taking up the members (and a mentor's load).
    pub fn is_live(self) -> bool {
        matches!(
            self,
            Self::Proposed | Self::Accepted | Self::Active | Self::WindingDown
        )
    }

    pub fn can_move_to(self, to: Self) -> bool {
        use RelationshipStatus::*;
        matches!(
            (self, to),
            (Proposed, Accepted | Declined)
                | (Accepted, Active | Ended)
                | (Active, WindingDown | Closed | Ended)
                | (WindingDown, Closed | Ended)
        )
    }
}

/// A member's answer to the offer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OfferResponse {
    Pending,
    Accepted,
    Declined,
}

impl OfferResponse {
    pub fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Pending, Self::Accepted, Self::Declined]
            .into_iter()
            .find(|r| r.code() == code)
    }
}

/// The answer to "how is it going?" after the first session.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FitCheck {
    Good,
    Unsure,
    NotWorking,
}

impl FitCheck {
    pub const ALL: [Self; 3] = [Self::Good, Self::Unsure, Self::NotWorking];

    pub fn code(self) -> &'static str {
        match self {
            Self::Good => "good",
            Self::Unsure => "unsure",
            Self::NotWorking => "not_working",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub person_id: PersonId,
    pub application_id: ApplicationId,
    pub role: ApplicationRole,
    pub response: OfferResponse,
    pub responded_at: Option<DateTime<Utc>>,
    /// The agreement version this member signed, if any.
    pub signed_version: Option<u32>,
    pub signed_at: Option<DateTime<Utc>>,
    pub fit_check: Option<FitCheck>,
    /// When this member left by a no-fault ending (a set goes on without them).
    pub left_at: Option<DateTime<Utc>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relationship {
    pub id: RelationshipId,
    pub intake_id: IntakeId,
    pub run_id: Option<MatchRunId>,
    pub kind: RelationshipKind,
    pub status: RelationshipStatus,
    pub offer_deadline: DateTime<Utc>,
    pub meeting_slot: Option<Slot>,
    pub members: Vec<Member>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub activated_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl Relationship {
    pub fn member(&self, person: PersonId) -> Option<&Member> {
        self.members.iter().find(|m| m.person_id == person)
    }

    /// Members still in it (a set member who declined or ended has left the set).
    pub fn remaining(&self) -> impl Iterator<Item = &Member> {
        self.members
            .iter()
            .filter(|m| m.response != OfferResponse::Declined && m.left_at.is_none())
    }
}

/// The kind of agreement: one-way mentoring, reciprocal pair, or a set's contract.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AgreementKind {
    Mentoring,
    Reciprocal,
    SetContract,
}

impl AgreementKind {
    pub fn for_relationship(kind: RelationshipKind) -> Self {
        match kind {
            RelationshipKind::Mentoring => Self::Mentoring,
            RelationshipKind::Pair => Self::Reciprocal,
            RelationshipKind::Set => Self::SetContract,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Mentoring => "mentoring",
            Self::Reciprocal => "reciprocal",
            Self::SetContract => "set_contract",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Mentoring, Self::Reciprocal, Self::SetContract]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

/// What the members agree (PRODUCT.md: goals, frequency, channel, notice, confidentiality and its
/// limits). Free text is the members' own words.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgreementTerms {
    pub goals: String,
    /// e.g. "Every four weeks, 60 minutes".
    pub frequency: String,
    pub channel: Option<Mode>,
    /// Hours of notice to cancel or move a session.
    pub cancellation_notice_hours: u32,
    /// Anything the members add to the standard confidentiality terms.
    pub confidentiality_notes: String,
    /// Ground rules (a set's contract; optional for pairs).
    pub ground_rules: String,
}

/// Longest text of one agreement field.
pub const MAX_AGREEMENT_TEXT: usize = 4000;

impl AgreementTerms {
    /// The terms with every text normalised by the one text rule (NFC, line ends, trimmed), as
    /// they are stored once [`AgreementTerms::validate`] accepts them.
    pub fn normalised(mut self) -> Self {
        self.goals = crate::text::normalise(&self.goals, Shape::Block);
        self.frequency = crate::text::normalise(&self.frequency, Shape::Line);
        self.confidentiality_notes =
            crate::text::normalise(&self.confidentiality_notes, Shape::Block);
        self.ground_rules = crate::text::normalise(&self.ground_rules, Shape::Block);
        self
    }

    pub fn validate(&self, kind: AgreementKind) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        if self.goals.trim().is_empty() {
            e.add("goals", "error.agreement_goals_required");
        }
        if self.frequency.trim().is_empty() {
            e.add("frequency", "error.agreement_frequency_required");
        }
        if kind != AgreementKind::SetContract && self.channel.is_none() {
            e.add("channel", "error.choose_a_mode");
        }
        if kind == AgreementKind::SetContract && self.ground_rules.trim().is_empty() {
            e.add("ground_rules", "error.ground_rules_required");
        }
        if self.cancellation_notice_hours > 24 * 28 {
            e.add("cancellation_notice_hours", "error.notice_too_long");
        }
        // The one text rule: the frequency is one line, the others may hold line breaks.
        for (field, text, shape) in [
            ("goals", &self.goals, Shape::Block),
            ("frequency", &self.frequency, Shape::Line),
            (
                "confidentiality_notes",
                &self.confidentiality_notes,
                Shape::Block,
            ),
            ("ground_rules", &self.ground_rules, Shape::Block),
        ] {
            if let Err(err) = crate::text::clean(text, shape, MAX_AGREEMENT_TEXT) {
                err.record(&mut e, field);
            }
        }
        e.into_result()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub relationship_id: RelationshipId,
    pub kind: AgreementKind,
    pub terms: AgreementTerms,
    /// Raised on every edit; signatures name the version they signed.
    pub version: u32,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<PersonId>,
}

/// Status of a matching run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    /// Only the coordinator sees it.
    Draft,
    /// Its matches were offered to the participants.
    Published,
    /// A later run of the same intake replaced it before publication.
    Superseded,
}

impl RunStatus {
    pub fn code(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Published => "published",
            Self::Superseded => "superseded",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Draft, Self::Published, Self::Superseded]
            .into_iter()
            .find(|s| s.code() == code)
    }
}

/// A proposed pair or set in a run's result.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProposedMatch {
    /// Applications in the match: (mentee, mentor) for mentoring, (clinician, manager) for
    /// pairs, the members for sets.
    pub applications: Vec<ApplicationId>,
    /// Total score (0 for sets, which are judged by diversity).
    pub score: i64,
    /// Per-criterion points × weight, summing to `score`: (criterion code, value).
    pub breakdown: Vec<(String, i64)>,
    /// Hard constraints the match meets (criterion codes set to "must", plus the fixed ones).
    pub constraints_met: Vec<String>,
    /// The coordinator locked this pair: re-runs keep it.
    pub locked: bool,
    /// Sets: how many distinct organisations and professions the members span.
    pub organisations: u32,
    pub professions: u32,
    /// Sets: a weekly slot every member can make.
    pub shared_slot: Option<Slot>,
}

/// Why an approved applicant was left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnmatchedReason {
    /// No partner passes the hard constraints with them.
    NoEligiblePartner,
    /// Eligible partners exist but their places went to others, or (sets) there are too few
    /// people for a set of the programme's size.
    NoCapacity,
    /// A mentor who is paused, withdrawn or already at their load.
    MentorUnavailable,
    /// A mentor (or pair partner) whose eligible partners were all better placed elsewhere.
    PartnersPlacedElsewhere,
    /// Shortlist mode: the mentee ranked none of the mentors suggested to them.
    DidNotRank,
    /// Sets: fewer people in the pool than the programme's smallest set.
    TooFewForSet,
    /// Every partner on the other side fails at least one hard rule with them;
    /// [`Unmatched::rules`] says which rule excluded how many (replaces the vaguer
    /// `NoEligiblePartner` in new runs).
    BlockedByRules,
    /// A mentor left with no mentee by a run with a minimum load: their eligible mentees were
    /// needed to place more mentees or to bring other mentors up to the minimum.
    MentorBelowMinimum,
}

impl UnmatchedReason {
    pub fn code(self) -> &'static str {
        match self {
            Self::NoEligiblePartner => "no_eligible_partner",
            Self::NoCapacity => "no_capacity",
            Self::MentorUnavailable => "mentor_unavailable",
            Self::PartnersPlacedElsewhere => "partners_placed_elsewhere",
            Self::DidNotRank => "did_not_rank",
            Self::TooFewForSet => "too_few_for_set",
            Self::BlockedByRules => "blocked_by_rules",
            Self::MentorBelowMinimum => "mentor_below_minimum",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unmatched {
    pub application_id: ApplicationId,
    pub reason: UnmatchedReason,
    /// How many people on the other side were considered (the rest of the pool for sets).
    #[serde(default)]
    pub partners: u32,
    /// For [`UnmatchedReason::BlockedByRules`]: each hard rule that excluded a partner and how
    /// many it excluded (a partner failing two rules counts under both), in a fixed order.
    #[serde(default)]
    pub rules: Vec<RuleCount>,
}

/// One hard rule and the number of partners it excluded for an unmatched person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCount {
    /// A rule code (see `tandem_app::matching::reasons::Rule`).
    pub rule: String,
    pub partners: u32,
}

/// Placed and total applicants of one organisation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrganisationQuality {
    pub organisation_id: OrganisationId,
    pub placed: u32,
    pub applicants: u32,
    /// Mean score of this organisation's matches as a percentage of the best possible.
    pub mean_score_percent: u32,
}

/// What a run produced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunResult {
    pub matches: Vec<ProposedMatch>,
    pub unmatched: Vec<Unmatched>,
    pub total_score: i64,
    /// Mean score as a percentage of the best possible score per match.
    pub mean_score_percent: u32,
    /// Proven optimal (assignment) or the search's verdict (sets).
    pub optimal: bool,
    pub per_organisation: Vec<OrganisationQuality>,
    /// Pins the run could not honour (a lock on someone no longer in the pool, a lock beyond a
    /// mentor's load, a lock in a set programme).
    #[serde(default)]
    pub ignored_pins: Vec<Pin>,
    /// Mentors below the programme's minimum load, with the reason (empty without a minimum).
    #[serde(default)]
    pub mentors_below_min: Vec<crate::min_loads::MentorBelowMin>,
}

/// A saved matching run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchRun {
    pub id: MatchRunId,
    pub intake_id: IntakeId,
    /// 1, 2, 3… within the intake.
    pub number: u32,
    pub status: RunStatus,
    pub created_at: DateTime<Utc>,
    pub created_by: Option<PersonId>,
    /// Digest of the applications read (ids and versions) and of the standing of the mentors.
    pub inputs_digest: String,
    /// The snapshot the run read, as JSON text (reproducible: solving it again gives the same
    /// result).
    pub inputs: String,
    /// Criteria, locks and forbids, as JSON text.
    pub parameters: String,
    pub result: RunResult,
    pub published_at: Option<DateTime<Utc>>,
}

/// A session a relationship held (logged by a member, also after the fact).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLog {
    pub id: crate::ids::SessionId,
    pub relationship_id: RelationshipId,
    pub held_on: chrono::NaiveDate,
    pub minutes: u32,
    pub mode: Mode,
    pub logged_by: Option<PersonId>,
    pub logged_at: DateTime<Utc>,
    /// Topics discussed, shared between the members.
    #[serde(default)]
    pub topics: String,
    /// Action points agreed, shared between the members.
    #[serde(default)]
    pub action_points: String,
}

/// A coordinator's pin on a pair for the next runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PinKind {
    /// Keep these two together.
    Lock,
    /// Never put these two together.
    Forbid,
}

impl PinKind {
    pub fn code(self) -> &'static str {
        match self {
            Self::Lock => "lock",
            Self::Forbid => "forbid",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        [Self::Lock, Self::Forbid]
            .into_iter()
            .find(|k| k.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Pin {
    pub kind: PinKind,
    pub first: ApplicationId,
    pub second: ApplicationId,
}
