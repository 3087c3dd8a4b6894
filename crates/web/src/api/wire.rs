//! Wire types several areas share: relationships with their members and agreement, programmes
//! and intakes as stored records (as relationships, shortlists and pairs show them), sessions
//! held, pins and matching criteria.
//!
//! They mirror the domain's structs field for field, so that the JSON stays what clients have
//! always received, but they are the API's own: a change to a domain struct no longer changes the
//! API unnoticed (the conversion stops compiling, or the committed OpenAPI snapshot changes).

use super::doc::codes;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use tandem_domain::{
    AgreementKind, AgreementTerms, ApplicationId, ApplicationRole, FitCheck, GradeSystem, IntakeId,
    Level, MatchRunId, MatchingCriteria, Mode, OfferResponse, OrganisationId, OrganisationKind,
    PersonId, pairs,
};
use tandem_domain::{
    Intake, Member, Pin, PinKind, Programme, ProgrammeId, ProgrammeKind, ProgrammeRules,
    Relationship, RelationshipId, RelationshipKind, RelationshipStatus, SchemeId, SessionId,
    SessionLog, Slot,
};
use utoipa::ToSchema;

/// A member of a relationship: their answer to the offer, signature and fit check.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Member)]
pub struct MemberOut {
    #[schema(value_type = uuid::Uuid)]
    pub person_id: PersonId,
    #[schema(value_type = uuid::Uuid)]
    pub application_id: ApplicationId,
    #[schema(value_type = codes::ApplicationRole)]
    pub role: ApplicationRole,
    #[schema(value_type = codes::OfferResponse)]
    pub response: OfferResponse,
    #[schema(required = true)]
    pub responded_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub signed_version: Option<u32>,
    #[schema(required = true)]
    pub signed_at: Option<DateTime<Utc>>,
    #[schema(value_type = Option<codes::FitCheck>, required = true)]
    pub fit_check: Option<FitCheck>,
    #[schema(required = true)]
    pub left_at: Option<DateTime<Utc>>,
}

impl From<Member> for MemberOut {
    fn from(m: Member) -> Self {
        MemberOut {
            person_id: m.person_id,
            application_id: m.application_id,
            role: m.role,
            response: m.response,
            responded_at: m.responded_at,
            signed_version: m.signed_version,
            signed_at: m.signed_at,
            fit_check: m.fit_check,
            left_at: m.left_at,
        }
    }
}

/// A relationship as stored: a mentoring pair, a paired-learning pair or an action learning set.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RelationshipRecord)]
pub struct RelationshipOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: RelationshipId,
    #[schema(value_type = uuid::Uuid)]
    pub intake_id: IntakeId,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub run_id: Option<MatchRunId>,
    #[schema(value_type = codes::RelationshipKind)]
    pub kind: RelationshipKind,
    #[schema(value_type = codes::RelationshipStatus)]
    pub status: RelationshipStatus,
    pub offer_deadline: DateTime<Utc>,
    #[schema(value_type = Option<codes::Slot>, required = true)]
    pub meeting_slot: Option<Slot>,
    pub members: Vec<MemberOut>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[schema(required = true)]
    pub activated_at: Option<DateTime<Utc>>,
    #[schema(required = true)]
    pub closed_at: Option<DateTime<Utc>>,
}

impl From<Relationship> for RelationshipOut {
    fn from(r: Relationship) -> Self {
        RelationshipOut {
            id: r.id,
            intake_id: r.intake_id,
            run_id: r.run_id,
            kind: r.kind,
            status: r.status,
            offer_deadline: r.offer_deadline,
            meeting_slot: r.meeting_slot,
            members: r.members.into_iter().map(Into::into).collect(),
            created_at: r.created_at,
            updated_at: r.updated_at,
            activated_at: r.activated_at,
            closed_at: r.closed_at,
        }
    }
}

/// A member as others may see them.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = MemberView)]
pub struct MemberViewOut {
    pub member: MemberOut,
    pub name: String,
    pub organisation: String,
    pub job_title: String,
}

impl From<tandem_app::matching::MemberView> for MemberViewOut {
    fn from(m: tandem_app::matching::MemberView) -> Self {
        MemberViewOut {
            member: m.member.into(),
            name: m.name,
            organisation: m.organisation,
            job_title: m.job_title,
        }
    }
}

/// An agreement's terms: what the members agree on.
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[schema(as = AgreementTerms)]
#[serde(default)]
pub struct TermsDto {
    pub goals: String,
    pub frequency: String,
    #[schema(value_type = Option<codes::Mode>)]
    pub channel: Option<Mode>,
    pub cancellation_notice_hours: u32,
    pub confidentiality_notes: String,
    pub ground_rules: String,
}

impl From<AgreementTerms> for TermsDto {
    fn from(t: AgreementTerms) -> Self {
        TermsDto {
            goals: t.goals,
            frequency: t.frequency,
            channel: t.channel,
            cancellation_notice_hours: t.cancellation_notice_hours,
            confidentiality_notes: t.confidentiality_notes,
            ground_rules: t.ground_rules,
        }
    }
}

impl From<TermsDto> for AgreementTerms {
    fn from(t: TermsDto) -> Self {
        AgreementTerms {
            goals: t.goals,
            frequency: t.frequency,
            channel: t.channel,
            cancellation_notice_hours: t.cancellation_notice_hours,
            confidentiality_notes: t.confidentiality_notes,
            ground_rules: t.ground_rules,
        }
    }
}

/// A relationship's agreement, versioned: every change needs every member's signature again.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Agreement)]
pub struct AgreementOut {
    #[schema(value_type = uuid::Uuid)]
    pub relationship_id: RelationshipId,
    #[schema(value_type = codes::AgreementKind)]
    pub kind: AgreementKind,
    pub terms: TermsDto,
    pub version: u32,
    pub updated_at: DateTime<Utc>,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub updated_by: Option<PersonId>,
}

impl From<tandem_domain::Agreement> for AgreementOut {
    fn from(a: tandem_domain::Agreement) -> Self {
        AgreementOut {
            relationship_id: a.relationship_id,
            kind: a.kind,
            terms: a.terms.into(),
            version: a.version,
            updated_at: a.updated_at,
            updated_by: a.updated_by,
        }
    }
}

/// A programme's matching criteria: a level per criterion, the ideal seniority gap, the
/// profession preference, the days to answer an offer and the shortlist size.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(as = MatchingCriteria)]
pub struct CriteriaDto {
    #[schema(value_type = codes::Level)]
    pub goals: Level,
    #[schema(value_type = codes::Level)]
    pub grade_gap: Level,
    #[schema(value_type = codes::Level)]
    pub profession: Level,
    #[schema(value_type = codes::Level)]
    pub availability: Level,
    #[schema(value_type = codes::Level)]
    pub mode: Level,
    /// Only `must` or `off`.
    #[schema(value_type = codes::Level)]
    pub different_organisation: Level,
    #[schema(minimum = -3, maximum = 5)]
    pub ideal_grade_gap: i32,
    pub cross_profession: bool,
    #[schema(minimum = 1, maximum = 60)]
    pub offer_days: u32,
    /// Shortlist mode: how many mentors each mentee is shown; `null` = off.
    #[serde(default)]
    pub shortlist: Option<u32>,
}

impl From<MatchingCriteria> for CriteriaDto {
    fn from(c: MatchingCriteria) -> Self {
        CriteriaDto {
            goals: c.goals,
            grade_gap: c.grade_gap,
            profession: c.profession,
            availability: c.availability,
            mode: c.mode,
            different_organisation: c.different_organisation,
            ideal_grade_gap: c.ideal_grade_gap,
            cross_profession: c.cross_profession,
            offer_days: c.offer_days,
            shortlist: c.shortlist,
        }
    }
}

impl From<CriteriaDto> for MatchingCriteria {
    fn from(c: CriteriaDto) -> Self {
        MatchingCriteria {
            goals: c.goals,
            grade_gap: c.grade_gap,
            profession: c.profession,
            availability: c.availability,
            mode: c.mode,
            different_organisation: c.different_organisation,
            ideal_grade_gap: c.ideal_grade_gap,
            cross_profession: c.cross_profession,
            offer_days: c.offer_days,
            shortlist: c.shortlist,
        }
    }
}

/// Who may join a programme, as stored (grade ranges are `[system, lowest, highest]`).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = EligibilityRecord)]
pub struct EligibilityRecordOut {
    /// `[grade system, lowest, highest]`, inclusive.
    #[schema(value_type = Vec<Vec<String>>)]
    pub grade_ranges: Vec<(GradeSystem, String, String)>,
    pub professions: Vec<String>,
    #[schema(value_type = Vec<codes::OrganisationKind>)]
    pub organisation_kinds: Vec<OrganisationKind>,
    pub mentor_training_required: bool,
}

/// A programme's rules as stored, with its matching criteria.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = RulesRecord)]
pub struct RulesRecordOut {
    #[schema(required = true)]
    pub session_cap: Option<u32>,
    #[schema(required = true)]
    pub session_minutes: Option<u32>,
    #[schema(value_type = Vec<codes::Mode>)]
    pub modes: Vec<Mode>,
    #[schema(required = true)]
    pub term_months: Option<u32>,
    #[schema(required = true)]
    pub mentor_load_min: Option<u32>,
    #[schema(required = true)]
    pub mentor_load_max: Option<u32>,
    #[schema(required = true)]
    pub set_size_min: Option<u32>,
    #[schema(required = true)]
    pub set_size_max: Option<u32>,
    #[schema(required = true)]
    pub cadence_weeks: Option<u32>,
    pub eligibility: EligibilityRecordOut,
    pub pilot: bool,
    pub matching: CriteriaDto,
}

impl From<ProgrammeRules> for RulesRecordOut {
    fn from(r: ProgrammeRules) -> Self {
        RulesRecordOut {
            session_cap: r.session_cap,
            session_minutes: r.session_minutes,
            modes: r.modes,
            term_months: r.term_months,
            mentor_load_min: r.mentor_load_min,
            mentor_load_max: r.mentor_load_max,
            set_size_min: r.set_size_min,
            set_size_max: r.set_size_max,
            cadence_weeks: r.cadence_weeks,
            eligibility: EligibilityRecordOut {
                grade_ranges: r.eligibility.grade_ranges,
                professions: r.eligibility.professions,
                organisation_kinds: r.eligibility.organisation_kinds,
                mentor_training_required: r.eligibility.mentor_training_required,
            },
            pilot: r.pilot,
            matching: r.matching.into(),
        }
    }
}

/// A programme as stored (the programme resource itself is `Programme`).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = ProgrammeRecord)]
pub struct ProgrammeRecordOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: ProgrammeId,
    #[schema(value_type = uuid::Uuid)]
    pub scheme_id: SchemeId,
    pub name: String,
    #[schema(value_type = codes::ProgrammeKind)]
    pub kind: ProgrammeKind,
    pub description: String,
    pub rules: RulesRecordOut,
}

impl From<Programme> for ProgrammeRecordOut {
    fn from(p: Programme) -> Self {
        ProgrammeRecordOut {
            id: p.id,
            scheme_id: p.scheme_id,
            name: p.name,
            kind: p.kind,
            description: p.description,
            rules: p.rules.into(),
        }
    }
}

/// An organisation's places in an intake.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = IntakePlace)]
pub struct IntakePlaceOut {
    #[schema(value_type = uuid::Uuid)]
    pub organisation_id: OrganisationId,
    pub places: u32,
}

/// An intake as stored (the intake resource itself is `Intake`).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = IntakeRecord)]
pub struct IntakeRecordOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: IntakeId,
    #[schema(value_type = uuid::Uuid)]
    pub programme_id: ProgrammeId,
    pub name: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub places: Vec<IntakePlaceOut>,
}

impl From<Intake> for IntakeRecordOut {
    fn from(i: Intake) -> Self {
        IntakeRecordOut {
            id: i.id,
            programme_id: i.programme_id,
            name: i.name,
            opens_on: i.opens_on,
            closes_on: i.closes_on,
            starts_on: i.starts_on,
            places: i
                .places
                .into_iter()
                .map(|p| IntakePlaceOut {
                    organisation_id: p.organisation_id,
                    places: p.places,
                })
                .collect(),
        }
    }
}

/// A session a relationship held, as logged.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SessionLog)]
pub struct SessionLogOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: SessionId,
    #[schema(value_type = uuid::Uuid)]
    pub relationship_id: RelationshipId,
    pub held_on: NaiveDate,
    pub minutes: u32,
    #[schema(value_type = codes::Mode)]
    pub mode: Mode,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub logged_by: Option<PersonId>,
    pub logged_at: DateTime<Utc>,
    pub topics: String,
    /// Shared between the members.
    pub action_points: String,
}

impl From<SessionLog> for SessionLogOut {
    fn from(s: SessionLog) -> Self {
        SessionLogOut {
            id: s.id,
            relationship_id: s.relationship_id,
            held_on: s.held_on,
            minutes: s.minutes,
            mode: s.mode,
            logged_by: s.logged_by,
            logged_at: s.logged_at,
            topics: s.topics,
            action_points: s.action_points,
        }
    }
}

/// A pair of applications locked together or kept apart in the next matching runs.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(as = Pin)]
pub struct PinDto {
    #[schema(value_type = codes::PinKind)]
    pub kind: PinKind,
    #[schema(value_type = uuid::Uuid)]
    pub first: ApplicationId,
    #[schema(value_type = uuid::Uuid)]
    pub second: ApplicationId,
}

impl From<Pin> for PinDto {
    fn from(p: Pin) -> Self {
        PinDto {
            kind: p.kind,
            first: p.first,
            second: p.second,
        }
    }
}

impl From<PinDto> for Pin {
    fn from(p: PinDto) -> Self {
        Pin {
            kind: p.kind,
            first: p.first,
            second: p.second,
        }
    }
}

/// A workshop of a paired-learning programme.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Workshop)]
pub struct WorkshopOut {
    pub id: uuid::Uuid,
    #[schema(value_type = uuid::Uuid)]
    pub programme_id: ProgrammeId,
    pub title: String,
    pub day: NaiveDate,
    pub place: String,
}

impl From<pairs::Workshop> for WorkshopOut {
    fn from(w: pairs::Workshop) -> Self {
        WorkshopOut {
            id: w.id,
            programme_id: w.programme_id,
            title: w.title,
            day: w.day,
            place: w.place,
        }
    }
}

/// The id of what was created.
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = CreatedId)]
pub struct CreatedId {
    pub id: uuid::Uuid,
}

/// The wire types must write exactly what the domain's own serialisation wrote before them (the
/// API's JSON is unchanged by their introduction), and read what it read.
#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde::de::DeserializeOwned;
    use serde_json::{Value, json};

    /// Reads `sample` as the domain type, then checks the wire type writes it as the domain does.
    pub(crate) fn same_output<D, W>(sample: Value)
    where
        D: DeserializeOwned + Serialize + Clone,
        W: From<D> + Serialize,
    {
        let domain: D = serde_json::from_value(sample).expect("a valid sample");
        let direct = serde_json::to_value(domain.clone()).expect("domain JSON");
        let wire = serde_json::to_value(W::from(domain)).expect("wire JSON");
        assert_eq!(wire, direct);
    }

    /// Reads `sample` both as the wire type (converted) and as the type the API read before.
    pub(crate) fn same_input<W, D>(sample: Value)
    where
        W: DeserializeOwned + Into<D>,
        D: DeserializeOwned + std::fmt::Debug,
    {
        let direct: Result<D, _> = serde_json::from_value(sample.clone());
        let wire: Result<W, _> = serde_json::from_value(sample);
        match (direct, wire) {
            (Ok(d), Ok(w)) => assert_eq!(format!("{:?}", w.into()), format!("{d:?}")),
            (Err(d), Err(w)) => assert_eq!(w.to_string(), d.to_string()),
            (d, w) => panic!(
                "one reads the sample, the other does not: {d:?} / {}",
                w.is_ok()
            ),
        }
    }

    const ID: &str = "0192f3a4-5b6c-7d8e-9f00-112233445566";
    const AT: &str = "2026-03-01T09:30:00Z";

    pub(crate) fn member() -> Value {
        json!({ "person_id": ID, "application_id": ID, "role": "mentee", "response": "accepted",
            "responded_at": AT, "signed_version": 2, "signed_at": null, "fit_check": "good", "left_at": null })
    }

    pub(crate) fn relationship() -> Value {
        json!({ "id": ID, "intake_id": ID, "run_id": null, "kind": "mentoring", "status": "active",
            "offer_deadline": AT, "meeting_slot": "tue_pm", "members": [member()], "created_at": AT,
            "updated_at": AT, "activated_at": AT, "closed_at": null })
    }

    pub(crate) fn criteria() -> Value {
        json!({ "goals": "high", "grade_gap": "medium", "profession": "low", "availability": "must",
            "mode": "off", "different_organisation": "must", "ideal_grade_gap": 2,
            "cross_profession": true, "offer_days": 7, "shortlist": 3 })
    }

    pub(crate) fn programme() -> Value {
        json!({ "id": ID, "scheme_id": ID, "name": "P", "kind": "mentoring", "description": "D",
            "rules": { "session_cap": 3, "session_minutes": 90, "modes": ["video"], "term_months": null,
                "mentor_load_min": 1, "mentor_load_max": 3, "set_size_min": null, "set_size_max": null,
                "cadence_weeks": null, "pilot": true, "matching": criteria(),
                "eligibility": { "grade_ranges": [["afc", "7", "8a"]], "professions": ["Nursing"],
                    "organisation_kinds": ["nhs_trust"], "mentor_training_required": true } } })
    }

    pub(crate) fn intake() -> Value {
        json!({ "id": ID, "programme_id": ID, "name": "I", "opens_on": "2026-01-05",
            "closes_on": "2026-02-27", "starts_on": "2026-03-16",
            "places": [{ "organisation_id": ID, "places": 4 }] })
    }

    #[test]
    fn stored_records_are_written_as_the_domain_writes_them() {
        same_output::<Member, MemberOut>(member());
        same_output::<Relationship, RelationshipOut>(relationship());
        same_output::<Programme, ProgrammeRecordOut>(programme());
        same_output::<Intake, IntakeRecordOut>(intake());
        same_output::<MatchingCriteria, CriteriaDto>(criteria());
        same_output::<tandem_domain::Agreement, AgreementOut>(json!({
            "relationship_id": ID, "kind": "mentoring", "version": 3, "updated_at": AT, "updated_by": ID,
            "terms": { "goals": "G", "frequency": "F", "channel": "in_person", "cancellation_notice_hours": 24,
                "confidentiality_notes": "C", "ground_rules": "R" } }));
        same_output::<SessionLog, SessionLogOut>(json!({
            "id": ID, "relationship_id": ID, "held_on": "2026-02-01", "minutes": 60, "mode": "video",
            "logged_by": ID, "logged_at": AT, "topics": "T", "action_points": "A" }));
        same_output::<Pin, PinDto>(json!({ "kind": "forbid", "first": ID, "second": ID }));
        same_output::<pairs::Workshop, WorkshopOut>(json!({
            "id": ID, "programme_id": ID, "title": "W", "day": "2026-04-01", "place": "Leeds" }));
    }

    #[test]
    fn request_bodies_are_read_as_before() {
        same_input::<CriteriaDto, MatchingCriteria>(criteria());
        let mut no_shortlist = criteria();
        no_shortlist.as_object_mut().map(|m| m.remove("shortlist"));
        same_input::<CriteriaDto, MatchingCriteria>(no_shortlist);
        let mut missing = criteria();
        missing.as_object_mut().map(|m| m.remove("goals"));
        same_input::<CriteriaDto, MatchingCriteria>(missing);
        same_input::<CriteriaDto, MatchingCriteria>(json!({ "goals": "huge" }));
        same_input::<PinDto, Pin>(json!({ "kind": "lock", "first": ID, "second": ID }));
        same_input::<PinDto, Pin>(json!({ "kind": "pin", "first": ID, "second": ID }));
        same_input::<TermsDto, AgreementTerms>(json!({ "goals": "G", "channel": "telephone" }));
        same_input::<TermsDto, AgreementTerms>(json!({ "cancellation_notice_hours": "soon" }));
    }
}
