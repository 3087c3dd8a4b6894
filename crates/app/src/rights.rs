//! People's rights under UK GDPR and the Dutch AVG: subject access ([`export`]), erasure
//! ([`erase`]), retention ([`retention`], [`update_retention`], [`apply_retention`] and the
//! actor-less [`retention_run`] the upkeep pass and `tandem retention` call) and consent records
//! ([`consents`], [`set_consent`]).
//!
//! Erasure pseudonymises rather than deletes: the person's row stays with its id, so the
//! relationships, sessions, attendance and survey figures of everyone else keep their shape and
//! the programme's figures do not change, while everything that identifies them is replaced or
//! removed (see [`tandem_storage::Store::erase_person`]). The audit log is never changed: it
//! holds ids only.
//!
//! Consents are recorded as a history (one row per decision) with the wording shown and its
//! version. Research-use consent is the one the survey flow asks for: both record it through
//! the same store call, which also keeps `research_consents` (what the survey flow and research
//! export read) and, on withdrawal, leaves the person's earlier answers out of research.
//! Assessment and equality data consents are the per-person gate of assessment and
//! equality-based matching ([`crate::assessments`]): a person's imported scores and the equality
//! data they gave count in a programme's matching runs only while their consent stands.

use crate::{
    AppError, AppResult, Context, Refusal, audit_event, audited, authorise, authorise_or_hide,
};
use chrono::{DateTime, Duration, Months, Utc};
use serde::Serialize;
use tandem_domain::{Action, Actor, Language, PersonId, Role, Scope};
use tandem_i18n::I18n;
use tandem_storage::{
    ConsentRecord, ErasureCounts, JsonRows, RetentionCounts, RetentionCutoffs, RetentionSettings,
};

/// One part of a subject access export: a table family's rows, keyed by column.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    pub name: &'static str,
    pub rows: JsonRows,
}

/// Everything held about one person, as read at `generated_at`.
#[derive(Clone, Debug, Serialize)]
pub struct PersonalData {
    pub person_id: PersonId,
    pub generated_at: DateTime<Utc>,
    /// Each section holds at most this many rows.
    pub row_limit: i64,
    pub sections: Vec<Section>,
}

/// A subject access export of `person`: the person themselves or an administrator of their
/// scheme (for a request made to the scheme). Audited with ids only.
pub async fn export(ctx: &Context, actor: &Actor, person: PersonId) -> AppResult<PersonalData> {
    authorise_or_hide(actor, Action::ExportPersonalData { person })?;
    let record = ctx.store.get_person(person).await?;
    if record.person.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    let store = &ctx.store;
    let respondent = crate::surveys::keys::respondent_key(ctx, person).await?;
    let mut sections = Vec::new();
    let mut add = |parts: &mut dyn Iterator<Item = (&'static str, JsonRows)>| {
        sections.extend(parts.map(|(name, rows)| Section { name, rows }));
    };
    add(&mut store.rights_person(person).await?.into_iter());
    add(&mut store.rights_account(person).await?.into_iter());
    add(&mut store.rights_profile(person).await?.into_iter());
    add(&mut store.rights_applications(person).await?.into_iter());
    add(&mut store.rights_relationships(person).await?.into_iter());
    add(&mut store.rights_growth(person).await?.into_iter());
    add(&mut store.rights_appraisal(person).await?.into_iter());
    add(&mut store.rights_peers(person).await?.into_iter());
    add(&mut store.rights_assessments(person).await?.into_iter());
    add(&mut store.rights_surveys(person, &respondent).await?.into_iter());
    add(&mut store.rights_notices_and_audit(person).await?.into_iter());
    let by = if person == actor.person_id {
        "self"
    } else {
        "administrator"
    };
    audit_event(
        ctx,
        Some(actor),
        "rights.export",
        person.to_string(),
        format!("by={by}"),
    )
    .await?;
    Ok(PersonalData {
        person_id: person,
        generated_at: ctx.now(),
        row_limit: tandem_storage::RIGHTS_ROW_LIMIT,
        sections,
    })
}

/// Erases (pseudonymises) `person`: administrators only, never themselves (the policy), and
/// never the scheme's last administrator. Their name becomes "Former participant" in the
/// scheme's first language. One transaction; audited with ids and counts only.
pub async fn erase(ctx: &Context, actor: &Actor, person: PersonId) -> AppResult<ErasureCounts> {
    if person == actor.person_id && actor.is_administrator() {
        // Allowed to see themselves, so they are owed the reason, not a hidden page.
        return Err(AppError::Forbidden);
    }
    authorise_or_hide(actor, Action::ErasePerson { person })?;
    let record = ctx.store.get_person(person).await?;
    if record.person.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    let admins = ctx
        .store
        .holders_of_role(Role::Administrator, Scope::Scheme(actor.scheme_id))
        .await?;
    if admins.contains(&person) && admins.len() <= 1 {
        return Err(AppError::Refused(Refusal::LastAdministrator));
    }
    let settings = ctx.store.scheme_settings(actor.scheme_id).await?;
    let lang = settings.languages.first().copied().unwrap_or_default();
    let replacement = former_participant(lang);
    // The entry names the person erased; what was removed is counted in the same transaction
    // but known only afterwards, so the entry carries ids only (the counts are returned).
    let change = audited(
        ctx,
        Some(actor),
        "rights.erase",
        person.to_string(),
        String::new(),
    );
    let counts = change
        .store
        .erase_person(person, &replacement, ctx.now())
        .await?;
    change.done()?;
    Ok(counts)
}

/// The name an erased person shows as.
pub fn former_participant(lang: Language) -> String {
    I18n::shared().t(lang, "rights.former_participant")
}

/// A kind of consent a person gives or withdraws.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// Their survey answers, without their name, given to researchers.
    Research,
    /// Use of imported assessment results in matching, in programmes that switched it on.
    Assessment,
    /// Use of the equality data the person gave (languages, cultural background) in matching,
    /// in programmes that switched it on.
    Equality,
}

impl ConsentKind {
    pub const ALL: [Self; 3] = [Self::Research, Self::Assessment, Self::Equality];

    pub fn code(self) -> &'static str {
        match self {
            Self::Research => "research",
            Self::Assessment => "assessment",
            Self::Equality => "equality",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The version of the lawful-basis wording shown now (a translation key): a new wording gets
    /// a new key, so the history says which one a person agreed to.
    pub fn basis_version(self) -> &'static str {
        match self {
            // The version of the survey form's consent question, recorded by the survey flow
            // and the consents page alike.
            Self::Research => "surveys.consent.v1",
            Self::Assessment => "rights.basis.assessment.v2",
            Self::Equality => "rights.basis.equality.v2",
        }
    }

    /// The translation key of the wording itself.
    pub fn basis_text_key(self) -> &'static str {
        match self {
            Self::Research => "surveys.consent.explain",
            Self::Assessment => "rights.basis.assessment.v2",
            Self::Equality => "rights.basis.equality.v2",
        }
    }
}

/// One kind of consent as it stands for the person.
#[derive(Clone, Debug, Serialize)]
pub struct ConsentState {
    pub kind: ConsentKind,
    /// `None` while never asked or answered.
    pub given: Option<bool>,
    pub recorded_at: Option<DateTime<Utc>>,
    /// The version of the wording the standing decision was made on.
    pub basis_version: Option<String>,
}

/// The actor's consents: every kind, as it stands, and the history of decisions.
#[derive(Clone, Debug, Serialize)]
pub struct Consents {
    pub current: Vec<ConsentState>,
    pub history: Vec<ConsentRecord>,
}

pub async fn consents(ctx: &Context, actor: &Actor) -> AppResult<Consents> {
    authorise(
        actor,
        Action::ChangeConsent {
            person: actor.person_id,
        },
    )?;
    let history = ctx.store.consents_of(actor.person_id).await?;
    let research = ctx.store.research_consent(actor.person_id).await?;
    let current = ConsentKind::ALL
        .into_iter()
        .map(|kind| {
            let last = history.iter().rev().find(|c| c.kind == kind.code());
            match (kind, last, &research) {
                // Answers given before consent records existed: research_consents alone.
                (ConsentKind::Research, None, Some(r)) => ConsentState {
                    kind,
                    given: Some(r.consent),
                    recorded_at: Some(r.recorded_at),
                    basis_version: Some(r.basis.clone()),
                },
                (_, Some(c), _) => ConsentState {
                    kind,
                    given: Some(c.given),
                    recorded_at: Some(c.recorded_at),
                    basis_version: Some(c.basis_version.clone()),
                },
                _ => ConsentState {
                    kind,
                    given: None,
                    recorded_at: None,
                    basis_version: None,
                },
            }
        })
        .collect();
    Ok(Consents { current, history })
}

/// Gives or withdraws one of the actor's consents, recording the wording shown (in `lang`) and
/// its version. Withdrawing research use leaves their answers given so far out of research
/// exports at once, and future answers follow the recorded choice.
pub async fn set_consent(
    ctx: &Context,
    actor: &Actor,
    kind: ConsentKind,
    given: bool,
    lang: Language,
) -> AppResult<()> {
    authorise(
        actor,
        Action::ChangeConsent {
            person: actor.person_id,
        },
    )?;
    let change = audited(
        ctx,
        Some(actor),
        "rights.consent",
        actor.person_id.to_string(),
        format!("kind={} given={given}", kind.code()),
    );
    record_consent(ctx, &change.store, actor.person_id, kind, given, lang).await?;
    change.done()
}

/// Appends one consent decision (also the survey flow's path for research use).
pub(crate) async fn record_consent(
    ctx: &Context,
    store: &tandem_storage::Store,
    person: PersonId,
    kind: ConsentKind,
    given: bool,
    lang: Language,
) -> AppResult<()> {
    let respondent = if kind == ConsentKind::Research && !given {
        Some(crate::surveys::keys::respondent_key(ctx, person).await?)
    } else {
        None
    };
    let record = ConsentRecord {
        id: uuid::Uuid::new_v4().to_string(),
        person_id: person,
        kind: kind.code().to_owned(),
        given,
        basis: I18n::shared().t(lang, kind.basis_text_key()),
        basis_version: kind.basis_version().to_owned(),
        recorded_at: ctx.now(),
    };
    store.record_consent(&record, respondent.as_deref()).await?;
    Ok(())
}

/// The retention rules of the actor's scheme and what applying them now would remove.
#[derive(Clone, Debug, Serialize)]
pub struct RetentionReport {
    pub settings: RetentionSettings,
    pub would_remove: RetentionCounts,
}

fn cutoffs(now: DateTime<Utc>, s: &RetentionSettings) -> RetentionCutoffs {
    RetentionCutoffs {
        now,
        closed_before: now
            .checked_sub_months(Months::new(s.closed_relationship_years.saturating_mul(12)))
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
        registered_before: now - Duration::days(i64::from(s.registration_days)),
        dead_before: now - Duration::days(i64::from(s.dead_notice_days)),
        scores_before: now
            .checked_sub_months(Months::new(s.assessment_score_months))
            .unwrap_or(DateTime::<Utc>::MIN_UTC),
        links_before: now - Duration::days(i64::from(s.appraisal_link_days)),
    }
}

/// The scheme's retention rules and a dry run of them (counts only; nothing is removed).
pub async fn retention(ctx: &Context, actor: &Actor) -> AppResult<RetentionReport> {
    authorise(actor, Action::ManageRetention)?;
    let settings = ctx.store.retention_settings(actor.scheme_id).await?;
    let would_remove = ctx
        .store
        .retention(actor.scheme_id, &cutoffs(ctx.now(), &settings), false)
        .await?;
    Ok(RetentionReport {
        settings,
        would_remove,
    })
}

/// Smallest and largest periods accepted (a relationship's free text kept at least a year, a
/// registration at least a week, an undeliverable notice at least a week: long enough to act).
const YEARS: (u32, u32) = (1, 50);
const DAYS: (u32, u32) = (7, 3650);
/// Assessment scores kept at least a month after someone's part ended (time to correct a
/// mistaken ending), at most ten years.
const MONTHS: (u32, u32) = (1, 120);

/// Changes the scheme's retention periods.
pub async fn update_retention(
    ctx: &Context,
    actor: &Actor,
    settings: RetentionSettings,
) -> AppResult<()> {
    authorise(actor, Action::ManageRetention)?;
    let mut problems = tandem_domain::ValidationErrors::new();
    if !(YEARS.0..=YEARS.1).contains(&settings.closed_relationship_years) {
        problems.add("closed_relationship_years", "rights.error.years");
    }
    for (field, v) in [
        ("registration_days", settings.registration_days),
        ("dead_notice_days", settings.dead_notice_days),
        ("appraisal_link_days", settings.appraisal_link_days),
    ] {
        if !(DAYS.0..=DAYS.1).contains(&v) {
            problems.add(field, "rights.error.days");
        }
    }
    if !(MONTHS.0..=MONTHS.1).contains(&settings.assessment_score_months) {
        problems.add(
            "assessment_score_months",
            "instruments.retention.error.months",
        );
    }
    problems.into_result()?;
    let change = audited(
        ctx,
        Some(actor),
        "rights.retention_settings",
        actor.scheme_id.to_string(),
        format!(
            "closed_years={} registration_days={} dead_notice_days={} score_months={} \
             appraisal_link_days={}",
            settings.closed_relationship_years,
            settings.registration_days,
            settings.dead_notice_days,
            settings.assessment_score_months,
            settings.appraisal_link_days
        ),
    );
    change
        .store
        .save_retention_settings(actor.scheme_id, &settings, ctx.now())
        .await?;
    change.done()
}

/// Applies the scheme's retention rules now (an administrator's "apply now").
pub async fn apply_retention(ctx: &Context, actor: &Actor) -> AppResult<RetentionCounts> {
    authorise(actor, Action::ManageRetention)?;
    apply_for(ctx, Some(actor), actor.scheme_id).await
}

async fn apply_for(
    ctx: &Context,
    actor: Option<&Actor>,
    scheme: tandem_domain::SchemeId,
) -> AppResult<RetentionCounts> {
    let settings = ctx.store.retention_settings(scheme).await?;
    let cut = cutoffs(ctx.now(), &settings);
    // Counted first, so that the entry (with the counts) is written in the removal's own
    // transaction; nothing to remove writes nothing.
    let planned = ctx.store.retention(scheme, &cut, false).await?;
    if planned == RetentionCounts::default() {
        return Ok(planned);
    }
    let change = audited(
        ctx,
        actor,
        "rights.retention_apply",
        scheme.to_string(),
        detail(&planned),
    );
    let counts = change.store.retention(scheme, &cut, true).await?;
    if counts != RetentionCounts::default() {
        change.done()?;
    }
    Ok(counts)
}

fn detail(c: &RetentionCounts) -> String {
    format!(
        "closed_relationships={} unconfirmed_registrations={} expired_credentials={} dead_notices={} \
         assessment_scores={} appraisal_links={}",
        c.closed_relationships,
        c.unconfirmed_registrations,
        c.expired_credentials,
        c.dead_notices,
        c.assessment_scores,
        c.appraisal_links
    )
}

/// Every scheme's retention rules, counted (`apply` false: the dry run) or applied, with no
/// actor: the upkeep pass and `tandem retention` (run by whoever operates the installation).
pub async fn retention_run(
    ctx: &Context,
    apply: bool,
) -> AppResult<Vec<(tandem_domain::SchemeId, RetentionCounts)>> {
    let mut out = Vec::new();
    for scheme in ctx.store.scheme_ids().await? {
        let counts = if apply {
            apply_for(ctx, None, scheme).await?
        } else {
            let settings = ctx.store.retention_settings(scheme).await?;
            ctx.store
                .retention(scheme, &cutoffs(ctx.now(), &settings), false)
                .await?
        };
        out.push((scheme, counts));
    }
    Ok(out)
}
