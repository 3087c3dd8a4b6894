//! What every instance runs on a timer, beside requests: one pass queues the time-driven notices
//! (reminders and digests, `notify::scheduler`) and opens the survey waves that are due
//! (`surveys::waves`, which stages each request's invitation in the request's own transaction).
//!
//! It sits above both areas so that neither imports the other's timer: surveys queue notices
//! through `notify`, and `notify` must not call back into `surveys` (that made a circle of
//! imports). Every instance runs the same pass; the deduplication keys of notices and survey
//! requests make their inserts idempotent, so no instance has to be in charge.

use crate::notify::worker::{chain, wake};
use crate::{AppResult, Context};
use std::time::Duration as StdDuration;
use tokio::sync::watch;

/// One pass: the notices due at `ctx.now()` and the survey waves due then. Returns how many
/// notices and requests were new.
pub async fn tick(ctx: &Context) -> AppResult<u64> {
    let notices = crate::notify::scheduler::tick(ctx).await?;
    let requests = crate::surveys::waves::open_due(ctx).await?;
    Ok(notices + requests)
}

/// Runs [`tick`] every `every` until `shutdown` turns true.
pub async fn run(ctx: Context, every: StdDuration, mut shutdown: watch::Receiver<bool>) {
    loop {
        if *shutdown.borrow() {
            break;
        }
        // A task of its own, so a panic in one pass does not end the timer.
        let pass = tokio::spawn({
            let ctx = ctx.clone();
            async move { tick(&ctx).await }
        });
        match pass.await {
            Ok(Ok(0)) => {}
            Ok(Ok(n)) => {
                tracing::info!(queued = n, "scheduler queued notices and survey requests");
                wake();
            }
            Ok(Err(e)) => tracing::warn!(error = %chain(&e), "scheduler tick failed"),
            Err(e) => tracing::error!(error = %e, "scheduler tick panicked"),
        }
        tokio::select! {
            _ = tokio::time::sleep(every) => {}
            _ = shutdown.changed() => {}
        }
    }
}
