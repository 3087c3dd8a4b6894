//! Why a use case refused a request that was understood and allowed: the state of things stands
//! in the way (a deadline passed, a cap is reached, someone else acted first, places are full).
//!
//! Each reason is a [`Refusal`] variant carrying what its explanation needs (the date, the cap,
//! the organisation), and [`Refusal::message`] is the one place that turns a reason into a
//! translation key and placeholder values. Code decides on the variant, never on the words.

use chrono::NaiveDate;

/// A reason the state of things refuses a request. Nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    // ----- recruitment (shown against a form field, see [`Refusal::field`]) -----
    /// The intake does not take applications today.
    IntakeClosed,
    /// The applicant has applied for this role in this intake already.
    AlreadyApplied,
    /// Approving would pass the organisation's places in the intake: all are taken.
    PlacesFull {
        places: u32,
        organisation: String,
        intake: String,
    },
    /// The application moved on since the coordinator looked at it.
    DecisionOutdated,
    /// The application is not waiting for the decision asked for.
    CannotDecide,
    /// A coordinator asked to decide their own application: another coordinator decides it.
    OwnApplication,
    /// The application has reached a status it cannot be withdrawn from.
    CannotWithdraw,
    /// The application moved on since the applicant looked at it.
    WithdrawalOutdated,

    // ----- matching -----
    /// Matching was asked for with nobody approved and waiting.
    EmptyPool,
    /// Only the newest draft run can be published, and only once.
    RunNotDraft,
    /// The pool changed since the run (an application, a mentor's load or a pin).
    InputsChanged,
    /// Swapping partners was asked for in a programme of sets.
    SwapPairsOnly,
    /// A mentee ranked mentors while their application is not waiting to be matched.
    ShortlistNotInPool,

    // ----- offers, agreements and relationships -----
    /// An offer was accepted after its deadline.
    OfferClosed { deadline: NaiveDate },
    /// An offer was let lapse before its deadline.
    OfferStillOpen,
    /// A member answered an offer they had answered already.
    AlreadyAnswered,
    /// The agreement changed since the member opened it.
    AgreementChanged,
    /// The relationship is not at a stage where this can be done.
    RelationshipStage,
    /// A fit check before the first session.
    FitBeforeFirstSession,
    /// Logging one more session would pass the programme's cap on sessions.
    LoggedSessionsCap { cap: u32 },
    /// Logging the session would pass the programme's cap on minutes.
    LoggedMinutesCap { cap: u32 },

    // ----- booked sessions -----
    /// Booking one more session would pass the programme's cap on sessions.
    BookedSessionsCap { cap: u32 },
    /// Booking the session would pass the programme's cap on minutes.
    BookedMinutesCap { cap: u32 },
    /// One of the members has another session at that time.
    SessionOverlap,
    /// The session changed since the member opened it.
    SessionChanged,
    /// Sessions are booked only while the relationship is active or winding down.
    NotLive,
    /// Only a proposal for a future time can be confirmed.
    CannotConfirm,
    /// The member who proposed a time cannot confirm it themselves.
    ConfirmOwn,
    /// Only a proposed or confirmed future session can be moved or cancelled.
    CannotChange,
    /// Too late to move or cancel: the agreement asks for `hours` hours' notice.
    WithinNotice { hours: u32 },
    /// Only a confirmed session that has started can be marked as held.
    CannotMarkHeld,

    // ----- action learning sets -----
    /// The set is not running.
    SetNotActive,
    /// The meeting's attendance is recorded, so it happened when it happened.
    MeetingHeld,
    /// A presenter's issue is recorded, so the rota stays.
    IssuesRecorded,
    /// Attendance before the day of the meeting.
    MeetingNotYetHeld,
    /// Presenting before the rota is agreed.
    RotaNotAgreed,

    // ----- reverse mentoring and shadowing pairs -----
    /// The pair is not running.
    PairNotRunning,
    /// A shadowing day marked done before the day itself.
    DayNotYet,
    /// Milestones and measures before the project's title and aim.
    ProjectFirst,

    // ----- growth -----
    /// New goals in a closed relationship.
    RelationshipClosed,

    // ----- surveys -----
    /// Changing a survey someone has answered: its questions stay as they were answered.
    SurveyAnswered,
    /// The survey changed since the form was shown (or the builder opened it).
    SurveyChanged,
    /// The survey request was answered or declined already.
    SurveyDone,
    /// The survey request is not open (its wave closed, or has not opened yet).
    WaveClosed,

    // ----- first run -----
    /// Setting up a database that holds a scheme already: says what is there.
    SchemeExists {
        name: String,
        organisations: u64,
        accounts: u64,
    },

    // ----- roles -----
    /// Revoking the scheme's last administrator: nobody would be left to configure it.
    LastAdministrator,
    /// Revoking the scheme's last scheme coordinator: nobody would be left to run it.
    LastSchemeCoordinator,

    // ----- any use case -----
    /// The store refused a change for a reason the use case did not expect to explain: the data
    /// changed while the request was on its way.
    ChangedMeanwhile,

    // ----- registration and nominations -----
    /// The scheme does not take self-registrations.
    RegistrationClosed,
    /// An application of a self-registered person cannot be approved before their employment
    /// is confirmed by the organisation they named.
    EmploymentNotConfirmed { organisation: String },
    /// The registration was decided (confirmed or ended) by someone else first.
    RegistrationDecided,
    /// The nomination was completed or declined already.
    NominationAnswered,

    // ----- the peer network -----
    /// The two people have an open conversation request already (from either side).
    PeerRequestOpen,
    /// The asker sent the most requests allowed in 24 hours.
    PeerDailyCap { cap: u32 },
    /// The conversation request was answered already, or its recipient left the directory.
    PeerRequestClosed,
}

impl Refusal {
    /// The translation key of the explanation and its placeholder values: the one place a reason
    /// becomes words.
    pub fn message(&self) -> (&'static str, Vec<(&'static str, String)>) {
        let none = Vec::new();
        match self {
            Self::IntakeClosed => ("error.applications.intake_closed", none),
            Self::SchemeExists {
                name,
                organisations,
                accounts,
            } => (
                "error.setup.scheme_exists",
                vec![
                    ("name", name.clone()),
                    ("organisations", organisations.to_string()),
                    ("accounts", accounts.to_string()),
                ],
            ),
            Self::AlreadyApplied => ("error.applications.already_applied", none),
            Self::PlacesFull {
                places,
                organisation,
                intake,
            } => (
                "error.applications.places_full",
                vec![
                    ("places", places.to_string()),
                    ("organisation", organisation.clone()),
                    ("intake", intake.clone()),
                ],
            ),
            Self::DecisionOutdated | Self::WithdrawalOutdated => {
                ("error.applications.status_changed", none)
            }
            Self::CannotDecide => ("error.applications.cannot_decide", none),
            Self::OwnApplication => ("kinds.error.own_application", none),
            Self::CannotWithdraw => ("error.applications.cannot_withdraw", none),
            Self::EmptyPool => ("error.matching.empty_pool", none),
            Self::RunNotDraft => ("error.matching.not_a_draft", none),
            Self::InputsChanged => ("error.matching.inputs_changed", none),
            Self::SwapPairsOnly => ("error.matching.swap_pairs_only", none),
            Self::ShortlistNotInPool => ("error.matching.shortlist_not_in_pool", none),
            Self::OfferClosed { deadline } => (
                "error.matching.offer_closed",
                vec![("date", deadline.format("%Y-%m-%d").to_string())],
            ),
            Self::OfferStillOpen => ("error.matching.offer_still_open", none),
            Self::AlreadyAnswered => ("error.matching.already_answered", none),
            Self::AgreementChanged => ("error.matching.agreement_changed", none),
            Self::RelationshipStage => ("error.matching.wrong_status", none),
            Self::FitBeforeFirstSession => ("error.matching.fit_after_first_session", none),
            Self::LoggedSessionsCap { cap } => (
                "error.matching.session_cap_reached",
                vec![("cap", cap.to_string())],
            ),
            Self::LoggedMinutesCap { cap } => (
                "error.matching.minutes_cap_reached",
                vec![("cap", cap.to_string())],
            ),
            Self::BookedSessionsCap { cap } => {
                ("error.sessions.session_cap", vec![("cap", cap.to_string())])
            }
            Self::BookedMinutesCap { cap } => {
                ("error.sessions.minutes_cap", vec![("cap", cap.to_string())])
            }
            Self::SessionOverlap => ("error.sessions.overlap", none),
            Self::SessionChanged => ("error.sessions.changed", none),
            Self::NotLive => ("error.sessions.not_live", none),
            Self::CannotConfirm => ("error.sessions.cannot_confirm", none),
            Self::ConfirmOwn => ("error.sessions.confirm_own", none),
            Self::CannotChange => ("error.sessions.cannot_change", none),
            Self::WithinNotice { hours } => {
                ("error.sessions.notice", vec![("hours", hours.to_string())])
            }
            Self::CannotMarkHeld => ("error.sessions.cannot_mark_held", none),
            Self::SetNotActive => ("error.sets.not_active", none),
            Self::MeetingHeld => ("error.sets.already_held", none),
            Self::IssuesRecorded => ("error.sets.issues_recorded", none),
            Self::MeetingNotYetHeld => ("error.sets.not_yet_held", none),
            Self::RotaNotAgreed => ("error.sets.rota_not_agreed", none),
            Self::PairNotRunning => ("error.pairs.not_running", none),
            Self::DayNotYet => ("error.pairs.day_not_yet", none),
            Self::ProjectFirst => ("error.pairs.project_first", none),
            Self::RelationshipClosed => ("error.growth.relationship_closed", none),
            Self::SurveyAnswered => ("surveys.error.answered", none),
            Self::SurveyChanged => ("surveys.error.changed", none),
            Self::SurveyDone => ("surveys.error.done", none),
            Self::WaveClosed => ("surveys.error.closed", none),
            Self::LastAdministrator => ("roles.error.last_administrator", none),
            Self::LastSchemeCoordinator => ("roles.error.last_scheme_coordinator", none),
            Self::ChangedMeanwhile => ("error.page.changed_meanwhile", none),
            Self::RegistrationClosed => ("registration.error.closed", none),
            Self::EmploymentNotConfirmed { organisation } => (
                "registration.error.employment_not_confirmed",
                vec![("organisation", organisation.clone())],
            ),
            Self::RegistrationDecided => ("registration.error.decided", none),
            Self::NominationAnswered => ("nominations.error.answered", none),
            Self::PeerRequestOpen => ("peers.error.request_open", none),
            Self::PeerDailyCap { cap } => ("peers.error.daily_cap", vec![("cap", cap.to_string())]),
            Self::PeerRequestClosed => ("peers.error.request_closed", none),
        }
    }

    /// The form field a refusal is about, for the refusals a form shows in its error summary
    /// next to its own field errors (recruitment's forms); `None` for the rest, which are
    /// explained on their own.
    pub fn field(&self) -> Option<&'static str> {
        match self {
            Self::IntakeClosed => Some("intake"),
            Self::AlreadyApplied => Some("role"),
            Self::PlacesFull { .. }
            | Self::DecisionOutdated
            | Self::CannotDecide
            | Self::OwnApplication
            | Self::EmploymentNotConfirmed { .. } => Some("decision"),
            Self::CannotWithdraw | Self::WithdrawalOutdated => Some("withdraw"),
            _ => None,
        }
    }

    /// One of every reason, with made-up values, so tests can check that every reason has its
    /// words in every language. Each reason names the next one in a `match` without a wildcard,
    /// so a new variant does not compile until it takes its place in the chain.
    pub fn examples() -> Vec<Refusal> {
        let mut all = Vec::new();
        let mut next = Some(Self::IntakeClosed);
        while let Some(r) = next {
            next = match &r {
                Self::IntakeClosed => Some(Self::AlreadyApplied),
                Self::AlreadyApplied => Some(Self::PlacesFull {
                    places: 2,
                    organisation: "Riverside Trust".into(),
                    intake: "Spring 2025".into(),
                }),
                Self::PlacesFull { .. } => Some(Self::DecisionOutdated),
                Self::DecisionOutdated => Some(Self::CannotDecide),
                Self::CannotDecide => Some(Self::OwnApplication),
                Self::OwnApplication => Some(Self::CannotWithdraw),
                Self::CannotWithdraw => Some(Self::WithdrawalOutdated),
                Self::WithdrawalOutdated => Some(Self::EmptyPool),
                Self::EmptyPool => Some(Self::RunNotDraft),
                Self::RunNotDraft => Some(Self::InputsChanged),
                Self::InputsChanged => Some(Self::SwapPairsOnly),
                Self::SwapPairsOnly => Some(Self::ShortlistNotInPool),
                Self::ShortlistNotInPool => Some(Self::OfferClosed {
                    deadline: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap_or_default(),
                }),
                Self::OfferClosed { .. } => Some(Self::OfferStillOpen),
                Self::OfferStillOpen => Some(Self::AlreadyAnswered),
                Self::AlreadyAnswered => Some(Self::AgreementChanged),
                Self::AgreementChanged => Some(Self::RelationshipStage),
                Self::RelationshipStage => Some(Self::FitBeforeFirstSession),
                Self::FitBeforeFirstSession => Some(Self::LoggedSessionsCap { cap: 12 }),
                Self::LoggedSessionsCap { .. } => Some(Self::LoggedMinutesCap { cap: 720 }),
                Self::LoggedMinutesCap { .. } => Some(Self::BookedSessionsCap { cap: 12 }),
                Self::BookedSessionsCap { .. } => Some(Self::BookedMinutesCap { cap: 720 }),
                Self::BookedMinutesCap { .. } => Some(Self::SessionOverlap),
                Self::SessionOverlap => Some(Self::SessionChanged),
                Self::SessionChanged => Some(Self::NotLive),
                Self::NotLive => Some(Self::CannotConfirm),
                Self::CannotConfirm => Some(Self::ConfirmOwn),
                Self::ConfirmOwn => Some(Self::CannotChange),
                Self::CannotChange => Some(Self::WithinNotice { hours: 24 }),
                Self::WithinNotice { .. } => Some(Self::CannotMarkHeld),
                Self::CannotMarkHeld => Some(Self::SetNotActive),
                Self::SetNotActive => Some(Self::MeetingHeld),
                Self::MeetingHeld => Some(Self::IssuesRecorded),
                Self::IssuesRecorded => Some(Self::MeetingNotYetHeld),
                Self::MeetingNotYetHeld => Some(Self::RotaNotAgreed),
                Self::RotaNotAgreed => Some(Self::PairNotRunning),
                Self::PairNotRunning => Some(Self::DayNotYet),
                Self::DayNotYet => Some(Self::ProjectFirst),
                Self::ProjectFirst => Some(Self::RelationshipClosed),
                Self::RelationshipClosed => Some(Self::SurveyAnswered),
                Self::SurveyAnswered => Some(Self::SurveyChanged),
                Self::SurveyChanged => Some(Self::SurveyDone),
                Self::SurveyDone => Some(Self::WaveClosed),
                Self::WaveClosed => Some(Self::SchemeExists {
                    name: "North Region Network".into(),
                    organisations: 3,
                    accounts: 2,
                }),
                Self::SchemeExists { .. } => Some(Self::LastAdministrator),
                Self::LastAdministrator => Some(Self::LastSchemeCoordinator),
                Self::LastSchemeCoordinator => Some(Self::ChangedMeanwhile),
                Self::ChangedMeanwhile => Some(Self::RegistrationClosed),
                Self::RegistrationClosed => Some(Self::EmploymentNotConfirmed {
                    organisation: "Riverside Trust".into(),
                }),
                Self::EmploymentNotConfirmed { .. } => Some(Self::RegistrationDecided),
                Self::RegistrationDecided => Some(Self::NominationAnswered),
                Self::NominationAnswered => Some(Self::PeerRequestOpen),
                Self::PeerRequestOpen => Some(Self::PeerDailyCap { cap: 5 }),
                Self::PeerDailyCap { .. } => Some(Self::PeerRequestClosed),
                Self::PeerRequestClosed => None,
            };
            all.push(r);
        }
        all
    }
}

impl std::fmt::Display for Refusal {
    /// The translation key, for logs and `Debug`-free error chains (never personal data).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message().0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conflict_key;
    use std::collections::HashSet;
    use tandem_i18n::{I18n, Lang};
    use tandem_storage::UniqueField;

    /// Every placeholder of `key`'s text in `lang` is filled by `params`, so no reader sees a
    /// raw `{name}`.
    fn reads_in_full(lang: Lang, key: &str, params: &[(&str, String)]) -> Result<(), String> {
        let i18n = I18n::shared();
        if !i18n.has(lang, key) {
            return Err(format!("{key} has no {lang:?} text"));
        }
        let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let text = i18n.t_with(lang, key, &pairs);
        if text.contains('{') {
            return Err(format!(
                "{key} in {lang:?} leaves a placeholder unfilled: {text}"
            ));
        }
        Ok(())
    }

    #[test]
    fn every_refusal_has_its_words_in_both_languages() {
        let all = Refusal::examples();
        let mut problems = Vec::new();
        for r in &all {
            let (key, params) = r.message();
            for lang in Lang::ALL {
                if let Err(p) = reads_in_full(lang, key, &params) {
                    problems.push(p);
                }
            }
        }
        assert!(problems.is_empty(), "{problems:#?}");
        // The chain visits each reason once.
        let distinct: HashSet<String> = all.iter().map(|r| format!("{r:?}")).collect();
        assert_eq!(distinct.len(), all.len());
        assert!(all.len() >= 40, "only {} reasons listed", all.len());
    }

    #[test]
    fn every_taken_field_has_its_words_in_both_languages() {
        let all = UniqueField::all();
        assert_eq!(all.len(), 11);
        let names: HashSet<&str> = all.iter().map(|f| f.name()).collect();
        assert_eq!(names.len(), all.len(), "field names are distinct");
        for field in all {
            for lang in Lang::ALL {
                reads_in_full(lang, conflict_key(field), &[]).unwrap();
            }
        }
    }

    #[test]
    fn explanations_carry_their_figures() {
        let en = |r: &Refusal| {
            let (key, params) = r.message();
            let pairs: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            I18n::shared().t_with(Lang::EnGb, key, &pairs)
        };
        let full = Refusal::PlacesFull {
            places: 3,
            organisation: "Riverside Trust".into(),
            intake: "Spring 2025".into(),
        };
        assert_eq!(
            en(&full),
            "All 3 places of Riverside Trust in Spring 2025 are taken; put the application on the waiting list instead."
        );
        let closed = Refusal::OfferClosed {
            deadline: NaiveDate::from_ymd_opt(2025, 3, 14).unwrap(),
        };
        assert!(en(&closed).contains("2025-03-14"), "{}", en(&closed));
        assert!(en(&Refusal::WithinNotice { hours: 48 }).contains("48 hours"));
        assert!(en(&Refusal::LoggedSessionsCap { cap: 12 }).contains("12 sessions"));
        assert!(en(&Refusal::BookedMinutesCap { cap: 720 }).contains("720 minutes"));
    }

    #[test]
    fn only_recruitment_refusals_name_a_form_field() {
        let with_field: Vec<(String, &str)> = Refusal::examples()
            .iter()
            .filter_map(|r| r.field().map(|f| (r.message().0.to_string(), f)))
            .collect();
        assert_eq!(with_field.len(), 9, "{with_field:?}");
        // Recruitment's, the approval refused for an unconfirmed employment and a coordinator's
        // own application (shown against the coordinator's decision like "places full").
        assert!(with_field.iter().all(|(key, _)| {
            key.starts_with("error.applications.")
                || key == "registration.error.employment_not_confirmed"
                || key == "kinds.error.own_application"
        }));
    }
}
