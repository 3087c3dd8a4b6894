//! People's rights (UK GDPR / AVG): what is held about one person (subject access), their
//! erasure, the retention rules and the consent records.
//!
//! Subject access reads one table family per function and returns rows as JSON objects keyed
//! by column name: the export is the database's own view of the person, so a column added later
//! to one of these queries shows up without a parallel Rust type to keep in step. Columns that
//! are secrets (password, session and token hashes) are never selected. Every read is bounded
//! ([`ROW_LIMIT`] rows per query).
//!
//! Erasure and retention each run in one transaction: a failure leaves everything as it was.

use crate::Store;
use crate::codec::{int, opt_text, parse_ts, parsed, text, ts};
use crate::error::{Result, StoreError, db};
use crate::people_counts::CountsDelta;
use chrono::{DateTime, Utc};
use serde_json::{Map, Value};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Column, Row};
use tandem_domain::{PersonId, SchemeId};

/// At most this many rows per query of a subject access export (a person with more is an
/// anomaly; the export says how many were read so a cut-off is visible).
pub const ROW_LIMIT: i64 = 10_000;

/// Rows of one query as JSON objects.
pub type JsonRows = Vec<Map<String, Value>>;

/// One consent decision (see migration 0025): `kind` is a code (research, assessment,
/// equality), `basis` the lawful-basis text shown at the time and `basis_version` its version.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct ConsentRecord {
    pub id: String,
    pub person_id: PersonId,
    pub kind: String,
    pub given: bool,
    pub basis: String,
    pub basis_version: String,
    pub recorded_at: DateTime<Utc>,
}

/// A scheme's retention periods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RetentionSettings {
    pub closed_relationship_years: u32,
    pub registration_days: u32,
    pub dead_notice_days: u32,
    /// Months a person's assessment scores in a programme are kept after their last
    /// application or relationship there ended.
    pub assessment_score_months: u32,
    /// Days a line manager's appraisal-summary link keeps its token hash after it expired, was
    /// used or was withdrawn.
    pub appraisal_link_days: u32,
}

impl Default for RetentionSettings {
    /// Six years after a relationship closed (the NHS's usual retention of staff development
    /// records), 30 days for a self-registration nobody confirmed, 90 days for an undeliverable
    /// notice (long enough for an administrator to notice and retry it), 12 months for
    /// assessment scores after someone's part in the programme ended (long enough to match them
    /// again in the next intake, short against the appraisal data's sensitivity), 90 days for a
    /// spent appraisal-summary link (long enough to answer a manager asking why it stopped).
    fn default() -> Self {
        Self {
            closed_relationship_years: 6,
            registration_days: 30,
            dead_notice_days: 90,
            assessment_score_months: 12,
            appraisal_link_days: 90,
        }
    }
}

/// The moments before which each rule removes records.
#[derive(Clone, Copy, Debug)]
pub struct RetentionCutoffs {
    pub now: DateTime<Utc>,
    pub closed_before: DateTime<Utc>,
    pub registered_before: DateTime<Utc>,
    pub dead_before: DateTime<Utc>,
    /// Scores of people whose part in the programme ended before this go.
    pub scores_before: DateTime<Utc>,
    /// Appraisal-summary links spent before this forget their hash.
    pub links_before: DateTime<Utc>,
}

/// How many records each rule finds (a dry run) or removed (a run). Counts only.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct RetentionCounts {
    /// Closed relationships whose free text is (to be) removed.
    pub closed_relationships: u64,
    /// Unconfirmed self-registrations (with their person and account).
    pub unconfirmed_registrations: u64,
    /// Expired e-mailed tokens, line-manager links, set-up codes and pending single sign-ons
    /// (expired sign-in sessions are deleted by the upkeep pass itself).
    pub expired_credentials: u64,
    /// Undeliverable notices.
    pub dead_notices: u64,
    /// Assessment scores (one per person, instrument and dimension).
    pub assessment_scores: u64,
    /// Spent appraisal-summary links whose token hash is (to be) forgotten.
    pub appraisal_links: u64,
}

/// The assessment scores (of `assessment_scores`, unaliased so that one filter serves the count
/// and the DELETE) in scheme `$1` whose person's part in the instrument's programme ended before
/// `$2`: imported before it, and no application of theirs in the programme still open or ended
/// since, and no relationship of theirs there still live or ended since. An application that is
/// `matched` is judged by its relationships; a relationship ended without `closed_at` (declined)
/// by when it last changed.
const SPENT_SCORES: &str = "assessment_scores.imported_at < $2 \
     AND assessment_scores.instrument_id IN (SELECT ins.id FROM assessment_instruments ins \
       JOIN programmes p ON p.id = ins.programme_id WHERE p.scheme_id = $1) \
     AND NOT EXISTS (SELECT 1 FROM applications a JOIN intakes it ON it.id = a.intake_id \
       JOIN assessment_instruments ins ON ins.programme_id = it.programme_id \
       WHERE ins.id = assessment_scores.instrument_id AND a.person_id = assessment_scores.person_id \
       AND (a.status NOT IN ('nomination_declined', 'manager_declined', 'declined', 'withdrawn', \
         'matched') OR a.updated_at >= $2)) \
     AND NOT EXISTS (SELECT 1 FROM relationships r \
       JOIN relationship_members rm ON rm.relationship_id = r.id \
       JOIN intakes it ON it.id = r.intake_id \
       JOIN assessment_instruments ins ON ins.programme_id = it.programme_id \
       WHERE ins.id = assessment_scores.instrument_id AND rm.person_id = assessment_scores.person_id \
       AND (r.status IN ('proposed', 'accepted', 'active', 'winding_down') \
         OR COALESCE(r.closed_at, r.updated_at) >= $2))";

/// The line managers' appraisal-summary links (of `appraisal_summaries`) in scheme `$1` spent
/// before `$2`: expired unopened, opened, or withdrawn, and still holding their hash.
const SPENT_LINKS: &str = "appraisal_summaries.token_hash IS NOT NULL \
     AND ((appraisal_summaries.status = 'sent' AND appraisal_summaries.expires_at < $2) \
       OR (appraisal_summaries.status = 'opened' AND appraisal_summaries.opened_at < $2) \
       OR (appraisal_summaries.status = 'withdrawn' AND appraisal_summaries.withdrawn_at < $2)) \
     AND appraisal_summaries.relationship_id IN (SELECT r.id FROM relationships r \
       JOIN intakes it ON it.id = r.intake_id JOIN programmes p ON p.id = it.programme_id \
       WHERE p.scheme_id = $1)";

/// What an erasure changed, by kind (counts only, for the audit detail).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct ErasureCounts {
    pub accounts: u64,
    pub notes: u64,
    pub reflections: u64,
}

/// Reads each column as text, integer, real or null, whichever it holds.
fn row_json(row: &AnyRow) -> Map<String, Value> {
    let mut out = Map::new();
    for (i, c) in row.columns().iter().enumerate() {
        let v = if let Ok(s) = row.try_get::<Option<String>, _>(i) {
            s.map_or(Value::Null, Value::String)
        } else if let Ok(n) = row.try_get::<Option<i64>, _>(i) {
            n.map_or(Value::Null, Value::from)
        } else if let Ok(f) = row.try_get::<Option<f64>, _>(i) {
            f.map_or(Value::Null, Value::from)
        } else {
            Value::Null
        };
        out.insert(c.name().to_owned(), v);
    }
    out
}

impl Store {
    /// Runs one subject-access query whose only parameter is the person's id (`$1`).
    pub(crate) async fn rows_of(&self, sql: &str, person: PersonId) -> Result<JsonRows> {
        let sql = format!("{sql} LIMIT {ROW_LIMIT}");
        let rows = sqlx::query(AssertSqlSafe(sql))
            .bind(person.to_string())
            .fetch_all(&self.pool)
            .await
            .map_err(db)?;
        Ok(rows.iter().map(row_json).collect())
    }

    /// The person's record, employments (with the organisation's name) and self-registration.
    pub async fn rights_person(&self, person: PersonId) -> Result<[(&'static str, JsonRows); 3]> {
        Ok([
            (
                "person",
                self.rows_of(
                    "SELECT id, scheme_id, given_name, family_name, email, email_kind, language, \
                     erased_at FROM people WHERE id = $1",
                    person,
                )
                .await?,
            ),
            (
                "employments",
                self.rows_of(
                    "SELECT e.id, e.organisation_id, o.name AS organisation, e.job_title, \
                     e.profession, e.grade_system, e.grade, e.line_manager_id, e.is_primary \
                     FROM employments e JOIN organisations o ON o.id = e.organisation_id \
                     WHERE e.person_id = $1 ORDER BY e.ordinal",
                    person,
                )
                .await?,
            ),
            (
                "registration",
                self.rows_of(
                    "SELECT organisation_id, registered_at, expires_at, email_confirmed_at, \
                     employment, decided_at FROM registrations WHERE person_id = $1",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// Account metadata (never a hash): the account, its sign-in sessions, API tokens and
    /// e-mailed tokens, by their dates only; and the roles held.
    pub async fn rights_account(&self, person: PersonId) -> Result<[(&'static str, JsonRows); 5]> {
        Ok([
            (
                "account",
                self.rows_of(
                    "SELECT id, email, disabled, failed_logins, locked_until, \
                     CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END AS has_password \
                     FROM accounts WHERE person_id = $1",
                    person,
                )
                .await?,
            ),
            (
                "sign_in_sessions",
                self.rows_of(
                    "SELECT s.created_at, s.expires_at FROM sessions s \
                     JOIN accounts a ON a.id = s.account_id WHERE a.person_id = $1 \
                     ORDER BY s.created_at, s.token_hash",
                    person,
                )
                .await?,
            ),
            (
                "api_tokens",
                self.rows_of(
                    "SELECT t.name, t.created_at FROM api_tokens t \
                     JOIN accounts a ON a.id = t.account_id WHERE a.person_id = $1 \
                     ORDER BY t.created_at, t.token_hash",
                    person,
                )
                .await?,
            ),
            (
                "emailed_tokens",
                self.rows_of(
                    "SELECT t.kind, t.expires_at, t.used_at FROM tokens t \
                     JOIN accounts a ON a.id = t.account_id WHERE a.person_id = $1 \
                     ORDER BY t.expires_at, t.token_hash",
                    person,
                )
                .await?,
            ),
            (
                "roles",
                self.rows_of(
                    "SELECT role, scope_kind, scope_id FROM role_assignments WHERE person_id = $1 \
                     ORDER BY role, scope_kind, scope_id",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// The profile (with contact details: they are the person's own), the directory listing,
    /// whether a calendar feed exists, and notice preferences.
    pub async fn rights_profile(&self, person: PersonId) -> Result<[(&'static str, JsonRows); 4]> {
        Ok([
            (
                "profile",
                self.rows_of("SELECT * FROM profiles WHERE person_id = $1", person)
                    .await?,
            ),
            (
                "directory",
                self.rows_of(
                    "SELECT interests, dimensions, updated_at FROM growth_directory \
                     WHERE person_id = $1",
                    person,
                )
                .await?,
            ),
            (
                "calendar_feed",
                self.rows_of(
                    "SELECT created_at FROM calendar_feeds WHERE person_id = $1 \
                     ORDER BY created_at",
                    person,
                )
                .await?,
            ),
            (
                "notice_preferences",
                self.rows_of(
                    "SELECT kind, mode, updated_at FROM notice_preferences WHERE person_id = $1 \
                     ORDER BY kind",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// Assessment scores held about the person (with the instrument and dimension they belong
    /// to) and the equality data they gave (migration 0027).
    pub async fn rights_assessments(
        &self,
        person: PersonId,
    ) -> Result<[(&'static str, JsonRows); 2]> {
        Ok([
            (
                "assessment_scores",
                self.rows_of(
                    "SELECT i.programme_id, i.name AS instrument, d.label AS dimension, s.score, \
                     i.score_min, i.score_max, s.imported_at FROM assessment_scores s \
                     JOIN assessment_instruments i ON i.id = s.instrument_id \
                     JOIN assessment_dimensions d ON d.instrument_id = s.instrument_id \
                     AND d.code = s.dimension_code WHERE s.person_id = $1 \
                     ORDER BY i.name, d.ordinal",
                    person,
                )
                .await?,
            ),
            (
                "equality_data",
                self.rows_of(
                    "SELECT languages, background, background_text, updated_at FROM equality_data \
                     WHERE person_id = $1",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// Applications (with their history and nominations) and the mentor's development record.
    pub async fn rights_applications(
        &self,
        person: PersonId,
    ) -> Result<[(&'static str, JsonRows); 6]> {
        Ok([
            (
                "applications",
                self.rows_of(
                    "SELECT id, intake_id, role, organisation_id, status, profile, answers, \
                     line_manager_id, submitted_at, updated_at FROM applications \
                     WHERE person_id = $1 ORDER BY submitted_at",
                    person,
                )
                .await?,
            ),
            (
                "application_events",
                self.rows_of(
                    "SELECT e.application_id, e.at, e.actor_id, e.status, e.note \
                     FROM application_events e JOIN applications a ON a.id = e.application_id \
                     WHERE a.person_id = $1 ORDER BY e.at, e.id",
                    person,
                )
                .await?,
            ),
            (
                "nominations",
                self.rows_of(
                    "SELECT n.application_id, n.nominated_by, n.nominated_at FROM nominations n \
                     JOIN applications a ON a.id = n.application_id WHERE a.person_id = $1",
                    person,
                )
                .await?,
            ),
            (
                "mentor_standing",
                self.rows_of(
                    "SELECT status, load_max, updated_at FROM mentor_standing WHERE person_id = $1",
                    person,
                )
                .await?,
            ),
            (
                "mentor_training",
                self.rows_of(
                    "SELECT id, course, provider, completed_on, evidence, qualifies, recorded_at, \
                     verified_at FROM mentor_training WHERE person_id = $1 ORDER BY completed_on, id",
                    person,
                )
                .await?,
            ),
            (
                "supervision",
                self.rows_of(
                    "SELECT id, held_on, supervisor, minutes, themes, recorded_at \
                     FROM supervision_sessions WHERE person_id = $1 ORDER BY held_on, id",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// Relationships from the person's side: their membership, the other members by name only,
    /// the agreement they signed, the sessions, their own private notes and ending, and their
    /// own set records. Other members' notes and ending reasons are never read.
    pub async fn rights_relationships(
        &self,
        person: PersonId,
    ) -> Result<[(&'static str, JsonRows); 10]> {
        const MINE: &str = "SELECT relationship_id FROM relationship_members WHERE person_id = $1";
        Ok([
            (
                "relationships",
                self.rows_of(
                    "SELECT r.id, r.kind, r.status, r.created_at, r.activated_at, r.closed_at, \
                     m.role, m.response, m.responded_at, m.signed_version, m.signed_at, \
                     m.fit_check, m.fit_checked_at FROM relationship_members m \
                     JOIN relationships r ON r.id = m.relationship_id WHERE m.person_id = $1 \
                     ORDER BY r.created_at",
                    person,
                )
                .await?,
            ),
            (
                "other_members",
                self.rows_of(
                    &format!(
                        "SELECT m.relationship_id, m.role, p.given_name, p.family_name \
                         FROM relationship_members m JOIN people p ON p.id = m.person_id \
                         WHERE m.relationship_id IN ({MINE}) AND m.person_id <> $1 \
                         ORDER BY m.relationship_id"
                    ),
                    person,
                )
                .await?,
            ),
            (
                "agreements",
                self.rows_of(
                    &format!(
                        "SELECT relationship_id, kind, body, version, updated_at FROM agreements \
                         WHERE relationship_id IN ({MINE}) ORDER BY relationship_id, kind, version"
                    ),
                    person,
                )
                .await?,
            ),
            (
                "sessions",
                self.rows_of(
                    &format!(
                        "SELECT id, relationship_id, status, held_on, starts_at, ends_at, \
                         minutes, mode, place, link, topics, action_points FROM \
                         relationship_sessions WHERE relationship_id IN ({MINE}) \
                         ORDER BY held_on, id"
                    ),
                    person,
                )
                .await?,
            ),
            (
                "private_notes",
                self.rows_of(
                    "SELECT session_id, body, updated_at FROM session_notes WHERE person_id = $1 \
                     ORDER BY updated_at, session_id",
                    person,
                )
                .await?,
            ),
            (
                "endings",
                self.rows_of(
                    "SELECT relationship_id, at, private_reason FROM relationship_endings \
                     WHERE person_id = $1 ORDER BY relationship_id, at",
                    person,
                )
                .await?,
            ),
            (
                "set_attendance",
                self.rows_of(
                    "SELECT meeting_id, present FROM set_attendance WHERE person_id = $1 \
                     ORDER BY meeting_id",
                    person,
                )
                .await?,
            ),
            (
                "set_apologies",
                self.rows_of(
                    "SELECT meeting_id, sent_at FROM set_apologies WHERE person_id = $1 \
                     ORDER BY meeting_id",
                    person,
                )
                .await?,
            ),
            (
                "set_presentations",
                self.rows_of(
                    "SELECT meeting_id, position, issue FROM set_presentations \
                     WHERE person_id = $1 ORDER BY meeting_id, position",
                    person,
                )
                .await?,
            ),
            (
                "set_actions",
                self.rows_of(
                    "SELECT meeting_id, text, status, created_at, updated_at FROM set_actions \
                     WHERE person_id = $1 ORDER BY meeting_id, created_at, id",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// Goals, the reflective log and CPD activities: the person's own.
    pub async fn rights_growth(&self, person: PersonId) -> Result<[(&'static str, JsonRows); 3]> {
        Ok([
            (
                "goals",
                self.rows_of(
                    "SELECT id, relationship_id, title, dimensions, status, progress_note, \
                     created_at, updated_at, appraisal_kind, appraisal_on FROM growth_goals \
                     WHERE person_id = $1 \
                     ORDER BY created_at, id",
                    person,
                )
                .await?,
            ),
            (
                "reflections",
                self.rows_of(
                    "SELECT id, written_on, body, relationship_id, dimensions, shared_with, \
                     created_at, updated_at FROM growth_reflections WHERE person_id = $1 \
                     ORDER BY written_on, id",
                    person,
                )
                .await?,
            ),
            (
                "cpd",
                self.rows_of(
                    "SELECT id, activity, done_on, minutes, participatory, reflection, created_at \
                     FROM growth_cpd WHERE person_id = $1 ORDER BY done_on, id",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// Survey requests sent to the person, the responses given under their respondent key
    /// (with answers and scores), and their consents (current research choice and history).
    pub async fn rights_surveys(
        &self,
        person: PersonId,
        respondent: &str,
    ) -> Result<[(&'static str, JsonRows); 5]> {
        let responses = |sql: &'static str| {
            let sql = format!("{sql} LIMIT {ROW_LIMIT}");
            async move {
                let rows = sqlx::query(AssertSqlSafe(sql))
                    .bind(respondent.to_owned())
                    .fetch_all(&self.pool)
                    .await
                    .map_err(db)?;
                Ok::<_, StoreError>(rows.iter().map(row_json).collect::<JsonRows>())
            }
        };
        Ok([
            (
                "survey_requests",
                self.rows_of(
                    "SELECT id, survey_id, wave, relationship_id, opens_at, closes_at, \
                     reminded_at, answered_at, declined_at FROM survey_requests \
                     WHERE person_id = $1 ORDER BY opens_at, id",
                    person,
                )
                .await?,
            ),
            (
                "survey_responses",
                responses(
                    "SELECT r.id, r.survey_id, r.wave, r.role, r.submitted_month, \
                     r.research_consent, r.share_free_text, a.item, a.number, a.text \
                     FROM survey_responses r JOIN survey_answers a ON a.response_id = r.id \
                     WHERE r.respondent = $1 ORDER BY r.id, a.item",
                )
                .await?,
            ),
            (
                "survey_scores",
                responses(
                    "SELECT s.response_id, s.scale, s.score FROM survey_scores s \
                     JOIN survey_responses r ON r.id = s.response_id WHERE r.respondent = $1 \
                     ORDER BY s.response_id, s.scale",
                )
                .await?,
            ),
            (
                "research_consent",
                self.rows_of(
                    "SELECT consent, basis, recorded_at FROM research_consents \
                     WHERE person_id = $1",
                    person,
                )
                .await?,
            ),
            (
                "consents",
                self.rows_of(
                    "SELECT kind, given, basis, basis_version, recorded_at FROM consents \
                     WHERE person_id = $1 ORDER BY recorded_at, id",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// Notices sent (or to be sent) to the person, by kind, state and dates (not their text,
    /// which is rendered at delivery from the records above), and the audit entries where the
    /// person acted or is the subject.
    pub async fn rights_notices_and_audit(
        &self,
        person: PersonId,
    ) -> Result<[(&'static str, JsonRows); 2]> {
        Ok([
            (
                "notices",
                self.rows_of(
                    "SELECT id, kind, state, due_at, created_at, finished_at FROM outbox \
                     WHERE person_id = $1 ORDER BY created_at, id",
                    person,
                )
                .await?,
            ),
            (
                "audit",
                self.rows_of(
                    // Not the entry's id: it is random, says nothing about the person and
                    // would make two exports of one database differ. Ordered by content.
                    "SELECT at, actor_id, action, subject, detail FROM audit_log \
                     WHERE actor_id = $1 OR subject = $1 \
                     ORDER BY at, action, subject, detail, actor_id",
                    person,
                )
                .await?,
            ),
        ])
    }

    /// Whether the person was erased.
    pub async fn person_erased(&self, person: PersonId) -> Result<bool> {
        let row = sqlx::query("SELECT erased_at FROM people WHERE id = $1")
            .bind(person.to_string())
            .fetch_optional(&self.pool)
            .await
            .map_err(db)?
            .ok_or(StoreError::NotFound)?;
        Ok(opt_text(&row, "erased_at")?.is_some())
    }

    /// Erases (pseudonymises) a person in one transaction: the name becomes `replacement`, the
    /// e-mail a unique address that can never be delivered, search keys and the profile, contact
    /// details, directory listing, calendar feed, notice preferences go; the account (with its
    /// sessions and tokens) is deleted; private notes and reflections are deleted; free text
    /// they wrote about themselves (job title, application answers, training evidence,
    /// supervision themes, CPD reflections, goals, a private ending reason, set issues and
    /// actions) is emptied. Rows others' records and the figures count (relationships,
    /// memberships, sessions, attendance, goals, survey requests and responses) stay, with
    /// their ids. Queued notices to them are dropped. `NotFound` for an unknown person.
    pub async fn erase_person(
        &self,
        person: PersonId,
        replacement: &str,
        now: DateTime<Utc>,
    ) -> Result<ErasureCounts> {
        let id = person.to_string();
        let mut tx = self.pool.begin().await.map_err(db)?;
        // Erasure unlists the person (their employments stay): the maintained counts change
        // with it, in this transaction.
        let mut people_counts = CountsDelta::default();
        people_counts
            .people(&mut tx, &[person], -1)
            .await
            .map_err(db)?;
        let address = format!("erased-{id}@erased.invalid");
        let done = sqlx::query(
            "UPDATE people SET given_name = $2, family_name = '', email = $3, email_key = $3, \
             given_key = '', family_key = '', search_text = '', search_key = '', search_words = '[]', \
             erased_at = $4 WHERE id = $1",
        )
        .bind(&id)
        .bind(replacement)
        .bind(&address)
        .bind(ts(now))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let mut counts = ErasureCounts::default();
        let mut run = async |sql: &str| -> Result<u64> {
            Ok(sqlx::query(AssertSqlSafe(sql.to_owned()))
                .bind(&id)
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected())
        };
        counts.accounts = run("DELETE FROM accounts WHERE person_id = $1").await?;
        counts.notes = run("DELETE FROM session_notes WHERE person_id = $1").await?;
        counts.reflections = run("DELETE FROM growth_reflections WHERE person_id = $1").await?;
        for sql in [
            "DELETE FROM profiles WHERE person_id = $1",
            "DELETE FROM assessment_scores WHERE person_id = $1",
            "DELETE FROM equality_data WHERE person_id = $1",
            "DELETE FROM growth_directory WHERE person_id = $1",
            "DELETE FROM peer_requests WHERE asker_id = $1 OR recipient_id = $1",
            "DELETE FROM calendar_feeds WHERE person_id = $1",
            "DELETE FROM notice_preferences WHERE person_id = $1",
            "DELETE FROM manager_links WHERE manager_id = $1",
            // The name sort keys copied onto employments (migration 0042) follow the person's.
            "UPDATE employments SET job_title = '', family_key = '', given_key = '' WHERE person_id = $1",
            "UPDATE applications SET answers = '{}' WHERE person_id = $1",
            "UPDATE application_events SET note = '' WHERE application_id IN \
             (SELECT id FROM applications WHERE person_id = $1)",
            "UPDATE mentor_training SET evidence = '' WHERE person_id = $1",
            "UPDATE supervision_sessions SET supervisor = '', themes = '' WHERE person_id = $1",
            "UPDATE growth_cpd SET activity = '', reflection = '' WHERE person_id = $1",
            "UPDATE growth_goals SET title = '', progress_note = '', appraisal_kind = NULL, \
             appraisal_on = NULL WHERE person_id = $1",
            "DELETE FROM appraisal_summaries WHERE person_id = $1 OR manager_id = $1",
            "UPDATE relationship_endings SET private_reason = '' WHERE person_id = $1",
            "UPDATE set_presentations SET issue = '' WHERE person_id = $1",
            "UPDATE set_actions SET text = '' WHERE person_id = $1",
            "UPDATE outbox SET state = 'dropped', address = NULL WHERE person_id = $1 \
             AND state IN ('queued', 'digest', 'dead')",
        ] {
            run(sql).await?;
        }
        people_counts
            .people(&mut tx, &[person], 1)
            .await
            .map_err(db)?;
        people_counts.apply(&mut tx).await.map_err(db)?;
        self.commit(tx).await.map_err(db)?;
        Ok(counts)
    }

    /// The scheme's retention periods (the defaults while none were saved).
    pub async fn retention_settings(&self, scheme: SchemeId) -> Result<RetentionSettings> {
        let row = sqlx::query(
            "SELECT closed_relationship_years, registration_days, dead_notice_days, \
             assessment_score_months, appraisal_link_days \
             FROM retention_settings WHERE scheme_id = $1",
        )
        .bind(scheme.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(row) = row else {
            return Ok(RetentionSettings::default());
        };
        let n = |c: &str| -> Result<u32> {
            u32::try_from(int(&row, c)?).map_err(|_| crate::error::corrupt(c.to_owned()))
        };
        Ok(RetentionSettings {
            closed_relationship_years: n("closed_relationship_years")?,
            registration_days: n("registration_days")?,
            dead_notice_days: n("dead_notice_days")?,
            assessment_score_months: n("assessment_score_months")?,
            appraisal_link_days: n("appraisal_link_days")?,
        })
    }

    pub async fn save_retention_settings(
        &self,
        scheme: SchemeId,
        s: &RetentionSettings,
        now: DateTime<Utc>,
    ) -> Result<()> {
        // A transaction so that the change's staged audit entry is written with it.
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO retention_settings (scheme_id, closed_relationship_years, \
             registration_days, dead_notice_days, updated_at, assessment_score_months, \
             appraisal_link_days) VALUES ($1, $2, $3, $4, $5, $6, $7) \
             ON CONFLICT (scheme_id) DO UPDATE SET \
             closed_relationship_years = EXCLUDED.closed_relationship_years, \
             registration_days = EXCLUDED.registration_days, \
             dead_notice_days = EXCLUDED.dead_notice_days, updated_at = EXCLUDED.updated_at, \
             assessment_score_months = EXCLUDED.assessment_score_months, \
             appraisal_link_days = EXCLUDED.appraisal_link_days",
        )
        .bind(scheme.to_string())
        .bind(i64::from(s.closed_relationship_years))
        .bind(i64::from(s.registration_days))
        .bind(i64::from(s.dead_notice_days))
        .bind(ts(now))
        .bind(i64::from(s.assessment_score_months))
        .bind(i64::from(s.appraisal_link_days))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }

    /// Counts (`apply` false) or removes (`apply` true, in one transaction) what the retention
    /// rules find in `scheme` at the cut-offs. Expired credentials are not a scheme's: they are
    /// counted and removed whichever scheme asks.
    pub async fn retention(
        &self,
        scheme: SchemeId,
        c: &RetentionCutoffs,
        apply: bool,
    ) -> Result<RetentionCounts> {
        let scheme = scheme.to_string();
        let closed = "SELECT r.id FROM relationships r JOIN intakes i ON i.id = r.intake_id \
             JOIN programmes p ON p.id = i.programme_id WHERE p.scheme_id = $1 \
             AND r.closed_at IS NOT NULL AND r.closed_at < $2 AND r.free_text_removed_at IS NULL";
        let registrations = "SELECT person_id FROM registrations WHERE scheme_id = $1 \
             AND email_confirmed_at IS NULL AND registered_at < $2";
        let dead = "SELECT id FROM outbox WHERE state = 'dead' AND created_at < $2 \
             AND (person_id IS NULL OR person_id IN (SELECT id FROM people WHERE scheme_id = $1))";
        let now = ts(c.now);
        let scores_binds = [scheme.as_str(), &ts(c.scores_before)];
        let links_binds = [scheme.as_str(), &ts(c.links_before)];
        // Sign-in sessions are not here: the upkeep pass deletes them on its own, counting them.
        let expired: [(&str, &str); 4] = [
            ("tokens", "expires_at <= $1"),
            ("manager_links", "expires_at <= $1"),
            ("setup_codes", "expires_at <= $1"),
            ("sso_pending", "expires_at <= $1"),
        ];
        let mut tx = self.pool.begin().await.map_err(db)?;
        let mut counts = RetentionCounts::default();
        if !apply {
            let count = async |tx: &mut sqlx::Transaction<'_, sqlx::Any>,
                               sql: String,
                               binds: &[&str]|
                   -> Result<u64> {
                let mut q = sqlx::query(AssertSqlSafe(sql));
                for b in binds {
                    q = q.bind(b.to_string());
                }
                let row = q.fetch_one(&mut **tx).await.map_err(db)?;
                Ok(u64::try_from(int(&row, "n")?).unwrap_or(0))
            };
            counts.closed_relationships = count(
                &mut tx,
                format!("SELECT COUNT(*) AS n FROM ({closed}) x"),
                &[&scheme, &ts(c.closed_before)],
            )
            .await?;
            counts.unconfirmed_registrations = count(
                &mut tx,
                format!("SELECT COUNT(*) AS n FROM ({registrations}) x"),
                &[&scheme, &ts(c.registered_before)],
            )
            .await?;
            counts.dead_notices = count(
                &mut tx,
                format!("SELECT COUNT(*) AS n FROM ({dead}) x"),
                &[&scheme, &ts(c.dead_before)],
            )
            .await?;
            counts.assessment_scores = count(
                &mut tx,
                format!("SELECT COUNT(*) AS n FROM assessment_scores WHERE {SPENT_SCORES}"),
                &scores_binds,
            )
            .await?;
            counts.appraisal_links = count(
                &mut tx,
                format!("SELECT COUNT(*) AS n FROM appraisal_summaries WHERE {SPENT_LINKS}"),
                &links_binds,
            )
            .await?;
            for (table, filter) in expired {
                counts.expired_credentials += count(
                    &mut tx,
                    format!("SELECT COUNT(*) AS n FROM {table} WHERE {filter}"),
                    &[&now],
                )
                .await?;
            }
            tx.rollback().await.map_err(db)?;
            return Ok(counts);
        }
        // Applying starts with a write, so that on SQLite the transaction takes the writer's
        // lock at once (waiting its turn) rather than reading first and failing to upgrade when
        // another instance's pass writes meanwhile. The counts are what each statement changed.
        let exec = async |tx: &mut sqlx::Transaction<'_, sqlx::Any>,
                          sql: String,
                          binds: &[&str]|
               -> Result<u64> {
            let mut q = sqlx::query(AssertSqlSafe(sql));
            for b in binds {
                q = q.bind(b.to_string());
            }
            Ok(q.execute(&mut **tx).await.map_err(db)?.rows_affected())
        };
        let closed_binds = [scheme.as_str(), &ts(c.closed_before), &now];
        // The relationship's free text goes; its dates, sessions held, attendance and counts
        // stay, so the programme's figures do not change.
        for sql in [
            "UPDATE agreements SET body = '' WHERE relationship_id IN ({closed})",
            "UPDATE relationship_sessions SET topics = '', action_points = '', link = '', \
             place = '' WHERE relationship_id IN ({closed})",
            "DELETE FROM session_notes WHERE session_id IN (SELECT id FROM relationship_sessions \
             WHERE relationship_id IN ({closed}))",
            "UPDATE relationship_endings SET private_reason = '' WHERE relationship_id IN ({closed})",
            "UPDATE growth_goals SET progress_note = '' WHERE relationship_id IN ({closed})",
            "UPDATE appraisal_summaries SET body = '' WHERE relationship_id IN ({closed})",
            "UPDATE set_presentations SET issue = '' WHERE meeting_id IN (SELECT id FROM \
             set_meetings WHERE relationship_id IN ({closed}))",
            "UPDATE set_actions SET text = '' WHERE meeting_id IN (SELECT id FROM set_meetings \
             WHERE relationship_id IN ({closed}))",
            "UPDATE shadowing_days SET learning = '', place = '' WHERE relationship_id IN ({closed})",
            "UPDATE relationships SET free_text_removed_at = $3 WHERE id IN ({closed})",
        ] {
            // The last statement marks the relationships done: its count is theirs.
            counts.closed_relationships =
                exec(&mut tx, sql.replace("{closed}", closed), &closed_binds).await?;
        }
        // The people are read first, so the maintained counts lose exactly those deleted (applied
        // below, last before COMMIT).
        let unconfirmed: Vec<PersonId> = {
            let mut q = sqlx::query(AssertSqlSafe(registrations.to_owned()));
            for b in [scheme.as_str(), &ts(c.registered_before)] {
                q = q.bind(b.to_string());
            }
            q.fetch_all(&mut *tx)
                .await
                .map_err(db)?
                .iter()
                .map(|r| parsed::<PersonId>(r, "person_id"))
                .collect::<Result<_>>()?
        };
        let mut people_counts = CountsDelta::default();
        people_counts
            .people(&mut tx, &unconfirmed, -1)
            .await
            .map_err(db)?;
        counts.unconfirmed_registrations = crate::people::delete_people(&mut tx, &unconfirmed)
            .await
            .map_err(db)?;
        counts.dead_notices = exec(
            &mut tx,
            format!("DELETE FROM outbox WHERE id IN ({dead})"),
            &[&scheme, &ts(c.dead_before)],
        )
        .await?;
        counts.assessment_scores = exec(
            &mut tx,
            format!("DELETE FROM assessment_scores WHERE {SPENT_SCORES}"),
            &scores_binds,
        )
        .await?;
        // The row stays (the mentee's page still says the link expired, was opened or was
        // withdrawn); only the hash that would let a link find it goes.
        counts.appraisal_links = exec(
            &mut tx,
            format!("UPDATE appraisal_summaries SET token_hash = NULL WHERE {SPENT_LINKS}"),
            &links_binds,
        )
        .await?;
        for (table, filter) in expired {
            counts.expired_credentials += exec(
                &mut tx,
                format!("DELETE FROM {table} WHERE {filter}"),
                &[&now],
            )
            .await?;
        }
        if counts == RetentionCounts::default() {
            // Nothing removed (another instance was first): nothing to audit either.
            self.discard_staged();
            return Ok(counts);
        }
        people_counts.apply(&mut tx).await.map_err(db)?;
        self.commit(tx).await.map_err(db)?;
        Ok(counts)
    }

    /// Appends a consent decision. For research use it also sets the current choice the survey
    /// flow reads (`research_consents`) and, on withdrawal, clears the research consent of the
    /// responses given under `withdrawn_respondent`, all in one transaction.
    pub async fn record_consent(
        &self,
        c: &ConsentRecord,
        withdrawn_respondent: Option<&str>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO consents (id, person_id, kind, given, basis, basis_version, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(c.id.as_str())
        .bind(c.person_id.to_string())
        .bind(c.kind.as_str())
        .bind(i64::from(c.given))
        .bind(c.basis.as_str())
        .bind(c.basis_version.as_str())
        .bind(ts(c.recorded_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if c.kind == "research" {
            sqlx::query(
                "INSERT INTO research_consents (person_id, consent, basis, recorded_at) \
                 VALUES ($1, $2, $3, $4) ON CONFLICT (person_id) DO UPDATE SET \
                 consent = EXCLUDED.consent, basis = EXCLUDED.basis, \
                 recorded_at = EXCLUDED.recorded_at",
            )
            .bind(c.person_id.to_string())
            .bind(i64::from(c.given))
            // research_consents has always held the basis's version code (a translation key).
            .bind(c.basis_version.as_str())
            .bind(ts(c.recorded_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if let (false, Some(respondent)) = (c.given, withdrawn_respondent) {
                sqlx::query(
                    "UPDATE survey_responses SET research_consent = 0 \
                     WHERE respondent = $1 AND research_consent <> 0",
                )
                .bind(respondent)
                .execute(&mut *tx)
                .await
                .map_err(db)?;
            }
        }
        self.commit(tx).await.map_err(db)
    }

    /// A person's consent decisions, oldest first.
    pub async fn consents_of(&self, person: PersonId) -> Result<Vec<ConsentRecord>> {
        let rows = sqlx::query(
            "SELECT id, person_id, kind, given, basis, basis_version, recorded_at FROM consents \
             WHERE person_id = $1 ORDER BY recorded_at, id LIMIT 1000",
        )
        .bind(person.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(ConsentRecord {
                    id: text(r, "id")?,
                    person_id: crate::codec::parsed(r, "person_id")?,
                    kind: text(r, "kind")?,
                    given: int(r, "given")? != 0,
                    basis: text(r, "basis")?,
                    basis_version: text(r, "basis_version")?,
                    recorded_at: parse_ts(&text(r, "recorded_at")?)?,
                })
            })
            .collect()
    }
}
