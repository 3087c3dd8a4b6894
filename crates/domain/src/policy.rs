//! Authorisation as pure functions over scoped roles.
//!
//! Every request handler asks [`can`] before acting, and list queries are narrowed by
//! [`people_scope`], so the rule "one organisation never sees another's people" is written once,
//! here, and tested exhaustively without a database.

use crate::ids::{OrganisationId, PersonId, ProgrammeId, SchemeId};
use crate::roles::{Role, RoleAssignment, Scope};

/// Who is acting: a signed-in person with the roles they hold in the scheme they act in.
///
/// `organisations` maps each organisation-scoped role to its scheme: the caller loads only roles
/// whose scope belongs to `scheme_id`, so a role from another scheme never counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub person_id: PersonId,
    pub scheme_id: SchemeId,
    pub roles: Vec<RoleAssignment>,
}

/// What the actor wants to do. Targets carry the facts the decision needs (e.g. the organisations
/// that employ a person), gathered by the caller from storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action<'a> {
    /// See the scheme's dashboard, organisations and programmes (no personal data).
    ViewScheme,
    /// Create or change organisations, programmes, rules and intakes.
    ManageScheme,
    /// List people, narrowed by [`people_scope`].
    ListPeople,
    /// See one person's profile; `employers` are the organisations employing them.
    ViewPerson {
        person: PersonId,
        employers: &'a [OrganisationId],
    },
    /// Change one person's record.
    EditPerson {
        person: PersonId,
        employers: &'a [OrganisationId],
    },
    /// Import or export people of these organisations (every row's organisation must be allowed).
    ImportPeople {
        organisations: &'a [OrganisationId],
    },
    ExportPeople,
    /// Create accounts, reset passwords, grant roles.
    ManageAccounts,
    /// See a programme's participants and matching.
    ViewProgramme {
        programme: ProgrammeId,
    },
    /// Read pooled, anonymised figures.
    ViewAggregates,
    /// See and decide applications that use this organisation's places.
    ApproveApplications {
        organisation: OrganisationId,
    },
    /// Record or change a mentor's training, supervision, status and load. The mentor may record
    /// their own training and supervision (`person` is the mentor).
    RecordMentorDevelopment {
        person: PersonId,
        employers: &'a [OrganisationId],
    },
}

/// Which people an actor may list or see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeopleScope {
    /// Everyone in the scheme.
    All,
    /// People employed by one of these organisations (plus the actor themselves).
    Organisations(Vec<OrganisationId>),
    /// Only the actor's own record.
    OnlySelf,
}

impl Actor {
    fn has(&self, role: Role) -> bool {
        self.roles
            .iter()
            .any(|r| r.role == role && self.in_scheme(r.scope))
    }

    fn in_scheme(&self, scope: Scope) -> bool {
        match scope {
            Scope::Scheme(s) => s == self.scheme_id,
            // Organisation and programme scopes are loaded for this scheme only (see type docs).
            Scope::Organisation(_) | Scope::Programme(_) => true,
        }
    }

    /// Organisations this actor coordinates.
    pub fn coordinated_organisations(&self) -> Vec<OrganisationId> {
        let mut orgs: Vec<OrganisationId> = self
            .roles
            .iter()
            .filter_map(|r| match (r.role, r.scope) {
                (Role::OrganisationCoordinator, Scope::Organisation(o)) => Some(o),
                _ => None,
            })
            .collect();
        orgs.sort();
        orgs.dedup();
        orgs
    }

    pub fn is_scheme_coordinator(&self) -> bool {
        self.has(Role::SchemeCoordinator)
    }

    pub fn is_administrator(&self) -> bool {
        self.has(Role::Administrator)
    }

    /// Has any role at all in the scheme.
    pub fn is_member(&self) -> bool {
        self.roles
            .iter()
            .any(|r| r.is_well_formed() && self.in_scheme(r.scope))
    }
}

/// Which people the actor may see.
pub fn people_scope(actor: &Actor) -> PeopleScope {
    if actor.is_scheme_coordinator() || actor.is_administrator() {
        return PeopleScope::All;
    }
    let orgs = actor.coordinated_organisations();
    if orgs.is_empty() {
        PeopleScope::OnlySelf
    } else {
        PeopleScope::Organisations(orgs)
    }
}

/// Whether the actor may perform the action. Pure and total: every action is decided here.
pub fn can(actor: &Actor, action: Action<'_>) -> bool {
    if !actor.is_member() {
        return false;
    }
    let coordinator = actor.is_scheme_coordinator();
    let admin = actor.is_administrator();
    let orgs = actor.coordinated_organisations();
    let sees_any_of = |employers: &[OrganisationId]| employers.iter().any(|e| orgs.contains(e));
    match action {
        Action::ViewScheme => true,
        Action::ManageScheme => coordinator,
        Action::ListPeople | Action::ExportPeople => coordinator || admin || !orgs.is_empty(),
        Action::ViewPerson { person, employers } => {
            coordinator || admin || person == actor.person_id || sees_any_of(employers)
        }
        Action::EditPerson {
            person: _,
            employers,
        } => coordinator || admin || sees_any_of(employers),
        Action::ImportPeople { organisations } => {
            coordinator || (!orgs.is_empty() && organisations.iter().all(|o| orgs.contains(o)))
        }
        Action::ManageAccounts => admin || coordinator,
        Action::ViewProgramme { programme } => {
            coordinator
                || !orgs.is_empty()
                || actor
                    .roles
                    .iter()
                    .any(|r| matches!(r.scope, Scope::Programme(p) if p == programme))
        }
        Action::ViewAggregates => coordinator || actor.has(Role::Evaluator),
        Action::ApproveApplications { organisation } => coordinator || orgs.contains(&organisation),
        Action::RecordMentorDevelopment { person, employers } => {
            coordinator || person == actor.person_id || sees_any_of(employers)
        }
    }
}
