// The harness's own pieces, checked without a browser: reading the demo's banner and generating
// the import file. A mistake here would make the journeys test the wrong thing quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBanner } from '../lib/banner.mjs';
import { domainFor, employerKind, generatePeople, lineOf, toCsv } from '../lib/people-csv.mjs';

const BANNER = [
  'Tandem demo is running at http://127.0.0.1:41234/',
  'Password for every demo account: s3cret-pass',
  '  Scheme coordinator                      ann.ash@north.nhs.example',
  '  Administrator                           bob.birch@county.gov.example',
  '  Organisation coordinator (Vale County Council)  cat.cole@vale.gov.example',
  '  Organisation coordinator (Zorggroep Amstelweide)  dirk.dam@amstelweide.nl.example',
  '  Evaluator                               eve.elm@north.nhs.example',
  '  Participant (Paired learning)           fay.fox@north.nhs.example',
  'Press Ctrl-C to stop.',
].join('\n');

test('the banner gives the URL, the password and every role with its e-mail', () => {
  const b = parseBanner(BANNER);
  assert.equal(b.baseUrl, 'http://127.0.0.1:41234/');
  assert.equal(b.password, 's3cret-pass');
  assert.deepEqual(
    b.accounts.map((a) => [a.role, a.organisation, a.email]),
    [
      ['scheme_coordinator', null, 'ann.ash@north.nhs.example'],
      ['administrator', null, 'bob.birch@county.gov.example'],
      ['organisation_coordinator', 'Vale County Council', 'cat.cole@vale.gov.example'],
      ['organisation_coordinator', 'Zorggroep Amstelweide', 'dirk.dam@amstelweide.nl.example'],
      ['evaluator', null, 'eve.elm@north.nhs.example'],
      ['participant', null, 'fay.fox@north.nhs.example'],
    ],
  );
});

test('a banner of the wrong shape is refused, not read as fewer accounts', () => {
  // A long label running into the e-mail without two spaces between them.
  const glued = BANNER.replace('(Vale County Council)  cat', '(Vale County Council)cat');
  assert.throws(() => parseBanner(glued), /account line not of the form/);
  assert.throws(() => parseBanner(BANNER.replace(/^ {2}Evaluator.*$/m, '')), /account line|no "Evaluator"/);
  assert.throws(() => parseBanner(BANNER.replace(/^Password.*$/m, '')), /Password/);
  assert.throws(() => parseBanner(BANNER.replace('Scheme coordinator', 'Scheme boss')), /unknown role label/);
});

const ORGS = [
  { name: 'Northvale University Hospitals NHS Foundation Trust', kind: 'NHS trust' },
  { name: 'Vale County Council', kind: 'Local authority' },
  { name: "St Clement's Hospice", kind: 'Charity' },
  { name: 'Zorggroep Amstelweide', kind: 'Dutch care organisation' },
];

test('generated people are deterministic, unique by e-mail and suit their employer', () => {
  const a = generatePeople({ count: 50, organisations: ORGS, seed: 7 });
  const b = generatePeople({ count: 50, organisations: ORGS, seed: 7 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, generatePeople({ count: 50, organisations: ORGS, seed: 8 }));
  assert.equal(a.length, 50);
  assert.equal(new Set(a.map((p) => p.email)).size, 50);
  for (const p of a) {
    const kind = employerKind(p.organisation, ORGS.find((o) => o.name === p.organisation).kind);
    assert.ok(p.email.endsWith(`@${domainFor(p.organisation, kind)}`), p.email);
    assert.match(p.email, /^[a-z.0-9]+@[a-z0-9.-]+\.example$/);
    const expected = { nhs: ['afc', 'medical'], council: ['local_authority'], provider: ['afc'], dutch: ['fwg'] }[kind];
    assert.ok(expected.includes(p.grade_system), `${p.organisation}: ${p.grade_system}`);
  }
  // Managers are inside the file and at the same organisation.
  const byEmail = new Map(a.map((p) => [p.email, p]));
  for (const p of a.filter((x) => x.line_manager_email)) {
    assert.equal(byEmail.get(p.line_manager_email)?.organisation, p.organisation);
  }
});

test('the CSV quotes cells that need it and numbers rows as a spreadsheet does', () => {
  const people = generatePeople({ count: 3, organisations: ORGS, seed: 1 });
  people[1].family_name = "O'Hara, \"Jr\"";
  const csv = toCsv(people);
  const lines = csv.trimEnd().split('\r\n');
  assert.equal(lines.length, 4);
  assert.ok(lines[0].startsWith('given_name,family_name,email,organisation,'));
  assert.ok(lines[2].includes('"O\'Hara, ""Jr"""'), lines[2]);
  assert.ok(!lines[1].includes('"'), `a plain row needs no quotes: ${lines[1]}`);
  assert.equal(lineOf(0), 2);
});
