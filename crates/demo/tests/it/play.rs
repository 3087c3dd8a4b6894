//! The playback: the demo loaded into a temporary SQLite store through the use cases, and the end
//! states of its journey checked against what the generator describes and the sign-ins claim.
//!
//! Loading takes a few seconds, so each test loads once and checks many things on that store;
//! the helpers below say which part of the journey failed.

use chrono::Datelike;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use tandem_app::{Context, Settings};
use tandem_demo::play::{self, DEMO_PASSWORD};
use tandem_demo::{DEFAULT_SEED, DemoData, DemoSignIn, IntakeStage, generate};
use tandem_domain::{
    Actor, ApplicationStatus, IntakeId, OfferResponse, PersonId, ProgrammeKind, Relationship,
    RelationshipKind, RelationshipStatus,
};
use tandem_storage::Store;

/// A demo loaded into its own SQLite file, with the dates the load began and ended on (the steps
/// played "now" use the wall clock, which may cross midnight while loading).
struct Loaded {
    _dir: tempfile::TempDir,
    store: Store,
    data: DemoData,
    sign_ins: Vec<DemoSignIn>,
    days: BTreeSet<chrono::NaiveDate>,
    /// Every e-mail the story sent while it played.
    mailer: tandem_mail::MemoryMailer,
}

impl Loaded {
    async fn new(seed: u64) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite:{}", dir.path().join("demo.db").display());
        let store = Store::connect(&url).await.expect("open");
        store.migrate().await.expect("migrate");
        let data = generate(seed);
        let before = chrono::Utc::now().date_naive();
        let mailer = tandem_mail::MemoryMailer::new();
        let mail = play::Mail {
            mailer: Arc::new(mailer.clone()),
            settings: Settings::default(),
        };
        let sign_ins = play::load_with(&store, &data, &mail)
            .await
            .expect("the demo loads");
        let after = chrono::Utc::now().date_naive();
        Self {
            _dir: dir,
            store,
            data,
            sign_ins,
            days: [before, after].into(),
            mailer,
        }
    }

    /// Use cases on the wall clock; e-mails go nowhere.
    fn ctx(&self) -> Context {
        Context::new(
            self.store.clone(),
            Arc::new(tandem_mail::MemoryMailer::new()),
            Settings::default(),
        )
    }

    /// The person printed under `label`.
    fn signed_in(&self, label: &str) -> PersonId {
        self.sign_ins
            .iter()
            .find(|s| s.role_label == label)
            .unwrap_or_else(|| panic!("no sign-in {label:?} in {:?}", self.sign_ins))
            .person_id
    }

    /// The person as the application sees them once signed in.
    async fn actor(&self, person: PersonId) -> Actor {
        Actor {
            person_id: person,
            scheme_id: self.data.scheme.id,
            roles: self
                .store
                .roles_in_scheme(person, self.data.scheme.id)
                .await
                .expect("roles"),
        }
    }

    fn intake(&self, name: &str) -> IntakeId {
        self.data
            .intakes
            .iter()
            .find(|i| i.name == name)
            .unwrap_or_else(|| panic!("no intake {name}"))
            .id
    }

    async fn relationships(&self, intake: IntakeId) -> Vec<Relationship> {
        self.store
            .relationships_of_intake(intake)
            .await
            .expect("relationships")
    }
}

fn count(rels: &[Relationship], s: RelationshipStatus) -> usize {
    rels.iter().filter(|r| r.status == s).count()
}

/// Recruiting intakes have nobody matched, running ones have active relationships that every
/// member signed, closed ones have only closed relationships.
async fn every_intake_is_at_its_generated_stage(l: &Loaded) {
    for (intake, stage) in &l.data.journey.stages {
        let name = &l
            .data
            .intakes
            .iter()
            .find(|i| i.id == *intake)
            .expect("a generated intake")
            .name;
        let rels = l.relationships(*intake).await;
        match stage {
            IntakeStage::Recruiting => {
                assert!(rels.is_empty(), "{name} is recruiting but has matches");
                let apps = l.store.list_applications(*intake).await.expect("apps");
                assert!(
                    apps.iter().all(|a| a.status != ApplicationStatus::Matched),
                    "{name} is recruiting but has matched applications"
                );
            }
            IntakeStage::Running(_) => {
                assert!(
                    count(&rels, RelationshipStatus::Active) >= 1,
                    "{name} is running without active relationships"
                );
                for r in &rels {
                    assert!(
                        !matches!(
                            r.status,
                            RelationshipStatus::WindingDown | RelationshipStatus::Closed
                        ),
                        "{name} is running but a relationship is {}",
                        r.status.code()
                    );
                    if r.status == RelationshipStatus::Active {
                        assert!(
                            r.members.iter().all(|m| m.signed_version.is_some()),
                            "{name}: active but unsigned"
                        );
                    }
                }
            }
            IntakeStage::Closed(_) => {
                assert!(!rels.is_empty(), "{name} closed without relationships");
                assert!(
                    rels.iter().all(|r| r.status == RelationshipStatus::Closed),
                    "every relationship of {name} is closed"
                );
            }
        }
    }
}

/// The mentoring intakes as the coordinator's pages show them: the 2027 intake has applications
/// in every status, the 2026 intake live matches, a declined offer, a pending re-match, sessions
/// with fit checks and one quiet relationship, the 2025 intake is closed.
async fn the_mentoring_intakes_tell_their_story(l: &Loaded) {
    let recruiting: BTreeSet<ApplicationStatus> = l
        .store
        .list_applications(l.intake("2027 intake"))
        .await
        .expect("applications")
        .iter()
        .map(|a| a.status)
        .collect();
    for s in [
        ApplicationStatus::AwaitingManager,
        ApplicationStatus::AwaitingCoordinator,
        ApplicationStatus::Approved,
        ApplicationStatus::WaitingList,
        ApplicationStatus::Declined,
        ApplicationStatus::Withdrawn,
    ] {
        assert!(recruiting.contains(&s), "2027 intake: no {}", s.code());
    }

    let running = l.relationships(l.intake("2026 intake")).await;
    assert!(count(&running, RelationshipStatus::Active) >= 5);
    assert!(
        count(&running, RelationshipStatus::Proposed) >= 1,
        "a pending offer"
    );
    assert!(
        count(&running, RelationshipStatus::Declined) >= 1,
        "a declined offer"
    );
    for r in running
        .iter()
        .filter(|r| r.status == RelationshipStatus::Proposed)
    {
        assert!(
            r.members
                .iter()
                .any(|m| m.response == OfferResponse::Pending),
            "a pending offer awaits an answer"
        );
    }
    // Sessions were held, with fit checks after the first, and one active relationship has had
    // none (the coordinator's quiet list shows it).
    let last = l
        .store
        .last_sessions(l.intake("2026 intake"))
        .await
        .expect("sessions");
    let active: Vec<_> = running
        .iter()
        .filter(|r| r.status == RelationshipStatus::Active)
        .collect();
    assert!(
        last.len() + 1 >= active.len() && !last.is_empty(),
        "{last:?}"
    );
    assert!(
        active
            .iter()
            .any(|r| !last.iter().any(|(id, _)| *id == r.id)),
        "one quiet relationship"
    );
    assert!(
        active
            .iter()
            .filter(|r| last.iter().any(|(id, _)| *id == r.id))
            .all(|r| r.members.iter().all(|m| m.fit_check.is_some())),
        "fit checks after the first session"
    );
    let mut confirmed = 0;
    for r in &running {
        confirmed += l
            .store
            .bookings_of(r.id)
            .await
            .expect("bookings")
            .iter()
            .filter(|b| b.status == tandem_domain::sessions::BookingStatus::Confirmed)
            .count();
    }
    assert!(confirmed >= 1, "sessions booked");

    let closed = l.relationships(l.intake("2025 intake")).await;
    assert!(closed.len() >= 5);

    // The printed mentees are in the situation their label says.
    for (label, wanted) in [
        (
            "Participant (mentee, active match)",
            RelationshipStatus::Active,
        ),
        (
            "Participant (mentee, pending offer)",
            RelationshipStatus::Proposed,
        ),
    ] {
        let mine = l
            .store
            .relationships_of_person(l.signed_in(label))
            .await
            .expect("relationships");
        assert!(
            mine.iter().any(|r| r.status == wanted
                && r.kind == RelationshipKind::Mentoring
                && r.members.iter().any(|m| m.person_id == l.signed_in(label)
                    && m.role == tandem_domain::ApplicationRole::Mentee)),
            "{label}: no {} mentoring relationship as mentee",
            wanted.code()
        );
    }
}

/// Every running pair has its improvement project and shadowing days; exactly one pair has used
/// its whole session cap and another is one session short, as their sign-ins say.
async fn pairs_are_in_motion_as_the_sign_ins_claim(l: &Loaded) {
    let pairs = l.relationships(l.intake("2026–27 pairs")).await;
    let programme = l
        .data
        .programmes
        .iter()
        .find(|p| p.kind == ProgrammeKind::PairedLearning)
        .expect("paired learning");
    let cap = programme
        .rules
        .session_cap
        .expect("pairs have a session cap") as usize;
    assert!(cap >= 2, "a cap of {cap} leaves no room for 'one short'");
    assert!(count(&pairs, RelationshipStatus::Active) >= 3);
    let mut held = HashMap::new();
    for r in pairs
        .iter()
        .filter(|r| r.status == RelationshipStatus::Active)
    {
        assert!(l.store.project(r.id).await.expect("project").is_some());
        assert_eq!(l.store.shadowing_days(r.id).await.expect("days").len(), 2);
        held.insert(
            r.id,
            l.store.sessions_of(r.id).await.expect("sessions").len(),
        );
    }
    assert_eq!(
        held.values().filter(|n| **n == cap).count(),
        1,
        "one pair at its session cap of {cap}: {held:?}"
    );

    let pair_of = |person: PersonId| {
        pairs
            .iter()
            .find(|r| {
                r.status == RelationshipStatus::Active
                    && r.members.iter().any(|m| m.person_id == person)
            })
            .unwrap_or_else(|| panic!("{person:?} is in no active pair"))
    };
    let capped = pair_of(l.signed_in("Participant (pair at its session cap)"));
    assert_eq!(held[&capped.id], cap, "the capped pair");
    let near = pair_of(l.signed_in("Participant (pair one session from its cap)"));
    assert_eq!(held[&near.id], cap - 1, "the pair one session from its cap");
    assert_ne!(capped.id, near.id);
    let partner = l.signed_in("Participant (partner in that pair)");
    assert_ne!(
        partner,
        l.signed_in("Participant (pair one session from its cap)")
    );
    assert!(
        near.members.iter().any(|m| m.person_id == partner),
        "the partner is in that pair"
    );
}

/// The action learning set has met twice with its rota agreed and attendance recorded, and meets
/// again today with a rota proposed from those meetings, as its member sees it.
async fn the_set_meets_today_with_its_rota(l: &Loaded) {
    let member = l.signed_in("Participant (action learning set)");
    let sets: Vec<Relationship> = l
        .store
        .relationships_of_person(member)
        .await
        .expect("relationships")
        .into_iter()
        .filter(|r| r.kind == RelationshipKind::Set && r.status == RelationshipStatus::Active)
        .collect();
    assert_eq!(sets.len(), 1, "the member is in one running set");
    let ctx = l.ctx();
    let view = tandem_app::sets::view(&ctx, &l.actor(member).await, sets[0].id)
        .await
        .expect("the member sees their set");
    assert!(view.members.len() >= 4, "a set of {}", view.members.len());
    let [first, second, today, later] = &view.meetings[..] else {
        panic!("four meetings, not {}", view.meetings.len());
    };
    // The meeting after today's already has a member's apologies: the rota gives them no role.
    assert!(later.starts_on > today.starts_on && !later.attendance_recorded);
    assert_eq!(
        later.apologies.len(),
        1,
        "apologies sent for the coming meeting"
    );
    let away = later.apologies[0].id;
    let rota = later.rota.as_ref().expect("a member sees the rota");
    assert!(rota.facilitator.as_ref().is_none_or(|p| p.id != away));
    assert!(rota.timekeeper.as_ref().is_none_or(|p| p.id != away));
    assert!(rota.presenters.iter().all(|p| p.id != away));
    // The set counts as active: its meetings are activity, not "no session for 6+ weeks".
    let coordinator = l.actor(l.signed_in("Scheme coordinator")).await;
    let rel = tandem_app::matching::get(&ctx, &coordinator, sets[0].id)
        .await
        .expect("the scheme coordinator sees the set");
    assert_eq!(rel.activity.set_meetings, 2);
    assert!(!rel.stale);
    // The first meeting's absent member had sent apologies: shown as such.
    assert!(first.attendance.iter().any(|a| !a.present && a.apologies));
    for held in [first, second] {
        assert!(held.attendance_recorded && held.starts_on < today.starts_on);
        let rota = held.rota.as_ref().expect("a member sees the rota");
        assert!(rota.agreed && !rota.presenters.is_empty());
    }
    // Every meeting is in the slot the set's page names ("The set meets on Wednesday
    // morning"), and the one to run is the latest such day on or before today.
    let slot = sets[0].meeting_slot.expect("a formed set has its slot");
    assert_eq!(view.slot.as_deref(), Some(slot.code().as_str()));
    for m in &view.meetings {
        assert_eq!(
            u8::try_from(m.starts_on.weekday().num_days_from_monday()).unwrap(),
            slot.day,
            "a meeting on {} in slot {}",
            m.starts_on,
            slot.code()
        );
        assert_eq!(
            m.starts_time,
            tandem_domain::sets::slot_start(slot)
                .format("%H:%M")
                .to_string()
        );
    }
    assert!(
        l.days
            .iter()
            .any(|d| *d >= today.starts_on && (*d - today.starts_on).num_days() < 7),
        "the meeting to run is in the week up to today ({:?}), not {}",
        l.days,
        today.starts_on
    );
    // The set is what the programme says: practice assessors of social workers.
    for p in &view.members {
        let record = l.store.get_person(p.id).await.expect("a member");
        let job = record
            .employments
            .iter()
            .find(|e| e.primary)
            .expect("a primary job");
        assert_eq!(
            job.profession, "social_work",
            "{}: stored as the vocabulary code",
            job.job_title
        );
        assert!(
            ["Practice Assessor", "ASYE Assessor", "Practice Educator"]
                .iter()
                .any(|t| job.job_title.contains(t)),
            "a set member who is no practice assessor: {}",
            job.job_title
        );
    }
    assert!(!today.attendance_recorded);
    let rota = today.rota.as_ref().expect("a member sees the rota");
    assert!(!rota.agreed, "today's rota is still a proposal");
    assert!(rota.facilitator.is_some() && rota.timekeeper.is_some());
    assert!(!rota.presenters.is_empty(), "someone presents today");
    let follow_up = today.follow_up.as_ref().expect("a member sees follow-ups");
    assert!(
        !follow_up.is_empty(),
        "the last meeting's actions to follow up"
    );
}

/// Mentor training recorded by the scheme coordinator is verified; some people ticked their own
/// course, which stays unverified and does not count as mentor training.
async fn training_is_verified_or_shown_unverified(l: &Loaded) {
    let (mut verified, mut unverified) = (0, 0);
    for t in &l.data.journey.training {
        if t.verified() {
            verified += 1;
        } else {
            unverified += 1;
            assert_eq!(t.recorded_by, Some(t.person_id), "only own entries wait");
            assert!(
                !l.store
                    .is_mentor_trained(t.person_id)
                    .await
                    .expect("trained"),
                "an unverified own entry does not count"
            );
        }
    }
    assert!(
        verified > 0 && unverified > 0,
        "{verified} verified, {unverified} not"
    );
}

/// Every printed e-mail signs in with the demo password (and not with another).
async fn every_sign_in_has_an_account_with_the_demo_password(l: &Loaded) {
    let ctx = l.ctx();
    for s in &l.sign_ins {
        let account = l
            .store
            .account_by_email(&s.email)
            .await
            .expect("account")
            .unwrap_or_else(|| panic!("{} ({}) has no account", s.email, s.role_label));
        assert_eq!(account.person_id, s.person_id, "{}", s.role_label);
        tandem_app::accounts::sign_in(&ctx, &s.email, DEMO_PASSWORD)
            .await
            .unwrap_or_else(|e| panic!("{} cannot sign in: {e}", s.email));
    }
    let first = &l.sign_ins[0].email;
    assert!(
        tandem_app::accounts::sign_in(&ctx, first, "not-the-demo-password")
            .await
            .is_err()
    );
}

/// No organisation holds more than its places, and what storage counts as taken is what the
/// applications hold.
async fn places_add_up(l: &Loaded) {
    for i in &l.data.intakes {
        let apps = l.store.list_applications(i.id).await.expect("applications");
        let mut held: HashMap<_, u32> = HashMap::new();
        for a in apps.iter().filter(|a| a.status.holds_place()) {
            *held.entry(a.organisation_id).or_default() += 1;
        }
        for p in l.store.place_use(i.id).await.expect("places") {
            assert!(p.taken <= p.places, "{}: over its places", i.name);
            assert_eq!(
                p.taken,
                held.get(&p.organisation_id).copied().unwrap_or(0),
                "{}: taken drifted",
                i.name
            );
        }
    }
}

#[tokio::test]
async fn the_demo_plays_the_journey_the_generator_describes() {
    let l = Loaded::new(DEFAULT_SEED).await;
    // The generator's sign-ins come first, in its order, then the ones found by playing.
    assert_eq!(l.sign_ins[..l.data.sign_ins.len()], l.data.sign_ins[..]);
    assert_eq!(
        l.sign_ins.len(),
        l.data.sign_ins.len() + 9,
        "{:?}",
        l.sign_ins
    );
    every_intake_is_at_its_generated_stage(&l).await;
    the_mentoring_intakes_tell_their_story(&l).await;
    pairs_are_in_motion_as_the_sign_ins_claim(&l).await;
    the_set_meets_today_with_its_rota(&l).await;
    every_sign_in_has_an_account_with_the_demo_password(&l).await;
    training_is_verified_or_shown_unverified(&l).await;
    a_telephone_session_shows_its_number_and_people_keep_profiles(&l).await;
    places_add_up(&l).await;
    the_scheme_is_british_and_dutch_and_bilingual(&l).await;
    the_story_is_told_by_e_mail(&l).await;
    the_closed_intake_has_before_and_after_answers(&l).await;
    the_virtual_cohort_run_honours_the_mentor_minimum(&l).await;
    the_dutch_programme_explains_each_pairs_assessment_fit(&l).await;
    a_dutch_mentee_shares_appraisal_progress_with_their_manager(&l).await;
    the_peer_network_is_in_use(&l).await;
    // Last: it adds an application and a draft run to the recruiting intake.
    a_dual_role_applicant_is_explained_honestly(&l).await;
}

/// Goals tied to appraisal: a Dutch mentee's goal cites their functioneringsgesprek with its
/// date (another's a beoordelingsgesprek); after ending the relationship the mentee shared a
/// Dutch summary with their line manager, whose e-mailed link shows the mentee's name, the cited
/// goals and the summary, and nothing else.
async fn a_dutch_mentee_shares_appraisal_progress_with_their_manager(l: &Loaded) {
    use tandem_domain::appraisal::{AppraisalKind, SummaryStatus};
    let mut cited = Vec::new();
    for intake in &l.data.intakes {
        for r in l.relationships(intake.id).await {
            for g in l.store.goals_of_relationship(r.id).await.expect("goals") {
                if let Some(a) = g.appraisal {
                    cited.push((r.clone(), g.person_id, g.title.clone(), a));
                }
            }
        }
    }
    let (r, mentee, _, citation) = cited
        .iter()
        .find(|(_, _, t, _)| t == tandem_demo::APPRAISAL_FUNCTIONING_GOAL)
        .expect("a goal citing a functioneringsgesprek");
    assert_eq!(citation.kind, AppraisalKind::Functioneringsgesprek);
    assert!(
        l.days.iter().any(|d| citation.held_on < *d),
        "the functioneringsgesprek is dated in the past: {}",
        citation.held_on
    );
    assert!(
        cited
            .iter()
            .any(|(_, _, t, a)| t == tandem_demo::APPRAISAL_ASSESSMENT_GOAL
                && a.kind == AppraisalKind::Beoordelingsgesprek),
        "another goal cites a beoordelingsgesprek"
    );
    assert_eq!(
        r.status,
        RelationshipStatus::Ended,
        "the relationship ended"
    );
    let summary = l
        .store
        .appraisal_summary_of(r.id, *mentee)
        .await
        .expect("summary")
        .expect("the mentee shared a summary");
    assert_eq!(summary.status, SummaryStatus::Sent);
    assert_eq!(summary.text, tandem_demo::APPRAISAL_SUMMARY);
    // The mentee is printed, so that the browser tests can sign in as them.
    assert!(
        l.sign_ins
            .iter()
            .any(|s| s.person_id == *mentee && s.role_label == tandem_demo::APPRAISAL_SHARED_LABEL),
        "the mentee who shared is a sign-in"
    );

    // The manager's e-mail, in the manager's language, carries the single-use link.
    let manager = l
        .data
        .people
        .iter()
        .find(|(p, _)| p.id == summary.manager_id)
        .expect("the manager is a demo person")
        .0
        .clone();
    let sent = l.mailer.sent();
    let email = sent
        .iter()
        .find(|e| e.kind.as_deref() == Some("appraisal.summary_shared") && e.to == manager.email)
        .expect("the line manager was e-mailed");
    let token = email
        .text
        .split("/appraisal-summary/")
        .nth(1)
        .and_then(|rest| rest.split(['?', ' ', '\n']).next())
        .expect("the e-mail carries the link")
        .to_string();
    let shown = tandem_app::appraisal::open_link(&l.ctx(), &token)
        .await
        .expect("open")
        .expect("the link opens");
    let person = l
        .data
        .people
        .iter()
        .find(|(p, _)| p.id == *mentee)
        .expect("the mentee")
        .0
        .clone();
    assert_eq!(shown.mentee_name, person.display_name());
    assert_eq!(shown.summary, tandem_demo::APPRAISAL_SUMMARY);
    assert_eq!(
        shown
            .goals
            .iter()
            .map(|g| (g.title.as_str(), g.kind, g.held_on))
            .collect::<Vec<_>>(),
        vec![(
            tandem_demo::APPRAISAL_FUNCTIONING_GOAL,
            AppraisalKind::Functioneringsgesprek,
            citation.held_on
        )],
        "only the mentee's cited goals"
    );
    // Nothing else: the page's data has exactly these fields, and nothing of the mentor's.
    let json = serde_json::to_value(&shown).expect("json");
    let keys: BTreeSet<&str> = json
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["mentee_name", "goals", "summary"]));
    let text = json.to_string();
    for m in r.members.iter().filter(|m| m.person_id != *mentee) {
        let other = &l
            .data
            .people
            .iter()
            .find(|(p, _)| p.id == m.person_id)
            .expect("a member")
            .0;
        assert!(
            !text.contains(&other.display_name()),
            "the mentor's name shown"
        );
    }
    for g in l.store.goals_of_relationship(r.id).await.expect("goals") {
        if g.person_id != *mentee || g.appraisal.is_none() {
            assert!(
                !text.contains(&g.title),
                "an uncited goal shown: {}",
                g.title
            );
        }
    }
    // Single use: a second open is refused.
    assert!(
        tandem_app::appraisal::open_link(&l.ctx(), &token)
            .await
            .expect("open again")
            .is_err()
    );
}

/// Mentoring in Dutch care: assessment matching switched on with its recorded basis, an
/// instrument with its dimensions and range, scores for its participants, and a draft run whose
/// every pair earns assessment points and is explained per dimension with both scores; the one
/// participant who did not consent has no scores in the run.
async fn the_dutch_programme_explains_each_pairs_assessment_fit(l: &Loaded) {
    use tandem_domain::assessment::UseKind;
    let s = &l.store;
    let programme = s
        .list_programmes(l.data.scheme.id)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name == tandem_demo::ASSESSMENT_PROGRAMME)
        .expect("the Dutch programme");
    let used = s
        .matching_use(programme.id, UseKind::Assessment)
        .await
        .unwrap()
        .expect("a recorded basis");
    assert!(used.enabled);
    assert_eq!(used.art6.code(), "legitimate_interests");
    assert!(used.art9.is_some() && !used.justification.is_empty());
    let instruments = s.instruments(programme.id).await.unwrap();
    assert_eq!(instruments.len(), 1);
    assert_eq!(instruments[0].name, tandem_demo::ASSESSMENT_INSTRUMENT);
    assert_eq!(instruments[0].dimensions.len(), 4);
    let scores = s.programme_scores(programme.id).await.unwrap();
    let intake = s.list_intakes(programme.id).await.unwrap()[0].clone();
    let applicants = s.list_applications(intake.id).await.unwrap().len();
    assert!(applicants >= 4, "{applicants} applicants");
    assert_eq!(
        scores.len(),
        applicants * 4,
        "every participant scored on every dimension"
    );
    assert!(scores.iter().all(|r| (1..=10).contains(&r.score)));
    let runs = s.list_match_runs(intake.id).await.unwrap();
    let run = runs.iter().max_by_key(|r| r.number).expect("a draft run");
    assert!(run.result.matches.len() >= 2, "{:?}", run.result);
    let fits = tandem_app::matching::assessment::run_fits(run).unwrap();
    assert_eq!(fits.len(), run.result.matches.len());
    for (m, f) in run.result.matches.iter().zip(&fits) {
        assert!(m.breakdown.iter().any(|(c, _)| c == "assessment"), "{m:?}");
        assert_eq!(f.dimensions.len(), 4);
        let explained: i64 = f.dimensions.iter().map(|d| d.points).sum();
        let points = m
            .breakdown
            .iter()
            .find(|(c, _)| c == "assessment")
            .unwrap()
            .1;
        assert_eq!(
            points, explained,
            "the per-dimension detail sums to the points"
        );
    }
    let inputs: tandem_app::matching::plan::RunInputs = serde_json::from_str(&run.inputs).unwrap();
    let without = inputs
        .candidates
        .iter()
        .filter(|c| c.assessment.is_empty())
        .count();
    assert_eq!(without, 1, "the participant who did not consent");
}

/// As a new coordinator would: run matching on the recruiting virtual cohort (mentors take at
/// least two mentees). Every mentor with places reaches two, or is named below the minimum with
/// load and reason; the minimum never costs a mentee their match (as many placed as without it).
async fn the_virtual_cohort_run_honours_the_mentor_minimum(l: &Loaded) {
    use tandem_app::matching::plan::{RunInputs, RunParameters, plan};
    use tandem_domain::ApplicationRole;
    let cohort = l
        .data
        .programmes
        .iter()
        .find(|p| p.kind == ProgrammeKind::VirtualCohort)
        .expect("virtual cohort");
    assert_eq!(cohort.rules.mentor_load_min, Some(2));
    let intake = l
        .data
        .intakes
        .iter()
        .filter(|i| i.programme_id == cohort.id)
        .max_by_key(|i| i.opens_on)
        .expect("a cohort intake")
        .id;
    let coordinator = l.actor(l.signed_in("Scheme coordinator")).await;
    // The recruiting cohort has only mentees approved so far; the coordinator approves the
    // applications waiting for them (places allowing), as a new user trying the run would.
    for a in l
        .store
        .list_applications(intake)
        .await
        .expect("applications")
    {
        if a.status == ApplicationStatus::AwaitingCoordinator {
            let _ = tandem_app::applications::decide(
                &l.ctx(),
                &coordinator,
                a.id,
                tandem_app::applications::Decision::Approve,
                Some(ApplicationStatus::AwaitingCoordinator),
                "",
            )
            .await;
        }
    }
    let run = tandem_app::matching::run(&l.ctx(), &coordinator, intake)
        .await
        .expect("the cohort runs");
    let inputs: RunInputs = serde_json::from_str(&run.inputs).expect("inputs");
    assert_eq!(inputs.mentor_load_min, Some(2));
    let mentors: Vec<_> = inputs
        .candidates
        .iter()
        .filter(|c| c.role == ApplicationRole::Mentor && c.capacity > 0)
        .collect();
    assert!(
        !mentors.is_empty(),
        "the cohort has mentors to check: {:?}",
        inputs
            .candidates
            .iter()
            .map(|c| (c.role, c.capacity))
            .collect::<Vec<_>>()
    );
    let r = &run.result;
    for m in &mentors {
        let before = inputs
            .mentor_loads
            .iter()
            .find(|(a, _)| *a == m.application_id)
            .map_or(0, |&(_, n)| n);
        let load = before
            + r.matches
                .iter()
                .filter(|x| x.applications.contains(&m.application_id))
                .count() as u32;
        let named = r
            .mentors_below_min
            .iter()
            .find(|b| b.application_id == m.application_id);
        match named {
            Some(b) => assert_eq!((b.load, b.min), (load, 2)),
            None => assert!(load >= 2, "mentor with {load} mentees not named"),
        }
    }
    // Cardinality first: exactly as many placed as the run without a minimum.
    let params: RunParameters = serde_json::from_str(&run.parameters).expect("parameters");
    let without = plan(
        &RunInputs {
            mentor_load_min: None,
            ..inputs.clone()
        },
        &params,
    )
    .expect("plan");
    assert_eq!(r.matches.len(), without.matches.len());
    assert!(r.optimal);
}

/// Issue #15: someone who is mentor and mentee in one intake. An approved mentor of the
/// recruiting intake also applies as a mentee; the coordinator's run never pairs them with
/// themselves nor both ways round, says exactly why their mentor side is unmatched (by rule and
/// count, never the old catch-all), explains every pair with the line-management rules, and
/// counts people (not applications) per organisation.
async fn a_dual_role_applicant_is_explained_honestly(l: &Loaded) {
    use tandem_domain::UnmatchedReason as R;
    use tandem_domain::{Application, ApplicationEvent, ApplicationId, ApplicationRole};
    let intake = l.intake("2027 intake");
    let apps = l
        .store
        .list_applications(intake)
        .await
        .expect("applications");
    // An approved mentor whose organisation still has a place applies as a mentee too.
    let mut mentor = None;
    for m in apps
        .iter()
        .filter(|a| a.role == ApplicationRole::Mentor && a.status == ApplicationStatus::Approved)
    {
        if apps
            .iter()
            .any(|a| a.person_id == m.person_id && a.role == ApplicationRole::Mentee)
        {
            continue;
        }
        let now = chrono::Utc::now();
        let mentee = Application {
            id: ApplicationId::new(),
            role: ApplicationRole::Mentee,
            status: ApplicationStatus::AwaitingCoordinator,
            version: 1,
            submitted_at: now,
            updated_at: now,
            ..m.clone()
        };
        let event = |status| ApplicationEvent {
            application_id: mentee.id,
            at: now,
            actor_id: None,
            status,
            note: "dual role".into(),
        };
        l.store
            .create_application(&mentee, &event(ApplicationStatus::AwaitingCoordinator))
            .await
            .expect("the second application");
        let approved = l
            .store
            .move_application(
                mentee.id,
                ApplicationStatus::AwaitingCoordinator,
                &event(ApplicationStatus::Approved),
            )
            .await;
        if approved.is_ok() {
            mentor = Some(m.clone());
            break;
        }
    }
    let mentor = mentor.expect("an approved mentor whose organisation has a place left");
    let coordinator = l.actor(l.signed_in("Scheme coordinator")).await;
    let run = tandem_app::matching::run(&l.ctx(), &coordinator, intake)
        .await
        .expect("the run");
    let person_of: HashMap<ApplicationId, PersonId> = l
        .store
        .list_applications(intake)
        .await
        .expect("applications")
        .iter()
        .map(|a| (a.id, a.person_id))
        .collect();
    let pairs: BTreeSet<(PersonId, PersonId)> = run
        .result
        .matches
        .iter()
        .map(|m| (person_of[&m.applications[0]], person_of[&m.applications[1]]))
        .collect();
    assert!(
        !run.result.matches.is_empty(),
        "the recruiting intake matches someone"
    );
    for (a, b) in &pairs {
        assert_ne!(a, b, "paired with themselves");
        assert!(!pairs.contains(&(*b, *a)), "a 2-cycle");
    }
    for u in &run.result.unmatched {
        assert_ne!(u.reason, R::NoEligiblePartner, "the old catch-all reason");
        if u.reason == R::BlockedByRules {
            assert!(!u.rules.is_empty() || u.partners == 0, "{u:?}");
            assert!(
                u.rules
                    .iter()
                    .all(|r| r.partners >= 1 && r.partners <= u.partners),
                "{u:?}"
            );
        }
    }
    let in_match = run
        .result
        .matches
        .iter()
        .any(|m| m.applications.contains(&mentor.id));
    let reason = run
        .result
        .unmatched
        .iter()
        .find(|u| u.application_id == mentor.id);
    assert!(
        in_match != reason.is_some(),
        "the mentor side is matched or explained"
    );
    let explained = tandem_app::matching::explain::explain_run(&run).expect("explanations");
    assert_eq!(explained.len(), run.result.matches.len());
    for x in &explained {
        assert!(!x.criteria.is_empty());
        for rule in [
            "direct_report",
            "managers_manager",
            "same_line_manager",
            "reverse_pair",
        ] {
            assert!(
                x.rules.iter().any(|r| r.code == rule),
                "{rule} not listed: {:?}",
                x.rules
            );
        }
    }
    for q in &run.result.per_organisation {
        assert!(q.placed <= q.applicants, "{q:?}");
    }
}

/// Every programme has its surveys; the closed intake's members answered at its start and its
/// end through the waves, enough of them for statistics under the suppression defaults (at
/// least 12 with both), with some not answering and most agreeing to research use; and one
/// printed participant has a survey to answer today.
async fn the_closed_intake_has_before_and_after_answers(l: &Loaded) {
    use tandem_domain::survey::WaveKind;
    let closed = l
        .data
        .journey
        .stages
        .iter()
        .find(|(_, s)| matches!(s, IntakeStage::Closed(_)))
        .map(|(i, _)| *i)
        .expect("a closed intake");
    let intake = l.data.intakes.iter().find(|i| i.id == closed).unwrap();
    let surveys = l
        .store
        .surveys_of_programme(intake.programme_id)
        .await
        .unwrap();
    assert!(surveys.len() >= 2, "{} surveys", surveys.len());
    for p in &l.data.programmes {
        assert!(
            !l.store.surveys_of_programme(p.id).await.unwrap().is_empty(),
            "{} has no survey",
            p.name
        );
    }
    let before_after = &surveys[0];
    let rows: Vec<_> = l
        .store
        .survey_response_rows(before_after.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.intake_id == closed)
        .collect();
    let of = |wave: WaveKind| -> BTreeSet<String> {
        rows.iter()
            .filter(|r| r.wave == wave)
            .map(|r| r.respondent.clone())
            .collect()
    };
    let (base, end) = (of(WaveKind::Baseline), of(WaveKind::End));
    let pairs = base.intersection(&end).count();
    assert!(pairs >= 12, "{pairs} baseline and end pairs");
    let people: usize = l
        .store
        .relationships_of_intake(closed)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.status == RelationshipStatus::Closed)
        .map(|r| r.members.len())
        .sum();
    let rate = base.len() as f64 / people as f64;
    assert!(
        (0.6..=0.95).contains(&rate),
        "baseline response rate {rate}"
    );
    let consent = rows.iter().filter(|r| r.research_consent).count() as f64 / rows.len() as f64;
    assert!((0.6..1.0).contains(&consent), "research consent {consent}");
    let due = l
        .sign_ins
        .iter()
        .find(|s| s.role_label == "Participant (survey to answer)")
        .expect("a participant with a survey to answer is printed");
    let now = chrono::Utc::now();
    assert!(
        l.store
            .survey_requests_of_person(due.person_id, 20)
            .await
            .unwrap()
            .iter()
            .any(|q| q.answered_at.is_none() && q.opens_at <= now && now < q.closes_at)
    );
}

/// The story's notices went out as it played: at least twelve kinds (offers, agreements, set
/// meetings and apologies, shadowing days, sessions, digests…), each e-mail naming its kind,
/// and everyone written to in their own language.
async fn the_story_is_told_by_e_mail(l: &Loaded) {
    let sent = l.mailer.sent();
    let kinds: BTreeSet<String> = sent.iter().filter_map(|e| e.kind.clone()).collect();
    assert!(kinds.len() >= 12, "{} kinds: {kinds:?}", kinds.len());
    assert!(
        sent.iter().all(|e| e.kind.is_some()),
        "an e-mail without its kind"
    );
    for kind in [
        "offer.made",
        "agreement.signed",
        "set.apologies",
        "digest.scheme",
    ] {
        assert!(kinds.contains(kind), "no {kind} in {kinds:?}");
    }
    let languages: HashMap<String, tandem_domain::Language> = l
        .data
        .people
        .iter()
        .map(|(p, _)| (p.email.clone(), p.language))
        .collect();
    let mut dutch = 0;
    for e in &sent {
        let language = languages[&e.to];
        let tag = format!("lang=\"{}\"", language.tag());
        assert!(
            e.html.as_deref().is_some_and(|h| h.contains(&tag)),
            "{} to a {} reader is not in their language",
            e.kind.as_deref().unwrap_or("?"),
            language.tag()
        );
        dutch += usize::from(language == tandem_domain::Language::NlNl);
    }
    assert!(dutch > 0, "no Dutch reader was written to");
}

async fn the_scheme_is_british_and_dutch_and_bilingual(l: &Loaded) {
    let settings = l.store.scheme_settings(l.data.scheme.id).await.unwrap();
    assert_eq!(settings, l.data.settings);
    assert_eq!(
        settings.countries,
        [
            tandem_domain::Country::UnitedKingdom,
            tandem_domain::Country::Netherlands
        ]
    );
    assert_eq!(settings.languages.len(), 2);
    assert_eq!(settings.time_zone, tandem_domain::TimeZone::EuropeLondon);
}

/// What a loaded demo holds, without the identifiers and times the use cases draw when they run
/// (relationship ids, "now"): per programme and intake by name, the applications and the
/// relationships with their members' answers, signatures and fit checks, and what was held.
async fn fingerprint(l: &Loaded) -> Vec<String> {
    let s = &l.store;
    let mut out = Vec::new();
    for programme in s
        .list_programmes(l.data.scheme.id)
        .await
        .expect("programmes")
    {
        for intake in s.list_intakes(programme.id).await.expect("intakes") {
            let at = format!("{} / {}", programme.name, intake.name);
            let mut apps: Vec<String> = s
                .list_applications(intake.id)
                .await
                .expect("applications")
                .iter()
                .map(|a| format!("{at}: {} {:?} {}", a.person_id, a.role, a.status.code()))
                .collect();
            let mut rels = Vec::new();
            for r in s.relationships_of_intake(intake.id).await.expect("rels") {
                let mut members: Vec<String> = r
                    .members
                    .iter()
                    .map(|m| {
                        format!(
                            "{} {:?} {:?} {:?} {:?} {}",
                            m.person_id,
                            m.role,
                            m.response,
                            m.signed_version,
                            m.fit_check,
                            m.left_at.is_some()
                        )
                    })
                    .collect();
                members.sort();
                rels.push(format!(
                    "{at}: {:?} {} sessions {} bookings {} meetings {} [{}]",
                    r.kind,
                    r.status.code(),
                    s.sessions_of(r.id).await.expect("sessions").len(),
                    s.bookings_of(r.id).await.expect("bookings").len(),
                    s.set_meetings_of(r.id).await.expect("meetings").len(),
                    members.join("; ")
                ));
            }
            apps.sort();
            rels.sort();
            out.extend(apps);
            out.extend(rels);
        }
    }
    out.sort();
    out
}

#[tokio::test]
async fn the_same_seed_gives_the_same_demo() {
    let a = Loaded::new(11).await;
    let b = Loaded::new(11).await;
    assert_eq!(a.sign_ins, b.sign_ins);
    let (fa, fb) = (fingerprint(&a).await, fingerprint(&b).await);
    assert!(
        fa.iter().filter(|l| l.contains("sessions")).count() >= 20,
        "the fingerprint covers the relationships"
    );
    assert_eq!(fa.len(), fb.len());
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(x, y);
    }
}

/// The profile story: most people keep a profile, many with a phone number, a few have a
/// personal address; the printed telephone session is upcoming and shows the agreed number on
/// the member's page and in its `.ics` file.
async fn a_telephone_session_shows_its_number_and_people_keep_profiles(l: &Loaded) {
    let (mut with_profile, mut with_phone, mut personal) = (0, 0, 0);
    for (p, _) in &l.data.people {
        if let Some(s) = l.store.profile_of(p.id).await.expect("profile") {
            with_profile += 1;
            with_phone += usize::from(s.profile.contact.preferred_number().is_some());
        }
        personal += usize::from(
            l.store.email_kind(p.id).await.expect("kind") == tandem_domain::EmailKind::Personal,
        );
    }
    let n = l.data.people.len();
    assert!(with_profile * 2 > n, "{with_profile} of {n} keep a profile");
    assert!(with_phone * 4 > n, "{with_phone} of {n} give a number");
    assert!(personal > 0, "some people have only a personal address");
    let person = l.signed_in("Participant (telephone session booked)");
    let actor = l.actor(person).await;
    let ctx = l.ctx();
    let rels = l.store.relationships_of_person(person).await.expect("rels");
    let mut found = false;
    for r in rels {
        let Ok(v) = tandem_app::sessions::overview(&ctx, &actor, r.id).await else {
            continue;
        };
        for s in v.sessions.iter().filter(|s| s.call.is_some()) {
            let call = s.call.as_ref().unwrap();
            assert_eq!(call.member, person);
            let number = call.number.clone().expect("the agreed member has a number");
            let ics = tandem_app::sessions::ics(&ctx, &actor, s.session.id)
                .await
                .expect("ics");
            assert!(ics.contains(&format!("Tel. {number}")), "{ics}");
            found = true;
        }
    }
    assert!(found, "an upcoming telephone session with a number to call");
}

/// The peer network (issue #17 item 6): between 15 and 25% of the participants listed, action
/// learning assessors among them; two requests in each state; the action learning participant
/// who signs in has one waiting for their answer.
async fn the_peer_network_is_in_use(l: &Loaded) {
    use tandem_domain::peers::PeerRequestStatus;
    use tandem_domain::{Role, Scope};
    let mut participants: Vec<tandem_domain::PersonId> = l
        .data
        .roles
        .iter()
        .filter(|(_, r)| r.role == Role::Participant)
        .map(|(p, _)| *p)
        .collect();
    participants.sort();
    participants.dedup();
    let page = l
        .store
        .peer_page(&tandem_storage::peers::PeersQuery {
            scheme: l.data.scheme.id,
            filter: Default::default(),
            limit: 200,
            cursor: None,
            person: None,
        })
        .await
        .unwrap();
    let listed = page.total as usize;
    let share = listed as f64 / participants.len() as f64;
    assert!(
        (0.15..=0.25).contains(&share),
        "{listed} of {} listed",
        participants.len()
    );
    let action_learning: Vec<_> = l
        .data
        .programmes
        .iter()
        .filter(|p| p.kind == tandem_domain::ProgrammeKind::ActionLearningSets)
        .map(|p| p.id)
        .collect();
    let assessors: Vec<_> = l
        .data
        .roles
        .iter()
        .filter(|(_, r)| {
            r.role == Role::Participant
                && matches!(r.scope, Scope::Programme(id) if action_learning.contains(&id))
        })
        .map(|(p, _)| *p)
        .collect();
    assert!(
        page.items
            .iter()
            .filter(|e| assessors.contains(&e.person_id))
            .count()
            >= 3,
        "assessors are listed"
    );
    assert!(
        page.items.iter().all(|e| !e.region.is_empty()),
        "regions shown"
    );
    let mut states = std::collections::BTreeMap::new();
    for p in &participants {
        for line in l.store.peer_requests_of(*p, false).await.unwrap() {
            *states.entry(line.request.status.code()).or_insert(0) += 1;
        }
    }
    for s in PeerRequestStatus::ALL {
        assert_eq!(states.get(s.code()), Some(&2), "{states:?}");
    }
    let first = assessors[0];
    assert_eq!(l.store.open_peer_requests_to(first).await.unwrap(), 1);
}
