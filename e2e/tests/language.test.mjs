// The language switch: "Nederlands" turns the pages Dutch (lang attribute and texts) and the
// choice sticks while browsing; "English" turns them back. A Dutch person's own language is used
// after sign-in when the browser has made no choice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { EN, assertHeading, assertNoScriptErrors, follow, peopleCounts, signIn } from '../lib/app.mjs';
import { en, nl } from '../lib/i18n.mjs';

const d = demo();
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

const lang = (page) => page.evaluate(() => document.documentElement.lang);
const accountNav = (page, label = EN.account) => page.getByRole('navigation', { name: label, exact: true });

test('switching to Nederlands changes the lang attribute and the texts, and back', { timeout: 180_000 }, async (t) => {
  // The tables must really differ where the test looks, or it would prove nothing.
  for (const key of ['sign_in.title', 'field.password', 'dashboard.title', 'people.title', 'people.table_caption']) {
    assert.notEqual(nl(key), en(key), `${key} is the same in Dutch and English`);
  }
  const { context, page } = await newPage(browser);
  try {
    await page.goto(d.url('/sign-in'));
    assert.equal(await lang(page), 'en-GB');
    await assertHeading(page, EN.signInTitle);

    // The switch names the language in that language, marked as such for screen readers.
    const toDutch = accountNav(page).getByRole('link', { name: 'Nederlands', exact: true });
    assert.equal(await toDutch.getAttribute('lang'), 'nl-NL');
    await follow(page, toDutch);
    assert.equal(await lang(page), 'nl-NL');
    await assertHeading(page, nl('sign_in.title'));
    assert.ok((await page.title()).startsWith(nl('sign_in.title')), await page.title());
    await checkAccessibility(page, 'sign-in page in Dutch');

    // Signing in in Dutch; the choice is remembered on the following pages (no ?lang= in them).
    await page.getByLabel(nl('field.email'), { exact: true }).fill(d.schemeCoordinator.email);
    await page.getByLabel(nl('field.password'), { exact: true }).fill(d.password);
    await follow(page, page.getByRole('button', { name: nl('sign_in.button'), exact: true }));
    assert.equal(new URL(page.url()).pathname, '/dashboard');
    assert.equal(await lang(page), 'nl-NL');
    await assertHeading(page, nl('dashboard.title'));
    await page.getByRole('table', { name: nl('dashboard.people_by_organisation'), exact: true }).waitFor();
    await checkAccessibility(page, 'dashboard in Dutch');

    const menu = page.getByRole('navigation', { name: nl('nav.menu_label'), exact: true });
    await follow(page, menu.getByRole('link', { name: nl('nav.people'), exact: true }));
    assert.equal(new URL(page.url()).search, '');
    assert.equal(await lang(page), 'nl-NL');
    await assertHeading(page, nl('people.title'));
    const dutchCounts = await peopleCounts(page, 'nl-NL');
    assert.ok(dutchCounts.total > 0 && !dutchCounts.more, `Dutch count ${JSON.stringify(dutchCounts)}`);
    await page.getByRole('table', { name: nl('people.table_caption'), exact: true }).waitFor();
    await page.getByRole('search', { name: nl('people.search_label'), exact: true }).getByLabel(nl('people.search'), { exact: true }).waitFor();
    await checkAccessibility(page, 'people list in Dutch');

    // And back to English, on the same page.
    await follow(page, accountNav(page, nl('nav.account_label')).getByRole('link', { name: 'English', exact: true }));
    assert.equal(await lang(page), 'en-GB');
    assert.equal(new URL(page.url()).pathname, '/people');
    await assertHeading(page, EN.peopleTitle);
    assert.deepEqual(await peopleCounts(page), dutchCounts);
    assertNoScriptErrors(page);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close();
  }
});

test('a Dutch coordinator gets Dutch pages after sign-in without choosing', { timeout: 120_000 }, async (t) => {
  const dutch = d.organisationCoordinators.find((a) => /zorg|stichting/i.test(a.organisation));
  assert.ok(dutch, `no Dutch organisation's coordinator in the banner: ${d.organisationCoordinators.map((a) => a.organisation).join(', ')}`);
  const { context, page } = await newPage(browser);
  try {
    await signIn(page, d, dutch.email);
    assert.equal(await lang(page), 'nl-NL');
    await assertHeading(page, nl('dashboard.title'));
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close();
  }
});
