// An HR import that reads a real extract: on a server of its own (a fresh database set up with
// `tandem init`, its consortium added with `tandem import organisations`), the scheme coordinator
// uploads a messy extract (byte-order mark, `;`, CRLF, a quoted line break, one full-name column,
// council grades, look-alike e-mails), sees the mapping step with the full-name column suggested,
// changes the mapping without JavaScript, and sees exactly the planted errors by row and the
// council-grade warnings. Nothing is written. axe-core checks every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkAccessibility, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { assertHeading, assertNoScriptErrors, follow, signIn } from '../lib/app.mjs';
import { en, t as tr } from '../lib/i18n.mjs';

const fixtures = fileURLToPath(new URL('../../crates/people-io/tests/fixtures/', import.meta.url));
const PASSWORD = 'a-strong-password';
const COORDINATOR = 'ada.okafor@riverside.example.org';

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** A scheme with one trust and its administrator (also its coordinator), then the consortium's
 * organisations from the fixture; then `tandem serve`, ready when /healthz answers. */
async function consortiumServer(dir) {
  const binary = process.env.TANDEM_E2E_BINARY;
  assert.ok(binary, 'TANDEM_E2E_BINARY names the tandem binary (set by e2e/run.sh)');
  const env = { ...process.env, NO_COLOR: '1', TANDEM_MAIL__MODE: 'outbox', TANDEM_MAIL__OUTBOX_DIR: join(dir, 'outbox') };
  delete env.TANDEM_CONFIG;
  const db = ['--database-url', `sqlite:${join(dir, 'import.db')}`];
  const toml = join(dir, 'scheme.toml');
  writeFileSync(
    toml,
    `[scheme]
name = "Messy Extract Network"
countries = ["GB", "NL"]
languages = ["en-GB", "nl-NL"]
time_zone = "Europe/London"
self_registration = false
small_number_threshold = 8

[[organisations]]
name = "Riverside NHS Foundation Trust"
kind = "nhs_trust"
country = "GB"

[administrator]
given_name = "Ada"
family_name = "Okafor"
email = "${COORDINATOR}"
language = "en-GB"
`,
  );
  const run = (args, input) => {
    const r = spawnSync(binary, [...db, ...args], { env, input, encoding: 'utf8' });
    assert.equal(r.status, 0, `tandem ${args.join(' ')}: ${r.stdout}\n${r.stderr}`);
    return r.stdout;
  };
  run(['init', '--file', toml, '--password-stdin'], `${PASSWORD}\n`);
  const said = run(['import', 'organisations', join(fixtures, 'organisations.csv')]);
  assert.match(said, /5 organisation\(s\) added, 1 unchanged/);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(binary, [...db, 'serve', '--listen', `127.0.0.1:${port}`], {
    env: { ...env, TANDEM_BASE_URL: base, TANDEM_COOKIE_SECURE: 'false' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (b) => {
    err += b;
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`tandem serve exited (${child.exitCode}): ${err}`);
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`tandem serve was not ready within 60 s: ${err}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, base };
}

async function stop(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Row numbers of a table's body rows (their `data-line`). */
async function lines(page, id) {
  return page.locator(`#${id} tbody tr`).evaluateAll((rows) => rows.map((r) => Number(r.dataset.line)));
}

test('a coordinator maps and previews a messy HR extract and sees exactly its planted errors', { timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(join(process.env.TANDEM_E2E_ARTIFACTS || '/tmp', 'import-'));
  let server;
  let page;
  let context;
  try {
    server = await consortiumServer(dir);
    ({ context, page } = await newPage(browser));
    const site = { password: PASSWORD, url: (path) => new URL(path, server.base).href };
    await signIn(page, site, COORDINATOR, { english: true });

    await page.goto(site.url('/people/import'));
    await assertHeading(page, en('import.title'));
    // Eastbrook and Northshire are councils: their grade lists are linked from the import page.
    await page.getByRole('link', { name: en('import.council_grades_link', { organisation: 'Eastbrook Borough Council' }) }).waitFor();
    await checkAccessibility(page, 'import page');

    await page.locator('#file').setInputFiles(join(fixtures, 'messy-extract.csv'));
    await follow(page, page.getByRole('button', { name: en('import.check'), exact: true }));
    await assertHeading(page, en('import.preview_title'));

    // The mapping step: one select per column, labelled with its heading; the single full-name
    // column is suggested as the full name, the ESR headings as their fields.
    const select = (heading) => page.getByLabel(heading, { exact: true });
    assert.equal(await select('Full Name').inputValue(), 'full_name');
    assert.equal(await select('Email Address').inputValue(), 'email');
    assert.equal(await select('Org L3').inputValue(), 'organisation');
    assert.equal(await select('Assignment Job Title').inputValue(), 'job_title');
    assert.equal(await select('Employee Number').inputValue(), 'employee_number');

    // Exactly the planted errors, by record (the quoted line break on row 4 shifts nothing),
    // and the council grades as warnings; nothing to confirm.
    assert.deepEqual(await lines(page, 'problems'), [6, 7, 8]);
    assert.deepEqual(await lines(page, 'warnings'), [2, 5, 10]);
    await page.locator('#problems').getByText('Band 8e').waitFor();
    await page.locator('#problems').getByText('Zorggroep Oost').waitFor();
    assert.equal(await page.getByRole('button', { name: en('import.confirm'), exact: true }).count(), 0);
    await checkAccessibility(page, 'import preview with the mapping step, errors and warnings');

    // Without JavaScript the mapping is a form: leaving the names out is named as the problem…
    await select('Full Name').selectOption('ignore');
    await follow(page, page.getByRole('button', { name: en('import.preview_with_mapping'), exact: true }));
    await page.locator('#mapping-problem').waitFor();
    assert.match(await page.locator('#mapping-problem').innerText(), /Full Name/);
    assert.equal(await page.locator('#problems').count(), 0);
    await checkAccessibility(page, 'import preview with a mapping problem');

    // …and choosing the full name again gives the same preview.
    await select('Full Name').selectOption('full_name');
    await follow(page, page.getByRole('button', { name: en('import.preview_with_mapping'), exact: true }));
    assert.deepEqual(await lines(page, 'problems'), [6, 7, 8]);

    // In Dutch, the page and its labels are Dutch.
    await page.goto(site.url('/people/import?lang=nl-NL'));
    await assertHeading(page, tr('nl-NL', 'import.title'));
    await checkAccessibility(page, 'import page in Dutch');
    await page.goto(site.url('/people/import?lang=en-GB'));

    // A council's grade list: the coordinator sees and edits it.
    await follow(page, page.getByRole('link', { name: en('import.council_grades_link', { organisation: 'Eastbrook Borough Council' }) }));
    await assertHeading(page, en('local_grades.title', { organisation: 'Eastbrook Borough Council' }));
    await page.getByLabel(en('local_grades.label'), { exact: true }).fill('Grade G\nGrade H');
    await follow(page, page.getByRole('button', { name: en('local_grades.save'), exact: true }));
    await page.getByText(en('notice.saved')).first().waitFor();
    assert.deepEqual(await page.locator('#local-grades li').allInnerTexts(), ['Grade G', 'Grade H']);
    await checkAccessibility(page, 'a council grade list');

    // With Eastbrook's grades listed, the same extract has its errors and no warnings.
    await page.goto(site.url('/people/import'));
    await page.locator('#file').setInputFiles(join(fixtures, 'messy-extract.csv'));
    await follow(page, page.getByRole('button', { name: en('import.check'), exact: true }));
    assert.deepEqual(await lines(page, 'problems'), [6, 7, 8]);
    assert.equal(await page.locator('#warnings').count(), 0);
    assertNoScriptErrors(page);
  } catch (e) {
    if (page) await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context?.close();
    await stop(server?.child);
  }
});
