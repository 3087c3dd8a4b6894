//! Granting and revoking scoped roles (pages, API and CLI share these use cases); every
//! decision is `tandem_domain::policy`'s (`Action::ChangeRole`), every change audited.
//!
//! A role's scope must be of the actor's own scheme: an organisation or programme of another
//! scheme is "not found", never a grant. A refused grant is the one refusal that writes: it is
//! audited (`role.grant_refused`), because someone trying to hand out rights beyond their own is
//! what an administrator reviewing the log needs to see; it changes nothing else. Revoking the
//! scheme's last administrator or last scheme coordinator is refused with its reason, since
//! nobody could then configure or run the scheme (nor grant the role again).

use crate::people;
use crate::{AppError, AppResult, Context, Refusal, audit_event, audited, authorise};
use tandem_domain::{
    Action, Actor, OrganisationId, Person, PersonId, ProgrammeId, Role, RoleAssignment, Scope, can,
};

/// One role a person holds, as a viewer sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldRole {
    pub assignment: RoleAssignment,
    /// The organisation's or programme's name; `None` for the scheme itself.
    pub scope_name: Option<String>,
    /// Whether the viewer may revoke it.
    pub can_revoke: bool,
}

/// A role the viewer may grant, with the name of its scope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GrantChoice {
    pub assignment: RoleAssignment,
    pub scope_name: Option<String>,
}

/// A person's roles in the actor's scheme, and what the actor may change.
#[derive(Clone, Debug)]
pub struct PersonRoles {
    pub person: Person,
    pub roles: Vec<HeldRole>,
    /// The roles the actor may grant this person and they do not hold yet (empty for those who
    /// may only look).
    pub choices: Vec<GrantChoice>,
}

/// One role holder of the scheme, for the scheme-wide list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Holder {
    pub person_id: PersonId,
    pub name: String,
    pub assignment: RoleAssignment,
    pub scope_name: Option<String>,
}

/// Names of the scheme's organisations and programmes, to label scopes.
struct Scopes {
    organisations: Vec<(OrganisationId, String)>,
    programmes: Vec<(ProgrammeId, String)>,
}

impl Scopes {
    async fn load(ctx: &Context, actor: &Actor) -> AppResult<Self> {
        let mut organisations: Vec<(OrganisationId, String)> = ctx
            .store
            .list_organisations(actor.scheme_id)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        organisations.sort_by(|a, b| a.1.cmp(&b.1));
        let mut programmes: Vec<(ProgrammeId, String)> = ctx
            .store
            .list_programmes(actor.scheme_id)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        programmes.sort_by(|a, b| a.1.cmp(&b.1));
        Ok(Self {
            organisations,
            programmes,
        })
    }

    /// The scope's name, or `None` when it is the scheme; `Err(NotFound)` when the scope is not
    /// of the actor's scheme.
    fn name(&self, actor: &Actor, scope: Scope) -> AppResult<Option<String>> {
        match scope {
            Scope::Scheme(s) if s == actor.scheme_id => Ok(None),
            Scope::Scheme(_) => Err(AppError::NotFound),
            Scope::Organisation(o) => self
                .organisations
                .iter()
                .find(|(id, _)| *id == o)
                .map(|(_, n)| Some(n.clone()))
                .ok_or(AppError::NotFound),
            Scope::Programme(p) => self
                .programmes
                .iter()
                .find(|(id, _)| *id == p)
                .map(|(_, n)| Some(n.clone()))
                .ok_or(AppError::NotFound),
        }
    }

    /// Every well-formed assignment of the scheme, in the order a form lists them.
    fn every_assignment(&self, actor: &Actor) -> Vec<RoleAssignment> {
        let mut scopes = vec![Scope::Scheme(actor.scheme_id)];
        scopes.extend(
            self.organisations
                .iter()
                .map(|(o, _)| Scope::Organisation(*o)),
        );
        scopes.extend(self.programmes.iter().map(|(p, _)| Scope::Programme(*p)));
        let mut all = Vec::new();
        for role in GRANT_ORDER {
            for scope in &scopes {
                let a = RoleAssignment {
                    role,
                    scope: *scope,
                };
                if a.is_well_formed() {
                    all.push(a);
                }
            }
        }
        all
    }
}

/// The order roles are offered in: the everyday ones first.
const GRANT_ORDER: [Role; 6] = [
    Role::Participant,
    Role::OrganisationCoordinator,
    Role::ProgrammeCoordinator,
    Role::Evaluator,
    Role::SchemeCoordinator,
    Role::Administrator,
];

fn employers(record: &tandem_storage::PersonRecord) -> Vec<OrganisationId> {
    let mut v: Vec<OrganisationId> = record
        .employments
        .iter()
        .map(|e| e.organisation_id)
        .collect();
    v.sort();
    v.dedup();
    v
}

fn change(
    assignment: RoleAssignment,
    grantee: PersonId,
    employers: &[OrganisationId],
    revoke: bool,
) -> Action<'_> {
    Action::ChangeRole {
        assignment,
        grantee,
        grantee_employers: employers,
        revoke,
    }
}

/// A person's roles in the scheme, for anyone who may see the person (their own included), with
/// the grants and revocations the viewer may make.
pub async fn of_person(ctx: &Context, actor: &Actor, person: PersonId) -> AppResult<PersonRoles> {
    let record = people::load_visible(ctx, actor, person).await?;
    let emp = employers(&record);
    let scopes = Scopes::load(ctx, actor).await?;
    let held = ctx.store.roles_in_scheme(person, actor.scheme_id).await?;
    let mut roles = Vec::new();
    for a in &held {
        roles.push(HeldRole {
            assignment: *a,
            scope_name: scopes.name(actor, a.scope).unwrap_or(None),
            can_revoke: can(actor, change(*a, person, &emp, true)),
        });
    }
    let choices = scopes
        .every_assignment(actor)
        .into_iter()
        .filter(|a| !held.contains(a) && can(actor, change(*a, person, &emp, false)))
        .map(|a| GrantChoice {
            scope_name: scopes.name(actor, a.scope).unwrap_or(None),
            assignment: a,
        })
        .collect();
    Ok(PersonRoles {
        person: record.person,
        roles,
        choices,
    })
}

/// Everyone holding a role in the scheme: for those who manage its accounts (its coordinators
/// and administrators), who answer for who may do what.
pub async fn holders(ctx: &Context, actor: &Actor) -> AppResult<Vec<Holder>> {
    authorise(actor, Action::ManageAccounts)?;
    let scopes = Scopes::load(ctx, actor).await?;
    Ok(ctx
        .store
        .role_holders_in_scheme(actor.scheme_id)
        .await?
        .into_iter()
        .map(|h| Holder {
            person_id: h.person_id,
            name: format!("{} {}", h.given_name, h.family_name),
            scope_name: scopes.name(actor, h.assignment.scope).unwrap_or(None),
            assignment: h.assignment,
        })
        .collect())
}

/// Loads what a change needs: the scope checked to be of the actor's scheme, and the grantee (a
/// person of the actor's scheme) with their employers. Either missing is `NotFound`.
async fn target(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
    assignment: RoleAssignment,
) -> AppResult<tandem_storage::PersonRecord> {
    if !assignment.is_well_formed() {
        return Err(AppError::field("role", "roles.error.role_scope"));
    }
    Scopes::load(ctx, actor)
        .await?
        .name(actor, assignment.scope)?;
    let record = ctx.store.get_person(person).await?;
    if record.person.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    Ok(record)
}

/// What an audit entry says about a role: its code and scope, ids only.
fn described(a: RoleAssignment) -> String {
    let scope = match a.scope {
        Scope::Scheme(id) => format!("scheme:{id}"),
        Scope::Organisation(id) => format!("organisation:{id}"),
        Scope::Programme(id) => format!("programme:{id}"),
    };
    format!("role={} scope={scope}", a.role.code())
}

/// Grants `assignment` to `person`. Someone the actor may not see is "not found"; a role beyond
/// the actor's scope is `Forbidden`. Both refusals are audited as `role.grant_refused` and
/// change nothing else. Granting a role already held changes nothing and writes no entry.
pub async fn grant(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
    assignment: RoleAssignment,
) -> AppResult<()> {
    let record = target(ctx, actor, person, assignment).await?;
    let emp = employers(&record);
    let refusal = if !can(
        actor,
        Action::ViewPerson {
            person,
            employers: &emp,
        },
    ) {
        Some(AppError::NotFound)
    } else if !can(actor, change(assignment, person, &emp, false)) {
        Some(AppError::Forbidden)
    } else {
        None
    };
    if let Some(e) = refusal {
        // A refusal changes nothing: the event is its own entry.
        audit_event(
            ctx,
            Some(actor),
            "role.grant_refused",
            person.to_string(),
            described(assignment),
        )
        .await?;
        return Err(e);
    }
    if ctx
        .store
        .roles_in_scheme(person, actor.scheme_id)
        .await?
        .contains(&assignment)
    {
        return Ok(());
    }
    let granting = audited(
        ctx,
        Some(actor),
        "role.grant",
        person.to_string(),
        described(assignment),
    );
    granting.store.grant_role(person, assignment).await?;
    granting.done()
}

/// Revokes `assignment` from `person`: the same rule as granting (anyone may also step down from
/// a role they could be given). Revoking a role not held changes nothing. The scheme's last
/// administrator and last scheme coordinator stay, with the reason.
pub async fn revoke(
    ctx: &Context,
    actor: &Actor,
    person: PersonId,
    assignment: RoleAssignment,
) -> AppResult<()> {
    let record = target(ctx, actor, person, assignment).await?;
    let emp = employers(&record);
    crate::authorise_or_hide(
        actor,
        Action::ViewPerson {
            person,
            employers: &emp,
        },
    )?;
    authorise(actor, change(assignment, person, &emp, true))?;
    let held = ctx.store.roles_in_scheme(person, actor.scheme_id).await?;
    if !held.contains(&assignment) {
        return Ok(());
    }
    let last = match assignment.role {
        Role::Administrator => Some(Refusal::LastAdministrator),
        Role::SchemeCoordinator => Some(Refusal::LastSchemeCoordinator),
        _ => None,
    };
    // A refused revocation (the last administrator) drops the entry with the change.
    let revoking = audited(
        ctx,
        Some(actor),
        "role.revoke",
        person.to_string(),
        described(assignment),
    );
    match last {
        Some(reason) => {
            if !revoking
                .store
                .revoke_role_unless_last(person, assignment)
                .await?
            {
                return Err(AppError::Refused(reason));
            }
        }
        None => revoking.store.revoke_role(person, assignment).await?,
    }
    revoking.done()
}

/// Gives a person who holds no role in the scheme the scheme's participant role, so that an
/// invitation they accepted lets them in. Idempotent: a person holding any role keeps exactly
/// what they have. Audited as `role.grant` with no actor (the invitation's token was the
/// authority) and `reason=invitation`.
pub(crate) async fn admit_as_participant(
    ctx: &Context,
    person: PersonId,
    scheme: tandem_domain::SchemeId,
) -> AppResult<()> {
    if !ctx.store.roles_in_scheme(person, scheme).await?.is_empty() {
        return Ok(());
    }
    let assignment = RoleAssignment {
        role: Role::Participant,
        scope: Scope::Scheme(scheme),
    };
    let granting = audited(
        ctx,
        None,
        "role.grant",
        person.to_string(),
        format!("{} reason=invitation", described(assignment)),
    );
    granting.store.grant_role(person, assignment).await?;
    granting.done()
}
