//! The peer network in the demo (issue #17 item 6): each organisation's region, about a fifth of
//! the participants listed in the directory (every other assessor of the action learning
//! programme among them: the isolated assessors the network is for), and two conversation
//! requests in each state, so a new user sees it working.
//!
//! The signed-in action learning participant (the first assessor) is listed, has a request
//! waiting for their answer (a to-do on their home), one they sent that was accepted (both
//! addresses shown) and one that was declined. Two requests were closed by their recipient
//! leaving the directory (their askers read "no longer available").
//!
//! Played through the use cases (`peers`, `growth`) after the other stories, so the audit
//! entries and the notices are real. Deterministic: people are taken in the generator's order.

use crate::DemoData;
use crate::playback::{Mail, PlayError};
use tandem_app::{Context as AppContext, growth, peers};
use tandem_domain::{Actor, FrameworkDimension, PersonId, ProgrammeKind, Role, Scope};
use tandem_storage::Store;

/// Regions of the organisations, in the generator's order (the Dutch partner's is a province).
const UK_REGIONS: &[&str] = &[
    "North West",
    "North West",
    "Yorkshire and the Humber",
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "North East",
];

/// What listed people say they would like to talk about, taken in turn.
const INTERESTS: &[(&str, FrameworkDimension)] = &[
    (
        "Assessing newly qualified social workers on my own in a small team; I would like to compare how others reach a decision.",
        FrameworkDimension::ALL[0],
    ),
    (
        "Quality improvement on the ward and making handovers safer.",
        FrameworkDimension::ALL[1],
    ),
    (
        "Supporting staff through organisational change.",
        FrameworkDimension::ALL[2],
    ),
    (
        "Practice education and supervising students on placement.",
        FrameworkDimension::ALL[3],
    ),
    (
        "Working across health and social care boundaries.",
        FrameworkDimension::ALL[4],
    ),
    (
        "Leading a team for the first time.",
        FrameworkDimension::ALL[5],
    ),
];

async fn actor(store: &Store, data: &DemoData, person: PersonId) -> Result<Actor, PlayError> {
    Ok(Actor {
        person_id: person,
        scheme_id: data.scheme.id,
        roles: store.roles_in_scheme(person, data.scheme.id).await?,
    })
}

pub(crate) async fn play(store: &Store, data: &DemoData, mail: &Mail) -> Result<(), PlayError> {
    let ctx = AppContext::new(store.clone(), mail.mailer.clone(), mail.settings.clone());
    // Regions, set by the scheme coordinator.
    let Some(coordinator) = data
        .roles
        .iter()
        .find(|(_, r)| r.role == Role::SchemeCoordinator)
        .map(|(p, _)| *p)
    else {
        return Ok(());
    };
    let sc = actor(store, data, coordinator).await?;
    let mut uk = 0;
    for o in &data.organisations {
        let region = if o.country == tandem_domain::Country::Netherlands {
            "Gelderland"
        } else {
            let r = UK_REGIONS[uk % UK_REGIONS.len()];
            uk += 1;
            r
        };
        peers::set_region(&ctx, &sc, o.id, region).await?;
    }

    // Participants in the generator's order, each once; the action learning programme's apart.
    let action_learning: Vec<_> = data
        .programmes
        .iter()
        .filter(|p| p.kind == ProgrammeKind::ActionLearningSets)
        .map(|p| p.id)
        .collect();
    let mut participants: Vec<PersonId> = Vec::new();
    let mut assessors: Vec<PersonId> = Vec::new();
    for (p, r) in &data.roles {
        if r.role != Role::Participant {
            continue;
        }
        if matches!(r.scope, Scope::Programme(id) if action_learning.contains(&id))
            && !assessors.contains(p)
        {
            assessors.push(*p);
        }
        if !participants.contains(p) {
            participants.push(*p);
        }
    }
    // Every other assessor, and every sixth of the other participants: about a fifth in all.
    let mut listed: Vec<PersonId> = assessors.iter().step_by(2).copied().collect();
    for p in participants
        .iter()
        .filter(|p| !assessors.contains(p))
        .step_by(6)
    {
        listed.push(*p);
    }
    for (n, p) in listed.iter().enumerate() {
        let (text, dim) = INTERESTS[n % INTERESTS.len()];
        let who = actor(store, data, *p).await?;
        growth::opt_in(&ctx, &who, text, &[dim]).await?;
    }

    // Two requests in each state. `a` is the signed-in action learning participant.
    let (Some(&a), true) = (assessors.first(), listed.len() >= 12) else {
        return Ok(());
    };
    let others: Vec<PersonId> = listed.iter().copied().filter(|p| *p != a).collect();
    let (b, c, d, e, f, g, h, i, j, k) = (
        others[0], others[1], others[2], others[3], others[4], others[5], others[6], others[7],
        others[8], others[9],
    );
    let ask = async |from: PersonId, to: PersonId, text: &str| -> Result<_, PlayError> {
        let who = actor(store, data, from).await?;
        Ok(peers::ask(&ctx, &who, to, text).await?)
    };
    let answer = async |by: PersonId, id, yes: bool| -> Result<(), PlayError> {
        let who = actor(store, data, by).await?;
        peers::answer(&ctx, &who, id, yes).await?;
        Ok(())
    };
    // Open: waiting for `a` (their home's to-do), and for `c`.
    ask(
        b,
        a,
        "I assess newly qualified social workers on my own too. Could we talk about how you structure the final assessment?",
    )
    .await?;
    ask(
        h,
        c,
        "Your interests match a project I am starting. Could we have a short call?",
    )
    .await?;
    // Accepted: `a` asked `c`; `i` asked `j`.
    let r = ask(
        a,
        c,
        "I would value half an hour comparing notes on assessment decisions.",
    )
    .await?;
    answer(c, r.id, true).await?;
    let r = ask(
        i,
        j,
        "Would you be willing to share how your team runs handovers?",
    )
    .await?;
    answer(j, r.id, true).await?;
    // Declined: `a` asked `d`; `k` asked `b`.
    let r = ask(
        a,
        d,
        "Could we meet to talk about supervising students on placement?",
    )
    .await?;
    answer(d, r.id, false).await?;
    let r = ask(
        k,
        b,
        "I am new to leading a team and would like to hear how you started.",
    )
    .await?;
    answer(b, r.id, false).await?;
    // No longer available: `e` and `g` asked `f`, who then left the directory.
    ask(
        e,
        f,
        "Could we talk about working across health and social care?",
    )
    .await?;
    ask(
        g,
        f,
        "I would like to learn from your experience of organisational change.",
    )
    .await?;
    let who = actor(store, data, f).await?;
    growth::opt_out(&ctx, &who).await?;
    Ok(())
}
