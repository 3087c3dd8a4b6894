//! The scheme dashboard: counts the actor may see, each bounded (see [`COUNT_CAP`]).

use super::{authorise, organisations, programmes};
use crate::{AppResult, Context};
use serde::Serialize;
use tandem_domain::policy::{PeopleScope, people_scope};
use tandem_domain::{Action, Actor, Organisation, Programme, can};

/// The most people a dashboard counts for one figure; beyond it the figure says "more than".
///
/// Every figure is an indexed count that stops after `COUNT_CAP + 1` rows (see storage
/// `figures.rs`), so a dashboard costs the same at 400 people as at a million: at most this many
/// index entries per figure, whatever the population.
pub const COUNT_CAP: u64 = 10_000;

/// An organisation with its number of people, when the actor may see that number.
#[derive(Clone, Debug, Serialize)]
pub struct OrganisationCount {
    pub organisation: Organisation,
    /// Up to [`COUNT_CAP`]; see `people_more`.
    pub people: Option<u64>,
    /// More people than `people` says: there are more than [`COUNT_CAP`].
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
    /// People the actor may see in total (`None` when they may not list people), up to
    /// [`COUNT_CAP`]; see `people_total_more`.
    pub people_total: Option<u64>,
    pub intakes_total: usize,
    /// There are more than [`COUNT_CAP`] people the actor may see.
    pub people_total_more: bool,
}

/// A capped count as the dashboard shows it: the figure (at most the cap) and whether there
/// are more.
fn capped(n: u64) -> (u64, bool) {
    (n.min(COUNT_CAP), n > COUNT_CAP)
}

pub async fn summary(ctx: &Context, actor: &Actor) -> AppResult<Dashboard> {
    authorise(actor, Action::ViewScheme)?;
    let orgs = organisations::list(ctx, actor).await?;
    let scope = people_scope(actor);
    let may_list = can(actor, Action::ListPeople);
    let mut organisations = Vec::with_capacity(orgs.len());
    for o in orgs {
        // Each organisation's figure only where the actor may list its people (policy's
        // `people_scope`); an organisation in scope with nobody in it shows zero, not nothing.
        let counted = may_list
            && match &scope {
                PeopleScope::All => true,
                PeopleScope::Organisations(mine) => mine.contains(&o.id),
                PeopleScope::OnlySelf => false,
            };
        let (people, people_more) = if counted {
            let (n, more) = capped(ctx.store.count_employees(o.id, COUNT_CAP).await?);
            (Some(n), more)
        } else {
            (None, false)
        };
        organisations.push(OrganisationCount {
            organisation: o,
            people,
            people_more,
        });
    }
    // The same people as the people list's total (narrowed by `people_scope`).
    let total = if may_list {
        Some(match &scope {
            PeopleScope::All => {
                ctx.store
                    .count_listed_people(actor.scheme_id, COUNT_CAP)
                    .await?
            }
            PeopleScope::Organisations(mine) => {
                ctx.store
                    .count_listed_employees(mine, Some(actor.person_id), COUNT_CAP)
                    .await?
            }
            PeopleScope::OnlySelf => 1,
        })
    } else {
        None
    };
    let (people_total, people_total_more) = match total.map(capped) {
        Some((n, more)) => (Some(n), more),
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
