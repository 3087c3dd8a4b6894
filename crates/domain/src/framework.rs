//! Leadership-framework dimensions used to tag goals and expertise.
//!
//! The nine dimensions of the NHS Healthcare Leadership Model: matching compares a mentee's goals
//! with a mentor's expertise dimension by dimension, so both must use the same fixed vocabulary.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameworkDimension {
    InspiringSharedPurpose,
    LeadingWithCare,
    EvaluatingInformation,
    ConnectingOurService,
    SharingTheVision,
    EngagingTheTeam,
    HoldingToAccount,
    DevelopingCapability,
    InfluencingForResults,
}

impl FrameworkDimension {
    pub const ALL: [Self; 9] = [
        Self::InspiringSharedPurpose,
        Self::LeadingWithCare,
        Self::EvaluatingInformation,
        Self::ConnectingOurService,
        Self::SharingTheVision,
        Self::EngagingTheTeam,
        Self::HoldingToAccount,
        Self::DevelopingCapability,
        Self::InfluencingForResults,
    ];

    /// Stable code used in storage, imports and translation keys (`framework.<code>`).
    pub fn code(self) -> &'static str {
        match self {
            Self::InspiringSharedPurpose => "inspiring_shared_purpose",
            Self::LeadingWithCare => "leading_with_care",
            Self::EvaluatingInformation => "evaluating_information",
            Self::ConnectingOurService => "connecting_our_service",
            Self::SharingTheVision => "sharing_the_vision",
            Self::EngagingTheTeam => "engaging_the_team",
            Self::HoldingToAccount => "holding_to_account",
            Self::DevelopingCapability => "developing_capability",
            Self::InfluencingForResults => "influencing_for_results",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.code() == code)
    }

    /// Bit for a compact set of dimensions (matching keeps tags as a `u16` bitset).
    pub fn bit(self) -> u16 {
        1 << (self as u16)
    }
}
