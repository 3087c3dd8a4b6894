//! A realistic synthetic health and care consortium for the demo and for benchmarks.
//!
//! The generator is pure and deterministic: the same seed always gives the same scheme,
//! organisations, people, identifiers, programmes, intakes and roles, so a demo can be rebuilt
//! identically and a benchmark population is reproducible. It uses no clock, no operating-system
//! randomness and no I/O, so benchmarks and property tests can call it freely.
//!
//! [`play`] is the one module that touches a store: [`play::load`] writes a generated
//! consortium into a fresh database and plays its journey through `tandem-app`'s use cases (what
//! `tandem demo` serves). It lives here, not in the binary, so the playback is tested with the
//! generator it plays and the command line only handles arguments, the file and serving.
//!
//! [`generate`] builds the "South Vale Health and Care Mentoring Network": eight employers (three
//! NHS trusts, a county and a city council, an independent care provider, a hospice and a Dutch
//! care organisation), about 400 staff with professions, job titles and grades in the pay
//! structure their employer uses, line-management trees per organisation, the four programmes of
//! the product brief with their rules, intakes with places per organisation, and people holding
//! each role, and the scheme journey ([`DemoJourney`]): application forms and applications in
//! every status, mentor training, supervision and standings, and a closed, two running and three
//! recruiting intakes. [`generate_people`] staffs any list of organisations to any size (e.g.
//! 10,000 people for the people-page benchmark).

mod appraisal_story;
mod assessment_story;
mod journey;
mod names;
mod peers_story;
pub mod play;
mod playback;
mod posts;
mod profile_story;
mod survey_story;

pub use appraisal_story::{
    ASSESSMENT_GOAL as APPRAISAL_ASSESSMENT_GOAL, FUNCTIONING_GOAL as APPRAISAL_FUNCTIONING_GOAL,
    SHARED_LABEL as APPRAISAL_SHARED_LABEL, SUMMARY as APPRAISAL_SUMMARY,
};
pub use assessment_story::{
    INSTRUMENT as ASSESSMENT_INSTRUMENT, PROGRAMME as ASSESSMENT_PROGRAMME,
};
pub use journey::{DemoApplication, DemoForm, DemoJourney, IntakeStage, MatchingStory, demo_today};

pub use posts::PROFESSIONS;

use chrono::NaiveDate;
use posts::Post;
use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashSet;
use tandem_domain::{
    Country, Eligibility, Employment, EmploymentId, GradeSystem, Intake, IntakeId, IntakePlace,
    Language, Mode, Organisation, OrganisationId, OrganisationKind, Person, PersonId, Programme,
    ProgrammeId, ProgrammeKind, ProgrammeRules, Role, RoleAssignment, Scheme, SchemeId,
    SchemeSettings, Scope,
};
use uuid::Uuid;

/// The seed `tandem demo` uses unless told otherwise.
pub const DEFAULT_SEED: u64 = 2026;

/// A person to sign in as, one per role, printed by `tandem demo` ([`play::load`] gives them an
/// account with [`play::DEMO_PASSWORD`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoSignIn {
    /// English label such as "Scheme coordinator" or "Organisation coordinator (…)".
    pub role_label: String,
    pub email: String,
    pub person_id: PersonId,
}

/// Everything the demo loads into a fresh database.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoData {
    pub scheme: Scheme,
    /// British and Dutch, bilingual, on UK time (most of its organisations are British), self-
    /// registration closed and the usual threshold of 5.
    pub settings: SchemeSettings,
    pub organisations: Vec<Organisation>,
    pub people: Vec<(Person, Vec<Employment>)>,
    pub programmes: Vec<Programme>,
    pub intakes: Vec<Intake>,
    pub roles: Vec<(PersonId, RoleAssignment)>,
    pub sign_ins: Vec<DemoSignIn>,
    /// Applications, mentor development and what has happened to each intake by the demo's
    /// today (see [`DemoJourney`]).
    pub journey: DemoJourney,
}

/// Anything that names a scheme: lets [`generate_people`] take a `SchemeId` or a `&Scheme`.
pub trait AsSchemeId {
    fn scheme_id(&self) -> SchemeId;
}

impl AsSchemeId for SchemeId {
    fn scheme_id(&self) -> SchemeId {
        *self
    }
}

impl AsSchemeId for Scheme {
    fn scheme_id(&self) -> SchemeId {
        self.id
    }
}

impl<T: AsSchemeId + ?Sized> AsSchemeId for &T {
    fn scheme_id(&self) -> SchemeId {
        (**self).scheme_id()
    }
}

/// Deterministic, time-ordered (UUIDv7-shaped) identifiers drawn from their own stream, so ids
/// stay stable when the rest of the generator changes what it draws.
struct Ids {
    rng: ChaCha8Rng,
    counter: u64,
}

impl Ids {
    /// 2026-01-01T00:00:00Z: the timestamp part of every demo id counts up from here.
    const BASE_MILLIS: u64 = 1_767_225_600_000;

    fn new(seed: u64) -> Self {
        Self::stream(seed, 0)
    }

    /// A separate stream of identifiers: a new part of the generator draws from its own stream
    /// so the identifiers of everything generated before it stay the same.
    fn stream(seed: u64, stream: u64) -> Self {
        Self {
            rng: ChaCha8Rng::seed_from_u64(
                seed ^ 0x1D5_1D5_1D5 ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15),
            ),
            counter: 0,
        }
    }

    fn uuid(&mut self) -> Uuid {
        let mut bytes = [0u8; 10];
        self.rng.fill_bytes(&mut bytes);
        self.counter += 1;
        uuid::Builder::from_unix_timestamp_millis(Self::BASE_MILLIS + self.counter, &bytes)
            .into_uuid()
    }
}

/// One generated member of staff with what the generator knows about their post.
struct Staff {
    person: Person,
    employment: Employment,
    tier: u8,
    post: &'static Post,
    level: u8,
}

fn template_for(kind: OrganisationKind, country: Country, nhs_index: usize) -> &'static [Post] {
    if kind == OrganisationKind::DutchCareOrganisation || country == Country::Netherlands {
        return posts::DUTCH;
    }
    match kind {
        OrganisationKind::NhsTrust => {
            [posts::ACUTE, posts::COMMUNITY, posts::MENTAL_HEALTH][nhs_index % 3]
        }
        OrganisationKind::LocalAuthority => posts::LOCAL_AUTHORITY,
        OrganisationKind::IndependentProvider => posts::INDEPENDENT,
        OrganisationKind::Charity => posts::HOSPICE,
        OrganisationKind::DutchCareOrganisation => posts::DUTCH,
    }
}

fn domain_suffix(org: &Organisation) -> &'static str {
    match (org.kind, org.country) {
        (_, Country::Netherlands) | (OrganisationKind::DutchCareOrganisation, _) => ".nl.example",
        (OrganisationKind::NhsTrust, _) => ".nhs.example",
        (OrganisationKind::LocalAuthority, _) => ".gov.example",
        _ => ".example",
    }
}

/// People per tier for an organisation of `n`: one chief executive, then roughly 4 % executives,
/// 7 % heads of service, 12 % senior managers and consultants, 17 % team leaders and registrars,
/// and the rest front-line staff.
fn tier_sizes(n: usize) -> [usize; 6] {
    let mut sizes = [0usize; 6];
    if n == 0 {
        return sizes;
    }
    sizes[0] = 1;
    let mut rest = n - 1;
    for (k, share) in [0.04, 0.07, 0.12, 0.17].iter().enumerate() {
        // Even a small employer has two executives once it has twenty staff.
        let floor = if n >= 20 { 2 } else { 1 };
        let want = ((n as f64 * share).round() as usize).max(floor).min(rest);
        sizes[k + 1] = want;
        rest -= want;
    }
    sizes[5] = rest;
    sizes
}

fn pick<'a, T>(rng: &mut ChaCha8Rng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted<'a>(rng: &mut ChaCha8Rng, posts: &[&'a Post]) -> &'a Post {
    let total: u32 = posts.iter().map(|p| p.weight).sum();
    let mut x = rng.random_range(0..total.max(1));
    for p in posts {
        if x < p.weight {
            return p;
        }
        x -= p.weight;
    }
    posts[posts.len() - 1]
}

fn unique_email(given: &str, family: &str, domain: &str, taken: &mut HashSet<String>) -> String {
    let base = format!("{}.{}", names::email_part(given), names::email_part(family));
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            format!("{base}@{domain}")
        } else {
            format!("{base}{n}@{domain}")
        };
        if taken.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Staffs one organisation with `size` people and links each to a line manager.
fn staff_organisation(
    rng: &mut ChaCha8Rng,
    ids: &mut Ids,
    scheme_id: SchemeId,
    org: &Organisation,
    template: &'static [Post],
    size: usize,
    emails: &mut HashSet<String>,
) -> Vec<Staff> {
    let dutch =
        org.country == Country::Netherlands || org.kind == OrganisationKind::DutchCareOrganisation;
    let (given_names, family_names) = if dutch {
        (names::NL_GIVEN, names::NL_FAMILY)
    } else {
        (names::UK_GIVEN, names::UK_FAMILY)
    };
    let domain = names::mail_domain(&org.name, domain_suffix(org));
    let mut staff: Vec<Staff> = Vec::with_capacity(size);
    let mut by_tier: Vec<Vec<usize>> = vec![Vec::new(); 6];
    for (tier, &count) in tier_sizes(size).iter().enumerate() {
        let tier_posts: Vec<&'static Post> = template
            .iter()
            .filter(|p| p.tier as usize == tier)
            .collect();
        for k in 0..count {
            // Every post once (in template order) before any repeats, so small organisations still
            // have their key roles.
            let post = if k < tier_posts.len() {
                tier_posts[k]
            } else {
                weighted(rng, &tier_posts)
            };
            let grade_code = *pick(rng, post.grades);
            let grade = post
                .system
                .grade(grade_code)
                .expect("template grades are valid");
            let given = *pick(rng, given_names);
            let family = *pick(rng, family_names);
            let person_id = PersonId(ids.uuid());
            let person = Person {
                id: person_id,
                scheme_id,
                given_name: given.to_string(),
                family_name: family.to_string(),
                email: unique_email(given, family, &domain, emails),
                language: if dutch {
                    Language::NlNl
                } else {
                    Language::EnGb
                },
            };
            let employment = Employment {
                id: EmploymentId(ids.uuid()),
                person_id,
                organisation_id: org.id,
                job_title: post.title.to_string(),
                profession: post.profession.to_string(),
                grade_system: post.system,
                grade: grade.code.to_string(),
                line_manager_id: None,
                primary: true,
            };
            by_tier[tier].push(staff.len());
            staff.push(Staff {
                person,
                employment,
                tier: tier as u8,
                post,
                level: grade.level,
            });
        }
    }
    // Managers come from a lower-numbered tier at a grade level at least the report's own,
    // preferring the same specialty, then the post's managing profession, then the nearest tier:
    // a tree, never a cycle. Candidates are indexed once, so large populations stay quick.
    let mut managers_by_tier: Vec<Vec<usize>> = vec![Vec::new(); 6];
    for (t, members) in by_tier.iter().enumerate() {
        managers_by_tier[t] = members
            .iter()
            .copied()
            .filter(|&j| t == 0 || staff[j].post.line_manages())
            .collect();
    }
    for i in 0..staff.len() {
        let (tier, level, boss, specialty) = (
            staff[i].tier as usize,
            staff[i].level,
            staff[i].post.boss,
            staff[i].post.specialty(),
        );
        if tier == 0 {
            continue;
        }
        let mut chosen = None;
        let mut candidates: Vec<usize> = Vec::new();
        'search: for preference in 0..3 {
            if preference == 0 && specialty.is_none() {
                continue;
            }
            for t in (0..tier).rev() {
                candidates.clear();
                candidates.extend(managers_by_tier[t].iter().copied().filter(|&j| {
                    let m = staff[j].post;
                    staff[j].level >= level
                        && match preference {
                            0 => {
                                m.profession == boss
                                    && specialty.is_some_and(|s| m.title.ends_with(s))
                            }
                            1 => m.profession == boss,
                            _ => true,
                        }
                }));
                if !candidates.is_empty() {
                    chosen = Some(*pick(rng, &candidates));
                    break 'search;
                }
            }
        }
        // Tier 0 holds the top grade of every template, so this only falls back for templates
        // whose chief executive is outranked, which none is.
        let manager = chosen.or_else(|| by_tier[0].first().copied());
        staff[i].employment.line_manager_id = manager.map(|j| staff[j].person.id);
    }
    staff
}

/// Splits `n` people across organisations by the usual size of each kind of employer.
fn distribute(orgs: &[Organisation], n: usize) -> Vec<usize> {
    let weight = |o: &Organisation| match o.kind {
        OrganisationKind::NhsTrust => 30,
        OrganisationKind::LocalAuthority => 20,
        OrganisationKind::DutchCareOrganisation => 12,
        OrganisationKind::IndependentProvider => 9,
        OrganisationKind::Charity => 6,
    };
    let total: usize = orgs.iter().map(weight).sum::<usize>().max(1);
    let mut sizes: Vec<usize> = orgs.iter().map(|o| n * weight(o) / total).collect();
    let mut short = n - sizes.iter().sum::<usize>();
    let mut k = 0;
    while short > 0 && !orgs.is_empty() {
        sizes[k % orgs.len()] += 1;
        short -= 1;
        k += 1;
    }
    sizes
}

fn people_of(staff: Vec<Staff>) -> Vec<(Person, Vec<Employment>)> {
    staff
        .into_iter()
        .map(|s| {
            // Stored as a vocabulary code, as forms and imports store it (pages translate it).
            let mut e = s.employment;
            e.profession = tandem_domain::words::canonical_profession(&e.profession);
            (s.person, vec![e])
        })
        .collect()
}

/// Staffs the given organisations with `n` people in total (deterministic from `seed`), spread by
/// the usual size of each kind of employer, each with a job, a grade in their employer's grade
/// system and a line manager in the same organisation. E-mails are unique across the result.
pub fn generate_people(
    scheme: impl AsSchemeId,
    orgs: &[Organisation],
    n: usize,
    seed: u64,
) -> Vec<(Person, Vec<Employment>)> {
    let scheme_id = scheme.scheme_id();
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ids = Ids::new(seed);
    let mut emails = HashSet::new();
    let mut out = Vec::with_capacity(n);
    let mut nhs_index = 0;
    for (org, size) in orgs.iter().zip(distribute(orgs, n)) {
        let template = template_for(org.kind, org.country, nhs_index);
        if org.kind == OrganisationKind::NhsTrust {
            nhs_index += 1;
        }
        out.extend(people_of(staff_organisation(
            &mut rng,
            &mut ids,
            scheme_id,
            org,
            template,
            size,
            &mut emails,
        )));
    }
    out
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

fn range(system: GradeSystem, lo: &str, hi: &str) -> (GradeSystem, String, String) {
    (system, lo.to_string(), hi.to_string())
}

/// Whether an employment's grade falls in one of the ranges (no ranges: everyone).
fn in_ranges(e: &Employment, ranges: &[(GradeSystem, String, String)]) -> bool {
    if ranges.is_empty() {
        return true;
    }
    let Some(g) = e.grade_system.grade(&e.grade) else {
        return false;
    };
    ranges.iter().any(|(system, lo, hi)| {
        *system == e.grade_system
            && matches!((system.grade(lo), system.grade(hi)), (Some(a), Some(b)) if a.rank <= g.rank && g.rank <= b.rank)
    })
}

/// Builds the whole demo consortium from a seed.
pub fn generate(seed: u64) -> DemoData {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut ids = Ids::new(seed);

    let scheme = Scheme {
        id: SchemeId(ids.uuid()),
        name: "South Vale Health and Care Mentoring Network".into(),
        description: "A regional consortium of NHS trusts, councils, care providers, a hospice and a Dutch partner \
                      organisation running mentoring, paired learning and action learning across organisational \
                      and professional boundaries."
            .into(),
    };
    use OrganisationKind as K;
    let org_specs: [(&str, OrganisationKind, Country, usize); 8] = [
        (
            "Northvale University Hospitals NHS Foundation Trust",
            K::NhsTrust,
            Country::UnitedKingdom,
            90,
        ),
        (
            "Southdowns Community Health NHS Trust",
            K::NhsTrust,
            Country::UnitedKingdom,
            50,
        ),
        (
            "Vale and Downs Mental Health NHS Foundation Trust",
            K::NhsTrust,
            Country::UnitedKingdom,
            50,
        ),
        (
            "Vale County Council",
            K::LocalAuthority,
            Country::UnitedKingdom,
            60,
        ),
        (
            "Aldermouth City Council",
            K::LocalAuthority,
            Country::UnitedKingdom,
            50,
        ),
        (
            "Meadowbank Care Group",
            K::IndependentProvider,
            Country::UnitedKingdom,
            35,
        ),
        (
            "St Clement's Hospice",
            K::Charity,
            Country::UnitedKingdom,
            25,
        ),
        (
            "Zorggroep Amstelweide",
            K::DutchCareOrganisation,
            Country::Netherlands,
            40,
        ),
    ];
    let organisations: Vec<Organisation> = org_specs
        .iter()
        .map(|(name, kind, country, _)| Organisation {
            id: OrganisationId(ids.uuid()),
            scheme_id: scheme.id,
            name: (*name).to_string(),
            kind: *kind,
            country: *country,
        })
        .collect();
    let (acute, community, mental_health, county, city, independent, hospice, dutch) =
        (0, 1, 2, 3, 4, 5, 6, 7);

    let mut emails = HashSet::new();
    let mut staff_by_org: Vec<Vec<Staff>> = Vec::new();
    let mut nhs_index = 0;
    for (org, spec) in organisations.iter().zip(org_specs.iter()) {
        let template = template_for(org.kind, org.country, nhs_index);
        if org.kind == K::NhsTrust {
            nhs_index += 1;
        }
        staff_by_org.push(staff_organisation(
            &mut rng,
            &mut ids,
            scheme.id,
            org,
            template,
            spec.3,
            &mut emails,
        ));
    }

    let find = |org: usize, title: &str| -> usize {
        let staff = &staff_by_org[org];
        staff
            .iter()
            .position(|s| s.post.title == title)
            // Fall back to the most senior person below the chief executive.
            .unwrap_or(if staff.len() > 1 { 1 } else { 0 })
    };

    // Two acute consultants also hold honorary sessions at the hospice: people can have several
    // employments, each with its own organisation and line manager.
    // Their honorary contract is managed by the hospice's senior doctor (or its chief executive),
    // never by someone at a lower grade.
    let hospice_md_id = staff_by_org[hospice]
        .iter()
        .find(|s| s.post.profession == "Medicine" && s.level == 8)
        .unwrap_or(&staff_by_org[hospice][0])
        .person
        .id;
    let mut second_jobs: Vec<(PersonId, Employment)> = Vec::new();
    for s in staff_by_org[acute]
        .iter()
        .filter(|s| s.post.title.starts_with("Consultant"))
        .take(2)
    {
        second_jobs.push((
            s.person.id,
            Employment {
                id: EmploymentId(ids.uuid()),
                person_id: s.person.id,
                organisation_id: organisations[hospice].id,
                job_title: "Honorary Consultant in Palliative Medicine".into(),
                profession: "medicine".into(),
                grade_system: GradeSystem::Medical,
                grade: "Consultant".into(),
                line_manager_id: Some(hospice_md_id),
                primary: false,
            },
        ));
    }

    // Programmes (PRODUCT.md §1).
    let all_modes = vec![Mode::Video, Mode::InPerson, Mode::Telephone];
    let mentoring = Programme {
        id: ProgrammeId(ids.uuid()),
        scheme_id: scheme.id,
        name: "Interagency Management Mentoring".into(),
        kind: ProgrammeKind::Mentoring,
        description: "Managers from across health and social care mentor and are mentored by colleagues from a \
                      different organisation and professional background, for a year."
            .into(),
        rules: ProgrammeRules {
            modes: all_modes,
            term_months: Some(12),
            mentor_load_min: Some(1),
            mentor_load_max: Some(2),
            eligibility: Eligibility {
                grade_ranges: vec![
                    range(GradeSystem::AgendaForChange, "7", "9"),
                    range(GradeSystem::LocalAuthority, "PO1", "SM3"),
                    range(GradeSystem::DutchFwg, "FWG 50", "FWG 80"),
                    range(GradeSystem::Medical, "Specialty doctor", "Consultant"),
                ],
                ..Eligibility::default()
            },
            ..ProgrammeRules::default()
        },
    };
    let virtual_cohort = Programme {
        id: ProgrammeId(ids.uuid()),
        scheme_id: scheme.id,
        name: "Virtual Organisational Development Mentoring".into(),
        kind: ProgrammeKind::VirtualCohort,
        description: "A yearly cohort of trained virtual mentors; each mentor takes at least two mentees and each \
                      mentee has at most three 90-minute sessions by telephone or video."
            .into(),
        rules: ProgrammeRules {
            session_cap: Some(3),
            session_minutes: Some(90),
            modes: vec![Mode::Telephone, Mode::Video],
            term_months: Some(6),
            mentor_load_min: Some(2),
            mentor_load_max: Some(4),
            eligibility: Eligibility {
                grade_ranges: vec![
                    range(GradeSystem::AgendaForChange, "6", "8b"),
                    range(GradeSystem::LocalAuthority, "SO2", "PO4"),
                ],
                mentor_training_required: true,
                ..Eligibility::default()
            },
            ..ProgrammeRules::default()
        },
    };
    let paired = Programme {
        id: ProgrammeId(ids.uuid()),
        scheme_id: scheme.id,
        name: "Paired Learning: Registrars and Managers".into(),
        kind: ProgrammeKind::PairedLearning,
        description: "Specialty registrars paired with Band 7 and 8a managers: monthly conversations, shadowing in \
                      both directions, workshops and a joint improvement project presented at the end."
            .into(),
        rules: ProgrammeRules {
            modes: vec![Mode::InPerson, Mode::Video],
            term_months: Some(9),
            // Monthly conversations over the nine months.
            session_cap: Some(9),
            session_minutes: Some(60),
            eligibility: Eligibility {
                grade_ranges: vec![
                    range(GradeSystem::Medical, "ST3", "ST6"),
                    range(GradeSystem::AgendaForChange, "7", "8a"),
                ],
                organisation_kinds: vec![K::NhsTrust],
                ..Eligibility::default()
            },
            ..ProgrammeRules::default()
        },
    };
    let action_learning = Programme {
        id: ProgrammeId(ids.uuid()),
        scheme_id: scheme.id,
        name: "Online Action Learning for Social Work Assessors".into(),
        kind: ProgrammeKind::ActionLearningSets,
        description: "Self-managed action learning sets of four to eight assessors of newly qualified social \
                      workers from several organisations, meeting online every four weeks with rotating roles."
            .into(),
        rules: ProgrammeRules {
            modes: vec![Mode::Video],
            term_months: Some(12),
            set_size_min: Some(4),
            set_size_max: Some(8),
            cadence_weeks: Some(4),
            eligibility: Eligibility { professions: vec!["Social work".into()], ..Eligibility::default() },
            ..ProgrammeRules::default()
        },
    };

    // Intakes with places per organisation.
    let mut places = |orgs: &[usize], lo: u32, hi: u32| -> Vec<IntakePlace> {
        orgs.iter()
            .map(|&o| IntakePlace {
                organisation_id: organisations[o].id,
                places: rng.random_range(lo..=hi),
            })
            .collect()
    };
    let everyone = [
        acute,
        community,
        mental_health,
        county,
        city,
        independent,
        hospice,
        dutch,
    ];
    let uk = [
        acute,
        community,
        mental_health,
        county,
        city,
        independent,
        hospice,
    ];
    let mut intakes = vec![
        Intake {
            id: IntakeId(ids.uuid()),
            programme_id: mentoring.id,
            name: "2026 intake".into(),
            opens_on: date(2025, 11, 3),
            closes_on: date(2026, 1, 30),
            starts_on: date(2026, 3, 2),
            places: places(&everyone, 2, 6),
        },
        Intake {
            id: IntakeId(ids.uuid()),
            programme_id: mentoring.id,
            name: "2027 intake".into(),
            opens_on: date(2026, 11, 2),
            closes_on: date(2027, 1, 29),
            starts_on: date(2027, 3, 1),
            places: places(&everyone, 2, 6),
        },
        Intake {
            id: IntakeId(ids.uuid()),
            programme_id: virtual_cohort.id,
            name: "Cohort 2027".into(),
            opens_on: date(2026, 11, 9),
            closes_on: date(2026, 12, 18),
            starts_on: date(2027, 1, 11),
            places: places(&uk, 2, 4),
        },
        Intake {
            id: IntakeId(ids.uuid()),
            programme_id: paired.id,
            name: "2026–27 pairs".into(),
            opens_on: date(2026, 6, 1),
            closes_on: date(2026, 7, 17),
            starts_on: date(2026, 9, 7),
            places: places(&[acute, community, mental_health], 3, 8),
        },
        Intake {
            id: IntakeId(ids.uuid()),
            programme_id: action_learning.id,
            name: "Spring 2027 sets".into(),
            opens_on: date(2026, 11, 16),
            closes_on: date(2027, 1, 15),
            starts_on: date(2027, 2, 1),
            places: places(&[county, city, mental_health, hospice], 2, 8),
        },
    ];
    // The finished 2025 intake was added later than the others: it draws from its own streams so
    // the identifiers and draws above stay what they were for every seed.
    let mut history_rng = ChaCha8Rng::seed_from_u64(seed ^ 0x2025_0000_2025);
    let mut history_ids = Ids::stream(seed, 1);
    intakes.push(Intake {
        id: IntakeId(history_ids.uuid()),
        programme_id: mentoring.id,
        name: "2025 intake".into(),
        opens_on: date(2024, 11, 4),
        closes_on: date(2025, 1, 31),
        starts_on: date(2025, 3, 3),
        places: everyone
            .iter()
            .map(|&o| IntakePlace {
                organisation_id: organisations[o].id,
                places: history_rng.random_range(2..=6),
            })
            .collect(),
    });

    // Roles.
    let id_at = |org: usize, i: usize| staff_by_org[org][i].person.id;
    let email_at = |org: usize, i: usize| staff_by_org[org][i].person.email.clone();
    let mut roles: Vec<(PersonId, RoleAssignment)> = Vec::new();
    let mut sign_ins: Vec<DemoSignIn> = Vec::new();
    let scheme_scope = Scope::Scheme(scheme.id);
    let coordinator = find(acute, "Head of Learning and Organisational Development");
    roles.push((
        id_at(acute, coordinator),
        RoleAssignment {
            role: Role::SchemeCoordinator,
            scope: scheme_scope,
        },
    ));
    sign_ins.push(DemoSignIn {
        role_label: "Scheme coordinator".into(),
        email: email_at(acute, coordinator),
        person_id: id_at(acute, coordinator),
    });
    let admin = find(county, "Learning Systems Administrator");
    roles.push((
        id_at(county, admin),
        RoleAssignment {
            role: Role::Administrator,
            scope: scheme_scope,
        },
    ));
    sign_ins.push(DemoSignIn {
        role_label: "Administrator".into(),
        email: email_at(county, admin),
        person_id: id_at(county, admin),
    });
    let coordinator_titles = [
        "Learning and Development Manager",
        "Learning and Development Manager",
        "Learning and Development Manager",
        "Workforce Development Manager",
        "Workforce Development Manager",
        "Training and Development Lead",
        "Head of Education",
        "Hoofd Opleidingen",
    ];
    let mut org_coordinators: Vec<PersonId> = Vec::new();
    for (o, title) in coordinator_titles.iter().enumerate() {
        let i = find(o, title);
        org_coordinators.push(id_at(o, i));
        roles.push((
            id_at(o, i),
            RoleAssignment {
                role: Role::OrganisationCoordinator,
                scope: Scope::Organisation(organisations[o].id),
            },
        ));
        // The hospice's coordinator is printed too: two of its staff also work for the acute trust,
        // so it shows what a coordinator sees of people with employments elsewhere.
        if o == acute || o == dutch || organisations[o].kind == K::Charity {
            sign_ins.push(DemoSignIn {
                role_label: format!("Organisation coordinator ({})", organisations[o].name),
                email: email_at(o, i),
                person_id: id_at(o, i),
            });
        }
    }
    let evaluator = find(acute, "Research and Evaluation Lead");
    roles.push((
        id_at(acute, evaluator),
        RoleAssignment {
            role: Role::Evaluator,
            scope: scheme_scope,
        },
    ));
    sign_ins.push(DemoSignIn {
        role_label: "Evaluator".into(),
        email: email_at(acute, evaluator),
        person_id: id_at(acute, evaluator),
    });

    // Participants, chosen among the eligible staff of each programme.
    let all_staff: Vec<(usize, usize)> = staff_by_org
        .iter()
        .enumerate()
        .flat_map(|(o, s)| (0..s.len()).map(move |i| (o, i)))
        .collect();
    let mut shuffled =
        |pred: &dyn Fn(&Staff, usize) -> bool, limit: usize| -> Vec<(usize, usize)> {
            let mut v: Vec<(usize, usize)> = all_staff
                .iter()
                .copied()
                .filter(|&(o, i)| pred(&staff_by_org[o][i], o))
                .collect();
            for k in (1..v.len()).rev() {
                v.swap(k, rng.random_range(0..=k));
            }
            v.truncate(limit);
            v
        };
    let mentoring_people = shuffled(
        &|s, _| {
            (2..=4).contains(&s.tier)
                && in_ranges(&s.employment, &mentoring.rules.eligibility.grade_ranges)
        },
        // Enough for three intakes (2025, 2026, 2027) of about thirty applicants each, the
        // 2026 and 2027 ones different people.
        120,
    );
    let cohort_people = shuffled(
        &|s, o| {
            o != dutch
                && (3..=5).contains(&s.tier)
                && in_ranges(
                    &s.employment,
                    &virtual_cohort.rules.eligibility.grade_ranges,
                )
        },
        30,
    );
    let registrars = shuffled(
        &|s, o| {
            organisations[o].kind == K::NhsTrust
                && s.employment.grade_system == GradeSystem::Medical
                && in_ranges(&s.employment, &paired.rules.eligibility.grade_ranges)
        },
        16,
    );
    let managers = shuffled(
        &|s, o| {
            organisations[o].kind == K::NhsTrust
                && s.employment.grade_system == GradeSystem::AgendaForChange
                && in_ranges(&s.employment, &paired.rules.eligibility.grade_ranges)
                && s.employment.profession != "Medicine"
        },
        registrars.len(),
    );
    // The practice assessors themselves make up the set already running (play.rs), so they
    // are not among the 2027 intake's applicants too.
    let mut assessors = shuffled(
        &|s, o| {
            s.employment.profession == "Social work"
                && s.tier == 4
                && !is_practice_assessor(&s.employment.profession, &s.employment.job_title)
                && matches!(
                    organisations[o].kind,
                    K::LocalAuthority | K::NhsTrust | K::Charity
                )
        },
        24,
    );
    if assessors.len() < 12 {
        let more = shuffled(
            &|s, o| {
                // Qualified social workers: not those still in their assessed first year, nor
                // care assessors, whom the programme's assessors do not supervise.
                s.employment.profession == "Social work"
                    && s.tier == 5
                    && s.employment.job_title == "Social Worker"
                    && organisations[o].kind == K::LocalAuthority
            },
            12 - assessors.len(),
        );
        assessors.extend(more);
    }
    // The practice assessors take part in the programme through the set already running
    // (play.rs forms it from them).
    let practice_assessors: Vec<(usize, usize)> = all_staff
        .iter()
        .copied()
        .filter(|&(o, i)| {
            let e = &staff_by_org[o][i].employment;
            [county, city, mental_health, hospice].contains(&o)
                && is_practice_assessor(&e.profession, &e.job_title)
        })
        .collect();
    let mut grant = |people: &[(usize, usize)], programme: &Programme| {
        for &(o, i) in people {
            roles.push((
                staff_by_org[o][i].person.id,
                RoleAssignment {
                    role: Role::Participant,
                    scope: Scope::Programme(programme.id),
                },
            ));
        }
    };
    grant(&mentoring_people, &mentoring);
    grant(&cohort_people, &virtual_cohort);
    grant(&registrars, &paired);
    grant(&managers, &paired);
    grant(&assessors, &action_learning);
    grant(&practice_assessors, &action_learning);
    if let Some(&(o, i)) = registrars.first() {
        sign_ins.push(DemoSignIn {
            role_label: format!("Participant ({})", paired.name),
            email: email_at(o, i),
            person_id: id_at(o, i),
        });
    }
    if let Some(&(o, i)) = assessors.first() {
        sign_ins.push(DemoSignIn {
            role_label: format!("Participant ({})", action_learning.name),
            email: email_at(o, i),
            person_id: id_at(o, i),
        });
    }
    if let Some(&(o, i)) = mentoring_people.iter().find(|(o, _)| *o == dutch) {
        sign_ins.push(DemoSignIn {
            role_label: format!("Participant ({}, nl-NL)", mentoring.name),
            email: email_at(o, i),
            person_id: id_at(o, i),
        });
    }

    let journey = {
        let by_name = |name: &str| {
            intakes
                .iter()
                .find(|i| i.name == name)
                .expect("the generator names its intakes")
        };
        journey::build(&journey::Inputs {
            seed,
            staff: &staff_by_org,
            organisations: &organisations,
            programmes: journey::Programmes {
                mentoring: &mentoring,
                cohort: &virtual_cohort,
                paired: &paired,
                sets: &action_learning,
            },
            intakes: journey::Intakes {
                mentoring_2025: by_name("2025 intake"),
                mentoring_2026: by_name("2026 intake"),
                mentoring_2027: by_name("2027 intake"),
                cohort_2027: by_name("Cohort 2027"),
                pairs_2026: by_name("2026–27 pairs"),
                sets_2027: by_name("Spring 2027 sets"),
            },
            pools: journey::Pools {
                mentoring: &mentoring_people,
                cohort: &cohort_people,
                registrars: &registrars,
                managers: &managers,
                assessors: &assessors,
            },
            scheme_coordinator: id_at(acute, coordinator),
            org_coordinators: &org_coordinators,
        })
    };

    let mut people: Vec<(Person, Vec<Employment>)> =
        staff_by_org.into_iter().flat_map(people_of).collect();
    for (person_id, employment) in second_jobs {
        if let Some((_, emps)) = people.iter_mut().find(|(p, _)| p.id == person_id) {
            emps.push(employment);
        }
    }

    let mut countries: Vec<Country> = Vec::new();
    for o in &organisations {
        if !countries.contains(&o.country) {
            countries.push(o.country);
        }
    }
    let settings = SchemeSettings {
        countries,
        languages: vec![Language::EnGb, Language::NlNl],
        ..SchemeSettings::default()
    };
    DemoData {
        scheme,
        settings,
        organisations,
        people,
        programmes: vec![mentoring, virtual_cohort, paired, action_learning],
        intakes,
        roles,
        sign_ins,
        journey,
    }
}

/// `d`, or the Monday after when it falls on a weekend: the story's sessions, shadowing days and
/// deadlines fall on working days, as they would in these organisations.
pub(crate) fn workday_after(d: NaiveDate) -> NaiveDate {
    use chrono::{Datelike, Weekday};
    match d.weekday() {
        Weekday::Sat => d + chrono::Duration::days(2),
        Weekday::Sun => d + chrono::Duration::days(1),
        _ => d,
    }
}

/// `d`, or the Friday before when it falls on a weekend (for days already past).
pub(crate) fn workday_before(d: NaiveDate) -> NaiveDate {
    use chrono::{Datelike, Weekday};
    match d.weekday() {
        Weekday::Sat => d - chrono::Duration::days(1),
        Weekday::Sun => d - chrono::Duration::days(2),
        _ => d,
    }
}

/// Whether a post is that of a practice assessor (practice educator) of social workers, the
/// people the action learning programme is for: the demo's set is made of them, and its page
/// can say so through their job titles.
pub(crate) fn is_practice_assessor(profession: &str, job_title: &str) -> bool {
    // The generator's staff say "Social work"; stored employments hold the vocabulary code.
    tandem_domain::words::canonical_profession(profession)
        == tandem_domain::words::canonical_profession("Social work")
        && (job_title.contains("Practice Assessor")
            || job_title.contains("ASYE Assessor")
            || job_title.contains("Practice Educator"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workdays_skip_weekends_only() {
        // 5 December 2026 is a Saturday.
        let sat = date(2026, 12, 5);
        assert_eq!(workday_after(sat), date(2026, 12, 7));
        assert_eq!(
            workday_after(sat + chrono::Duration::days(1)),
            date(2026, 12, 7)
        );
        assert_eq!(workday_before(sat), date(2026, 12, 4));
        assert_eq!(
            workday_before(sat + chrono::Duration::days(1)),
            date(2026, 12, 4)
        );
        let wed = date(2026, 12, 9);
        assert_eq!((workday_after(wed), workday_before(wed)), (wed, wed));
    }

    #[test]
    fn practice_assessors_are_social_workers_whose_titles_say_so() {
        assert!(is_practice_assessor(
            "Social work",
            "Practice Educator and ASYE Assessor"
        ));
        assert!(is_practice_assessor(
            "Social work",
            "Senior Practitioner and Practice Assessor"
        ));
        assert!(!is_practice_assessor(
            "Social work",
            "Director of Adult Social Services"
        ));
        assert!(!is_practice_assessor("Social work", "Social Care Assessor"));
        assert!(!is_practice_assessor("Management", "Practice Educator"));
    }

    #[test]
    fn tier_sizes_add_up() {
        for n in 0..500 {
            assert_eq!(tier_sizes(n).iter().sum::<usize>(), n);
        }
        assert_eq!(tier_sizes(1), [1, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn distribution_adds_up() {
        let data = generate(1);
        for n in [0, 1, 7, 400, 10_001] {
            assert_eq!(distribute(&data.organisations, n).iter().sum::<usize>(), n);
        }
    }
}
