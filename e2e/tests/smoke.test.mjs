// Smoke: the scheme coordinator signs in, sees the consortium on the dashboard, and uses the people
// list (search, paging, a profile). axe-core checks every page visited.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import {
  EN,
  assertHeading,
  assertNoScriptErrors,
  escapeRegExp,
  follow,
  openFromMenu,
  peopleByOrganisation,
  peopleCounts,
  peopleRows,
  searchPeople,
  signIn,
} from '../lib/app.mjs';
import { en } from '../lib/i18n.mjs';

const d = demo();
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

test('scheme coordinator: sign-in, dashboard, people list, search, paging, profile', { timeout: 180_000 }, async (t) => {
  const { context, page } = await newPage(browser);
  try {
    // Signed out, the start page leads to sign-in.
    await page.goto(d.baseUrl);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await assertHeading(page, EN.signInTitle);
    await checkAccessibility(page, 'sign-in page');

    // A wrong password is refused with the error summary, and nothing is signed in.
    await page.getByLabel(EN.email, { exact: true }).fill(d.schemeCoordinator.email);
    await page.getByLabel(EN.password, { exact: true }).fill(`${d.password}-wrong`);
    await follow(page, page.getByRole('button', { name: EN.signInButton, exact: true }));
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: EN.problem }) });
    await summary.getByRole('link', { name: EN.signInFailed }).waitFor();
    assert.ok((await page.title()).startsWith(en('page.error_prefix')), `title: ${await page.title()}`);
    await checkAccessibility(page, 'sign-in page with an error');

    await signIn(page, d, d.schemeCoordinator.email);
    await assertHeading(page, EN.dashboardTitle);
    // The consortium: about eight organisations with people (the journey may have added one).
    const byOrg = await peopleByOrganisation(page);
    const staffed = [...byOrg].filter(([, n]) => n > 0);
    assert.ok(staffed.length >= 6, `the dashboard lists ${staffed.length} organisations with people: ${[...byOrg.keys()]}`);
    const dashboardTotal = [...byOrg.values()].reduce((a, b) => a + b, 0);
    await checkAccessibility(page, 'scheme dashboard');

    // The people list: the first page of everyone.
    await openFromMenu(page, EN.people);
    await assertHeading(page, EN.peopleTitle);
    const all = await peopleCounts(page);
    // People with jobs at two organisations count once in the list and once per organisation.
    assert.ok(all.total >= 300 && all.total <= dashboardTotal, `people total ${all.total}, by organisation ${dashboardTotal}`);
    assert.ok(!all.more, `the demo's ${all.total} people are counted exactly`);
    const page1 = await peopleRows(page);
    assert.ok(page1.length >= 10 && page1.length < all.total, `a first page of ${page1.length} of ${all.total}`);
    for (const r of page1) assert.ok(r.organisation && r.name.includes(','), `row ${JSON.stringify(r)}`);
    await checkAccessibility(page, 'people list');

    // Paging: the next page holds the following people, none of the first page's.
    const pager = page.getByRole('navigation', { name: EN.pages, exact: true });
    await follow(page, pager.getByRole('link', { name: new RegExp(`^${EN.next}\\b`) }));
    assert.ok(new URL(page.url()).searchParams.get('cursor'), 'the next page is reached by a cursor');
    assert.deepEqual(await peopleCounts(page), all);
    const page2 = await peopleRows(page);
    assert.ok(page2.length > 0, 'page 2 is empty');
    const firstIds = new Set(page1.map((r) => r.href));
    assert.ok(page2.every((r) => !firstIds.has(r.href)), 'page 2 repeats people of page 1');
    await checkAccessibility(page, 'people list, page 2');
    await follow(page, pager.getByRole('link', { name: new RegExp(`^${EN.previous}\\b`) }));
    assert.deepEqual((await peopleRows(page)).map((r) => r.href), page1.map((r) => r.href));

    // Search by a family name that no organisation's name contains (e-mail domains come from
    // organisation names, and the search also matches e-mail addresses).
    const orgText = [...byOrg.keys()].join(' ').toLowerCase().replace(/\s+/g, '');
    const target = page2.find((r) => {
      const family = r.name.split(',')[0].trim().toLowerCase();
      return family.length >= 4 && !orgText.includes(family.replace(/\s+/g, ''));
    });
    assert.ok(target, 'no person on page 2 has a family name fit to search for');
    const family = target.name.split(',')[0].trim();
    await searchPeople(page, family);
    assert.equal(new URL(page.url()).searchParams.get('q'), family);
    const found = await peopleCounts(page);
    assert.ok(found.total >= 1 && found.total < all.total, `searching "${family}" found ${found.total}`);
    const hits = await peopleRows(page);
    assert.ok(hits.some((r) => r.href === target.href), `${target.name} is not among the results`);
    for (const r of hits) assert.ok(r.name.toLowerCase().includes(family.toLowerCase()), `"${r.name}" does not match "${family}"`);
    await checkAccessibility(page, 'people list, searched');

    // A search that matches nobody says so.
    await searchPeople(page, 'zzqx-no-such-person');
    assert.equal((await peopleCounts(page)).total, 0);
    await page.getByRole('cell', { name: EN.noPeople }).waitFor();

    // A person's profile.
    await page.goto(target.href);
    const [familyName, givenName] = target.name.split(',').map((s) => s.trim());
    await assertHeading(page, `${givenName} ${familyName}`);
    await page.getByRole('heading', { level: 3, name: new RegExp(`^${escapeRegExp(target.organisation)}`) }).waitFor();
    await checkAccessibility(page, "a person's profile");

    assertNoScriptErrors(page);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close();
  }
});

test("the NHS.UK frontend's scripts start: after a refused sign-in the error summary has the focus", { timeout: 60_000 }, async (t) => {
  const { context, page } = await newPage(browser);
  const logged = [];
  page.on('console', (m) => logged.push(m.text()));
  try {
    await page.goto(d.url('/sign-in'));
    await page.getByLabel(EN.email, { exact: true }).fill(d.schemeCoordinator.email);
    await page.getByLabel(EN.password, { exact: true }).fill(`${d.password}-wrong`);
    await follow(page, page.getByRole('button', { name: EN.signInButton, exact: true }));
    const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: EN.problem }) });
    await summary.waitFor();
    // nhsuk-frontend's initAll() does nothing on a page whose <body> lacks the class
    // "nhsuk-frontend-supported", and says so only with console.log.
    const refusal = logged.find((l) => /SupportError|NHS\.UK frontend initialised without/.test(l));
    assert.equal(refusal, undefined, `nhsuk-frontend did not start: ${refusal}`);
    // The design system's error summary takes the focus when the page loads, so screen-reader
    // and keyboard users land on the list of problems.
    await page.waitForFunction(() => document.activeElement?.classList.contains('nhsuk-error-summary'), null, { timeout: 5_000 });
    assertNoScriptErrors(page);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close();
  }
});
