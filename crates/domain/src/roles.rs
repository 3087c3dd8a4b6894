//! Scoped roles.
//!
//! A role is never global: it belongs to a scheme, an organisation or a programme. The same person
//! can coordinate one organisation's staff and be a mentee in another programme.

use crate::ids::{OrganisationId, ProgrammeId, SchemeId};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Sets up the scheme, programmes and intakes; runs matching; sees pooled figures.
    SchemeCoordinator,
    /// Approves and manages their own organisation's staff; sees that organisation only.
    OrganisationCoordinator,
    /// Mentor, mentee, pair partner or set member.
    Participant,
    /// Reads anonymised aggregates only.
    Evaluator,
    /// Installs and configures: accounts, sign-in, backups.
    Administrator,
    /// Runs one programme: its intakes, applications and matching, and sees its figures.
    ProgrammeCoordinator,
}

impl Role {
    pub const ALL: [Self; 6] = [
        Self::SchemeCoordinator,
        Self::OrganisationCoordinator,
        Self::Participant,
        Self::Evaluator,
        Self::Administrator,
        Self::ProgrammeCoordinator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::SchemeCoordinator => "scheme_coordinator",
            Self::OrganisationCoordinator => "organisation_coordinator",
            Self::Participant => "participant",
            Self::Evaluator => "evaluator",
            Self::Administrator => "administrator",
            Self::ProgrammeCoordinator => "programme_coordinator",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What a role is scoped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Scope {
    Scheme(SchemeId),
    Organisation(OrganisationId),
    Programme(ProgrammeId),
}

/// A role held in a scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct RoleAssignment {
    pub role: Role,
    pub scope: Scope,
}

impl RoleAssignment {
    /// Whether the role/scope combination makes sense (e.g. an organisation coordinator is scoped
    /// to an organisation). Storage and forms refuse the others.
    pub fn is_well_formed(&self) -> bool {
        matches!(
            (self.role, self.scope),
            (Role::SchemeCoordinator, Scope::Scheme(_))
                | (Role::Administrator, Scope::Scheme(_))
                | (Role::OrganisationCoordinator, Scope::Organisation(_))
                | (Role::Participant, Scope::Scheme(_) | Scope::Programme(_))
                | (Role::Evaluator, Scope::Scheme(_) | Scope::Programme(_))
                | (Role::ProgrammeCoordinator, Scope::Programme(_))
        )
    }
}
