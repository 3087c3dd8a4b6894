//! Profiles people keep: expertise and interests, languages, availability, modes, location,
//! an introduction and phone numbers, with who may see what.
//!
//! Who sees what (decided by `tandem_domain::policy`, from facts gathered here):
//! - the person sees and edits all of it (`EditProfile`);
//! - the members of a live relationship with them (mentor, mentee, pair partner, set member)
//!   see all of it, phone numbers included, because they have to reach each other;
//! - the scheme's coordinators and the coordinators of an organisation employing them see the
//!   profile but never the phone numbers or contact route (`ViewContactDetails` is not theirs);
//! - while they are listed in the opt-in directory, anyone in the scheme sees the summary
//!   (expertise, interests, languages, introduction) and nothing more.
//!
//! The number called for a telephone session is chosen per session by its members
//! ([`set_number_to_call`]); what it resolves to is read in `calendar::call_of`, shared with the
//! session pages, the `.ics` files and the e-mailed notices, which show it to members only.

use super::audited;
use crate::calendar::{self, live};
use crate::{AppError, AppResult, Context, Refusal, access, authorise, authorise_or_hide};
use serde::Serialize;
use tandem_domain::profile::{
    ContactDetails, ContactRoute, PhoneKind, Profile, ProfileInput, StoredProfile, calling_code,
    format_phone,
};
use tandem_domain::sessions::BookingStatus;
use tandem_domain::{
    Action, Actor, Country, EmailKind, FrameworkDimension, MatchingProfile, Membership, Mode,
    OrganisationId, PersonId, SessionId,
};

/// A person's own profile, as they see and edit it.
#[derive(Clone, Debug, Serialize)]
pub struct OwnProfile {
    pub person_id: PersonId,
    pub name: String,
    pub email: String,
    pub email_kind: EmailKind,
    pub profile: Profile,
    /// The phone numbers as shown (`+44 7700 900123`), empty when not given.
    pub work_phone_shown: String,
    pub mobile_phone_shown: String,
    /// When it was last saved; `None` before the first save.
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Someone's profile as the viewer may see it: each part is present only where the policy
/// allows it.
#[derive(Clone, Debug, Serialize)]
pub struct ProfileSight {
    pub person_id: PersonId,
    pub name: String,
    /// The viewer is the person (and may edit it at `/profile`).
    pub own: bool,
    /// Whether the person has saved a profile at all.
    pub saved: bool,
    /// Whether their e-mail address is a work or a personal one (with the details: a
    /// coordinator needs to know that mail goes to a personal inbox).
    pub email_kind: Option<EmailKind>,
    pub summary: Option<Summary>,
    pub details: Option<Details>,
    pub contact: Option<ContactShown>,
}

/// What the directory shows.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Summary {
    pub expertise: Vec<FrameworkDimension>,
    pub expertise_topics: String,
    pub interests: Vec<FrameworkDimension>,
    pub interest_topics: String,
    pub languages: Vec<String>,
    pub introduction: String,
}

/// What the person's coordinators and relationship members see besides the summary.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Details {
    pub availability: Vec<tandem_domain::Slot>,
    pub modes: Vec<Mode>,
    pub location: String,
}

/// Contact details as shown to the person and their relationship members.
#[derive(Clone, Debug, Serialize)]
pub struct ContactShown {
    pub work_phone: String,
    pub mobile_phone: String,
    pub preferred_phone: PhoneKind,
    pub route: ContactRoute,
}

impl From<&ContactDetails> for ContactShown {
    fn from(c: &ContactDetails) -> Self {
        let shown = |n: &str| {
            if n.is_empty() {
                String::new()
            } else {
                format_phone(n)
            }
        };
        ContactShown {
            work_phone: shown(&c.work_phone),
            mobile_phone: shown(&c.mobile_phone),
            preferred_phone: c.preferred_phone,
            route: c.route,
        }
    }
}

async fn own_view(ctx: &Context, actor: &Actor) -> AppResult<OwnProfile> {
    let record = ctx.store.get_person(actor.person_id).await?;
    let stored = ctx.store.profile_of(actor.person_id).await?;
    let email_kind = ctx.store.email_kind(actor.person_id).await?;
    let (profile, updated_at) = match stored {
        Some(s) => (s.profile, Some(s.updated_at)),
        None => (Profile::default(), None),
    };
    let shown = ContactShown::from(&profile.contact);
    Ok(OwnProfile {
        person_id: actor.person_id,
        name: record.person.display_name(),
        email: record.person.email.clone(),
        email_kind,
        work_phone_shown: shown.work_phone,
        mobile_phone_shown: shown.mobile_phone,
        profile,
        updated_at,
    })
}

/// The actor's own profile (empty until they first save it).
pub async fn own(ctx: &Context, actor: &Actor) -> AppResult<OwnProfile> {
    authorise(
        actor,
        Action::EditProfile {
            person: actor.person_id,
        },
    )?;
    own_view(ctx, actor).await
}

/// The country whose calling code completes a number typed without one: the person's primary
/// employer's (the United Kingdom without an employment).
async fn country_of(ctx: &Context, person: PersonId) -> AppResult<Country> {
    let rec = ctx.store.get_person(person).await?;
    let job = rec
        .employments
        .iter()
        .find(|e| e.primary)
        .or(rec.employments.first());
    Ok(match job {
        Some(j) => ctx.store.get_organisation(j.organisation_id).await?.country,
        None => Country::UnitedKingdom,
    })
}

/// Saves the actor's own profile, every field checked first (nothing is written when any is
/// wrong). Audited without its content: a profile is personal data.
pub async fn save(ctx: &Context, actor: &Actor, input: ProfileInput) -> AppResult<OwnProfile> {
    authorise(
        actor,
        Action::EditProfile {
            person: actor.person_id,
        },
    )?;
    let country = country_of(ctx, actor.person_id).await?;
    let profile = input.validate(calling_code(country))?;
    let change = audited(
        ctx,
        Some(actor),
        "profile.saved",
        actor.person_id.to_string(),
        String::new(),
    );
    change
        .store
        .save_profile(&StoredProfile {
            person_id: actor.person_id,
            profile,
            updated_at: ctx.now(),
        })
        .await?;
    change.done()?;
    own_view(ctx, actor).await
}

/// Whether `a` and `b` are both current members of one live relationship.
async fn partners(ctx: &Context, a: PersonId, b: PersonId) -> AppResult<bool> {
    if a == b {
        return Ok(false);
    }
    for r in ctx.store.relationships_of_person(a).await? {
        if live(&r)
            && access::membership(&r, a) == Membership::Current
            && access::membership(&r, b) == Membership::Current
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Someone's profile, as much of it as the actor may see; `NotFound` when they may see none of
/// it (or the person is of another scheme), so its existence is not revealed.
pub async fn view(ctx: &Context, actor: &Actor, person: PersonId) -> AppResult<ProfileSight> {
    let record = ctx.store.get_person(person).await?;
    if record.person.scheme_id != actor.scheme_id {
        return Err(AppError::NotFound);
    }
    let mut employers: Vec<OrganisationId> = record
        .employments
        .iter()
        .map(|e| e.organisation_id)
        .collect();
    employers.sort();
    employers.dedup();
    let partner = partners(ctx, actor.person_id, person).await?;
    let listed = ctx.store.directory_listing(person).await?.is_some();
    authorise_or_hide(
        actor,
        Action::ViewProfileSummary {
            person,
            employers: &employers,
            partner,
            listed,
        },
    )?;
    let stored = ctx.store.profile_of(person).await?;
    let saved = stored.is_some();
    let p = stored.map(|s| s.profile).unwrap_or_default();
    let sees_details = tandem_domain::can(
        actor,
        Action::ViewProfile {
            person,
            employers: &employers,
            partner,
        },
    );
    let sees_contact = tandem_domain::can(actor, Action::ViewContactDetails { person, partner });
    let email_kind = if sees_details {
        Some(ctx.store.email_kind(person).await?)
    } else {
        None
    };
    Ok(ProfileSight {
        person_id: person,
        name: record.person.display_name(),
        own: person == actor.person_id,
        saved,
        email_kind,
        summary: Some(Summary {
            expertise: p.expertise.clone(),
            expertise_topics: p.expertise_topics.clone(),
            interests: p.interests.clone(),
            interest_topics: p.interest_topics.clone(),
            languages: p.languages.clone(),
            introduction: p.introduction.clone(),
        }),
        details: sees_details.then(|| Details {
            availability: p.availability.clone(),
            modes: p.modes.clone(),
            location: p.location.clone(),
        }),
        contact: sees_contact.then(|| ContactShown::from(&p.contact)),
    })
}

/// What the actor's profile says where an application form asks the same: interests as goals,
/// expertise, availability and modes. Empty before they save a profile.
pub async fn prefill(ctx: &Context, actor: &Actor) -> AppResult<MatchingProfile> {
    authorise(
        actor,
        Action::EditProfile {
            person: actor.person_id,
        },
    )?;
    let Some(s) = ctx.store.profile_of(actor.person_id).await? else {
        return Ok(MatchingProfile::default());
    };
    Ok(MatchingProfile {
        goals: s.profile.interests,
        expertise: s.profile.expertise,
        availability: s.profile.availability,
        modes: s.profile.modes,
        conflicts: vec![],
    })
}

/// Chooses whose preferred number is called for a telephone session: either member, while the
/// session is still to come and the relationship live. Refused (writing nothing) for anyone
/// else, another mode, or a session that is over or cancelled.
pub async fn set_number_to_call(
    ctx: &Context,
    actor: &Actor,
    session: SessionId,
    member: PersonId,
) -> AppResult<()> {
    let b = ctx.store.get_booking(session).await?;
    let found = access::member(ctx, actor, b.relationship_id).await?;
    let r = &found.relationship;
    if access::membership(r, actor.person_id) != Membership::Current || !live(r) {
        return Err(AppError::Refused(Refusal::NotLive));
    }
    let future = b.starts_at.is_some_and(|s| s > ctx.now());
    if b.mode != Mode::Telephone
        || !future
        || !matches!(b.status, BookingStatus::Proposed | BookingStatus::Confirmed)
    {
        return Err(AppError::Refused(Refusal::SessionChanged));
    }
    if access::membership(r, member) != Membership::Current {
        let mut e = tandem_domain::ValidationErrors::new();
        e.add("call_member", "error.profiles.call_member_invalid");
        return Err(e.into());
    }
    let change = audited(
        ctx,
        Some(actor),
        "session.number_to_call_chosen",
        session.to_string(),
        member.to_string(),
    );
    change
        .store
        .set_session_call_member(session, member)
        .await?;
    change.done()?;
    Ok(())
}

/// Whose number is called for a session and what it is, for one of its current members;
/// `None` for a session not by telephone. Anyone else: `NotFound`.
pub async fn number_to_call(
    ctx: &Context,
    actor: &Actor,
    session: SessionId,
) -> AppResult<Option<calendar::Call>> {
    let b = ctx.store.get_booking(session).await?;
    let found = access::member(ctx, actor, b.relationship_id).await?;
    if access::membership(&found.relationship, actor.person_id) != Membership::Current {
        return Err(AppError::NotFound);
    }
    calendar::call_of(ctx, &b, &found.relationship).await
}

/// Where a person's page sends its reader back to: the people list for those who may list
/// people, otherwise their own profile (their own page) or their home. A participant was sent
/// to the people list before, which they may not open.
pub fn back_from_person(actor: &Actor, person: PersonId) -> &'static str {
    if tandem_domain::can(actor, Action::ListPeople) {
        "/people"
    } else if person == actor.person_id {
        "/profile"
    } else {
        "/"
    }
}
