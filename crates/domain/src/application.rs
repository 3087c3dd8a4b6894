//! Recruitment: application forms, applications, their statuses and eligibility.
//!
//! An intake's form has a fixed part that matching needs (role, goals, expertise, availability,
//! modes) and a programme-specific part the coordinator builds from four question kinds. The
//! status of an application only moves along [`ApplicationStatus::can_move_to`], so a page, an API
//! call and a stale browser tab all meet the same rule.

use crate::framework::FrameworkDimension;
use crate::grades::GradeSystem;
use crate::ids::{ApplicationId, IntakeId, OrganisationId, PersonId};
use crate::organisation::OrganisationKind;
use crate::programme::{Mode, ProgrammeKind, ProgrammeRules};
use crate::validate::ValidationErrors;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The part a person applies to play.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationRole {
    Mentor,
    Mentee,
    /// Paired learning: the clinical side of a reciprocal pair (e.g. a registrar).
    PairClinician,
    /// Paired learning: the management side (e.g. a Band 7/8a manager).
    PairManager,
    /// Action learning: a member of a set.
    SetMember,
}

impl ApplicationRole {
    pub const ALL: [Self; 5] = [
        Self::Mentor,
        Self::Mentee,
        Self::PairClinician,
        Self::PairManager,
        Self::SetMember,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Mentor => "mentor",
            Self::Mentee => "mentee",
            Self::PairClinician => "pair_clinician",
            Self::PairManager => "pair_manager",
            Self::SetMember => "set_member",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// The roles a programme of this kind recruits.
    pub fn for_kind(kind: ProgrammeKind) -> &'static [Self] {
        match kind {
            ProgrammeKind::Mentoring | ProgrammeKind::VirtualCohort => {
                &[Self::Mentor, Self::Mentee]
            }
            ProgrammeKind::PairedLearning => &[Self::PairClinician, Self::PairManager],
            ProgrammeKind::ActionLearningSets => &[Self::SetMember],
        }
    }
}

/// Where an application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApplicationStatus {
    /// Started on the person's behalf by their organisation coordinator (a nomination): waiting
    /// for the person to complete the form and submit it, or to decline.
    Nominated,
    /// The person declined the nomination (final; the nominator sees it).
    NominationDeclined,
    /// Waiting for the line manager to agree protected time (through the e-mailed link).
    AwaitingManager,
    /// The line manager declined protected time.
    ManagerDeclined,
    /// Waiting for the applicant's organisation coordinator.
    AwaitingCoordinator,
    /// Holds one of the organisation's places: in the pool for matching.
    Approved,
    /// Approved in principle, but the organisation's places are taken.
    WaitingList,
    /// Refused by the organisation coordinator.
    Declined,
    /// Withdrawn by the applicant.
    Withdrawn,
    /// In a published match (an offer, or a live relationship).
    Matched,
}

impl ApplicationStatus {
    pub const ALL: [Self; 10] = [
        Self::Nominated,
        Self::NominationDeclined,
        Self::AwaitingManager,
        Self::ManagerDeclined,
        Self::AwaitingCoordinator,
        Self::Approved,
        Self::WaitingList,
        Self::Declined,
        Self::Withdrawn,
        Self::Matched,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Nominated => "nominated",
            Self::NominationDeclined => "nomination_declined",
            Self::AwaitingManager => "awaiting_manager",
            Self::ManagerDeclined => "manager_declined",
            Self::AwaitingCoordinator => "awaiting_coordinator",
            Self::Approved => "approved",
            Self::WaitingList => "waiting_list",
            Self::Declined => "declined",
            Self::Withdrawn => "withdrawn",
            Self::Matched => "matched",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the application holds one of its organisation's places (counted against them).
    pub fn holds_place(self) -> bool {
        matches!(self, Self::Approved | Self::Matched)
    }

    /// No further change is possible.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::ManagerDeclined | Self::Declined | Self::Withdrawn | Self::NominationDeclined
        )
    }

    /// The allowed moves. `Matched → Approved` is a person returned to the pool (a declined
    /// offer or a no-fault ending). A nomination is completed by its person (it then waits for
    /// the line manager or the coordinator, as any application submitted) or declined by them;
    /// nobody decides on it before it is complete.
    pub fn can_move_to(self, to: Self) -> bool {
        use ApplicationStatus::*;
        matches!(
            (self, to),
            (
                Nominated,
                AwaitingManager | AwaitingCoordinator | NominationDeclined
            ) | (
                AwaitingManager,
                ManagerDeclined | AwaitingCoordinator | Withdrawn
            ) | (
                AwaitingCoordinator,
                Approved | WaitingList | Declined | Withdrawn
            ) | (WaitingList, Approved | Declined | Withdrawn)
                | (Approved, Matched | Withdrawn)
                | (Matched, Approved | Withdrawn)
        )
    }
}

/// A half-day of the week in which someone can meet, the unit of availability.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Slot {
    /// 0 = Monday … 6 = Sunday.
    pub day: u8,
    /// 0 = morning, 1 = afternoon, 2 = evening.
    pub part: u8,
}

impl Slot {
    const DAYS: [&'static str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    const PARTS: [&'static str; 3] = ["am", "pm", "eve"];

    /// Every slot of the week, Monday morning first.
    pub fn all() -> impl Iterator<Item = Slot> {
        (0..7u8).flat_map(|day| (0..3u8).map(move |part| Slot { day, part }))
    }

    /// `mon_am`, `wed_pm`, `fri_eve`…: used in forms, storage and translation keys.
    pub fn code(self) -> String {
        format!(
            "{}_{}",
            Self::DAYS[usize::from(self.day)],
            Self::PARTS[usize::from(self.part)]
        )
    }

    pub fn from_code(code: &str) -> Option<Self> {
        let (d, p) = code.split_once('_')?;
        Some(Slot {
            day: Self::DAYS.iter().position(|x| *x == d)? as u8,
            part: Self::PARTS.iter().position(|x| *x == p)? as u8,
        })
    }

    /// Bit in a weekly availability bitset (21 slots).
    pub fn bit(self) -> u32 {
        1 << (u32::from(self.day) * 3 + u32::from(self.part))
    }
}

impl TryFrom<String> for Slot {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Slot::from_code(&s).ok_or_else(|| format!("unknown slot {s}"))
    }
}

impl From<Slot> for String {
    fn from(s: Slot) -> String {
        s.code()
    }
}

/// The fixed part of an application: what matching reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchingProfile {
    /// What the applicant wants to develop (mentee, pair or set member).
    #[serde(default)]
    pub goals: Vec<FrameworkDimension>,
    /// What the applicant can offer (mentor, pair or set member).
    #[serde(default)]
    pub expertise: Vec<FrameworkDimension>,
    #[serde(default)]
    pub availability: Vec<Slot>,
    #[serde(default)]
    pub modes: Vec<Mode>,
    /// People the applicant must not be matched with (declared conflicts of interest).
    #[serde(default)]
    pub conflicts: Vec<PersonId>,
}

impl MatchingProfile {
    pub fn availability_bits(&self) -> u32 {
        self.availability.iter().fold(0, |acc, s| acc | s.bit())
    }

    /// Checks the profile for an application to `role` under the programme's modes.
    pub fn validate(&self, role: ApplicationRole, modes: &[Mode]) -> Result<(), ValidationErrors> {
        let mut e = ValidationErrors::new();
        let wants_goals = role != ApplicationRole::Mentor;
        if wants_goals && self.goals.is_empty() {
            e.add("goals", "error.choose_a_goal");
        }
        if role == ApplicationRole::Mentor && self.expertise.is_empty() {
            e.add("expertise", "error.choose_expertise");
        }
        if self.availability.is_empty() {
            e.add("availability", "error.choose_availability");
        }
        if self.modes.is_empty() {
            e.add("modes", "error.choose_a_mode");
        } else if self.modes.iter().any(|m| !modes.contains(m)) {
            e.add("modes", "error.mode_not_offered");
        }
        e.into_result()
    }
}

/// The kinds of question a coordinator can add to an intake's form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    Text,
    SingleChoice,
    MultipleChoice,
    /// A whole number from 1 to `scale_max`.
    Scale,
}

impl QuestionKind {
    pub const ALL: [Self; 4] = [
        Self::Text,
        Self::SingleChoice,
        Self::MultipleChoice,
        Self::Scale,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Text => "text",
            Self::SingleChoice => "single_choice",
            Self::MultipleChoice => "multiple_choice",
            Self::Scale => "scale",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Longest free-text answer accepted.
pub const MAX_ANSWER_CHARS: usize = 4000;
/// Most questions on one form, and most options of one question.
pub const MAX_QUESTIONS: usize = 30;
pub const MAX_OPTIONS: usize = 20;

/// One programme-specific question. The text is the coordinator's own words (not translated:
/// a Dutch intake is written in Dutch).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable key within the form (answers refer to it), e.g. `q1`.
    pub key: String,
    pub kind: QuestionKind,
    pub prompt: String,
    #[serde(default)]
    pub hint: String,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub scale_max: Option<u8>,
    pub required: bool,
    /// Roles the question is asked of; empty = everyone.
    #[serde(default)]
    pub roles: Vec<ApplicationRole>,
}

impl Question {
    pub fn asked_of(&self, role: ApplicationRole) -> bool {
        self.roles.is_empty() || self.roles.contains(&role)
    }
}

/// An answer: text, one option, several options or a scale point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Answer {
    Number(u8),
    Text(String),
    Choices(Vec<String>),
}

/// Answers by question key.
pub type Answers = BTreeMap<String, Answer>;

/// Checks a form's questions are well built (errors name `questions`).
pub fn validate_questions(questions: &[Question]) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    if questions.len() > MAX_QUESTIONS {
        e.add_with(
            "questions",
            "error.too_many_questions",
            &[("max", &MAX_QUESTIONS.to_string())],
        );
    }
    let mut keys = std::collections::HashSet::new();
    for q in questions {
        let field = format!("question_{}", q.key);
        if q.key.is_empty() || !keys.insert(q.key.as_str()) {
            e.add(&field, "error.question_key");
        }
        if q.prompt.trim().is_empty() {
            e.add(&field, "error.question_prompt_required");
        }
        match q.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                let clean: Vec<_> = q.options.iter().filter(|o| !o.trim().is_empty()).collect();
                if clean.len() < 2 {
                    e.add(&field, "error.question_needs_options");
                } else if clean.len() > MAX_OPTIONS {
                    e.add(&field, "error.question_too_many_options");
                }
            }
            QuestionKind::Scale => {
                if !matches!(q.scale_max, Some(2..=10)) {
                    e.add(&field, "error.question_scale");
                }
            }
            QuestionKind::Text => {}
        }
    }
    e.into_result()
}

/// Checks answers against the questions asked of `role`; unknown keys are dropped by the caller.
/// Errors name `answer_<key>`.
pub fn validate_answers(
    questions: &[Question],
    role: ApplicationRole,
    answers: &Answers,
) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    for q in questions.iter().filter(|q| q.asked_of(role)) {
        let field = format!("answer_{}", q.key);
        let a = answers.get(&q.key);
        let empty = match a {
            None => true,
            Some(Answer::Text(t)) => t.trim().is_empty(),
            Some(Answer::Choices(c)) => c.is_empty(),
            Some(Answer::Number(_)) => false,
        };
        if empty {
            if q.required {
                e.add(&field, "error.answer_required");
            }
            continue;
        }
        let ok = match (q.kind, a) {
            (QuestionKind::Text, Some(Answer::Text(t))) => {
                if let Err(err) = crate::text::block(t, MAX_ANSWER_CHARS) {
                    err.record(&mut e, &field);
                }
                true
            }
            (QuestionKind::SingleChoice, Some(Answer::Choices(c))) => {
                c.len() == 1 && q.options.contains(&c[0])
            }
            (QuestionKind::SingleChoice, Some(Answer::Text(t))) => q.options.contains(t),
            (QuestionKind::MultipleChoice, Some(Answer::Choices(c))) => {
                c.iter().all(|x| q.options.contains(x))
            }
            (QuestionKind::MultipleChoice, Some(Answer::Text(t))) => q.options.contains(t),
            (QuestionKind::Scale, Some(Answer::Number(n))) => {
                (1..=q.scale_max.unwrap_or(5)).contains(n)
            }
            _ => false,
        };
        if !ok {
            e.add(&field, "error.answer_invalid");
        }
    }
    e.into_result()
}

/// An application to play one role in one intake.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Application {
    pub id: ApplicationId,
    pub intake_id: IntakeId,
    pub person_id: PersonId,
    pub role: ApplicationRole,
    /// The organisation whose places the application uses (the applicant's primary employer).
    pub organisation_id: OrganisationId,
    pub status: ApplicationStatus,
    pub profile: MatchingProfile,
    pub answers: Answers,
    /// Who was asked to agree protected time (None = no line manager on record: the step is
    /// skipped and the organisation coordinator decides).
    pub line_manager_id: Option<PersonId>,
    pub submitted_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Raised by storage on every change (matching runs record the versions they read).
    pub version: u32,
}

/// One step of an application's history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplicationEvent {
    pub application_id: ApplicationId,
    pub at: DateTime<Utc>,
    /// Who acted; None for the line manager acting through the e-mailed link.
    pub actor_id: Option<PersonId>,
    pub status: ApplicationStatus,
    /// A translation key describing the step (e.g. `history.manager_approved`).
    pub note: String,
}

/// What eligibility needs to know about the applicant.
#[derive(Clone, Debug)]
pub struct Applicant<'a> {
    pub grade_system: Option<GradeSystem>,
    pub grade: Option<&'a str>,
    pub profession: Option<&'a str>,
    pub organisation_kind: Option<OrganisationKind>,
    /// Holds a recorded mentor-training qualification.
    pub mentor_trained: bool,
}

/// Why someone may not apply: a translation key with its parameters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Ineligible {
    pub reason: &'static str,
    pub params: Vec<(String, String)>,
}

/// Checks an applicant against the programme's rules for `role`; the first failing rule is the
/// reason given, so the applicant learns exactly what stands in the way.
pub fn check_eligibility(
    kind: ProgrammeKind,
    rules: &ProgrammeRules,
    role: ApplicationRole,
    who: &Applicant<'_>,
) -> Result<(), Ineligible> {
    let fail =
        |reason: &'static str, params: Vec<(String, String)>| Err(Ineligible { reason, params });
    if !ApplicationRole::for_kind(kind).contains(&role) {
        return fail("eligibility.role_not_offered", vec![]);
    }
    let el = &rules.eligibility;
    if !el.grade_ranges.is_empty() {
        let in_range = match (who.grade_system, who.grade) {
            (Some(system), Some(code)) => system.grade(code).is_some_and(|g| {
                el.grade_ranges.iter().any(|(s, lo, hi)| {
                    *s == system
                        && matches!((s.grade(lo), s.grade(hi)), (Some(l), Some(h)) if l.rank <= g.rank && g.rank <= h.rank)
                })
            }),
            _ => false,
        };
        if !in_range {
            let allowed = el
                .grade_ranges
                .iter()
                .map(|(s, lo, hi)| format!("{} {lo}–{hi}", s.code()))
                .collect::<Vec<_>>()
                .join(", ");
            return fail("eligibility.grade", vec![("allowed".into(), allowed)]);
        }
    }
    if !el.professions.is_empty() {
        let ok = who.profession.is_some_and(|p| {
            el.professions
                .iter()
                .any(|x| crate::words::profession_key(x) == crate::words::profession_key(p))
        });
        if !ok {
            return fail(
                "eligibility.profession",
                vec![("allowed".into(), el.professions.join(", "))],
            );
        }
    }
    if !el.organisation_kinds.is_empty()
        && !who
            .organisation_kind
            .is_some_and(|k| el.organisation_kinds.contains(&k))
    {
        let allowed = el
            .organisation_kinds
            .iter()
            .map(|k| k.code())
            .collect::<Vec<_>>()
            .join(", ");
        return fail(
            "eligibility.organisation_kind",
            vec![("allowed".into(), allowed)],
        );
    }
    if el.mentor_training_required && role == ApplicationRole::Mentor && !who.mentor_trained {
        return fail("eligibility.mentor_training", vec![]);
    }
    Ok(())
}

/// How long a line manager's approval link works. Protected time is usually agreed within days;
/// two weeks covers leave without leaving a live credential in a mailbox for months.
pub const MANAGER_LINK_DAYS: i64 = 14;

/// A line manager's e-mailed approval link. The manager has no account, so the link itself is
/// the credential: only the SHA-256 hex of its random token is kept, it expires, and it works
/// once.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ManagerLink {
    pub token_hash: String,
    pub application_id: ApplicationId,
    pub manager_id: PersonId,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
}

impl ManagerLink {
    /// Whether the link can still be used at `now` (unused and unexpired).
    pub fn usable_at(&self, now: DateTime<Utc>) -> bool {
        self.used_at.is_none() && now < self.expires_at
    }
}

/// One organisation's places in an intake and how many are held by approved or matched
/// applications (kept by storage next to the places so approval is a single conditional update).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlaceUse {
    pub organisation_id: OrganisationId,
    pub places: u32,
    pub taken: u32,
}

impl PlaceUse {
    pub fn free(&self) -> u32 {
        self.places.saturating_sub(self.taken)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn final_statuses_have_no_way_out_and_every_live_one_can_be_withdrawn() {
        for from in ApplicationStatus::ALL {
            let outgoing: Vec<_> = ApplicationStatus::ALL
                .into_iter()
                .filter(|to| from.can_move_to(*to))
                .collect();
            if from.is_final() {
                assert!(outgoing.is_empty(), "{from:?} → {outgoing:?}");
            } else if from == ApplicationStatus::Nominated {
                // A nomination is declined, not withdrawn: the person never applied.
                assert!(from.can_move_to(ApplicationStatus::NominationDeclined));
                assert!(!from.can_move_to(ApplicationStatus::Withdrawn));
            } else {
                assert!(from.can_move_to(ApplicationStatus::Withdrawn), "{from:?}");
            }
            assert!(!from.can_move_to(from), "{from:?} moves to itself");
        }
    }

    #[test]
    fn a_nomination_is_completed_or_declined_and_never_decided_before() {
        use ApplicationStatus::*;
        assert!(Nominated.can_move_to(AwaitingCoordinator));
        assert!(Nominated.can_move_to(AwaitingManager));
        assert!(Nominated.can_move_to(NominationDeclined));
        for to in [Approved, WaitingList, Declined, Matched, ManagerDeclined] {
            assert!(!Nominated.can_move_to(to), "nominated → {to:?}");
        }
        assert!(NominationDeclined.is_final());
        assert!(!Nominated.holds_place());
        assert!(!NominationDeclined.holds_place());
        assert!(
            ApplicationStatus::ALL
                .iter()
                .all(|s| !s.can_move_to(Nominated))
        );
        assert_eq!(
            ApplicationStatus::from_code("nomination_declined"),
            Some(NominationDeclined)
        );
    }

    proptest! {
        /// Storage counts places by "entering a place-holding status takes one, leaving gives
        /// one back". Along any walk of allowed moves that count equals "holds a place now", so
        /// it can never drift from the applications themselves.
        #[test]
        fn place_counting_by_moves_matches_the_status(start in 0usize..3, steps in proptest::collection::vec(0usize..10, 0..40)) {
            let mut status = [ApplicationStatus::AwaitingManager, ApplicationStatus::Nominated, ApplicationStatus::AwaitingCoordinator][start];
            let mut taken = 0i32;
            for s in steps {
                let to = ApplicationStatus::ALL[s];
                if !status.can_move_to(to) {
                    continue;
                }
                match (status.holds_place(), to.holds_place()) {
                    (false, true) => taken += 1,
                    (true, false) => taken -= 1,
                    _ => {}
                }
                status = to;
                prop_assert_eq!(taken, i32::from(status.holds_place()));
            }
        }
    }

    #[test]
    fn manager_links_are_usable_once_before_they_expire() {
        let created = DateTime::parse_from_rfc3339("2026-01-01T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let link = ManagerLink {
            token_hash: "h".into(),
            application_id: ApplicationId::new(),
            manager_id: PersonId::new(),
            created_at: created,
            expires_at: created + chrono::Duration::days(MANAGER_LINK_DAYS),
            used_at: None,
        };
        assert!(link.usable_at(created + chrono::Duration::days(13)));
        assert!(!link.usable_at(created + chrono::Duration::days(14)));
        let used = ManagerLink {
            used_at: Some(created),
            ..link
        };
        assert!(!used.usable_at(created));
    }
}
