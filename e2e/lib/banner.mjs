// Reads the banner `tandem demo` prints (its contract with these tests) and turns it into the
// accounts the tests sign in with. Run as a script it prints the JSON that run.sh passes to the
// tests in TANDEM_E2E_ACCOUNTS; a banner of the wrong shape is an error, not an empty list, so a
// change to the demo's output fails the run instead of silently skipping journeys.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Role keys the tests use, by the label printed before each e-mail. */
const ROLES = [
  ['Scheme coordinator', 'scheme_coordinator'],
  ['Administrator', 'administrator'],
  ['Organisation coordinator', 'organisation_coordinator'],
  ['Evaluator', 'evaluator'],
  ['Participant', 'participant'],
];

/**
 * @param {string} text the demo's stdout
 * @returns {{baseUrl: string, password: string, accounts: {label: string, role: string, organisation: string|null, email: string}[]}}
 */
export function parseBanner(text) {
  const lines = text.split(/\r?\n/);
  const url = lines.map((l) => l.match(/^Tandem demo is running at (\S+)\s*$/)).find(Boolean);
  if (!url) throw new Error('banner: no line "Tandem demo is running at <url>"');
  const pw = lines.map((l) => l.match(/^Password for every demo account: (\S+)\s*$/)).find(Boolean);
  if (!pw) throw new Error('banner: no line "Password for every demo account: <password>"');
  const accounts = [];
  // The account lines follow the password line, each indented by two spaces.
  const start = lines.findIndex((l) => l.startsWith('Password for every demo account:')) + 1;
  for (const line of lines.slice(start)) {
    if (!line.startsWith('  ')) break;
    // The label, two or more spaces, the e-mail.
    const m = line.match(/^ {2}(\S.*?) {2,}(\S+@\S+)\s*$/);
    if (!m) throw new Error(`banner: account line not of the form "  <label>  <e-mail>": ${JSON.stringify(line)}`);
    const [, label, email] = m;
    const role = ROLES.find(([prefix]) => label === prefix || label.startsWith(`${prefix} (`));
    if (!role) throw new Error(`banner: unknown role label "${label}"`);
    const org = label.match(/^Organisation coordinator \((.+)\)$/);
    accounts.push({ label, role: role[1], organisation: org ? org[1] : null, email });
  }
  for (const [label, key] of ROLES) {
    if (!accounts.some((a) => a.role === key)) throw new Error(`banner: no "${label}" account`);
  }
  return { baseUrl: url[1], password: pw[1], accounts };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node lib/banner.mjs <demo stdout file>');
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(parseBanner(readFileSync(file, 'utf8'))));
}
