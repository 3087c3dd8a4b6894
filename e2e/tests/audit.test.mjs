// The audit log in a browser, on a 390 px wide phone: the demo's administrator opens it from the
// scheme settings, sees the newest entries, filters by an action and by dates (a reversed range
// is refused inline), pages to older entries; a scheme coordinator is refused. Every page is
// checked by axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { follow, signIn, signOut } from '../lib/app.mjs';
import { en } from '../lib/i18n.mjs';

const d = demo();
let browser;
let context;
let page;

before(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, { viewport: { width: 390, height: 844 } }));
});
after(async () => {
  printAxeLog();
  await context?.close().catch(() => {});
  await browser?.close();
});

async function assertFitsThePhone(label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${label}: the page is ${width} px wide on a 390 px phone`);
}

/** The action codes shown in the log's table. */
async function actions() {
  return (await page.locator('#audit-log tbody tr td:nth-child(3) code').allInnerTexts()).map((s) => s.trim());
}

test('the administrator browses and filters the audit log; a coordinator is refused', { timeout: 300_000 }, async (t) => {
  try {
    const admin = d.accounts.find((a) => a.role === 'administrator');
    assert.ok(admin, 'the demo prints an administrator account');
    await signIn(page, d, admin.email, { english: true });
    await page.goto(d.url('/settings'));
    await follow(page, page.getByRole('link', { name: en('audit.nav'), exact: true }));
    assert.equal(new URL(page.url()).pathname, '/audit');
    await page.getByRole('heading', { level: 1, name: en('audit.title') }).waitFor();
    const all = await actions();
    assert.ok(all.length > 0, 'the demo wrote entries');
    await assertFitsThePhone('audit log');
    await checkAccessibility(page, 'audit log (390 px)');

    // Filter by the newest entry's action: every row shown has it.
    const action = all[0];
    await page.getByLabel(en('audit.action'), { exact: true }).fill(action);
    await follow(page, page.getByRole('button', { name: en('audit.apply'), exact: true }));
    const filtered = await actions();
    assert.ok(filtered.length > 0 && filtered.every((a) => a === action), `only ${action}: ${filtered}`);
    await checkAccessibility(page, 'audit log filtered (390 px)');

    // A reversed date range is refused inline, the filters kept as typed.
    await page.goto(d.url('/audit?from=2030-01-02&to=2030-01-01'));
    await page.locator('.nhsuk-error-summary').waitFor();
    assert.ok((await page.locator('.nhsuk-error-summary').innerText()).includes(en('audit.error.dates_reversed')));
    await assertFitsThePhone('audit log with an error');
    await checkAccessibility(page, 'audit log with an error (390 px)');

    // The demo's story fills more than a page: older entries, by keyset.
    assert.equal(all.length, 50, 'a full first page');
    await page.goto(d.url('/audit'));
    await follow(page, page.locator('#audit-older'));
    assert.ok(new URL(page.url()).searchParams.get('before'), 'the next page starts before the last entry shown');
    assert.ok((await actions()).length > 0, 'an older page');
    await checkAccessibility(page, 'audit log, older entries (390 px)');
    await signOut(page);

    await signIn(page, d, d.schemeCoordinator.email, { english: true });
    const refused = await page.goto(d.url('/audit'));
    assert.equal(refused.status(), 403);
    await checkAccessibility(page, 'audit log refused (390 px)');
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});
