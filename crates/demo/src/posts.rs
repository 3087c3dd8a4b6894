//! Staffing templates: the posts found at each kind of employer, by tier of the hierarchy.
//!
//! Tier 0 is the chief executive; tier 5 is front-line staff. Everybody below tier 0 is line
//! managed by someone in a lower-numbered tier of the same organisation (preferably of the
//! profession named in `boss`), so management is a tree per organisation by construction. Grades
//! follow the pay structure each employer really uses: NHS trusts Agenda for Change (doctors the
//! medical grades), councils local-authority grades, Dutch care organisations FWG; the independent
//! provider and the hospice mirror Agenda for Change bands, as many such employers do.

use tandem_domain::GradeSystem::{
    self, AgendaForChange as Afc, DutchFwg as Fwg, LocalAuthority as La, Medical as Med,
};

/// Professions used throughout the demo (one vocabulary across countries, so matching can compare).
pub const PROFESSIONS: &[&str] = &[
    "Management",
    "Nursing",
    "Medicine",
    "Allied health professions",
    "Social work",
    "Pharmacy",
    "Care work",
    "Psychology",
    "Midwifery",
    "Public health",
    "Chaplaincy",
];

/// Posts that advise or coordinate rather than run a team, so nobody reports to them.
pub(crate) const NOT_LINE_MANAGERS: &[&str] = &[
    "Learning and Development Manager",
    "Research and Evaluation Lead",
    "Workforce Development Manager",
    "Training and Development Lead",
    "Hoofd Opleidingen",
    "Learning Systems Administrator",
];

impl Post {
    /// Whether people may report to this post: not advisory posts, and not doctors in training
    /// (foundation and core trainees report to consultants, not to registrars).
    pub(crate) fn line_manages(&self) -> bool {
        !NOT_LINE_MANAGERS.contains(&self.title) && !self.title.contains("Registrar")
    }

    /// The specialty in a title such as "Specialty Registrar in Emergency Medicine", used to put
    /// registrars under a consultant of their own specialty.
    pub(crate) fn specialty(&self) -> Option<&'static str> {
        self.title.split_once(" in ").map(|(_, s)| s)
    }
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Post {
    pub tier: u8,
    pub profession: &'static str,
    pub title: &'static str,
    pub system: GradeSystem,
    pub grades: &'static [&'static str],
    /// Preferred profession of the line manager.
    pub boss: &'static str,
    /// Relative frequency once every post of the tier has been filled once.
    pub weight: u32,
}

const fn p(
    tier: u8,
    profession: &'static str,
    title: &'static str,
    system: GradeSystem,
    grades: &'static [&'static str],
    boss: &'static str,
    weight: u32,
) -> Post {
    Post {
        tier,
        profession,
        title,
        system,
        grades,
        boss,
        weight,
    }
}

const MGT: &str = "Management";
const NUR: &str = "Nursing";
const MED: &str = "Medicine";
const AHP: &str = "Allied health professions";
const SW: &str = "Social work";
const PHA: &str = "Pharmacy";
const CARE: &str = "Care work";
const PSY: &str = "Psychology";
const MID: &str = "Midwifery";
const PH: &str = "Public health";

const REG: &[&str] = &[
    "ST3", "ST4", "ST5", "ST6", "ST3", "ST4", "ST5", "ST6", "ST7",
];

pub(crate) static ACUTE: &[Post] = &[
    p(0, MGT, "Chief Executive", Afc, &["9"], MGT, 1),
    p(1, NUR, "Chief Nurse", Afc, &["9"], MGT, 1),
    p(1, MED, "Medical Director", Med, &["Consultant"], MGT, 1),
    p(1, MGT, "Chief Operating Officer", Afc, &["9"], MGT, 1),
    p(
        1,
        MGT,
        "Director of People and Organisational Development",
        Afc,
        &["9"],
        MGT,
        1,
    ),
    p(
        2,
        MGT,
        "Head of Learning and Organisational Development",
        Afc,
        &["8b"],
        MGT,
        1,
    ),
    p(2, MED, "Clinical Director", Med, &["Consultant"], MED, 2),
    p(2, NUR, "Head of Nursing", Afc, &["8c", "8d"], NUR, 2),
    p(2, MGT, "Divisional General Manager", Afc, &["8c"], MGT, 2),
    p(2, AHP, "Head of Therapies", Afc, &["8b"], NUR, 1),
    p(2, PHA, "Chief Pharmacist", Afc, &["8d"], MED, 1),
    p(2, MID, "Head of Midwifery", Afc, &["8c"], NUR, 1),
    p(
        3,
        MGT,
        "Learning and Development Manager",
        Afc,
        &["8a"],
        MGT,
        1,
    ),
    p(3, MGT, "Research and Evaluation Lead", Afc, &["8a"], MGT, 1),
    p(3, NUR, "Matron", Afc, &["8a"], NUR, 3),
    p(
        3,
        MED,
        "Consultant in Geriatric Medicine",
        Med,
        &["Consultant"],
        MED,
        2,
    ),
    p(
        3,
        MED,
        "Consultant in General Surgery",
        Med,
        &["Consultant"],
        MED,
        2,
    ),
    p(
        3,
        MED,
        "Consultant in Anaesthetics",
        Med,
        &["Consultant"],
        MED,
        2,
    ),
    p(
        3,
        MED,
        "Consultant in Emergency Medicine",
        Med,
        &["Consultant"],
        MED,
        2,
    ),
    p(
        3,
        MED,
        "Consultant in Paediatrics",
        Med,
        &["Consultant"],
        MED,
        1,
    ),
    p(
        3,
        MED,
        "Consultant in Respiratory Medicine",
        Med,
        &["Consultant"],
        MED,
        1,
    ),
    p(3, MGT, "Service Manager", Afc, &["8a"], MGT, 2),
    p(3, PHA, "Lead Pharmacist", Afc, &["8a"], PHA, 1),
    p(3, AHP, "Therapy Services Manager", Afc, &["8a"], AHP, 1),
    p(4, NUR, "Ward Manager", Afc, &["7"], NUR, 4),
    p(
        4,
        MED,
        "Specialty Registrar in Geriatric Medicine",
        Med,
        REG,
        MED,
        2,
    ),
    p(4, MGT, "Operational Manager", Afc, &["7"], MGT, 2),
    p(
        4,
        MED,
        "Specialty Registrar in General Surgery",
        Med,
        REG,
        MED,
        2,
    ),
    p(4, NUR, "Clinical Nurse Specialist", Afc, &["7"], NUR, 2),
    p(
        4,
        MED,
        "Specialty Registrar in Anaesthetics",
        Med,
        REG,
        MED,
        2,
    ),
    p(
        4,
        MED,
        "Specialty Registrar in Emergency Medicine",
        Med,
        REG,
        MED,
        2,
    ),
    p(4, AHP, "Physiotherapy Team Lead", Afc, &["7"], AHP, 1),
    p(
        4,
        MED,
        "Specialty Registrar in Paediatrics",
        Med,
        REG,
        MED,
        1,
    ),
    p(
        4,
        MED,
        "Specialty Registrar in Respiratory Medicine",
        Med,
        REG,
        MED,
        1,
    ),
    p(
        4,
        NUR,
        "Advanced Clinical Practitioner",
        Afc,
        &["8a"],
        NUR,
        1,
    ),
    p(4, MID, "Midwifery Team Leader", Afc, &["7"], MID, 1),
    p(
        4,
        MED,
        "Specialty Doctor in Acute Medicine",
        Med,
        &["Specialty doctor"],
        MED,
        1,
    ),
    p(5, NUR, "Staff Nurse", Afc, &["5"], NUR, 10),
    p(5, NUR, "Senior Staff Nurse", Afc, &["6"], NUR, 5),
    p(5, CARE, "Healthcare Assistant", Afc, &["2", "3"], NUR, 6),
    p(5, MED, "Foundation Doctor", Med, &["FY1", "FY2"], MED, 3),
    p(
        5,
        MED,
        "Core Trainee in Medicine",
        Med,
        &["CT1", "CT2"],
        MED,
        2,
    ),
    p(5, AHP, "Physiotherapist", Afc, &["5", "6"], AHP, 2),
    p(5, AHP, "Occupational Therapist", Afc, &["5", "6"], AHP, 2),
    p(5, AHP, "Diagnostic Radiographer", Afc, &["5", "6"], AHP, 1),
    p(5, AHP, "Dietitian", Afc, &["5", "6"], AHP, 1),
    p(5, AHP, "Speech and Language Therapist", Afc, &["6"], AHP, 1),
    p(5, PHA, "Pharmacist", Afc, &["6", "7"], PHA, 1),
    p(5, PHA, "Pharmacy Technician", Afc, &["4", "5"], PHA, 1),
    p(5, MID, "Midwife", Afc, &["6"], MID, 2),
    p(5, MGT, "Assistant Service Manager", Afc, &["6"], MGT, 1),
    p(5, MGT, "Ward Administrator", Afc, &["3"], NUR, 1),
];

pub(crate) static COMMUNITY: &[Post] = &[
    p(0, MGT, "Chief Executive", Afc, &["9"], MGT, 1),
    p(
        1,
        NUR,
        "Director of Nursing and Quality",
        Afc,
        &["9"],
        MGT,
        1,
    ),
    p(1, MGT, "Director of Operations", Afc, &["9"], MGT, 1),
    p(1, MED, "Medical Director", Med, &["Consultant"], MGT, 1),
    p(2, NUR, "Head of Community Nursing", Afc, &["8c"], NUR, 1),
    p(
        2,
        MGT,
        "Head of Adult Community Services",
        Afc,
        &["8b"],
        MGT,
        1,
    ),
    p(2, AHP, "Head of Therapies", Afc, &["8b"], NUR, 1),
    p(2, NUR, "Head of Children's Services", Afc, &["8b"], NUR, 1),
    p(
        3,
        MGT,
        "Learning and Development Manager",
        Afc,
        &["8a"],
        MGT,
        1,
    ),
    p(3, NUR, "Community Matron", Afc, &["8a"], NUR, 2),
    p(3, MGT, "Locality Manager", Afc, &["8a"], MGT, 2),
    p(
        3,
        MED,
        "Consultant in Community Paediatrics",
        Med,
        &["Consultant"],
        MED,
        1,
    ),
    p(
        3,
        MED,
        "Consultant Geriatrician",
        Med,
        &["Consultant"],
        MED,
        1,
    ),
    p(3, PHA, "Lead Pharmacist", Afc, &["8a"], MED, 1),
    p(4, NUR, "District Nursing Team Leader", Afc, &["7"], NUR, 3),
    p(
        4,
        MGT,
        "Intermediate Care Team Manager",
        Afc,
        &["7"],
        MGT,
        2,
    ),
    p(
        4,
        MED,
        "Specialty Registrar in Community Paediatrics",
        Med,
        REG,
        MED,
        1,
    ),
    p(4, AHP, "Therapy Team Lead", Afc, &["7"], AHP, 2),
    p(4, NUR, "Health Visiting Team Leader", Afc, &["7"], NUR, 1),
    p(4, MED, "GP Specialty Registrar", Med, &["ST3"], MED, 1),
    p(5, NUR, "District Nurse", Afc, &["6"], NUR, 5),
    p(5, NUR, "Community Staff Nurse", Afc, &["5"], NUR, 6),
    p(5, NUR, "Health Visitor", Afc, &["6"], NUR, 3),
    p(5, NUR, "School Nurse", Afc, &["5", "6"], NUR, 2),
    p(
        5,
        AHP,
        "Community Physiotherapist",
        Afc,
        &["5", "6"],
        AHP,
        2,
    ),
    p(5, AHP, "Occupational Therapist", Afc, &["5", "6"], AHP, 2),
    p(5, AHP, "Podiatrist", Afc, &["6"], AHP, 1),
    p(5, AHP, "Speech and Language Therapist", Afc, &["6"], AHP, 1),
    p(5, CARE, "Healthcare Support Worker", Afc, &["3"], NUR, 4),
    p(5, PHA, "Pharmacy Technician", Afc, &["5"], PHA, 1),
    p(5, MGT, "Care Coordinator", Afc, &["4"], MGT, 1),
];

pub(crate) static MENTAL_HEALTH: &[Post] = &[
    p(0, MGT, "Chief Executive", Afc, &["9"], MGT, 1),
    p(1, NUR, "Director of Nursing", Afc, &["9"], MGT, 1),
    p(1, MED, "Medical Director", Med, &["Consultant"], MGT, 1),
    p(1, MGT, "Director of Operations", Afc, &["9"], MGT, 1),
    p(2, SW, "Head of Social Work", Afc, &["8b"], MGT, 1),
    p(
        2,
        PSY,
        "Head of Psychological Services",
        Afc,
        &["8d"],
        MED,
        1,
    ),
    p(2, MED, "Clinical Director", Med, &["Consultant"], MED, 1),
    p(2, NUR, "Head of Nursing", Afc, &["8c"], NUR, 1),
    p(
        3,
        MGT,
        "Learning and Development Manager",
        Afc,
        &["8a"],
        MGT,
        1,
    ),
    p(
        3,
        MED,
        "Consultant in General Adult Psychiatry",
        Med,
        &["Consultant"],
        MED,
        2,
    ),
    p(
        3,
        MED,
        "Consultant in Old Age Psychiatry",
        Med,
        &["Consultant"],
        MED,
        1,
    ),
    p(
        3,
        PSY,
        "Principal Clinical Psychologist",
        Afc,
        &["8b"],
        PSY,
        1,
    ),
    p(
        3,
        NUR,
        "Community Mental Health Team Manager",
        Afc,
        &["8a"],
        NUR,
        2,
    ),
    p(3, NUR, "Modern Matron", Afc, &["8a"], NUR, 1),
    p(
        4,
        SW,
        "Senior Social Worker and Practice Educator",
        Afc,
        &["7"],
        SW,
        2,
    ),
    p(
        4,
        MED,
        "Specialty Registrar in General Adult Psychiatry",
        Med,
        REG,
        MED,
        1,
    ),
    p(4, NUR, "Ward Manager", Afc, &["7"], NUR, 2),
    p(
        4,
        SW,
        "Approved Mental Health Professional",
        Afc,
        &["7"],
        SW,
        2,
    ),
    p(
        4,
        MED,
        "Specialty Registrar in Old Age Psychiatry",
        Med,
        REG,
        MED,
        1,
    ),
    p(4, PSY, "Clinical Psychologist", Afc, &["8a"], PSY, 2),
    p(4, NUR, "Clinical Team Leader", Afc, &["7"], NUR, 1),
    p(4, AHP, "Occupational Therapy Lead", Afc, &["7"], AHP, 1),
    p(5, NUR, "Mental Health Nurse", Afc, &["5", "6"], NUR, 8),
    p(5, NUR, "Community Psychiatric Nurse", Afc, &["6"], NUR, 4),
    p(5, SW, "Social Worker", Afc, &["6"], SW, 4),
    p(5, PSY, "Assistant Psychologist", Afc, &["4", "5"], PSY, 2),
    p(5, AHP, "Occupational Therapist", Afc, &["5", "6"], AHP, 2),
    p(5, CARE, "Mental Health Support Worker", Afc, &["3"], NUR, 4),
    p(5, CARE, "Peer Support Worker", Afc, &["3"], NUR, 1),
    p(
        5,
        MED,
        "Core Trainee in Psychiatry",
        Med,
        &["CT1", "CT2", "CT3"],
        MED,
        1,
    ),
    p(5, PHA, "Mental Health Pharmacist", Afc, &["7"], MED, 1),
];

pub(crate) static LOCAL_AUTHORITY: &[Post] = &[
    p(0, MGT, "Chief Executive", La, &["SM3"], MGT, 1),
    p(
        1,
        SW,
        "Director of Adult Social Services",
        La,
        &["SM2"],
        MGT,
        1,
    ),
    p(
        1,
        SW,
        "Director of Children's Services",
        La,
        &["SM2"],
        MGT,
        1,
    ),
    p(1, PH, "Director of Public Health", La, &["SM1"], MGT, 1),
    p(2, SW, "Principal Social Worker", La, &["PO5"], SW, 1),
    p(2, SW, "Head of Adult Social Care", La, &["PO6"], SW, 1),
    p(
        2,
        MGT,
        "Head of Workforce Development",
        La,
        &["PO5"],
        MGT,
        1,
    ),
    p(2, SW, "Head of Children's Social Care", La, &["PO6"], SW, 1),
    p(2, MGT, "Head of Commissioning", La, &["PO5"], SW, 1),
    p(
        3,
        MGT,
        "Workforce Development Manager",
        La,
        &["PO3"],
        MGT,
        1,
    ),
    p(
        3,
        SW,
        "Team Manager, Adult Social Care",
        La,
        &["PO3", "PO4"],
        SW,
        3,
    ),
    p(
        3,
        SW,
        "Team Manager, Children's Social Care",
        La,
        &["PO4"],
        SW,
        2,
    ),
    p(3, MGT, "Reablement Service Manager", La, &["PO3"], SW, 1),
    p(
        3,
        AHP,
        "Occupational Therapy Team Manager",
        La,
        &["PO3"],
        SW,
        1,
    ),
    p(
        4,
        SW,
        "Practice Educator and ASYE Assessor",
        La,
        &["PO2"],
        SW,
        3,
    ),
    p(
        4,
        SW,
        "Senior Practitioner and Practice Assessor",
        La,
        &["PO2"],
        SW,
        3,
    ),
    p(
        4,
        SW,
        "Approved Mental Health Professional",
        La,
        &["PO2"],
        SW,
        1,
    ),
    p(4, SW, "Deputy Team Manager", La, &["PO2", "PO3"], SW, 1),
    p(4, PH, "Public Health Principal", La, &["PO3"], PH, 1),
    p(
        5,
        MGT,
        "Learning Systems Administrator",
        La,
        &["SO1"],
        MGT,
        1,
    ),
    p(5, SW, "Social Worker", La, &["SO2", "PO1"], SW, 10),
    p(
        5,
        SW,
        "Newly Qualified Social Worker (ASYE)",
        La,
        &["SO2"],
        SW,
        3,
    ),
    p(5, SW, "Social Care Assessor", La, &["SO1"], SW, 3),
    p(
        5,
        AHP,
        "Occupational Therapist",
        La,
        &["SO2", "PO1"],
        AHP,
        2,
    ),
    p(
        5,
        CARE,
        "Reablement Support Worker",
        La,
        &["Scale 4", "Scale 5"],
        MGT,
        3,
    ),
    p(
        5,
        MGT,
        "Business Support Officer",
        La,
        &["Scale 3", "Scale 4"],
        MGT,
        2,
    ),
    p(5, MGT, "Commissioning Officer", La, &["SO1"], MGT, 1),
    p(5, PH, "Public Health Practitioner", La, &["SO2"], PH, 1),
];

pub(crate) static INDEPENDENT: &[Post] = &[
    p(0, MGT, "Managing Director", Afc, &["9"], MGT, 1),
    p(1, NUR, "Director of Care and Quality", Afc, &["8c"], MGT, 1),
    p(1, MGT, "Operations Director", Afc, &["8c"], MGT, 1),
    p(2, MGT, "Registered Manager", Afc, &["7", "8a"], NUR, 2),
    p(2, NUR, "Clinical Lead", Afc, &["7"], NUR, 1),
    p(3, MGT, "Training and Development Lead", Afc, &["6"], MGT, 1),
    p(3, NUR, "Deputy Manager", Afc, &["6"], MGT, 2),
    p(4, NUR, "Registered Nurse", Afc, &["5"], NUR, 3),
    p(4, CARE, "Senior Care Assistant", Afc, &["3", "4"], NUR, 3),
    p(5, CARE, "Care Assistant", Afc, &["2", "3"], CARE, 8),
    p(5, CARE, "Activities Coordinator", Afc, &["3"], MGT, 1),
    p(5, MGT, "Care Coordinator", Afc, &["4"], MGT, 1),
    p(5, MGT, "Home Administrator", Afc, &["3"], MGT, 1),
];

pub(crate) static HOSPICE: &[Post] = &[
    p(0, MGT, "Chief Executive", Afc, &["9"], MGT, 1),
    p(1, NUR, "Director of Patient Care", Afc, &["8d"], MGT, 1),
    p(1, MED, "Medical Director", Med, &["Consultant"], MGT, 1),
    p(2, MGT, "Head of Education", Afc, &["8a"], NUR, 1),
    p(2, NUR, "Head of Inpatient Services", Afc, &["8b"], NUR, 1),
    p(2, SW, "Head of Family Support", Afc, &["8a"], NUR, 1),
    p(
        3,
        MED,
        "Consultant in Palliative Medicine",
        Med,
        &["Consultant"],
        MED,
        1,
    ),
    p(
        3,
        NUR,
        "Clinical Nurse Specialist in Palliative Care",
        Afc,
        &["7"],
        NUR,
        2,
    ),
    p(3, NUR, "Ward Sister", Afc, &["7"], NUR, 1),
    p(
        4,
        SW,
        "Family Support Social Worker",
        Afc,
        &["6", "7"],
        SW,
        1,
    ),
    p(
        4,
        MED,
        "Specialty Doctor in Palliative Medicine",
        Med,
        &["Specialty doctor"],
        MED,
        1,
    ),
    p(4, PSY, "Counsellor", Afc, &["6"], SW, 1),
    p(5, NUR, "Staff Nurse", Afc, &["5"], NUR, 4),
    p(5, CARE, "Healthcare Assistant", Afc, &["3"], NUR, 3),
    p(5, AHP, "Physiotherapist", Afc, &["6"], NUR, 1),
    p(5, "Chaplaincy", "Chaplain", Afc, &["6"], NUR, 1),
    p(5, MGT, "Volunteer Coordinator", Afc, &["4"], MGT, 1),
    p(5, MGT, "Fundraising Officer", Afc, &["5"], MGT, 1),
];

pub(crate) static DUTCH: &[Post] = &[
    p(0, MGT, "Bestuurder", Fwg, &["FWG 80"], MGT, 1),
    p(1, MGT, "Directeur Zorg", Fwg, &["FWG 75"], MGT, 1),
    p(
        1,
        MGT,
        "Directeur Bedrijfsvoering",
        Fwg,
        &["FWG 70"],
        MGT,
        1,
    ),
    p(2, MGT, "Manager Zorg", Fwg, &["FWG 65"], MGT, 2),
    p(
        2,
        MED,
        "Specialist ouderengeneeskunde",
        Fwg,
        &["FWG 75"],
        MGT,
        1,
    ),
    p(2, PSY, "Hoofd Behandeldienst", Fwg, &["FWG 65"], MGT, 1),
    p(3, MGT, "Hoofd Opleidingen", Fwg, &["FWG 60"], MGT, 1),
    p(3, NUR, "Teamleider Zorg", Fwg, &["FWG 55"], MGT, 3),
    p(
        3,
        NUR,
        "Verpleegkundig specialist",
        Fwg,
        &["FWG 65"],
        MGT,
        1,
    ),
    p(3, PSY, "GZ-psycholoog", Fwg, &["FWG 60"], PSY, 1),
    p(4, NUR, "Wijkverpleegkundige", Fwg, &["FWG 50"], NUR, 2),
    p(4, NUR, "Praktijkopleider", Fwg, &["FWG 50"], MGT, 1),
    p(4, AHP, "Fysiotherapeut", Fwg, &["FWG 50"], PSY, 1),
    p(4, AHP, "Ergotherapeut", Fwg, &["FWG 50"], PSY, 1),
    p(4, AHP, "Logopedist", Fwg, &["FWG 50"], PSY, 1),
    p(4, PSY, "Psycholoog", Fwg, &["FWG 55"], PSY, 1),
    p(5, NUR, "Verpleegkundige", Fwg, &["FWG 45"], NUR, 5),
    p(
        5,
        CARE,
        "Verzorgende IG",
        Fwg,
        &["FWG 35", "FWG 40"],
        NUR,
        8,
    ),
    p(5, CARE, "Helpende Plus", Fwg, &["FWG 25", "FWG 30"], NUR, 3),
    p(5, CARE, "Activiteitenbegeleider", Fwg, &["FWG 35"], NUR, 1),
    p(5, MGT, "Medewerker Planning", Fwg, &["FWG 30"], MGT, 1),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_post_grade_exists_and_every_tier_is_staffed() {
        for template in [
            ACUTE,
            COMMUNITY,
            MENTAL_HEALTH,
            LOCAL_AUTHORITY,
            INDEPENDENT,
            HOSPICE,
            DUTCH,
        ] {
            for post in template {
                assert!(PROFESSIONS.contains(&post.profession), "{}", post.title);
                assert!(PROFESSIONS.contains(&post.boss), "{}", post.title);
                for g in post.grades {
                    assert!(post.system.grade(g).is_some(), "{} {g}", post.title);
                }
            }
            for tier in 0..=5 {
                assert!(
                    template.iter().any(|p| p.tier == tier),
                    "tier {tier} empty in {}",
                    template[0].title
                );
            }
            assert_eq!(template.iter().filter(|p| p.tier == 0).count(), 1);
        }
    }
}
