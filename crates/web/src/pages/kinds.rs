//! The parts of a relationship's page that depend on its kind (#15): a set's page shows its
//! members, meetings, rota, apologies, attendance and open actions rather than the one-to-one
//! layout. Handlers only translate: `tandem_app::sets` decides what the viewer may see.

use crate::AppState;
use crate::render::ser;
use minijinja::{Value, context};
use tandem_app::matching::RelationshipView;
use tandem_app::sets as set_svc;
use tandem_domain::{Actor, RelationshipKind};

pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    (
        "kinds/set_summary.html",
        include_str!("../../templates/kinds/set_summary.html"),
    ),
    (
        "kinds/fields.html",
        include_str!("../../templates/kinds/fields.html"),
    ),
];

/// What a set's relationship page adds: the set as the viewer may see it, the meeting to come
/// (index into its meetings) and the actions still open. Empty for other kinds, and for a set
/// not yet under way (an offer: there is nothing to show yet).
pub(crate) async fn extras(state: &AppState, actor: &Actor, v: &RelationshipView) -> Value {
    let r = &v.relationship;
    if r.kind != RelationshipKind::Set || r.activated_at.is_none() {
        return context! {};
    }
    // Whoever sees the relationship may see its set (members and the scheme coordinator); a
    // refusal here only leaves the summary out.
    let Ok(set) = set_svc::view(&state.app, actor, r.id).await else {
        return context! {};
    };
    let today = state.app.now().date_naive();
    let next = set
        .meetings
        .iter()
        .position(|m| !m.attendance_recorded && m.starts_on >= today);
    let open_actions: Vec<&set_svc::ActionView> = set
        .meetings
        .iter()
        .filter_map(|m| m.presentations.as_ref())
        .flatten()
        .flat_map(|p| p.actions.iter())
        .filter(|a| a.status.pending())
        .collect();
    let held: Vec<&set_svc::MeetingView> = set
        .meetings
        .iter()
        .filter(|m| m.attendance_recorded)
        .collect();
    context! {
        set => ser(&set),
        next_meeting => next,
        held_meetings => ser(&held),
        open_actions => ser(&open_actions),
    }
}
