//! Storage of evaluation surveys, the requests that ask people to answer them, and the answers.
//!
//! Answers are kept apart from who gave them (see migration 0015): a response row carries a
//! pseudonymous respondent key, never a person id, and the only link between a person and an
//! answer is the moment `answered_at` is set on their request, in the same transaction that
//! stores the response. No query here joins a request to a response, so none can leak who said
//! what; evaluators' queries (the evaluation module) read responses and request counts only.

use crate::Store;
use crate::codec::{int, opt_parsed, opt_text, parse_ts, parsed, text, ts};
use crate::error::{Clash, Result, StoreError, UniqueField, corrupt, db, db_or_conflict};
use chrono::{DateTime, Utc};
use sqlx::Row;
use sqlx::any::AnyRow;
use tandem_domain::survey::{
    Item, LocalText, ResponseId, StoredAnswer, Survey, SurveyId, SurveyRequestId, WaveKind,
};
use tandem_domain::{IntakeId, OrganisationId, PersonId, ProgrammeId, RelationshipId};

/// One person asked to answer one survey at one wave.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyRequest {
    pub id: SurveyRequestId,
    pub survey_id: SurveyId,
    pub wave: WaveKind,
    pub person_id: PersonId,
    pub relationship_id: Option<RelationshipId>,
    /// The session or set meeting a session-feedback request is about; empty otherwise.
    pub session_key: String,
    pub programme_id: ProgrammeId,
    pub intake_id: IntakeId,
    /// The organisation whose place the person took.
    pub organisation_id: Option<OrganisationId>,
    /// Their part: "mentor", "mentee", "partner", "member".
    pub role: String,
    pub opens_at: DateTime<Utc>,
    pub closes_at: DateTime<Utc>,
    pub reminded_at: Option<DateTime<Utc>>,
    pub answered_at: Option<DateTime<Utc>>,
    pub declined_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl SurveyRequest {
    /// The key that makes opening a request idempotent: one per survey, wave, relationship,
    /// session and person.
    pub fn dedup_key(&self) -> String {
        format!(
            "{}:{}:{}:{}:{}",
            self.survey_id,
            self.wave.code(),
            self.relationship_id
                .map(|r| r.to_string())
                .unwrap_or_default(),
            self.session_key,
            self.person_id
        )
    }
}

/// An answered survey as stored: no person, a pseudonymous respondent key.
#[derive(Clone, Debug, PartialEq)]
pub struct NewResponse {
    pub id: ResponseId,
    pub survey_id: SurveyId,
    pub survey_version: i64,
    pub programme_id: ProgrammeId,
    pub intake_id: IntakeId,
    pub organisation_id: Option<OrganisationId>,
    pub wave: WaveKind,
    pub role: String,
    /// HMAC of the person under the installation's evaluation key.
    pub respondent: String,
    /// HMAC of the person and the relationship the answers are about: before/after pairs form
    /// on it (see migration 0015).
    pub pair_key: String,
    /// "YYYY-MM".
    pub submitted_month: String,
    pub research_consent: bool,
    pub share_free_text: bool,
    pub answers: Vec<StoredAnswer>,
    /// Per-scale scores (tandem_domain::survey::score).
    pub scores: Vec<(String, f64)>,
}

/// A person's research-consent choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResearchConsent {
    pub person_id: PersonId,
    pub consent: bool,
    /// The lawful basis / wording version the person agreed to.
    pub basis: String,
    pub recorded_at: DateTime<Utc>,
}

fn waves_text(w: &[WaveKind]) -> String {
    w.iter().map(|w| w.code()).collect::<Vec<_>>().join(",")
}

fn items_json(items: &[Item]) -> Result<String> {
    serde_json::to_string(items).map_err(|e| StoreError::Database(Box::new(e)))
}

fn survey_from(row: &AnyRow) -> Result<Survey> {
    let waves = text(row, "waves")?
        .split(',')
        .filter(|s| !s.is_empty())
        .map(|c| WaveKind::from_code(c).ok_or_else(|| corrupt(format!("wave {c:?}"))))
        .collect::<Result<Vec<_>>>()?;
    let items: Vec<Item> =
        serde_json::from_str(&text(row, "items")?).map_err(|e| corrupt(format!("items: {e}")))?;
    Ok(Survey {
        id: parsed(row, "id")?,
        programme_id: parsed(row, "programme_id")?,
        title: LocalText {
            en: text(row, "title_en")?,
            nl: text(row, "title_nl")?,
        },
        waves,
        items,
        version: int(row, "version")?,
        created_at: parse_ts(&text(row, "created_at")?)?,
        updated_at: parse_ts(&text(row, "updated_at")?)?,
    })
}

fn opt_ts(row: &AnyRow, col: &str) -> Result<Option<DateTime<Utc>>> {
    opt_text(row, col)?.map(|s| parse_ts(&s)).transpose()
}

pub(crate) fn request_from(row: &AnyRow) -> Result<SurveyRequest> {
    let wave = text(row, "wave")?;
    Ok(SurveyRequest {
        id: parsed(row, "id")?,
        survey_id: parsed(row, "survey_id")?,
        wave: WaveKind::from_code(&wave).ok_or_else(|| corrupt(format!("wave {wave:?}")))?,
        person_id: parsed(row, "person_id")?,
        relationship_id: opt_parsed(row, "relationship_id")?,
        session_key: text(row, "session_key")?,
        programme_id: parsed(row, "programme_id")?,
        intake_id: parsed(row, "intake_id")?,
        organisation_id: opt_parsed(row, "organisation_id")?,
        role: text(row, "role")?,
        opens_at: parse_ts(&text(row, "opens_at")?)?,
        closes_at: parse_ts(&text(row, "closes_at")?)?,
        reminded_at: opt_ts(row, "reminded_at")?,
        answered_at: opt_ts(row, "answered_at")?,
        declined_at: opt_ts(row, "declined_at")?,
        created_at: parse_ts(&text(row, "created_at")?)?,
    })
}

const SURVEY_COLS: &str =
    "id, programme_id, title_en, title_nl, waves, items, version, created_at, updated_at";
pub(crate) const REQUEST_COLS: &str = "id, survey_id, wave, person_id, relationship_id, session_key, \
     programme_id, intake_id, organisation_id, role, opens_at, closes_at, reminded_at, \
     answered_at, declined_at, created_at";

impl Store {
    pub async fn create_survey(&self, s: &Survey) -> Result<()> {
        // A transaction (of one statement) so that a staged audit entry or notice is
        // written with the change: see `Store::audited`.
        let mut tx = self.pool.begin().await.map_err(crate::error::db)?;
        let out: Result<()> = async {
            sqlx::query(
                "INSERT INTO surveys (id, programme_id, title_en, title_nl, waves, items, version, \
                 created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .bind(s.id.to_string())
            .bind(s.programme_id.to_string())
            .bind(s.title.en.as_str())
            .bind(s.title.nl.as_str())
            .bind(waves_text(&s.waves))
            .bind(items_json(&s.items)?)
            .bind(s.version)
            .bind(ts(s.created_at))
            .bind(ts(s.updated_at))
            .execute(&mut *tx)
            .await
            .map_err(|e| db_or_conflict(e, UniqueField::Id))?;
            Ok(())
        }
        .await;
        out?;
        self.commit(tx).await.map_err(crate::error::db)
    }

    pub async fn get_survey(&self, id: SurveyId) -> Result<Survey> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SURVEY_COLS} FROM surveys WHERE id = $1"
        )))
        .bind(id.to_string())
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        survey_from(&row)
    }

    pub async fn surveys_of_programme(&self, programme: ProgrammeId) -> Result<Vec<Survey>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {SURVEY_COLS} FROM surveys WHERE programme_id = $1 ORDER BY created_at, id"
        )))
        .bind(programme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(survey_from).collect()
    }

    /// Replaces a survey's title, waves and items if it is still at `expected_version` and has no
    /// response yet; the version rises by one. A survey someone answered keeps its questions, so
    /// before/after answers stay comparable: `Refused(SurveyAnswered)`. A concurrent edit:
    /// `Refused(VersionChanged)`.
    pub async fn update_survey(&self, s: &Survey, expected_version: i64) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let answered: i64 =
            sqlx::query("SELECT COUNT(*) AS n FROM survey_responses WHERE survey_id = $1")
                .bind(s.id.to_string())
                .fetch_one(&mut *tx)
                .await
                .map_err(db)?
                .try_get("n")
                .map_err(db)?;
        if answered > 0 {
            return Err(StoreError::Refused(Clash::SurveyAnswered));
        }
        let done = sqlx::query(
            "UPDATE surveys SET title_en = $1, title_nl = $2, waves = $3, items = $4, \
             version = version + 1, updated_at = $5 WHERE id = $6 AND version = $7",
        )
        .bind(s.title.en.as_str())
        .bind(s.title.nl.as_str())
        .bind(waves_text(&s.waves))
        .bind(items_json(&s.items)?)
        .bind(ts(s.updated_at))
        .bind(s.id.to_string())
        .bind(expected_version)
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() == 0 {
            return Err(StoreError::Refused(Clash::VersionChanged));
        }
        self.commit(tx).await.map_err(db)
    }

    /// Opens requests, skipping any whose dedup key exists (several instances may run the
    /// scheduler). Returns the requests that were new; notices staged on this handle are written
    /// in the same transaction.
    pub async fn open_survey_requests(
        &self,
        requests: &[SurveyRequest],
    ) -> Result<Vec<SurveyRequest>> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let mut added = Vec::new();
        for r in requests {
            let done = sqlx::query(
                "INSERT INTO survey_requests (id, survey_id, wave, person_id, relationship_id, \
                 session_key, programme_id, intake_id, organisation_id, role, opens_at, \
                 closes_at, dedup_key, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
                 ON CONFLICT (dedup_key) DO NOTHING",
            )
            .bind(r.id.to_string())
            .bind(r.survey_id.to_string())
            .bind(r.wave.code())
            .bind(r.person_id.to_string())
            .bind(r.relationship_id.map(|x| x.to_string()))
            .bind(r.session_key.as_str())
            .bind(r.programme_id.to_string())
            .bind(r.intake_id.to_string())
            .bind(r.organisation_id.map(|x| x.to_string()))
            .bind(r.role.as_str())
            .bind(ts(r.opens_at))
            .bind(ts(r.closes_at))
            .bind(r.dedup_key())
            .bind(ts(r.created_at))
            .execute(&mut *tx)
            .await
            .map_err(db)?;
            if done.rows_affected() == 1 {
                added.push(r.clone());
            }
        }
        self.commit(tx).await.map_err(db)?;
        Ok(added)
    }

    pub async fn get_survey_request(&self, id: SurveyRequestId) -> Result<SurveyRequest> {
        let row = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REQUEST_COLS} FROM survey_requests WHERE id = $1"
        )))
        .bind(id.to_string())
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        request_from(&row)
    }

    /// A person's requests, newest first (answered ones included, so a home page can say what
    /// was done), at most `limit`.
    pub async fn survey_requests_of_person(
        &self,
        person: PersonId,
        limit: u64,
    ) -> Result<Vec<SurveyRequest>> {
        let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
            "SELECT {REQUEST_COLS} FROM survey_requests WHERE person_id = $1 \
             ORDER BY opens_at DESC, id DESC LIMIT $2"
        )))
        .bind(person.to_string())
        .bind(crate::codec::i64_from(limit))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter().map(request_from).collect()
    }

    /// Stores a response and marks its request answered, in one transaction: refused when the
    /// request was answered or declined already (`AlreadyAnswered`), has closed or not yet opened
    /// at `now` (`WaveClosed`), or the survey changed since the form was shown
    /// (`VersionChanged`). Nothing is stored when refused.
    pub async fn submit_survey_response(
        &self,
        request: SurveyRequestId,
        response: &NewResponse,
        now: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let version: i64 = sqlx::query("SELECT version FROM surveys WHERE id = $1")
            .bind(response.survey_id.to_string())
            .fetch_one(&mut *tx)
            .await
            .map_err(db)?
            .try_get("version")
            .map_err(db)?;
        if version != response.survey_version {
            return Err(StoreError::Refused(Clash::VersionChanged));
        }
        let row = sqlx::query(
            "SELECT answered_at, declined_at, opens_at, closes_at FROM survey_requests \
             WHERE id = $1",
        )
        .bind(request.to_string())
        .fetch_one(&mut *tx)
        .await
        .map_err(db)?;
        if opt_text(&row, "answered_at")?.is_some() || opt_text(&row, "declined_at")?.is_some() {
            return Err(StoreError::Refused(Clash::AlreadyAnswered));
        }
        let opens = parse_ts(&text(&row, "opens_at")?)?;
        let closes = parse_ts(&text(&row, "closes_at")?)?;
        if now < opens || now >= closes {
            return Err(StoreError::Refused(Clash::WaveClosed));
        }
        let done = sqlx::query(
            "UPDATE survey_requests SET answered_at = $1 WHERE id = $2 AND answered_at IS NULL \
             AND declined_at IS NULL",
        )
        .bind(ts(now))
        .bind(request.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Refused(Clash::AlreadyAnswered));
        }
        insert_response(&mut tx, response).await?;
        self.commit(tx).await.map_err(db)
    }

    /// Stores responses with no request behind them (the demo's history and benchmarks), in one
    /// transaction.
    pub async fn insert_survey_responses(&self, responses: &[NewResponse]) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        for r in responses {
            insert_response(&mut tx, r).await?;
        }
        self.commit(tx).await.map_err(db)
    }

    /// The installation's evaluation key, made by the first caller: `candidate` is stored unless
    /// a key exists, and the stored key is returned, so every instance uses the same one.
    pub async fn evaluation_key(&self, candidate: &str, now: DateTime<Utc>) -> Result<String> {
        sqlx::query(
            "INSERT INTO evaluation_key (singleton, secret, created_at) VALUES (1, $1, $2) \
             ON CONFLICT (singleton) DO NOTHING",
        )
        .bind(candidate)
        .bind(ts(now))
        .execute(&self.pool)
        .await
        .map_err(db)?;
        let row = sqlx::query("SELECT secret FROM evaluation_key WHERE singleton = 1")
            .fetch_one(&self.pool)
            .await
            .map_err(db)?;
        text(&row, "secret")
    }

    pub async fn set_research_consent(&self, c: &ResearchConsent) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO research_consents (person_id, consent, basis, recorded_at) \
             VALUES ($1, $2, $3, $4) ON CONFLICT (person_id) DO UPDATE SET \
             consent = EXCLUDED.consent, basis = EXCLUDED.basis, recorded_at = EXCLUDED.recorded_at",
        )
        .bind(c.person_id.to_string())
        .bind(i64::from(c.consent))
        .bind(c.basis.as_str())
        .bind(ts(c.recorded_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }

    pub async fn research_consent(&self, person: PersonId) -> Result<Option<ResearchConsent>> {
        let row = sqlx::query(
            "SELECT person_id, consent, basis, recorded_at FROM research_consents \
             WHERE person_id = $1",
        )
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        row.map(|r| {
            Ok(ResearchConsent {
                person_id: parsed(&r, "person_id")?,
                consent: int(&r, "consent")? != 0,
                basis: text(&r, "basis")?,
                recorded_at: parse_ts(&text(&r, "recorded_at")?)?,
            })
        })
        .transpose()
    }
}

async fn insert_response(tx: &mut sqlx::Transaction<'_, sqlx::Any>, r: &NewResponse) -> Result<()> {
    sqlx::query(
        "INSERT INTO survey_responses (id, survey_id, survey_version, programme_id, intake_id, \
         organisation_id, wave, role, respondent, pair_key, submitted_month, research_consent, \
         share_free_text) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(r.id.to_string())
    .bind(r.survey_id.to_string())
    .bind(r.survey_version)
    .bind(r.programme_id.to_string())
    .bind(r.intake_id.to_string())
    .bind(r.organisation_id.map(|x| x.to_string()))
    .bind(r.wave.code())
    .bind(r.role.as_str())
    .bind(r.respondent.as_str())
    .bind(r.pair_key.as_str())
    .bind(r.submitted_month.as_str())
    .bind(i64::from(r.research_consent))
    .bind(i64::from(r.share_free_text))
    .execute(&mut **tx)
    .await
    .map_err(|e| db_or_conflict(e, UniqueField::Id))?;
    for a in &r.answers {
        sqlx::query(
            "INSERT INTO survey_answers (response_id, item, number, text) VALUES ($1, $2, $3, $4)",
        )
        .bind(r.id.to_string())
        .bind(a.item.as_str())
        .bind(a.number)
        .bind(a.text.as_deref())
        .execute(&mut **tx)
        .await
        .map_err(db)?;
    }
    for (scale, score) in &r.scores {
        sqlx::query("INSERT INTO survey_scores (response_id, scale, score) VALUES ($1, $2, $3)")
            .bind(r.id.to_string())
            .bind(scale.as_str())
            .bind(*score)
            .execute(&mut **tx)
            .await
            .map_err(db)?;
    }
    Ok(())
}
