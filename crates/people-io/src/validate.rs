//! Row-by-row validation of parsed rows against the scheme, producing a preview and a plan.

use crate::parse::RawRow;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use tandem_domain::validate::{
    MAX_TEXT, lookalike_in, normalise_email, optional_text, required_text,
};
use tandem_domain::{
    Country, Employment, EmploymentId, GradeSystem, Language, Organisation, OrganisationId,
    OrganisationKind, Person, PersonId, SchemeId,
};

/// What the import is checked against: the scheme's organisations and people as they are now.
#[derive(Clone, Copy, Debug)]
pub struct Snapshot<'a> {
    pub scheme_id: SchemeId,
    pub organisations: &'a [Organisation],
    /// Every person of the scheme with all their employments.
    pub people: &'a [(Person, Vec<Employment>)],
    /// `None`: any organisation (a scheme coordinator). `Some`: only these (an organisation
    /// coordinator's own); rows for other organisations, and people employed only elsewhere, are
    /// refused.
    pub allowed_organisations: Option<&'a [OrganisationId]>,
}

/// What committing the import would do to a row's person.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowAction {
    Create,
    Update,
    Unchanged,
}

/// One problem in one cell. `message` is a translation key; `params` fill its placeholders
/// (always including `value`, the cell as written, when the problem is about a value).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RowError {
    pub column: String,
    pub message: String,
    pub params: Vec<(String, String)>,
}

/// The preview line for one file row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreviewRow {
    pub line: usize,
    /// The e-mail as normalised (or as written, when it is not valid).
    pub email: String,
    pub action: RowAction,
    pub errors: Vec<RowError>,
    /// Things the import will do that the importer should know of but that do not stop it (a
    /// grade new to a council's own list, which the commit adds to it).
    pub warnings: Vec<RowError>,
}

/// Result of [`validate`]: every row with its problems, and the plan.
///
/// While any row has an error, `creates` and `updates` are empty: nothing is planned for commit
/// until the whole file is valid, so a caller cannot write a partial import by mistake. The rows
/// still say what would happen to each person once the file is fixed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Preview {
    pub rows: Vec<PreviewRow>,
    pub creates: Vec<(Person, Vec<Employment>)>,
    pub updates: Vec<(Person, Vec<Employment>)>,
    /// Grades the file uses that are not yet in their local authority's own list, each once (as
    /// first written), to be added to the list by the commit.
    pub new_local_grades: Vec<(OrganisationId, String)>,
}

impl Preview {
    /// True when no row has an error (the plan may then be committed).
    pub fn is_valid(&self) -> bool {
        self.rows.iter().all(|r| r.errors.is_empty())
    }

    /// Number of rows with at least one error.
    pub fn rows_with_errors(&self) -> usize {
        self.rows.iter().filter(|r| !r.errors.is_empty()).count()
    }

    /// Number of rows with at least one warning.
    pub fn rows_with_warnings(&self) -> usize {
        self.rows.iter().filter(|r| !r.warnings.is_empty()).count()
    }

    /// Number of rows with each action.
    pub fn count(&self, action: RowAction) -> usize {
        self.rows.iter().filter(|r| r.action == action).count()
    }
}

/// The grade system assumed when a row names none, from the organisation and the grade:
///
/// * Dutch organisations (kind or country NL): FWG.
/// * NHS trusts: medical grades when the grade is a medical grade code (`ST4`, `Consultant`, …),
///   otherwise Agenda for Change.
/// * Local authorities: local-authority grades.
/// * Independent providers and charities in the UK: the first of Agenda for Change, local-authority
///   and medical grades that knows the grade (many mirror AfC bands), otherwise Agenda for Change.
///
/// When no candidate system knows the grade, the first candidate is returned and validation then
/// reports the grade as unknown in it.
pub fn infer_grade_system(organisation: &Organisation, grade: &str) -> GradeSystem {
    use GradeSystem::*;
    let candidates: &[GradeSystem] = if organisation.kind == OrganisationKind::DutchCareOrganisation
        || organisation.country == Country::Netherlands
    {
        &[DutchFwg]
    } else {
        match organisation.kind {
            OrganisationKind::NhsTrust => &[AgendaForChange, Medical],
            OrganisationKind::LocalAuthority => &[LocalAuthority],
            _ => &[AgendaForChange, LocalAuthority, Medical],
        }
    };
    candidates
        .iter()
        .copied()
        .find(|s| s.grade(grade).is_some())
        .unwrap_or(candidates[0])
}

/// Reads a grade-system cell: the stable codes (`afc`, `medical`, `local_authority`, `fwg`) or
/// their spelled-out names, ignoring case, spaces, underscores and hyphens.
fn parse_grade_system(raw: &str) -> Option<GradeSystem> {
    let folded: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect();
    Some(match folded.as_str() {
        "afc" | "agendaforchange" | "nhsafc" => GradeSystem::AgendaForChange,
        "medical" | "medicalanddental" | "doctors" => GradeSystem::Medical,
        "localauthority" | "la" | "njc" | "council" => GradeSystem::LocalAuthority,
        "fwg" | "dutchfwg" | "fwg3.0" => GradeSystem::DutchFwg,
        _ => return None,
    })
}

fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// A row after its cells were checked on their own.
struct Draft<'s> {
    line: usize,
    email: Option<String>,
    /// The cell as written, kept only when it is not an address (`email` is `None`), for the
    /// preview to show: one copy of each address rather than two (issue #18).
    email_raw: String,
    given_name: String,
    family_name: String,
    organisation: Option<&'s Organisation>,
    job_title: String,
    profession: String,
    grade_system: Option<GradeSystem>,
    grade: Option<String>,
    manager_email: Option<String>,
    language: Option<Language>,
    errors: Vec<RowError>,
    warnings: Vec<RowError>,
    /// A grade new to a council's list, to be added on commit.
    new_grade: Option<(OrganisationId, String)>,
    /// Set when this row repeats an earlier row's person and must be left out of the plan.
    duplicate: bool,
}

fn row_error(column: &str, message: &str, params: &[(&str, &str)]) -> RowError {
    RowError {
        column: column.into(),
        message: message.into(),
        params: params
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect(),
    }
}

impl Draft<'_> {
    fn error(&mut self, column: &str, message: &str, params: &[(&str, &str)]) {
        self.errors.push(row_error(column, message, params));
    }

    fn warning(&mut self, column: &str, message: &str, params: &[(&str, &str)]) {
        self.warnings.push(row_error(column, message, params));
    }
}

use tandem_domain::grades::local_grade_key as grade_key;

/// The e-mail problem of a cell: a look-alike letter is named, so the importer sees why an
/// address that looks right is refused.
fn email_error(d: &mut Draft, column: &str, raw: &str, key: &str) {
    match (key, lookalike_in(raw)) {
        ("error.email_lookalike", Some((fake, latin))) => d.error(
            column,
            "import.email_lookalike",
            &[
                ("value", raw.trim()),
                ("letter", &fake.to_string()),
                ("latin", &latin.to_string()),
            ],
        ),
        _ => d.error(column, "import.bad_email", &[("value", raw.trim())]),
    }
}

fn text_error_params(key: &str, value: &str) -> Vec<(&'static str, String)> {
    // The refused value is shown back in the preview: its control and direction-override
    // characters (the reason it was refused) are shown as U+FFFD, never acted on.
    let shown: String = value
        .chars()
        .map(|c| {
            if tandem_domain::text::is_forbidden(c, tandem_domain::text::Shape::Line) {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    let mut p = vec![("value", shown)];
    if key == "error.too_long" {
        p.push(("max", MAX_TEXT.to_string()));
    }
    p
}

fn check_text(d: &mut Draft, row: &RawRow, column: &str, required: bool) -> String {
    let raw = row.get(column);
    let result = if required {
        required_text(raw).map(Some)
    } else {
        optional_text(raw)
    };
    match result {
        Ok(v) => v.unwrap_or_default(),
        Err(key) => {
            let params = text_error_params(key, raw);
            let params: Vec<(&str, &str)> = params.iter().map(|(k, v)| (*k, v.as_str())).collect();
            d.error(column, key, &params);
            String::new()
        }
    }
}

fn draft_row<'s>(
    row: &RawRow,
    orgs: &HashMap<String, &'s Organisation>,
    snap: &Snapshot,
    local_grades: &HashMap<(OrganisationId, String), &str>,
) -> Draft<'s> {
    let mut d = Draft {
        line: row.line,
        email: None,
        email_raw: String::new(),
        given_name: String::new(),
        family_name: String::new(),
        organisation: None,
        job_title: String::new(),
        profession: String::new(),
        grade_system: None,
        grade: None,
        manager_email: None,
        language: None,
        errors: Vec::new(),
        warnings: Vec::new(),
        new_grade: None,
        duplicate: false,
    };
    d.given_name = check_text(&mut d, row, "given_name", true);
    d.family_name = check_text(&mut d, row, "family_name", true);

    let raw_email = row.get("email");
    match normalise_email(raw_email) {
        Ok(e) => d.email = Some(e),
        Err(key) => {
            d.email_raw = raw_email.trim().to_string();
            if key == "error.email_required" {
                d.error("email", "error.required", &[]);
            } else {
                email_error(&mut d, "email", raw_email, key);
            }
        }
    }

    let raw_org = row.get("organisation");
    if raw_org.trim().is_empty() {
        d.error("organisation", "error.required", &[]);
    } else {
        match orgs.get(&name_key(raw_org)) {
            None => d.error(
                "organisation",
                "import.unknown_organisation",
                &[("value", raw_org.trim())],
            ),
            Some(org) => {
                if snap
                    .allowed_organisations
                    .is_some_and(|allowed| !allowed.contains(&org.id))
                {
                    d.error(
                        "organisation",
                        "import.organisation_not_allowed",
                        &[("value", raw_org.trim())],
                    );
                }
                d.organisation = Some(org);
            }
        }
    }

    d.job_title = check_text(&mut d, row, "job_title", false);
    d.profession = check_text(&mut d, row, "profession", false);

    let raw_system = row.get("grade_system").trim();
    let raw_grade = row.get("grade").trim();
    let system = if raw_system.is_empty() {
        d.organisation.map(|o| infer_grade_system(o, raw_grade))
    } else {
        match parse_grade_system(raw_system) {
            Some(s) => Some(s),
            None => {
                d.error(
                    "grade_system",
                    "import.unknown_grade_system",
                    &[("value", raw_system)],
                );
                None
            }
        }
    };
    d.grade_system = system;
    let council = d
        .organisation
        .filter(|o| o.kind == OrganisationKind::LocalAuthority)
        .map(|o| o.id);
    if raw_grade.is_empty() {
        d.error("grade", "error.required", &[]);
    } else if let (Some(system @ GradeSystem::LocalAuthority), Some(council)) = (system, council) {
        // A council's grades are its own: the national list, then the council's list, and a
        // grade in neither is added to the council's list (a warning, never an error).
        if let Some(g) = system.grade(raw_grade) {
            d.grade = Some(g.code.to_string());
        } else if let Some(known) = local_grades.get(&(council, grade_key(raw_grade))) {
            d.grade = Some((*known).to_string());
        } else {
            match required_text(raw_grade) {
                Ok(grade) => {
                    let grade = grade.split_whitespace().collect::<Vec<_>>().join(" ");
                    let organisation = d.organisation.map(|o| o.name.clone()).unwrap_or_default();
                    d.warning(
                        "grade",
                        "import.new_local_grade",
                        &[("value", &grade), ("organisation", &organisation)],
                    );
                    d.new_grade = Some((council, grade.clone()));
                    d.grade = Some(grade);
                }
                Err(key) => {
                    let params = text_error_params(key, raw_grade);
                    let params: Vec<(&str, &str)> =
                        params.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    d.error("grade", key, &params);
                }
            }
        }
    } else if let Some(system) = system {
        match system.grade(raw_grade) {
            Some(g) => d.grade = Some(g.code.to_string()),
            None => d.error(
                "grade",
                "import.unknown_grade",
                &[("value", raw_grade), ("system", system.code())],
            ),
        }
    }

    let raw_manager = row.get("line_manager_email").trim();
    if !raw_manager.is_empty() {
        match normalise_email(raw_manager) {
            Ok(m) => d.manager_email = Some(m),
            Err(key) => email_error(&mut d, "line_manager_email", raw_manager, key),
        }
    }

    let raw_language = row.get("language").trim();
    if !raw_language.is_empty() {
        match Language::from_tag(raw_language) {
            Some(l) => d.language = Some(l),
            None => d.error(
                "language",
                "import.unknown_language",
                &[("value", raw_language)],
            ),
        }
    }
    d
}

/// Validates every row against the snapshot and plans the creates and updates.
///
/// Rows are matched to people by e-mail (case-insensitively): a known e-mail updates that person,
/// keeping their id and the ids of employments at the row's organisation, and leaving their
/// employments at organisations the file does not mention alone. Several rows with one e-mail are
/// one person's several employments, as [`crate::export_csv`] writes them; a second row with the
/// same e-mail and organisation, or with different names, is a duplicate. Line managers may be
/// people in the file or already in the scheme; a line-management cycle through the file and the
/// existing people is reported on every file row whose manager link lies on the cycle.
///
/// Cell values are trimmed and otherwise kept exactly as written, markup and SQL included: the
/// pages escape on output and the store uses bound parameters.
pub fn validate(rows: &[RawRow], snap: &Snapshot) -> Preview {
    validate_with(rows, snap, &[])
}

/// As [`validate`], with the local authorities' own grade lists (`(council, grade)`): at a
/// council, a local-authority grade in neither the national list nor the council's is a warning
/// on its row, and the grade is listed in [`Preview::new_local_grades`] for the commit to add.
/// National systems (Agenda for Change, medical, FWG) stay strict: an unknown grade is an error.
pub fn validate_with(
    rows: &[RawRow],
    snap: &Snapshot,
    local_grades: &[(OrganisationId, String)],
) -> Preview {
    plan(rows.iter(), snap, local_grades)
}

/// As [`validate_with`], taking the rows and dropping each once it is checked on its own: for a
/// file of a million rows, the rows and their checked drafts are never all held at once.
pub fn validate_owned(
    rows: Vec<RawRow>,
    snap: &Snapshot,
    local_grades: &[(OrganisationId, String)],
) -> Preview {
    plan(rows.into_iter(), snap, local_grades)
}

/// Rows from which [`drafts_of`] drafts on two threads: below this a thread costs more than
/// it saves.
const PARALLEL_DRAFTS_FROM: usize = 20_000;

/// Each row's own checks ([`draft_row`]), in row order. They read nothing but their row and the
/// shared look-ups, so a large file is drafted in two halves at once (the machines Tandem runs on
/// have two cores or more; at 1,000,000 rows this was half of the check's time). Each row is
/// dropped once drafted, as before.
fn drafts_of<'s, R: std::borrow::Borrow<RawRow> + Send>(
    rows: impl ExactSizeIterator<Item = R>,
    orgs: &HashMap<String, &'s Organisation>,
    snap: &Snapshot,
    local: &HashMap<(OrganisationId, String), &str>,
    parallel_from: usize,
) -> Vec<Draft<'s>> {
    let draft = |r: R| draft_row(r.borrow(), orgs, snap, local);
    if rows.len() < parallel_from {
        return rows.map(draft).collect();
    }
    let mut first: Vec<R> = rows.collect();
    let second = first.split_off(first.len() / 2);
    std::thread::scope(|s| {
        let later = s.spawn(|| second.into_iter().map(draft).collect::<Vec<_>>());
        let mut drafts: Vec<Draft> = Vec::with_capacity(first.len() * 2 + 1);
        drafts.extend(first.into_iter().map(draft));
        // A panic in the other half is a bug; it is the caller's panic too.
        drafts.extend(
            later
                .join()
                .unwrap_or_else(|e| std::panic::resume_unwind(e)),
        );
        drafts
    })
}

fn plan<R: std::borrow::Borrow<RawRow> + Send>(
    rows: impl ExactSizeIterator<Item = R>,
    snap: &Snapshot,
    local_grades: &[(OrganisationId, String)],
) -> Preview {
    plan_drafting_from(rows, snap, local_grades, PARALLEL_DRAFTS_FROM)
}

/// [`plan`], drafting on two threads from `parallel_from` rows (the tests set it both ways).
fn plan_drafting_from<R: std::borrow::Borrow<RawRow> + Send>(
    rows: impl ExactSizeIterator<Item = R>,
    snap: &Snapshot,
    local_grades: &[(OrganisationId, String)],
    parallel_from: usize,
) -> Preview {
    let local: HashMap<(OrganisationId, String), &str> = local_grades
        .iter()
        .map(|(o, g)| ((*o, grade_key(g)), g.as_str()))
        .collect();
    let orgs: HashMap<String, &Organisation> = snap
        .organisations
        .iter()
        .map(|o| (name_key(&o.name), o))
        .collect();
    let existing_by_email: HashMap<String, usize> = snap
        .people
        .iter()
        .enumerate()
        .map(|(i, (p, _))| (email_key(&p.email), i))
        .collect();

    let mut drafts: Vec<Draft> = drafts_of(rows, &orgs, snap, &local, parallel_from);

    // Group rows by e-mail; later rows that contradict the first are duplicates.
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    let mut group_of: HashMap<String, usize> = HashMap::new();
    for i in 0..drafts.len() {
        let Some(email) = drafts[i].email.clone() else {
            continue;
        };
        match group_of.get(&email) {
            None => {
                group_of.insert(email.clone(), groups.len());
                groups.push((email, vec![i]));
            }
            Some(&g) => {
                let first = groups[g].1[0];
                let same_org = groups[g].1.iter().any(|&j| {
                    drafts[j].organisation.is_some()
                        && drafts[j].organisation.map(|o| o.id)
                            == drafts[i].organisation.map(|o| o.id)
                });
                let names_differ = drafts[first].given_name != drafts[i].given_name
                    || drafts[first].family_name != drafts[i].family_name
                    || matches!((drafts[first].language, drafts[i].language), (Some(a), Some(b)) if a != b);
                if same_org || names_differ {
                    let first_line = drafts[first].line.to_string();
                    drafts[i].duplicate = true;
                    drafts[i].error(
                        "email",
                        "import.duplicate_email",
                        &[("value", &email), ("line", &first_line)],
                    );
                } else {
                    groups[g].1.push(i);
                }
            }
        }
    }

    // Existing people the importer may see: everyone for a scheme coordinator, otherwise those
    // employed at one of the importer's organisations. Nothing about the others (which
    // organisation they work for, whether a row would update them) may show in the preview.
    let visible = |i: usize| match snap.allowed_organisations {
        None => true,
        Some(allowed) => snap.people[i]
            .1
            .iter()
            .any(|e| allowed.contains(&e.organisation_id)),
    };
    let hidden_emails: HashSet<&str> = existing_by_email
        .iter()
        .filter(|&(_, &i)| !visible(i))
        .map(|(e, _)| e.as_str())
        .collect();
    let hidden_ids: HashSet<PersonId> = snap
        .people
        .iter()
        .enumerate()
        .filter(|&(i, _)| !visible(i))
        .map(|(_, (p, _))| p.id)
        .collect();

    // A coordinator may not change people who are employed only outside their organisations. The
    // error is the person form's generic one, so it says no more than that form does.
    for (email, members) in &groups {
        if hidden_emails.contains(email.as_str()) {
            for &i in members {
                drafts[i].error("email", "error.email_unavailable", &[("value", email)]);
            }
        }
    }

    // Ids: existing people keep theirs; new people get fresh ones.
    // Keyed by the addresses `groups` and `existing_by_email` already hold: a million rows'
    // addresses are not copied a third time.
    let mut id_of_email: HashMap<&str, PersonId> =
        HashMap::with_capacity(groups.len() + existing_by_email.len());
    for (email, _) in &groups {
        let id = existing_by_email
            .get(email)
            .map(|&i| snap.people[i].0.id)
            .unwrap_or_default();
        id_of_email.insert(email.as_str(), id);
    }
    for (email, &i) in &existing_by_email {
        id_of_email
            .entry(email.as_str())
            .or_insert(snap.people[i].0.id);
    }

    // Managers resolve against the file's own rows and the people the importer may see; naming
    // anyone else reads as unknown, so a line manager cannot be used to probe other organisations.
    // (`id_of_email` keeps everyone: the cycle check below must follow every existing link.)
    let resolvable = |m: &str| {
        group_of.contains_key(m) || (id_of_email.contains_key(m) && !hidden_emails.contains(m))
    };
    for d in drafts.iter_mut() {
        if let Some(m) = d.manager_email.clone()
            && !resolvable(&m)
        {
            d.error(
                "line_manager_email",
                "import.manager_not_found",
                &[("value", &m)],
            );
        }
    }

    // Plan each person.
    struct Planned {
        person: Person,
        employments: Vec<Employment>,
        action: RowAction,
    }
    let mut plans: Vec<Planned> = Vec::with_capacity(groups.len());
    let mut plan_of_group: Vec<Option<usize>> = vec![None; groups.len()];
    // Each draft's texts are moved into the plan (only the head's names, every member's job
    // title and grade): nothing after this reads them, and a million rows held them twice.
    for (g, (email, members)) in groups.iter().enumerate() {
        let head = &mut drafts[members[0]];
        let given_name = std::mem::take(&mut head.given_name);
        let family_name = std::mem::take(&mut head.family_name);
        let head = &drafts[members[0]];
        let existing = existing_by_email.get(email).map(|&i| &snap.people[i]);
        let id = id_of_email[email.as_str()];
        let language = head
            .language
            .or(existing.map(|(p, _)| p.language))
            .or(head.organisation.map(|o| default_language(o.country)))
            .unwrap_or_default();
        let person = Person {
            id,
            scheme_id: existing.map(|(p, _)| p.scheme_id).unwrap_or(snap.scheme_id),
            given_name,
            family_name,
            email: email.clone(),
            language,
        };
        let mut employments: Vec<Employment> = existing.map(|(_, e)| e.clone()).unwrap_or_default();
        let mut touched: HashSet<EmploymentId> = HashSet::new();
        let mut complete = true;
        for &i in members {
            let d = &mut drafts[i];
            let (Some(org), Some(system), Some(grade)) =
                (d.organisation, d.grade_system, d.grade.take())
            else {
                complete = false;
                continue;
            };
            let manager = d
                .manager_email
                .as_ref()
                .filter(|m| resolvable(m))
                .and_then(|m| id_of_email.get(m.as_str()).copied());
            let slot = employments
                .iter()
                .enumerate()
                .filter(|(_, e)| e.organisation_id == org.id && !touched.contains(&e.id))
                .min_by_key(|(_, e)| !e.primary)
                .map(|(k, _)| k);
            let k = match slot {
                Some(k) => k,
                None => {
                    employments.push(Employment {
                        id: EmploymentId::new(),
                        person_id: id,
                        organisation_id: org.id,
                        job_title: String::new(),
                        profession: String::new(),
                        grade_system: system,
                        grade: String::new(),
                        line_manager_id: None,
                        primary: false,
                    });
                    employments.len() - 1
                }
            };
            let e = &mut employments[k];
            touched.insert(e.id);
            e.job_title = std::mem::take(&mut d.job_title);
            // A profession of the vocabulary is stored as its code, in whichever language the
            // file names it; other text is kept as written.
            // A row naming the stored profession in other words (another language, a label for
            // a code) changes nothing.
            if tandem_domain::words::profession_key(&e.profession)
                != tandem_domain::words::profession_key(&d.profession)
            {
                e.profession = tandem_domain::words::canonical_profession(&d.profession);
            }
            e.grade_system = system;
            e.grade = grade;
            // The export leaves a manager the importer may not see blank; a blank cell then
            // means "unchanged", or an export re-imported would drop that link.
            let keeps_hidden_manager = d.manager_email.is_none()
                && e.line_manager_id.is_some_and(|m| hidden_ids.contains(&m));
            if !keeps_hidden_manager {
                e.line_manager_id = manager;
            }
        }
        if !employments.is_empty() && !employments.iter().any(|e| e.primary) {
            employments[0].primary = true;
        }
        let action = match existing {
            None => RowAction::Create,
            Some((p, e)) if complete && *p == person && *e == employments => RowAction::Unchanged,
            Some(_) => RowAction::Update,
        };
        plan_of_group[g] = Some(plans.len());
        plans.push(Planned {
            person,
            employments,
            action,
        });
    }

    // Line-management graph of the scheme after the import, by e-mail.
    let mut node: HashMap<&str, usize> = HashMap::new();
    let mut adj: Vec<Vec<usize>> = Vec::new();
    fn idx<'a>(
        node: &mut HashMap<&'a str, usize>,
        adj: &mut Vec<Vec<usize>>,
        key: &'a str,
    ) -> usize {
        *node.entry(key).or_insert_with(|| {
            adj.push(Vec::new());
            adj.len() - 1
        })
    }
    // Only people already in the scheme are named by id in stored employments (the file's new
    // people get fresh ids nothing refers to yet), so this is the existing people's ids: a map of
    // the importer's file would hold a million entries for nothing.
    let email_of_id: HashMap<PersonId, &str> = existing_by_email
        .iter()
        .map(|(e, &i)| (snap.people[i].0.id, e.as_str()))
        .collect();
    for (p, emps) in snap.people.iter() {
        let email = email_key(&p.email);
        if group_of.contains_key(&email) {
            continue;
        }
        let Some(&from_key) = email_of_id.get(&p.id) else {
            continue;
        };
        for e in emps {
            if let Some(to) = e.line_manager_id.and_then(|m| email_of_id.get(&m).copied()) {
                let (a, b) = (
                    idx(&mut node, &mut adj, from_key),
                    idx(&mut node, &mut adj, to),
                );
                adj[a].push(b);
            }
        }
    }
    for (g, (email, members)) in groups.iter().enumerate() {
        let from = idx(&mut node, &mut adj, email.as_str());
        // Existing employments the file leaves alone keep their managers.
        if let Some(plan) = plan_of_group[g].map(|k| &plans[k]) {
            let file_orgs: HashSet<OrganisationId> = members
                .iter()
                .filter_map(|&i| drafts[i].organisation.map(|o| o.id))
                .collect();
            for e in plan
                .employments
                .iter()
                .filter(|e| !file_orgs.contains(&e.organisation_id))
            {
                if let Some(to) = e.line_manager_id.and_then(|m| email_of_id.get(&m).copied()) {
                    let b = idx(&mut node, &mut adj, to);
                    adj[from].push(b);
                }
            }
        }
        for &i in members {
            if let Some((m, _)) = drafts[i]
                .manager_email
                .as_deref()
                .and_then(|m| id_of_email.get_key_value(m))
            {
                let b = idx(&mut node, &mut adj, m);
                adj[from].push(b);
            }
        }
    }
    let component = strongly_connected_components(&adj);
    for (email, members) in &groups {
        let from = node[email.as_str()];
        for &i in members {
            if let Some(m) = drafts[i].manager_email.clone()
                && let Some(&to) = node.get(m.as_str())
                && component[from] == component[to]
            {
                drafts[i].error(
                    "line_manager_email",
                    "import.management_cycle",
                    &[("value", &m)],
                );
            }
        }
    }

    // Preview rows and, only when everything is valid, the plan.
    let action_of_email = |e: &str| {
        group_of
            .get(e)
            .and_then(|&g| plan_of_group[g])
            .map(|k| plans[k].action)
    };
    let mut new_local_grades: Vec<(OrganisationId, String)> = Vec::new();
    for (org, grade) in drafts.iter().filter_map(|d| d.new_grade.as_ref()) {
        if !new_local_grades
            .iter()
            .any(|(o, g)| o == org && grade_key(g) == grade_key(grade))
        {
            new_local_grades.push((*org, grade.clone()));
        }
    }
    // The drafts are used up here: each preview row takes its draft's address and messages.
    let preview_rows: Vec<PreviewRow> = drafts
        .into_iter()
        .map(|d| {
            let action = match (&d.email, d.duplicate) {
                // A person the importer may not see is shown as a new one (with the e-mail error):
                // "update" would confirm that they exist.
                (Some(e), _) if hidden_emails.contains(e.as_str()) => RowAction::Create,
                (Some(e), false) => action_of_email(e).unwrap_or(RowAction::Create),
                (Some(e), true) => {
                    if existing_by_email.contains_key(e) {
                        RowAction::Update
                    } else {
                        RowAction::Create
                    }
                }
                (None, _) => RowAction::Create,
            };
            PreviewRow {
                line: d.line,
                email: d.email.unwrap_or(d.email_raw),
                action,
                errors: d.errors,
                warnings: d.warnings,
            }
        })
        .collect();
    let mut preview = Preview {
        rows: preview_rows,
        creates: Vec::new(),
        updates: Vec::new(),
        new_local_grades,
    };
    if preview.is_valid() {
        for plan in plans {
            match plan.action {
                RowAction::Create => preview.creates.push((plan.person, plan.employments)),
                RowAction::Update => preview.updates.push((plan.person, plan.employments)),
                RowAction::Unchanged => {}
            }
        }
    }
    preview
}

/// An existing person's address as the file's addresses are compared: normalised the one way
/// the domain does (an address stored before invisible characters were removed still matches).
fn email_key(email: &str) -> String {
    normalise_email(email).unwrap_or_else(|_| email.trim().to_lowercase())
}

fn default_language(country: Country) -> Language {
    match country {
        Country::Netherlands => Language::NlNl,
        Country::UnitedKingdom => Language::EnGb,
    }
}

/// Tarjan's algorithm without recursion (management chains in a big extract are deep): returns a
/// component number per node. An edge `u → v` lies on a cycle exactly when both ends share a
/// component (a self-loop included).
pub(crate) fn strongly_connected_components(adj: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = adj.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0usize; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<usize> = Vec::new();
    let mut component = vec![UNSEEN; n];
    let (mut next_index, mut next_component) = (0usize, 0usize);
    for start in 0..n {
        if index[start] != UNSEEN {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(start, 0)];
        index[start] = next_index;
        low[start] = next_index;
        next_index += 1;
        stack.push(start);
        on_stack[start] = true;
        while let Some(&(v, i)) = calls.last() {
            if i < adj[v].len() {
                calls.last_mut().expect("non-empty").1 += 1;
                let w = adj[v][i];
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
            } else {
                calls.pop();
                if let Some(&(u, _)) = calls.last() {
                    low[u] = low[u].min(low[v]);
                }
                if low[v] == index[v] {
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component[w] = next_component;
                        if w == v {
                            break;
                        }
                    }
                    next_component += 1;
                }
            }
        }
    }
    component
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Oracle: `u → v` is on a cycle iff `u` is reachable from `v`.
    fn reaches(adj: &[Vec<usize>], from: usize, to: usize) -> bool {
        let mut seen = vec![false; adj.len()];
        let mut todo = vec![from];
        while let Some(x) = todo.pop() {
            if x == to {
                return true;
            }
            if !std::mem::replace(&mut seen[x], true) {
                todo.extend(adj[x].iter().copied());
            }
        }
        false
    }

    /// Drafting a file's rows on two threads gives the preview drafting them in turn gives:
    /// every row's line, address, action, errors and warnings, and the same people planned.
    #[test]
    fn drafting_on_two_threads_changes_nothing() {
        use tandem_domain::{Country, OrganisationKind};
        let scheme_id = SchemeId::new();
        let org = |name: &str, kind, country| Organisation {
            id: OrganisationId::new(),
            scheme_id,
            name: name.into(),
            kind,
            country,
        };
        let orgs = [
            org(
                "Northvale Trust",
                OrganisationKind::NhsTrust,
                Country::UnitedKingdom,
            ),
            org(
                "Vale Council",
                OrganisationKind::LocalAuthority,
                Country::UnitedKingdom,
            ),
            org(
                "Amstelweide",
                OrganisationKind::DutchCareOrganisation,
                Country::Netherlands,
            ),
        ];
        let snap = Snapshot {
            scheme_id,
            organisations: &orgs,
            people: &[],
            allowed_organisations: None,
        };
        // Valid rows, with every kind of row error and the cross-row ones (a repeated address,
        // a manager not in the file, a management loop) spread over both halves.
        let rows: Vec<RawRow> = (0..301)
            .map(|i| {
                let email = match i % 17 {
                    3 => "not an address".to_string(),
                    5 => format!("p{}@x.org", i - 2),
                    _ => format!("p{i}@x.org"),
                };
                let organisation = match i % 13 {
                    4 => "Nowhere".to_string(),
                    k => orgs[k % 3].name.clone(),
                };
                let grade = match (i % 3, i % 11) {
                    (_, 7) => "Band 99".to_string(),
                    (0, _) => "Band 5".to_string(),
                    (1, _) => "Scale 4".to_string(),
                    _ => "FWG 45".to_string(),
                };
                let manager = match i % 7 {
                    0 => String::new(),
                    2 => "nobody@x.org".to_string(),
                    6 => format!("p{}@x.org", i + 1),
                    _ => format!("p{}@x.org", i / 2),
                };
                RawRow::new(
                    i + 2,
                    [
                        (
                            "given_name",
                            if i % 19 == 0 {
                                String::new()
                            } else {
                                format!("Ann{i}")
                            },
                        ),
                        ("family_name", "de Vries".to_string()),
                        ("email", email),
                        ("organisation", organisation),
                        ("job_title", "Nurse".to_string()),
                        ("profession", "Nursing".to_string()),
                        ("grade", grade),
                        ("line_manager_email", manager),
                    ],
                )
            })
            .collect();
        let in_turn = plan_drafting_from(rows.iter(), &snap, &[], usize::MAX);
        let both = plan_drafting_from(rows.iter(), &snap, &[], 2);
        assert!(in_turn.rows.iter().any(|r| !r.errors.is_empty()));
        assert!(in_turn.rows.iter().any(|r| r.errors.is_empty()));
        assert_eq!(in_turn.rows, both.rows);
        assert_eq!(in_turn.new_local_grades, both.new_local_grades);
        // Valid files plan people with fresh ids: compare what is planned, not the ids.
        let valid: Vec<RawRow> = (0..301)
            .map(|i| {
                let grade = ["Band 5", "Scale 4", "FWG 45"][i % 3];
                let manager = if i < 2 {
                    String::new()
                } else {
                    format!("p{}@x.org", i / 2)
                };
                RawRow::new(
                    i + 2,
                    [
                        ("given_name", format!("Ann{i}")),
                        ("family_name", "de Vries".to_string()),
                        ("email", format!("p{i}@x.org")),
                        ("organisation", orgs[i % 3].name.clone()),
                        ("job_title", "Nurse".to_string()),
                        ("profession", "Nursing".to_string()),
                        ("grade", grade.to_string()),
                        ("line_manager_email", manager),
                    ],
                )
            })
            .collect();
        let planned = |p: &Preview| -> Vec<(String, String, usize)> {
            p.creates
                .iter()
                .map(|(person, e)| (person.email.clone(), person.given_name.clone(), e.len()))
                .collect()
        };
        let in_turn = plan_drafting_from(valid.iter(), &snap, &[], usize::MAX);
        let both = plan_drafting_from(valid.iter(), &snap, &[], 2);
        assert_eq!(in_turn.rows, both.rows);
        assert_eq!(planned(&in_turn).len(), 301);
        assert_eq!(planned(&in_turn), planned(&both));
    }

    proptest! {
        #[test]
        fn scc_agrees_with_reachability(n in 1usize..9, edges in proptest::collection::vec((0usize..9, 0usize..9), 0..20)) {
            let mut adj = vec![Vec::new(); n];
            for (a, b) in edges {
                if a < n && b < n {
                    adj[a].push(b);
                }
            }
            let comp = strongly_connected_components(&adj);
            for u in 0..n {
                for &v in &adj[u] {
                    prop_assert_eq!(comp[u] == comp[v], reaches(&adj, v, u));
                }
            }
        }
    }

    #[test]
    fn deep_chain_does_not_overflow() {
        let n = 200_000;
        let adj: Vec<Vec<usize>> = (0..n)
            .map(|i| if i + 1 < n { vec![i + 1] } else { vec![0] })
            .collect();
        let comp = strongly_connected_components(&adj);
        assert!(comp.iter().all(|&c| c == comp[0]));
    }

    #[test]
    fn grade_system_names() {
        assert_eq!(
            parse_grade_system("Agenda for Change"),
            Some(GradeSystem::AgendaForChange)
        );
        assert_eq!(
            parse_grade_system("LOCAL_AUTHORITY"),
            Some(GradeSystem::LocalAuthority)
        );
        assert_eq!(parse_grade_system("fwg"), Some(GradeSystem::DutchFwg));
        assert_eq!(parse_grade_system("band"), None);
    }
}
