//! The peer network (issue #17 item 6): people listed in the opt-in directory can be asked for a
//! conversation by anyone in the scheme. PRODUCT.md's action-learning seed names the need:
//! assessors who work alone in their organisation find peers beyond their own set.
//!
//! What is pure lives here: the request's identity and states with their allowed moves, the
//! rules of the message, and the limits. Who may do what is in [`crate::policy`]
//! (`AskPeer`, `AnswerPeerRequest`, `ViewPeerRequest`); the use cases are `tandem_app::peers`.

use crate::field_errors::ValidationErrors;
use crate::{OrganisationKind, PersonId, SchemeId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Identifier of a conversation request (UUIDv7, time-ordered).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PeerRequestId(pub Uuid);

impl PeerRequestId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
}

impl Default for PeerRequestId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for PeerRequestId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for PeerRequestId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self)
    }
}

/// Longest message of a request: a few sentences ("who I am, why you"), not a correspondence,
/// which belongs in the e-mail the two write once the request is accepted.
pub const MAX_MESSAGE: usize = 600;

/// Requests one person may send in any 24 hours. Enough to reach several peers on a day one
/// sets out to, few enough that nobody can use the directory to mail the scheme.
pub const DAILY_CAP: u32 = 5;

/// Where a request stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeerRequestStatus {
    /// Waiting for the recipient.
    Open,
    /// The recipient said yes: both see each other's e-mail address.
    Accepted,
    /// The recipient said no.
    Declined,
    /// The recipient left the directory while it was open. The asker is told only that they
    /// are no longer available, never why.
    Unavailable,
}

impl PeerRequestStatus {
    pub const ALL: [Self; 4] = [
        Self::Open,
        Self::Accepted,
        Self::Declined,
        Self::Unavailable,
    ];

    /// Stable code used in storage, URLs and translation keys.
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Accepted => "accepted",
            Self::Declined => "declined",
            Self::Unavailable => "unavailable",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Only an open request may be answered or closed; every other state is final.
    pub fn can_move_to(self, to: Self) -> bool {
        self == Self::Open && to != Self::Open
    }
}

/// A conversation request as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeerRequest {
    pub id: PeerRequestId,
    pub scheme_id: SchemeId,
    pub asker_id: PersonId,
    pub recipient_id: PersonId,
    pub message: String,
    pub status: PeerRequestStatus,
    pub created_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
}

/// The key of the unordered pair: the two ids in order, so a request from either side counts
/// as the pair's one open request.
pub fn pair_key(a: PersonId, b: PersonId) -> String {
    let (x, y) = if a.to_string() <= b.to_string() {
        (a, b)
    } else {
        (b, a)
    };
    format!("{x}:{y}")
}

/// Checks a request's message under the text rule: required, a block of at most
/// [`MAX_MESSAGE`] characters.
pub fn validate_message(raw: &str) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    match crate::text::required(raw, crate::text::Shape::Block, MAX_MESSAGE) {
        Ok(t) => Ok(t),
        Err(e) => {
            e.record(&mut errors, "message");
            Err(errors)
        }
    }
}

/// What the directory can be narrowed by; every part optional and all of them combined.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PeerFilter {
    /// Words in the name or interests (see `tandem_storage::search_terms`).
    pub text: Option<String>,
    /// The primary employment's profession, exactly as held.
    pub profession: Option<String>,
    pub organisation_kind: Option<OrganisationKind>,
    pub dimension: Option<crate::FrameworkDimension>,
    /// The person's language.
    pub language: Option<crate::Language>,
    /// The primary employer's region, exactly as held.
    pub region: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_only_open_moves() {
        for s in PeerRequestStatus::ALL {
            assert_eq!(PeerRequestStatus::from_code(s.code()), Some(s));
            assert!(!s.can_move_to(PeerRequestStatus::Open));
        }
        assert!(PeerRequestStatus::Open.can_move_to(PeerRequestStatus::Accepted));
        assert!(!PeerRequestStatus::Declined.can_move_to(PeerRequestStatus::Accepted));
        assert!(!PeerRequestStatus::Unavailable.can_move_to(PeerRequestStatus::Declined));
    }

    #[test]
    fn the_pair_key_is_the_same_from_either_side() {
        let a = PersonId::new();
        let b = PersonId::new();
        assert_eq!(pair_key(a, b), pair_key(b, a));
        assert_ne!(pair_key(a, b), pair_key(a, PersonId::new()));
    }

    #[test]
    fn messages_follow_the_text_rule() {
        assert_eq!(
            validate_message("  Hello\r\nthere ").unwrap(),
            "Hello\nthere"
        );
        assert!(validate_message("   ").is_err());
        assert!(validate_message(&"x".repeat(MAX_MESSAGE + 1)).is_err());
        assert!(validate_message(&"x".repeat(MAX_MESSAGE)).is_ok());
        assert!(validate_message("a\u{202e}b").is_err());
        assert!(validate_message("a\u{0}b").is_err());
    }
}
