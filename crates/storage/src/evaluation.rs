//! Aggregate reads for the evaluation (issue #14): counts and score lists, never a person id next
//! to an answer.
//!
//! Every query here groups or lists numbers only. Response rates read `survey_requests` (who was
//! asked) as counts per wave and organisation; outcomes read `survey_responses` and
//! `survey_scores`, which carry a pseudonymous respondent key and no person. The key is used only
//! inside SQL to pair a respondent's before and after scores and never leaves this module.
//!
//! Filters are optional: an empty string binds "any" (`$2 = '' OR intake_id = $2`), so each query
//! is one fixed, portable statement for SQLite and PostgreSQL.

use crate::Store;
use crate::codec::{int, opt_text, text};
use crate::error::{Result, corrupt, db};
use sqlx::Row;
use tandem_domain::survey::WaveKind;
use tandem_domain::{IntakeId, OrganisationId, ProgrammeId};

/// Which slice of a programme a query reads: all intakes/organisations when `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Slice {
    pub intake: Option<IntakeId>,
    pub organisation: Option<OrganisationId>,
}

impl Slice {
    fn intake(&self) -> String {
        self.intake.map(|i| i.to_string()).unwrap_or_default()
    }
    fn organisation(&self) -> String {
        self.organisation.map(|o| o.to_string()).unwrap_or_default()
    }
}

/// Requests at one wave for one organisation: how many were asked and how many answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestCount {
    pub wave: WaveKind,
    /// `None` for requests not tied to an organisation.
    pub organisation_id: Option<OrganisationId>,
    pub asked: u64,
    pub answered: u64,
}

/// One respondent's score before and after, with where they took part (no respondent key).
#[derive(Clone, Debug, PartialEq)]
pub struct PairedScore {
    pub intake_id: IntakeId,
    pub organisation_id: Option<OrganisationId>,
    pub before: f64,
    pub after: f64,
}

impl Slice {
    /// Whether a pair belongs to this slice.
    pub fn holds(&self, p: &PairedScore) -> bool {
        self.intake.is_none_or(|i| i == p.intake_id)
            && self
                .organisation
                .is_none_or(|o| Some(o) == p.organisation_id)
    }
}

/// Participation of one organisation's applicants in a programme.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParticipationCount {
    pub organisation_id: Option<OrganisationId>,
    pub applications: u64,
    /// Approved (or matched on the strength of an approval).
    pub approved: u64,
    /// Places in relationships that started (were activated).
    pub started: u64,
    /// Places in relationships that finished as planned.
    pub completed: u64,
    /// Places in relationships ended early by a member.
    pub closed_early: u64,
}

fn count(row: &sqlx::any::AnyRow, col: &str) -> Result<u64> {
    u64::try_from(int(row, col)?).map_err(|_| corrupt(format!("{col} negative")))
}

fn wave(code: &str) -> Result<WaveKind> {
    WaveKind::from_code(code).ok_or_else(|| corrupt(format!("wave {code:?}")))
}

impl Store {
    /// Requests per wave and organisation (asked, answered) for response rates.
    pub async fn evaluation_request_counts(
        &self,
        programme: ProgrammeId,
        slice: Slice,
    ) -> Result<Vec<RequestCount>> {
        let rows = sqlx::query(
            "SELECT wave, organisation_id, COUNT(*) AS asked, COUNT(answered_at) AS answered \
             FROM survey_requests WHERE programme_id = $1 \
             AND ($2 = '' OR intake_id = $2) AND ($3 = '' OR organisation_id = $3) \
             GROUP BY wave, organisation_id ORDER BY wave, organisation_id",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .bind(slice.organisation())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(RequestCount {
                    wave: wave(&text(r, "wave")?)?,
                    organisation_id: opt_text(r, "organisation_id")?
                        .map(|s| s.parse().map_err(|_| corrupt("organisation_id")))
                        .transpose()?,
                    asked: count(r, "asked")?,
                    answered: count(r, "answered")?,
                })
            })
            .collect()
    }

    /// One scale's scores paired by respondent between two waves of the same intake and role,
    /// for the whole programme: `(intake, organisation, before, after)` per respondent who
    /// answered both, sorted by value. The caller cuts its slice from these, so a slice and the
    /// whole it is checked against come from one read. The respondent key is used for the join
    /// only and is not returned.
    pub async fn evaluation_paired_scores(
        &self,
        programme: ProgrammeId,
        scale: &str,
        before: WaveKind,
        after: WaveKind,
    ) -> Result<Vec<PairedScore>> {
        let rows = sqlx::query(
            // CROSS JOIN fixes SQLite's join order (PostgreSQL plans it freely): this wave's
            // responses by the pairing index, then each one's score, partner and partner's score
            // by key, so the work is linear in the programme's responses at `before`.
            "SELECT rb.intake_id AS intake_id, rb.organisation_id AS organisation_id, \
             sb.score AS before_score, sa.score AS after_score \
             FROM survey_responses rb \
             CROSS JOIN survey_scores sb \
             CROSS JOIN survey_responses ra \
             CROSS JOIN survey_scores sa \
             WHERE rb.programme_id = $1 AND rb.wave = $3 \
             AND sb.response_id = rb.id AND sb.scale = $2 \
             AND ra.programme_id = rb.programme_id AND ra.wave = $4 \
             AND ra.pair_key = rb.pair_key \
             AND sa.response_id = ra.id AND sa.scale = $2",
        )
        .bind(programme.to_string())
        .bind(scale)
        .bind(before.code())
        .bind(after.code())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut pairs = rows
            .iter()
            .map(|r| {
                Ok(PairedScore {
                    intake_id: text(r, "intake_id")?
                        .parse()
                        .map_err(|_| corrupt("intake_id"))?,
                    organisation_id: opt_text(r, "organisation_id")?
                        .map(|s| s.parse().map_err(|_| corrupt("organisation_id")))
                        .transpose()?,
                    before: r.try_get::<f64, _>("before_score").map_err(db)?,
                    after: r.try_get::<f64, _>("after_score").map_err(db)?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        // Sorted by value: the same data give the same sums, whatever order rows came in.
        pairs.sort_by(|a, b| {
            a.before
                .total_cmp(&b.before)
                .then(a.after.total_cmp(&b.after))
        });
        Ok(pairs)
    }

    /// One scale's scores at one wave (cohort against cohort), in a stable order.
    pub async fn evaluation_scores(
        &self,
        programme: ProgrammeId,
        slice: Slice,
        scale: &str,
        at: WaveKind,
    ) -> Result<Vec<f64>> {
        let rows = sqlx::query(
            "SELECT s.score AS score FROM survey_responses r \
             JOIN survey_scores s ON s.response_id = r.id AND s.scale = $4 \
             WHERE r.programme_id = $1 AND r.wave = $5 \
             AND ($2 = '' OR r.intake_id = $2) AND ($3 = '' OR r.organisation_id = $3)",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .bind(slice.organisation())
        .bind(scale)
        .bind(at.code())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut scores = rows
            .iter()
            .map(|r| r.try_get::<f64, _>("score").map_err(db))
            .collect::<Result<Vec<_>>>()?;
        scores.sort_by(f64::total_cmp);
        Ok(scores)
    }

    /// Whether one question of one survey has at least `at_least` answers in the slice (for the
    /// highest evidence level reached). Stops reading at `at_least`, so it costs the same on a
    /// programme of ten answers or a million.
    pub async fn evaluation_item_answered(
        &self,
        programme: ProgrammeId,
        slice: Slice,
        survey: &str,
        item: &str,
        at_least: u64,
    ) -> Result<bool> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM (SELECT 1 AS one FROM survey_responses r \
             JOIN survey_answers a ON a.response_id = r.id AND a.item = $5 \
             WHERE r.survey_id = $4 AND r.programme_id = $1 \
             AND ($2 = '' OR r.intake_id = $2) AND ($3 = '' OR r.organisation_id = $3) \
             LIMIT $6) AS enough",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .bind(slice.organisation())
        .bind(survey)
        .bind(item)
        .bind(crate::codec::i64_from(at_least))
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        Ok(count(&row, "n")? >= at_least)
    }

    /// Participation per organisation: applications, approvals, and places in relationships that
    /// started, completed and ended early. An application's organisation is the one whose place
    /// it used.
    pub async fn evaluation_participation(
        &self,
        programme: ProgrammeId,
        slice: Slice,
    ) -> Result<Vec<ParticipationCount>> {
        let apps = sqlx::query(
            "SELECT a.organisation_id AS organisation_id, COUNT(*) AS applications, \
             COUNT(CASE WHEN a.status IN ('approved', 'matched') THEN 1 END) AS approved \
             FROM applications a JOIN intakes i ON i.id = a.intake_id \
             WHERE i.programme_id = $1 \
             AND ($2 = '' OR a.intake_id = $2) AND ($3 = '' OR a.organisation_id = $3) \
             GROUP BY a.organisation_id ORDER BY a.organisation_id",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .bind(slice.organisation())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let places = sqlx::query(
            "SELECT a.organisation_id AS organisation_id, \
             COUNT(CASE WHEN r.activated_at IS NOT NULL THEN 1 END) AS started, \
             COUNT(CASE WHEN r.status = 'closed' THEN 1 END) AS completed, \
             COUNT(CASE WHEN r.status = 'ended' THEN 1 END) AS closed_early \
             FROM relationship_members m \
             JOIN relationships r ON r.id = m.relationship_id \
             JOIN applications a ON a.id = m.application_id \
             JOIN intakes i ON i.id = r.intake_id \
             WHERE i.programme_id = $1 \
             AND ($2 = '' OR r.intake_id = $2) AND ($3 = '' OR a.organisation_id = $3) \
             GROUP BY a.organisation_id ORDER BY a.organisation_id",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .bind(slice.organisation())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out: Vec<ParticipationCount> = Vec::new();
        let org = |r: &sqlx::any::AnyRow| -> Result<Option<OrganisationId>> {
            opt_text(r, "organisation_id")?
                .map(|s| s.parse().map_err(|_| corrupt("organisation_id")))
                .transpose()
        };
        for r in &apps {
            out.push(ParticipationCount {
                organisation_id: org(r)?,
                applications: count(r, "applications")?,
                approved: count(r, "approved")?,
                ..ParticipationCount::default()
            });
        }
        for r in &places {
            let o = org(r)?;
            let i = match out.iter().position(|p| p.organisation_id == o) {
                Some(i) => i,
                None => {
                    out.push(ParticipationCount {
                        organisation_id: o,
                        ..ParticipationCount::default()
                    });
                    out.len() - 1
                }
            };
            out[i].started = count(r, "started")?;
            out[i].completed = count(r, "completed")?;
            out[i].closed_early = count(r, "closed_early")?;
        }
        out.sort_by_key(|p| p.organisation_id);
        Ok(out)
    }
}

/// Mentoring relationships of one organisation that started, with the sessions they held.
/// A relationship counts under its mentee's organisation, so each is counted once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SessionCount {
    pub organisation_id: Option<OrganisationId>,
    /// Relationships that started (were activated).
    pub relationships: u64,
    /// Sessions recorded as held in them.
    pub held: u64,
    /// Relationships that held the cap's sessions or used its minutes.
    pub reached_cap: u64,
}

impl Store {
    /// Sessions held against the programme's caps, per mentee organisation: one grouped read
    /// (the per-relationship totals are a subquery bounded by the programme's sessions).
    /// `session_cap`/`minutes_cap` of `None` mean "no such cap" (never reached). Pairs (partners)
    /// and action learning sets have no mentee and are reported elsewhere.
    pub async fn evaluation_sessions(
        &self,
        programme: ProgrammeId,
        slice: Slice,
        session_cap: Option<u32>,
        minutes_cap: Option<u32>,
    ) -> Result<Vec<SessionCount>> {
        let rows = sqlx::query(
            "SELECT a.organisation_id AS organisation_id, COUNT(*) AS relationships, \
             CAST(COALESCE(SUM(h.held), 0) AS BIGINT) AS held, \
             COUNT(CASE WHEN ($4 > 0 AND COALESCE(h.held, 0) >= $4) \
             OR ($5 > 0 AND COALESCE(h.minutes, 0) >= $5) THEN 1 END) AS reached_cap \
             FROM relationships r \
             JOIN intakes i ON i.id = r.intake_id \
             JOIN relationship_members m ON m.relationship_id = r.id AND m.role = 'mentee' \
             JOIN applications a ON a.id = m.application_id \
             LEFT JOIN (SELECT s.relationship_id AS relationship_id, COUNT(*) AS held, \
             SUM(s.minutes) AS minutes FROM relationship_sessions s \
             JOIN relationships r2 ON r2.id = s.relationship_id \
             JOIN intakes i2 ON i2.id = r2.intake_id \
             WHERE i2.programme_id = $1 AND s.status = 'held' \
             GROUP BY s.relationship_id) h ON h.relationship_id = r.id \
             WHERE i.programme_id = $1 AND r.activated_at IS NOT NULL \
             AND ($2 = '' OR r.intake_id = $2) AND ($3 = '' OR a.organisation_id = $3) \
             GROUP BY a.organisation_id ORDER BY a.organisation_id",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .bind(slice.organisation())
        .bind(i64::from(session_cap.unwrap_or(0)))
        .bind(i64::from(minutes_cap.unwrap_or(0)))
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(SessionCount {
                    organisation_id: opt_text(r, "organisation_id")?
                        .map(|s| s.parse().map_err(|_| corrupt("organisation_id")))
                        .transpose()?,
                    relationships: count(r, "relationships")?,
                    held: count(r, "held")?,
                    reached_cap: count(r, "reached_cap")?,
                })
            })
            .collect()
    }
}

/// Attendance at an organisation's members' action learning set meetings (those whose
/// attendance was recorded): the meetings, and the member-meetings expected and present.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AttendanceCount {
    pub organisation_id: Option<OrganisationId>,
    /// Distinct meetings at which a member of the organisation was expected.
    pub meetings: u64,
    /// Member-meetings expected (one per member recorded at a meeting).
    pub expected: u64,
    /// Of those, present.
    pub present: u64,
}

impl Store {
    /// Set attendance per organisation of the member (the application's organisation), for
    /// meetings whose attendance was recorded: one grouped read. Absence is `expected −
    /// present`; the schema records no separate apology.
    pub async fn evaluation_set_attendance(
        &self,
        programme: ProgrammeId,
        slice: Slice,
    ) -> Result<Vec<AttendanceCount>> {
        let rows = sqlx::query(
            "SELECT a.organisation_id AS organisation_id, \
             COUNT(DISTINCT sm.id) AS meetings, COUNT(*) AS expected, \
             COUNT(CASE WHEN sa.present = 1 THEN 1 END) AS present \
             FROM set_meetings sm \
             JOIN relationships r ON r.id = sm.relationship_id \
             JOIN intakes i ON i.id = r.intake_id \
             JOIN set_attendance sa ON sa.meeting_id = sm.id \
             JOIN relationship_members m ON m.relationship_id = r.id \
             AND m.person_id = sa.person_id \
             JOIN applications a ON a.id = m.application_id \
             WHERE i.programme_id = $1 AND sm.attendance_recorded = 1 \
             AND ($2 = '' OR r.intake_id = $2) AND ($3 = '' OR a.organisation_id = $3) \
             GROUP BY a.organisation_id ORDER BY a.organisation_id",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .bind(slice.organisation())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        rows.iter()
            .map(|r| {
                Ok(AttendanceCount {
                    organisation_id: opt_text(r, "organisation_id")?
                        .map(|s| s.parse().map_err(|_| corrupt("organisation_id")))
                        .transpose()?,
                    meetings: count(r, "meetings")?,
                    expected: count(r, "expected")?,
                    present: count(r, "present")?,
                })
            })
            .collect()
    }

    /// Set meetings held (attendance recorded) in the programme, whoever attended.
    pub async fn evaluation_set_meetings(
        &self,
        programme: ProgrammeId,
        slice: Slice,
    ) -> Result<u64> {
        let row = sqlx::query(
            "SELECT COUNT(*) AS n FROM set_meetings sm \
             JOIN relationships r ON r.id = sm.relationship_id \
             JOIN intakes i ON i.id = r.intake_id \
             WHERE i.programme_id = $1 AND sm.attendance_recorded = 1 \
             AND ($2 = '' OR r.intake_id = $2)",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .fetch_one(&self.pool)
        .await
        .map_err(db)?;
        count(&row, "n")
    }
}

/// One pair's improvement project: the organisation whose place its clinician took, and its
/// outcome measures as the pair wrote them (baseline, target, latest). Only counts of these
/// leave the evaluation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectOutcomes {
    pub organisation_id: Option<OrganisationId>,
    pub measures: Vec<(String, String, String)>,
}

/// Goals of one organisation's members by status: not started, under way, achieved.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoalCount {
    pub organisation_id: Option<OrganisationId>,
    /// Indexed like [`tandem_domain::growth::GoalStatus::ALL`].
    pub by_status: [u64; 3],
}

impl Store {
    /// The improvement projects of the programme's pairs with their outcome measures: two
    /// grouped reads (projects, then measures), joined here.
    pub async fn evaluation_projects(
        &self,
        programme: ProgrammeId,
        slice: Slice,
    ) -> Result<Vec<ProjectOutcomes>> {
        let projects = sqlx::query(
            "SELECT p.relationship_id AS rel, a.organisation_id AS organisation_id \
             FROM improvement_projects p \
             JOIN relationships r ON r.id = p.relationship_id \
             JOIN intakes i ON i.id = r.intake_id \
             JOIN relationship_members m ON m.relationship_id = r.id AND m.role = 'pair_clinician' \
             JOIN applications a ON a.id = m.application_id \
             WHERE i.programme_id = $1 AND ($2 = '' OR r.intake_id = $2) \
             AND ($3 = '' OR a.organisation_id = $3) ORDER BY p.relationship_id",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .bind(slice.organisation())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let measures = sqlx::query(
            "SELECT pm.relationship_id AS rel, pm.baseline AS baseline, pm.target AS target, \
             pm.latest AS latest FROM project_measures pm \
             JOIN relationships r ON r.id = pm.relationship_id \
             JOIN intakes i ON i.id = r.intake_id \
             WHERE i.programme_id = $1 AND ($2 = '' OR r.intake_id = $2) \
             ORDER BY pm.relationship_id, pm.ordinal",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut by_rel: std::collections::BTreeMap<String, ProjectOutcomes> =
            std::collections::BTreeMap::new();
        for r in &projects {
            let organisation_id = opt_text(r, "organisation_id")?
                .map(|s| s.parse().map_err(|_| corrupt("organisation_id")))
                .transpose()?;
            by_rel.insert(
                text(r, "rel")?,
                ProjectOutcomes {
                    organisation_id,
                    measures: Vec::new(),
                },
            );
        }
        for r in &measures {
            if let Some(p) = by_rel.get_mut(&text(r, "rel")?) {
                p.measures
                    .push((text(r, "baseline")?, text(r, "target")?, text(r, "latest")?));
            }
        }
        Ok(by_rel.into_values().collect())
    }

    /// Goals set in the programme's relationships, per organisation of the member who set them
    /// (the application that placed them) and status: one grouped read.
    pub async fn evaluation_goals(
        &self,
        programme: ProgrammeId,
        slice: Slice,
    ) -> Result<Vec<GoalCount>> {
        use tandem_domain::growth::GoalStatus;
        let rows = sqlx::query(
            "SELECT a.organisation_id AS organisation_id, g.status AS status, COUNT(*) AS n \
             FROM growth_goals g \
             JOIN relationships r ON r.id = g.relationship_id \
             JOIN intakes i ON i.id = r.intake_id \
             JOIN relationship_members m ON m.relationship_id = g.relationship_id \
             AND m.person_id = g.person_id \
             JOIN applications a ON a.id = m.application_id \
             WHERE i.programme_id = $1 \
             AND ($2 = '' OR r.intake_id = $2) AND ($3 = '' OR a.organisation_id = $3) \
             GROUP BY a.organisation_id, g.status ORDER BY a.organisation_id",
        )
        .bind(programme.to_string())
        .bind(slice.intake())
        .bind(slice.organisation())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out: Vec<GoalCount> = Vec::new();
        for r in &rows {
            let o: Option<OrganisationId> = opt_text(r, "organisation_id")?
                .map(|s| s.parse().map_err(|_| corrupt("organisation_id")))
                .transpose()?;
            let code = text(r, "status")?;
            let k = GoalStatus::ALL
                .iter()
                .position(|s| s.code() == code)
                .ok_or_else(|| corrupt(format!("goal status {code:?}")))?;
            let i = match out.iter().position(|g| g.organisation_id == o) {
                Some(i) => i,
                None => {
                    out.push(GoalCount {
                        organisation_id: o,
                        by_status: [0; 3],
                    });
                    out.len() - 1
                }
            };
            out[i].by_status[k] += count(r, "n")?;
        }
        Ok(out)
    }
}

impl Store {
    /// The scheme's suppression rule as its settings hold it (raised to the defaults where a
    /// weaker stored rule has no recorded reason): threshold, rounding, minimum respondents for
    /// statistics, and the reason ('' when none).
    pub async fn suppression_rule(
        &self,
        scheme: tandem_domain::SchemeId,
    ) -> Result<(u32, u32, u32, String)> {
        let s = self.scheme_settings(scheme).await?;
        Ok((
            s.small_number_threshold,
            s.suppression_rounding,
            s.suppression_min_statistics,
            s.suppression_reason,
        ))
    }
}

/// One response to be exported for research (its respondent agreed), with its answers and
/// scores. `respondent` is the pseudonymous key: the caller replaces it before anything leaves.
#[derive(Clone, Debug, PartialEq)]
pub struct ResearchResponse {
    pub respondent: String,
    pub survey_id: String,
    pub intake_id: IntakeId,
    pub organisation_id: Option<OrganisationId>,
    pub wave: WaveKind,
    pub role: String,
    /// "YYYY-MM".
    pub submitted_month: String,
    pub share_free_text: bool,
    /// (item, number, text).
    pub answers: Vec<(String, Option<f64>, Option<String>)>,
    pub scores: Vec<(String, f64)>,
}

impl Store {
    /// The programme's responses whose respondent agreed to research use, with their answers and
    /// scores, in a stable order. Three reads, each bounded by the programme's responses.
    pub async fn research_responses(
        &self,
        programme: ProgrammeId,
    ) -> Result<Vec<ResearchResponse>> {
        let rows = sqlx::query(
            "SELECT id, respondent, survey_id, intake_id, organisation_id, wave, role, \
             submitted_month, share_free_text FROM survey_responses \
             WHERE programme_id = $1 AND research_consent = 1 ORDER BY respondent, wave, id",
        )
        .bind(programme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        let mut out = Vec::with_capacity(rows.len());
        let mut index = std::collections::HashMap::new();
        for r in &rows {
            index.insert(text(r, "id")?, out.len());
            out.push(ResearchResponse {
                respondent: text(r, "respondent")?,
                survey_id: text(r, "survey_id")?,
                intake_id: text(r, "intake_id")?
                    .parse()
                    .map_err(|_| corrupt("intake_id"))?,
                organisation_id: opt_text(r, "organisation_id")?
                    .map(|s| s.parse().map_err(|_| corrupt("organisation_id")))
                    .transpose()?,
                wave: wave(&text(r, "wave")?)?,
                role: text(r, "role")?,
                submitted_month: text(r, "submitted_month")?,
                share_free_text: int(r, "share_free_text")? != 0,
                answers: Vec::new(),
                scores: Vec::new(),
            });
        }
        let answers = sqlx::query(
            "SELECT a.response_id AS response_id, a.item AS item, a.number AS number, \
             a.text AS text FROM survey_answers a JOIN survey_responses r ON r.id = a.response_id \
             WHERE r.programme_id = $1 AND r.research_consent = 1 ORDER BY a.response_id, a.item",
        )
        .bind(programme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        for a in &answers {
            if let Some(&i) = index.get(&text(a, "response_id")?) {
                out[i].answers.push((
                    text(a, "item")?,
                    a.try_get::<Option<f64>, _>("number").map_err(db)?,
                    opt_text(a, "text")?,
                ));
            }
        }
        let scores = sqlx::query(
            "SELECT s.response_id AS response_id, s.scale AS scale, s.score AS score \
             FROM survey_scores s JOIN survey_responses r ON r.id = s.response_id \
             WHERE r.programme_id = $1 AND r.research_consent = 1 ORDER BY s.response_id, s.scale",
        )
        .bind(programme.to_string())
        .fetch_all(&self.pool)
        .await
        .map_err(db)?;
        for s in &scores {
            if let Some(&i) = index.get(&text(s, "response_id")?) {
                out[i]
                    .scores
                    .push((text(s, "scale")?, s.try_get::<f64, _>("score").map_err(db)?));
            }
        }
        Ok(out)
    }
}
