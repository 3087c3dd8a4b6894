//! The scheme dashboard: counts the actor may see, from the maintained people counts (storage
//! `people_counts.rs`, migration 0043).

use super::{authorise, organisations, programmes};
use crate::{AppResult, Context};
use serde::Serialize;
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::{Action, Actor, Organisation, Programme, can};

/// The most people a counted figure reads before it says "more than": only the total of an
/// organisation coordinator of several organisations is still counted (below).
///
/// Every other people figure is read from the maintained counts, exact at any size for one row
/// per organisation: the scheme coordinator's dashboard costs the same at 400 people as at a
/// million (issue #18). A coordinator of several organisations sees the distinct people of all of
/// them, where someone employed by two counts once; the maintained per-organisation figures cannot
/// give that without double counting, so that one total is a distinct count that stops after
/// `COUNT_CAP + 1` people (storage `count_listed_employees`).
pub const COUNT_CAP: u64 = 10_000;

/// An organisation with its number of people, when the actor may see that number.
#[derive(Clone, Debug, Serialize)]
pub struct OrganisationCount {
    pub organisation: Organisation,
    /// Exact (the maintained count).
    pub people: Option<u64>,
    /// Always false now that the figure is exact; kept for the API's shape.
    pub people_more: bool,
}

/// A programme with its number of intakes.
#[derive(Clone, Debug, Serialize)]
pub struct ProgrammeCount {
    pub programme: Programme,
    pub intakes: usize,
}

/// What the dashboard shows.
#[derive(Clone, Debug, Serialize)]
pub struct Dashboard {
    pub organisations: Vec<OrganisationCount>,
    pub programmes: Vec<ProgrammeCount>,
    /// People the actor may see in total (`None` when they may not list people): exact, except
    /// for a coordinator of several organisations, up to [`COUNT_CAP`] (see `people_total_more`).
    pub people_total: Option<u64>,
    pub intakes_total: usize,
    /// There are more than [`COUNT_CAP`] people the actor may see.
    pub people_total_more: bool,
}

pub async fn summary(ctx: &Context, actor: &Actor) -> AppResult<Dashboard> {
    authorise(actor, Action::ViewScheme)?;
    let orgs = organisations::list(ctx, actor).await?;
    let scope = people_scope(actor);
    let may_list = can(actor, Action::ListPeople);
    // One statement, one row per organisation: the figures below are read from it.
    let counts = if may_list && scope != PeopleScope::OnlySelf {
        Some(ctx.store.people_counts(actor.scheme_id).await?)
    } else {
        None
    };
    let mut organisations = Vec::with_capacity(orgs.len());
    for o in orgs {
        // Each organisation's figure only where the actor may list its people (policy's
        // `people_scope`); an organisation in scope with nobody in it shows zero, not nothing.
        let counted = match &scope {
            PeopleScope::All => true,
            PeopleScope::Organisations(mine) => mine.contains(&o.id),
            PeopleScope::OnlySelf => false,
        };
        let people = counts
            .as_ref()
            .filter(|_| counted)
            .map(|c| c.organisation(o.id).employed);
        organisations.push(OrganisationCount {
            organisation: o,
            people,
            people_more: false,
        });
    }
    // The same people as the people list's total (narrowed by `people_scope`).
    let total = if may_list {
        Some(match &scope {
            PeopleScope::All => counts.as_ref().map_or(0, |c| c.listed),
            PeopleScope::Organisations(mine) => match mine.as_slice() {
                // One organisation: its maintained figure (and the reader, when listed elsewhere).
                [one] => {
                    ctx.store
                        .count_listed_employees_of(*one, actor.person_id)
                        .await?
                }
                // Several: someone employed by two must count once, so this one is counted.
                several => {
                    ctx.store
                        .count_listed_employees(several, Some(actor.person_id), COUNT_CAP)
                        .await?
                }
            },
            PeopleScope::OnlySelf => 1,
        })
    } else {
        None
    };
    let counted = matches!(&scope, PeopleScope::Organisations(m) if m.len() > 1);
    let (people_total, people_total_more) = match total {
        Some(n) if counted => (Some(n.min(COUNT_CAP)), n > COUNT_CAP),
        Some(n) => (Some(n), false),
        None => (None, false),
    };
    let intakes = ctx
        .store
        .count_intakes_by_programme(actor.scheme_id)
        .await?;
    let mut programmes = Vec::new();
    let mut intakes_total = 0;
    for p in programmes::list(ctx, actor).await? {
        let n = intakes
            .iter()
            .find(|(id, _)| *id == p.id)
            .map_or(0, |(_, n)| usize::try_from(*n).unwrap_or(usize::MAX));
        intakes_total += n;
        programmes.push(ProgrammeCount {
            programme: p,
            intakes: n,
        });
    }
    Ok(Dashboard {
        organisations,
        programmes,
        people_total,
        intakes_total,
        people_total_more,
    })
}
