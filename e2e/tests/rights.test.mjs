// People's rights in a browser, on a 390 px wide phone: a participant sees their data, downloads
// it as JSON and gives then withdraws a consent; the administrator erases a person after the
// confirmation step, and the person's name is gone from their page and the people list. Every
// page is checked by axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { assertHeading, follow, peopleRows, searchPeople, signIn } from '../lib/app.mjs';
import { en } from '../lib/i18n.mjs';

const d = demo();
const PHONE = { viewport: { width: 390, height: 844 } };
let browser;

before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

/** The page is no wider than the phone: nothing scrolls sideways. */
async function assertFitsThePhone(page, label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${label}: the page is ${width} px wide on a 390 px phone`);
}

test('a participant sees and downloads their data and withdraws a consent', { timeout: 300_000 }, async (t) => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    const who = d.participants[0];
    await signIn(page, d, who.email, { english: true });
    await page.goto(d.url('/account'));
    await follow(page, page.getByRole('link', { name: en('rights.account.view_data'), exact: true }));
    await assertHeading(page, en('rights.data.title'));
    await page.getByRole('heading', { level: 2, name: en('rights.section.person'), exact: true }).waitFor();
    assert.ok((await page.content()).includes(who.email), 'their address is in their data');
    await checkAccessibility(page, 'own data (390 px)');
    await assertFitsThePhone(page, 'own data');

    const file = await context.request.get(d.url('/account/data.json'));
    assert.equal(file.status(), 200);
    assert.match(file.headers()['content-disposition'], /^attachment;/);
    const data = JSON.parse(await file.text());
    const person = data.sections.find((s) => s.name === 'person');
    assert.equal(person.rows[0].email, who.email);
    assert.ok(!JSON.stringify(data).includes('password_hash'), 'no secrets');

    await page.goto(d.url('/account'));
    await follow(page, page.getByRole('link', { name: en('rights.account.consents'), exact: true }));
    await assertHeading(page, en('rights.consents.title'));
    const equality = page.getByRole('region', { name: en('rights.consent.equality'), exact: true });
    await follow(page, equality.getByRole('button', { name: new RegExp(`^${en('rights.consents.give')}`) }));
    await page.getByText(en('rights.notice.consent_saved')).first().waitFor();
    await follow(page, page.getByRole('region', { name: en('rights.consent.equality'), exact: true })
      .getByRole('button', { name: new RegExp(`^${en('rights.consents.withdraw')}`) }));
    const state = await page.getByRole('region', { name: en('rights.consent.equality'), exact: true }).locator('.consent-state').innerText();
    assert.match(state, /You withdrew this consent on \d{1,2} [A-Z][a-z]+ \d{4}/);
    await checkAccessibility(page, 'consents (390 px)');
    await assertFitsThePhone(page, 'consents');
    await page.goto(d.url('/account/consents?lang=nl-NL'));
    await assertHeading(page, 'Uw toestemmingen');
    await checkAccessibility(page, 'consents (nl-NL, 390 px)');
    await page.goto(d.url('/dashboard?lang=en-GB'));
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close();
  }
});

test('the administrator erases a person and their name is gone from the pages', { timeout: 300_000 }, async (t) => {
  const { context, page } = await newPage(browser, PHONE);
  try {
    const admin = d.accounts.find((a) => a.role === 'administrator');
    assert.ok(admin, 'the demo prints an administrator account');
    await signIn(page, d, admin.email, { english: true });
    await page.goto(d.url('/people'));
    const rows = await peopleRows(page);
    // The last person of the first page: the other browser tests take people from its top.
    const target = rows[rows.length - 1];
    await page.goto(target.href);
    const name = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
    await follow(page, page.getByRole('link', { name: en('rights.person.erase'), exact: true }));
    await assertHeading(page, en('rights.erase.title', { name }));
    await page.getByText(en('rights.erase.cannot_undo')).waitFor();
    await checkAccessibility(page, 'erase confirmation (390 px)');
    await assertFitsThePhone(page, 'erase confirmation');
    await follow(page, page.getByRole('button', { name: en('rights.erase.confirm'), exact: true }));
    await page.getByText(en('rights.notice.erased')).first().waitFor();
    await assertHeading(page, en('rights.former_participant'));
    assert.ok(!(await page.content()).includes(name), 'the name is gone from the person page');
    await checkAccessibility(page, 'erased person (390 px)');

    await page.goto(d.url('/people'));
    await searchPeople(page, name.split(' ').slice(-1)[0]);
    const after = await peopleRows(page);
    assert.ok(!after.some((r) => r.href === target.href), 'the erased person is not in the people list');

    await page.goto(d.url('/retention'));
    await assertHeading(page, en('rights.retention.title'));
    await checkAccessibility(page, 'retention (390 px)');
    await assertFitsThePhone(page, 'retention');
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close();
  }
});
