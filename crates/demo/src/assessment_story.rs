//! Mentoring in Dutch care with assessment-based matching (docs/assessments.md): the Dutch
//! partner's own programme, *Mentoring in de zorg*, whose matching uses a personality
//! questionnaire's results. Played after the journey, through the use cases as its coordinator
//! and its participants would: the programme records its lawful basis and justification, sets a
//! weight and similarity or complementarity per dimension, participants give (or do not give)
//! their consent, the coordinator imports the scores, and a draft run explains each pair's
//! assessment fit.

use crate::DemoData;

use crate::playback::{Mail, PlayError};
use std::collections::HashSet;
use tandem_app::assessments::{self, WeightInput};
use tandem_app::rights::{self, ConsentKind};
use tandem_app::{Context as AppContext, matching};
use tandem_domain::application::{ApplicationEvent, MatchingProfile};
use tandem_domain::assessment::{InstrumentInput, MatchingUseInput, UseKind};
use tandem_domain::{
    Actor, Application, ApplicationId, ApplicationRole, ApplicationStatus, FrameworkDimension,
    Intake, IntakeId, IntakePlace, Language, Level, Mode, OrganisationKind, PersonId, Programme,
    ProgrammeId, ProgrammeKind, ProgrammeRules, Role, RoleAssignment, Scope, Slot,
};
use tandem_storage::Store;
use uuid::Uuid;

/// The programme's name (demo tests find it by this).
pub const PROGRAMME: &str = "Mentoring in de zorg";
/// The instrument whose results are a starting point for matching.
pub const INSTRUMENT: &str = "Persoonlijkheidsvragenlijst";
/// At most this many participants in the programme's intake (mentors first: a third of them).
const PARTICIPANTS: usize = 12;

async fn actor(store: &Store, data: &DemoData, person: PersonId) -> Result<Actor, PlayError> {
    Ok(Actor {
        person_id: person,
        scheme_id: data.scheme.id,
        roles: store.roles_in_scheme(person, data.scheme.id).await?,
    })
}

/// A stable id for this story's records (not drawn from the generator, whose streams the rest
/// of the demo depends on).
fn id(data: &DemoData, n: u128) -> Uuid {
    Uuid::from_u128(data.scheme.id.0.as_u128() ^ (0xA55E_55ED << 64) ^ n)
}

/// A sten score (1–10) for a person on a dimension, deterministic.
fn sten(person: PersonId, dimension: usize) -> i64 {
    let x = person.0.as_u128().wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (dimension * 7 + 3);
    1 + (x % 10) as i64
}

pub(crate) async fn play(store: &Store, data: &DemoData, mail: &Mail) -> Result<(), PlayError> {
    let Some(dutch) = data
        .organisations
        .iter()
        .find(|o| o.kind == OrganisationKind::DutchCareOrganisation)
    else {
        return Ok(());
    };
    let state = AppContext::new(store.clone(), mail.mailer.clone(), mail.settings.clone());
    let now = state.now();
    let today = now.date_naive();
    let coordinator_id = data
        .roles
        .iter()
        .find(|(_, r)| r.role == Role::SchemeCoordinator)
        .map(|(p, _)| *p)
        .ok_or_else(|| PlayError::Inconsistent("the demo has no scheme coordinator".into()))?;
    let coordinator = actor(store, data, coordinator_id).await?;

    // Staff of the Dutch partner, no two in one line of management and no two sharing a line
    // manager (matching keeps those apart), each with a manager on record.
    let manager_of = |p: PersonId| {
        data.people
            .iter()
            .find(|(x, _)| x.id == p)
            .and_then(|(_, jobs)| jobs.iter().find(|j| j.primary))
            .and_then(|j| j.line_manager_id)
    };
    let mut chosen: Vec<PersonId> = Vec::new();
    let mut managers: HashSet<PersonId> = HashSet::new();
    for (p, jobs) in &data.people {
        if chosen.len() == PARTICIPANTS {
            break;
        }
        let Some(m) = manager_of(p.id) else { continue };
        let here = jobs
            .iter()
            .any(|j| j.primary && j.organisation_id == dutch.id);
        let linked = chosen
            .iter()
            .any(|c| manager_of(*c) == Some(p.id) || *c == m || managers.contains(&m));
        if here && !linked {
            managers.insert(m);
            chosen.push(p.id);
        }
    }
    if chosen.len() < 2 {
        return Ok(());
    }
    let mentors = (chosen.len() / 3).max(1);

    let programme = Programme {
        id: ProgrammeId(id(data, 1)),
        scheme_id: data.scheme.id,
        name: PROGRAMME.into(),
        kind: ProgrammeKind::Mentoring,
        description: "Mentoring in de zorg, ingebed in de kwaliteitscyclus: ontwikkeldoelen uit het \
                      functioneringsgesprek, en de uitkomsten van een persoonlijkheidsvragenlijst als \
                      vertrekpunt voor het matchen."
            .into(),
        rules: ProgrammeRules {
            modes: vec![Mode::InPerson, Mode::Video],
            term_months: Some(12),
            mentor_load_max: Some(2),
            matching: tandem_domain::MatchingCriteria {
                // One organisation: mentors and mentees work for the same care provider.
                different_organisation: Level::Off,
                cross_profession: false,
                ..Default::default()
            },
            ..ProgrammeRules::default()
        },
    };
    store.create_programme(&programme).await?;
    let intake = Intake {
        id: IntakeId(id(data, 2)),
        programme_id: programme.id,
        name: "Voorjaar".into(),
        opens_on: today - chrono::Duration::days(30),
        closes_on: today - chrono::Duration::days(2),
        starts_on: today + chrono::Duration::days(21),
        places: vec![IntakePlace {
            organisation_id: dutch.id,
            places: chosen.len() as u32,
        }],
    };
    store.create_intake(&intake).await?;

    let dims = FrameworkDimension::ALL;
    for (i, person) in chosen.iter().enumerate() {
        store
            .grant_role(
                *person,
                RoleAssignment {
                    role: Role::Participant,
                    scope: Scope::Scheme(data.scheme.id),
                },
            )
            .await?;
        let mentor = i < mentors;
        let a = Application {
            id: ApplicationId(id(data, 100 + i as u128)),
            intake_id: intake.id,
            person_id: *person,
            role: if mentor {
                ApplicationRole::Mentor
            } else {
                ApplicationRole::Mentee
            },
            organisation_id: dutch.id,
            status: ApplicationStatus::AwaitingCoordinator,
            profile: MatchingProfile {
                goals: vec![dims[i % dims.len()]],
                expertise: dims.to_vec(),
                availability: vec![Slot { day: 1, part: 1 }, Slot { day: 3, part: 0 }],
                modes: vec![Mode::InPerson, Mode::Video],
                conflicts: vec![],
            },
            answers: Default::default(),
            line_manager_id: None,
            submitted_at: now - chrono::Duration::days(20),
            updated_at: now - chrono::Duration::days(20),
            version: 1,
        };
        let step = |status, note: &str| ApplicationEvent {
            application_id: a.id,
            at: now - chrono::Duration::days(20),
            actor_id: None,
            status,
            note: note.into(),
        };
        store
            .create_application(
                &a,
                &step(
                    ApplicationStatus::AwaitingCoordinator,
                    "applications.history.submitted",
                ),
            )
            .await?;
        store
            .move_application(
                a.id,
                ApplicationStatus::AwaitingCoordinator,
                &step(ApplicationStatus::Approved, "applications.history.approved"),
            )
            .await?;
    }

    // The programme's basis, recorded before participants are asked.
    assessments::set_use(
        &state,
        &coordinator,
        programme.id,
        UseKind::Assessment,
        MatchingUseInput {
            enabled: true,
            art6: "legitimate_interests".into(),
            art9: "explicit_consent".into(),
            justification: "De uitkomsten van de persoonlijkheidsvragenlijst zijn een vertrekpunt \
                            voor het matchen: mentor en mentee met een vergelijkbare openheid en \
                            zorgvuldigheid, en een mentor die de mentee aanvult in extraversie. \
                            Alleen de coördinatoren van dit programma zien de scores."
                .into(),
            weight: 0,
        },
    )
    .await?;
    let instrument = assessments::create_instrument(
        &state,
        &coordinator,
        programme.id,
        InstrumentInput {
            name: INSTRUMENT.into(),
            score_min: 1,
            score_max: 10,
            dimensions: "openheid: Openheid\nzorgvuldigheid: Zorgvuldigheid\n\
                         extraversie: Extraversie\ninlevingsvermogen: Inlevingsvermogen"
                .into(),
        },
    )
    .await?;
    let weight = |code: &str, weight: i64, mode: &str| WeightInput {
        instrument_id: instrument.id.clone(),
        dimension_code: code.into(),
        weight,
        mode: mode.into(),
    };
    assessments::set_weights(
        &state,
        &coordinator,
        programme.id,
        vec![
            weight("openheid", 3, "similarity"),
            weight("zorgvuldigheid", 2, "similarity"),
            weight("extraversie", 2, "complementarity"),
            weight("inlevingsvermogen", 1, "similarity"),
        ],
    )
    .await?;
    // Everyone but the last mentee consents; her scores are imported but never used.
    for person in &chosen[..chosen.len() - 1] {
        let a = actor(store, data, *person).await?;
        rights::set_consent(&state, &a, ConsentKind::Assessment, true, Language::NlNl).await?;
    }
    let mut csv = String::from("e-mailadres,instrument,dimensie,score\n");
    for person in &chosen {
        let email = &data
            .people
            .iter()
            .find(|(p, _)| p.id == *person)
            .ok_or_else(|| PlayError::Inconsistent("a chosen person is missing".into()))?
            .0
            .email;
        for (k, d) in instrument.dimensions.iter().enumerate() {
            csv.push_str(&format!(
                "{email},{INSTRUMENT},{},{}\n",
                d.code,
                sten(*person, k)
            ));
        }
    }
    let (preview, _) = assessments::import_now(
        &state,
        &coordinator,
        programme.id,
        csv.as_bytes(),
        tandem_people_io::Format::Csv,
    )
    .await?;
    if !preview.is_valid() {
        return Err(PlayError::Inconsistent(
            "the demo's assessment scores did not import".into(),
        ));
    }
    // A draft run for the coordinator to review: each pair's assessment fit explained.
    matching::run(&state, &coordinator, intake.id).await?;
    Ok(())
}
