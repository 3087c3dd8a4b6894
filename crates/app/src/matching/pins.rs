//! Pins: lock or forbid a pair, swap two partners; the next run honours them.
use super::*;
use crate::{AppError, AppResult, Context, Refusal};
use crate::{audited, authorise, intakes};
use tandem_domain::{
    Action, Actor, ApplicationId, Intake, IntakeId, MatchRunId, Pin, PinKind, ProgrammeKind,
};
use tandem_storage::StoreError;

/// Adds a lock or forbid between two applications of the intake's pool.
pub async fn add_pin(ctx: &Context, actor: &Actor, intake: IntakeId, pin: Pin) -> AppResult<()> {
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    check_pin(ctx, &intake, &pin).await?;
    let change = audited(
        ctx,
        Some(actor),
        &format!("matching.{}", pin.kind.code()),
        intake.id.to_string(),
        format!("first={} second={}", pin.first, pin.second),
    );
    change.store.add_pin(intake.id, pin, ctx.now()).await?;
    change.done()
}

/// Both applications must be in the intake and distinct.
async fn check_pin(ctx: &Context, intake: &Intake, pin: &Pin) -> AppResult<()> {
    if pin.first == pin.second {
        return Err(AppError::field("second", "error.matching.same_person"));
    }
    for (field, id) in [("first", pin.first), ("second", pin.second)] {
        let ok = match ctx.store.get_application(id).await {
            Ok(a) => a.intake_id == intake.id,
            Err(StoreError::NotFound) => false,
            Err(e) => return Err(e.into()),
        };
        if !ok {
            return Err(AppError::field(field, "error.matching.not_in_intake"));
        }
    }
    Ok(())
}

pub async fn remove_pin(ctx: &Context, actor: &Actor, intake: IntakeId, pin: Pin) -> AppResult<()> {
    let (intake, programme) = intakes::get(ctx, actor, intake).await?;
    authorise(
        actor,
        Action::ManageProgramme {
            programme: programme.id,
        },
    )?;
    let change = audited(
        ctx,
        Some(actor),
        "matching.unpin",
        intake.id.to_string(),
        format!(
            "kind={} first={} second={}",
            pin.kind.code(),
            pin.first,
            pin.second
        ),
    );
    change.store.remove_pin(intake.id, pin).await?;
    change.done()
}

/// Swaps the partners of two left-side applicants in a run (mentees, or clinicians): the two
/// new pairs are locked, so the next run keeps them and re-solves the rest.
pub async fn swap(
    ctx: &Context,
    actor: &Actor,
    run: MatchRunId,
    first: ApplicationId,
    second: ApplicationId,
) -> AppResult<()> {
    let (run, intake, programme) = get_run(ctx, actor, run).await?;
    if programme.kind == ProgrammeKind::ActionLearningSets {
        return Err(AppError::Refused(Refusal::SwapPairsOnly));
    }
    let partner = |a: ApplicationId| {
        run.result
            .matches
            .iter()
            .find(|m| m.applications.first() == Some(&a))
            .and_then(|m| m.applications.get(1).copied())
    };
    let (Some(p1), Some(p2)) = (partner(first), partner(second)) else {
        return Err(AppError::field("first", "error.matching.swap_unknown"));
    };
    if first == second {
        return Err(AppError::field("second", "error.matching.same_person"));
    }
    // Two locks, two writes: the entry goes with the first.
    let change = audited(
        ctx,
        Some(actor),
        "matching.swap",
        intake.id.to_string(),
        format!("run={} first={first} second={second}", run.id),
    );
    for (a, b) in [(first, p2), (second, p1)] {
        change
            .store
            .add_pin(
                intake.id,
                Pin {
                    kind: PinKind::Lock,
                    first: a,
                    second: b,
                },
                ctx.now(),
            )
            .await?;
    }
    change.done()
}
