//! Renderers of the scheduled notices (see [`super::render`] for which kinds come here).
//!
//! Each renderer reads the thing the notice is about *now* and returns `None` when the notice no
//! longer makes sense (the offer was answered, the session moved, held or cancelled, the digest
//! would be empty): the worker then drops the row and counts it, rather than sending something
//! untrue. Every notice is written in the recipient's language with the exact page to act on.

use super::layout::{self, Body};
use super::{NoticeKind, Queued, Recipient, Rendered};
use crate::tokens::{random_token, token_hash};
use crate::{AppError, AppResult, Context};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;
use tandem_domain::ApplicationStatus;
use tandem_domain::application::{MANAGER_LINK_DAYS, ManagerLink};
use tandem_domain::sessions::BookingStatus;
use tandem_domain::{
    Language, OfferResponse, OrganisationId, PersonId, ProgrammeId, RelationshipId,
    RelationshipKind, RelationshipStatus, SchemeId,
};
use tandem_i18n::I18n;
use tandem_storage::{StoreError, WaitingApplication};
use uuid::Uuid;

/// Renders one of this module's kinds, or `None` when it is no longer relevant.
pub async fn render(ctx: &Context, notice: &Queued, to: &Recipient) -> AppResult<Option<Rendered>> {
    use NoticeKind as K;
    let r = Renderer { ctx, notice, to };
    let body = match notice.kind {
        K::ApplicationManagerReminder => r.manager_reminder().await?,
        K::OfferReminder => r.offer(false).await?,
        K::OfferExpired => r.offer(true).await?,
        K::SessionReminder => r.session_reminder().await?,
        K::SessionLogPrompt => r.log_prompt().await?,
        K::SetMeetingReminder => r.meeting_reminder().await?,
        K::SetActionsDue => r.actions_due().await?,
        K::PairShadowingReminder => r.shadowing().await?,
        K::PairWorkshopReminder => r.workshop().await?,
        K::DigestOrganisation => r.organisation_digest().await?,
        K::DigestScheme => r.scheme_digest().await?,
        K::DigestDaily => r.daily_digest().await?,
        K::SurveyWave => r.survey(false).await?,
        K::SurveyReminder => r.survey(true).await?,
        other => {
            return Err(AppError::internal(std::io::Error::other(format!(
                "{other} is not a scheduled notice"
            ))));
        }
    };
    Ok(body.map(|mut b| {
        b.preferences_url = to.preferences_url.clone();
        b.unsubscribe_url = to.unsubscribe_url.clone();
        layout::render(to.language, &b)
    }))
}

/// Treats a thing that is gone as "no longer relevant" rather than an error.
fn gone<T>(r: Result<T, StoreError>) -> AppResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

macro_rules! or_drop {
    ($e:expr) => {
        match $e {
            Some(v) => v,
            None => return Ok(None),
        }
    };
}

pub use super::words::long_date;

/// The scheme digest lists relationships with no session held or booked for this many weeks.
pub const QUIET_WEEKS: i64 = 4;

struct Renderer<'a> {
    ctx: &'a Context,
    notice: &'a Queued,
    to: &'a Recipient,
}

impl Renderer<'_> {
    fn lang(&self) -> Language {
        self.to.language
    }

    fn t(&self, key: &str) -> String {
        I18n::shared().t(self.lang(), &format!("notices.scheduled.{key}"))
    }

    fn tw(&self, key: &str, params: &[(&str, &str)]) -> String {
        I18n::shared().t_with(self.lang(), &format!("notices.scheduled.{key}"), params)
    }

    fn field<T: DeserializeOwned>(&self, name: &str) -> AppResult<T> {
        let v = self
            .notice
            .payload
            .get(name)
            .cloned()
            .ok_or_else(|| AppError::internal(std::io::Error::other(format!("no {name}"))))?;
        serde_json::from_value(v).map_err(AppError::internal)
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.ctx.settings.base())
    }

    fn person(&self) -> AppResult<PersonId> {
        self.to
            .person_id
            .ok_or_else(|| AppError::internal(std::io::Error::other("no person")))
    }

    /// A body with the greeting, a subject and one paragraph, in the kind's words.
    fn body(&self, kind: &str, params: &[(&str, &str)]) -> Body {
        let greeting = layout::greeting(self.to);
        Body {
            subject: self.tw(&format!("{kind}.subject"), params),
            greeting,
            paragraphs: vec![self.tw(&format!("{kind}.body"), params)],
            ..Body::default()
        }
    }

    fn action(&self, kind: &str, path: &str) -> Option<(String, String)> {
        Some((self.t(&format!("{kind}.action")), self.url(path)))
    }

    /// A time in the recipient's zone, in words, with the zone's name.
    async fn when(&self, t: DateTime<Utc>) -> AppResult<String> {
        let zone = crate::calendar::zone_of(self.ctx, self.person()?).await?;
        let local = tandem_domain::sessions::to_local(zone, t);
        Ok(format!(
            "{}, {} ({zone})",
            long_date(self.lang(), local.date()),
            local.format("%H:%M")
        ))
    }

    async fn name_of(&self, person: PersonId) -> AppResult<String> {
        Ok(match gone(self.ctx.store.get_person(person).await)? {
            Some(rec) => rec.person.display_name(),
            None => self.t("someone"),
        })
    }

    async fn programme_of_relationship(&self, id: RelationshipId) -> AppResult<Option<String>> {
        let Some(r) = gone(self.ctx.store.get_relationship(id).await)? else {
            return Ok(None);
        };
        let intake = self.ctx.store.get_intake(r.intake_id).await?;
        Ok(Some(
            self.ctx
                .store
                .get_programme(intake.programme_id)
                .await?
                .name,
        ))
    }

    // ----- applications -----

    async fn manager_reminder(&self) -> AppResult<Option<Body>> {
        let id = self.field("application")?;
        let a = or_drop!(gone(self.ctx.store.get_application(id).await)?);
        let manager = self.person()?;
        if a.status != ApplicationStatus::AwaitingManager || a.line_manager_id != Some(manager) {
            return Ok(None);
        }
        // A fresh single-use link: only hashes are stored, so the first one cannot be repeated.
        let token = random_token();
        let now = self.ctx.now();
        self.ctx
            .store
            .create_manager_link(&ManagerLink {
                token_hash: token_hash(&token),
                application_id: a.id,
                manager_id: manager,
                created_at: now,
                expires_at: now + Duration::days(MANAGER_LINK_DAYS),
                used_at: None,
            })
            .await?;
        let applicant = self.name_of(a.person_id).await?;
        let intake = self.ctx.store.get_intake(a.intake_id).await?;
        let programme = self
            .ctx
            .store
            .get_programme(intake.programme_id)
            .await?
            .name;
        let days = MANAGER_LINK_DAYS.to_string();
        let params = [
            ("applicant", applicant.as_str()),
            ("programme", programme.as_str()),
            ("days", days.as_str()),
        ];
        let mut b = self.body("manager_reminder", &params);
        let path = format!("/manager-approval/{token}?lang={}", self.lang().tag());
        b.action = self.action("manager_reminder", &path);
        Ok(Some(b))
    }

    // ----- offers -----

    async fn offer(&self, expired: bool) -> AppResult<Option<Body>> {
        let id: RelationshipId = self.field("relationship")?;
        let deadline: DateTime<Utc> = self.field("deadline")?;
        let r = or_drop!(gone(self.ctx.store.get_relationship(id).await)?);
        let me = or_drop!(r.member(self.person()?));
        let now = self.ctx.now();
        let relevant = if expired {
            // Told once the deadline passed with the offer still open (or lapsed by a
            // coordinator since): not if it went ahead after all.
            matches!(
                r.status,
                RelationshipStatus::Proposed | RelationshipStatus::Declined
            ) && r.offer_deadline <= now
                && !r
                    .members
                    .iter()
                    .any(|m| m.response == OfferResponse::Declined)
        } else {
            r.status == RelationshipStatus::Proposed
                && me.response == OfferResponse::Pending
                && r.offer_deadline == deadline
                && now < deadline
        };
        if !relevant {
            return Ok(None);
        }
        let programme = or_drop!(self.programme_of_relationship(id).await?);
        let when = self.when(r.offer_deadline).await?;
        let kind = if expired {
            "offer_expired"
        } else {
            "offer_reminder"
        };
        let mut b = self.body(kind, &[("programme", programme.as_str())]);
        b.facts.push((self.t("fact.deadline"), when));
        b.action = self.action(kind, &format!("/relationships/{id}"));
        Ok(Some(b))
    }

    // ----- sessions -----

    async fn session_reminder(&self) -> AppResult<Option<Body>> {
        let id = self.field("session")?;
        let sequence: u32 = self.field("sequence")?;
        let b = or_drop!(gone(self.ctx.store.get_booking(id).await)?);
        let starts = or_drop!(b.starts_at);
        if b.status != BookingStatus::Confirmed
            || b.sequence != sequence
            || starts <= self.ctx.now()
        {
            return Ok(None);
        }
        let r = or_drop!(gone(
            self.ctx.store.get_relationship(b.relationship_id).await
        )?);
        let me = self.person()?;
        let mut with = Vec::new();
        for m in r.remaining().filter(|m| m.person_id != me) {
            with.push(self.name_of(m.person_id).await?);
        }
        let with = with.join(", ");
        let mut body = self.body("session_reminder", &[("with", with.as_str())]);
        body.facts
            .push((self.t("fact.when"), self.when(starts).await?));
        let minutes = b.minutes.to_string();
        body.facts.push((
            self.t("fact.length"),
            self.tw("minutes", &[("minutes", minutes.as_str())]),
        ));
        if !b.link.is_empty() {
            body.facts.push((self.t("fact.link"), b.link.clone()));
        }
        if !b.place.is_empty() {
            body.facts.push((self.t("fact.place"), b.place.clone()));
        }
        body.action = self.action(
            "session_reminder",
            &format!("/relationships/{}/bookings", b.relationship_id),
        );
        Ok(Some(body))
    }

    async fn log_prompt(&self) -> AppResult<Option<Body>> {
        let id = self.field("session")?;
        let b = or_drop!(gone(self.ctx.store.get_booking(id).await)?);
        if b.status != BookingStatus::Confirmed {
            return Ok(None);
        }
        let starts = or_drop!(b.starts_at);
        let mut body = self.body("log_prompt", &[]);
        body.facts
            .push((self.t("fact.when"), self.when(starts).await?));
        body.action = self.action(
            "log_prompt",
            &format!("/relationships/{}/bookings", b.relationship_id),
        );
        Ok(Some(body))
    }

    // ----- sets -----

    async fn meeting_reminder(&self) -> AppResult<Option<Body>> {
        let id: Uuid = self.field("meeting")?;
        let on: NaiveDate = self.field("starts_on")?;
        let time: String = self.field("starts_time")?;
        let rec = or_drop!(gone(self.ctx.store.get_set_meeting(id).await)?);
        let m = &rec.meeting;
        if m.starts_on != on || m.starts_time.format("%H:%M").to_string() != time {
            return Ok(None);
        }
        let intake = self
            .ctx
            .store
            .get_intake(
                self.ctx
                    .store
                    .get_relationship(m.relationship_id)
                    .await?
                    .intake_id,
            )
            .await?;
        let programme = self.ctx.store.get_programme(intake.programme_id).await?;
        let zone = self.ctx.store.scheme_time_zone(programme.scheme_id).await?;
        let start = or_drop!(crate::calendar::meeting_start(&zone, on, &time));
        if start <= self.ctx.now() {
            return Ok(None);
        }
        let day = long_date(self.lang(), on);
        let params = [
            ("programme", programme.name.as_str()),
            ("day", day.as_str()),
        ];
        let mut body = self.body("meeting_reminder", &params);
        body.facts
            .push((self.t("fact.when"), self.when(start).await?));
        if !m.link.is_empty() {
            body.facts.push((self.t("fact.link"), m.link.clone()));
        }
        if let Some(f) = m.facilitator {
            body.facts
                .push((self.t("fact.facilitator"), self.name_of(f).await?));
        }
        if let Some(k) = m.timekeeper {
            body.facts
                .push((self.t("fact.timekeeper"), self.name_of(k).await?));
        }
        let mut presenters = rec.presentations.clone();
        presenters.sort_by_key(|p| p.position);
        let mut names = Vec::new();
        for p in &presenters {
            names.push(self.name_of(p.person_id).await?);
        }
        if !names.is_empty() {
            body.facts
                .push((self.t("fact.presenting"), names.join(", ")));
        }
        body.action = self.action("meeting_reminder", &format!("/set-meetings/{id}"));
        Ok(Some(body))
    }

    async fn actions_due(&self) -> AppResult<Option<Body>> {
        let id: Uuid = self.field("meeting")?;
        let relationship: RelationshipId = self.field("relationship")?;
        let rec = or_drop!(gone(self.ctx.store.get_set_meeting(id).await)?);
        let on = rec.meeting.starts_on;
        if on < self.ctx.now().date_naive() {
            return Ok(None);
        }
        let open = self
            .ctx
            .store
            .open_set_actions(relationship, self.person()?, on)
            .await?;
        if open.is_empty() {
            return Ok(None);
        }
        let day = long_date(self.lang(), on);
        let mut body = self.body("actions_due", &[("day", day.as_str())]);
        for a in open {
            body.paragraphs.push(format!("• {a}"));
        }
        body.action = self.action("actions_due", &format!("/set-meetings/{id}"));
        Ok(Some(body))
    }

    // ----- paired learning -----

    async fn shadowing(&self) -> AppResult<Option<Body>> {
        let id: Uuid = self.field("day_id")?;
        let relationship: RelationshipId = self.field("relationship")?;
        let day: NaiveDate = self.field("day")?;
        let days = self.ctx.store.shadowing_days(relationship).await?;
        let d = or_drop!(days.into_iter().find(|d| d.id == id));
        if d.day != day || d.done || d.day < self.ctx.now().date_naive() {
            return Ok(None);
        }
        let host = self.name_of(d.host_id).await?;
        let when = long_date(self.lang(), d.day);
        let mut body = self.body("shadowing", &[("host", host.as_str())]);
        body.facts.push((self.t("fact.day"), when));
        if !d.place.is_empty() {
            body.facts.push((self.t("fact.place"), d.place.clone()));
        }
        body.action = self.action(
            "shadowing",
            &format!("/relationships/{relationship}/paired-learning"),
        );
        Ok(Some(body))
    }

    async fn workshop(&self) -> AppResult<Option<Body>> {
        let id: Uuid = self.field("workshop")?;
        let day: NaiveDate = self.field("day")?;
        let w = or_drop!(gone(self.ctx.store.get_workshop(id).await)?);
        if w.day != day || w.day < self.ctx.now().date_naive() {
            return Ok(None);
        }
        let mut body = self.body("workshop", &[("title", w.title.as_str())]);
        body.facts
            .push((self.t("fact.day"), long_date(self.lang(), w.day)));
        if !w.place.is_empty() {
            body.facts.push((self.t("fact.place"), w.place.clone()));
        }
        body.action = self.action("workshop", &format!("/workshops/{id}"));
        Ok(Some(body))
    }

    // ----- digests -----

    fn waiting_facts(&self, body: &mut Body, apps: &[WaitingApplication]) {
        for a in apps {
            let since = long_date(self.lang(), a.submitted_at.date_naive());
            body.facts.push((
                format!("{} — {} ({since})", a.applicant, a.programme),
                self.url(&format!("/applications/{}", a.id)),
            ));
        }
    }

    async fn organisation_digest(&self) -> AppResult<Option<Body>> {
        let org: OrganisationId = self.field("organisation")?;
        let apps = self.ctx.store.applications_waiting_for(org).await?;
        if apps.is_empty() {
            return Ok(None);
        }
        let n = apps.len().to_string();
        let mut body = self.body("digest_organisation", &[("count", n.as_str())]);
        self.waiting_facts(&mut body, &apps);
        body.action = self.action("digest_organisation", "/dashboard");
        Ok(Some(body))
    }

    async fn scheme_digest(&self) -> AppResult<Option<Body>> {
        let scheme: SchemeId = self.field("scheme")?;
        let s = scheme_summary(self.ctx, scheme, self.ctx.now()).await?;
        if s.is_empty() {
            return Ok(None);
        }
        let weeks = QUIET_WEEKS.to_string();
        let mut body = self.body("digest_scheme", &[]);
        let line = |key: &str, n: usize| {
            let n = n.to_string();
            self.tw(key, &[("count", n.as_str()), ("weeks", weeks.as_str())])
        };
        body.paragraphs
            .push(line("digest_scheme.quiet", s.quiet.len()));
        for (id, programme) in &s.quiet {
            body.facts
                .push((programme.clone(), self.url(&format!("/relationships/{id}"))));
        }
        body.paragraphs
            .push(line("digest_scheme.expiring", s.expiring.len()));
        for (id, programme, deadline) in &s.expiring {
            body.facts.push((
                format!("{programme} ({})", self.when(*deadline).await?),
                self.url(&format!("/relationships/{id}")),
            ));
        }
        body.paragraphs
            .push(line("digest_scheme.approvals", s.approvals.len()));
        self.waiting_facts(&mut body, &s.approvals);
        body.paragraphs
            .push(line("digest_scheme.at_cap", s.at_cap.len()));
        for (id, programme) in &s.at_cap {
            body.facts
                .push((programme.clone(), self.url(&format!("/relationships/{id}"))));
        }
        body.action = self.action("digest_scheme", "/dashboard");
        Ok(Some(body))
    }

    async fn daily_digest(&self) -> AppResult<Option<Body>> {
        let person = self.person()?;
        let held = self
            .ctx
            .store
            .held_notices(person, self.notice.created_at)
            .await?;
        if held.is_empty() {
            return Ok(None);
        }
        let n = held.len().to_string();
        let mut body = self.body("digest_daily", &[("count", n.as_str())]);
        for row in &held {
            let Some(kind) = NoticeKind::from_code(&row.kind) else {
                continue;
            };
            let name = I18n::shared().t(self.lang(), &kind.name_key());
            let when = long_date(self.lang(), row.created_at.date_naive());
            let link = path_of(kind, &row.payload)
                .map(|p| self.url(&p))
                .unwrap_or_else(|| self.url("/dashboard"));
            body.facts.push((format!("{name} ({when})"), link));
        }
        body.action = self.action("digest_daily", "/dashboard");
        Ok(Some(body))
    }

    /// A survey wave's invitation or its reminder: for a request of Tandem's own surveys, the
    /// link to its form, dropped once the request is answered, declined or closed; for the older
    /// hook ([`super::scheduler::queue_survey_wave`]), the external survey's link.
    async fn survey(&self, reminder: bool) -> AppResult<Option<Body>> {
        if self.notice.payload.get("request").is_some() {
            let id: tandem_domain::survey::SurveyRequestId = self.field("request")?;
            let r = or_drop!(gone(self.ctx.store.get_survey_request(id).await)?);
            let now = self.ctx.now();
            if r.answered_at.is_some() || r.declined_at.is_some() || now >= r.closes_at {
                return Ok(None);
            }
            let p = or_drop!(gone(self.ctx.store.get_programme(r.programme_id).await)?);
            let closes = long_date(self.lang(), r.closes_at.date_naive());
            let kind = if reminder {
                "survey_reminder"
            } else {
                "survey_request"
            };
            let mut body = self.body(
                kind,
                &[("programme", p.name.as_str()), ("date", closes.as_str())],
            );
            body.action = self.action(kind, &format!("/surveys/{id}"));
            return Ok(Some(body));
        }
        let programme: ProgrammeId = self.field("programme")?;
        let link: String = self.field("link")?;
        let p = or_drop!(gone(self.ctx.store.get_programme(programme).await)?);
        let mut body = self.body("survey", &[("programme", p.name.as_str())]);
        body.action = Some((self.t("survey.action"), link));
        Ok(Some(body))
    }
}

/// What the weekly scheme digest lists; empty means nothing is sent.
#[derive(Clone, Debug, Default)]
pub struct SchemeSummary {
    /// Running relationships with no session held or booked for [`QUIET_WEEKS`].
    pub quiet: Vec<(RelationshipId, String)>,
    /// Offers whose deadline falls in the coming week.
    pub expiring: Vec<(RelationshipId, String, DateTime<Utc>)>,
    /// Applications waiting for a manager's or a coordinator's approval.
    pub approvals: Vec<WaitingApplication>,
    /// Pairs that used every session their programme allows.
    pub at_cap: Vec<(RelationshipId, String)>,
}

impl SchemeSummary {
    pub fn is_empty(&self) -> bool {
        self.quiet.is_empty()
            && self.expiring.is_empty()
            && self.approvals.is_empty()
            && self.at_cap.is_empty()
    }
}

/// Works out the weekly digest of `scheme` at `now` (the scheduler asks whether to send it; the
/// renderer what to say).
pub(crate) async fn scheme_summary(
    ctx: &Context,
    scheme: SchemeId,
    now: DateTime<Utc>,
) -> AppResult<SchemeSummary> {
    let store = &ctx.store;
    let weeks_ago = now - Duration::weeks(QUIET_WEEKS);
    let live = ["active", "winding_down"];
    let mut s = SchemeSummary::default();
    for r in store
        .relationships_with_sessions(scheme, &live, Some(weeks_ago.date_naive()))
        .await?
    {
        if r.sessions == 0
            && r.activated_at.is_some_and(|a| a <= weeks_ago)
            && !crate::kinds::active_since(ctx, r.id, &r.kind, weeks_ago.date_naive()).await?
        {
            s.quiet.push((r.id, r.programme_name));
        }
    }
    for r in store
        .relationships_with_sessions(scheme, &["proposed"], None)
        .await?
    {
        if r.deadline > now && r.deadline <= now + Duration::days(7) {
            s.expiring.push((r.id, r.programme_name, r.deadline));
        }
    }
    s.approvals = store.approvals_waiting_in(scheme).await?;
    let mut caps: BTreeMap<ProgrammeId, Option<u32>> = BTreeMap::new();
    for r in store
        .relationships_with_sessions(scheme, &live, None)
        .await?
    {
        if r.kind != RelationshipKind::Pair.code() {
            continue;
        }
        let cap = match caps.get(&r.programme) {
            Some(c) => *c,
            None => {
                let c = store.get_programme(r.programme).await?.rules.session_cap;
                caps.insert(r.programme, c);
                c
            }
        };
        if cap.is_some_and(|c| r.sessions >= c) {
            s.at_cap.push((r.id, r.programme_name));
        }
    }
    Ok(s)
}

/// The page a notice is about, from its payload, for lists of notices (the digest, the home
/// page): the kinds' payload fields name the thing; `"path"` in any payload wins.
pub fn path_of(kind: NoticeKind, payload: &str) -> Option<String> {
    use NoticeKind as K;
    let v: serde_json::Value = serde_json::from_str(payload).ok()?;
    if let Some(p) = v.get("path").and_then(|p| p.as_str())
        && p.starts_with('/')
    {
        return Some(p.to_string());
    }
    let id = |name: &str| v.get(name).and_then(|x| x.as_str()).map(str::to_string);
    match kind {
        K::SessionReminder
        | K::SessionLogPrompt
        | K::SessionProposed
        | K::SessionConfirmed
        | K::SessionRescheduled
        | K::SessionCancelled => id("relationship").map(|r| format!("/relationships/{r}/bookings")),
        K::SetMeetingReminder | K::SetActionsDue | K::SetMeetingNext | K::SetApologies => {
            id("meeting").map(|m| format!("/set-meetings/{m}"))
        }
        K::PairShadowingReminder | K::PairShadowingInvitation => {
            id("relationship").map(|r| format!("/relationships/{r}/paired-learning"))
        }
        K::PairWorkshopReminder | K::PairWorkshopInvitation => {
            id("workshop").map(|w| format!("/workshops/{w}"))
        }
        K::DigestOrganisation | K::DigestScheme | K::DigestDaily => Some("/dashboard".into()),
        K::SurveyWave | K::SurveyReminder => id("request").map(|r| format!("/surveys/{r}")),
        _ => id("relationship")
            .map(|r| format!("/relationships/{r}"))
            .or_else(|| id("application").map(|a| format!("/applications/{a}"))),
    }
}
