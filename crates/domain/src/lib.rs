//! Tandem's domain model.
//!
//! Pure logic and plain data: no database, no HTTP, no clock. Storage and web crates speak in these
//! types so that the rules (grade systems, programme rules, who may do what) live in one place and
//! are unit-tested without I/O.

pub mod application;
pub mod appraisal;
pub mod assessment;
pub mod criteria;
pub mod field_errors;
pub mod framework;
pub mod grades;
pub mod growth;
pub mod ids;
pub mod mentor;
pub mod min_loads;
pub mod organisation;
pub mod pairs;
pub mod peers;
pub mod person;
pub mod policy;
pub mod profile;
pub mod programme;
pub mod relationship;
pub mod roles;
pub mod sessions;
pub mod sets;
pub mod survey;
pub mod text;
pub mod validate;
pub mod words;

pub use application::{
    Answer, Answers, Application, ApplicationEvent, ApplicationRole, ApplicationStatus,
    MatchingProfile, Question, QuestionKind, Slot,
};
pub use criteria::{Level, MatchCriterion, MatchingCriteria};
pub use framework::FrameworkDimension;
pub use grades::{Grade, GradeSystem};
pub use ids::*;
pub use mentor::{MentorStanding, MentorStatus, SupervisionRecord, TrainingRecord};
pub use min_loads::{BelowMinReason, MentorBelowMin};
pub use organisation::{
    Country, Organisation, OrganisationKind, Scheme, SchemeSettings, SchemeSettingsInput, TimeZone,
};
pub use person::{EmailKind, Employment, Language, Person};
pub use policy::{Action, Actor, LinkAction, Membership, RelationshipFacts, can, can_by_link};
pub use programme::{
    Eligibility, Intake, IntakePlace, Mode, Programme, ProgrammeKind, ProgrammeRules,
};
pub use relationship::{
    Agreement, AgreementKind, AgreementTerms, FitCheck, MatchRun, Member, OfferResponse, Pin,
    PinKind, ProposedMatch, Relationship, RelationshipKind, RelationshipStatus, RuleCount,
    RunResult, RunStatus, SessionLog, Unmatched, UnmatchedReason,
};
pub use roles::{Role, RoleAssignment, Scope};
pub use validate::{FieldError, ValidationErrors};
