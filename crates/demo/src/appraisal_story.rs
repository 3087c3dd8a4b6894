//! Goals tied to appraisal in Dutch care (docs/relationships.md): a running mentoring
//! relationship whose mentee works at the Dutch partner sets a goal that cites their
//! *functioneringsgesprek* (with its date), a second such relationship's mentee one that cites a
//! *beoordelingsgesprek*; the first mentee then ends their relationship and shares a short Dutch
//! summary of progress with their line manager, whose e-mail carries the single-use link.
//!
//! Played through the use cases (growth, relationships, appraisal) after the assessment story,
//! so the audit entries and the manager's notice are real. Deterministic: relationships are taken
//! in intake order, then in the store's order, and the dates are counted back from today.
//!
//! The first mentee is printed as "Participant (appraisal summary shared)", so that the browser
//! tests can sign in as them (withdraw the summary, share it again, follow the manager's link).

use crate::{DemoData, DemoSignIn};

use crate::playback::{Mail, PlayError};
use chrono::Duration;
use tandem_app::growth;
use tandem_app::{Context as AppContext, appraisal, matching};
use tandem_domain::appraisal::CitationInput;
use tandem_domain::growth::{GoalInput, GoalStatus};
use tandem_domain::{
    Actor, ApplicationRole, FrameworkDimension, OrganisationKind, PersonId, RelationshipKind,
    RelationshipStatus,
};
use tandem_storage::Store;

/// The goal citing a functioneringsgesprek (demo tests find it by this).
pub const FUNCTIONING_GOAL: &str = "Meer regie bij de overdracht tussen dag- en avonddienst";
/// The goal citing a beoordelingsgesprek.
pub const ASSESSMENT_GOAL: &str = "Zelfstandig de teamoverleggen voorzitten";
/// The summary the first mentee shares with their line manager.
pub const SUMMARY: &str = "In het mentortraject heb ik gewerkt aan de overdracht tussen dag- en \
                           avonddienst. De overdracht volgt nu een vaste volgorde en ik bespreek \
                           knelpunten zelf met het team. Graag neem ik dit mee naar mijn volgende \
                           functioneringsgesprek.";

async fn actor(store: &Store, data: &DemoData, person: PersonId) -> Result<Actor, PlayError> {
    Ok(Actor {
        person_id: person,
        scheme_id: data.scheme.id,
        roles: store.roles_in_scheme(person, data.scheme.id).await?,
    })
}

/// The sign-in label of the mentee who shared a summary.
pub const SHARED_LABEL: &str = "Participant (appraisal summary shared)";

pub(crate) async fn play(
    store: &Store,
    data: &DemoData,
    mail: &Mail,
    sign_ins: &mut Vec<DemoSignIn>,
) -> Result<(), PlayError> {
    let Some(dutch) = data
        .organisations
        .iter()
        .find(|o| o.kind == OrganisationKind::DutchCareOrganisation)
    else {
        return Ok(());
    };
    // Mentees at the Dutch partner with a line manager on record (the summary goes to them).
    let at_dutch_with_manager = |p: PersonId| {
        data.people.iter().any(|(x, jobs)| {
            x.id == p
                && jobs.iter().any(|j| {
                    j.primary && j.organisation_id == dutch.id && j.line_manager_id.is_some()
                })
        })
    };
    let mut found: Vec<(tandem_domain::RelationshipId, PersonId)> = Vec::new();
    for intake in &data.intakes {
        for r in store.relationships_of_intake(intake.id).await? {
            if found.len() == 2 {
                break;
            }
            if r.kind != RelationshipKind::Mentoring || r.status != RelationshipStatus::Active {
                continue;
            }
            if let Some(m) = r
                .members
                .iter()
                .find(|m| m.role == ApplicationRole::Mentee && at_dutch_with_manager(m.person_id))
            {
                found.push((r.id, m.person_id));
            }
        }
    }
    let Some(&(first, mentee)) = found.first() else {
        return Ok(());
    };
    let ctx = AppContext::new(store.clone(), mail.mailer.clone(), mail.settings.clone());
    let today = ctx.now().date_naive();
    let goal = |title: &str, kind: &str, days_ago: i64| GoalInput {
        title: title.into(),
        dimensions: vec![FrameworkDimension::ALL[0]],
        status: Some(GoalStatus::UnderWay),
        progress_note: String::new(),
        appraisal: CitationInput {
            kind: kind.into(),
            held_on: (today - Duration::days(days_ago)).to_string(),
        },
    };
    let who = actor(store, data, mentee).await?;
    growth::add_goal(
        &ctx,
        &who,
        first,
        goal(FUNCTIONING_GOAL, "functioneringsgesprek", 75),
    )
    .await?;
    if let Some(&(second, other)) = found.get(1) {
        let them = actor(store, data, other).await?;
        growth::add_goal(
            &ctx,
            &them,
            second,
            goal(ASSESSMENT_GOAL, "beoordelingsgesprek", 120),
        )
        .await?;
    }
    // The mentee ends the relationship early (no fault; the reason stays private), then shares
    // a look back with their line manager.
    matching::end(
        &ctx,
        &who,
        first,
        "Ik ga een opleiding volgen en heb geen tijd meer voor de gesprekken.",
    )
    .await?;
    appraisal::share_summary(&ctx, &who, first, SUMMARY).await?;
    if let Some((p, _)) = data.people.iter().find(|(p, _)| p.id == mentee) {
        sign_ins.push(DemoSignIn {
            role_label: SHARED_LABEL.into(),
            email: p.email.clone(),
            person_id: mentee,
        });
    }
    Ok(())
}
