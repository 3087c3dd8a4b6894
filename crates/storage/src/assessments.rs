//! Assessment instruments and scores, programmes' matching uses, per-dimension weights, and the
//! equality data people give about themselves (migration 0027).
//!
//! Scores and equality data are special-category or appraisal data: every read here is of one
//! programme's instruments or one person's data, never a scheme-wide list, so the use cases'
//! policy checks (coordinators of that programme; the person themselves) decide every read.

use crate::Store;
use crate::codec::{int, parse_ts, parsed, text, ts};
use crate::error::{Result, corrupt, db};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use tandem_domain::assessment::{
    Article6, Article9, Background, Dimension, DimensionMode, DimensionWeight, EqualityData,
    Instrument, MatchingUse, UseKind,
};
use tandem_domain::{IntakeId, PersonId, ProgrammeId};

/// One imported score, ready to write.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ScoreRow {
    pub person_id: PersonId,
    pub instrument_id: String,
    pub dimension_code: String,
    pub score: i64,
}

/// Upper bound on the rows one read returns (a programme's scores for a run or a page).
const READ_LIMIT: i64 = 200_000;

fn background_columns(b: &Background) -> (&str, &str) {
    match b {
        Background::Listed(code) => (code.as_str(), ""),
        Background::SelfDescribed(t) => ("self", t.as_str()),
        Background::PreferNotToSay => ("prefer_not_to_say", ""),
    }
}

fn background_from(code: String, text: String) -> Background {
    match code.as_str() {
        "self" => Background::SelfDescribed(text),
        "prefer_not_to_say" => Background::PreferNotToSay,
        _ => Background::Listed(code),
    }
}

impl Store {
    /// Adds an instrument with its dimensions. A name the programme already uses (ignoring
    /// case) is `Conflict { field: Name }`.
    pub async fn create_instrument(&self, i: &Instrument, now: DateTime<Utc>) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO assessment_instruments (id, programme_id, name, name_key, score_min, \
             score_max, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(i.id.as_str())
        .bind(i.programme_id.to_string())
        .bind(i.name.as_str())
        .bind(i.name.to_lowercase())
        .bind(i.score_min)
        .bind(i.score_max)
        .bind(ts(now))
        .execute(&mut *tx)
        .await
        .map_err(|e| crate::error::db_or_conflict(e, crate::UniqueField::Name))?;
        for (k, d) in i.dimensions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO assessment_dimensions (instrument_id, code, label, ordinal) \
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(i.id.as_str())
            .bind(d.code.as_str())
            .bind(d.label.as_str())
            .bind(k as i64)
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        self.commit(tx).await.map_err(db)
    }

    /// Deletes one of the programme's instruments (its dimensions and weights go with it) while
    /// it holds no score: the check and the deletion are one statement, so a score imported
    /// meanwhile keeps the instrument. `Ok(false)` when nothing was deleted (scores, or no such
    /// instrument in the programme); nothing is written then.
    pub async fn delete_unscored_instrument(
        &self,
        programme: ProgrammeId,
        instrument: &str,
    ) -> Result<bool> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query(
            "DELETE FROM assessment_instruments WHERE id = $1 AND programme_id = $2 \
             AND NOT EXISTS (SELECT 1 FROM assessment_scores WHERE instrument_id = $1)",
        )
        .bind(instrument)
        .bind(programme.to_string())
        .execute(&mut *tx)
        .await
        .map_err(db)?
        .rows_affected();
        if done != 1 {
            tx.rollback().await.map_err(db)?;
            self.discard_staged();
            return Ok(false);
        }
        self.commit(tx).await.map_err(db)?;
        Ok(true)
    }

    /// A programme's instruments with their dimensions, by name.
    pub async fn instruments(&self, programme: ProgrammeId) -> Result<Vec<Instrument>> {
        let rows = sqlx::query(
            "SELECT i.id, i.name, i.score_min, i.score_max, d.code, d.label \
             FROM assessment_instruments i JOIN assessment_dimensions d ON d.instrument_id = i.id \
             WHERE i.programme_id = $1 ORDER BY i.name_key, i.id, d.ordinal",
        )
        .bind(programme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out: Vec<Instrument> = Vec::new();
        for r in &rows {
            let id = text(r, "id")?;
            if out.last().is_none_or(|i| i.id != id) {
                out.push(Instrument {
                    id,
                    programme_id: programme,
                    name: text(r, "name")?,
                    score_min: int(r, "score_min")?,
                    score_max: int(r, "score_max")?,
                    dimensions: Vec::new(),
                });
            }
            if let Some(i) = out.last_mut() {
                i.dimensions.push(Dimension {
                    code: text(r, "code")?,
                    label: text(r, "label")?,
                });
            }
        }
        Ok(out)
    }

    /// Writes imported scores in one transaction (all or none); a score already held for the
    /// same person, instrument and dimension is replaced.
    pub async fn save_scores(
        &self,
        rows: &[ScoreRow],
        by: PersonId,
        at: DateTime<Utc>,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        for s in rows {
            sqlx::query(
                "INSERT INTO assessment_scores (person_id, instrument_id, dimension_code, score, \
                 imported_at, imported_by) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (person_id, instrument_id, dimension_code) DO UPDATE SET \
                 score = EXCLUDED.score, imported_at = EXCLUDED.imported_at, \
                 imported_by = EXCLUDED.imported_by",
            )
            .bind(s.person_id.to_string())
            .bind(s.instrument_id.as_str())
            .bind(s.dimension_code.as_str())
            .bind(s.score)
            .bind(ts(at))
            .bind(by.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        self.commit(tx).await.map_err(db)
    }

    /// Every score held on the programme's instruments, by person, instrument and dimension.
    pub async fn programme_scores(&self, programme: ProgrammeId) -> Result<Vec<ScoreRow>> {
        let rows = sqlx::query(
            "SELECT s.person_id, s.instrument_id, s.dimension_code, s.score \
             FROM assessment_scores s JOIN assessment_instruments i ON i.id = s.instrument_id \
             WHERE i.programme_id = $1 \
             ORDER BY s.person_id, s.instrument_id, s.dimension_code LIMIT $2",
        )
        .bind(programme.to_string())
        .bind(READ_LIMIT)
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(ScoreRow {
                    person_id: parsed(r, "person_id")?,
                    instrument_id: text(r, "instrument_id")?,
                    dimension_code: text(r, "dimension_code")?,
                    score: int(r, "score")?,
                })
            })
            .collect()
    }

    /// The programme's decision on `kind`, if it ever made one.
    pub async fn matching_use(
        &self,
        programme: ProgrammeId,
        kind: UseKind,
    ) -> Result<Option<MatchingUse>> {
        let row = sqlx::query(
            "SELECT enabled, art6, art9, justification, weight, recorded_by, recorded_at \
             FROM matching_uses WHERE programme_id = $1 AND kind = $2",
        )
        .bind(programme.to_string())
        .bind(kind.code())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(r) = row else { return Ok(None) };
        let art6 = text(&r, "art6")?;
        let art9 = text(&r, "art9")?;
        Ok(Some(MatchingUse {
            programme_id: programme,
            kind,
            enabled: int(&r, "enabled")? != 0,
            art6: Article6::from_code(&art6).ok_or_else(|| corrupt("matching_uses.art6"))?,
            art9: Article9::from_code(&art9),
            justification: text(&r, "justification")?,
            weight: int(&r, "weight")?,
            recorded_by: parsed(&r, "recorded_by")?,
            recorded_at: parse_ts(&text(&r, "recorded_at")?)?,
        }))
    }

    /// Records a programme's decision (replacing the previous one).
    pub async fn save_matching_use(&self, u: &MatchingUse) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query(
            "INSERT INTO matching_uses (programme_id, kind, enabled, art6, art9, justification, \
             weight, recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (programme_id, kind) DO UPDATE SET enabled = EXCLUDED.enabled, \
             art6 = EXCLUDED.art6, art9 = EXCLUDED.art9, justification = EXCLUDED.justification, \
             weight = EXCLUDED.weight, recorded_by = EXCLUDED.recorded_by, \
             recorded_at = EXCLUDED.recorded_at",
        )
        .bind(u.programme_id.to_string())
        .bind(u.kind.code())
        .bind(i64::from(u.enabled))
        .bind(u.art6.code())
        .bind(u.art9.map_or("", |c| c.code()))
        .bind(u.justification.as_str())
        .bind(u.weight)
        .bind(u.recorded_by.to_string())
        .bind(ts(u.recorded_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }

    /// The programme's per-dimension weights.
    pub async fn assessment_weights(&self, programme: ProgrammeId) -> Result<Vec<DimensionWeight>> {
        let rows = sqlx::query(
            "SELECT instrument_id, dimension_code, weight, mode FROM assessment_weights \
             WHERE programme_id = $1 ORDER BY instrument_id, dimension_code",
        )
        .bind(programme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(DimensionWeight {
                    instrument_id: text(r, "instrument_id")?,
                    dimension_code: text(r, "dimension_code")?,
                    weight: int(r, "weight")?,
                    mode: DimensionMode::from_code(&text(r, "mode")?)
                        .ok_or_else(|| corrupt("assessment_weights.mode"))?,
                })
            })
            .collect()
    }

    /// Replaces the programme's per-dimension weights.
    pub async fn save_assessment_weights(
        &self,
        programme: ProgrammeId,
        weights: &[DimensionWeight],
    ) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        sqlx::query("DELETE FROM assessment_weights WHERE programme_id = $1")
            .bind(programme.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        for w in weights {
            sqlx::query(
                "INSERT INTO assessment_weights (programme_id, instrument_id, dimension_code, \
                 weight, mode) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(programme.to_string())
            .bind(w.instrument_id.as_str())
            .bind(w.dimension_code.as_str())
            .bind(w.weight)
            .bind(w.mode.code())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        }
        self.commit(tx).await.map_err(db)
    }

    /// The equality data a person gave, if any.
    pub async fn equality_data(&self, person: PersonId) -> Result<Option<EqualityData>> {
        let row = sqlx::query(
            "SELECT languages, background, background_text, updated_at FROM equality_data \
             WHERE person_id = $1",
        )
        .bind(person.to_string())
        .fetch_optional(&self.pool)
        .await
        .map_err(db)?;
        let Some(r) = row else { return Ok(None) };
        Ok(Some(EqualityData {
            person_id: person,
            languages: text(&r, "languages")?
                .split(',')
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
            background: background_from(text(&r, "background")?, text(&r, "background_text")?),
            updated_at: parse_ts(&text(&r, "updated_at")?)?,
        }))
    }

    /// Saves (replaces) a person's equality data.
    pub async fn save_equality_data(&self, d: &EqualityData) -> Result<()> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let (code, text) = background_columns(&d.background);
        sqlx::query(
            "INSERT INTO equality_data (person_id, languages, background, background_text, \
             updated_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (person_id) DO UPDATE SET \
             languages = EXCLUDED.languages, background = EXCLUDED.background, \
             background_text = EXCLUDED.background_text, updated_at = EXCLUDED.updated_at",
        )
        .bind(d.person_id.to_string())
        .bind(d.languages.join(","))
        .bind(code)
        .bind(text)
        .bind(ts(d.updated_at))
        .execute(&mut *tx)
        .await
        .map_err(db)?;
        self.commit(tx).await.map_err(db)
    }

    /// Removes a person's equality data (they withdrew it); true when there was some.
    pub async fn delete_equality_data(&self, person: PersonId) -> Result<bool> {
        let mut tx = self.pool.begin().await.map_err(db)?;
        let done = sqlx::query("DELETE FROM equality_data WHERE person_id = $1")
            .bind(person.to_string())
            .execute(&mut *tx)
            .await
            .map_err(db)?;
        self.commit(tx).await.map_err(db)?;
        Ok(done.rows_affected() > 0)
    }

    /// Equality data of everyone with an application in the intake.
    pub async fn intake_equality_data(&self, intake: IntakeId) -> Result<Vec<EqualityData>> {
        let rows = sqlx::query(
            "SELECT person_id, languages, background, background_text, updated_at \
             FROM equality_data WHERE person_id IN \
             (SELECT person_id FROM applications WHERE intake_id = $1) ORDER BY person_id",
        )
        .bind(intake.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(EqualityData {
                    person_id: parsed(r, "person_id")?,
                    languages: text(r, "languages")?
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                        .collect(),
                    background: background_from(
                        text(r, "background")?,
                        text(r, "background_text")?,
                    ),
                    updated_at: parse_ts(&text(r, "updated_at")?)?,
                })
            })
            .collect()
    }

    /// Whether each applicant of the intake's standing consent of `kind` (a consent code) is
    /// given: the latest decision per person counts; people who never decided are absent.
    pub async fn intake_consents(
        &self,
        intake: IntakeId,
        kind: &str,
    ) -> Result<BTreeMap<PersonId, bool>> {
        let rows = sqlx::query(
            "SELECT person_id, given FROM consents WHERE kind = $1 AND person_id IN \
             (SELECT person_id FROM applications WHERE intake_id = $2) \
             ORDER BY recorded_at, id",
        )
        .bind(kind)
        .bind(intake.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out = BTreeMap::new();
        for r in &rows {
            out.insert(parsed(r, "person_id")?, int(r, "given")? != 0);
        }
        Ok(out)
    }
}
