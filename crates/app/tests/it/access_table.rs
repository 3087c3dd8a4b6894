//! Who may call each public use case: the table [`CASES`], one row per use case (a few twice,
//! on different targets), each naming the policy decision it asks and sorting every kind of
//! person in [`Who`] into exactly one of four answers:
//!
//! - `ok`: allowed, and the call succeeds on the seeded world;
//! - `state`: allowed through, but the state of things refuses it (a refusal with a reason, or
//!   a field error), as a member is told why an offer can no longer be answered;
//! - `forbidden`: the policy says no and they may know the thing exists (`Forbidden`);
//! - `hidden`: the policy says no and the thing's existence stays hidden (`NotFound`).
//!
//! Functions taking no actor are listed in [`NO_ACTOR`] with the reason they need none, and
//! the few public functions taking an actor that are not use cases in [`NOT_USE_CASES`]. The
//! scan in `access.rs` fails when a public function of `crates/app/src` is in none of them.

use crate::access_world::{Who, World};
use std::future::Future;
use tandem_app::{
    AppError, AppResult, Context, accounts, applications, appraisal, assessments, audit_log,
    dashboard, evaluation, export, exports, growth, home, homes, import, intakes, matching,
    mentors, nominations, notify, organisations, pairs, peers, people, profiles, programmes,
    registration, rights, roles, sessions, sets, setup, sign_in, surveys,
};
use tandem_domain::growth::{CpdInput, GoalInput, GoalStatus, ReflectionInput};
use tandem_domain::mentor::{SupervisionInput, TrainingInput};
use tandem_domain::{
    Actor, AgreementTerms, ApplicationRole, Country, FitCheck, FrameworkDimension, GradeSystem,
    IntakePlace, Language, MatchingCriteria, MentorStatus, Mode, OrganisationKind, Pin, PinKind,
    ProgrammeKind, ProgrammeRules, RelationshipStatus, Role, RoleAssignment, Scope,
};

pub type Fut<'x> = std::pin::Pin<Box<dyn Future<Output = AppResult<()>> + 'x>>;
pub type Call = for<'x> fn(&'x Context, &'x World, &'x Actor) -> Fut<'x>;

/// One use case and who may call it.
pub struct Case {
    /// As callers write it: `module::function`.
    pub name: &'static str,
    /// The policy decision it asks (`tandem_domain::Action`), and on what.
    pub decision: &'static str,
    pub call: Call,
    pub ok: &'static [Who],
    pub state: &'static [Who],
    pub forbidden: &'static [Who],
    pub hidden: &'static [Who],
}

const SC: Who = Who::SchemeCoordinator;
const AD: Who = Who::Administrator;
const EV: Who = Who::Evaluator;
const CA: Who = Who::CoordinatorOfMember;
const CC: Who = Who::CoordinatorElsewhere;
const ME: Who = Who::Member;
const PA: Who = Who::Partner;
const NM: Who = Who::NonMember;
const NR: Who = Who::NoRole;
const OU: Who = Who::Outsider;
const NONE: &[Who] = &[];
/// Everyone holding a role in the scheme.
const SCHEME: &[Who] = &[SC, AD, EV, CA, CC, ME, PA, NM];
/// Everyone with a role anywhere (the scheme's people and the other scheme's coordinator).
const ROLES: &[Who] = &[SC, AD, EV, CA, CC, ME, PA, NM, OU];
/// Everyone but the scheme coordinator.
const NOT_SC: &[Who] = &[AD, EV, CA, CC, ME, PA, NM, NR];
/// The relationship's two members.
const MEMBERS: &[Who] = &[ME, PA];
/// Everyone who is not one of the relationship's members.
const NOT_MEMBERS: &[Who] = &[SC, AD, EV, CA, CC, NM, NR, OU];

macro_rules! case {
    ($name:literal, $decision:literal, |$c:ident, $w:ident, $a:ident| $call:expr,
     ok: $ok:expr, state: $state:expr, forbidden: $forbidden:expr, hidden: $hidden:expr $(,)?) => {
        Case {
            name: $name,
            decision: $decision,
            call: {
                fn call<'x>($c: &'x Context, $w: &'x World, $a: &'x Actor) -> Fut<'x> {
                    Box::pin(async move {
                        let _ = ($c, $w, $a);
                        $call.map(drop)
                    })
                }
                call
            },
            ok: $ok,
            state: $state,
            forbidden: $forbidden,
            hidden: $hidden,
        }
    };
}

/// A yes/no answer as an outcome: yes is success, no is `Forbidden`.
fn answer(yes: bool) -> AppResult<()> {
    if yes {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

fn profile_input() -> tandem_domain::profile::ProfileInput {
    tandem_domain::profile::ProfileInput {
        expertise: vec![FrameworkDimension::LeadingWithCare],
        languages: vec!["en".into()],
        mobile_phone: "07700 900123".into(),
        ..Default::default()
    }
}

fn survey_input() -> surveys::builder::SurveyInput {
    use tandem_domain::survey::{InstrumentCode, Item, LocalText, WaveKind};
    surveys::builder::SurveyInput {
        title: LocalText::new("Self-efficacy", ""),
        waves: vec![WaveKind::Baseline, WaveKind::End],
        items: vec![Item::Instrument {
            code: InstrumentCode::Gses,
        }],
    }
}

fn survey_answers() -> surveys::answer::SubmitInput {
    use tandem_domain::survey::AnswerValue;
    surveys::answer::SubmitInput {
        version: 1,
        answers: [("goal_attainment.1".to_owned(), AnswerValue::Number(6.0))].into(),
        research_consent: Some(true),
        share_free_text: false,
    }
}

fn organisation_input() -> organisations::OrganisationInput {
    organisations::OrganisationInput {
        name: "Delta Hospice".into(),
        kind: Some(OrganisationKind::Charity),
        country: Some(Country::UnitedKingdom),
    }
}

fn programme_input() -> programmes::ProgrammeInput {
    programmes::ProgrammeInput {
        name: "Reverse mentoring".into(),
        kind: Some(ProgrammeKind::Mentoring),
        description: String::new(),
        rules: ProgrammeRules {
            modes: vec![Mode::Video],
            ..ProgrammeRules::default()
        },
    }
}

fn intake_input(w: &World) -> intakes::IntakeInput {
    intakes::IntakeInput {
        name: "Spring".into(),
        opens_on: Some(w.day(-10)),
        closes_on: Some(w.day(10)),
        starts_on: Some(w.day(20)),
        places: [w.org_a, w.org_b, w.org_c]
            .into_iter()
            .map(|organisation_id| IntakePlace {
                organisation_id,
                places: 5,
            })
            .collect(),
    }
}

fn person_input(email: &str, w: &World) -> people::PersonInput {
    people::PersonInput {
        given_name: "Nia".into(),
        family_name: "New".into(),
        email: email.into(),
        language: Some(Language::EnGb),
        organisation_id: Some(w.org_a),
        job_title: "Ward manager".into(),
        profession: "Nursing".into(),
        grade_system: Some(GradeSystem::AgendaForChange),
        grade: "7".into(),
        line_manager_email: None,
    }
}

fn application_input() -> applications::ApplicationInput {
    applications::ApplicationInput {
        role: Some(ApplicationRole::Mentee),
        profile: tandem_test_support::fixtures::matchable_profile(),
        answers: Default::default(),
    }
}

fn goal_input() -> GoalInput {
    GoalInput {
        title: "Chair the meeting".into(),
        dimensions: vec![FrameworkDimension::LeadingWithCare],
        status: Some(GoalStatus::NotStarted),
        progress_note: String::new(),
        ..Default::default()
    }
}

fn reflection_input(w: &World) -> ReflectionInput {
    ReflectionInput {
        written_on: Some(w.today),
        text: "A hard conversation went well".into(),
        relationship_id: None,
        dimensions: vec![FrameworkDimension::LeadingWithCare],
    }
}

fn cpd_input(w: &World) -> CpdInput {
    CpdInput {
        activity: "Conference".into(),
        done_on: Some(w.today),
        minutes: Some(90),
        participatory: true,
        reflection: String::new(),
    }
}

fn booking_input(w: &World) -> sessions::BookingInput {
    sessions::BookingInput {
        date: Some(w.day(7)),
        start: Some("10:00".into()),
        minutes: Some(60),
        mode: Some(Mode::Video),
        link: Some("https://meet.example.org/b".into()),
        place: None,
    }
}

fn schedule_input(w: &World, days: i64) -> sets::ScheduleInput {
    sets::ScheduleInput {
        starts_on: Some(w.day(days)),
        starts_time: "18:00".into(),
        link: "https://meet.example.org/next".into(),
    }
}

fn terms() -> AgreementTerms {
    AgreementTerms {
        goals: "Grow as a leader".into(),
        frequency: "Monthly".into(),
        channel: Some(Mode::Video),
        cancellation_notice_hours: 24,
        confidentiality_notes: String::new(),
        ground_rules: String::new(),
    }
}

impl World {
    /// The import preview kept for this actor, or an id nobody has.
    fn preview_of(&self, a: &Actor) -> String {
        self.previews
            .iter()
            .find(|(who, _)| self.actor(**who) == a)
            .map_or_else(|| "no-such-preview".into(), |(_, id)| id.clone())
    }
}

/// Use cases whose refusal writes an audit entry (and nothing else): a refused role grant is
/// what an administrator reviewing the log needs to see.
pub const AUDITS_REFUSALS: &[&str] = &["roles::grant"];

/// Every public use case taking an actor, with who may call it.
pub const CASES: &[Case] = &[
    // ----- accounts
    case!("accounts::invite", "ViewPerson (hide), ManageAccounts, EditPerson",
        |c, w, a| accounts::invite(c, a, w.staff_a).await,
        ok: &[SC, AD, CA], state: NONE, forbidden: NONE, hidden: &[EV, CC, ME, PA, NM, NR, OU]),
    // ----- roles
    case!("roles::of_person", "ViewPerson (hide); ChangeRole per choice",
        |c, w, a| roles::of_person(c, a, w.person(ME)).await,
        ok: &[SC, AD, CA, ME], state: NONE, forbidden: NONE, hidden: &[EV, CC, PA, NM, NR, OU]),
    case!("roles::holders", "ManageAccounts (in the actor's own scheme)",
        |c, _w, a| roles::holders(c, a).await,
        ok: &[SC, AD, OU], state: NONE, forbidden: &[EV, CA, CC, ME, PA, NM, NR], hidden: NONE),
    case!("roles::grant", "the scope's scheme (hide), ViewPerson (hide), ChangeRole; refusals audited",
        |c, w, a| roles::grant(c, a, w.staff_a, RoleAssignment { role: Role::OrganisationCoordinator, scope: Scope::Organisation(w.org_a) }).await,
        ok: &[SC, AD, CA], state: NONE, forbidden: NONE, hidden: &[EV, CC, ME, PA, NM, NR, OU]),
    case!("roles::grant", "ChangeRole: beyond an organisation coordinator's scope",
        |c, w, a| roles::grant(c, a, w.person(ME), RoleAssignment { role: Role::Evaluator, scope: Scope::Scheme(w.actor(SC).scheme_id) }).await,
        ok: &[SC, AD], state: NONE, forbidden: &[CA, ME], hidden: &[EV, CC, PA, NM, NR, OU]),
    case!("roles::revoke", "the scope's scheme (hide), ViewPerson (hide), ChangeRole",
        |c, w, a| roles::revoke(c, a, w.person(NM), RoleAssignment { role: Role::Participant, scope: Scope::Scheme(w.actor(SC).scheme_id) }).await,
        ok: &[SC, AD, CA], state: NONE, forbidden: &[NM], hidden: &[EV, CC, ME, PA, NR, OU]),
    case!("roles::revoke", "ChangeRole; the scheme's last administrator stays (state)",
        |c, w, a| roles::revoke(c, a, w.person(AD), RoleAssignment { role: Role::Administrator, scope: Scope::Scheme(w.actor(SC).scheme_id) }).await,
        ok: NONE, state: &[SC, AD], forbidden: &[CA], hidden: &[EV, CC, ME, PA, NM, NR, OU]),
    // ----- applications
    case!("applications::form", "ViewScheme; the intake's scheme (hide)",
        |c, w, a| applications::form(c, a, w.intake).await,
        ok: SCHEME, state: NONE, forbidden: &[NR], hidden: &[OU]),
    case!("applications::set_form", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| applications::set_form(c, a, w.intake, vec![]).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("applications::apply_context", "ViewScheme; the intake's scheme (hide)",
        |c, w, a| applications::apply_context(c, a, w.intake).await,
        ok: SCHEME, state: NONE, forbidden: &[NR], hidden: &[OU]),
    case!("applications::apply", "ViewScheme; the intake's scheme (hide)",
        |c, w, a| applications::apply(c, a, w.apply_intake, application_input()).await,
        ok: SCHEME, state: NONE, forbidden: &[NR], hidden: &[OU]),
    case!("applications::intake_applications", "ReviewApplications; the intake's scheme (hide)",
        |c, w, a| applications::intake_applications(c, a, w.intake).await,
        ok: &[SC, CA, CC], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: &[OU]),
    case!("applications::intake_applications_page", "ReviewApplications; the intake's scheme (hide)",
        |c, w, a| applications::intake_applications_page(c, a, w.intake, &Default::default()).await,
        ok: &[SC, CA, CC], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: &[OU]),
    case!("applications::decide", "ViewScheme; ApproveApplications for its organisation (hide)",
        |c, w, a| applications::decide(c, a, w.application, applications::Decision::Approve, None, "").await,
        ok: &[SC, CA], state: NONE, forbidden: &[NR], hidden: &[AD, EV, CC, ME, PA, NM, OU]),
    case!("applications::view", "ViewScheme; ViewApplication (hide)",
        |c, w, a| applications::view(c, a, w.application).await,
        ok: &[SC, CA, NM], state: NONE, forbidden: &[NR], hidden: &[AD, EV, CC, ME, PA, OU]),
    case!("applications::mine", "ViewScheme",
        |c, w, a| applications::mine(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("applications::withdraw", "ViewScheme; WithdrawApplication (hide)",
        |c, w, a| applications::withdraw(c, a, w.application).await,
        ok: &[NM], state: NONE, forbidden: &[NR], hidden: &[SC, AD, EV, CA, CC, ME, PA, OU]),
    case!("applications::open_intakes", "ViewScheme",
        |c, w, a| applications::open_intakes(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    // ----- registration (the seeded world holds no self-registration: deciding on one of its
    // people is "not found" for everyone; registration.rs decides on real ones)
    case!("registration::waiting", "ConfirmEmployment for some organisation of the actor's scheme",
        |c, w, a| registration::waiting(c, a).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("registration::confirm_employment", "ConfirmEmployment for the registration's organisation (hide)",
        |c, w, a| registration::confirm_employment(c, a, w.staff_a).await,
        ok: NONE, state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, ME, PA, NM, NR, OU]),
    case!("registration::not_employed", "ConfirmEmployment for the registration's organisation (hide)",
        |c, w, a| registration::not_employed(c, a, w.staff_a).await,
        ok: NONE, state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, ME, PA, NM, NR, OU]),
    // ----- nominations
    case!("nominations::page", "Nominate for some organisation; the intake's programme (hide)",
        |c, w, a| nominations::page(c, a, w.apply_intake, None).await,
        ok: &[SC, CA, CC], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: &[OU]),
    case!("nominations::list", "Nominate for some organisation; the intake's programme (hide)",
        |c, w, a| nominations::list(c, a, w.apply_intake).await,
        ok: &[SC, CA, CC], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: &[OU]),
    case!("nominations::nominate", "Nominate for each nominee's organisation (hide)",
        |c, w, a| nominations::nominate(c, a, w.apply_intake, Some(ApplicationRole::Mentee), &[w.staff_a]).await,
        ok: &[SC, CA], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: &[CC, OU]),
    case!("nominations::mine", "ViewScheme",
        |c, w, a| nominations::mine(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("nominations::decline", "ViewScheme; only the nominee's own nomination (hide)",
        |c, w, a| nominations::decline(c, a, w.application).await,
        ok: NONE, state: NONE, forbidden: &[NR], hidden: &[SC, AD, EV, CA, CC, ME, PA, NM, OU]),
    // ----- dashboard
    case!("dashboard::summary", "ViewScheme",
        |c, w, a| dashboard::summary(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    // ----- export
    case!("export::export", "ExportPeople, narrowed by people_scope",
        |c, w, a| export::export(c, a, import::ImportFormat::Csv).await,
        ok: &[SC, AD, CA, CC, OU], state: NONE, forbidden: &[EV, ME, PA, NM, NR], hidden: NONE),
    // ----- growth
    case!("growth::relationship_choices", "KeepOwnRecords",
        |c, w, a| growth::relationship_choices(c, a, true).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("growth::goals", "ViewGoals (hide)",
        |c, w, a| growth::goals(c, a, w.relationship).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("growth::add_goal", "SetGoal (hide)",
        |c, w, a| growth::add_goal(c, a, w.relationship, goal_input()).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("growth::get_goal", "ViewGoals (hide)",
        |c, w, a| growth::get_goal(c, a, w.goal).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("growth::update_goal", "ViewGoals (hide), ChangeGoal",
        |c, w, a| growth::update_goal(c, a, w.goal, goal_input()).await,
        ok: &[ME], state: NONE, forbidden: &[PA], hidden: NOT_MEMBERS),
    // ----- appraisal (the member is the mentee of the live relationship: not ended yet)
    case!("appraisal::summary_page", "ShareAppraisalSummary (hide)",
        |c, w, a| appraisal::summary_page(c, a, w.relationship).await,
        ok: &[ME], state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, PA, NM, NR, OU]),
    case!("appraisal::share_summary", "ShareAppraisalSummary (hide); refused before the end",
        |c, w, a| appraisal::share_summary(c, a, w.relationship, "Progress").await,
        ok: NONE, state: &[ME], forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, PA, NM, NR, OU]),
    case!("appraisal::withdraw_summary", "ShareAppraisalSummary (hide); nothing shared to withdraw",
        |c, w, a| appraisal::withdraw_summary(c, a, w.relationship).await,
        ok: NONE, state: &[ME], forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, PA, NM, NR, OU]),
    case!("growth::goal_counts", "ViewAggregates",
        |c, w, a| growth::goal_counts(c, a).await,
        ok: &[SC, EV, OU], state: NONE, forbidden: &[AD, CA, CC, ME, PA, NM, NR], hidden: NONE),
    case!("growth::reflective_log", "KeepOwnRecords",
        |c, w, a| growth::reflective_log(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("growth::add_reflection", "KeepOwnRecords",
        |c, w, a| growth::add_reflection(c, a, reflection_input(w), None).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("growth::get_reflection", "ReadPrivate: shared with the relationship (hide)",
        |c, w, a| growth::get_reflection(c, a, w.shared_reflection).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("growth::get_reflection", "ReadPrivate: private, its author only (hide)",
        |c, w, a| growth::get_reflection(c, a, w.private_reflection).await,
        ok: &[ME], state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, PA, NM, NR, OU]),
    case!("growth::share_reflection", "ChangePrivate (hide)",
        |c, w, a| growth::share_reflection(c, a, w.private_reflection, Some(w.relationship)).await,
        ok: &[ME], state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, PA, NM, NR, OU]),
    case!("growth::cpd_record", "KeepOwnRecords",
        |c, w, a| growth::cpd_record(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("growth::add_cpd", "KeepOwnRecords",
        |c, w, a| growth::add_cpd(c, a, cpd_input(w)).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("growth::delete_cpd", "KeepOwnRecords; only the actor's own entries exist for them",
        |c, w, a| growth::delete_cpd(c, a, w.cpd).await,
        ok: &[ME], state: NONE, forbidden: &[NR], hidden: &[SC, AD, EV, CA, CC, PA, NM, OU]),
    case!("growth::my_listing", "KeepOwnRecords",
        |c, w, a| growth::my_listing(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("growth::opt_in", "KeepOwnRecords",
        |c, w, a| growth::opt_in(c, a, "Quality improvement", &[FrameworkDimension::LeadingWithCare]).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("growth::opt_out", "KeepOwnRecords",
        |c, w, a| growth::opt_out(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    // ----- peers (the non-member is listed and has an open request from a peer)
    case!("peers::search", "ViewDirectory",
        |c, w, a| peers::search(c, a, peers::Filter::default(), None, 25).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("peers::filter_values", "ViewDirectory",
        |c, w, a| peers::filter_values(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("peers::ask", "AskPeer (hide when not listed in the actor's scheme); never oneself",
        |c, w, a| peers::ask(c, a, w.actor(NM).person_id, "Could we talk?").await,
        ok: &[SC, AD, EV, CA, CC, ME, PA], state: NONE, forbidden: &[NM, NR], hidden: &[OU]),
    case!("peers::answer", "AnswerPeerRequest (hide): the recipient only",
        |c, w, a| peers::answer(c, a, w.peer_request, true).await,
        ok: &[NM], state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, ME, PA, NR, OU]),
    case!("peers::requests", "KeepOwnRecords; ViewPeerRequest on each",
        |c, w, a| peers::requests(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("peers::request", "ViewPeerRequest (hide): its asker and recipient only",
        |c, w, a| peers::request(c, a, w.peer_request).await,
        ok: &[NM], state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, ME, PA, NR, OU]),
    case!("peers::listed_person", "ViewDirectory, AskPeer (hide)",
        |c, w, a| peers::listed_person(c, a, w.actor(NM).person_id).await,
        ok: &[SC, AD, EV, CA, CC, ME, PA], state: NONE, forbidden: &[NR], hidden: &[NM, OU]),
    case!("peers::leave", "KeepOwnRecords",
        |c, w, a| peers::leave(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("peers::set_region", "ManageScheme; an organisation of the actor's scheme (hide)",
        |c, w, a| peers::set_region(c, a, w.org_a, "North West").await,
        ok: &[SC], state: NONE, forbidden: &[AD, EV, CA, CC, ME, PA, NM, NR], hidden: &[OU]),
    case!("peers::region_of", "ManageScheme; an organisation of the actor's scheme (hide)",
        |c, w, a| peers::region_of(c, a, w.org_a).await,
        ok: &[SC], state: NONE, forbidden: &[AD, EV, CA, CC, ME, PA, NM, NR], hidden: &[OU]),
    // ----- home
    case!("home::relationships", "KeepOwnRecords",
        |c, w, a| home::relationships(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("home::next_steps", "KeepOwnRecords (then the intakes' own questions: ViewScheme)",
        |c, _w, a| home::next_steps(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    // ----- notices: each person's own choices and recent notices; survey waves
    case!("notify::preferences::mine", "KeepOwnRecords; only the actor's own choices",
        |c, w, a| notify::preferences::mine(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("notify::preferences::set_mine", "KeepOwnRecords; only the actor's own choices",
        |c, w, a| notify::preferences::set_mine(c, a, &[("session.reminder".into(), notify::preferences::Mode::Digest)]).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("notify::preferences::recent", "KeepOwnRecords; only the actor's own notices",
        |c, w, a| notify::preferences::recent(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("notify::scheduler::queue_survey_wave", "ManageScheme; the programme's scheme (hide)",
        |c, w, a| notify::scheduler::queue_survey_wave(c, a, w.mentoring, "wave-1", "https://survey.example.org/1", c.now()).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    // ----- surveys: the builder (the programme's scheme, hidden elsewhere); answering (only
    // one's own requests; anyone else's is hidden)
    case!("surveys::builder::list", "ManageScheme; the programme's scheme (hide)",
        |c, w, a| surveys::builder::list(c, a, w.mentoring).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("surveys::builder::get", "ManageScheme; the survey's programme's scheme (hide)",
        |c, w, a| surveys::builder::get(c, a, w.survey).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("surveys::builder::create", "ManageScheme; the programme's scheme (hide)",
        |c, w, a| surveys::builder::create(c, a, w.mentoring, survey_input()).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("surveys::builder::update", "ManageScheme; the survey's programme's scheme (hide)",
        |c, w, a| surveys::builder::update(c, a, w.survey, 1, survey_input()).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("surveys::answer::mine", "AnswerSurvey; the actor's own requests only",
        |c, w, a| surveys::answer::mine(c, a, Language::EnGb).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("surveys::answer::due_count", "AnswerSurvey; the actor's own requests only",
        |c, w, a| surveys::answer::due_count(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("surveys::answer::form", "AnswerSurvey { respondent: the request's person } (hide)",
        |c, w, a| surveys::answer::form(c, a, w.survey_request, Language::EnGb).await,
        ok: &[ME], state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, PA, NM, NR, OU]),
    case!("surveys::answer::submit", "AnswerSurvey { respondent: the request's person } (hide)",
        |c, w, a| surveys::answer::submit(c, a, w.survey_request, survey_answers()).await,
        ok: &[ME], state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, PA, NM, NR, OU]),
    case!("surveys::answer::decline", "AnswerSurvey { respondent: the request's person } (hide)",
        |c, w, a| surveys::answer::decline(c, a, w.survey_request).await,
        ok: &[ME], state: NONE, forbidden: NONE, hidden: &[SC, AD, EV, CA, CC, PA, NM, NR, OU]),
    case!("surveys::answer::research_consent", "AnswerSurvey; the actor's own choice",
        |c, w, a| surveys::answer::research_consent(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("surveys::answer::set_research_consent", "AnswerSurvey; the actor's own choice",
        |c, w, a| surveys::answer::set_research_consent(c, a, false).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("surveys::answer::my_respondent_key", "AnswerSurvey; the actor's own key only",
        |c, w, a| surveys::answer::my_respondent_key(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    // ----- import
    case!("import::preview", "ImportPeople (the rows' organisations are checked per row)",
        |c, w, a| import::preview(c, a, crate::access_world::import_file().as_bytes(), import::ImportFormat::Csv).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("import::import_file", "ImportPeople (the command line's import; a dry run here)",
        |c, w, a| import::import_file(c, a, crate::access_world::import_file().as_bytes().to_vec(), import::ImportFormat::Csv, &[], true).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("import::dry_run", "ImportPeople",
        |c, w, a| import::dry_run(c, a, crate::access_world::import_file().as_bytes(), import::ImportFormat::Csv).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("import::commit", "ImportPeople; the preview is its uploader's",
        |c, w, a| import::commit(c, a, &w.preview_of(a)).await,
        ok: &[SC, CA], state: &[CC, OU], forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("import::preview_and_commit", "ImportPeople",
        |c, w, a| import::preview_and_commit(c, a, crate::access_world::import_file().as_bytes(), import::ImportFormat::Csv).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("import::preview_mapped", "ImportPeople (the rows' organisations are checked per row)",
        |c, w, a| import::preview_mapped(c, a, crate::access_world::import_file().as_bytes(), import::ImportFormat::Csv, &[("language".into(), import::ImportField::Ignore)]).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("import::dry_run_mapped", "ImportPeople",
        |c, w, a| import::dry_run_mapped(c, a, crate::access_world::import_file().as_bytes(), import::ImportFormat::Csv, &[("language".into(), import::ImportField::Ignore)]).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("import::preview_and_commit_mapped", "ImportPeople",
        |c, w, a| import::preview_and_commit_mapped(c, a, crate::access_world::import_file().as_bytes(), import::ImportFormat::Csv, &[("language".into(), import::ImportField::Ignore)]).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("import::remap", "ImportPeople; the draft is its uploader's",
        |c, w, a| import::remap(c, a, &w.preview_of(a), &[]).await,
        ok: &[SC, CA], state: &[CC, OU], forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("import::preview_organisations", "ManageScheme",
        |c, w, a| import::preview_organisations(c, a, b"name,kind,country\nDelta Trust,nhs_trust,GB\n", import::ImportFormat::Csv).await,
        ok: &[SC, OU], state: NONE, forbidden: NOT_SC, hidden: NONE),
    case!("import::import_organisations", "ManageScheme",
        |c, w, a| import::import_organisations(c, a, b"name,kind,country\nDelta Trust,nhs_trust,GB\n", import::ImportFormat::Csv).await,
        ok: &[SC, OU], state: NONE, forbidden: NOT_SC, hidden: NONE),
    case!("import::local_grades", "ImportPeople for the council; a council of the actor's scheme (hide)",
        |c, w, a| import::local_grades(c, a, w.org_b).await,
        ok: &[SC], state: NONE, forbidden: &[AD, EV, CA, CC, ME, PA, NM, NR], hidden: &[OU]),
    case!("import::set_local_grades", "ImportPeople for the council; a council of the actor's scheme (hide)",
        |c, w, a| import::set_local_grades(c, a, w.org_b, &["Grade G".into()]).await,
        ok: &[SC], state: NONE, forbidden: &[AD, EV, CA, CC, ME, PA, NM, NR], hidden: &[OU]),
    // ----- intakes
    case!("intakes::validate", "ManageScheme",
        |c, w, a| intakes::validate(c, a, &intakes::IntakeInput { places: vec![], ..intake_input(w) }).await,
        ok: &[SC, OU], state: NONE, forbidden: NOT_SC, hidden: NONE),
    case!("intakes::list", "ViewScheme; the programme's scheme (hide)",
        |c, w, a| intakes::list(c, a, w.mentoring).await,
        ok: SCHEME, state: NONE, forbidden: &[NR], hidden: &[OU]),
    case!("intakes::get", "ViewScheme; the programme's scheme (hide)",
        |c, w, a| intakes::get(c, a, w.intake).await,
        ok: SCHEME, state: NONE, forbidden: &[NR], hidden: &[OU]),
    case!("intakes::create", "ManageScheme; the programme's scheme (hide)",
        |c, w, a| intakes::create(c, a, w.mentoring, intake_input(w)).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("intakes::update", "ManageScheme; the programme's scheme (hide)",
        |c, w, a| intakes::update(c, a, w.intake, intake_input(w)).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    // ----- matching
    case!("matching::update_criteria", "ManageScheme; the programme's scheme (hide)",
        |c, w, a| matching::update_criteria(c, a, w.mentoring, MatchingCriteria::default()).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::overview", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::overview(c, a, w.pool_intake).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::run", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::run(c, a, w.pool_intake).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::get_run", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::get_run(c, a, w.run).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::labels", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::labels(c, a, w.pool_intake).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::publish", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::publish(c, a, w.run).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::add_pin", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::add_pin(c, a, w.pool_intake, Pin { kind: PinKind::Forbid, first: w.pool[1], second: w.pool[3] }).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::remove_pin", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::remove_pin(c, a, w.pool_intake, w.pin).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::swap", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::swap(c, a, w.run, w.pool[0], w.pool[1]).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::programme_figures", "ViewAggregates; the programme's scheme (hide)",
        |c, w, a| matching::programme_figures(c, a, w.mentoring).await,
        ok: &[SC, EV], state: NONE, forbidden: &[AD, CA, CC, ME, PA, NM, NR], hidden: &[OU]),
    case!("matching::mine", "KeepOwnRecords",
        |c, w, a| matching::mine(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("matching::get", "ViewRelationship (hide)",
        |c, w, a| matching::get(c, a, w.relationship).await,
        ok: &[SC, ME, PA], state: NONE, forbidden: NONE, hidden: &[AD, EV, CA, CC, NM, NR, OU]),
    case!("matching::of_intake", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::of_intake(c, a, w.intake, 6).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::of_intake_page", "ManageScheme; the intake's scheme (hide)",
        |c, w, a| matching::of_intake_page(c, a, w.intake, 6, false, None, None).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::log_session", "ActInRelationship (hide)",
        |c, w, a| matching::log_session(c, a, w.relationship, matching::SessionInput {
            held_on: Some(w.today), minutes: Some(45), mode: Some(Mode::Video), topics: None, action_points: None,
        }).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("matching::move_to", "SteerRelationship (hide)",
        |c, w, a| matching::move_to(c, a, w.relationship, RelationshipStatus::WindingDown).await,
        ok: &[SC, ME, PA], state: NONE, forbidden: NONE, hidden: &[AD, EV, CA, CC, NM, NR, OU]),
    case!("matching::end", "ActInRelationship (hide)",
        |c, w, a| matching::end(c, a, w.relationship, "It was not working").await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("matching::respond", "ActInRelationship (hide)",
        |c, w, a| matching::respond(c, a, w.offer, true).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("matching::lapse", "ManageScheme; ViewRelationship (hide)",
        |c, w, a| matching::lapse(c, a, w.lapsed).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("matching::save_agreement", "ActInRelationship (hide)",
        |c, w, a| matching::save_agreement(c, a, w.agreeing, terms(), 1).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("matching::sign", "ActInRelationship (hide)",
        |c, w, a| matching::sign(c, a, w.agreeing, 1).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("matching::fit_check", "ActInRelationship (hide)",
        |c, w, a| matching::fit_check(c, a, w.relationship, FitCheck::Good).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("matching::shortlist", "ViewScheme; the actor's own approved mentee application (hide)",
        |c, w, a| matching::shortlist(c, a, w.shortlist_intake).await,
        ok: &[ME], state: NONE, forbidden: &[NR], hidden: &[SC, AD, EV, CA, CC, PA, NM, OU]),
    case!("matching::rank", "ViewScheme; the actor's own approved mentee application (hide)",
        |c, w, a| matching::rank(c, a, w.shortlist_intake, vec![]).await,
        ok: &[ME], state: NONE, forbidden: &[NR], hidden: &[SC, AD, EV, CA, CC, PA, NM, OU]),
    case!("matching::open_shortlists", "KeepOwnRecords",
        |c, w, a| matching::open_shortlists(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    // ----- mentors
    case!("mentors::development", "RecordMentorDevelopment (hide)",
        |c, w, a| mentors::development(c, a, w.person(ME)).await,
        ok: &[SC, CA, ME], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, PA, NM, NR, OU]),
    case!("mentors::list_training", "RecordMentorDevelopment (hide)",
        |c, w, a| mentors::list_training(c, a, w.person(ME)).await,
        ok: &[SC, CA, ME], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, PA, NM, NR, OU]),
    case!("mentors::add_training", "RecordMentorDevelopment (hide)",
        |c, w, a| mentors::add_training(c, a, w.person(ME), TrainingInput {
            course: "Coaching skills".into(), provider: "Academy".into(), completed_on: Some(w.day(-1)),
            evidence: String::new(), qualifies_as_mentor_training: true,
        }).await,
        ok: &[SC, CA, ME], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, PA, NM, NR, OU]),
    case!("mentors::verify_training", "RecordMentorDevelopment (hide); VerifyTraining: a coordinator of the person, never the person",
        |c, w, a| mentors::verify_training(c, a, w.person(ME), w.unverified_training).await,
        ok: &[SC, CA], state: NONE, forbidden: &[ME], hidden: &[AD, EV, CC, PA, NM, NR, OU]),
    case!("mentors::list_supervision", "RecordMentorDevelopment (hide)",
        |c, w, a| mentors::list_supervision(c, a, w.person(ME)).await,
        ok: &[SC, CA, ME], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, PA, NM, NR, OU]),
    case!("mentors::add_supervision", "RecordMentorDevelopment (hide)",
        |c, w, a| mentors::add_supervision(c, a, w.person(ME), SupervisionInput {
            held_on: Some(w.day(-1)), supervisor: "Dr Supervisor".into(), minutes: Some(60), themes: "Boundaries".into(),
        }).await,
        ok: &[SC, CA, ME], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, PA, NM, NR, OU]),
    case!("mentors::standing", "RecordMentorDevelopment (hide)",
        |c, w, a| mentors::standing(c, a, w.person(ME)).await,
        ok: &[SC, CA, ME], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, PA, NM, NR, OU]),
    case!("mentors::set_standing", "RecordMentorDevelopment (hide), ChangeMentorStanding",
        |c, w, a| mentors::set_standing(c, a, w.person(ME), mentors::StandingInput {
            status: Some(MentorStatus::Paused), load_max: None,
        }).await,
        ok: &[SC, CA, ME], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, PA, NM, NR, OU]),
    case!("mentors::list_mentors", "ListMentors, narrowed to the coordinated organisations",
        |c, w, a| mentors::list_mentors(c, a).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("mentors::list_mentors_page", "ListMentors, narrowed to the coordinated organisations",
        |c, w, a| mentors::list_mentors_page(c, a, &Default::default()).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("mentors::may_list_mentors", "ListMentors (a yes/no for navigation)",
        |c, w, a| answer(mentors::may_list_mentors(a)),
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    // ----- organisations
    case!("organisations::list", "ViewScheme",
        |c, w, a| organisations::list(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("organisations::get", "ViewScheme; its scheme (hide)",
        |c, w, a| organisations::get(c, a, w.org_a).await,
        ok: SCHEME, state: NONE, forbidden: &[NR], hidden: &[OU]),
    case!("organisations::create", "ManageScheme (in the actor's own scheme)",
        |c, w, a| organisations::create(c, a, organisation_input()).await,
        ok: &[SC, OU], state: NONE, forbidden: NOT_SC, hidden: NONE),
    case!("organisations::update", "ManageScheme; its scheme (hide)",
        |c, w, a| organisations::update(c, a, w.org_a, organisation_input()).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("organisations::people_counts", "ListPeople, narrowed by people_scope",
        |c, w, a| organisations::people_counts(c, a).await,
        ok: &[SC, AD, CA, CC, OU], state: NONE, forbidden: &[EV, ME, PA, NM, NR], hidden: NONE),
    // ----- pairs
    case!("pairs::view", "ViewPair (hide)",
        |c, w, a| pairs::view(c, a, w.pair).await,
        ok: &[SC, ME, PA], state: NONE, forbidden: NONE, hidden: &[AD, EV, CA, CC, NM, NR, OU]),
    case!("pairs::plan_shadowing", "RecordForPair (hide)",
        |c, w, a| pairs::plan_shadowing(c, a, w.pair, pairs::ShadowingInput {
            host: Some(w.person(PA)), day: Some(w.day(5)), place: "Ward 9".into(),
        }).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("pairs::complete_shadowing", "RecordForPair (hide)",
        |c, w, a| pairs::complete_shadowing(c, a, w.pair, w.shadowing_day, "How the ward runs").await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("pairs::save_project", "RecordForPair (hide)",
        |c, w, a| pairs::save_project(c, a, w.pair, pairs::ProjectInput {
            title: "Faster discharge".into(), aim: "Halve the wait".into(), presentation_on: None, presented: false,
        }).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("pairs::add_milestone", "RecordForPair (hide)",
        |c, w, a| pairs::add_milestone(c, a, w.pair, "Pilot", Some(w.day(40))).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("pairs::set_milestone", "RecordForPair (hide)",
        |c, w, a| pairs::set_milestone(c, a, w.pair, w.milestone, true).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("pairs::add_measure", "RecordForPair (hide)",
        |c, w, a| pairs::add_measure(c, a, w.pair, pairs::MeasureInput {
            name: "Falls".into(), baseline: "10".into(), target: "5".into(), latest: String::new(),
        }).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("pairs::update_measure", "RecordForPair (hide)",
        |c, w, a| pairs::update_measure(c, a, w.pair, w.measure, "6h").await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("pairs::workshops", "ManageScheme; the programme's scheme (hide)",
        |c, w, a| pairs::workshops(c, a, w.paired).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("pairs::create_workshop", "ManageScheme; the programme's scheme (hide)",
        |c, w, a| pairs::create_workshop(c, a, w.paired, pairs::WorkshopInput {
            title: "Presenting".into(), day: Some(w.day(30)), place: "Library".into(),
        }).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("pairs::workshop", "ManageScheme; the programme's scheme (hide)",
        |c, w, a| pairs::workshop(c, a, w.workshop).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("pairs::set_attendance", "ManageScheme; the programme's scheme (hide); on or after the day (the world's workshop is to come: a field error)",
        |c, w, a| pairs::set_attendance(c, a, w.workshop, vec![w.person(ME)]).await,
        ok: NONE, state: &[SC], forbidden: NOT_SC, hidden: &[OU]),
    case!("pairs::may_manage_workshops", "ManageScheme (a yes/no for navigation)",
        |c, w, a| answer(pairs::may_manage_workshops(a)),
        ok: &[SC, OU], state: NONE, forbidden: NOT_SC, hidden: NONE),
    // ----- people
    case!("people::search", "ListPeople, narrowed by people_scope in SQL",
        |c, w, a| people::search(c, a, &people::PeopleSearch::default()).await,
        ok: &[SC, AD, CA, CC, OU], state: NONE, forbidden: &[EV, ME, PA, NM, NR], hidden: NONE),
    case!("people::load_visible", "ViewPerson (hide)",
        |c, w, a| people::load_visible(c, a, w.person(ME)).await,
        ok: &[SC, AD, CA, ME], state: NONE, forbidden: NONE, hidden: &[EV, CC, PA, NM, NR, OU]),
    case!("rights::export", "ExportPersonalData: the person and administrators (hide)",
        |c, w, a| rights::export(c, a, w.person(ME)).await,
        ok: &[AD, ME], state: NONE, forbidden: NONE, hidden: &[SC, EV, CA, CC, PA, NM, NR, OU]),
    case!("rights::erase", "ErasePerson: administrators, never themselves (hide)",
        |c, w, a| rights::erase(c, a, w.person(ME)).await,
        ok: &[AD], state: NONE, forbidden: NONE, hidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU]),
    case!("rights::consents", "ChangeConsent: one's own",
        |c, w, a| rights::consents(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("rights::set_consent", "ChangeConsent: one's own",
        |c, w, a| rights::set_consent(c, a, rights::ConsentKind::Equality, true, tandem_domain::Language::EnGb).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("assessments::setup", "ManageAssessments of the programme; its scheme (hide)",
        |c, w, a| assessments::setup(c, a, w.mentoring).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("assessments::create_instrument", "ManageAssessments of the programme; its scheme (hide)",
        |c, w, a| assessments::create_instrument(c, a, w.mentoring, tandem_domain::assessment::InstrumentInput {
            name: format!("Instrument {}", uuid::Uuid::new_v4()), score_min: 1, score_max: 5, dimensions: "drive: Drive".into(),
        }).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("assessments::delete_instrument", "ManageAssessments of the programme; its scheme (hide)",
        |c, w, a| async {
            let made = assessments::create_instrument(c, a, w.mentoring, tandem_domain::assessment::InstrumentInput {
                name: format!("Instrument {}", uuid::Uuid::new_v4()), score_min: 1, score_max: 5, dimensions: "drive: Drive".into(),
            }).await?;
            assessments::delete_instrument(c, a, w.mentoring, &made.id).await
        }.await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("assessments::set_use", "ManageAssessments of the programme; its scheme (hide)",
        |c, w, a| assessments::set_use(c, a, w.mentoring, tandem_domain::assessment::UseKind::Assessment, tandem_domain::assessment::MatchingUseInput {
            enabled: true, art6: "public_task".into(), art9: "employment".into(), justification: "Development".into(), weight: 0,
        }).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("assessments::set_weights", "ManageAssessments of the programme; its scheme (hide)",
        |c, w, a| assessments::set_weights(c, a, w.mentoring, vec![]).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("assessments::scores", "ManageAssessments of the programme; its scheme (hide)",
        |c, w, a| assessments::scores(c, a, w.mentoring).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("assessments::preview_import", "ManageAssessments of the programme; its scheme (hide)",
        |c, w, a| assessments::preview_import(c, a, w.mentoring, b"email,instrument,dimension,score\nnobody@example.org,None,x,1\n", tandem_people_io::Format::Csv).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("assessments::import_now", "ManageAssessments of the programme; its scheme (hide)",
        |c, w, a| assessments::import_now(c, a, w.mentoring, b"email,instrument,dimension,score\nnobody@example.org,None,x,1\n", tandem_people_io::Format::Csv).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    case!("assessments::confirm_import", "ManageAssessments of the programme; its scheme (hide); then the preview must be the actor's",
        |c, w, a| assessments::confirm_import(c, a, w.mentoring, "no-such-preview").await,
        ok: NONE, state: &[SC], forbidden: NOT_SC, hidden: &[OU]),
    case!("assessments::notice", "ViewScheme; the programme's scheme (hide)",
        |c, w, a| assessments::notice(c, a, w.mentoring).await,
        ok: SCHEME, state: NONE, forbidden: &[NR], hidden: &[OU]),
    case!("assessments::equality", "EditEqualityData: one's own",
        |c, w, a| assessments::equality(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("assessments::set_equality", "EditEqualityData: one's own",
        |c, w, a| assessments::set_equality(c, a, tandem_domain::assessment::EqualityInput::default()).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("assessments::clear_equality", "EditEqualityData: one's own",
        |c, w, a| assessments::clear_equality(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("rights::retention", "ManageRetention",
        |c, w, a| rights::retention(c, a).await,
        ok: &[AD], state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: NONE),
    case!("rights::update_retention", "ManageRetention",
        |c, w, a| rights::update_retention(c, a, tandem_storage::RetentionSettings::default()).await,
        ok: &[AD], state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: NONE),
    case!("rights::apply_retention", "ManageRetention",
        |c, w, a| rights::apply_retention(c, a).await,
        ok: &[AD], state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: NONE),
    case!("people::get", "ViewPerson (hide)",
        |c, w, a| people::get(c, a, w.person(ME)).await,
        ok: &[SC, AD, CA, ME], state: NONE, forbidden: NONE, hidden: &[EV, CC, PA, NM, NR, OU]),
    case!("people::validate", "ListPeople (a new person) or ViewPerson (hide) and EditPerson",
        |c, w, a| people::validate(c, a, &person_input("nia.new@example.org", w), None).await,
        ok: &[SC, AD, CA], state: &[CC, OU], forbidden: &[EV, ME, PA, NM, NR], hidden: NONE),
    case!("people::create", "ListPeople, EditPerson for the organisation",
        |c, w, a| people::create(c, a, person_input("nia.new@example.org", w)).await,
        ok: &[SC, AD, CA], state: &[CC, OU], forbidden: &[EV, ME, PA, NM, NR], hidden: NONE),
    case!("people::update", "ViewPerson (hide), EditPerson",
        |c, w, a| people::update(c, a, w.person(ME), person_input("person5@example.org", w)).await,
        ok: &[SC, AD, CA], state: NONE, forbidden: &[ME], hidden: &[EV, CC, PA, NM, NR, OU]),
    case!("people::edit_input", "ViewPerson (hide), EditPerson",
        |c, w, a| people::edit_input(c, a, w.person(ME)).await,
        ok: &[SC, AD, CA], state: NONE, forbidden: &[ME], hidden: &[EV, CC, PA, NM, NR, OU]),
    // ----- programmes
    case!("programmes::runs_any", "ManageScheme, or ManageProgramme of a programme held (a yes/no for forms and links)",
        |_c, _w, a| answer(programmes::runs_any(a)),
        ok: &[SC, OU], state: NONE, forbidden: &[AD, EV, CA, CC, ME, PA, NM, NR], hidden: NONE),
    case!("programmes::runs", "ManageProgramme (a yes/no for links)",
        |_c, w, a| answer(programmes::runs(a, w.mentoring)),
        ok: &[SC, OU], state: NONE, forbidden: &[AD, EV, CA, CC, ME, PA, NM, NR], hidden: NONE),
    case!("programmes::list", "ViewScheme",
        |c, w, a| programmes::list(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("programmes::get", "ViewScheme; its scheme (hide)",
        |c, w, a| programmes::get(c, a, w.mentoring).await,
        ok: SCHEME, state: NONE, forbidden: &[NR], hidden: &[OU]),
    case!("programmes::create", "ManageScheme (in the actor's own scheme)",
        |c, w, a| programmes::create(c, a, programme_input()).await,
        ok: &[SC, OU], state: NONE, forbidden: NOT_SC, hidden: NONE),
    case!("programmes::update", "ManageScheme; its scheme (hide)",
        |c, w, a| programmes::update(c, a, w.mentoring, programme_input()).await,
        ok: &[SC], state: NONE, forbidden: NOT_SC, hidden: &[OU]),
    // ----- profiles
    case!("profiles::own", "EditProfile: one's own",
        |c, w, a| profiles::own(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("profiles::save", "EditProfile: one's own",
        |c, w, a| profiles::save(c, a, profile_input()).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("profiles::prefill", "EditProfile: one's own",
        |c, w, a| profiles::prefill(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("profiles::view", "ViewProfileSummary (hide): the member, their partner, their coordinators",
        |c, w, a| profiles::view(c, a, w.actors[&ME].person_id).await,
        ok: &[SC, CA, ME, PA], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, NM, NR, OU]),
    case!("profiles::set_number_to_call", "ActInRelationship (hide); a video session has no number",
        |c, w, a| profiles::set_number_to_call(c, a, w.booking, w.actors[&PA].person_id).await,
        ok: NONE, state: MEMBERS, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("profiles::number_to_call", "ActInRelationship (hide), current members",
        |c, w, a| profiles::number_to_call(c, a, w.booking).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    // ----- sessions
    case!("sessions::overview", "ActInRelationship (hide)",
        |c, w, a| sessions::overview(c, a, w.relationship).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sessions::propose", "ActInRelationship (hide)",
        |c, w, a| sessions::propose(c, a, w.relationship, booking_input(w)).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sessions::act", "ActInRelationship (hide); the proposer cannot confirm their own",
        |c, w, a| sessions::act(c, a, w.booking, None, sessions::Action::Confirm).await,
        ok: &[PA], state: &[ME], forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sessions::save_note", "ActInRelationship (hide), ChangePrivate",
        |c, w, a| sessions::save_note(c, a, w.booking, "Felt rushed").await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sessions::own_note", "ActInRelationship (hide), ReadPrivate",
        |c, w, a| sessions::own_note(c, a, w.booking).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sessions::get", "ActInRelationship (hide)",
        |c, w, a| sessions::get(c, a, w.booking).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sessions::ics", "ActInRelationship (hide)",
        |c, w, a| sessions::ics(c, a, w.booking).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sessions::new_feed_token", "KeepOwnRecords",
        |c, w, a| sessions::new_feed_token(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("sessions::feed_made", "KeepOwnRecords",
        |c, w, a| sessions::feed_made(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    // ----- sets
    case!("sets::view", "ViewSet (hide); what each sees is filtered by who they are",
        |c, w, a| sets::view(c, a, w.set).await,
        ok: &[SC, CA, ME, PA], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, NM, NR, OU]),
    case!("sets::meeting", "ViewSet (hide)",
        |c, w, a| sets::meeting(c, a, w.past_meeting).await,
        ok: &[SC, CA, ME, PA], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, NM, NR, OU]),
    case!("sets::schedule", "ActInSet (hide: coordinators look, never act)",
        |c, w, a| sets::schedule(c, a, w.set, schedule_input(w, 21)).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::reschedule", "ActInSet (hide)",
        |c, w, a| sets::reschedule(c, a, w.next_meeting, schedule_input(w, 15)).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::accept_rota", "ActInSet (hide)",
        |c, w, a| sets::accept_rota(c, a, w.next_meeting).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::adjust_rota", "ActInSet (hide)",
        |c, w, a| sets::adjust_rota(c, a, w.next_meeting, sets::RotaInput {
            facilitator: Some(w.person(ME)), timekeeper: Some(w.person(PA)), presenters: vec![w.third],
        }).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::record_attendance", "ActInSet (hide)",
        |c, w, a| sets::record_attendance(c, a, w.past_meeting, &[w.person(ME), w.person(PA)]).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::send_apologies", "ActInSet (hide)",
        |c, w, a| sets::send_apologies(c, a, w.next_meeting).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::withdraw_apologies", "ActInSet (hide)",
        |c, w, a| {
            sets::send_apologies(c, a, w.next_meeting).await?;
            sets::withdraw_apologies(c, a, w.next_meeting).await
        },
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::record_issue", "ActInSet (hide)",
        |c, w, a| sets::record_issue(c, a, w.past_meeting, w.person(ME), "Winter pressures").await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::add_action", "ActInSet (hide)",
        |c, w, a| sets::add_action(c, a, w.past_meeting, w.person(ME), "Call the discharge lead").await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::follow_up", "ActInSet (hide)",
        |c, w, a| sets::follow_up(c, a, w.set_action, Some(tandem_domain::sets::ActionStatus::Done)).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    case!("sets::meeting_of_action", "ViewSet (hide), ActInSet (hide: actions are the members')",
        |c, w, a| sets::meeting_of_action(c, a, w.set_action).await,
        ok: MEMBERS, state: NONE, forbidden: NONE, hidden: NOT_MEMBERS),
    // ----- the audit log
    case!("audit_log::browse", "ViewAuditLog",
        |c, w, a| audit_log::browse(c, a, &Default::default()).await.map(|_| ()),
        ok: &[AD], state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: NONE),
    // ----- notices that could not be delivered
    case!("notify::dead_letters::list", "ManageUndeliveredNotices",
        |c, w, a| notify::dead_letters::list(c, a).await.map(|_| ()),
        ok: &[AD], state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: NONE),
    // The world holds no dead notice: the administrator is told there is no such thing (the
    // retry itself is tested with a real dead notice in the web tests).
    case!("notify::dead_letters::retry", "ManageUndeliveredNotices; a notice of the actor's scheme (hide)",
        |c, w, a| notify::dead_letters::retry(c, a, "0190c0de-0000-7000-8000-000000000000").await.map(|_| ()),
        ok: NONE, state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: &[AD]),
    // ----- setup (the scheme's settings)
    case!("setup::settings", "ViewSchemeSettings (of the actor's own scheme)",
        |c, w, a| setup::settings(c, a).await,
        ok: &[SC, AD, OU], state: NONE, forbidden: &[EV, CA, CC, ME, PA, NM, NR], hidden: NONE),
    case!("setup::update_settings", "EditSchemeSettings (of the actor's own scheme)",
        |c, w, a| setup::update_settings(c, a, settings_input()).await,
        ok: &[AD], state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: NONE),
    // ----- sign-in (single sign-on per organisation: the scheme's administrators)
    case!("sign_in::sso_settings", "ConfigureSignIn",
        |c, _w, a| sign_in::sso_settings(c, a).await,
        ok: &[AD], state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: NONE),
    case!("sign_in::sso_setting", "ConfigureSignIn, then the organisation in the actor's scheme (hide)",
        |c, w, a| sign_in::sso_setting(c, a, w.org_a).await,
        ok: &[AD], state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: NONE),
    case!("sign_in::save_sso_settings", "ConfigureSignIn, then the organisation in the actor's scheme (hide)",
        |c, w, a| sign_in::save_sso_settings(c, a, w.org_a, &sign_in::SsoInput {
            issuer_url: "https://login.example.org/tenant".into(),
            client_id: "tandem".into(),
            client_secret: "s3cret".into(),
            enabled: true,
        }).await,
        ok: &[AD], state: NONE, forbidden: &[SC, EV, CA, CC, ME, PA, NM, NR, OU], hidden: NONE),
    // ----- evaluation (aggregates only; organisation coordinators see their organisation's slice)
    case!("evaluation::programmes", "ViewAggregates, or coordinating an organisation",
        |c, _w, a| evaluation::programmes(c, a).await.map(|_| ()),
        ok: &[SC, EV, CA, CC, OU], state: NONE, forbidden: &[AD, ME, PA, NM, NR], hidden: NONE),
    case!("evaluation::programme_report", "ViewEvaluation { programme, organisation } (hide)",
        |c, w, a| evaluation::programme_report(c, a, w.mentoring, Default::default()).await.map(|_| ()),
        ok: &[SC, EV, CA, CC], state: NONE, forbidden: NONE, hidden: &[AD, ME, PA, NM, NR, OU]),
    case!("evaluation::pooled", "ViewEvaluation of whole programmes, else ViewAggregates",
        |c, _w, a| evaluation::pooled(c, a).await.map(|_| ()),
        ok: &[SC, EV, OU], state: NONE, forbidden: &[AD, CA, CC, ME, PA, NM, NR], hidden: NONE),
    case!("evaluation::table_export", "ViewEvaluation { programme, organisation } (hide)",
        |c, w, a| evaluation::table_export(c, a, w.mentoring, Default::default(), "participation",
            tandem_people_io::Format::Csv, tandem_domain::Language::EnGb).await.map(|_| ()),
        ok: &[SC, EV, CA, CC], state: NONE, forbidden: NONE, hidden: &[AD, ME, PA, NM, NR, OU]),
    case!("evaluation::research_export", "ViewEvaluation { programme, organisation: None } (hide)",
        |c, w, a| evaluation::research_export(c, a, w.mentoring).await.map(|_| ()),
        ok: &[SC, EV], state: NONE, forbidden: NONE, hidden: &[AD, CA, CC, ME, PA, NM, NR, OU]),
    // ----- exports of scheme records
    case!("exports::may_export", "ExportSchemeRecords (a yes/no for navigation)",
        |c, w, a| answer(exports::may_export(a)),
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("exports::choices", "ExportSchemeRecords",
        |c, w, a| exports::choices(c, a).await.map(|_| ()),
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("exports::table", "ExportSchemeRecords, narrowed by records_scope",
        |c, w, a| exports::table(c, a, exports::ExportKind::Relationships, Default::default(),
            tandem_domain::Language::EnGb).await.map(|_| ()),
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("exports::export", "ExportSchemeRecords, narrowed by records_scope",
        |c, w, a| exports::export(c, a, exports::ExportKind::Applications, Default::default(),
            tandem_people_io::Format::Xlsx, tandem_domain::Language::EnGb).await.map(|_| ()),
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    // ----- each role's home (issue #17)
    case!("homes::participant_todos", "KeepOwnRecords (their own relationships only)",
        |c, w, a| homes::participant_todos(c, a).await,
        ok: ROLES, state: NONE, forbidden: &[NR], hidden: NONE),
    case!("homes::organisation", "ReviewApplications, for coordinators of an organisation; ViewRelationshipStatus per row",
        |c, w, a| homes::organisation(c, a).await,
        ok: &[CA, CC], state: NONE, forbidden: &[SC, AD, EV, ME, PA, NM, NR, OU], hidden: NONE),
    case!("homes::applications_to_review", "ReviewApplications, narrowed to the organisations decided for",
        |c, w, a| homes::applications_to_review(c, a).await,
        ok: &[SC, CA, CC, OU], state: NONE, forbidden: &[AD, EV, ME, PA, NM, NR], hidden: NONE),
    case!("homes::all_staff_relationships", "ViewRelationshipStatus per row, for coordinators of an organisation",
        |c, w, a| homes::all_staff_relationships(c, a).await,
        ok: &[CA, CC], state: NONE, forbidden: &[SC, AD, EV, ME, PA, NM, NR, OU], hidden: NONE),
    case!("homes::scheme", "ManageScheme (scheme coordinators), ManageUndeliveredNotices (administrators)",
        |c, w, a| homes::scheme(c, a).await,
        ok: &[SC, AD, OU], state: NONE, forbidden: &[EV, CA, CC, ME, PA, NM, NR], hidden: NONE),
    // ----- a staff member's relationship, status only (issue #17, item 7)
    case!("story::relationship_status", "ViewRelationshipStatus: members, the scheme coordinator, coordinators of a member's organisation (hide)",
        |c, w, a| tandem_app::story::relationship_status(c, a, w.relationship).await.map(|_| ()),
        ok: &[SC, ME, PA, CA], state: NONE, forbidden: NONE, hidden: &[AD, EV, CC, NM, NR, OU]),
];

/// Changed settings (both countries and languages, a higher threshold than 8), so that an allowed
/// call writes.
fn settings_input() -> tandem_domain::SchemeSettingsInput {
    tandem_domain::SchemeSettingsInput {
        countries: vec!["GB".into(), "NL".into()],
        languages: vec!["en-GB".into(), "nl-NL".into()],
        time_zone: "Europe/London".into(),
        self_registration: true,
        small_number_threshold: Some(9),
        ..Default::default()
    }
}

/// Public functions that act for nobody in particular, and why they need no actor.
pub const NO_ACTOR: &[(&str, &str)] = &[
    (
        "kinds::activity_of",
        "counts what a relationship held for a view or figure whose use case decided who may \
         see it (the relationship page, the programme's figures)",
    ),
    (
        "pairs::attendance_open",
        "a yes/no about a workshop's day for the page of a workshop its use case loaded",
    ),
    (
        "rights::retention_run",
        "the upkeep pass and `tandem retention`, run by whoever operates the installation: \
         applies or counts every scheme's retention rules, on nobody's behalf",
    ),
    (
        "surveys::waves::open_due",
        "the scheduler's work on every instance: opens the survey requests that programmes' \
         surveys name for their members and reminds them, on nobody's behalf",
    ),
    (
        "notify::to_person",
        "builds a notice value; nothing is read or written until a use case that decided who \
         may be told stages or queues it",
    ),
    (
        "notify::to_address",
        "builds a notice value; nothing is read or written until a use case that decided who \
         may be told stages or queues it",
    ),
    (
        "notify::stage",
        "returns a store handle carrying the caller's notices into the caller's own write: the \
         calling use case has authorised that write",
    ),
    (
        "notify::queue",
        "writes notices the calling use case (or the scheduler) decided on; it reads nothing",
    ),
    (
        "notify::queue_audited",
        "writes notices and the audit entry the calling use case decided on; it reads nothing",
    ),
    (
        "notify::render",
        "the outbox's worker renders a queued notice for its recipient: the use case that \
         queued it decided who may be told",
    ),
    (
        "notify::worker::deliver_due",
        "background delivery of the outbox: every row was queued by a use case that decided \
         who may be told, and each is sent only to its own recipient",
    ),
    (
        "notify::journey::render",
        "the outbox's worker renders a queued notice for its recipient: the use case that \
         queued it decided who may be told",
    ),
    (
        "sign_in::request_sign_in_link",
        "anyone may ask; the link goes only to the address on record and the answer reveals nothing",
    ),
    (
        "sign_in::request_sign_in_link_from",
        "anyone may ask; the link goes only to the address on record and the answer reveals nothing",
    ),
    (
        "sign_in::sign_in_link_is_valid",
        "the e-mailed sign-in token is the authority; reads whether it is usable, changes nothing",
    ),
    (
        "sign_in::sign_in_with_link",
        "nobody is signed in yet: the e-mailed single-use token is the authority",
    ),
    (
        "sign_in::sso_choices",
        "shown to anyone about to sign in: which organisations offer single sign-on (names only)",
    ),
    (
        "sign_in::begin_sso",
        "nobody is signed in yet: starts a sign-in at the organisation's provider, which decides",
    ),
    (
        "sign_in::finish_sso",
        "nobody is signed in yet: the provider's verified ID token and the single-use state are the authority",
    ),
    (
        "accounts::sign_in",
        "nobody is signed in yet: the e-mail and password are the authority",
    ),
    (
        "accounts::sign_out",
        "the session token is the authority; it ends that session only",
    ),
    (
        "accounts::user_for_account",
        "loads who an account is, to make the actor; decides nothing",
    ),
    (
        "accounts::user_for_session",
        "the session token is the authority",
    ),
    (
        "accounts::user_for_api_token",
        "the bearer token is the authority",
    ),
    (
        "accounts::create_api_token",
        "for the signed-in user's own account only (takes the user)",
    ),
    (
        "accounts::new_api_token",
        "for the signed-in user's own account only (takes the user)",
    ),
    (
        "accounts::api_tokens",
        "lists the signed-in user's own tokens only (takes the user)",
    ),
    (
        "accounts::revoke_api_token",
        "revokes one of the signed-in user's own tokens only (takes the user); others are not found",
    ),
    (
        "accounts::sign_in_from",
        "nobody is signed in yet: the e-mail and password are the authority (rate limited per client)",
    ),
    (
        "accounts::request_password_reset_from",
        "anyone may ask; the link goes only to the address on record and the answer reveals nothing",
    ),
    (
        "accounts::request_password_reset",
        "anyone may ask; the link goes only to the address on record and the answer reveals nothing",
    ),
    (
        "accounts::reset_password",
        "the e-mailed reset token is the authority",
    ),
    (
        "accounts::accept_invitation",
        "the e-mailed invitation token is the authority",
    ),
    (
        "accounts::invitation_language",
        "the e-mailed invitation token is the authority; answers a language only",
    ),
    (
        "applications::is_open",
        "reads the intake's dates against the clock; no data",
    ),
    (
        "applications::manager_request",
        "the line manager's signed link is the authority (policy::LinkAction::AnswerAsLineManager)",
    ),
    (
        "applications::answer_manager_link",
        "the line manager's signed link is the authority (policy::LinkAction::AnswerAsLineManager)",
    ),
    (
        "appraisal::check_link",
        "the line manager's single-use summary link is the authority (policy::LinkAction::ReadAppraisalSummary)",
    ),
    (
        "appraisal::open_link",
        "the line manager's single-use summary link is the authority (policy::LinkAction::ReadAppraisalSummary)",
    ),
    (
        "notify::peers::render",
        "renders a conversation request's e-mails at delivery; asking or answering decided who is told, and it re-checks the request's state and recipient",
    ),
    (
        "notify::story::render",
        "renders the decline e-mail to the others in a match at delivery; the decline decided who is told, and it asks the policy whether the reader may see who declined",
    ),
    (
        "notify::appraisal::render",
        "renders the line manager's summary e-mail at delivery; the mentee's share decided who is told, and it re-checks the summary is still shared",
    ),
    (
        "sessions::feed",
        "the secret calendar token is the authority (policy::LinkAction::ReadCalendarFeed)",
    ),
    (
        "calendar::zone_of",
        "a building block: the time zone of a person's employer, asked by use cases that decided already",
    ),
    (
        "notify::meetings::render",
        "renders a queued notice for its recipient at delivery; the use case that queued it decided who is told, and it re-checks they are still a member",
    ),
    (
        "notify::meetings::session_ics",
        "a building block of notices: the .ics of a session for the members it is sent to",
    ),
    (
        "upkeep::sweep",
        "housekeeping nobody asks for: deletes what has expired",
    ),
    (
        "setup::init",
        "the first run (the command line holds the database): nobody exists yet, and it is refused once any scheme exists",
    ),
    (
        "setup::init_with_code",
        "the set-up page: the single-use code printed by serve is the authority, and it is refused once any scheme exists",
    ),
    (
        "setup::open_setup",
        "makes a code only while no scheme exists; serve prints it to its console, no request ever sees it",
    ),
    (
        "setup::already_set_up",
        "says which scheme a database holds (name and counts), for the first run's refusal; asked before anyone exists",
    ),
    (
        "setup::needed",
        "whether any scheme exists, to send every page to the set-up page; no data",
    ),
    (
        "import::pending::keep",
        "a building block of import::preview, which decided already; keeps rows for their uploader",
    ),
    (
        "import::pending::take",
        "a building block of import::commit, which decided already; gives rows to their uploader only",
    ),
    (
        "import::pending::sweep",
        "housekeeping (upkeep::sweep): deletes expired previews",
    ),
    (
        "background::tick",
        "the timer on every instance: the scheduler's notices and the survey waves, for everyone",
    ),
    (
        "notify::scheduler::tick",
        "the scheduler on every instance, on its own clock: queues what is due for everyone",
    ),
    (
        "notify::scheduled::render",
        "a building block of delivery: renders a notice for the recipient it is addressed to",
    ),
    (
        "notify::preferences::decide",
        "a building block of delivery: reads the recipient's own stored choice",
    ),
    (
        "notify::preferences::links",
        "a building block of delivery: signs the recipient's own unsubscribe link",
    ),
    (
        "notify::preferences::unsubscribe_link",
        "the signed unsubscribe link is the authority (policy::LinkAction::Unsubscribe)",
    ),
    (
        "notify::preferences::unsubscribe",
        "the signed unsubscribe link is the authority (policy::LinkAction::Unsubscribe)",
    ),
    (
        "notify::accounts::render",
        "the delivery worker's step: mints the sign-in link for the notice's own recipient",
    ),
    (
        "notify::nominations::render",
        "the delivery worker's step: renders a nomination for the notice's own recipient",
    ),
    (
        "registration::form",
        "the public registration page: the scheme's organisations and languages, when open",
    ),
    (
        "registration::register",
        "the public registration form: a stranger registering themselves (no account yet)",
    ),
    (
        "registration::register_from",
        "the public registration form: a stranger registering themselves (rate limited per client)",
    ),
    (
        "registration::confirmation_link_is_valid",
        "the e-mailed confirmation token is the authority; reads whether it is usable",
    ),
    (
        "registration::confirm_email",
        "the e-mailed confirmation token is the authority (single use, expiring)",
    ),
];

/// Public functions taking an actor that are not use cases.
pub const NOT_USE_CASES: &[(&str, &str)] = &[
    (
        "authorise",
        "the decision itself: asks tandem_domain::can and refuses with Forbidden",
    ),
    (
        "profiles::back_from_person",
        "names the page a person's page links back to (asks ListPeople); reads and refuses nothing",
    ),
];

/// The outcome a call had, in the table's terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    State,
    Forbidden,
    Hidden,
}

impl Case {
    /// The outcome the table expects for `who`, or `None` when the row forgets them.
    pub fn expects(&self, who: Who) -> Option<Outcome> {
        let lists = [
            (self.ok, Outcome::Ok),
            (self.state, Outcome::State),
            (self.forbidden, Outcome::Forbidden),
            (self.hidden, Outcome::Hidden),
        ];
        let found: Vec<Outcome> = lists
            .iter()
            .filter(|(l, _)| l.contains(&who))
            .map(|(_, o)| *o)
            .collect();
        match found.as_slice() {
            [one] => Some(*one),
            _ => None,
        }
    }
}
