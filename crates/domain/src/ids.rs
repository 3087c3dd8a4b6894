//! Typed identifiers.
//!
//! UUIDv7 (time-ordered, so indexes stay compact) wrapped in one newtype per entity, so a person's
//! id can never be passed where an organisation's is expected.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

macro_rules! id_type {
    ($($name:ident),* $(,)?) => {$(
        #[doc = concat!("Identifier of a ", stringify!($name), ".")]
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A fresh, time-ordered identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(
    SchemeId,
    OrganisationId,
    PersonId,
    EmploymentId,
    ProgrammeId,
    IntakeId,
    AccountId,
    ApplicationId,
    RelationshipId,
    MatchRunId,
    TrainingId,
    SupervisionId,
    SessionId
);
