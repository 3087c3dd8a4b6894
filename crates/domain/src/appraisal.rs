//! Goals tied to appraisal: a goal may cite the appraisal conversation it came from, and at the
//! end of a relationship the mentee may share a short summary of progress on those goals with
//! their line manager, for the next appraisal.
//!
//! The conversation's kind is stored as a code, so a Dutch *functioneringsgesprek* and an NHS
//! appraisal stay distinct whatever language a page is read in. A shared summary reaches the
//! manager only through a single-use link e-mailed to them (the manager may have no account,
//! or work at another organisation): the link is the credential, so only its SHA-256 is kept,
//! it expires, it works once, and the mentee can withdraw it until it is opened. What the
//! manager sees is built from that data alone: the mentee's name, the goals
//! that cite an appraisal (title, kind, date) and the summary — nothing else about the
//! relationship.

use crate::ids::{PersonId, RelationshipId};
use crate::validate::ValidationErrors;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Longest summary a mentee may share: a page for the next appraisal, not a report.
pub const MAX_SUMMARY: usize = 2_000;

/// How long a manager's summary link works after it is e-mailed: long enough to reach the next
/// appraisal round's preparation, short enough that a forgotten e-mail stops being a key.
pub const SUMMARY_LINK_DAYS: i64 = 30;

/// The kind of appraisal conversation a goal came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AppraisalKind {
    /// An appraisal (NHS and UK employers: the yearly appraisal or PDR).
    Appraisal,
    /// A *functioneringsgesprek*: the Dutch two-way conversation about how work is going.
    Functioneringsgesprek,
    /// A *beoordelingsgesprek*: the Dutch assessment conversation, which may affect pay.
    Beoordelingsgesprek,
}

impl AppraisalKind {
    pub const ALL: [Self; 3] = [
        Self::Appraisal,
        Self::Functioneringsgesprek,
        Self::Beoordelingsgesprek,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Appraisal => "appraisal",
            Self::Functioneringsgesprek => "functioneringsgesprek",
            Self::Beoordelingsgesprek => "beoordelingsgesprek",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Translation key of the kind's name.
    pub fn label_key(self) -> String {
        format!("appraisal.kind.{}", self.code())
    }

    /// The kinds a form offers to someone reading in `lang_tag`: the conversations their working
    /// life has (Dutch employers hold *functionerings-* and *beoordelingsgesprekken*, UK ones an
    /// appraisal). Every kind is accepted whatever is offered; this only keeps the choice short.
    pub fn offered_for(lang_tag: &str) -> &'static [AppraisalKind] {
        if lang_tag.starts_with("nl") {
            &[Self::Functioneringsgesprek, Self::Beoordelingsgesprek]
        } else {
            &[Self::Appraisal]
        }
    }
}

/// The appraisal conversation a goal came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppraisalCitation {
    pub kind: AppraisalKind,
    /// When the conversation was held (never in the future).
    pub held_on: NaiveDate,
}

/// What a form or the API gives for a goal's citation: both empty for none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CitationInput {
    /// The kind's code as given (`""` for none; an unknown code is refused).
    pub kind: String,
    /// The date as typed (`YYYY-MM-DD`; `""` for none).
    pub held_on: String,
}

impl CitationInput {
    /// A citation from stored values, for filling a form.
    pub fn of(c: Option<&AppraisalCitation>) -> Self {
        c.map(|c| Self {
            kind: c.kind.code().to_string(),
            held_on: c.held_on.to_string(),
        })
        .unwrap_or_default()
    }

    /// Checks the citation into `errors` (fields `appraisal_kind`, `appraisal_on`): none when
    /// both are empty; otherwise a known kind and a date under the strict date rule
    /// ([`crate::text::parse_date`]) that is not after `today` (the latest calendar day
    /// anywhere, so "today" in the writer's time zone is never refused).
    pub fn check(
        &self,
        today: NaiveDate,
        errors: &mut ValidationErrors,
    ) -> Option<AppraisalCitation> {
        let kind_raw = self.kind.trim();
        let date_raw = self.held_on.trim();
        if kind_raw.is_empty() && date_raw.is_empty() {
            return None;
        }
        let kind = if kind_raw.is_empty() {
            errors.add("appraisal_kind", "error.appraisal.kind_required");
            None
        } else {
            let k = AppraisalKind::from_code(kind_raw);
            if k.is_none() {
                errors.add("appraisal_kind", "error.appraisal.kind_unknown");
            }
            k
        };
        let held_on = if date_raw.is_empty() {
            errors.add("appraisal_on", "error.appraisal.date_required");
            None
        } else {
            match crate::text::parse_date(date_raw) {
                Ok(d) if d > today => {
                    errors.add("appraisal_on", "error.appraisal.date_in_future");
                    None
                }
                Ok(d) => Some(d),
                Err(key) => {
                    errors.add("appraisal_on", key);
                    None
                }
            }
        };
        Some(AppraisalCitation {
            kind: kind?,
            held_on: held_on?,
        })
    }
}

/// Identifier of a shared summary (UUIDv7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct SummaryId(pub Uuid);

impl SummaryId {
    pub fn new() -> Self {
        Self(Uuid::now_v7())
    }
}

impl Default for SummaryId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for SummaryId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl FromStr for SummaryId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self)
    }
}

/// Where a shared summary stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryStatus {
    /// Shared: the manager is (being) e-mailed a link. The mentee may still withdraw it.
    Sent,
    /// The manager opened the link (it then works no more).
    Opened,
    /// The mentee took it back before it was opened; the link shows that it was withdrawn.
    Withdrawn,
}

impl SummaryStatus {
    pub const ALL: [Self; 3] = [Self::Sent, Self::Opened, Self::Withdrawn];

    pub fn code(self) -> &'static str {
        match self {
            Self::Sent => "sent",
            Self::Opened => "opened",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// A summary a mentee shared with their line manager at the end of a relationship. One per
/// mentee per relationship; after a withdrawal, sharing again replaces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppraisalSummary {
    pub id: SummaryId,
    pub relationship_id: RelationshipId,
    /// The mentee who wrote and shared it.
    pub person_id: PersonId,
    /// The line manager on record when it was shared.
    pub manager_id: PersonId,
    pub text: String,
    pub status: SummaryStatus,
    pub created_at: DateTime<Utc>,
    /// When the e-mail with the link was made (`None` while it waits in the outbox).
    pub sent_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub opened_at: Option<DateTime<Utc>>,
    pub withdrawn_at: Option<DateTime<Utc>>,
}

impl AppraisalSummary {
    /// Whether the mentee may still withdraw it (not yet opened, not already withdrawn).
    pub fn withdrawable(&self) -> bool {
        self.status == SummaryStatus::Sent
    }
}

/// Why a manager's summary link cannot be used (each is its own translated page).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SummaryLinkProblem {
    /// Never issued (mistyped, forged, or its mentee since erased).
    Unknown,
    Expired,
    /// Opened already: the link works once.
    Used,
    /// The mentee withdrew the summary before it was opened.
    Withdrawn,
}

impl SummaryLinkProblem {
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Unknown => "error.appraisal.link_unknown",
            Self::Expired => "error.appraisal.link_expired",
            Self::Used => "error.appraisal.link_used",
            Self::Withdrawn => "error.appraisal.link_withdrawn",
        }
    }

    /// Why `summary` (found by its link's hash) cannot be opened at `now`, if it cannot.
    pub fn of(summary: &AppraisalSummary, now: DateTime<Utc>) -> Option<Self> {
        match summary.status {
            SummaryStatus::Opened => Some(Self::Used),
            SummaryStatus::Withdrawn => Some(Self::Withdrawn),
            SummaryStatus::Sent => match summary.expires_at {
                Some(e) if now < e => None,
                Some(_) => Some(Self::Expired),
                None => Some(Self::Unknown),
            },
        }
    }
}

/// Checks a summary's text: required, at most [`MAX_SUMMARY`] characters, line breaks kept.
pub fn summary_text(raw: &str) -> Result<String, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    match crate::text::block(raw, MAX_SUMMARY) {
        Ok(t) if t.is_empty() => errors.add("summary", "error.appraisal.summary_required"),
        Ok(t) => return Ok(t),
        Err(e) => e.record(&mut errors, "summary"),
    }
    Err(errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn check(kind: &str, on: &str) -> (Option<AppraisalCitation>, ValidationErrors) {
        let mut e = ValidationErrors::new();
        let c = CitationInput {
            kind: kind.into(),
            held_on: on.into(),
        }
        .check(d(2026, 5, 1), &mut e);
        (c, e)
    }

    #[test]
    fn codes_round_trip() {
        for k in AppraisalKind::ALL {
            assert_eq!(AppraisalKind::from_code(k.code()), Some(k));
        }
        for s in SummaryStatus::ALL {
            assert_eq!(SummaryStatus::from_code(s.code()), Some(s));
        }
        assert_eq!(AppraisalKind::from_code("review"), None);
    }

    #[test]
    fn a_citation_is_both_or_neither_and_never_in_the_future() {
        let (none, e) = check(" ", "");
        assert!(none.is_none() && e.is_empty());
        let (ok, e) = check("functioneringsgesprek", "2026-05-01");
        assert!(e.is_empty());
        assert_eq!(
            ok,
            Some(AppraisalCitation {
                kind: AppraisalKind::Functioneringsgesprek,
                held_on: d(2026, 5, 1)
            })
        );
        let (c, e) = check("appraisal", "2026-05-02");
        assert!(c.is_none());
        assert_eq!(
            e.for_field("appraisal_on").map(|f| f.message.as_str()),
            Some("error.appraisal.date_in_future")
        );
        let (_, e) = check("appraisal", "");
        assert!(e.for_field("appraisal_on").is_some());
        let (_, e) = check("", "2026-01-01");
        assert!(e.for_field("appraisal_kind").is_some());
        let (_, e) = check("chat", "2026-01-01");
        assert!(e.for_field("appraisal_kind").is_some());
        // The strict date rule: no single-digit parts, no year 0001.
        for bad in ["2026-1-01", "0001-01-01", "01-01-2026", "2026-02-30"] {
            let (_, e) = check("appraisal", bad);
            assert!(e.for_field("appraisal_on").is_some(), "{bad}");
        }
    }

    #[test]
    fn the_form_offers_the_kinds_of_the_readers_working_life() {
        assert_eq!(
            AppraisalKind::offered_for("nl-NL"),
            &[
                AppraisalKind::Functioneringsgesprek,
                AppraisalKind::Beoordelingsgesprek
            ]
        );
        assert_eq!(
            AppraisalKind::offered_for("en-GB"),
            &[AppraisalKind::Appraisal]
        );
    }

    #[test]
    fn summaries_need_text_within_the_limit() {
        assert!(summary_text("  ").is_err());
        assert!(summary_text(&"x".repeat(MAX_SUMMARY + 1)).is_err());
        assert!(summary_text("a\u{7}b").is_err());
        assert_eq!(
            summary_text(" Two goals met.\nOne to go. ").unwrap(),
            "Two goals met.\nOne to go."
        );
    }

    #[test]
    fn a_link_works_once_until_it_expires_or_is_withdrawn() {
        let at = Utc::now();
        let s = AppraisalSummary {
            id: SummaryId::new(),
            relationship_id: RelationshipId::new(),
            person_id: PersonId::new(),
            manager_id: PersonId::new(),
            text: "t".into(),
            status: SummaryStatus::Sent,
            created_at: at,
            sent_at: Some(at),
            expires_at: Some(at + chrono::Duration::days(SUMMARY_LINK_DAYS)),
            opened_at: None,
            withdrawn_at: None,
        };
        assert_eq!(SummaryLinkProblem::of(&s, at), None);
        assert!(s.withdrawable());
        assert_eq!(
            SummaryLinkProblem::of(&s, at + chrono::Duration::days(SUMMARY_LINK_DAYS)),
            Some(SummaryLinkProblem::Expired)
        );
        let opened = AppraisalSummary {
            status: SummaryStatus::Opened,
            ..s.clone()
        };
        assert_eq!(
            SummaryLinkProblem::of(&opened, at),
            Some(SummaryLinkProblem::Used)
        );
        assert!(!opened.withdrawable());
        let withdrawn = AppraisalSummary {
            status: SummaryStatus::Withdrawn,
            ..s
        };
        assert_eq!(
            SummaryLinkProblem::of(&withdrawn, at),
            Some(SummaryLinkProblem::Withdrawn)
        );
    }
}
