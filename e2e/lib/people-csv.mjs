// Generates the HR extract the journey imports: real-looking staff of the organisations the app
// shows, deterministic from a seed, with chosen rows broken in chosen ways.

/** A small, seeded generator (mulberry32), so a failing run can be reproduced exactly. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BRITISH_GIVEN = [
  'Amelia', 'Oliver', 'Priya', 'Mohammed', 'Siobhan', 'Gareth', 'Chloe', 'Tomasz', 'Funmilayo',
  'Rhys', 'Hannah', 'Kwame', 'Eleanor', 'Callum', 'Aisha', 'Bethan', 'Declan', 'Harriet', 'Imran',
  'Joanne', 'Lewis', 'Mairead', 'Nadia', 'Owen', 'Rosalind', 'Samir', 'Tamsin', 'Victoria', 'Wesley',
  'Yasmin', 'Graham', 'Deborah', 'Ruth', 'Martin', 'Sunita', 'Adebayo', 'Fiona', 'Neil',
];
const BRITISH_FAMILY = [
  'Okafor', 'Hughes', 'Patel', 'Campbell', 'Davies', 'Kowalski', 'MacLeod', 'Thompson', 'Begum',
  'Fletcher', 'Gallagher', 'Ahmed', 'Llewellyn', 'Mensah', 'Pritchard', 'Robertson', 'Sharma',
  'Whitfield', 'Yilmaz', 'Ashworth', 'Brennan', 'Chowdhury', 'Doherty', 'Ellison', 'Fairbairn',
  'Holloway', 'Iqbal', 'Jarvis', 'Kaur', 'Lindqvist', 'Morrison', 'Nwosu', "O'Connell", 'Quinn',
];
const DUTCH_GIVEN = [
  'Sanne', 'Daan', 'Fleur', 'Joost', 'Marieke', 'Bram', 'Lotte', 'Thijs', 'Anouk', 'Ruben', 'Ingrid',
  'Willem', 'Esther', 'Koen', 'Femke', 'Jeroen', 'Noor', 'Sven',
];
const DUTCH_FAMILY = [
  'de Vries', 'Jansen', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder',
  'van Dijk', 'Bos', 'Vos', 'Peters', 'Hendriks', 'van Leeuwen', 'Dekker', 'Brouwer', 'de Wit',
];

/** Posts by kind of employer: [job title, profession, grade system code, grades]. */
const POSTS = {
  nhs: [
    ['Ward Manager', 'Nursing', 'afc', ['7', '8a']],
    ['Senior Staff Nurse', 'Nursing', 'afc', ['6']],
    ['Clinical Lead Physiotherapist', 'Physiotherapy', 'afc', ['7', '8a']],
    ['Occupational Therapist', 'Occupational therapy', 'afc', ['5', '6']],
    ['Service Manager', 'Management', 'afc', ['8a', '8b']],
    ['Specialty Registrar in Psychiatry', 'Medicine', 'medical', ['ST4', 'ST5', 'ST6']],
    ['Consultant Geriatrician', 'Medicine', 'medical', ['Consultant']],
    ['Lead Pharmacist', 'Pharmacy', 'afc', ['8a']],
  ],
  council: [
    ['Senior Social Worker', 'Social work', 'local_authority', ['PO2', 'PO3']],
    ['Practice Educator', 'Social work', 'local_authority', ['PO3']],
    ['Team Manager, Adult Social Care', 'Social work', 'local_authority', ['PO5', 'PO6']],
    ['Best Interests Assessor', 'Social work', 'local_authority', ['PO3', 'PO4']],
    ['Commissioning Officer', 'Management', 'local_authority', ['SO2', 'PO1']],
  ],
  provider: [
    ['Registered Manager', 'Management', 'afc', ['7']],
    ['Deputy Care Manager', 'Nursing', 'afc', ['5', '6']],
    ['Clinical Nurse Specialist', 'Nursing', 'afc', ['7']],
    ['Service Coordinator', 'Management', 'afc', ['6']],
  ],
  dutch: [
    ['Verpleegkundige', 'Nursing', 'fwg', ['FWG 45', 'FWG 50']],
    ['Teamleider zorg', 'Management', 'fwg', ['FWG 55', 'FWG 60']],
    ['Praktijkopleider', 'Nursing', 'fwg', ['FWG 50']],
    ['Fysiotherapeut', 'Physiotherapy', 'fwg', ['FWG 50', 'FWG 55']],
  ],
};

/**
 * Which posts and names suit an organisation, from the kind the app shows for it (falling back to
 * its name). Kinds are matched on words so that Dutch or English labels both work.
 */
export function employerKind(name, kindText = '') {
  const s = `${kindText} ${name}`.toLowerCase();
  if (/dutch|nederland|zorgorganisatie|\bzorg|stichting|netherlands/.test(s)) return 'dutch';
  if (/local authority|council|gemeente|lokale overheid/.test(s)) return 'council';
  if (/nhs|trust/.test(s)) return 'nhs';
  return 'provider';
}

/** An e-mail domain for an organisation, from its name (lower case, words joined by hyphens). */
export function domainFor(name, kind) {
  const slug = name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\b(nhs|foundation|trust|the|council|stichting)\b/g, ' ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 30);
  // Reserved .example names (RFC 2606): real-looking, and never anyone's real address.
  const tld = { nhs: 'nhs.example', council: 'gov.example', provider: 'org.example', dutch: 'nl.example' }[kind];
  return `${slug || 'staff'}.${tld}`;
}

function emailLocal(given, family) {
  return `${given}.${family}`
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z.]+/g, '');
}

/**
 * `count` people spread over `organisations` ({name, kind}), each with a unique e-mail, and line
 * managers inside the file: every organisation's first person manages the others there.
 */
export function generatePeople({ count, organisations, seed }) {
  const next = rng(seed);
  const pick = (xs) => xs[Math.floor(next() * xs.length)];
  const used = new Set();
  const managers = new Map();
  const people = [];
  for (let i = 0; i < count; i++) {
    const org = organisations[i % organisations.length];
    const kind = employerKind(org.name, org.kind);
    const dutch = kind === 'dutch';
    const given = pick(dutch ? DUTCH_GIVEN : BRITISH_GIVEN);
    const family = pick(dutch ? DUTCH_FAMILY : BRITISH_FAMILY);
    const domain = domainFor(org.name, kind);
    let email = `${emailLocal(given, family)}@${domain}`;
    for (let n = 2; used.has(email); n++) email = `${emailLocal(given, family)}${n}@${domain}`;
    used.add(email);
    const [jobTitle, profession, gradeSystem, grades] = pick(POSTS[kind]);
    const manager = managers.get(org.name);
    if (!manager) managers.set(org.name, email);
    people.push({
      given_name: given,
      family_name: family,
      email,
      organisation: org.name,
      job_title: jobTitle,
      profession,
      grade_system: gradeSystem,
      grade: pick(grades),
      line_manager_email: manager ?? '',
      language: dutch ? 'nl-NL' : 'en-GB',
    });
  }
  return people;
}

const HEADER = [
  'given_name', 'family_name', 'email', 'organisation', 'job_title', 'profession', 'grade_system',
  'grade', 'line_manager_email', 'language',
];

function cell(v) {
  const s = String(v ?? '');
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The rows as CSV (RFC 4180 quoting, CRLF line ends as spreadsheets write them). */
export function toCsv(people) {
  return [HEADER, ...people.map((p) => HEADER.map((h) => p[h]))].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

/** The spreadsheet row of the i-th person (0-based): the header is row 1. */
export const lineOf = (i) => i + 2;
