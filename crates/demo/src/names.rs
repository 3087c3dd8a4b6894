//! Given and family names, and turning names into e-mail addresses.
//!
//! The UK lists mix the names common in the NHS and social-care workforce, which recruits widely
//! (South Asian, West African, Caribbean, Eastern European, Irish, Southern European …). The Dutch
//! list includes family names with tussenvoegsels ("van der", "de", "'t"), stored as part of the
//! family name as Dutch HR systems commonly export them.

pub(crate) const UK_GIVEN: &[&str] = &[
    "Olivia",
    "Amelia",
    "Isla",
    "Grace",
    "Sophie",
    "Emily",
    "Hannah",
    "Laura",
    "Rebecca",
    "Sarah",
    "Claire",
    "Helen",
    "Rachel",
    "Joanne",
    "Katherine",
    "Lucy",
    "Jessica",
    "Chloe",
    "Niamh",
    "Siobhan",
    "Bethan",
    "Ffion",
    "Priya",
    "Anjali",
    "Sunita",
    "Neha",
    "Aisha",
    "Fatima",
    "Zainab",
    "Ayesha",
    "Adaeze",
    "Nkechi",
    "Funmilayo",
    "Abena",
    "Rutendo",
    "Tendai",
    "Agnieszka",
    "Katarzyna",
    "Ioana",
    "Elena",
    "Maria",
    "Ana",
    "Giulia",
    "Lucía",
    "Rosa",
    "Mei",
    "Zoë",
    "Chiara",
    "Siân",
    "Jo",
    "James",
    "Oliver",
    "Thomas",
    "Daniel",
    "Samuel",
    "Joseph",
    "Michael",
    "David",
    "Paul",
    "Andrew",
    "Richard",
    "Christopher",
    "Matthew",
    "Connor",
    "Ciarán",
    "Rhys",
    "Gareth",
    "Ewan",
    "Callum",
    "Mohammed",
    "Imran",
    "Yusuf",
    "Bilal",
    "Hamza",
    "Ravi",
    "Deepak",
    "Arjun",
    "Kiran",
    "Chidi",
    "Olumide",
    "Kwame",
    "Kofi",
    "Emeka",
    "Tomasz",
    "Piotr",
    "Bogdan",
    "Marco",
    "Carlos",
    "José",
    "Wei",
    "Jun",
    "Darren",
    "Lee",
    "Sean",
];

pub(crate) const UK_FAMILY: &[&str] = &[
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "Lewis",
    "Harris",
    "Clarke",
    "Jackson",
    "Wood",
    "Turner",
    "Martin",
    "Cooper",
    "Hill",
    "Ward",
    "Morris",
    "Moore",
    "Clark",
    "King",
    "Baker",
    "Harrison",
    "Morgan",
    "Allen",
    "Scott",
    "Phillips",
    "Watson",
    "Parker",
    "Price",
    "Bennett",
    "Griffiths",
    "Mitchell",
    "Kelly",
    "Carter",
    "Richardson",
    "Bailey",
    "Collins",
    "Bell",
    "Murphy",
    "O'Brien",
    "O'Connor",
    "McDonald",
    "Campbell",
    "Stewart",
    "Patel",
    "Shah",
    "Khan",
    "Ali",
    "Hussain",
    "Begum",
    "Ahmed",
    "Singh",
    "Kaur",
    "Sharma",
    "Chaudhry",
    "Okafor",
    "Adeyemi",
    "Okonkwo",
    "Mensah",
    "Osei",
    "Boateng",
    "Mwangi",
    "Moyo",
    "Nowak",
    "Kowalski",
    "Wiśniewska",
    "Popescu",
    "Rossi",
    "Fernandes",
    "da Silva",
    "García",
    "Chen",
    "Wong",
    "Nguyen",
    "Lim",
    "Smith-Jones",
    "Ellis-Baptiste",
    "Francis",
    "Joseph",
    "Campbell-Reid",
    "Mahmood",
    "Iqbal",
    "Rahman",
];

pub(crate) const NL_GIVEN: &[&str] = &[
    "Sanne",
    "Lotte",
    "Anouk",
    "Femke",
    "Marieke",
    "Eline",
    "Willemijn",
    "Esther",
    "Ingrid",
    "Noor",
    "Fleur",
    "Annelies",
    "Hanneke",
    "Roos",
    "Ilse",
    "Mirjam",
    "Floor",
    "Joëlle",
    "Zoë",
    "Maaike",
    "Linda",
    "Petra",
    "Yasmina",
    "Fatma",
    "Daan",
    "Bram",
    "Joris",
    "Thijs",
    "Sven",
    "Pieter",
    "Maarten",
    "Jeroen",
    "Ruben",
    "Jasper",
    "Kees",
    "Wouter",
    "Joost",
    "Michiel",
    "Daniël",
    "Sjoerd",
    "Gijs",
    "Stijn",
    "Bas",
    "Rik",
    "Mohamed",
    "Emre",
    "Rachid",
    "Lars",
];

pub(crate) const NL_FAMILY: &[&str] = &[
    "de Jong",
    "Jansen",
    "de Vries",
    "van den Berg",
    "van Dijk",
    "Bakker",
    "Janssen",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "van der Linden",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van den Heuvel",
    "van der Veen",
    "van den Broek",
    "de Bruijn",
    "'t Hart",
    "van Beek",
    "Verhoeven",
    "Koster",
    "Prins",
    "Huisman",
    "Kuipers",
    "van Vliet",
    "Willems",
    "van der Heijden",
    "Postma",
    "Bulut",
    "El Amrani",
    "Yılmaz",
];

/// Lower-case ASCII letters and digits only: accents folded (ë → e, ł → l), everything else
/// (spaces, apostrophes, hyphens) dropped, as e-mail systems usually derive addresses.
pub(crate) fn email_part(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'á' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' | 'ć' => 'c',
            'è' | 'é' | 'ê' | 'ë' | 'ę' => 'e',
            'ì' | 'í' | 'î' | 'ï' | 'ı' => 'i',
            'ł' => 'l',
            'ñ' | 'ń' => 'n',
            'ò' | 'ó' | 'ô' | 'ö' | 'õ' => 'o',
            'ś' | 'š' | 'ş' => 's',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ź' | 'ż' | 'ž' => 'z',
            c if c.is_ascii_alphanumeric() => c,
            _ => continue,
        };
        out.push(folded);
    }
    out
}

/// A mail domain for an organisation: its distinctive name words (without "NHS", "Trust",
/// "Council", …) under a reserved `.example` domain, so no demo e-mail can reach a real inbox.
pub(crate) fn mail_domain(org_name: &str, suffix: &str) -> String {
    const GENERIC: &[&str] = &[
        "nhs",
        "trust",
        "foundation",
        "council",
        "county",
        "city",
        "the",
        "and",
        "of",
        "for",
        "university",
        "hospitals",
        "hospital",
        "community",
        "health",
        "mental",
        "care",
        "group",
        "ltd",
        "zorggroep",
        "stichting",
        "st",
        "de",
        "het",
    ];
    let words: Vec<String> = org_name
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(email_part)
        .filter(|w| !w.is_empty() && !GENERIC.contains(&w.as_str()))
        .take(2)
        .collect();
    let base = if words.is_empty() {
        email_part(org_name)
    } else {
        words.join("")
    };
    let base = if base.is_empty() {
        "organisation".to_string()
    } else {
        base
    };
    format!("{base}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_parts_fold_accents_and_drop_punctuation() {
        assert_eq!(email_part("van der Meer"), "vandermeer");
        assert_eq!(email_part("'t Hart"), "thart");
        assert_eq!(email_part("Joëlle"), "joelle");
        assert_eq!(email_part("O'Brien"), "obrien");
        assert_eq!(email_part("Wiśniewska"), "wisniewska");
        assert_eq!(email_part("Yılmaz"), "yilmaz");
    }

    #[test]
    fn domains_use_distinctive_words() {
        assert_eq!(
            mail_domain(
                "Northvale University Hospitals NHS Foundation Trust",
                ".nhs.example"
            ),
            "northvale.nhs.example"
        );
        assert_eq!(
            mail_domain("St Clement's Hospice", ".example"),
            "clementshospice.example"
        );
    }

    #[test]
    fn all_names_make_non_empty_email_parts() {
        for n in UK_GIVEN
            .iter()
            .chain(UK_FAMILY)
            .chain(NL_GIVEN)
            .chain(NL_FAMILY)
        {
            assert!(!email_part(n).is_empty(), "{n}");
        }
    }
}
