//! What each role's home reads: the coordinators' to-dos and their staff's relationships, each
//! statement bounded and served by an index (issue #17, item 2).
//!
//! A home is the page everyone opens first, so its cost must not grow with the scheme. Every
//! count here stops after `cap + 1` index entries (as in `figures.rs`); every list is `LIMIT`ed
//! and starts from an index on what the reader is waiting for (an application's status, a
//! registration's state, the scheme's programmes and intakes), never from all of an
//! organisation's staff. The tests in `storage/tests/it/homes.rs` read the plans.

use crate::Store;
use crate::codec::{
    coded, date, i64_from, int, opt_text, parse_date, parse_ts, parsed, text, u32_from,
};
use crate::error::{Result, db};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::AssertSqlSafe;
use tandem_domain::{
    ApplicationId, ApplicationRole, IntakeId, MatchRunId, OrganisationId, PersonId, RelationshipId,
    RelationshipKind, RelationshipStatus, SchemeId,
};

/// An application waiting for a coordinator's decision, as a home lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AwaitingDecision {
    pub id: ApplicationId,
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub role: ApplicationRole,
    pub intake_id: IntakeId,
    pub intake: String,
    pub programme: String,
    pub submitted_at: DateTime<Utc>,
}

/// One organisation's places in one intake, and how many are taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlacesUsed {
    pub intake_id: IntakeId,
    pub intake: String,
    pub programme: String,
    pub organisation_id: OrganisationId,
    pub places: u32,
    pub taken: u32,
    pub closes_on: NaiveDate,
}

/// A relationship a member of staff takes part in through their organisation's places: who,
/// where, its status and when it last did something. No content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffRelationship {
    pub id: RelationshipId,
    pub kind: RelationshipKind,
    pub status: RelationshipStatus,
    pub person_id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub organisation_id: OrganisationId,
    pub role: ApplicationRole,
    pub programme: String,
    pub intake: String,
    /// The latest session held, set meeting attended or shadowing day done, if any.
    pub last_activity: Option<NaiveDate>,
}

/// A matching run still in draft: the coordinator's to review and publish.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftRun {
    pub id: MatchRunId,
    pub intake_id: IntakeId,
    pub intake: String,
    pub programme: String,
    pub number: u32,
    pub created_at: DateTime<Utc>,
}

/// An intake closing soon.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClosingIntake {
    pub id: IntakeId,
    pub name: String,
    pub programme: String,
    pub closes_on: NaiveDate,
}

fn limit(cap: u64) -> i64 {
    i64::try_from(cap.saturating_add(1)).unwrap_or(i64::MAX)
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// `$first, $first+1, …` for `n` bound values.
fn marks(first: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("${}", first + i))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The statuses in which a relationship is still going.
const LIVE: &str = "'proposed', 'accepted', 'active', 'winding_down'";

/// The scheme filter on an application `a` (through its intake and programme), or the
/// organisations' filter: which applications a reader's to-dos hold.
fn scope_filter(organisations: Option<&[OrganisationId]>, first: usize) -> String {
    match organisations {
        Some(orgs) => format!("a.organisation_id IN ({})", marks(first, orgs.len())),
        None => format!(
            "EXISTS (SELECT 1 FROM intakes i2 JOIN programmes g2 ON g2.id = i2.programme_id \
             WHERE i2.id = a.intake_id AND g2.scheme_id = ${first})"
        ),
    }
}

impl Store {
    /// Applications of `status` in the scheme, or using the places of `organisations` when
    /// given, counted up to `cap + 1` through `applications_status (status, organisation_id)`.
    pub async fn count_applications_in_status(
        &self,
        scheme: SchemeId,
        organisations: Option<&[OrganisationId]>,
        status: tandem_domain::ApplicationStatus,
        cap: u64,
    ) -> Result<u64> {
        if organisations.is_some_and(<[_]>::is_empty) {
            return Ok(0);
        }
        let sql = format!(
            "SELECT COUNT(*) AS n FROM (SELECT a.id FROM applications a \
             WHERE a.status = $1 AND {} LIMIT $2) t",
            scope_filter(organisations, 3)
        );
        let mut q = sqlx::query(AssertSqlSafe(sql))
            .bind(status.code())
            .bind(limit(cap));
        match organisations {
            Some(orgs) => {
                for o in orgs {
                    q = q.bind(o.to_string());
                }
            }
            None => q = q.bind(scheme.to_string()),
        }
        let row = q.fetch_one(&self.pool).await.map_err(db)?;
        Ok(count(int(&row, "n")?))
    }

    /// The oldest `n` applications waiting for a coordinator's decision (`awaiting_coordinator`)
    /// in the scheme, or using the places of `organisations` when given.
    pub async fn applications_awaiting_decision(
        &self,
        scheme: SchemeId,
        organisations: Option<&[OrganisationId]>,
        n: u64,
    ) -> Result<Vec<AwaitingDecision>> {
        if organisations.is_some_and(<[_]>::is_empty) {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT a.id AS id, a.person_id AS person_id, p.given_name AS given_name, \
             p.family_name AS family_name, a.role AS role, a.intake_id AS intake_id, \
             i.name AS intake, g.name AS programme, a.submitted_at AS submitted_at \
             FROM applications a JOIN people p ON p.id = a.person_id \
             JOIN intakes i ON i.id = a.intake_id JOIN programmes g ON g.id = i.programme_id \
             WHERE a.status = 'awaiting_coordinator' AND g.scheme_id = $1 AND {} \
             ORDER BY a.submitted_at, a.id LIMIT $2",
            match organisations {
                Some(orgs) => format!("a.organisation_id IN ({})", marks(3, orgs.len())),
                None => "1 = 1".to_string(),
            }
        );
        let mut q = sqlx::query(AssertSqlSafe(sql))
            .bind(scheme.to_string())
            .bind(i64_from(n.min(crate::MAX_PAGE)));
        for o in organisations.unwrap_or_default() {
            q = q.bind(o.to_string());
        }
        let rows = q.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(AwaitingDecision {
                    id: parsed(r, "id")?,
                    person_id: parsed(r, "person_id")?,
                    given_name: text(r, "given_name")?,
                    family_name: text(r, "family_name")?,
                    role: coded(r, "role", ApplicationRole::from_code)?,
                    intake_id: parsed(r, "intake_id")?,
                    intake: text(r, "intake")?,
                    programme: text(r, "programme")?,
                    submitted_at: parse_ts(&text(r, "submitted_at")?)?,
                })
            })
            .collect()
    }

    /// Self-registered people waiting for their employment to be confirmed, in the scheme or
    /// at `organisations`, counted up to `cap + 1` through `registrations_waiting`.
    pub async fn count_registrations_waiting(
        &self,
        scheme: SchemeId,
        organisations: Option<&[OrganisationId]>,
        cap: u64,
    ) -> Result<u64> {
        if organisations.is_some_and(<[_]>::is_empty) {
            return Ok(0);
        }
        let orgs = match organisations {
            Some(o) => format!(" AND r.organisation_id IN ({})", marks(3, o.len())),
            None => String::new(),
        };
        let sql = format!(
            "SELECT COUNT(*) AS n FROM (SELECT r.person_id FROM registrations r \
             WHERE r.scheme_id = $1 AND r.employment = 'pending' \
             AND r.email_confirmed_at IS NOT NULL{orgs} LIMIT $2) t"
        );
        let mut q = sqlx::query(AssertSqlSafe(sql))
            .bind(scheme.to_string())
            .bind(limit(cap));
        for o in organisations.unwrap_or_default() {
            q = q.bind(o.to_string());
        }
        let row = q.fetch_one(&self.pool).await.map_err(db)?;
        Ok(count(int(&row, "n")?))
    }

    /// Each of `organisations`' places in the scheme's intakes that close on or after `since`
    /// (the recruitment still under way or just over), soonest first, at most `n`. Read from
    /// the scheme's programmes and intakes down the primary key of `intake_places`, so its
    /// cost is the scheme's intakes, not its people.
    pub async fn places_used(
        &self,
        scheme: SchemeId,
        organisations: &[OrganisationId],
        since: NaiveDate,
        n: u64,
    ) -> Result<Vec<PlacesUsed>> {
        if organisations.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT i.id AS intake_id, i.name AS intake, g.name AS programme, \
             ip.organisation_id AS organisation_id, ip.places AS places, ip.taken AS taken, \
             i.closes_on AS closes_on FROM programmes g \
             JOIN intakes i ON i.programme_id = g.id \
             JOIN intake_places ip ON ip.intake_id = i.id \
             WHERE g.scheme_id = $1 AND i.closes_on >= $2 AND ip.organisation_id IN ({}) \
             ORDER BY i.closes_on, i.id, ip.organisation_id LIMIT $3",
            marks(4, organisations.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql))
            .bind(scheme.to_string())
            .bind(date(since))
            .bind(i64_from(n.min(crate::MAX_PAGE)));
        for o in organisations {
            q = q.bind(o.to_string());
        }
        let rows = q.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(PlacesUsed {
                    intake_id: parsed(r, "intake_id")?,
                    intake: text(r, "intake")?,
                    programme: text(r, "programme")?,
                    organisation_id: parsed(r, "organisation_id")?,
                    places: u32_from(int(r, "places")?, "places")?,
                    taken: u32_from(int(r, "taken")?, "taken")?,
                    closes_on: parse_date(&text(r, "closes_on")?)?,
                })
            })
            .collect()
    }

    /// The live relationships staff take part in through `organisations`' places, most
    /// recently changed first, at most `n`. Started from the matched applications of those
    /// organisations (`applications_status`), so the cost is the relationships the
    /// organisations' staff have had, not how many staff they employ; each one's last activity
    /// is a lookup down `relationship_sessions_relationship`, `set_meetings_relationship` and
    /// `shadowing_days_relationship`. `today` bounds the set meetings and days counted.
    pub async fn staff_relationships(
        &self,
        organisations: &[OrganisationId],
        today: NaiveDate,
        n: u64,
    ) -> Result<Vec<StaffRelationship>> {
        if organisations.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT r.id AS id, r.kind AS kind, r.status AS status, a.person_id AS person_id, \
             p.given_name AS given_name, p.family_name AS family_name, \
             a.organisation_id AS organisation_id, a.role AS role, g.name AS programme, \
             i.name AS intake, \
             (SELECT MAX(s.held_on) FROM relationship_sessions s \
               WHERE s.relationship_id = r.id AND s.status = 'held') AS last_session, \
             (SELECT MAX(sm.starts_on) FROM set_meetings sm WHERE sm.relationship_id = r.id \
               AND sm.starts_on <= $1 AND sm.attendance_recorded = 1) AS last_meeting, \
             (SELECT MAX(d.day) FROM shadowing_days d WHERE d.relationship_id = r.id \
               AND d.day <= $1 AND d.done = 1) AS last_day \
             FROM applications a \
             JOIN relationship_members m ON m.person_id = a.person_id AND m.application_id = a.id \
             JOIN relationships r ON r.id = m.relationship_id \
             JOIN intakes i ON i.id = r.intake_id JOIN programmes g ON g.id = i.programme_id \
             JOIN people p ON p.id = a.person_id \
             WHERE a.status = 'matched' AND a.organisation_id IN ({}) \
             AND r.status IN ({LIVE}) AND NOT EXISTS (SELECT 1 FROM relationship_endings e \
               WHERE e.relationship_id = r.id AND e.person_id = a.person_id) \
             ORDER BY r.updated_at DESC, r.id, a.person_id LIMIT $2",
            marks(3, organisations.len())
        );
        let mut q = sqlx::query(AssertSqlSafe(sql))
            .bind(date(today))
            .bind(i64_from(n.min(crate::MAX_PAGE)));
        for o in organisations {
            q = q.bind(o.to_string());
        }
        let rows = q.fetch_all(&self.pool).await.map_err(db)?;
        rows.iter()
            .map(|r| {
                let mut last: Option<NaiveDate> = None;
                for col in ["last_session", "last_meeting", "last_day"] {
                    if let Some(d) = opt_text(r, col)? {
                        let d = parse_date(&d)?;
                        last = Some(last.map_or(d, |l| l.max(d)));
                    }
                }
                Ok(StaffRelationship {
                    id: parsed(r, "id")?,
                    kind: coded(r, "kind", RelationshipKind::from_code)?,
                    status: coded(r, "status", RelationshipStatus::from_code)?,
                    person_id: parsed(r, "person_id")?,
                    given_name: text(r, "given_name")?,
                    family_name: text(r, "family_name")?,
                    organisation_id: parsed(r, "organisation_id")?,
                    role: coded(r, "role", ApplicationRole::from_code)?,
                    programme: text(r, "programme")?,
                    intake: text(r, "intake")?,
                    last_activity: last,
                })
            })
            .collect()
    }

    /// The scheme's matching runs still in draft, oldest first, at most `n` (from the scheme's
    /// programmes and intakes down `match_runs_number`).
    pub async fn draft_runs(&self, scheme: SchemeId, n: u64) -> Result<Vec<DraftRun>> {
        let rows = sqlx::query(
            "SELECT mr.id AS id, mr.intake_id AS intake_id, i.name AS intake, \
             g.name AS programme, mr.number AS number, mr.created_at AS created_at \
             FROM programmes g JOIN intakes i ON i.programme_id = g.id \
             JOIN match_runs mr ON mr.intake_id = i.id \
             WHERE g.scheme_id = $1 AND mr.status = 'draft' \
             ORDER BY mr.created_at, mr.id LIMIT $2",
        )
        .bind(scheme.to_string())
        .bind(i64_from(n.min(crate::MAX_PAGE)))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(DraftRun {
                    id: parsed(r, "id")?,
                    intake_id: parsed(r, "intake_id")?,
                    intake: text(r, "intake")?,
                    programme: text(r, "programme")?,
                    number: u32_from(int(r, "number")?, "number")?,
                    created_at: parse_ts(&text(r, "created_at")?)?,
                })
            })
            .collect()
    }

    /// The scheme's intakes closing from `from` to `to` (both included), soonest first, at
    /// most `n`.
    pub async fn intakes_closing(
        &self,
        scheme: SchemeId,
        from: NaiveDate,
        to: NaiveDate,
        n: u64,
    ) -> Result<Vec<ClosingIntake>> {
        let rows = sqlx::query(
            "SELECT i.id AS id, i.name AS name, g.name AS programme, i.closes_on AS closes_on \
             FROM programmes g JOIN intakes i ON i.programme_id = g.id \
             WHERE g.scheme_id = $1 AND i.closes_on >= $2 AND i.closes_on <= $3 \
             ORDER BY i.closes_on, i.id LIMIT $4",
        )
        .bind(scheme.to_string())
        .bind(date(from))
        .bind(date(to))
        .bind(i64_from(n.min(crate::MAX_PAGE)))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(ClosingIntake {
                    id: parsed(r, "id")?,
                    name: text(r, "name")?,
                    programme: text(r, "programme")?,
                    closes_on: parse_date(&text(r, "closes_on")?)?,
                })
            })
            .collect()
    }

    /// Notices of the scheme that could not be delivered, counted up to `cap + 1` (the dead
    /// end of `outbox_due (state, due_at)`).
    pub async fn count_dead_notices(&self, scheme: SchemeId, cap: u64) -> Result<u64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM (SELECT o.id FROM outbox o \
             JOIN people p ON p.id = o.person_id \
             WHERE o.state = 'dead' AND p.scheme_id = $1 LIMIT $2) t",
        )
        .bind(scheme.to_string())
        .bind(limit(cap))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(count(int(&row, "n")?))
    }

    /// Live relationships of the scheme, counted up to `cap + 1` from `relationships_intake
    /// (intake_id, status)` under the scheme's programmes and intakes.
    pub async fn count_live_relationships(&self, scheme: SchemeId, cap: u64) -> Result<u64> {
        let row = sqlx::query(AssertSqlSafe(format!(
            "SELECT COUNT(*) AS n FROM (SELECT r.id FROM programmes g \
             JOIN intakes i ON i.programme_id = g.id JOIN relationships r ON r.intake_id = i.id \
             WHERE g.scheme_id = $1 AND r.status IN ({LIVE}) LIMIT $2) t"
        )))
        .bind(scheme.to_string())
        .bind(limit(cap))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(count(int(&row, "n")?))
    }
}
