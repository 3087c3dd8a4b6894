//! Authorisation as pure functions over scoped roles and the facts a caller gathers.
//!
//! Every use case asks [`can`] before acting, and list queries are narrowed by
//! [`people_scope`], so the rules are written once, here, and tested exhaustively without a
//! database: "one organisation never sees another's people", "only a relationship's members act
//! in it", "coordinators look at a set, never act in it", "a private note is its author's alone".
//!
//! Nothing here does I/O. An action that concerns something particular carries the facts the
//! decision needs (who employs a person, the actor's place in a relationship, who wrote an
//! entry), which the caller reads from storage first. Policy answers *who* may do a thing; *when*
//! the state of things allows it (an offer still open, a relationship still live, a set still
//! meeting) is the use case's refusal with a reason, because someone entitled to see the thing
//! is owed the reason, where someone who is not is told nothing.
//!
//! Acting through a signed link rather than an account (a line manager's e-mailed link, a
//! calendar feed's secret address) involves no [`Actor`]: the token is the authority, decided by
//! [`can_by_link`].

use crate::ids::{OrganisationId, PersonId, ProgrammeId, SchemeId};
use crate::relationship::RelationshipKind;
use crate::roles::{Role, RoleAssignment, Scope};

/// Who is acting: a signed-in person with the roles they hold in the scheme they act in.
///
/// `organisations` maps each organisation-scoped role to its scheme: the caller loads only roles
/// whose scope belongs to `scheme_id`, so a role from another scheme never counts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub person_id: PersonId,
    pub scheme_id: SchemeId,
    pub roles: Vec<RoleAssignment>,
}

/// What the actor wants to do. Targets carry the facts the decision needs (e.g. the organisations
/// that employ a person), gathered by the caller from storage.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action<'a> {
    /// See the scheme's dashboard, organisations and programmes (no personal data).
    ViewScheme,
    /// Create or change organisations, programmes, rules and intakes.
    ManageScheme,
    /// List people, narrowed by [`people_scope`].
    ListPeople,
    /// See one person's profile; `employers` are the organisations employing them.
    ViewPerson {
        person: PersonId,
        employers: &'a [OrganisationId],
    },
    /// Change one person's record.
    EditPerson {
        person: PersonId,
        employers: &'a [OrganisationId],
    },
    /// Import or export people of these organisations (every row's organisation must be allowed).
    ImportPeople {
        organisations: &'a [OrganisationId],
    },
    ExportPeople,
    /// Create accounts, reset passwords, invite people.
    ManageAccounts,
    /// Invite one person (employed by `employers`) to sign in: whoever manages the scheme's
    /// accounts, and the coordinators of an organisation employing them, who bring their own
    /// staff in without waiting for the scheme's office.
    InvitePerson {
        employers: &'a [OrganisationId],
    },
    /// Grant or revoke one scoped role (`assignment`) of a person employed by `grantee_employers`.
    /// The scheme's coordinators and administrators grant any role of the scheme; an
    /// organisation's coordinators only that organisation's coordinator role and the scheme's
    /// participant role, and only to their own organisation's staff. Nobody grants beyond their
    /// own scope, nor to themselves (a revocation of one's own role is allowed: stepping down).
    ChangeRole {
        assignment: RoleAssignment,
        grantee: PersonId,
        grantee_employers: &'a [OrganisationId],
        revoke: bool,
    },
    /// Confirm (or refuse) that a self-registered person works where they say: the coordinators
    /// of that organisation, and the scheme's.
    ConfirmEmployment {
        organisation: OrganisationId,
    },
    /// Nominate staff into an intake (an application started on their behalf): the coordinators
    /// of the employing organisation, and the scheme's.
    Nominate {
        organisation: OrganisationId,
    },
    /// Configure how people of the scheme sign in (single sign-on per organisation, e-mailed
    /// links): its administrators only.
    ConfigureSignIn,
    /// Run one programme: its intakes, forms, applications, matching and publishing. The
    /// scheme's coordinators, and that programme's coordinators.
    ManageProgramme {
        programme: ProgrammeId,
    },
    /// Read the scheme's settings (countries, languages, time zone, registration, the
    /// small-number threshold): its administrators, and its scheme coordinators, whose work they
    /// shape.
    ViewSchemeSettings,
    /// Change the scheme's settings: its administrators only, who installed and answer for it.
    EditSchemeSettings,
    /// Read the notices that could not be delivered (the dead-letter list) and put them back in
    /// the queue: the scheme's administrators, who run the mail set-up that most failures come
    /// from. Coordinators see only that a person they may see is unreachable (on their page).
    ManageUndeliveredNotices,
    /// Browse the audit log (who did what, when; ids and codes only): the scheme's
    /// administrators, who answer for the installation and for investigating misuse. A
    /// coordinator's own actions are in it, so they do not read it.
    ViewAuditLog,
    /// See a programme's participants and matching.
    ViewProgramme {
        programme: ProgrammeId,
    },
    /// Read pooled, anonymised figures.
    ViewAggregates,
    /// Read a programme's evaluation figures (aggregates only, suppressed below scheme level):
    /// the scheme coordinator, evaluators of the scheme or of that programme; for one
    /// `organisation`'s figures also that organisation's coordinators. Nobody sees who answered.
    ViewEvaluation {
        programme: ProgrammeId,
        organisation: Option<OrganisationId>,
    },
    /// Answer (or decline) a survey request: the person it was sent to, and nobody else.
    AnswerSurvey {
        respondent: PersonId,
    },
    /// See and decide applications that use this organisation's places.
    ApproveApplications {
        organisation: OrganisationId,
    },
    /// Decide one application (approve, waiting list, decline): whoever may
    /// [`Action::ApproveApplications`] for its `organisation` or [`Action::ManageProgramme`] of its
    /// `programme`, but never on their own (`applicant`): a coordinator who applies is decided on
    /// by another, as anyone else is, so nobody gives themselves a place.
    DecideApplication {
        applicant: PersonId,
        organisation: OrganisationId,
        programme: ProgrammeId,
    },
    /// Nominate one `person` employed by `organisation` into an intake: whoever may
    /// [`Action::Nominate`] for that organisation, but never themselves (a nomination starts an
    /// application someone else then decides; starting one's own is applying).
    NominatePerson {
        person: PersonId,
        organisation: OrganisationId,
    },
    /// Verify that a training record counts as mentor training (or record it verified): the
    /// scheme coordinator and the coordinators of an organisation employing the person, never
    /// the person themselves, so "mentor training required" rests on someone else's check.
    VerifyTraining {
        person: PersonId,
        employers: &'a [OrganisationId],
    },
    /// Record or change a mentor's training, supervision, status and load. The mentor may record
    /// their own training and supervision (`person` is the mentor).
    RecordMentorDevelopment {
        person: PersonId,
        employers: &'a [OrganisationId],
    },
    /// Change a mentor's standing. Their coordinators (the scheme's, or one of an organisation
    /// employing them) may make any change; the mentor only a `self_service` one (pausing and
    /// resuming, their load untouched).
    ChangeMentorStanding {
        person: PersonId,
        employers: &'a [OrganisationId],
        self_service: bool,
    },
    /// List the mentors a coordinator looks after (narrowed to their organisations' people).
    ListMentors,
    /// List an intake's applications to decide on (narrowed to the organisations decided for).
    ReviewApplications,
    /// See one application with its history: its applicant, and whoever decides for the
    /// organisation whose places it uses.
    ViewApplication {
        applicant: PersonId,
        organisation: OrganisationId,
    },
    /// Withdraw an application: its applicant only.
    WithdrawApplication {
        applicant: PersonId,
    },
    /// Read and keep one's own records: relationships and offers, home, CPD, the reflective log,
    /// the directory listing, the calendar feed, shortlists. Anyone with a role in the scheme.
    KeepOwnRecords,
    /// Read the opt-in directory of the scheme's practitioners: anyone with a role in it.
    ViewDirectory,
    /// See a relationship (its members, agreement, sessions held): its members, current or
    /// former, and the scheme coordinator.
    ViewRelationship {
        relationship: RelationshipFacts,
    },
    /// Wind a relationship down or close it: its members and the scheme coordinator.
    SteerRelationship {
        relationship: RelationshipFacts,
    },
    /// Act as one of its members, and see what only members see: answer the offer, draft and
    /// sign the agreement, book and log sessions, the fit check, a private ending. Its members
    /// only, current or former (a former member is told by the state of things why not: it was
    /// theirs). Never a coordinator.
    ActInRelationship {
        relationship: RelationshipFacts,
    },
    /// Read a relationship's goals: its current members only.
    ViewGoals {
        relationship: RelationshipFacts,
    },
    /// Set a goal of one's own in a relationship: its current members only.
    SetGoal {
        relationship: RelationshipFacts,
    },
    /// Change a goal: its owner, while a current member.
    ChangeGoal {
        relationship: RelationshipFacts,
        owner: PersonId,
    },
    /// Write, share with one's line manager, withdraw or look at the appraisal summary of a
    /// relationship (see [`crate::appraisal`]): its mentee (`mentee`, found by the caller from
    /// the members' roles), current or former member, nobody else. Not a coordinator, not the
    /// mentor: the summary is the mentee's own account for their own appraisal.
    ShareAppraisalSummary {
        relationship: RelationshipFacts,
        mentee: Option<PersonId>,
    },
    /// Read a private entry (a session note, a reflection): its author; a reflection shared with
    /// a relationship also that relationship's current members (`shared_with` is the actor's
    /// place in it; `None` when it is not shared).
    ReadPrivate {
        author: PersonId,
        shared_with: Option<Membership>,
    },
    /// Write, share or unshare a private entry: its author only.
    ChangePrivate {
        author: PersonId,
    },
    /// See an action learning set's meetings: its current members (everything), the scheme
    /// coordinator and the coordinators of an organisation whose places a current member uses
    /// (`member_organisations`), who look at attendance only (the use case shows each no more).
    ViewSet {
        relationship: RelationshipFacts,
        member_organisations: &'a [OrganisationId],
    },
    /// Act in a set (schedule, rota, attendance, issues, actions): its current members only.
    /// Coordinators look, never act.
    ActInSet {
        relationship: RelationshipFacts,
    },
    /// See a pair's records (shadowing, project, workshops): its partners and the scheme
    /// coordinator.
    ViewPair {
        relationship: RelationshipFacts,
    },
    /// Record for a pair (shadowing days, the project, milestones, measures): its partners only.
    RecordForPair {
        relationship: RelationshipFacts,
    },
    /// See the part of a person's profile they show in the directory (expertise, interests,
    /// languages, introduction): whoever may see their whole profile, and, while `listed` (they
    /// opted in to the directory), anyone with a role in the scheme.
    ViewProfileSummary {
        person: PersonId,
        employers: &'a [OrganisationId],
        /// The actor and the person are current members of one live relationship.
        partner: bool,
        listed: bool,
    },
    /// See a person's whole profile but their contact details (availability, modes, location
    /// too): the person, their mentor, partner or set members in a live relationship, the
    /// scheme's coordinators and the coordinators of an organisation employing them.
    ViewProfile {
        person: PersonId,
        employers: &'a [OrganisationId],
        partner: bool,
    },
    /// See a person's phone numbers and preferred contact route: the person and the members of
    /// a live relationship with them, nobody else. Coordinators reach people through the
    /// scheme's e-mail; a phone number given for mentoring is not theirs to read.
    ViewContactDetails {
        person: PersonId,
        partner: bool,
    },
    /// Change a person's profile: that person only (it is what they say about themselves).
    EditProfile {
        person: PersonId,
    },
    /// Download everything held about a person (a subject access request under UK GDPR / AVG):
    /// the person themselves, and the scheme's administrators, who answer requests made to the
    /// scheme by letter or e-mail. Coordinators are not data controllers' officers: they are not
    /// handed another person's whole record.
    ExportPersonalData {
        person: PersonId,
    },
    /// Erase (pseudonymise) a person: the scheme's administrators only, and never themselves
    /// (an administrator leaving asks another, so that the scheme is never left without one by
    /// a slip; the use case also keeps the last administrator).
    ErasePerson {
        person: PersonId,
    },
    /// Read and change the scheme's retention periods and apply them now: its administrators.
    ManageRetention,
    /// Give or withdraw one's own consents (research use, assessment and equality data): the
    /// person only. Nobody consents on someone else's behalf.
    ChangeConsent {
        person: PersonId,
    },
    /// Hold and see one programme's assessment results (instruments, imported scores, the
    /// per-dimension weights) and switch assessment or equality-based matching on or off:
    /// coordinators of that programme only (the scheme's coordinators and its programme
    /// coordinators). Organisation coordinators, evaluators and other programmes' coordinators
    /// never see scores: they are special-category or appraisal data used for this programme.
    ManageAssessments {
        programme: ProgrammeId,
    },
    /// Give, change or withdraw one's own equality data (preferred languages, cultural
    /// background): the person only. Nobody enters it on someone's behalf, and nobody else reads it.
    EditEqualityData {
        person: PersonId,
    },
    /// Export the scheme's records (applications, relationships with their activity, sessions
    /// against caps, set and workshop attendance, paired-learning projects) as CSV or XLSX: the
    /// scheme's coordinators (every row) and organisations' coordinators (the rows about their
    /// own staff, narrowed by [`records_scope`]). Never content: no notes, reflections or
    /// reasons. Administrators run the installation, not the scheme's work, so not them.
    ExportSchemeRecords,
    /// See how a relationship is going (its kind, status, programme and the date of its last
    /// activity), never its content: its members, the scheme coordinator, and the coordinators
    /// of an organisation whose places a current member uses (`member_organisations`), who
    /// answer for their staff's time and ask "is it running?" without reading notes, goals or
    /// sessions' topics. The use case shows them no more than that.
    ViewRelationshipStatus {
        relationship: RelationshipFacts,
        member_organisations: &'a [OrganisationId],
    },
    /// Ask a person listed in the directory for a conversation (issue #17 item 6): anyone with a
    /// role in the scheme, across organisations (that is the point), but never oneself and only
    /// someone listed (`listed`: they opted in and have not withdrawn).
    AskPeer {
        recipient: PersonId,
        listed: bool,
    },
    /// Accept or decline a conversation request: its recipient only.
    AnswerPeerRequest {
        recipient: PersonId,
    },
    /// See a conversation request (its message and state, and on acceptance the other's
    /// address): its asker and its recipient only. Coordinators never see them: they are
    /// between two people.
    ViewPeerRequest {
        asker: PersonId,
        recipient: PersonId,
    },
    /// See the name of `person`'s line manager in their job at `employment_organisation`
    /// (whoever may see that job asks): everyone who may see the manager's own record, and the
    /// person and the manager themselves while the manager works at that same organisation
    /// (`manager_employers`). A manager employed only elsewhere stays "someone at another
    /// organisation" to them: one organisation never shows another's people.
    SeeLineManagerName {
        person: PersonId,
        employment_organisation: OrganisationId,
        manager: PersonId,
        manager_employers: &'a [OrganisationId],
    },
}

/// The actor's place in a relationship, as the caller found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Membership {
    /// Not one of its members.
    None,
    /// Was one: declined the offer, or left (a no-fault ending of their part).
    Former,
    /// One of its members now.
    Current,
}

/// What the caller knows about one relationship before asking about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RelationshipFacts {
    /// The scheme its programme belongs to: a coordinator's role counts in their own only.
    pub scheme: SchemeId,
    pub kind: RelationshipKind,
    /// The actor's place in it.
    pub membership: Membership,
}

/// Something done through a signed link, with no account: the token is the authority.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkAction {
    /// The line manager reads the request behind the link e-mailed to them and answers it
    /// (`token_valid`: issued, unused and unexpired).
    AnswerAsLineManager { token_valid: bool },
    /// A calendar application reads its owner's feed (`token_valid`: the owner's current token).
    ReadCalendarFeed { token_valid: bool },
    /// Whoever holds a one-click unsubscribe link switches off that one kind of notice for the
    /// person it names (`token_valid`: its signature checks out and the kind may be switched off).
    Unsubscribe { token_valid: bool },
    /// The line manager opens the appraisal summary a mentee shared with them (`token_valid`:
    /// issued, unopened, not withdrawn and unexpired). The manager needs no account.
    ReadAppraisalSummary { token_valid: bool },
}

/// Which people an actor may list or see.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PeopleScope {
    /// Everyone in the scheme.
    All,
    /// People employed by one of these organisations (plus the actor themselves).
    Organisations(Vec<OrganisationId>),
    /// Only the actor's own record.
    OnlySelf,
}

impl Actor {
    fn has(&self, role: Role) -> bool {
        self.roles
            .iter()
            .any(|r| r.role == role && self.in_scheme(r.scope))
    }

    fn in_scheme(&self, scope: Scope) -> bool {
        match scope {
            Scope::Scheme(s) => s == self.scheme_id,
            // Organisation and programme scopes are loaded for this scheme only (see type docs).
            Scope::Organisation(_) | Scope::Programme(_) => true,
        }
    }

    /// Organisations this actor coordinates.
    pub fn coordinated_organisations(&self) -> Vec<OrganisationId> {
        let mut orgs: Vec<OrganisationId> = self
            .roles
            .iter()
            .filter_map(|r| match (r.role, r.scope) {
                (Role::OrganisationCoordinator, Scope::Organisation(o)) => Some(o),
                _ => None,
            })
            .collect();
        orgs.sort();
        orgs.dedup();
        orgs
    }

    pub fn is_scheme_coordinator(&self) -> bool {
        self.has(Role::SchemeCoordinator)
    }

    pub fn is_administrator(&self) -> bool {
        self.has(Role::Administrator)
    }

    /// Has any role at all in the scheme.
    pub fn is_member(&self) -> bool {
        self.roles
            .iter()
            .any(|r| r.is_well_formed() && self.in_scheme(r.scope))
    }
}

/// Which people the actor may see.
pub fn people_scope(actor: &Actor) -> PeopleScope {
    if actor.is_scheme_coordinator() || actor.is_administrator() {
        return PeopleScope::All;
    }
    let orgs = actor.coordinated_organisations();
    if orgs.is_empty() {
        PeopleScope::OnlySelf
    } else {
        PeopleScope::Organisations(orgs)
    }
}

/// Whether the actor may perform the action. Pure and total: every action is decided here.
///
/// Nobody without a role in the scheme may do anything, their own records and relationships
/// included: holding a role is what admits a person to the scheme.
pub fn can(actor: &Actor, action: Action<'_>) -> bool {
    if !actor.is_member() {
        return false;
    }
    let coordinator = actor.is_scheme_coordinator();
    let admin = actor.is_administrator();
    let orgs = actor.coordinated_organisations();
    let sees_any_of = |employers: &[OrganisationId]| employers.iter().any(|e| orgs.contains(e));
    // Relationship facts: the relationship is of the actor's scheme, and their place in it.
    let here = |r: &RelationshipFacts| r.scheme == actor.scheme_id;
    let member = |r: &RelationshipFacts| here(r) && r.membership != Membership::None;
    let current = |r: &RelationshipFacts| here(r) && r.membership == Membership::Current;
    let coordinates = |r: &RelationshipFacts| here(r) && coordinator;
    match action {
        Action::ViewScheme => true,
        Action::ManageScheme => coordinator,
        Action::ListPeople | Action::ExportPeople => coordinator || admin || !orgs.is_empty(),
        Action::ViewPerson { person, employers } => {
            coordinator || admin || person == actor.person_id || sees_any_of(employers)
        }
        Action::EditPerson {
            person: _,
            employers,
        } => coordinator || admin || sees_any_of(employers),
        Action::ImportPeople { organisations } => {
            coordinator || (!orgs.is_empty() && organisations.iter().all(|o| orgs.contains(o)))
        }
        Action::ManageAccounts => admin || coordinator,
        Action::InvitePerson { employers } => admin || coordinator || sees_any_of(employers),
        Action::ChangeRole {
            assignment,
            grantee,
            grantee_employers,
            revoke,
        } => {
            if !assignment.is_well_formed() {
                return false;
            }
            if grantee == actor.person_id && !revoke {
                return false;
            }
            let in_scheme = match assignment.scope {
                Scope::Scheme(s) => s == actor.scheme_id,
                // Organisation and programme ids are checked to be the scheme's by the caller.
                Scope::Organisation(_) | Scope::Programme(_) => true,
            };
            if !in_scheme {
                return false;
            }
            if coordinator || admin {
                return true;
            }
            let own_staff = sees_any_of(grantee_employers);
            match (assignment.role, assignment.scope) {
                (Role::OrganisationCoordinator, Scope::Organisation(o)) => {
                    orgs.contains(&o) && own_staff
                }
                (Role::Participant, Scope::Scheme(_)) => own_staff,
                _ => false,
            }
        }
        Action::ConfirmEmployment { organisation } | Action::Nominate { organisation } => {
            coordinator || orgs.contains(&organisation)
        }
        Action::ConfigureSignIn => admin,
        Action::ManageProgramme { programme } => {
            coordinator
                || actor.roles.iter().any(|r| {
                    r.role == Role::ProgrammeCoordinator
                        && matches!(r.scope, Scope::Programme(p) if p == programme)
                })
        }
        Action::ViewSchemeSettings => admin || coordinator,
        Action::EditSchemeSettings | Action::ManageUndeliveredNotices | Action::ViewAuditLog => {
            admin
        }
        Action::ViewProgramme { programme } => {
            coordinator
                || !orgs.is_empty()
                || actor
                    .roles
                    .iter()
                    .any(|r| matches!(r.scope, Scope::Programme(p) if p == programme))
        }
        Action::ViewAggregates => coordinator || actor.has(Role::Evaluator),
        Action::ViewEvaluation {
            programme,
            organisation,
        } => {
            let evaluates = actor.roles.iter().any(|r| {
                matches!(r.role, Role::Evaluator | Role::ProgrammeCoordinator)
                    && match r.scope {
                        Scope::Scheme(s) => s == actor.scheme_id,
                        Scope::Programme(p) => p == programme,
                        Scope::Organisation(_) => false,
                    }
            });
            coordinator || evaluates || organisation.is_some_and(|o| orgs.contains(&o))
        }
        Action::AnswerSurvey { respondent } => respondent == actor.person_id,
        Action::ApproveApplications { organisation } => coordinator || orgs.contains(&organisation),
        Action::DecideApplication {
            applicant,
            organisation,
            programme,
        } => {
            applicant != actor.person_id
                && (can(actor, Action::ApproveApplications { organisation })
                    || can(actor, Action::ManageProgramme { programme }))
        }
        Action::NominatePerson {
            person,
            organisation,
        } => person != actor.person_id && can(actor, Action::Nominate { organisation }),
        Action::VerifyTraining { person, employers } => {
            person != actor.person_id && (coordinator || sees_any_of(employers))
        }
        Action::RecordMentorDevelopment { person, employers } => {
            coordinator || person == actor.person_id || sees_any_of(employers)
        }
        Action::ChangeMentorStanding {
            person,
            employers,
            self_service,
        } => coordinator || sees_any_of(employers) || (person == actor.person_id && self_service),
        Action::ListMentors | Action::ReviewApplications => coordinator || !orgs.is_empty(),
        Action::ViewApplication {
            applicant,
            organisation,
        } => applicant == actor.person_id || coordinator || orgs.contains(&organisation),
        Action::WithdrawApplication { applicant } => applicant == actor.person_id,
        Action::KeepOwnRecords | Action::ViewDirectory => true,
        Action::ViewRelationship { relationship: r }
        | Action::SteerRelationship { relationship: r } => member(&r) || coordinates(&r),
        Action::ActInRelationship { relationship: r } => member(&r),
        Action::ViewGoals { relationship: r } | Action::SetGoal { relationship: r } => current(&r),
        Action::ChangeGoal {
            relationship: r,
            owner,
        } => current(&r) && owner == actor.person_id,
        Action::ShareAppraisalSummary {
            relationship: r,
            mentee,
        } => member(&r) && mentee == Some(actor.person_id),
        Action::ReadPrivate {
            author,
            shared_with,
        } => author == actor.person_id || shared_with == Some(Membership::Current),
        Action::ChangePrivate { author } => author == actor.person_id,
        Action::ViewSet {
            relationship: r,
            member_organisations,
        } => {
            r.kind == RelationshipKind::Set
                && (current(&r)
                    || coordinates(&r)
                    || (here(&r) && sees_any_of(member_organisations)))
        }
        Action::ActInSet { relationship: r } => r.kind == RelationshipKind::Set && current(&r),
        Action::ViewPair { relationship: r } => {
            r.kind == RelationshipKind::Pair && (member(&r) || coordinates(&r))
        }
        Action::RecordForPair { relationship: r } => r.kind == RelationshipKind::Pair && member(&r),
        Action::ViewProfileSummary {
            person,
            employers,
            partner,
            listed,
        } => {
            listed
                || can(
                    actor,
                    Action::ViewProfile {
                        person,
                        employers,
                        partner,
                    },
                )
        }
        Action::ViewProfile {
            person,
            employers,
            partner,
        } => person == actor.person_id || partner || coordinator || sees_any_of(employers),
        Action::ViewContactDetails { person, partner } => person == actor.person_id || partner,
        Action::EditProfile { person }
        | Action::ChangeConsent { person }
        | Action::EditEqualityData { person } => person == actor.person_id,
        Action::ManageAssessments { programme } => {
            coordinator
                || actor.roles.iter().any(|r| {
                    r.role == Role::ProgrammeCoordinator
                        && matches!(r.scope, Scope::Programme(p) if p == programme)
                })
        }
        Action::ExportPersonalData { person } => admin || person == actor.person_id,
        Action::ErasePerson { person } => admin && person != actor.person_id,
        Action::ManageRetention => admin,
        Action::ExportSchemeRecords => coordinator || !orgs.is_empty(),
        Action::ViewRelationshipStatus {
            relationship: r,
            member_organisations,
        } => member(&r) || coordinates(&r) || (here(&r) && sees_any_of(member_organisations)),
        Action::AskPeer { recipient, listed } => listed && recipient != actor.person_id,
        Action::AnswerPeerRequest { recipient } => recipient == actor.person_id,
        Action::ViewPeerRequest { asker, recipient } => {
            asker == actor.person_id || recipient == actor.person_id
        }
        Action::SeeLineManagerName {
            person,
            employment_organisation,
            manager,
            manager_employers,
        } => {
            let sees_manager = can(
                actor,
                Action::ViewPerson {
                    person: manager,
                    employers: manager_employers,
                },
            );
            let same_organisation = manager_employers.contains(&employment_organisation);
            sees_manager
                || (same_organisation && (actor.person_id == person || actor.person_id == manager))
        }
    }
}

/// Whether a signed link lets its holder do `action`. No account is involved: whoever holds a
/// valid token may use it, and nobody else, so the decision is the token's validity.
pub fn can_by_link(action: LinkAction) -> bool {
    match action {
        LinkAction::AnswerAsLineManager { token_valid }
        | LinkAction::ReadCalendarFeed { token_valid }
        | LinkAction::Unsubscribe { token_valid }
        | LinkAction::ReadAppraisalSummary { token_valid } => token_valid,
    }
}

/// Whose rows an export of scheme records holds ([`Action::ExportSchemeRecords`]): every row for
/// the scheme's coordinators; for an organisation's coordinators only the rows about people who
/// take part through their organisations (the organisation whose places an application uses);
/// nothing for anyone else. Unlike [`people_scope`], being an administrator adds nothing.
pub fn records_scope(actor: &Actor) -> PeopleScope {
    if !actor.is_member() {
        return PeopleScope::OnlySelf;
    }
    if actor.is_scheme_coordinator() {
        return PeopleScope::All;
    }
    let orgs = actor.coordinated_organisations();
    if orgs.is_empty() {
        PeopleScope::OnlySelf
    } else {
        PeopleScope::Organisations(orgs)
    }
}
