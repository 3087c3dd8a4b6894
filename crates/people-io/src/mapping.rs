//! Which file column holds which field: suggested from the headings real HR systems write (NHS
//! ESR, AFAS in the Netherlands, councils' own systems), changed by the person importing, then
//! applied to every row. Also the splitting of a single full-name column into given and family
//! names, Dutch particles ("van der", "de", "van 't") kept with the family name.

use crate::Format;
use crate::parse::{ParseError, RawRow, Sheet, read_sheet};
use crate::{MAX_ROWS, REQUIRED_COLUMNS};
use serde::{Deserialize, Serialize};

/// A field a file column can be mapped to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    GivenName,
    FamilyName,
    /// One column with the whole name, split into given and family names.
    FullName,
    /// The Dutch *tussenvoegsel* ("van der"), written before the family name.
    FamilyNamePrefix,
    Email,
    Organisation,
    JobTitle,
    Profession,
    GradeSystem,
    Grade,
    LineManagerEmail,
    Language,
    /// Read so that it can be mapped on purpose, but not stored: Tandem matches people by e-mail.
    EmployeeNumber,
    Ignore,
}

impl Field {
    /// Every field, in the order the mapping step lists them.
    pub const ALL: [Field; 14] = [
        Field::GivenName,
        Field::FamilyName,
        Field::FullName,
        Field::FamilyNamePrefix,
        Field::Email,
        Field::Organisation,
        Field::JobTitle,
        Field::Profession,
        Field::GradeSystem,
        Field::Grade,
        Field::LineManagerEmail,
        Field::Language,
        Field::EmployeeNumber,
        Field::Ignore,
    ];

    /// Stable code, as in `--map 'Heading=field'`, the API and the page's select.
    pub fn code(self) -> &'static str {
        match self {
            Field::GivenName => "given_name",
            Field::FamilyName => "family_name",
            Field::FullName => "full_name",
            Field::FamilyNamePrefix => "family_name_prefix",
            Field::Email => "email",
            Field::Organisation => "organisation",
            Field::JobTitle => "job_title",
            Field::Profession => "profession",
            Field::GradeSystem => "grade_system",
            Field::Grade => "grade",
            Field::LineManagerEmail => "line_manager_email",
            Field::Language => "language",
            Field::EmployeeNumber => "employee_number",
            Field::Ignore => "ignore",
        }
    }

    pub fn from_code(code: &str) -> Option<Field> {
        let code = code.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Field::ALL.into_iter().find(|f| f.code() == code)
    }
}

/// Lower-cases a heading and drops spaces, underscores, hyphens, dots and slashes, so that
/// `E-mail werk`, `EMAIL_WERK` and `Email Werk` are one heading.
pub(crate) fn fold_heading(header: &str) -> String {
    header
        .trim()
        .trim_start_matches('\u{feff}')
        .chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-' | '.' | '/' | '\u{a0}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Headings recognised, folded as [`fold_heading`] does, with the field they suggest and a
/// priority (lower wins when two columns suggest one field: AFAS writes both "Roepnaam", the
/// name someone is called by, and "Voornamen", their official first names).
const HEADINGS: &[(&str, Field, u8)] = &[
    // Tandem's own export and plain English.
    ("givenname", Field::GivenName, 0),
    ("firstname", Field::GivenName, 1),
    ("forename", Field::GivenName, 1),
    ("forenames", Field::GivenName, 2),
    ("givennames", Field::GivenName, 1),
    ("knownas", Field::GivenName, 0),
    ("preferredname", Field::GivenName, 0),
    ("roepnaam", Field::GivenName, 0),
    ("voornaam", Field::GivenName, 1),
    ("voornamen", Field::GivenName, 3),
    ("familyname", Field::FamilyName, 0),
    ("surname", Field::FamilyName, 0),
    ("lastname", Field::FamilyName, 0),
    ("familynames", Field::FamilyName, 1),
    ("achternaam", Field::FamilyName, 0),
    ("geslachtsnaam", Field::FamilyName, 1),
    ("fullname", Field::FullName, 0),
    ("name", Field::FullName, 1),
    ("naam", Field::FullName, 1),
    ("volledigenaam", Field::FullName, 0),
    ("employeename", Field::FullName, 0),
    ("employeefullname", Field::FullName, 0),
    ("staffname", Field::FullName, 1),
    ("naammedewerker", Field::FullName, 0),
    ("voorvoegsel", Field::FamilyNamePrefix, 0),
    ("tussenvoegsel", Field::FamilyNamePrefix, 0),
    ("voorvoegsels", Field::FamilyNamePrefix, 1),
    ("email", Field::Email, 0),
    ("emailaddress", Field::Email, 0),
    ("workemail", Field::Email, 0),
    ("workemailaddress", Field::Email, 0),
    ("businessemail", Field::Email, 1),
    ("emailwerk", Field::Email, 0),
    ("emailadres", Field::Email, 1),
    ("emailadreswerk", Field::Email, 0),
    ("zakelijkemail", Field::Email, 1),
    ("organisation", Field::Organisation, 0),
    ("organization", Field::Organisation, 0),
    ("employer", Field::Organisation, 0),
    ("organisationname", Field::Organisation, 0),
    ("orgl3", Field::Organisation, 1),
    ("organisatie", Field::Organisation, 0),
    ("werkgever", Field::Organisation, 0),
    ("organisatorischeeenheid", Field::Organisation, 2),
    ("jobtitle", Field::JobTitle, 0),
    ("assignmentjobtitle", Field::JobTitle, 0),
    ("posttitle", Field::JobTitle, 0),
    ("role", Field::JobTitle, 1),
    ("position", Field::JobTitle, 1),
    ("post", Field::JobTitle, 2),
    ("functie", Field::JobTitle, 0),
    ("functienaam", Field::JobTitle, 0),
    ("profession", Field::Profession, 0),
    ("staffgroup", Field::Profession, 0),
    ("occupation", Field::Profession, 1),
    ("service", Field::Profession, 2),
    ("beroepsgroep", Field::Profession, 0),
    ("discipline", Field::Profession, 1),
    ("gradesystem", Field::GradeSystem, 0),
    ("gradingsystem", Field::GradeSystem, 0),
    ("payscale", Field::GradeSystem, 1),
    ("paysystem", Field::GradeSystem, 1),
    ("grade", Field::Grade, 0),
    ("band", Field::Grade, 0),
    ("payband", Field::Grade, 0),
    ("paybandgrade", Field::Grade, 0),
    ("paygrade", Field::Grade, 1),
    ("salarisschaal", Field::Grade, 0),
    ("schaal", Field::Grade, 1),
    ("functiegroep", Field::Grade, 1),
    ("linemanageremail", Field::LineManagerEmail, 0),
    ("managersemail", Field::LineManagerEmail, 0),
    ("manageremail", Field::LineManagerEmail, 0),
    ("linemanageremailaddress", Field::LineManagerEmail, 0),
    ("supervisoremailaddress", Field::LineManagerEmail, 1),
    ("linemanager", Field::LineManagerEmail, 2),
    ("emailleidinggevende", Field::LineManagerEmail, 0),
    ("language", Field::Language, 0),
    ("preferredlanguage", Field::Language, 0),
    ("locale", Field::Language, 1),
    ("taal", Field::Language, 0),
    ("employeenumber", Field::EmployeeNumber, 0),
    ("employeeno", Field::EmployeeNumber, 0),
    ("staffnumber", Field::EmployeeNumber, 0),
    ("payrollnumber", Field::EmployeeNumber, 1),
    ("assignmentnumber", Field::EmployeeNumber, 2),
    ("medewerker", Field::EmployeeNumber, 0),
    ("personeelsnummer", Field::EmployeeNumber, 0),
    ("medewerkernummer", Field::EmployeeNumber, 0),
];

/// The field a heading suggests on its own, if it is one Tandem recognises.
pub fn suggest_field(heading: &str) -> Option<Field> {
    let folded = fold_heading(heading);
    HEADINGS
        .iter()
        .find(|(h, _, _)| *h == folded)
        .map(|(_, f, _)| *f)
}

/// Parses an uploaded file with the mapping suggested from its headings (see
/// [`crate::mapping`]): headings are matched ignoring case, spaces, underscores and hyphens, and
/// the headings of common HR extracts are recognised (`Full Name`, `Roepnaam`, `E-mail werk`,
/// `Post title`, …). Completely empty rows are skipped but still counted, so row numbers match the
/// spreadsheet.
///
/// CSV: UTF-8 with or without a byte-order mark; the separator (`,`, `;` or tab) is the one that
/// occurs most in the header line; lines end in LF or CRLF; fields may be quoted with `"`
/// (doubled inside) and may hold line breaks, which do not shift the row numbers of later rows
/// (a row is a record, not a line). A cell that starts with `'` followed by `=`, `+`, `-` or `@`
/// loses that one apostrophe: it is the spreadsheet "text" marker [`crate::export_csv`] adds
/// against formula injection.
///
/// XLSX: the first worksheet, header in row 1.
pub fn parse(bytes: &[u8], format: Format) -> Result<Vec<RawRow>, ParseError> {
    let sheet = read_sheet(bytes, format)?;
    sheet.apply(&sheet.suggested())
}

/// Parses an uploaded file with the suggested mapping changed by `overrides` (heading → field).
pub fn parse_with(
    bytes: &[u8],
    format: Format,
    overrides: &[(String, Field)],
) -> Result<Vec<RawRow>, ParseError> {
    let sheet = read_sheet(bytes, format)?;
    sheet.apply(&sheet.mapping_with(overrides)?)
}

impl Sheet {
    /// The suggested mapping: each column's field from its heading, the best-placed column
    /// winning when several suggest one field, and a full-name column left out when there are
    /// separate given- and family-name columns.
    pub fn suggested(&self) -> Vec<Field> {
        let guesses: Vec<Option<(Field, u8)>> = self
            .headings
            .iter()
            .map(|h| {
                let folded = fold_heading(h);
                HEADINGS
                    .iter()
                    .find(|(k, _, _)| *k == folded)
                    .map(|(_, f, p)| (*f, *p))
            })
            .collect();
        let mut fields: Vec<Field> = vec![Field::Ignore; guesses.len()];
        for field in Field::ALL {
            let best = guesses
                .iter()
                .enumerate()
                .filter_map(|(i, g)| g.filter(|(f, _)| *f == field).map(|(_, p)| (p, i)))
                .min();
            if let Some((_, i)) = best {
                fields[i] = field;
            }
        }
        if fields.contains(&Field::GivenName) && fields.contains(&Field::FamilyName) {
            for f in fields.iter_mut().filter(|f| **f == Field::FullName) {
                *f = Field::Ignore;
            }
        }
        fields
    }

    /// The suggestion with `overrides` (heading → field, headings compared as [`fold_heading`]
    /// does) applied; an override naming no heading of the file is an error naming the
    /// headings found.
    pub fn mapping_with(&self, overrides: &[(String, Field)]) -> Result<Vec<Field>, ParseError> {
        let mut fields = self.suggested();
        for (heading, field) in overrides {
            let wanted = fold_heading(heading);
            let Some(i) = self.headings.iter().position(|h| fold_heading(h) == wanted) else {
                return Err(ParseError::UnknownHeading {
                    heading: heading.clone(),
                    headings: self.headings.clone(),
                });
            };
            fields[i] = *field;
        }
        Ok(fields)
    }

    /// Applies a mapping (one field per column) to every row. Refused as a whole when a field is
    /// chosen for two columns or a required one (e-mail, organisation, and the names either as
    /// given and family name or as a full name) for none; the error names the file's headings.
    pub fn apply(&self, mapping: &[Field]) -> Result<Vec<RawRow>, ParseError> {
        self.check_mapping(mapping, MAX_ROWS)?;
        Ok(self
            .rows
            .iter()
            .map(|(line, cells)| map_row(*line, cells, mapping))
            .collect())
    }

    /// As [`Sheet::apply`] for a file read within other limits, taking the sheet apart row by
    /// row as it maps it, so that a file of a million rows is never held twice (as cells and as
    /// rows).
    pub fn into_rows(self, mapping: &[Field], max_rows: usize) -> Result<Vec<RawRow>, ParseError> {
        self.check_mapping(mapping, max_rows)?;
        let mut out = Vec::with_capacity(self.rows.len());
        for (line, cells) in self.rows {
            out.push(map_row(line, &cells, mapping));
        }
        Ok(out)
    }

    fn check_mapping(&self, mapping: &[Field], max_rows: usize) -> Result<(), ParseError> {
        if mapping.len() != self.headings.len() {
            return Err(ParseError::MappingMismatch);
        }
        for (i, f) in mapping.iter().enumerate() {
            if *f != Field::Ignore && mapping[..i].contains(f) {
                return Err(ParseError::DuplicateColumn {
                    column: f.code().to_string(),
                });
            }
        }
        let has = |f: Field| mapping.contains(&f);
        let names_by_full = has(Field::FullName);
        let missing: Vec<String> = REQUIRED_COLUMNS
            .iter()
            .filter(|c| match **c {
                "given_name" => !has(Field::GivenName) && !names_by_full,
                "family_name" => !has(Field::FamilyName) && !names_by_full,
                "email" => !has(Field::Email),
                "organisation" => !has(Field::Organisation),
                _ => false,
            })
            .map(|c| c.to_string())
            .collect();
        if !missing.is_empty() {
            return Err(ParseError::MissingColumns {
                columns: missing,
                headings: self.headings.clone(),
            });
        }
        if self.rows.is_empty() {
            return Err(ParseError::NoRows);
        }
        if self.rows.len() > max_rows {
            return Err(ParseError::TooManyRows { max: max_rows });
        }
        Ok(())
    }
}

/// Joins the lines of a cell into one (a quoted line break in a job title is kept as a space):
/// every field Tandem reads from a file is one line.
pub fn one_line(value: &str) -> String {
    if !value.contains(['\n', '\r']) {
        return value.to_string();
    }
    value
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn map_row(line: usize, cells: &[String], mapping: &[Field]) -> RawRow {
    // One slot per canonical column (see `crate::COLUMNS`), filled as the map of fields was.
    let mut fields: [Option<String>; crate::COLUMNS.len()] = Default::default();
    let slot = |f: &str| crate::COLUMNS.iter().position(|c| *c == f);
    let mut full = None;
    let mut prefix = None;
    for (i, field) in mapping.iter().enumerate() {
        let value = one_line(cells.get(i).map(String::as_str).unwrap_or(""));
        match field {
            Field::Ignore | Field::EmployeeNumber => {}
            Field::FullName => full = Some(value),
            Field::FamilyNamePrefix => prefix = Some(value),
            other => {
                if let Some(k) = slot(other.code()) {
                    fields[k] = Some(value);
                }
            }
        }
    }
    let (given, family) = (
        slot("given_name").unwrap_or_default(),
        slot("family_name").unwrap_or_default(),
    );
    if let Some(full) = full {
        let (g, f) = split_full_name(&full);
        fields[given].get_or_insert(g);
        fields[family].get_or_insert(f);
    }
    if let Some(prefix) = prefix.filter(|p| !p.trim().is_empty()) {
        let family = fields[family].get_or_insert_default();
        *family = format!("{} {}", prefix.trim(), family.trim())
            .trim()
            .to_string();
    }
    RawRow::from_columns(line, fields)
}

/// Family-name particles (Dutch, and a few others met in UK extracts), lower case. A particle
/// belongs to the family name: "Jan van der Berg" is "Jan" + "van der Berg".
const PARTICLES: &[&str] = &[
    "van", "von", "der", "den", "de", "het", "'t", "’t", "te", "ten", "ter", "op", "in", "aan",
    "uit", "uijt", "bij", "onder", "over", "vd", "v.d.", "del", "della", "di", "da", "du", "la",
    "le", "'s", "’s",
];

/// Titles dropped from full names written "Surname, Forename Title" (as ESR does) or with a
/// title in front.
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "prof",
    "professor",
    "sir",
    "dame",
    "dhr",
    "mevr",
    "mw",
    "drs",
    "ir",
    "ing",
    "mr.",
    "mrs.",
    "ms.",
    "dr.",
    "prof.",
    "dhr.",
    "mevr.",
    "mw.",
    "drs.",
    "ir.",
    "ing.",
];

fn is_particle(word: &str) -> bool {
    PARTICLES.contains(&word.to_lowercase().as_str())
}

fn is_title(word: &str) -> bool {
    TITLES.contains(&word.to_lowercase().as_str())
}

/// Splits a full name into (given, family).
///
/// * "Jan van der Berg" → ("Jan", "van der Berg"): the family name starts at the first particle
///   after the given name; without a particle it is the last word ("Anna Maria Jones" →
///   ("Anna Maria", "Jones")).
/// * "Berg, Jan van der" and "Berg van der, Jan" → ("Jan", "van der Berg"): the family name comes
///   first, particles after the given name or after the surname move in front of it.
/// * Titles ("Mr", "Dr", "Dhr.", "Mevr.") are dropped.
///
/// A single word is taken as the family name, leaving the given name empty (reported as missing).
pub fn split_full_name(full: &str) -> (String, String) {
    let full = one_line(full);
    if let Some((family_part, given_part)) = full.split_once(',') {
        let mut family: Vec<&str> = family_part.split_whitespace().collect();
        let mut given: Vec<&str> = given_part
            .split_whitespace()
            .filter(|w| !is_title(w))
            .collect();
        family.retain(|w| !is_title(w));
        // "Berg van der": the particles written after the surname.
        let mut trailing_family = Vec::new();
        while family.len() > 1 && family.last().is_some_and(|w| is_particle(w)) {
            trailing_family.insert(0, family.pop().unwrap_or_default());
        }
        // "Jan van der": the particles written after the given name.
        let mut trailing_given = Vec::new();
        while given.len() > 1 && given.last().is_some_and(|w| is_particle(w)) {
            trailing_given.insert(0, given.pop().unwrap_or_default());
        }
        let family: Vec<&str> = trailing_given
            .into_iter()
            .chain(trailing_family)
            .chain(family)
            .collect();
        return (given.join(" "), family.join(" "));
    }
    let words: Vec<&str> = full.split_whitespace().filter(|w| !is_title(w)).collect();
    match words.len() {
        0 => (String::new(), String::new()),
        1 => (String::new(), words[0].to_string()),
        n => {
            let start = (1..n - 1).find(|&i| is_particle(words[i])).unwrap_or(n - 1);
            (words[..start].join(" "), words[start..].join(" "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn split(s: &str) -> (String, String) {
        split_full_name(s)
    }

    fn pair(g: &str, f: &str) -> (String, String) {
        (g.to_string(), f.to_string())
    }

    #[test]
    fn dutch_particles_stay_with_the_family_name() {
        assert_eq!(split("Jan van der Berg"), pair("Jan", "van der Berg"));
        assert_eq!(split("Anna de Vries"), pair("Anna", "de Vries"));
        assert_eq!(split("Maria van 't Hof"), pair("Maria", "van 't Hof"));
        assert_eq!(split("Berg, Jan van der"), pair("Jan", "van der Berg"));
        assert_eq!(split("Berg van der, Jan"), pair("Jan", "van der Berg"));
        assert_eq!(split("Anna Maria Jones"), pair("Anna Maria", "Jones"));
        assert_eq!(split("Smith, John Mr"), pair("John", "Smith"));
        assert_eq!(split("Dr Priya Patel"), pair("Priya", "Patel"));
        assert_eq!(split("Cher"), pair("", "Cher"));
    }

    #[test]
    fn headings_of_esr_afas_and_councils_are_recognised() {
        for (h, f) in [
            ("Employee Number", Field::EmployeeNumber),
            ("Full Name", Field::FullName),
            ("Assignment Job Title", Field::JobTitle),
            ("Grade", Field::Grade),
            ("Org L3", Field::Organisation),
            ("Email Address", Field::Email),
            ("Medewerker", Field::EmployeeNumber),
            ("Roepnaam", Field::GivenName),
            ("Voorvoegsel", Field::FamilyNamePrefix),
            ("Achternaam", Field::FamilyName),
            ("Functie", Field::JobTitle),
            ("E-mail werk", Field::Email),
            ("Organisatorische eenheid", Field::Organisation),
            ("Post title", Field::JobTitle),
            ("Service", Field::Profession),
            ("Naam", Field::FullName),
            ("Employee Name", Field::FullName),
        ] {
            assert_eq!(suggest_field(h), Some(f), "{h}");
        }
        assert_eq!(suggest_field("Favourite colour"), None);
    }

    #[test]
    fn the_best_placed_heading_wins_and_full_name_yields_to_separate_names() {
        let sheet = Sheet {
            headings: ["Voornamen", "Roepnaam", "Achternaam", "Naam", "Medewerker"]
                .map(String::from)
                .to_vec(),
            rows: vec![],
        };
        assert_eq!(
            sheet.suggested(),
            [
                Field::Ignore,
                Field::GivenName,
                Field::FamilyName,
                Field::Ignore,
                Field::EmployeeNumber
            ]
        );
    }

    proptest! {
        /// Whatever the given names and the particles, both written orders give them back.
        #[test]
        fn splitting_round_trips_given_and_family(
            given in proptest::collection::vec("[A-Z][a-z]{1,8}", 1..3),
            particles in proptest::sample::subsequence(vec!["van", "de", "der", "'t", "ten"], 0..3),
            surname in "[A-Z][a-z]{1,10}",
        ) {
            prop_assume!(given.iter().all(|g| !is_particle(g) && !is_title(g)));
            prop_assume!(!is_title(&surname));
            let given = given.join(" ");
            let family: Vec<&str> = particles.iter().copied().chain([surname.as_str()]).collect();
            let family = family.join(" ");
            prop_assert_eq!(split(&format!("{given} {family}")), (given.clone(), family.clone()));
            let comma = if particles.is_empty() {
                format!("{surname}, {given}")
            } else {
                format!("{surname}, {given} {}", particles.join(" "))
            };
            prop_assert_eq!(split(&comma), (given, family));
        }
    }
}
