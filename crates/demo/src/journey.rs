//! The scheme journey of the demo consortium: application forms, applications with their
//! history, mentor training, supervision and standings, and what happens to each intake after
//! recruitment (a closed intake, two running ones, three recruiting).
//!
//! Pure like the rest of the generator: the journey is drawn from its own random stream and its
//! own identifier stream, so adding to it never changes the people, programmes or intakes that
//! earlier versions of the demo produced for the same seed.
//!
//! Matching itself is not decided here: the engine lives in `tandem-matching` and
//! [`crate::play`] plays each intake's [`IntakeStage`] through the real use cases (runs,
//! publication, answers, signatures, closing). The generator only guarantees a pool that can be matched: approved
//! applicants within each organisation's places, compatible modes, and more mentors than mentees
//! in the running mentoring intake so a declined offer can be re-matched.

use crate::{Ids, Staff, date};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashMap, HashSet};
use tandem_domain::application::{Answer, Answers, Question, QuestionKind};
use tandem_domain::{
    Application, ApplicationEvent, ApplicationId, ApplicationRole, ApplicationStatus, Country,
    FrameworkDimension, Intake, IntakeId, MatchingProfile, MentorStanding, MentorStatus, Mode,
    Organisation, OrganisationId, PersonId, Programme, ProgrammeKind, Slot, SupervisionId,
    SupervisionRecord, TrainingId, TrainingRecord,
};

/// The demo's "today": recruiting intakes have events up to the day before, running intakes
/// started before it, the closed intake ended before it.
pub fn demo_today() -> NaiveDate {
    date(2026, 11, 23)
}

/// An application as submitted, and the steps it went through afterwards.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoApplication {
    /// As submitted: status `awaiting_manager` (or `awaiting_coordinator` without a line
    /// manager), version 1.
    pub application: Application,
    /// Every step in order, the submission first; each later step's status is reachable from the
    /// one before ([`ApplicationStatus::can_move_to`]). The last step's status is where the
    /// application stands once recruitment is over (matching may then move approved ones on).
    pub history: Vec<ApplicationEvent>,
}

impl DemoApplication {
    /// Where the application stands after recruitment.
    pub fn status(&self) -> ApplicationStatus {
        self.history
            .last()
            .map_or(self.application.status, |e| e.status)
    }
}

/// An intake's application form: its programme-specific questions, saved two weeks before the
/// intake opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoForm {
    pub intake_id: IntakeId,
    pub questions: Vec<Question>,
    pub saved_at: DateTime<Utc>,
}

/// When the steps after recruitment happen for a matched intake.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatchingStory {
    /// The scheme coordinator runs matching and publishes the offers.
    pub published_at: DateTime<Utc>,
    /// Members answer their offers.
    pub answered_at: DateTime<Utc>,
    /// Members sign their agreements.
    pub signed_at: DateTime<Utc>,
    /// How many offers a mentee (or the clinical partner) declines; the rest are accepted and
    /// signed.
    pub declined_offers: usize,
    /// After the first round, the coordinator runs matching again on who is left in the pool
    /// (those of the declined offers among them) and publishes; those offers stay pending. Done
    /// at the time the demo is loaded, so the offers are open whenever the demo runs.
    pub rematch: bool,
    /// The relationships are wound down, then closed (a finished intake).
    pub winding_down_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// What has happened to an intake by the demo's today.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IntakeStage {
    /// Recruiting: applications in every stage, nothing matched.
    Recruiting,
    /// Matched and running.
    Running(MatchingStory),
    /// Finished: matched, run for its term and closed.
    Closed(MatchingStory),
}

/// Everything of the journey the demo loads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoJourney {
    /// The programme-specific questions of each intake's application form.
    pub forms: Vec<DemoForm>,
    /// Applications of every intake, in submission order per intake.
    pub applications: Vec<DemoApplication>,
    pub training: Vec<TrainingRecord>,
    pub supervision: Vec<SupervisionRecord>,
    /// Standings recorded in the autumn of 2026 (after the spring and summer matching): one
    /// mentor paused, one with a personal load.
    pub standings: Vec<MentorStanding>,
    /// Every intake's stage, in the order [`crate::play`] plays them (oldest first).
    pub stages: Vec<(IntakeId, IntakeStage)>,
}

/// The four programmes, in the generator's order.
pub(crate) struct Programmes<'a> {
    pub mentoring: &'a Programme,
    pub cohort: &'a Programme,
    pub paired: &'a Programme,
    pub sets: &'a Programme,
}

/// The intakes the journey plays, by what they are.
pub(crate) struct Intakes<'a> {
    pub mentoring_2025: &'a Intake,
    pub mentoring_2026: &'a Intake,
    pub mentoring_2027: &'a Intake,
    pub cohort_2027: &'a Intake,
    pub pairs_2026: &'a Intake,
    pub sets_2027: &'a Intake,
}

/// The people eligible for each programme (indices into `staff`), as the generator chose them.
pub(crate) struct Pools<'a> {
    pub mentoring: &'a [(usize, usize)],
    pub cohort: &'a [(usize, usize)],
    pub registrars: &'a [(usize, usize)],
    pub managers: &'a [(usize, usize)],
    pub assessors: &'a [(usize, usize)],
}

pub(crate) struct Inputs<'a> {
    pub seed: u64,
    pub staff: &'a [Vec<Staff>],
    pub organisations: &'a [Organisation],
    pub programmes: Programmes<'a>,
    pub intakes: Intakes<'a>,
    pub pools: Pools<'a>,
    pub scheme_coordinator: PersonId,
    /// Each organisation's coordinator, by organisation index.
    pub org_coordinators: &'a [PersonId],
}

/// Where an application should end up after recruitment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fate {
    AwaitingManager,
    ManagerDeclined,
    AwaitingCoordinator,
    Approved,
    WaitingList,
    Declined,
    Withdrawn,
}

impl Fate {
    /// Whether the organisation coordinator has acted on it.
    fn decided(self) -> bool {
        matches!(self, Fate::Approved | Fate::WaitingList | Fate::Declined)
    }
}

/// Times of an application's steps: submitted within `submit`, decided by the organisation
/// coordinator no earlier than `decide_from`, nothing after `cap`.
#[derive(Clone, Copy)]
struct Window {
    submit: (DateTime<Utc>, DateTime<Utc>),
    decide_from: DateTime<Utc>,
    cap: DateTime<Utc>,
}

fn at(d: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(hour, 0, 0).expect("valid time"))
}

struct Builder<'a> {
    rng: ChaCha8Rng,
    ids: Ids,
    input: &'a Inputs<'a>,
    applications: Vec<DemoApplication>,
}

impl<'a> Builder<'a> {
    fn staff(&self, who: (usize, usize)) -> &'a Staff {
        &self.input.staff[who.0][who.1]
    }

    fn between(&mut self, lo: DateTime<Utc>, hi: DateTime<Utc>) -> DateTime<Utc> {
        let span = (hi - lo).num_minutes().max(1);
        lo + Duration::minutes(self.rng.random_range(0..span))
    }

    /// The next step's time: six hours to three days later, never after `cap` (squeezed into
    /// what is left when the cap is near, so steps stay in order).
    fn later(&mut self, t: DateTime<Utc>, cap: DateTime<Utc>) -> DateTime<Utc> {
        let gap = Duration::minutes(self.rng.random_range(6 * 60..72 * 60));
        if t + gap < cap {
            t + gap
        } else {
            t + (cap - t) / 2
        }
    }

    fn dims(&mut self, lo: usize, hi: usize) -> Vec<FrameworkDimension> {
        let n = self.rng.random_range(lo..=hi);
        let mut all = FrameworkDimension::ALL.to_vec();
        for k in (1..all.len()).rev() {
            all.swap(k, self.rng.random_range(0..=k));
        }
        all.truncate(n);
        all.sort();
        all
    }

    /// Modes the applicant can meet in, among the programme's: video for most, in person and
    /// telephone for some; never empty.
    fn modes(&mut self, offered: &[Mode], dutch: bool) -> Vec<Mode> {
        let mut out: Vec<Mode> = offered
            .iter()
            .copied()
            .filter(|m| {
                let p = match m {
                    Mode::Video => 0.85,
                    // Across the North Sea, meeting in person is rare.
                    Mode::InPerson if dutch => 0.05,
                    Mode::InPerson => 0.5,
                    Mode::Telephone => 0.4,
                };
                self.rng.random_bool(p)
            })
            .collect();
        if out.is_empty() {
            out.push(if offered.contains(&Mode::Video) {
                Mode::Video
            } else {
                offered[0]
            });
        }
        out.sort();
        out
    }

    /// Three to six weekday half-days, now and then an evening.
    fn availability(&mut self) -> Vec<Slot> {
        let mut weekday: Vec<Slot> = (0..5u8)
            .flat_map(|day| (0..2u8).map(move |part| Slot { day, part }))
            .collect();
        for k in (1..weekday.len()).rev() {
            weekday.swap(k, self.rng.random_range(0..=k));
        }
        let n = self.rng.random_range(3..=6);
        weekday.truncate(n);
        if self.rng.random_bool(0.2) {
            weekday.push(Slot {
                day: self.rng.random_range(0..4),
                part: 2,
            });
        }
        weekday.sort();
        weekday
    }

    fn profile(
        &mut self,
        role: ApplicationRole,
        programme: &Programme,
        dutch: bool,
    ) -> MatchingProfile {
        let (goals, expertise) = match role {
            ApplicationRole::Mentor => (Vec::new(), self.dims(2, 4)),
            ApplicationRole::Mentee => (self.dims(1, 3), Vec::new()),
            ApplicationRole::PairClinician
            | ApplicationRole::PairManager
            | ApplicationRole::SetMember => (self.dims(1, 2), self.dims(1, 3)),
        };
        MatchingProfile {
            goals,
            expertise,
            availability: self.availability(),
            modes: self.modes(&programme.rules.modes, dutch),
            conflicts: Vec::new(),
        }
    }

    /// `dutch`: the applicant works at the Dutch partner and writes in Dutch (the same number
    /// of texts per question, so the draws stay what they were).
    fn answers(&mut self, questions: &[Question], role: ApplicationRole, dutch: bool) -> Answers {
        let mut out = Answers::new();
        for q in questions.iter().filter(|q| q.asked_of(role)) {
            if !q.required && self.rng.random_bool(0.25) {
                continue;
            }
            let a = match q.kind {
                QuestionKind::Text => {
                    let texts = if dutch {
                        dutch_text_answers(&q.key)
                    } else {
                        text_answers(&q.key)
                    };
                    Answer::Text(texts[self.rng.random_range(0..texts.len())].to_string())
                }
                QuestionKind::SingleChoice => {
                    Answer::Text(q.options[self.rng.random_range(0..q.options.len())].clone())
                }
                QuestionKind::MultipleChoice => {
                    let mut picked: Vec<String> = q
                        .options
                        .iter()
                        .filter(|_| self.rng.random_bool(0.4))
                        .cloned()
                        .collect();
                    if picked.is_empty() {
                        picked.push(q.options[0].clone());
                    }
                    Answer::Choices(picked)
                }
                QuestionKind::Scale => {
                    Answer::Number(self.rng.random_range(2..=q.scale_max.unwrap_or(5)))
                }
            };
            out.insert(q.key.clone(), a);
        }
        out
    }

    /// Builds one application and its history up to `fate`.
    #[allow(clippy::too_many_arguments)]
    fn apply(
        &mut self,
        intake: &Intake,
        programme: &Programme,
        questions: &[Question],
        who: (usize, usize),
        role: ApplicationRole,
        fate: Fate,
        w: Window,
    ) {
        let s = self.staff(who);
        let person = s.person.id;
        let organisation_id = s.employment.organisation_id;
        let manager = s.employment.line_manager_id.filter(|m| *m != person);
        let coordinator = self.input.org_coordinators[who.0];
        let dutch = self.input.organisations[who.0].country == Country::Netherlands;
        let profile = self.profile(role, programme, dutch);
        let answers = self.answers(questions, role, dutch);
        let submitted = self.between(w.submit.0, w.submit.1);
        let first = if manager.is_some() {
            ApplicationStatus::AwaitingManager
        } else {
            ApplicationStatus::AwaitingCoordinator
        };
        let id = ApplicationId(self.ids.uuid());
        let application = Application {
            id,
            intake_id: intake.id,
            person_id: person,
            role,
            organisation_id,
            status: first,
            profile,
            answers,
            line_manager_id: manager,
            submitted_at: submitted,
            updated_at: submitted,
            version: 1,
        };
        let event = |at, actor_id, status, note: &str| ApplicationEvent {
            application_id: id,
            at,
            actor_id,
            status,
            note: note.to_string(),
        };
        let mut history = vec![event(
            submitted,
            Some(person),
            first,
            if manager.is_some() {
                "applications.history.submitted"
            } else {
                "applications.history.submitted_no_manager"
            },
        )];
        let mut t = submitted;
        if manager.is_some() && fate != Fate::AwaitingManager {
            t = self.later(t, w.cap);
            if fate == Fate::ManagerDeclined {
                history.push(event(
                    t,
                    None,
                    ApplicationStatus::ManagerDeclined,
                    "applications.history.manager_declined",
                ));
            } else {
                history.push(event(
                    t,
                    None,
                    ApplicationStatus::AwaitingCoordinator,
                    "applications.history.manager_approved",
                ));
            }
        }
        let last = history.last().map(|e| e.status);
        if last == Some(ApplicationStatus::AwaitingCoordinator) {
            let decision = match fate {
                Fate::Approved => Some((
                    ApplicationStatus::Approved,
                    "applications.history.approved",
                    coordinator,
                )),
                Fate::WaitingList => Some((
                    ApplicationStatus::WaitingList,
                    "applications.history.waiting_list",
                    coordinator,
                )),
                // Without a line manager there is nobody to decline protected time: the
                // coordinator declines instead.
                Fate::Declined | Fate::ManagerDeclined => Some((
                    ApplicationStatus::Declined,
                    "applications.history.declined",
                    coordinator,
                )),
                Fate::Withdrawn => Some((
                    ApplicationStatus::Withdrawn,
                    "applications.history.withdrawn",
                    person,
                )),
                Fate::AwaitingManager | Fate::AwaitingCoordinator => None,
            };
            if let Some((status, note, actor)) = decision {
                let floor = if fate.decided() {
                    w.decide_from.max(t)
                } else {
                    t
                };
                t = self.later(floor, w.cap);
                history.push(event(t, Some(actor), status, note));
            }
        } else if fate == Fate::Withdrawn && last == Some(ApplicationStatus::AwaitingManager) {
            t = self.later(t, w.cap);
            history.push(event(
                t,
                Some(person),
                ApplicationStatus::Withdrawn,
                "applications.history.withdrawn",
            ));
        }
        self.applications.push(DemoApplication {
            application,
            history,
        });
    }

    fn shuffle<T>(&mut self, v: &mut [T]) {
        for k in (1..v.len()).rev() {
            v.swap(k, self.rng.random_range(0..=k));
        }
    }

    /// People of `pool` at each organisation with places in `intake`, not in `taken`.
    fn by_org(
        &self,
        intake: &Intake,
        pool: &[(usize, usize)],
        taken: &HashSet<(usize, usize)>,
    ) -> BTreeMap<usize, Vec<(usize, usize)>> {
        let mut out: BTreeMap<usize, Vec<(usize, usize)>> = BTreeMap::new();
        for &who in pool {
            if taken.contains(&who) {
                continue;
            }
            if places_of(intake, self.input.organisations[who.0].id).is_some() {
                out.entry(who.0).or_default().push(who);
            }
        }
        out
    }

    /// Mentors are the more senior `mentor_share` of the applicants (ties in the pool's random
    /// order), mentees the rest.
    fn mentor_split(
        &self,
        people: &[(usize, usize)],
        mentor_share: f64,
    ) -> HashMap<(usize, usize), ApplicationRole> {
        let mut ranked: Vec<(usize, (usize, usize))> = people.iter().copied().enumerate().collect();
        ranked.sort_by_key(|&(k, who)| (std::cmp::Reverse(self.staff(who).level), k));
        let mentors = ((people.len() as f64) * mentor_share).round() as usize;
        ranked
            .into_iter()
            .enumerate()
            .map(|(rank, (_, who))| {
                let role = if rank < mentors {
                    ApplicationRole::Mentor
                } else {
                    ApplicationRole::Mentee
                };
                (who, role)
            })
            .collect()
    }

    /// A matched intake's recruitment: per organisation, applicants up to about its places,
    /// most approved in submission order within the places, the rest on the waiting list, a few
    /// declined, withdrawn or refused protected time.
    fn run_recruitment(
        &mut self,
        intake: &Intake,
        programme: &Programme,
        questions: &[Question],
        applicants: &[((usize, usize), ApplicationRole)],
        w: Window,
    ) {
        let mut approved: HashMap<OrganisationId, u32> = HashMap::new();
        // Submission order decides who gets the places: draw the times first.
        let mut planned: Vec<(DateTime<Utc>, (usize, usize), ApplicationRole)> = applicants
            .iter()
            .map(|&(who, role)| (self.between(w.submit.0, w.submit.1), who, role))
            .collect();
        planned.sort_by_key(|p| p.0);
        for (submitted, who, role) in planned {
            let org = self.input.organisations[who.0].id;
            let places = places_of(intake, org).unwrap_or(0);
            let roll: f64 = self.rng.random();
            let fate = if roll < 0.06 {
                Fate::Declined
            } else if roll < 0.10 {
                Fate::Withdrawn
            } else if roll < 0.13 {
                Fate::ManagerDeclined
            } else if approved.get(&org).copied().unwrap_or(0) < places {
                *approved.entry(org).or_default() += 1;
                Fate::Approved
            } else {
                Fate::WaitingList
            };
            let window = Window {
                submit: (submitted, submitted + Duration::minutes(1)),
                ..w
            };
            self.apply(intake, programme, questions, who, role, fate, window);
        }
    }
}

fn places_of(intake: &Intake, org: OrganisationId) -> Option<u32> {
    intake
        .places
        .iter()
        .find(|p| p.organisation_id == org)
        .map(|p| p.places)
}

/// Canned free-text answers by question key.
fn text_answers(key: &str) -> &'static [&'static str] {
    match key {
        "hopes" => &[
            "I want to get better at leading change across organisational boundaries.",
            "Confidence in senior meetings and a wider view of the system.",
            "Someone outside my organisation to think with about my next role.",
            "Support with managing a team through a service redesign.",
            "Understanding how social care and health decisions are made.",
        ],
        "offer" => &[
            "Twelve years of leading integrated teams; I have mentored twice before.",
            "Experience of commissioning and of running services through winter pressures.",
            "I moved from clinical work into management and can share what helped.",
            "Board-level experience and a lot of partnership working with councils.",
        ],
        "training" => &[
            "Mentoring Skills Foundation, South Vale Leadership Academy.",
            "ILM Level 5 Certificate in Coaching and Mentoring.",
            "Coaching conversations course and two years of supervised practice.",
        ],
        "project" => &[
            "Reducing delays in discharge letters reaching GPs.",
            "A shared handover checklist between the ward and the community team.",
            "Better use of clinic slots released at short notice.",
            "Joint teaching on escalation for nurses and registrars.",
        ],
        "challenge" => &[
            "Giving honest feedback to a struggling newly qualified social worker.",
            "Holding assessment standards when the team is short-staffed.",
            "Assessing practice fairly when I also line-manage the person.",
        ],
        _ => &["Happy to talk about this at interview."],
    }
}

/// [`text_answers`] as the Dutch partner's staff write them, one for one.
fn dutch_text_answers(key: &str) -> &'static [&'static str] {
    match key {
        "hopes" => &[
            "Ik wil beter leren veranderingen te leiden over de grenzen van organisaties heen.",
            "Meer zelfvertrouwen in overleggen op directieniveau en een bredere blik op de zorg.",
            "Iemand buiten mijn organisatie om mee na te denken over mijn volgende stap.",
            "Steun bij het leiden van een team door een herinrichting van de zorg.",
            "Begrijpen hoe besluiten in zorg en welzijn tot stand komen.",
        ],
        "offer" => &[
            "Twaalf jaar ervaring met het leiden van integrale teams; ik ben al twee keer mentor geweest.",
            "Ervaring met inkoop van zorg en met het draaiende houden van diensten in de wintermaanden.",
            "Ik ben van de zorgpraktijk naar het management gegaan en kan delen wat mij hielp.",
            "Ervaring op bestuursniveau en veel samenwerking met gemeenten.",
        ],
        "training" => &[
            "Basistraining mentorvaardigheden, Leerhuis Amstelweide.",
            "Post-hbo-opleiding coaching en mentoring.",
            "Cursus coachende gesprekken en twee jaar praktijk onder supervisie.",
        ],
        "project" => &[
            "Minder vertraging bij ontslagbrieven naar de huisarts.",
            "Eén overdrachtslijst voor de afdeling en het wijkteam.",
            "Beter gebruik van spreekuurplekken die op korte termijn vrijkomen.",
            "Gezamenlijk onderwijs over opschaling voor verpleegkundigen en artsen in opleiding.",
        ],
        "challenge" => &[
            "Eerlijke feedback geven aan een beginnende maatschappelijk werker die het moeilijk heeft.",
            "De beoordelingsnormen vasthouden als het team onderbezet is.",
            "De praktijk eerlijk beoordelen als ik ook de leidinggevende ben.",
        ],
        _ => &["Ik vertel hier graag meer over in het gesprek."],
    }
}

fn question(
    key: &str,
    kind: QuestionKind,
    prompt: &str,
    options: &[&str],
    required: bool,
    roles: &[ApplicationRole],
) -> Question {
    Question {
        key: key.to_string(),
        kind,
        prompt: prompt.to_string(),
        hint: String::new(),
        options: options.iter().map(|o| o.to_string()).collect(),
        scale_max: (kind == QuestionKind::Scale).then_some(5),
        required,
        roles: roles.to_vec(),
    }
}

fn mentoring_form() -> Vec<Question> {
    use ApplicationRole::{Mentee, Mentor};
    use QuestionKind::*;
    vec![
        question(
            "hopes",
            Text,
            "What would you like to get out of being mentored?",
            &[],
            true,
            &[Mentee],
        ),
        question(
            "offer",
            Text,
            "What experience would you bring as a mentor?",
            &[],
            true,
            &[Mentor],
        ),
        question(
            "topics",
            MultipleChoice,
            "Which topics would you like to talk about?",
            &[
                "Leading change",
                "Working with other organisations",
                "Career development",
                "Managing people",
                "Wellbeing and resilience",
            ],
            false,
            &[],
        ),
        question(
            "boundaries",
            Scale,
            "How confident do you feel working across organisational boundaries? (1 = not at all, 5 = very)",
            &[],
            true,
            &[],
        ),
        question(
            "heard",
            SingleChoice,
            "How did you hear about the programme?",
            &[
                "A colleague",
                "My line manager",
                "The scheme newsletter",
                "A previous participant",
            ],
            false,
            &[],
        ),
    ]
}

fn cohort_form() -> Vec<Question> {
    use ApplicationRole::{Mentee, Mentor};
    use QuestionKind::*;
    vec![
        question(
            "training",
            Text,
            "Which mentor training have you completed?",
            &[],
            true,
            &[Mentor],
        ),
        question(
            "area",
            SingleChoice,
            "Which area of organisational development is most relevant to you?",
            &[
                "Team development",
                "Service change",
                "Culture and values",
                "Staff wellbeing",
            ],
            true,
            &[],
        ),
        question(
            "clarity",
            Scale,
            "How clear are you about what you want from three sessions? (1 = not yet, 5 = very)",
            &[],
            true,
            &[Mentee],
        ),
    ]
}

fn paired_form() -> Vec<Question> {
    use QuestionKind::*;
    vec![
        question(
            "project",
            Text,
            "Which improvement project would you like to work on with your partner?",
            &[],
            true,
            &[],
        ),
        question(
            "shadowing",
            SingleChoice,
            "Where would you most like to shadow your partner?",
            &[
                "Clinics and ward rounds",
                "Management and planning meetings",
                "Both",
            ],
            true,
            &[],
        ),
    ]
}

fn sets_form() -> Vec<Question> {
    use QuestionKind::*;
    vec![
        question(
            "challenge",
            Text,
            "Describe a current challenge you would bring to the set.",
            &[],
            true,
            &[],
        ),
        question(
            "assessor_roles",
            MultipleChoice,
            "Which roles do you hold?",
            &[
                "ASYE assessor",
                "Practice educator",
                "Team manager",
                "Senior practitioner",
            ],
            true,
            &[],
        ),
        question(
            "experience",
            Scale,
            "How much experience of action learning do you have? (1 = none, 5 = a lot)",
            &[],
            false,
            &[],
        ),
    ]
}

/// Builds the journey. Deterministic from `input.seed`.
pub(crate) fn build(input: &Inputs<'_>) -> DemoJourney {
    let mut b = Builder {
        rng: ChaCha8Rng::seed_from_u64(input.seed ^ 0x6A_6F75_726E_6579),
        ids: Ids::stream(input.seed, 2),
        input,
        applications: Vec::new(),
    };
    let i = &input.intakes;
    let p = &input.programmes;
    let today = at(demo_today(), 0);
    let forms: Vec<DemoForm> = [
        (i.mentoring_2025, mentoring_form()),
        (i.mentoring_2026, mentoring_form()),
        (i.mentoring_2027, mentoring_form()),
        (i.cohort_2027, cohort_form()),
        (i.pairs_2026, paired_form()),
        (i.sets_2027, sets_form()),
    ]
    .into_iter()
    .map(|(intake, questions)| DemoForm {
        intake_id: intake.id,
        questions,
        saved_at: at(intake.opens_on - Duration::days(14), 8),
    })
    .collect();
    let form = |id: IntakeId| {
        forms
            .iter()
            .find(|f| f.intake_id == id)
            .map(|f| f.questions.clone())
            .unwrap_or_default()
    };

    let mut stories: Vec<(IntakeId, IntakeStage)> = Vec::new();

    // Mentoring: the people of the running 2026 intake and the recruiting 2027 intake are
    // different; the finished 2025 intake drew on anyone (some mentees then mentor now).
    let mut taken: HashSet<(usize, usize)> = HashSet::new();
    let running_window = |intake: &Intake, publish: DateTime<Utc>| Window {
        submit: (
            at(intake.opens_on, 9),
            at(intake.closes_on, 17) - Duration::days(1),
        ),
        decide_from: at(intake.closes_on, 9) + Duration::days(1),
        cap: publish - Duration::days(1),
    };

    // --- 2025 intake: matched in February 2025, ran for its twelve months, closed. ---
    {
        let intake = i.mentoring_2025;
        let by_org = b.by_org(intake, input.pools.mentoring, &HashSet::new());
        let mut people = Vec::new();
        for (o, list) in by_org {
            let places = places_of(intake, input.organisations[o].id).unwrap_or(0) as usize;
            people.extend(list.into_iter().take(places));
        }
        let roles = b.mentor_split(&people, 0.45);
        let applicants: Vec<_> = people.iter().map(|w| (*w, roles[w])).collect();
        let story = MatchingStory {
            published_at: at(date(2025, 2, 17), 10),
            answered_at: at(date(2025, 2, 20), 11),
            signed_at: at(date(2025, 2, 27), 14),
            declined_offers: 0,
            rematch: false,
            winding_down_at: Some(at(date(2026, 1, 12), 9)),
            closed_at: Some(at(date(2026, 3, 6), 9)),
        };
        let w = running_window(intake, story.published_at);
        b.run_recruitment(intake, p.mentoring, &form(intake.id), &applicants, w);
        stories.push((intake.id, IntakeStage::Closed(story)));
    }

    // --- 2026–27 pairs: matched in August 2026, running since September. ---
    {
        let intake = i.pairs_2026;
        let reg = b.by_org(intake, input.pools.registrars, &HashSet::new());
        let man = b.by_org(intake, input.pools.managers, &HashSet::new());
        let mut applicants = Vec::new();
        let orgs: std::collections::BTreeSet<usize> =
            reg.keys().chain(man.keys()).copied().collect();
        for o in orgs {
            let places = places_of(intake, input.organisations[o].id).unwrap_or(0) as usize;
            let r = reg.get(&o).cloned().unwrap_or_default();
            let m = man.get(&o).cloned().unwrap_or_default();
            // Alternate clinicians and managers of the organisation up to its places (one over
            // now and then: the waiting list).
            let want = places + usize::from(b.rng.random_bool(0.5));
            let mut mine = Vec::new();
            for k in 0..r.len().max(m.len()) {
                if let Some(&w) = r.get(k) {
                    mine.push((w, ApplicationRole::PairClinician));
                }
                if let Some(&w) = m.get(k) {
                    mine.push((w, ApplicationRole::PairManager));
                }
            }
            mine.truncate(want);
            applicants.extend(mine);
        }
        let story = MatchingStory {
            published_at: at(date(2026, 8, 3), 10),
            answered_at: at(date(2026, 8, 6), 11),
            signed_at: at(date(2026, 8, 20), 15),
            declined_offers: 0,
            rematch: false,
            winding_down_at: None,
            closed_at: None,
        };
        let w = running_window(intake, story.published_at);
        b.run_recruitment(intake, p.paired, &form(intake.id), &applicants, w);
        stories.push((intake.id, IntakeStage::Running(story)));
    }

    // --- 2026 intake: matched in February 2026, running since March; one offer declined
    // and re-matched now (pending). More mentors than mentees, so someone is free. ---
    let mentors_2026: Vec<PersonId>;
    {
        let intake = i.mentoring_2026;
        let by_org = b.by_org(intake, input.pools.mentoring, &taken);
        let mut people = Vec::new();
        for (o, list) in by_org {
            let places = places_of(intake, input.organisations[o].id).unwrap_or(0) as usize;
            let want = places + usize::from(b.rng.random_bool(0.4));
            people.extend(list.into_iter().take(want));
        }
        taken.extend(people.iter().copied());
        let roles = b.mentor_split(&people, 0.55);
        let applicants: Vec<_> = people.iter().map(|w| (*w, roles[w])).collect();
        mentors_2026 = applicants
            .iter()
            .filter(|a| a.1 == ApplicationRole::Mentor)
            .map(|a| b.staff(a.0).person.id)
            .collect();
        let story = MatchingStory {
            published_at: at(date(2026, 2, 16), 10),
            answered_at: at(date(2026, 2, 19), 11),
            signed_at: at(date(2026, 2, 26), 14),
            declined_offers: 1,
            rematch: true,
            winding_down_at: None,
            closed_at: None,
        };
        let w = running_window(intake, story.published_at);
        b.run_recruitment(intake, p.mentoring, &form(intake.id), &applicants, w);
        stories.push((intake.id, IntakeStage::Running(story)));
    }

    // --- Recruiting now: the 2027 intake shows every status. ---
    {
        let intake = i.mentoring_2027;
        let questions = form(intake.id);
        let by_org = b.by_org(intake, input.pools.mentoring, &taken);
        // The organisation with the most applicants for its places fills up: a waiting list.
        let full = by_org
            .iter()
            .max_by_key(|(o, list)| {
                let places = places_of(intake, input.organisations[**o].id).unwrap_or(0);
                (
                    list.len() as i64 - i64::from(places),
                    std::cmp::Reverse(**o),
                )
            })
            .map(|(o, _)| *o);
        let mut people: Vec<(usize, usize)> = Vec::new();
        let mut fates: HashMap<(usize, usize), Fate> = HashMap::new();
        let mut others: Vec<(usize, usize)> = Vec::new();
        let mut free: HashMap<usize, u32> = HashMap::new();
        for (o, list) in &by_org {
            let places = places_of(intake, input.organisations[*o].id).unwrap_or(0);
            if Some(*o) == full {
                for (k, w) in list.iter().take(places as usize + 2).enumerate() {
                    people.push(*w);
                    let fate = if k < places as usize {
                        Fate::Approved
                    } else {
                        Fate::WaitingList
                    };
                    fates.insert(*w, fate);
                }
            } else {
                let n = b.rng.random_range(2..=places.max(1) + 1) as usize;
                for w in list.iter().take(n) {
                    people.push(*w);
                    others.push(*w);
                }
                // Others keep at least one place free: their coordinators are not at the limit.
                free.insert(*o, places.saturating_sub(1));
            }
        }
        b.shuffle(&mut others);
        let cycle = [
            Fate::AwaitingManager,
            Fate::AwaitingCoordinator,
            Fate::Approved,
            Fate::Declined,
            Fate::Withdrawn,
            Fate::AwaitingManager,
            Fate::AwaitingCoordinator,
            Fate::ManagerDeclined,
            Fate::Approved,
            Fate::AwaitingManager,
        ];
        for (k, w) in others.iter().enumerate() {
            let mut fate = cycle[k % cycle.len()];
            if fate == Fate::Approved {
                let left = free.entry(w.0).or_default();
                if *left == 0 {
                    fate = Fate::AwaitingCoordinator;
                } else {
                    *left -= 1;
                }
            }
            fates.insert(*w, fate);
        }
        let roles = b.mentor_split(&people, 0.45);
        // Later stages were submitted more recently.
        let opens = at(intake.opens_on, 9);
        let span = today - opens;
        for w in people {
            let fate = fates[&w];
            let submit = match fate {
                Fate::AwaitingManager => (opens + span * 3 / 4, today - Duration::hours(8)),
                Fate::AwaitingCoordinator => (opens + span / 4, opens + span * 3 / 4),
                _ => (opens, opens + span / 2),
            };
            let window = Window {
                submit,
                decide_from: opens,
                cap: today - Duration::hours(2),
            };
            b.apply(intake, p.mentoring, &questions, w, roles[&w], fate, window);
        }
        stories.push((intake.id, IntakeStage::Recruiting));
    }

    // --- Cohort 2027 and Spring 2027 sets: recruitment has just opened. ---
    let mut cohort_mentors: Vec<(PersonId, DateTime<Utc>)> = Vec::new();
    for (intake, programme, pool, share) in [
        (i.cohort_2027, p.cohort, input.pools.cohort, 0.4),
        (i.sets_2027, p.sets, input.pools.assessors, 0.0),
    ] {
        let questions = form(intake.id);
        let by_org = b.by_org(intake, pool, &taken);
        let mut people = Vec::new();
        for (o, list) in &by_org {
            let places = places_of(intake, input.organisations[*o].id).unwrap_or(0);
            let n = b.rng.random_range(1..=places.max(1) + 1) as usize;
            people.extend(list.iter().take(n).copied());
        }
        let roles = if programme.kind == ProgrammeKind::VirtualCohort {
            b.mentor_split(&people, share)
        } else {
            people
                .iter()
                .map(|w| (*w, ApplicationRole::SetMember))
                .collect()
        };
        let opens = at(intake.opens_on, 9);
        let span = today - opens;
        let mut approved: HashMap<usize, u32> = HashMap::new();
        for (k, w) in people.iter().enumerate() {
            let places = places_of(intake, input.organisations[w.0].id).unwrap_or(0);
            let mut fate = [
                Fate::Approved,
                Fate::AwaitingCoordinator,
                Fate::AwaitingManager,
                Fate::AwaitingManager,
            ][k % 4];
            if fate == Fate::Approved {
                let n = approved.entry(w.0).or_default();
                if *n + 1 >= places {
                    fate = Fate::AwaitingCoordinator;
                } else {
                    *n += 1;
                }
            }
            let submit = match fate {
                Fate::AwaitingManager => (opens + span / 2, today - Duration::hours(8)),
                _ => (opens, opens + span / 2),
            };
            let window = Window {
                submit,
                decide_from: opens,
                cap: today - Duration::hours(2),
            };
            let role = roles[w];
            b.apply(intake, programme, &questions, *w, role, fate, window);
            if role == ApplicationRole::Mentor {
                let a = &b.applications[b.applications.len() - 1].application;
                cohort_mentors.push((a.person_id, a.submitted_at));
            }
        }
        stories.push((intake.id, IntakeStage::Recruiting));
    }

    // Order the stages oldest first, as the playback plays them.
    let order = |s: &IntakeStage| match s {
        IntakeStage::Closed(m) | IntakeStage::Running(m) => m.published_at,
        IntakeStage::Recruiting => today,
    };
    stories.sort_by_key(|(_, s)| order(s));

    // --- Mentor development. ---
    let mut first_as_mentor: BTreeMap<PersonId, DateTime<Utc>> = BTreeMap::new();
    for a in &b.applications {
        if a.application.role == ApplicationRole::Mentor {
            let e = first_as_mentor
                .entry(a.application.person_id)
                .or_insert(a.application.submitted_at);
            *e = (*e).min(a.application.submitted_at);
        }
    }
    let must_train: HashSet<PersonId> = cohort_mentors.iter().map(|(p, _)| *p).collect();
    let dutch_people: HashSet<PersonId> = input
        .staff
        .iter()
        .enumerate()
        .filter(|(o, _)| input.organisations[*o].country == Country::Netherlands)
        .flat_map(|(_, s)| s.iter().map(|s| s.person.id))
        .collect();
    let mut training = Vec::new();
    for (&person, &first) in &first_as_mentor {
        let trained = must_train.contains(&person) || b.rng.random_bool(0.85);
        let done = (first - Duration::days(b.rng.random_range(30..900))).date_naive();
        let recorded = at(done, 10) + Duration::days(b.rng.random_range(1..20));
        if trained {
            let (course, provider) = if dutch_people.contains(&person) {
                ("Intervisie en mentoraat", "Zorgacademie Amstelweide")
            } else if b.rng.random_bool(0.6) {
                (
                    "Mentoring Skills Foundation",
                    "South Vale Leadership Academy",
                )
            } else {
                (
                    "ILM Level 5 Certificate in Coaching and Mentoring",
                    "Vale College",
                )
            };
            training.push(TrainingRecord {
                id: TrainingId(b.ids.uuid()),
                person_id: person,
                course: course.into(),
                provider: provider.into(),
                completed_on: done,
                evidence: format!("Certificate SV-{:05}", b.rng.random_range(10_000..99_999)),
                qualifies_as_mentor_training: true,
                recorded_by: Some(input.scheme_coordinator),
                recorded_at: recorded,
                verified_by: Some(input.scheme_coordinator),
                verified_at: Some(recorded),
            });
        }
        if !trained {
            // Someone who ticked their own course: shown unverified, and it does not pass
            // "mentor training required" until a coordinator verifies it.
            let recorded = at(done.min(demo_today() - Duration::days(7)), 11);
            training.push(TrainingRecord {
                id: TrainingId(b.ids.uuid()),
                person_id: person,
                course: "Online introduction to mentoring".into(),
                provider: "Self-study".into(),
                completed_on: done.min(demo_today() - Duration::days(7)),
                evidence: String::new(),
                qualifies_as_mentor_training: true,
                recorded_by: Some(person),
                recorded_at: recorded,
                verified_by: None,
                verified_at: None,
            });
        }
        if b.rng.random_bool(0.3) {
            let done = done + Duration::days(b.rng.random_range(20..200));
            training.push(TrainingRecord {
                id: TrainingId(b.ids.uuid()),
                person_id: person,
                course: "Coaching conversations masterclass".into(),
                provider: "South Vale Leadership Academy".into(),
                completed_on: done.min(demo_today() - Duration::days(7)),
                evidence: String::new(),
                qualifies_as_mentor_training: false,
                recorded_by: Some(input.scheme_coordinator),
                recorded_at: at(done.min(demo_today() - Duration::days(7)), 16),
                verified_by: Some(input.scheme_coordinator),
                verified_at: Some(at(done.min(demo_today() - Duration::days(7)), 16)),
            });
        }
    }

    // Supervision: the first few 2026 mentors meet the scheme's supervisor every couple of
    // months since the intake started.
    let supervisors = [
        "Dr Ruth Okafor, mentoring supervisor",
        "Marieke Jansen, supervisor (intervisie)",
    ];
    let themes = [
        "Contracting and boundaries in the first sessions",
        "Supporting a mentee through organisational change",
        "When a mentee's goals shift; ending well",
        "Confidentiality and its limits",
    ];
    let mut supervision = Vec::new();
    for (k, &person) in mentors_2026.iter().take(4).enumerate() {
        let mut day = date(2026, 4, 8) + Duration::days(7 * k as i64);
        while day < demo_today() - Duration::days(3) {
            supervision.push(SupervisionRecord {
                id: SupervisionId(b.ids.uuid()),
                person_id: person,
                held_on: day,
                supervisor: supervisors[usize::from(dutch_people.contains(&person))].into(),
                minutes: [60, 90][b.rng.random_range(0..2)],
                themes: themes[b.rng.random_range(0..themes.len())].into(),
                recorded_by: Some(person),
                recorded_at: at(day, 17),
            });
            day += Duration::days(b.rng.random_range(50..75));
        }
    }

    // Standings: the last 2026 mentor paused in October (keeps current mentees, takes no new
    // ones); the one before agreed to take three mentees.
    let mut standings = Vec::new();
    let n = mentors_2026.len();
    if n >= 2 {
        standings.push(MentorStanding {
            person_id: mentors_2026[n - 1],
            status: MentorStatus::Paused,
            load_max: None,
            updated_at: at(date(2026, 10, 5), 11),
        });
        standings.push(MentorStanding {
            person_id: mentors_2026[n - 2],
            status: MentorStatus::Active,
            load_max: Some(3),
            updated_at: at(date(2026, 9, 14), 15),
        });
    }

    DemoJourney {
        forms,
        applications: b.applications,
        training,
        supervision,
        standings,
        stages: stories,
    }
}
