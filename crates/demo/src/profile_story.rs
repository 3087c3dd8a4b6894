//! The demo's profiles: most people keep a plausible profile (expertise and interests tagged
//! with the framework, languages, availability, ways of meeting, a town, a short introduction),
//! many with a mobile or work number (Ofcom's and the Dutch regulator's ranges kept for drama,
//! so no real phone rings); a few have only a personal e-mail address, recorded as such; and
//! one running virtual mentoring relationship has an upcoming telephone session, confirmed,
//! with the agreed number to call, so the session page and its `.ics` show it.
//!
//! Deterministic: drawn from its own stream seeded by the scheme, written after the journey and
//! before accounts are made (so the printed sign-ins keep their addresses).

use crate::playback::{Actors, Mail, PlayError};
use crate::{DemoData, DemoSignIn};
use chrono::Duration;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{HashMap, HashSet};
use tandem_app::Context as AppContext;
use tandem_app::sessions::{self, Action as SessionAction, BookingInput};
use tandem_domain::profile::{ContactRoute, PhoneKind, ProfileInput, StoredProfile, calling_code};
use tandem_domain::{
    Country, EmailKind, FrameworkDimension, Language, Mode, PersonId, RelationshipStatus, Slot,
};
use tandem_storage::Store;

const TOPICS: [&str; 10] = [
    "Rotas and safe staffing",
    "Quality improvement",
    "Leading a ward through winter",
    "Discharge planning with social care",
    "Safeguarding adults",
    "Budgets and business cases",
    "Coaching conversations",
    "Leading change across organisations",
    "Staff wellbeing",
    "Working with families and carers",
];

const TOWNS_GB: [&str; 8] = [
    "Leeds",
    "Bradford",
    "Wakefield",
    "Harrogate",
    "Cardiff",
    "York",
    "Huddersfield",
    "Halifax",
];
const TOWNS_NL: [&str; 4] = ["Utrecht", "Amersfoort", "Zeist", "Nieuwegein"];

const INTROS: [&str; 5] = [
    "I have worked in health and care for over ten years and enjoy helping colleagues find their own answers.",
    "Curious about how other organisations solve the problems we share; happy to talk by phone on the way home.",
    "Currently leading a small team and keen to learn from people outside my own organisation.",
    "I moved into management two years ago and want to grow as a leader.",
    "Happy to share what I have learnt, including the mistakes.",
];

fn pick<'a, T>(rng: &mut ChaCha8Rng, from: &'a [T]) -> &'a T {
    &from[rng.random_range(0..from.len())]
}

fn dims(rng: &mut ChaCha8Rng, n: usize) -> Vec<FrameworkDimension> {
    (0..n)
        .map(|_| *pick(rng, &FrameworkDimension::ALL))
        .collect()
}

/// Plays the profile story (see the module's documentation) into `sign_ins`' world.
pub(crate) async fn play(
    store: &Store,
    data: &DemoData,
    mail: &Mail,
    sign_ins: &mut Vec<DemoSignIn>,
) -> Result<(), PlayError> {
    let ctx = AppContext::new(store.clone(), mail.mailer.clone(), mail.settings.clone());
    let mut rng = ChaCha8Rng::seed_from_u64(data.scheme.id.0.as_u128() as u64 ^ 0x0019_7072_6f66);
    let country: HashMap<_, _> = data
        .organisations
        .iter()
        .map(|o| (o.id, o.country))
        .collect();
    let printed: HashSet<PersonId> = sign_ins.iter().map(|s| s.person_id).collect();
    // Only staff holding no role yet (who have no account) move to a personal address: the
    // sign-ins found later are printed with the generated address.
    let role_holders: HashSet<PersonId> = data.roles.iter().map(|(p, _)| *p).collect();
    let all_slots: Vec<Slot> = Slot::all().collect();
    for (i, (person, jobs)) in data.people.iter().enumerate() {
        let land = jobs
            .iter()
            .find(|e| e.primary)
            .or(jobs.first())
            .and_then(|e| country.get(&e.organisation_id).copied())
            .unwrap_or(Country::UnitedKingdom);
        // A few people without a work address: a personal one, recorded as such (never a
        // printed sign-in, whose address is shown to the person trying the demo).
        if !printed.contains(&person.id)
            && !role_holders.contains(&person.id)
            && rng.random_bool(0.06)
        {
            let mut p = person.clone();
            let local: String = format!("{}.{}", p.given_name, p.family_name)
                .to_lowercase()
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
                .collect();
            p.email = format!("{local}.{i}@mail.example.net");
            store.update_person(&p, jobs).await?;
            store.set_email_kind(p.id, EmailKind::Personal).await?;
        }
        if !rng.random_bool(0.75) {
            continue;
        }
        let dutch = land == Country::Netherlands;
        let mut languages = vec![if dutch { "nl" } else { "en" }.to_string()];
        if dutch || rng.random_bool(0.15) {
            languages.push(
                if dutch {
                    "en"
                } else {
                    *pick(&mut rng, &["cy", "pl", "pa", "ur", "ro", "yo"])
                }
                .into(),
            );
        }
        let mut modes: Vec<Mode> = Mode::ALL
            .into_iter()
            .filter(|_| rng.random_bool(0.6))
            .collect();
        if modes.is_empty() {
            modes.push(Mode::Video);
        }
        let availability: Vec<Slot> = (0..rng.random_range(2..6))
            .map(|_| *pick(&mut rng, &all_slots))
            .collect();
        let n = 100 + (i % 900);
        let mobile = if rng.random_bool(0.6) {
            if dutch {
                format!("06 1234 5{n:03}")
            } else {
                format!("07700 900{n:03}")
            }
        } else {
            String::new()
        };
        let work = if rng.random_bool(0.3) {
            if dutch {
                format!("030 123 4{n:03}")
            } else {
                format!("0113 496 0{n:03}")
            }
        } else {
            String::new()
        };
        let route = match (mobile.is_empty(), work.is_empty()) {
            (false, _) if rng.random_bool(0.3) => ContactRoute::Text,
            (false, _) | (_, false) if rng.random_bool(0.3) => ContactRoute::Phone,
            _ => ContactRoute::Email,
        };
        let (n_expertise, n_interests) = (rng.random_range(1..4), rng.random_range(1..3));
        let input = ProfileInput {
            expertise: dims(&mut rng, n_expertise),
            expertise_topics: pick(&mut rng, &TOPICS).to_string(),
            interests: dims(&mut rng, n_interests),
            interest_topics: pick(&mut rng, &TOPICS).to_string(),
            languages,
            availability,
            modes,
            location: if dutch {
                pick(&mut rng, &TOWNS_NL)
            } else {
                pick(&mut rng, &TOWNS_GB)
            }
            .to_string(),
            introduction: if person.language == Language::NlNl {
                "Ik werk graag samen met collega's van andere organisaties.".into()
            } else {
                pick(&mut rng, &INTROS).to_string()
            },
            work_phone: work,
            mobile_phone: mobile,
            preferred_phone: Some(PhoneKind::Mobile),
            contact_route: Some(route),
        };
        let profile = input
            .validate(calling_code(land))
            .map_err(|e| crate::playback::PlayError::Inconsistent(format!("profile: {e}")))?;
        store
            .save_profile(&StoredProfile {
                person_id: person.id,
                profile,
                updated_at: ctx.now(),
            })
            .await?;
    }
    telephone_session(store, data, &ctx, sign_ins, &printed).await
}

/// One upcoming telephone session, confirmed, in a running relationship of a programme that
/// meets by telephone: the mentee proposes, the mentor confirms, and the mentee's number is the
/// one agreed (the mentor calls). Its mentee is printed as a sign-in.
async fn telephone_session(
    store: &Store,
    data: &DemoData,
    ctx: &AppContext,
    sign_ins: &mut Vec<DemoSignIn>,
    printed: &HashSet<PersonId>,
) -> Result<(), PlayError> {
    let mut actors = Actors {
        store,
        scheme: data.scheme.id,
        known: HashMap::new(),
    };
    let by_phone: HashSet<_> = data
        .programmes
        .iter()
        .filter(|p| p.rules.modes.contains(&Mode::Telephone))
        .map(|p| p.id)
        .collect();
    let english: HashSet<PersonId> = data
        .people
        .iter()
        .filter(|(p, _)| p.language == Language::EnGb)
        .map(|(p, _)| p.id)
        .collect();
    for intake in data
        .intakes
        .iter()
        .filter(|i| by_phone.contains(&i.programme_id))
    {
        for r in store.relationships_of_intake(intake.id).await? {
            if r.status != RelationshipStatus::Active || r.members.len() != 2 {
                continue;
            }
            let (a, b) = (r.members[0].person_id, r.members[1].person_id);
            // Someone printed already has a story of their own (another test books in it).
            if !english.contains(&a) || printed.contains(&a) || printed.contains(&b) {
                continue;
            }
            let (proposer, other) = (actors.get(a).await?, actors.get(b).await?);
            let date = crate::workday_after((ctx.now() + Duration::days(3)).date_naive());
            let input = BookingInput {
                date: Some(date),
                start: Some("12:30".into()),
                minutes: Some(60),
                mode: Some(Mode::Telephone),
                link: None,
                place: None,
            };
            // A relationship at its cap, or busy then, is passed over for the next one.
            let Ok(booked) = sessions::propose(ctx, &proposer, r.id, input).await else {
                continue;
            };
            let confirmed = sessions::act(
                ctx,
                &other,
                booked.id,
                Some(booked.sequence),
                SessionAction::Confirm,
            )
            .await;
            if confirmed.is_err() {
                continue;
            }
            // The pair agreed that the mentor calls the mentee's mobile.
            let mut mine = store
                .profile_of(a)
                .await?
                .map(|s| s.profile)
                .unwrap_or_default();
            if mine.contact.preferred_number().is_none() {
                mine.contact.mobile_phone = "+447700900461".into();
                mine.contact.preferred_phone = PhoneKind::Mobile;
                store
                    .save_profile(&StoredProfile {
                        person_id: a,
                        profile: mine,
                        updated_at: ctx.now(),
                    })
                    .await?;
            }
            tandem_app::profiles::set_number_to_call(ctx, &proposer, booked.id, a).await?;
            if let Some((p, _)) = data.people.iter().find(|(p, _)| p.id == a) {
                sign_ins.push(DemoSignIn {
                    role_label: "Participant (telephone session booked)".into(),
                    email: p.email.clone(),
                    person_id: a,
                });
            }
            return Ok(());
        }
    }
    Err(PlayError::Inconsistent(
        "no running relationship could book a telephone session".into(),
    ))
}
