//! The consortium: a scheme and the employers that run it together.

use crate::ids::{OrganisationId, SchemeId};
use serde::{Deserialize, Serialize};

/// A consortium scheme: several employers running mentoring and peer learning together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub id: SchemeId,
    pub name: String,
    pub description: String,
}

/// The kinds of employer a scheme spans (PRODUCT.md §3.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    NhsTrust,
    LocalAuthority,
    IndependentProvider,
    Charity,
    DutchCareOrganisation,
}

impl OrganisationKind {
    pub const ALL: [Self; 5] = [
        Self::NhsTrust,
        Self::LocalAuthority,
        Self::IndependentProvider,
        Self::Charity,
        Self::DutchCareOrganisation,
    ];

    /// Stable code used in storage, URLs, imports and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Self::NhsTrust => "nhs_trust",
            Self::LocalAuthority => "local_authority",
            Self::IndependentProvider => "independent_provider",
            Self::Charity => "charity",
            Self::DutchCareOrganisation => "dutch_care_organisation",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Country of an organisation; it decides defaults such as language and time zone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Country {
    /// United Kingdom (England, Wales, Scotland, Northern Ireland).
    #[serde(rename = "GB")]
    UnitedKingdom,
    #[serde(rename = "NL")]
    Netherlands,
}

impl Country {
    pub const ALL: [Self; 2] = [Self::UnitedKingdom, Self::Netherlands];

    /// ISO 3166-1 alpha-2 code.
    pub fn code(self) -> &'static str {
        match self {
            Self::UnitedKingdom => "GB",
            Self::Netherlands => "NL",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|c| c.code().eq_ignore_ascii_case(code))
    }

    /// IANA time zone used for calendars and displayed times.
    pub fn time_zone(self) -> &'static str {
        match self {
            Self::UnitedKingdom => "Europe/London",
            Self::Netherlands => "Europe/Amsterdam",
        }
    }
}

/// An employer taking part in a scheme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub id: OrganisationId,
    pub scheme_id: SchemeId,
    pub name: String,
    pub kind: OrganisationKind,
    pub country: Country,
}
