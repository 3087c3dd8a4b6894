//! Action learning sets: the rota of facilitator, timekeeper and presenters for a set's next
//! meeting.
//!
//! The rota is computed from the record of past meetings rather than stored as a queue, so that
//! it can never drift from what actually happened: whoever really presented moves to the back,
//! and whoever was due but did not present (absent, or the meeting ran out of time) keeps their
//! place. It is pure and deterministic — the same members and history always give the same rota,
//! whatever order the members are passed in — so every page, the API and the demo agree.

use crate::{PersonId, RelationshipId, Slot};
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// What one past meeting recorded: who came and who held which role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastMeeting<M> {
    /// Members who attended.
    pub attended: BTreeSet<M>,
    /// Who facilitated, if anyone was recorded.
    pub facilitator: Option<M>,
    /// Who kept time, if anyone was recorded.
    pub timekeeper: Option<M>,
    /// Who presented an issue.
    pub presenters: Vec<M>,
}

/// The roles proposed for one meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rota<M> {
    /// Leads the meeting; `None` only when nobody is available.
    pub facilitator: Option<M>,
    /// Keeps time; `None` when fewer than two people are available.
    pub timekeeper: Option<M>,
    /// Present an issue, first to present first.
    pub presenters: Vec<M>,
}

/// How often, and how recently, a member has held one role.
///
/// Members are ranked by this key, lowest first: fewest turns, then the longest wait since their
/// last turn (never counts as longest), then their position in the sorted member list. A turn
/// changes only the key of whoever took it, so everyone who did not take a turn keeps their
/// relative order — that is what lets an absent member keep their turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct TurnKey {
    turns: usize,
    /// Index + 1 of the meeting of the last turn; 0 when never.
    last: usize,
    position: usize,
}

/// A role's turns per member, counted from the history.
///
/// A role counts only if its holder attended: a recorded role for an absent member is a
/// mistake in the record, and must not cost them their turn.
fn keys<M: Ord + Clone>(
    members: &[M],
    history: &[PastMeeting<M>],
    held: impl Fn(&PastMeeting<M>) -> Vec<M>,
) -> BTreeMap<M, TurnKey> {
    let mut out: BTreeMap<M, TurnKey> = members
        .iter()
        .enumerate()
        .map(|(position, m)| {
            (
                m.clone(),
                TurnKey {
                    turns: 0,
                    last: 0,
                    position,
                },
            )
        })
        .collect();
    for (index, meeting) in history.iter().enumerate() {
        let holders: BTreeSet<M> = held(meeting).into_iter().collect();
        for holder in holders {
            if !meeting.attended.contains(&holder) {
                continue;
            }
            if let Some(key) = out.get_mut(&holder) {
                key.turns += 1;
                key.last = index + 1;
            }
        }
    }
    out
}

/// The member with the lowest key among `candidates`.
fn first<M: Ord + Clone>(keys: &BTreeMap<M, TurnKey>, candidates: &[M]) -> Option<M> {
    candidates.iter().min_by_key(|m| keys[*m]).cloned()
}

/// Proposes the rota of the next meeting.
///
/// `members` are the set's current members (order does not matter; duplicates are ignored),
/// `history` its past meetings oldest first, `presenters` how many issues the meeting hears and
/// `away` the members who sent apologies in advance (they get no role, and keep their turn).
///
/// Presenters are the available members with the fewest presentations, so everyone presents
/// before anyone presents twice. The facilitator and timekeeper rotate the same way, chosen
/// among those not presenting when there are enough people, and are never the same person
/// when two or more are available.
#[must_use]
pub fn propose<M: Ord + Clone>(
    members: &[M],
    history: &[PastMeeting<M>],
    presenters: usize,
    away: &BTreeSet<M>,
) -> Rota<M> {
    let members: Vec<M> = members
        .iter()
        .cloned()
        .collect::<BTreeSet<M>>()
        .into_iter()
        .collect();
    let available: Vec<M> = members
        .iter()
        .filter(|m| !away.contains(*m))
        .cloned()
        .collect();

    let presenting = keys(&members, history, |m| m.presenters.clone());
    let mut queue = available.clone();
    queue.sort_by_key(|m| presenting[m]);
    let chosen: Vec<M> = queue.into_iter().take(presenters).collect();

    let not_presenting: Vec<M> = available
        .iter()
        .filter(|m| !chosen.contains(*m))
        .cloned()
        .collect();
    let prefer = |excluded: &[&M]| -> Vec<M> {
        let free: Vec<M> = not_presenting
            .iter()
            .filter(|m| !excluded.contains(m))
            .cloned()
            .collect();
        if free.is_empty() {
            available
                .iter()
                .filter(|m| !excluded.contains(m))
                .cloned()
                .collect()
        } else {
            free
        }
    };

    let facilitating = keys(&members, history, |m| {
        m.facilitator.iter().cloned().collect()
    });
    let facilitator = first(&facilitating, &prefer(&[]));
    let timekeeping = keys(&members, history, |m| {
        m.timekeeper.iter().cloned().collect()
    });
    let excluded: Vec<&M> = facilitator.iter().collect();
    let timekeeper = first(&timekeeping, &prefer(&excluded));

    Rota {
        facilitator,
        timekeeper,
        presenters: chosen,
    }
}

/// Re-assigns an agreed rota after members sent apologies (`away`): whoever holds a role and is
/// away loses it, and the role goes to the next available member by the same rule as
/// [`propose`] (fewest turns, longest wait); everyone else keeps the role they agreed to. The
/// number of presenters stays as agreed while enough members are available.
///
/// Only the roles of absent members move, so an apology never reshuffles a rota the others
/// prepared for.
#[must_use]
pub fn reassign<M: Ord + Clone>(
    members: &[M],
    history: &[PastMeeting<M>],
    away: &BTreeSet<M>,
    agreed: &Rota<M>,
) -> Rota<M> {
    let members: Vec<M> = members
        .iter()
        .cloned()
        .collect::<BTreeSet<M>>()
        .into_iter()
        .collect();
    let available: Vec<M> = members
        .iter()
        .filter(|m| !away.contains(*m))
        .cloned()
        .collect();
    let here = |m: &M| available.contains(m);

    let presenting = keys(&members, history, |m| m.presenters.clone());
    let mut presenters: Vec<M> = agreed
        .presenters
        .iter()
        .filter(|m| here(m))
        .cloned()
        .collect();
    let mut queue: Vec<M> = available
        .iter()
        .filter(|m| !presenters.contains(*m))
        .cloned()
        .collect();
    // Those without another role first, so a presenter's place does not take a facilitator.
    let other_role =
        |m: &M| agreed.facilitator.as_ref() == Some(m) || agreed.timekeeper.as_ref() == Some(m);
    queue.sort_by_key(|m| (other_role(m), presenting[m]));
    for m in queue {
        if presenters.len() >= agreed.presenters.len() {
            break;
        }
        presenters.push(m);
    }

    // A replacement is chosen among those without a role when there are any, else among the
    // available who do not hold the other role.
    let pick = |keys: &BTreeMap<M, TurnKey>, taken: &[&M]| -> Option<M> {
        let free: Vec<M> = available
            .iter()
            .filter(|m| !presenters.contains(*m) && !taken.contains(m))
            .cloned()
            .collect();
        let pool = if free.is_empty() {
            available
                .iter()
                .filter(|m| !taken.contains(m))
                .cloned()
                .collect()
        } else {
            free
        };
        first(keys, &pool)
    };
    let facilitating = keys(&members, history, |m| {
        m.facilitator.iter().cloned().collect()
    });
    let timekeeping = keys(&members, history, |m| {
        m.timekeeper.iter().cloned().collect()
    });
    let kept_timekeeper = agreed.timekeeper.clone().filter(|m| here(m));
    let facilitator = match agreed.facilitator.clone().filter(|m| here(m)) {
        Some(f) => Some(f),
        None => pick(&facilitating, &kept_timekeeper.iter().collect::<Vec<_>>()),
    };
    let timekeeper = match kept_timekeeper {
        Some(t) => Some(t),
        None => pick(&timekeeping, &facilitator.iter().collect::<Vec<_>>()),
    };
    Rota {
        facilitator,
        timekeeper,
        presenters,
    }
}

/// Whether anyone in `away` holds a role in `rota`.
#[must_use]
pub fn holds_a_role<M: Ord>(rota: &Rota<M>, away: &BTreeSet<M>) -> bool {
    rota.facilitator.as_ref().is_some_and(|m| away.contains(m))
        || rota.timekeeper.as_ref().is_some_and(|m| away.contains(m))
        || rota.presenters.iter().any(|m| away.contains(m))
}

/// How many times each member presented (attending) in the history.
///
/// Used by pages to show the rotation so far, and by tests as the fairness measure.
#[must_use]
pub fn presentations<M: Ord + Clone>(
    members: &[M],
    history: &[PastMeeting<M>],
) -> BTreeMap<M, usize> {
    keys(members, history, |m| m.presenters.clone())
        .into_iter()
        .map(|(m, k)| (m, k.turns))
        .collect()
}

/// A meeting of a set: when, where (the online link) and the rota agreed for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetMeeting {
    pub id: Uuid,
    pub relationship_id: RelationshipId,
    /// Local date and time at the members' place: the slot is a local half-day, so storing
    /// local time keeps "Tuesday afternoon" a Tuesday afternoon across clock changes.
    pub starts_on: NaiveDate,
    pub starts_time: NaiveTime,
    pub link: String,
    pub facilitator: Option<PersonId>,
    pub timekeeper: Option<PersonId>,
    /// Whether the members accepted (or adjusted) the rota; until then the proposal is shown.
    pub rota_agreed: bool,
    /// Whether attendance was recorded: only such meetings count in the rotation.
    pub attendance_recorded: bool,
    pub created_by: Option<PersonId>,
    pub created_at: DateTime<Utc>,
    /// RFC 5545 SEQUENCE of the meeting's calendar event: raised by the store when it moves.
    pub sequence: u32,
}

/// Whether one member attended one meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Attendance {
    pub person_id: PersonId,
    pub present: bool,
}

/// A presenter in a meeting, and the issue they brought.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Presentation {
    pub person_id: PersonId,
    pub position: u32,
    pub issue: String,
}

/// Where an action committed to at a meeting stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// Not yet followed up.
    Open,
    Done,
    NotDone,
    /// Still being worked on: it stays on the follow-up list of later meetings.
    Carried,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 4] = [Self::Open, Self::Done, Self::NotDone, Self::Carried];

    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Done => "done",
            Self::NotDone => "not_done",
            Self::Carried => "carried",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether later meetings still follow it up.
    pub fn pending(self) -> bool {
        matches!(self, Self::Open | Self::Carried)
    }
}

/// An action a presenter committed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetAction {
    pub id: Uuid,
    pub meeting_id: Uuid,
    pub person_id: PersonId,
    pub text: String,
    pub status: ActionStatus,
    pub updated_at: DateTime<Utc>,
}

/// A meeting with everything recorded at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRecord {
    pub meeting: SetMeeting,
    pub attendance: Vec<Attendance>,
    pub presentations: Vec<Presentation>,
    pub actions: Vec<SetAction>,
}

impl MeetingRecord {
    /// The meeting as rota history; `None` until attendance is recorded (a meeting nobody
    /// recorded cannot say who took a turn).
    pub fn as_past(&self) -> Option<PastMeeting<PersonId>> {
        if !self.meeting.attendance_recorded {
            return None;
        }
        Some(PastMeeting {
            attended: self
                .attendance
                .iter()
                .filter(|a| a.present)
                .map(|a| a.person_id)
                .collect(),
            facilitator: self.meeting.facilitator,
            timekeeper: self.meeting.timekeeper,
            presenters: self.presentations.iter().map(|p| p.person_id).collect(),
        })
    }
}

/// The usual start time of a half-day slot (morning, afternoon, evening).
#[must_use]
pub fn slot_start(slot: Slot) -> NaiveTime {
    let (h, m) = match slot.part {
        0 => (9, 30),
        1 => (14, 0),
        _ => (18, 30),
    };
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

/// The date proposed for the next meeting: on the slot's weekday, `cadence_weeks` after the last
/// meeting (or the first such weekday after today when there is none), and never in the past.
#[must_use]
pub fn next_date(
    slot: Slot,
    cadence_weeks: u32,
    last: Option<NaiveDate>,
    today: NaiveDate,
) -> NaiveDate {
    let earliest = match last {
        Some(d) => {
            (d + Duration::weeks(i64::from(cadence_weeks.max(1)))).max(today + Duration::days(1))
        }
        None => today + Duration::days(1),
    };
    let wanted = i64::from(slot.day);
    let have = i64::from(earliest.weekday().num_days_from_monday());
    earliest + Duration::days((wanted - have).rem_euclid(7))
}

#[cfg(test)]
mod reassign_tests {
    use super::*;

    fn rota(f: u8, t: u8, p: &[u8]) -> Rota<u8> {
        Rota {
            facilitator: Some(f),
            timekeeper: Some(t),
            presenters: p.to_vec(),
        }
    }

    #[test]
    fn an_apology_moves_only_the_absent_members_role() {
        let members = [1, 2, 3, 4, 5, 6];
        let agreed = rota(1, 2, &[3, 4]);
        let away: BTreeSet<u8> = [3].into();
        let r = reassign(&members, &[], &away, &agreed);
        assert_eq!(r.facilitator, Some(1));
        assert_eq!(r.timekeeper, Some(2));
        assert_eq!(r.presenters.len(), 2);
        assert!(r.presenters.contains(&4));
        assert!(!r.presenters.contains(&3));
        // The replacement is free of other roles: the first of 5, 6 by the rule.
        assert_eq!(r.presenters[1], 5);
        assert!(holds_a_role(&agreed, &away));
        assert!(!holds_a_role(&r, &away));
    }

    #[test]
    fn a_facilitator_who_cannot_come_is_replaced_by_whoever_facilitated_least() {
        let members = [1, 2, 3, 4, 5];
        let history = vec![PastMeeting {
            attended: [1, 2, 3, 4, 5].into(),
            facilitator: Some(5),
            timekeeper: Some(4),
            presenters: vec![2, 3],
        }];
        let agreed = rota(1, 2, &[3, 4]);
        let away: BTreeSet<u8> = [1].into();
        let r = reassign(&members, &history, &away, &agreed);
        // 5 facilitated last time; nobody else free: 5 is the only one without a role.
        assert_eq!(r.facilitator, Some(5));
        assert_eq!(r.timekeeper, Some(2));
        assert_eq!(r.presenters, vec![3, 4]);
    }

    #[test]
    fn with_everyone_away_nobody_holds_a_role() {
        let members = [1, 2];
        let away: BTreeSet<u8> = [1, 2].into();
        let r = reassign(&members, &[], &away, &rota(1, 2, &[1]));
        assert_eq!(r.facilitator, None);
        assert_eq!(r.timekeeper, None);
        assert!(r.presenters.is_empty());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meeting(attended: &[u8], f: u8, t: u8, p: &[u8]) -> PastMeeting<u8> {
        PastMeeting {
            attended: attended.iter().copied().collect(),
            facilitator: Some(f),
            timekeeper: Some(t),
            presenters: p.to_vec(),
        }
    }

    #[test]
    fn first_meeting_takes_members_in_order_and_keeps_roles_apart() {
        let rota = propose(&[3, 1, 2, 4, 5], &[], 2, &BTreeSet::new());
        assert_eq!(rota.presenters, vec![1, 2]);
        assert_eq!(rota.facilitator, Some(3));
        assert_eq!(rota.timekeeper, Some(4));
    }

    #[test]
    fn absent_presenter_keeps_the_turn() {
        // 1 and 2 were due; 2 was absent and 3 presented instead.
        let history = [meeting(&[1, 3, 4, 5], 4, 5, &[1, 3])];
        let rota = propose(&[1, 2, 3, 4, 5], &history, 2, &BTreeSet::new());
        assert_eq!(rota.presenters, vec![2, 4]);
    }

    #[test]
    fn apologies_in_advance_give_no_role() {
        let away: BTreeSet<u8> = [1].into_iter().collect();
        let rota = propose(&[1, 2, 3], &[], 1, &away);
        assert_eq!(rota.presenters, vec![2]);
        assert_eq!(rota.facilitator, Some(3));
        // Only two available: the timekeeper must be the presenter, never the facilitator.
        assert_eq!(rota.timekeeper, Some(2));
    }

    #[test]
    fn next_date_keeps_the_cadence_on_the_slot_day() {
        let tue_pm = Slot { day: 1, part: 1 };
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(); // a Monday
        assert_eq!(
            next_date(tue_pm, 4, None, today).weekday(),
            chrono::Weekday::Tue
        );
        assert_eq!(
            next_date(tue_pm, 4, None, today),
            NaiveDate::from_ymd_opt(2026, 11, 24).unwrap()
        );
        let last = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(); // a Tuesday
        assert_eq!(
            next_date(tue_pm, 4, Some(last), today),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        // Long overdue: never in the past.
        let old = NaiveDate::from_ymd_opt(2026, 1, 6).unwrap();
        assert!(next_date(tue_pm, 4, Some(old), today) > today);
        assert_eq!(
            slot_start(tue_pm),
            NaiveTime::from_hms_opt(14, 0, 0).unwrap()
        );
    }

    #[test]
    fn nobody_available_gives_an_empty_rota() {
        let away: BTreeSet<u8> = [1, 2].into_iter().collect();
        let rota = propose(&[1, 2], &[], 2, &away);
        assert!(rota.presenters.is_empty());
        assert_eq!(rota.facilitator, None);
        assert_eq!(rota.timekeeper, None);
    }

    proptest::proptest! {
        #[test]
        fn next_date_is_on_the_slot_day_after_today_and_the_cadence(
            day in 0u8..7, weeks in 1u32..9, offset in -400i64..400, gap in 0i64..200,
        ) {
            let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap() + Duration::days(offset);
            let last = today - Duration::days(gap);
            let slot = Slot { day, part: 0 };
            let d = next_date(slot, weeks, Some(last), today);
            proptest::prop_assert_eq!(d.weekday().num_days_from_monday(), u32::from(day));
            proptest::prop_assert!(d > today);
            proptest::prop_assert!(d >= last + Duration::weeks(i64::from(weeks)));
            // The first such day: a week earlier breaks one of the rules.
            let before = d - Duration::weeks(1);
            proptest::prop_assert!(before <= today || before < last + Duration::weeks(i64::from(weeks)));
        }
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        /// Presentations counted the obvious way, independently of `keys`.
        fn count(
            history: &[PastMeeting<u8>],
            m: u8,
            role: fn(&PastMeeting<u8>) -> Vec<u8>,
        ) -> usize {
            history
                .iter()
                .filter(|h| h.attended.contains(&m) && role(h).contains(&m))
                .count()
        }

        fn presenters_of(h: &PastMeeting<u8>) -> Vec<u8> {
            h.presenters.clone()
        }
        fn facilitator_of(h: &PastMeeting<u8>) -> Vec<u8> {
            h.facilitator.into_iter().collect()
        }

        /// Every subset of `items` of size `k` (brute force, small cases only).
        fn subsets(items: &[u8], k: usize) -> Vec<Vec<u8>> {
            if k == 0 {
                return vec![vec![]];
            }
            let mut out = Vec::new();
            for (i, first) in items.iter().enumerate() {
                for mut rest in subsets(&items[i + 1..], k - 1) {
                    rest.insert(0, *first);
                    out.push(rest);
                }
            }
            out
        }

        fn mask(members: u8, bits: u8) -> BTreeSet<u8> {
            (0..members).filter(|m| bits & (1 << m) != 0).collect()
        }

        /// Any recorded history, including roles recorded for absent members.
        fn arbitrary_history(members: u8) -> impl Strategy<Value = Vec<PastMeeting<u8>>> {
            prop::collection::vec(
                (
                    any::<u8>(),
                    prop::option::of(0..members),
                    prop::option::of(0..members),
                    prop::collection::vec(0..members, 0..4),
                ),
                0..10,
            )
            .prop_map(move |raw| {
                raw.into_iter()
                    .map(|(bits, facilitator, timekeeper, presenters)| PastMeeting {
                        attended: mask(members, bits),
                        facilitator,
                        timekeeper,
                        presenters,
                    })
                    .collect()
            })
        }

        fn case() -> impl Strategy<Value = (u8, usize, Vec<PastMeeting<u8>>, u8)> {
            (2u8..=7, 1usize..=3)
                .prop_flat_map(|(n, k)| (Just(n), Just(k), arbitrary_history(n), any::<u8>()))
        }

        proptest! {
            #[test]
            fn presenters_are_the_least_presented_available_members((n, k, history, away_bits) in case()) {
                let members: Vec<u8> = (0..n).collect();
                let away = mask(n, away_bits);
                let available: Vec<u8> = members.iter().copied().filter(|m| !away.contains(m)).collect();
                let rota = propose(&members, &history, k, &away);

                prop_assert_eq!(rota.presenters.len(), k.min(available.len()));
                let distinct: BTreeSet<u8> = rota.presenters.iter().copied().collect();
                prop_assert_eq!(distinct.len(), rota.presenters.len());
                prop_assert!(rota.presenters.iter().all(|p| available.contains(p)));

                // Nobody presents again while an available member has presented fewer times.
                for p in &rota.presenters {
                    for q in available.iter().filter(|q| !rota.presenters.contains(q)) {
                        prop_assert!(count(&history, *p, presenters_of) <= count(&history, *q, presenters_of));
                    }
                }
                // Oracle: no other choice of presenters has fewer presentations between them.
                let total = |set: &[u8]| set.iter().map(|m| count(&history, *m, presenters_of)).sum::<usize>();
                let best = subsets(&available, rota.presenters.len()).iter().map(|s| total(s)).min().unwrap_or(0);
                prop_assert_eq!(total(&rota.presenters), best);
            }

            #[test]
            fn facilitator_and_timekeeper_rotate_and_stay_apart((n, k, history, away_bits) in case()) {
                let members: Vec<u8> = (0..n).collect();
                let away = mask(n, away_bits);
                let available: Vec<u8> = members.iter().copied().filter(|m| !away.contains(m)).collect();
                let rota = propose(&members, &history, k, &away);
                let spare = available.len() - rota.presenters.len();

                prop_assert_eq!(rota.facilitator.is_some(), !available.is_empty());
                prop_assert_eq!(rota.timekeeper.is_some(), available.len() >= 2);
                if let (Some(f), Some(t)) = (rota.facilitator, rota.timekeeper) {
                    prop_assert_ne!(f, t);
                    prop_assert!(available.contains(&f) && available.contains(&t));
                }
                if spare >= 1 {
                    prop_assert!(!rota.presenters.contains(&rota.facilitator.unwrap()));
                }
                if spare >= 2 {
                    prop_assert!(!rota.presenters.contains(&rota.timekeeper.unwrap()));
                }
                // The facilitator has facilitated least among those who could have.
                if let Some(f) = rota.facilitator {
                    let eligible: Vec<u8> = if spare >= 1 {
                        available.iter().copied().filter(|m| !rota.presenters.contains(m)).collect()
                    } else {
                        available.clone()
                    };
                    for q in eligible {
                        prop_assert!(count(&history, f, facilitator_of) <= count(&history, q, facilitator_of));
                    }
                }
            }

            #[test]
            fn member_order_does_not_change_the_rota((n, k, history, away_bits) in case(), seed in any::<u64>()) {
                let members: Vec<u8> = (0..n).collect();
                let mut shuffled = members.clone();
                // A deterministic shuffle driven by the seed.
                let mut state = seed;
                for i in (1..shuffled.len()).rev() {
                    state = state.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
                    let j = usize::try_from(state >> 33).unwrap_or(0) % (i + 1);
                    shuffled.swap(i, j);
                }
                let away = mask(n, away_bits);
                prop_assert_eq!(propose(&members, &history, k, &away), propose(&shuffled, &history, k, &away));
            }

            /// Following the rota with everyone present: everyone presents before anyone twice.
            #[test]
            fn full_attendance_cycles_through_everyone(n in 2u8..=8, k in 1usize..=3, meetings in 1usize..=12) {
                let members: Vec<u8> = (0..n).collect();
                let mut history = Vec::new();
                for _ in 0..meetings {
                    let rota = propose(&members, &history, k, &BTreeSet::new());
                    history.push(PastMeeting {
                        attended: members.iter().copied().collect(),
                        facilitator: rota.facilitator,
                        timekeeper: rota.timekeeper,
                        presenters: rota.presenters,
                    });
                    let counts: Vec<usize> = members.iter().map(|m| count(&history, *m, presenters_of)).collect();
                    let max = counts.iter().max().copied().unwrap_or(0);
                    let min = counts.iter().min().copied().unwrap_or(0);
                    prop_assert!(max - min <= 1, "counts {:?}", counts);
                }
            }

            /// Following the rota with random absences: a member due but absent is due again at
            /// the next meeting (when the same people are available to the rota).
            #[test]
            fn absent_members_keep_their_turn(
                n in 2u8..=7,
                k in 1usize..=3,
                attendance in prop::collection::vec(any::<u8>(), 1..12),
            ) {
                let members: Vec<u8> = (0..n).collect();
                let mut history: Vec<PastMeeting<u8>> = Vec::new();
                let mut previous: Option<(Rota<u8>, BTreeSet<u8>)> = None;
                for bits in attendance {
                    let rota = propose(&members, &history, k, &BTreeSet::new());
                    if let Some((due, attended)) = &previous {
                        for m in due.presenters.iter().filter(|m| !attended.contains(m)) {
                            prop_assert!(rota.presenters.contains(m), "{} lost their turn", m);
                        }
                    }
                    let attended = mask(n, bits);
                    history.push(PastMeeting {
                        attended: attended.clone(),
                        facilitator: rota.facilitator.filter(|m| attended.contains(m)),
                        timekeeper: rota.timekeeper.filter(|m| attended.contains(m)),
                        presenters: rota.presenters.iter().copied().filter(|m| attended.contains(m)).collect(),
                    });
                    previous = Some((rota, attended));
                }
            }
        }
    }
}
