//! A programme's matching criteria: the coordinator's level ("must", "high", "medium", "low",
//! "off") per criterion, stored in the programme's rules.
use crate::{AppResult, Context};
use crate::{audited, authorise, programmes};
use tandem_domain::{
    Action, Actor, Level, MatchCriterion, MatchingCriteria, Programme, ProgrammeId,
    ValidationErrors,
};

/// Checks the coordinator's criteria; errors name the form fields.
pub fn validate_criteria(c: &MatchingCriteria) -> Result<(), ValidationErrors> {
    let mut e = ValidationErrors::new();
    // One source of truth with the form: the levels each criterion offers.
    for k in MatchCriterion::ALL {
        if !k.accepts(c.level(k)) {
            e.add(k.code(), "error.matching.must_or_off");
        }
    }
    // The gap is the partner's level minus the mentee's: a partner junior to the mentee is never
    // the ideal, so a negative gap is refused rather than quietly steering matches.
    if !(0..=5).contains(&c.ideal_grade_gap) {
        e.add("ideal_grade_gap", "error.text.grade_gap_range");
    }
    if !(1..=60).contains(&c.offer_days) {
        e.add("offer_days", "error.matching.offer_days_range");
    }
    if c.shortlist.is_some_and(|n| !(2..=10).contains(&n)) {
        e.add("shortlist", "error.matching.shortlist_range");
    }
    if MatchCriterion::ALL
        .iter()
        .all(|k| matches!(c.level(*k), Level::Off))
    {
        e.add("goals", "error.matching.all_off");
    }
    e.into_result()
}

/// Changes a programme's matching criteria (scheme coordinators only).
pub async fn update_criteria(
    ctx: &Context,
    actor: &Actor,
    programme: ProgrammeId,
    criteria: MatchingCriteria,
) -> AppResult<Programme> {
    let mut p = programmes::get(ctx, actor, programme).await?;
    authorise(actor, Action::ManageProgramme { programme })?;
    validate_criteria(&criteria)?;
    p.rules.matching = criteria;
    let change = audited(
        ctx,
        Some(actor),
        "programme.matching_criteria",
        p.id.to_string(),
        String::new(),
    );
    change.store.update_programme(&p).await?;
    change.done()?;
    Ok(p)
}
