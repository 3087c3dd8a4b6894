//! A small scheme to import into: four organisations (one Dutch) and a few existing people.

use tandem_domain::{
    Country, Employment, EmploymentId, GradeSystem, Language, Organisation, OrganisationId,
    OrganisationKind, Person, PersonId, SchemeId,
};
use tandem_people_io::{Format, Preview, RawRow, Snapshot, parse, validate};

pub struct Fixture {
    pub scheme_id: SchemeId,
    pub orgs: Vec<Organisation>,
    pub people: Vec<(Person, Vec<Employment>)>,
}

pub const TRUST: usize = 0;
pub const COUNCIL: usize = 1;
pub const DUTCH: usize = 2;
pub const HOSPICE: usize = 3;

pub const HEADER: &str = "given_name,family_name,email,organisation,job_title,profession,grade_system,grade,line_manager_email,language";

impl Fixture {
    pub fn new() -> Self {
        let scheme_id = SchemeId::new();
        let org = |name: &str, kind, country| Organisation {
            id: OrganisationId::new(),
            scheme_id,
            name: name.into(),
            kind,
            country,
        };
        let orgs = vec![
            org(
                "Northvale University Hospitals NHS Foundation Trust",
                OrganisationKind::NhsTrust,
                Country::UnitedKingdom,
            ),
            org(
                "Vale County Council",
                OrganisationKind::LocalAuthority,
                Country::UnitedKingdom,
            ),
            org(
                "Zorggroep Amstelweide",
                OrganisationKind::DutchCareOrganisation,
                Country::Netherlands,
            ),
            org(
                "St Clement's Hospice",
                OrganisationKind::Charity,
                Country::UnitedKingdom,
            ),
        ];
        let mut f = Fixture {
            scheme_id,
            orgs,
            people: Vec::new(),
        };
        let boss = f.add_person(
            "Morag",
            "Chief",
            "morag.chief@northvale.example",
            TRUST,
            GradeSystem::AgendaForChange,
            "9",
            None,
        );
        f.add_person(
            "Ade",
            "Manager",
            "ade.manager@northvale.example",
            TRUST,
            GradeSystem::AgendaForChange,
            "8a",
            Some(boss),
        );
        f.add_person(
            "Sanne",
            "de Vries",
            "sanne.devries@amstelweide.example",
            DUTCH,
            GradeSystem::DutchFwg,
            "FWG 60",
            None,
        );
        f
    }

    #[allow(clippy::too_many_arguments)]
    pub fn add_person(
        &mut self,
        given: &str,
        family: &str,
        email: &str,
        org: usize,
        system: GradeSystem,
        grade: &str,
        manager: Option<PersonId>,
    ) -> PersonId {
        let id = PersonId::new();
        let language = if org == DUTCH {
            Language::NlNl
        } else {
            Language::EnGb
        };
        let person = Person {
            id,
            scheme_id: self.scheme_id,
            given_name: given.into(),
            family_name: family.into(),
            email: email.into(),
            language,
        };
        let employment = Employment {
            id: EmploymentId::new(),
            person_id: id,
            organisation_id: self.orgs[org].id,
            job_title: "Manager".into(),
            profession: "Management".into(),
            grade_system: system,
            grade: grade.into(),
            line_manager_id: manager,
            primary: true,
        };
        self.people.push((person, vec![employment]));
        id
    }

    pub fn snapshot(&self) -> Snapshot<'_> {
        Snapshot {
            scheme_id: self.scheme_id,
            organisations: &self.orgs,
            people: &self.people,
            allowed_organisations: None,
        }
    }

    pub fn org_name(&self, i: usize) -> &str {
        &self.orgs[i].name
    }

    /// Parses CSV text (header included) and validates it against the fixture.
    pub fn preview(&self, csv: &str) -> Preview {
        validate(&parse_csv(csv), &self.snapshot())
    }
}

pub fn parse_csv(csv: &str) -> Vec<RawRow> {
    parse(csv.as_bytes(), Format::Csv).expect("parses")
}

/// A CSV line in [`HEADER`] order, quoting every cell.
pub fn line(cells: [&str; 10]) -> String {
    cells
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(",")
}

pub fn csv(lines: &[String]) -> String {
    let mut s = String::from(HEADER);
    for l in lines {
        s.push('\n');
        s.push_str(l);
    }
    s.push('\n');
    s
}
