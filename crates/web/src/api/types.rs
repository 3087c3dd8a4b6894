//! The API's request and response bodies.
//!
//! The API has its own types rather than serialising domain structs directly, so that a change
//! inside the domain cannot silently change what clients receive: field names here are the
//! published contract (snake_case, ISO 8601 dates, codes for enumerations), and the OpenAPI
//! document's schemas are derived from them (`ToSchema`). Conversions to the services' input types do no
//! checking of their own; the services validate.

use super::doc::codes;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tandem_app as services;
use tandem_domain::{
    Country, Eligibility, GradeSystem, Intake, IntakeId, IntakePlace, Language, Mode, Organisation,
    OrganisationId, OrganisationKind, PersonId, Programme, ProgrammeId, ProgrammeKind,
    ProgrammeRules, SchemeId,
};
use utoipa::ToSchema;

/// Limits the use cases enforce, for the OpenAPI document (see [`super::doc::Bound`]).
pub(super) const BOUNDS: &[super::doc::Bound] = {
    use tandem_domain::validate::MAX_TEXT;
    const TEXT: u64 = MAX_TEXT as u64;
    &[
        ("OrganisationInput", "name", "maxLength", TEXT),
        ("OrganisationPatch", "name", "maxLength", TEXT),
        ("ProgrammeInput", "name", "maxLength", TEXT),
        (
            "ProgrammeInput",
            "description",
            "maxLength",
            services::programmes::MAX_DESCRIPTION as u64,
        ),
        ("Rules", "session_cap", "minimum", 1),
        ("Rules", "session_minutes", "minimum", 1),
        ("Rules", "session_minutes", "maximum", 1440),
        (
            "Place",
            "places",
            "maximum",
            services::intakes::MAX_PLACES as u64,
        ),
        ("IntakeInput", "name", "maxLength", TEXT),
        ("PersonInput", "given_name", "maxLength", TEXT),
        ("PersonInput", "family_name", "maxLength", TEXT),
    ]
};

// ---------------------------------------------------------------------------------------------
// Scheme dashboard

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Scheme)]
pub struct SchemeOut {
    #[schema(value_type = uuid::Uuid)]
    pub scheme_id: SchemeId,
    pub organisations: Vec<SchemeOrganisationOut>,
    pub programmes: Vec<SchemeProgrammeOut>,
    /// People the caller may see; `null` when they may not list people.
    #[schema(required = true)]
    pub people_total: Option<u64>,
    pub intakes_total: usize,
    /// There are more people than `people_total` says: the dashboard counts up to a cap
    /// (10,000) so that it costs the same whatever the scheme's size.
    pub people_total_more: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SchemeOrganisation)]
pub struct SchemeOrganisationOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: OrganisationId,
    pub name: String,
    #[schema(value_type = codes::OrganisationKind)]
    pub kind: OrganisationKind,
    #[schema(value_type = codes::Country)]
    pub country: Country,
    /// `null` when the caller may not see this organisation's people.
    #[schema(required = true)]
    pub people: Option<u64>,
    /// There are more people than `people` says (counted up to a cap of 10,000).
    pub people_more: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = SchemeProgramme)]
pub struct SchemeProgrammeOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: ProgrammeId,
    pub name: String,
    #[schema(value_type = codes::ProgrammeKind)]
    pub kind: ProgrammeKind,
    pub intakes: usize,
}

impl SchemeOut {
    pub fn new(scheme_id: SchemeId, d: services::dashboard::Dashboard) -> Self {
        SchemeOut {
            scheme_id,
            organisations: d
                .organisations
                .into_iter()
                .map(|o| SchemeOrganisationOut {
                    id: o.organisation.id,
                    name: o.organisation.name,
                    kind: o.organisation.kind,
                    country: o.organisation.country,
                    people: o.people,
                    people_more: o.people_more,
                })
                .collect(),
            programmes: d
                .programmes
                .into_iter()
                .map(|p| SchemeProgrammeOut {
                    id: p.programme.id,
                    name: p.programme.name,
                    kind: p.programme.kind,
                    intakes: p.intakes,
                })
                .collect(),
            people_total: d.people_total,
            intakes_total: d.intakes_total,
            people_total_more: d.people_total_more,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Organisations

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Organisation)]
pub struct OrganisationOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: OrganisationId,
    #[schema(value_type = uuid::Uuid)]
    pub scheme_id: SchemeId,
    pub name: String,
    #[schema(value_type = codes::OrganisationKind)]
    pub kind: OrganisationKind,
    #[schema(value_type = codes::Country)]
    pub country: Country,
}

impl From<Organisation> for OrganisationOut {
    fn from(o: Organisation) -> Self {
        OrganisationOut {
            id: o.id,
            scheme_id: o.scheme_id,
            name: o.name,
            kind: o.kind,
            country: o.country,
        }
    }
}

/// Body of `POST` and `PUT`: every field; a missing kind or country is a field error.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = OrganisationInput)]
pub struct OrganisationIn {
    #[serde(default)]
    pub name: String,
    #[schema(value_type = Option<codes::OrganisationKind>)]
    pub kind: Option<OrganisationKind>,
    #[schema(value_type = Option<codes::Country>)]
    pub country: Option<Country>,
}

impl From<OrganisationIn> for services::organisations::OrganisationInput {
    fn from(i: OrganisationIn) -> Self {
        services::organisations::OrganisationInput {
            name: i.name,
            kind: i.kind,
            country: i.country,
        }
    }
}

/// Body of `PATCH`: only the fields sent are changed.
#[derive(Debug, Deserialize, ToSchema)]
pub struct OrganisationPatch {
    pub name: Option<String>,
    #[schema(value_type = Option<codes::OrganisationKind>)]
    pub kind: Option<OrganisationKind>,
    #[schema(value_type = Option<codes::Country>)]
    pub country: Option<Country>,
}

impl OrganisationPatch {
    /// The full input: the current values with the sent ones laid over them.
    pub fn over(self, current: &Organisation) -> services::organisations::OrganisationInput {
        services::organisations::OrganisationInput {
            name: self.name.unwrap_or_else(|| current.name.clone()),
            kind: Some(self.kind.unwrap_or(current.kind)),
            country: Some(self.country.unwrap_or(current.country)),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Programmes

/// An eligible grade range, inclusive.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(as = GradeRange)]
pub struct GradeRangeDto {
    #[schema(value_type = codes::GradeSystem)]
    pub grade_system: GradeSystem,
    pub lowest: String,
    pub highest: String,
}

#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[schema(as = Eligibility)]
pub struct EligibilityDto {
    #[serde(default)]
    pub grade_ranges: Vec<GradeRangeDto>,
    #[serde(default)]
    pub professions: Vec<String>,
    #[serde(default)]
    #[schema(value_type = Vec<codes::OrganisationKind>)]
    pub organisation_kinds: Vec<OrganisationKind>,
    #[serde(default)]
    pub mentor_training_required: bool,
}

/// A programme's rules. Every field may be left out of a request (no cap, no bound, ...).
#[derive(Debug, Default, Serialize, Deserialize, ToSchema)]
#[schema(as = Rules)]
pub struct RulesDto {
    #[serde(default)]
    pub session_cap: Option<u32>,
    #[serde(default)]
    pub session_minutes: Option<u32>,
    /// session_cap × session_minutes; ignored in requests.
    #[serde(default, deserialize_with = "ignored")]
    #[schema(read_only)]
    pub total_minutes_cap: Option<u32>,
    #[serde(default)]
    #[schema(value_type = Vec<codes::Mode>)]
    pub modes: Vec<Mode>,
    #[serde(default)]
    pub term_months: Option<u32>,
    #[serde(default)]
    pub mentor_load_min: Option<u32>,
    #[serde(default)]
    pub mentor_load_max: Option<u32>,
    #[serde(default)]
    pub set_size_min: Option<u32>,
    #[serde(default)]
    pub set_size_max: Option<u32>,
    #[serde(default)]
    pub cadence_weeks: Option<u32>,
    #[serde(default)]
    pub eligibility: EligibilityDto,
    #[serde(default)]
    pub pilot: bool,
}

/// Reads and drops a request's value of a field that only responses carry.
fn ignored<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    serde::de::IgnoredAny::deserialize(d)?;
    Ok(None)
}

impl From<ProgrammeRules> for RulesDto {
    fn from(r: ProgrammeRules) -> Self {
        RulesDto {
            total_minutes_cap: r.minutes_cap(),
            session_cap: r.session_cap,
            session_minutes: r.session_minutes,
            modes: r.modes,
            term_months: r.term_months,
            mentor_load_min: r.mentor_load_min,
            mentor_load_max: r.mentor_load_max,
            set_size_min: r.set_size_min,
            set_size_max: r.set_size_max,
            cadence_weeks: r.cadence_weeks,
            eligibility: EligibilityDto {
                grade_ranges: r
                    .eligibility
                    .grade_ranges
                    .into_iter()
                    .map(|(grade_system, lowest, highest)| GradeRangeDto {
                        grade_system,
                        lowest,
                        highest,
                    })
                    .collect(),
                professions: r.eligibility.professions,
                organisation_kinds: r.eligibility.organisation_kinds,
                mentor_training_required: r.eligibility.mentor_training_required,
            },
            pilot: r.pilot,
        }
    }
}

impl From<RulesDto> for ProgrammeRules {
    fn from(r: RulesDto) -> Self {
        ProgrammeRules {
            session_cap: r.session_cap,
            session_minutes: r.session_minutes,
            modes: r.modes,
            term_months: r.term_months,
            mentor_load_min: r.mentor_load_min,
            mentor_load_max: r.mentor_load_max,
            set_size_min: r.set_size_min,
            set_size_max: r.set_size_max,
            cadence_weeks: r.cadence_weeks,
            eligibility: Eligibility {
                grade_ranges: r
                    .eligibility
                    .grade_ranges
                    .into_iter()
                    .map(|g| (g.grade_system, g.lowest, g.highest))
                    .collect(),
                professions: r.eligibility.professions,
                organisation_kinds: r.eligibility.organisation_kinds,
                mentor_training_required: r.eligibility.mentor_training_required,
            },
            pilot: r.pilot,
            // Set through the matching-criteria endpoint; programme updates keep the stored ones.
            matching: Default::default(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Programme)]
pub struct ProgrammeOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: ProgrammeId,
    #[schema(value_type = uuid::Uuid)]
    pub scheme_id: SchemeId,
    pub name: String,
    #[schema(value_type = codes::ProgrammeKind)]
    pub kind: ProgrammeKind,
    pub description: String,
    pub rules: RulesDto,
}

impl From<Programme> for ProgrammeOut {
    fn from(p: Programme) -> Self {
        ProgrammeOut {
            id: p.id,
            scheme_id: p.scheme_id,
            name: p.name,
            kind: p.kind,
            description: p.description,
            rules: p.rules.into(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = ProgrammeInput)]
pub struct ProgrammeIn {
    #[serde(default)]
    pub name: String,
    #[schema(value_type = Option<codes::ProgrammeKind>)]
    pub kind: Option<ProgrammeKind>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub rules: RulesDto,
}

impl From<ProgrammeIn> for services::programmes::ProgrammeInput {
    fn from(i: ProgrammeIn) -> Self {
        services::programmes::ProgrammeInput {
            name: i.name,
            kind: i.kind,
            description: i.description,
            rules: i.rules.into(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Intakes

#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[schema(as = Place)]
pub struct PlaceDto {
    #[schema(value_type = uuid::Uuid)]
    pub organisation_id: OrganisationId,
    pub places: u32,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Intake)]
pub struct IntakeOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: IntakeId,
    #[schema(value_type = uuid::Uuid)]
    pub programme_id: ProgrammeId,
    pub name: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub starts_on: NaiveDate,
    pub places: Vec<PlaceDto>,
    /// Sum of the places over all organisations.
    pub total_places: u64,
}

impl From<Intake> for IntakeOut {
    fn from(i: Intake) -> Self {
        IntakeOut {
            total_places: i.places.iter().map(|p| u64::from(p.places)).sum(),
            id: i.id,
            programme_id: i.programme_id,
            name: i.name,
            opens_on: i.opens_on,
            closes_on: i.closes_on,
            starts_on: i.starts_on,
            places: i
                .places
                .into_iter()
                .map(|p| PlaceDto {
                    organisation_id: p.organisation_id,
                    places: p.places,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = IntakeInput)]
pub struct IntakeIn {
    #[serde(default)]
    pub name: String,
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    pub opens_on: Option<NaiveDate>,
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    pub closes_on: Option<NaiveDate>,
    #[serde(
        default,
        deserialize_with = "tandem_domain::text::serde_date::optional"
    )]
    pub starts_on: Option<NaiveDate>,
    #[serde(default)]
    pub places: Vec<PlaceDto>,
}

impl From<IntakeIn> for services::intakes::IntakeInput {
    fn from(i: IntakeIn) -> Self {
        services::intakes::IntakeInput {
            name: i.name,
            opens_on: i.opens_on,
            closes_on: i.closes_on,
            starts_on: i.starts_on,
            places: i
                .places
                .into_iter()
                .map(|p| IntakePlace {
                    organisation_id: p.organisation_id,
                    places: p.places,
                })
                .collect(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// People

/// One row of the people list (the person and their primary employment).
#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PersonSummary)]
pub struct PersonSummaryOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    #[schema(value_type = codes::Language)]
    pub language: Language,
    #[schema(value_type = Option<uuid::Uuid>, required = true)]
    pub organisation_id: Option<OrganisationId>,
    #[schema(required = true)]
    pub organisation_name: Option<String>,
    #[schema(required = true)]
    pub job_title: Option<String>,
    #[schema(required = true)]
    pub profession: Option<String>,
    #[schema(value_type = Option<codes::GradeSystem>, required = true)]
    pub grade_system: Option<GradeSystem>,
    #[schema(required = true)]
    pub grade: Option<String>,
}

impl From<tandem_storage::PersonSummary> for PersonSummaryOut {
    fn from(s: tandem_storage::PersonSummary) -> Self {
        PersonSummaryOut {
            id: s.person.id,
            given_name: s.person.given_name,
            family_name: s.person.family_name,
            email: s.person.email,
            language: s.person.language,
            organisation_id: s.organisation_id,
            organisation_name: s.organisation_name,
            job_title: s.job_title,
            profession: s.profession,
            grade_system: s.grade_system,
            grade: s.grade,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = PeoplePage)]
pub struct PeoplePageOut {
    pub items: Vec<PersonSummaryOut>,
    /// The number of matches when `total_exact`; otherwise 1000: there are more, and the list
    /// does not count further.
    pub total: u64,
    pub offset: u64,
    pub limit: u64,
    pub total_exact: bool,
    /// Token of the next page (pass it as `cursor`); `null` on the last page.
    #[schema(required = true)]
    pub next: Option<String>,
    /// Token of the previous page; `null` on the first page.
    #[schema(required = true)]
    pub previous: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = LineManager)]
pub struct LineManagerOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: PersonId,
    /// `null` when the caller may not see the manager's record.
    #[schema(required = true)]
    pub name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Employment)]
pub struct EmploymentOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: tandem_domain::EmploymentId,
    #[schema(value_type = uuid::Uuid)]
    pub organisation_id: OrganisationId,
    pub organisation_name: String,
    pub job_title: String,
    pub profession: String,
    #[schema(value_type = codes::GradeSystem)]
    pub grade_system: GradeSystem,
    pub grade: String,
    #[schema(required = true)]
    pub line_manager: Option<LineManagerOut>,
    pub primary: bool,
}

#[derive(Debug, Serialize, ToSchema)]
#[schema(as = Person)]
pub struct PersonOut {
    #[schema(value_type = uuid::Uuid)]
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    #[schema(value_type = codes::Language)]
    pub language: Language,
    /// Employments at organisations the caller may see.
    pub employments: Vec<EmploymentOut>,
    /// Employments elsewhere: counted, not shown.
    pub hidden_employments: usize,
    pub has_account: bool,
}

impl From<services::people::PersonView> for PersonOut {
    fn from(v: services::people::PersonView) -> Self {
        PersonOut {
            id: v.person.id,
            given_name: v.person.given_name,
            family_name: v.person.family_name,
            email: v.person.email,
            language: v.person.language,
            employments: v
                .employments
                .into_iter()
                .map(|e| EmploymentOut {
                    id: e.employment.id,
                    organisation_id: e.organisation.id,
                    organisation_name: e.organisation.name,
                    job_title: e.employment.job_title,
                    profession: e.employment.profession,
                    grade_system: e.employment.grade_system,
                    grade: e.employment.grade,
                    line_manager: e.line_manager.map(|m| LineManagerOut {
                        id: m.id,
                        name: m.name,
                    }),
                    primary: e.employment.primary,
                })
                .collect(),
            hidden_employments: v.hidden_employments,
            has_account: v.has_account,
        }
    }
}

/// Body of `POST /people` and `PUT /people/{id}`: the person and their primary employment.
#[derive(Debug, Deserialize, ToSchema)]
#[schema(as = PersonInput)]
pub struct PersonIn {
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub family_name: String,
    #[serde(default)]
    pub email: String,
    #[schema(value_type = Option<codes::Language>)]
    pub language: Option<Language>,
    #[schema(value_type = Option<uuid::Uuid>)]
    pub organisation_id: Option<OrganisationId>,
    #[serde(default)]
    pub job_title: String,
    #[serde(default)]
    pub profession: String,
    #[schema(value_type = Option<codes::GradeSystem>)]
    pub grade_system: Option<GradeSystem>,
    #[serde(default)]
    pub grade: String,
    pub line_manager_email: Option<String>,
}

impl From<PersonIn> for services::people::PersonInput {
    fn from(i: PersonIn) -> Self {
        services::people::PersonInput {
            given_name: i.given_name,
            family_name: i.family_name,
            email: i.email,
            language: i.language,
            organisation_id: i.organisation_id,
            job_title: i.job_title,
            profession: i.profession,
            grade_system: i.grade_system,
            grade: i.grade,
            line_manager_email: i.line_manager_email,
        }
    }
}
