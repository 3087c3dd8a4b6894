//! The first run and the scheme's settings.
//!
//! [`init`] sets a database up: it checks the WHOLE request first and names every wrong field
//! in one [`ValidationErrors`], refuses when a scheme exists already (saying which), and then
//! writes the scheme, its organisations, the first administrator and the first scheme
//! coordinator (one person when they are the same) in ONE store call, so nothing is ever
//! half-set-up. It needs no actor: nobody exists yet, and whoever holds the database (the
//! command line) or a set-up code (the set-up page, [`init_with_code`]) is the authority.
//!
//! The set-up page is admitted by a single-use code made by [`open_setup`] when `serve` starts on
//! a database with no scheme. Only its hash is stored, in the database, so every instance of a
//! cluster accepts a code any of them printed, and the set-up that uses it consumes it in its
//! own transaction.

use super::{accounts, audit_entry, audited, authorise};
use crate::{AppError, AppResult, Context, Refusal};
use chrono::Duration;
use std::collections::HashMap;
use tandem_domain::validate::{normalise_email, required_text};
use tandem_domain::{
    AccountId, Action, Actor, Country, Language, Organisation, OrganisationId, OrganisationKind,
    Person, PersonId, Role, RoleAssignment, Scheme, SchemeId, SchemeSettings, SchemeSettingsInput,
    Scope, ValidationErrors,
};
use tandem_storage::{Account, AuditEntry, Clash, Installation, StoreError, TokenKind, name_key};

/// How long a set-up code printed by `serve` admits its holder: long enough to come back after
/// lunch, short enough that a code in an old terminal scroll-back is worthless. Restarting
/// `serve` prints a new one.
pub const SETUP_CODE_HOURS: i64 = 24;

/// One organisation as typed (a TOML file, flags, a spreadsheet row, a form): codes as text so
/// that an unknown kind or country is a field error naming it.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct OrganisationEntry {
    pub name: String,
    pub kind: String,
    pub country: String,
}

/// A first person (the administrator or the scheme coordinator) as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Deserialize)]
pub struct PersonEntry {
    pub given_name: String,
    pub family_name: String,
    pub email: String,
    /// A BCP 47 tag; empty means the scheme's first language.
    #[serde(default)]
    pub language: String,
}

/// How a first person will sign in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Credential {
    /// This password (checked with the app's password rule).
    Password(String),
    /// An invitation e-mail with a link to set one (the usual invitation).
    Invitation,
}

/// Everything the first run needs.
#[derive(Clone, Debug)]
pub struct InitRequest {
    pub scheme_name: String,
    pub settings: SchemeSettingsInput,
    pub organisations: Vec<OrganisationEntry>,
    pub administrator: PersonEntry,
    pub administrator_credential: Credential,
    /// `None`, or the administrator's own e-mail: the administrator is the scheme coordinator too.
    pub coordinator: Option<PersonEntry>,
    pub coordinator_credential: Credential,
}

/// One first person as written.
#[derive(Clone, Debug)]
pub struct FirstPerson {
    pub person_id: PersonId,
    pub account_id: AccountId,
    pub email: String,
    pub roles: Vec<Role>,
    /// Whether an invitation was sent (else they have a password).
    pub invited: bool,
}

/// What the first run created.
#[derive(Clone, Debug)]
pub struct Installed {
    pub scheme: Scheme,
    pub settings: SchemeSettings,
    pub organisations: Vec<Organisation>,
    /// The administrator first; the scheme coordinator second when another person.
    pub people: Vec<FirstPerson>,
    /// E-mail addresses whose invitation could not be sent (the scheme exists all the same; a
    /// password-reset link, `tandem user reset-password`, lets them in).
    pub not_sent: Vec<String>,
}

/// Field names of the `n`th organisation (1-based, as people count rows).
fn org_field(n: usize, part: &str) -> String {
    format!("organisation_{n}_{part}")
}

struct CheckedPerson {
    given_name: String,
    family_name: String,
    email: String,
    language: Language,
}

fn check_person(
    prefix: &str,
    p: &PersonEntry,
    default_language: Language,
    e: &mut ValidationErrors,
) -> Option<CheckedPerson> {
    let before = e.errors.len();
    let mut text = |field: &str, raw: &str| {
        required_text(raw)
            .map_err(|k| e.add(&format!("{prefix}_{field}"), k))
            .unwrap_or_default()
    };
    let given_name = text("given_name", &p.given_name);
    let family_name = text("family_name", &p.family_name);
    let email = normalise_email(&p.email)
        .map_err(|k| e.add(&format!("{prefix}_email"), k))
        .unwrap_or_default();
    let language = if p.language.trim().is_empty() {
        Some(default_language)
    } else {
        let l = Language::from_tag(&p.language);
        if l.is_none() {
            e.add_with(
                &format!("{prefix}_language"),
                "error.settings.unknown",
                &[("value", p.language.trim())],
            );
        }
        l
    };
    (e.errors.len() == before).then(|| CheckedPerson {
        given_name,
        family_name,
        email,
        language: language.unwrap_or_default(),
    })
}

fn check_credential(prefix: &str, c: &Credential, e: &mut ValidationErrors) {
    if let Credential::Password(p) = c
        && let Err(problems) = accounts::check_new_password(p, p)
    {
        for f in problems.errors {
            let params: Vec<(&str, &str)> = f
                .params
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            e.add_with(&format!("{prefix}_password"), &f.message, &params);
        }
    }
}

/// Checks a whole request; every wrong field is named.
fn check(
    req: &InitRequest,
) -> Result<
    (
        Scheme,
        SchemeSettings,
        Vec<Organisation>,
        Vec<CheckedPerson>,
    ),
    ValidationErrors,
> {
    let mut e = ValidationErrors::new();
    let name = required_text(&req.scheme_name)
        .map_err(|k| e.add("scheme_name", k))
        .unwrap_or_default();
    let settings = req.settings.parse_into(&mut e);
    let scheme = Scheme {
        id: SchemeId::new(),
        name,
        description: String::new(),
    };
    if req.organisations.is_empty() {
        e.add("organisations", "error.setup.no_organisations");
    }
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut orgs = Vec::new();
    for (i, o) in req.organisations.iter().enumerate() {
        let n = i + 1;
        let name = required_text(&o.name).map_err(|k| e.add(&org_field(n, "name"), k));
        let kind = OrganisationKind::from_code(o.kind.trim());
        if kind.is_none() {
            e.add_with(
                &org_field(n, "kind"),
                "error.setup.unknown_kind",
                &[("value", o.kind.trim())],
            );
        }
        let country = Country::from_code(o.country.trim());
        match country {
            None => e.add_with(
                &org_field(n, "country"),
                "error.settings.unknown",
                &[("value", o.country.trim())],
            ),
            Some(c) if settings.as_ref().is_some_and(|s| !s.countries.contains(&c)) => e.add_with(
                &org_field(n, "country"),
                "error.setup.country_not_in_scheme",
                &[("value", c.code())],
            ),
            Some(_) => {}
        }
        if let Ok(name) = name {
            if let Some(first) = seen.insert(name_key(&name), n) {
                e.add_with(
                    &org_field(n, "name"),
                    "error.setup.duplicate_organisation",
                    &[("row", &first.to_string())],
                );
            } else if let (Some(kind), Some(country)) = (kind, country) {
                orgs.push(Organisation {
                    id: OrganisationId::new(),
                    scheme_id: scheme.id,
                    name,
                    kind,
                    country,
                });
            }
        }
    }
    let default_language = settings
        .as_ref()
        .and_then(|s| s.languages.first().copied())
        .unwrap_or_default();
    let mut people = Vec::new();
    people.extend(check_person(
        "administrator",
        &req.administrator,
        default_language,
        &mut e,
    ));
    check_credential("administrator", &req.administrator_credential, &mut e);
    if let Some(c) = separate_coordinator(req) {
        people.extend(check_person("coordinator", c, default_language, &mut e));
        check_credential("coordinator", &req.coordinator_credential, &mut e);
    }
    e.into_result()?;
    Ok((
        scheme,
        settings.ok_or_else(ValidationErrors::new)?,
        orgs,
        people,
    ))
}

/// The scheme coordinator when they are another person than the administrator.
fn separate_coordinator(req: &InitRequest) -> Option<&PersonEntry> {
    req.coordinator.as_ref().filter(|c| {
        let blank = [&c.given_name, &c.family_name, &c.email]
            .iter()
            .all(|f| f.trim().is_empty());
        !blank && name_key(c.email.trim()) != name_key(req.administrator.email.trim())
    })
}

/// The refusal that says what the database holds already, or `None` when it holds no scheme.
pub async fn already_set_up(ctx: &Context) -> AppResult<Option<Refusal>> {
    let schemes = ctx.store.list_schemes().await?;
    let Some(first) = schemes.first() else {
        return Ok(None);
    };
    let organisations = ctx.store.list_organisations(first.id).await?.len() as u64;
    let accounts = ctx.store.count_accounts(first.id).await?;
    Ok(Some(Refusal::SchemeExists {
        name: first.name.clone(),
        organisations,
        accounts,
    }))
}

/// Whether the database holds no scheme yet, so the set-up page stands in for everything else.
pub async fn needed(ctx: &Context) -> AppResult<bool> {
    Ok(!ctx.store.has_scheme().await?)
}

/// Sets the database up from the command line (whoever holds the database is the authority).
/// See the module documentation.
pub async fn init(ctx: &Context, req: InitRequest) -> AppResult<Installed> {
    install(ctx, req, None).await
}

/// Sets the database up from the set-up page: as [`init`], admitted by a live set-up code,
/// which it consumes. A wrong, used or expired code is a field error on `setup_code`.
pub async fn init_with_code(ctx: &Context, code: &str, req: InitRequest) -> AppResult<Installed> {
    let hash = accounts::token_hash(code.trim());
    if let Some(refusal) = already_set_up(ctx).await? {
        return Err(AppError::Refused(refusal));
    }
    if code.trim().is_empty() || !ctx.store.setup_code_live(&hash, ctx.now()).await? {
        let mut e = match check(&req) {
            Ok(_) => ValidationErrors::new(),
            Err(e) => e,
        };
        e.errors.insert(
            0,
            tandem_domain::FieldError {
                field: "setup_code".into(),
                message: "error.setup.code_invalid".into(),
                params: vec![],
            },
        );
        return Err(AppError::Validation(e));
    }
    install(ctx, req, Some(hash)).await
}

async fn install(
    ctx: &Context,
    req: InitRequest,
    code_hash: Option<String>,
) -> AppResult<Installed> {
    let (scheme, settings, organisations, people) = check(&req)?;
    if let Some(refusal) = already_set_up(ctx).await? {
        return Err(AppError::Refused(refusal));
    }
    let now = ctx.now();
    let credentials = [&req.administrator_credential, &req.coordinator_credential];
    let mut first = Vec::new();
    let mut records = Vec::new();
    let mut account_records = Vec::new();
    let mut roles = Vec::new();
    let both = people.len() == 1;
    for (i, p) in people.iter().enumerate() {
        let person = Person {
            id: PersonId::new(),
            scheme_id: scheme.id,
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            email: p.email.clone(),
            language: p.language,
        };
        let credential = credentials[i];
        let password_hash = match credential {
            Credential::Password(pw) => Some(accounts::hash_password(ctx, pw.clone()).await?),
            Credential::Invitation => None,
        };
        let account = Account {
            id: AccountId::new(),
            person_id: person.id,
            scheme_id: scheme.id,
            email: person.email.clone(),
            password_hash,
            disabled: false,
            failed_logins: 0,
            locked_until: None,
        };
        let held = match (i, both) {
            (0, true) => vec![Role::Administrator, Role::SchemeCoordinator],
            (0, false) => vec![Role::Administrator],
            _ => vec![Role::SchemeCoordinator],
        };
        for role in &held {
            roles.push((
                person.id,
                RoleAssignment {
                    role: *role,
                    scope: Scope::Scheme(scheme.id),
                },
            ));
        }
        first.push(FirstPerson {
            person_id: person.id,
            account_id: account.id,
            email: person.email.clone(),
            roles: held,
            invited: *credential == Credential::Invitation,
        });
        records.push(person);
        account_records.push(account);
    }
    let entry = |action: &str, subject: String, detail: String| AuditEntry {
        at: now,
        actor: None,
        action: action.into(),
        subject,
        detail,
    };
    let mut audit_entries = vec![entry(
        "scheme.init",
        scheme.id.to_string(),
        format!(
            "organisations={} via={}",
            organisations.len(),
            if code_hash.is_some() {
                "setup_page"
            } else {
                "command_line"
            }
        ),
    )];
    audit_entries.extend(first.iter().map(|f| {
        let codes: Vec<&str> = f.roles.iter().map(|r| r.code()).collect();
        entry(
            "account.create",
            f.account_id.to_string(),
            format!("person={} roles={}", f.person_id, codes.join(",")),
        )
    }));
    let installation = Installation {
        scheme: scheme.clone(),
        settings: settings.clone(),
        organisations: organisations.clone(),
        people: records,
        accounts: account_records.clone(),
        roles,
        audit: audit_entries,
        setup_code_hash: code_hash,
        at: now,
    };
    match ctx.store.install(&installation).await {
        Ok(()) => {}
        Err(StoreError::Refused(Clash::SchemeExists)) => {
            let refusal = already_set_up(ctx)
                .await?
                .unwrap_or(Refusal::ChangedMeanwhile);
            return Err(AppError::Refused(refusal));
        }
        Err(StoreError::Refused(Clash::SetupCodeInvalid)) => {
            return Err(AppError::field("setup_code", "error.setup.code_invalid"));
        }
        Err(e) => return Err(e.into()),
    }
    let mut not_sent = Vec::new();
    for (f, account) in first.iter().zip(&account_records) {
        if !f.invited {
            continue;
        }
        let entry = audit_entry(
            ctx,
            None,
            "account.invite",
            account.id.to_string(),
            format!("person={}", f.person_id),
        );
        match accounts::queue_token_notice(ctx, account, TokenKind::Invitation, entry).await {
            Ok(()) => {}
            Err(e) => {
                e.log();
                not_sent.push(f.email.clone());
            }
        }
    }
    let mut organisations = organisations;
    organisations.sort_by_key(|o| name_key(&o.name));
    Ok(Installed {
        scheme,
        settings,
        organisations,
        people: first,
        not_sent,
    })
}

/// Makes a set-up code when the database holds no scheme (`None` when it holds one): the
/// code is returned once, for `serve` to print; only its hash is kept.
pub async fn open_setup(ctx: &Context) -> AppResult<Option<String>> {
    if !needed(ctx).await? {
        return Ok(None);
    }
    let code = accounts::random_token();
    let now = ctx.now();
    let change = audited(ctx, None, "setup.code_issued", String::new(), String::new());
    change
        .store
        .keep_setup_code(
            &accounts::token_hash(&code),
            now,
            now + Duration::hours(SETUP_CODE_HOURS),
        )
        .await?;
    change.done()?;
    Ok(Some(code))
}

/// The scheme's settings, for its administrators and scheme coordinators.
pub async fn settings(ctx: &Context, actor: &Actor) -> AppResult<SchemeSettings> {
    authorise(actor, Action::ViewSchemeSettings)?;
    Ok(ctx.store.scheme_settings(actor.scheme_id).await?)
}

/// Changes the scheme's settings (its administrators only). The organisations already in the
/// scheme keep their countries, so a country in use cannot be taken off the list.
pub async fn update_settings(
    ctx: &Context,
    actor: &Actor,
    input: SchemeSettingsInput,
) -> AppResult<SchemeSettings> {
    authorise(actor, Action::EditSchemeSettings)?;
    let mut e = ValidationErrors::new();
    let parsed = input.parse_into(&mut e);
    let chosen: Vec<Country> = input
        .countries
        .iter()
        .filter_map(|c| Country::from_code(c.trim()))
        .collect();
    let orgs = ctx.store.list_organisations(actor.scheme_id).await?;
    for country in Country::ALL {
        let in_use = orgs.iter().any(|o| o.country == country);
        if in_use && !chosen.contains(&country) && e.for_field("countries").is_none() {
            e.add_with(
                "countries",
                "error.settings.country_in_use",
                &[("value", country.code())],
            );
        }
    }
    e.into_result()?;
    let new = parsed.ok_or_else(ValidationErrors::new)?;
    let old = ctx.store.scheme_settings(actor.scheme_id).await?;
    if old == new {
        return Ok(new);
    }
    let change = audited(
        ctx,
        Some(actor),
        "scheme.settings_update",
        actor.scheme_id.to_string(),
        format!(
            "time_zone={} threshold={} self_registration={}",
            new.time_zone.name(),
            new.small_number_threshold,
            new.self_registration
        ),
    );
    change
        .store
        .update_scheme_settings(actor.scheme_id, &new)
        .await?;
    change.done()?;
    Ok(new)
}
