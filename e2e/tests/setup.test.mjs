// First run and the scheme's settings: the administrator edits the settings on the demo (the
// scheme coordinator only reads them), and the set-up page of a second `tandem serve` on a fresh,
// empty database (started here and always stopped) sets a scheme up. axe-core checks every page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { EN, assertHeading, assertNoScriptErrors, follow, openFromMenu, signIn } from '../lib/app.mjs';
import { en, t as tr } from '../lib/i18n.mjs';

const d = demo();
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

const errorSummary = (page) =>
  page.getByRole('alert').filter({ has: page.getByRole('heading', { name: EN.problem }) });

test('administrator edits the scheme settings; the scheme coordinator only reads them', { timeout: 180_000 }, async (t) => {
  const admin = d.accounts.find((a) => a.role === 'administrator');
  assert.ok(admin, 'the demo prints an administrator');
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, d, admin.email);
    await openFromMenu(page, en('nav.settings'));
    await assertHeading(page, en('settings.title'));
    // The demo is British and Dutch, and bilingual.
    assert.ok(await page.getByLabel(en('country.NL'), { exact: true }).isChecked());
    assert.ok(await page.getByLabel(en('language.nl-NL'), { exact: true }).isChecked());
    await checkAccessibility(page, 'scheme settings');

    // Out of range: refused and named, what was typed is kept.
    const threshold = page.getByLabel(en('setup.label.small_number_threshold'), { exact: true });
    await threshold.fill('2');
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    await errorSummary(page)
      .getByRole('link', { name: tr('en-GB', 'error.settings.threshold_range', { min: 3, max: 100 }) })
      .waitFor();
    assert.equal(await threshold.inputValue(), '2');
    await checkAccessibility(page, 'scheme settings with an error');

    // Below the usual 8 only with a recorded reason: refused without one, saved with one.
    await threshold.fill('6');
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    await errorSummary(page)
      .getByRole('link', { name: en('error.settings.reason_needed') })
      .waitFor();
    assert.equal(await threshold.inputValue(), '6');
    await page
      .getByLabel(en('setup.label.suppression_reason'), { exact: true })
      .fill('Our data protection officer agreed groups of 6 for this pilot.');
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    await page.getByText(en('notice.saved')).first().waitFor();
    assert.equal(await threshold.inputValue(), '6');

    // In Dutch too.
    await page.goto(d.url('/settings?lang=nl-NL'));
    await assertHeading(page, tr('nl-NL', 'settings.title'));
    await checkAccessibility(page, 'scheme settings in Dutch');
    await page.goto(d.url('/settings?lang=en-GB'));
    assertNoScriptErrors(page);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close();
  }

  const sc = await newPage(browser);
  try {
    await signIn(sc.page, d, d.schemeCoordinator.email);
    await sc.page.goto(d.url('/settings'));
    await assertHeading(sc.page, en('settings.title'));
    await sc.page.getByText(en('settings.read_only')).waitFor();
    assert.equal(await sc.page.getByRole('button', { name: en('page.save'), exact: true }).count(), 0);
    await checkAccessibility(sc.page, 'scheme settings, read only');
  } catch (e) {
    await screenshotOnFailure(t, sc.page);
    throw e;
  } finally {
    await sc.context.close();
  }
});

/** A free loopback port (the kernel's pick, released at once). */
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

/** Starts `tandem serve` on a new, empty SQLite database; resolves once it prints its set-up link. */
async function emptyServer(dir) {
  const binary = process.env.TANDEM_E2E_BINARY;
  assert.ok(binary, 'TANDEM_E2E_BINARY names the tandem binary (set by e2e/run.sh)');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NO_COLOR: '1',
    TANDEM_BASE_URL: base,
    TANDEM_COOKIE_SECURE: 'false',
    TANDEM_MAIL__MODE: 'outbox',
    TANDEM_MAIL__OUTBOX_DIR: join(dir, 'outbox'),
  };
  delete env.TANDEM_CONFIG;
  const child = spawn(
    binary,
    ['--database-url', `sqlite:${join(dir, 'empty.db')}`, 'serve', '--listen', `127.0.0.1:${port}`],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (b) => {
    err += b;
  });
  const link = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no set-up link within 60 s.\nstdout: ${out}\nstderr: ${err}`)), 60_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tandem serve exited (${code}).\nstdout: ${out}\nstderr: ${err}`));
    });
    child.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/Set up this Tandem at (\S+)/);
      if (m && /serving at/.test(err)) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', () => {
      const m = out.match(/Set up this Tandem at (\S+)/);
      if (m && /serving at/.test(err)) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  return { child, base, link };
}

async function stop(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

test('on an empty database every page leads to the set-up page, which sets the scheme up once', { timeout: 180_000 }, async (t) => {
  const dir = mkdtempSync(join(process.env.TANDEM_E2E_ARTIFACTS || '/tmp', 'setup-'));
  let server;
  let page;
  let context;
  try {
    server = await emptyServer(dir);
    ({ context, page } = await newPage(browser));
    const url = (path) => new URL(path, server.base).href;

    // Sign-in is not offered yet: the start page leads to the set-up page.
    await page.goto(url('/'));
    assert.equal(new URL(page.url()).pathname, '/setup');
    await assertHeading(page, en('setup.title'));
    await checkAccessibility(page, 'set-up page');
    await page.goto(url('/setup?lang=nl-NL'));
    await assertHeading(page, tr('nl-NL', 'setup.title'));
    await checkAccessibility(page, 'set-up page in Dutch');

    // Without the code (and without a name): refused, each field named, typed values kept.
    await page.goto(url('/setup?lang=en-GB'));
    await page.getByLabel(en('setup.label.organisation_name'), { exact: true }).first().fill('Riverside NHS Foundation Trust');
    await follow(page, page.getByRole('button', { name: en('setup.button'), exact: true }));
    const summary = errorSummary(page);
    await summary.getByRole('link', { name: en('error.setup.code_invalid') }).waitFor();
    await summary.getByRole('link', { name: new RegExp(en('setup.label.scheme_name')) }).waitFor();
    assert.equal(
      await page.getByLabel(en('setup.label.organisation_name'), { exact: true }).first().inputValue(),
      'Riverside NHS Foundation Trust',
    );
    await checkAccessibility(page, 'set-up page with errors');

    // The printed link fills the code in; the rest is typed.
    await page.goto(server.link);
    const code = new URL(server.link).searchParams.get('code');
    assert.equal(await page.getByLabel(en('setup.label.setup_code'), { exact: true }).inputValue(), code);
    await page.getByLabel(en('setup.label.scheme_name'), { exact: true }).fill('North Sea Care Network');
    await page.getByLabel(en('country.NL'), { exact: true }).check();
    await page.getByLabel(en('language.nl-NL'), { exact: true }).check();
    await page.getByLabel(en('setup.label.organisation_name'), { exact: true }).nth(0).fill('Riverside NHS Foundation Trust');
    await page.getByLabel(en('field.organisation_kind'), { exact: true }).nth(0).selectOption('nhs_trust');
    await page.getByLabel(en('field.country'), { exact: true }).nth(0).selectOption('GB');
    await page.getByLabel(en('setup.label.organisation_name'), { exact: true }).nth(1).fill('Zorggroep Noord');
    await page.getByLabel(en('field.organisation_kind'), { exact: true }).nth(1).selectOption('dutch_care_organisation');
    await page.getByLabel(en('field.country'), { exact: true }).nth(1).selectOption('NL');
    await page.locator('#administrator_given_name').fill('Ada');
    await page.locator('#administrator_family_name').fill('Okafor');
    await page.locator('#administrator_email').fill('ada@riverside.example.org');
    await page.locator('#administrator_password').fill('a-strong-password');
    await follow(page, page.getByRole('button', { name: en('setup.button'), exact: true }));

    // Signed in as the administrator, who finds the settings in the menu.
    assert.equal(new URL(page.url()).pathname, '/dashboard');
    await page.getByText(en('notice.set_up')).first().waitFor();
    await checkAccessibility(page, 'dashboard after set-up');
    await openFromMenu(page, en('nav.settings'));
    assert.ok(await page.getByLabel(en('country.NL'), { exact: true }).isChecked());

    // The set-up page is gone.
    const gone = await page.goto(url('/setup'));
    assert.equal(gone.status(), 404);
    assertNoScriptErrors(page);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context?.close();
    await stop(server?.child);
    rmSync(dir, { recursive: true, force: true });
  }
});
