// Without JavaScript: sign-in (including its error), the dashboard, and the people list with
// search and paging all work, because every page is a plain server-rendered form or link.
// axe-core checks each page's markup as the browser received it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { EN, assertHeading, follow, openFromMenu, peopleCounts, peopleRows, searchPeople, signIn, signOut } from '../lib/app.mjs';

const d = demo();
let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

test('sign-in and the people list work with JavaScript disabled', { timeout: 180_000 }, async (t) => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false });
  try {
    await page.goto(d.url('/sign-in'));
    await assertHeading(page, EN.signInTitle);
    await checkAccessibility(page, 'sign-in page (no JavaScript)');

    // The server reports a wrong password; with no script, nothing moves the focus.
    await page.getByLabel(EN.email, { exact: true }).fill(d.schemeCoordinator.email);
    await page.getByLabel(EN.password, { exact: true }).fill('not-the-password');
    await follow(page, page.getByRole('button', { name: EN.signInButton, exact: true }));
    await page.getByRole('alert').getByRole('link', { name: EN.signInFailed }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BODY', 'scripts ran although JavaScript is disabled');
    // The e-mail typed is kept; the password is not sent back.
    assert.equal(await page.getByLabel(EN.email, { exact: true }).inputValue(), d.schemeCoordinator.email);
    assert.equal(await page.getByLabel(EN.password, { exact: true }).inputValue(), '');
    await checkAccessibility(page, 'sign-in page with an error (no JavaScript)');

    await signIn(page, d, d.schemeCoordinator.email);
    await assertHeading(page, EN.dashboardTitle);
    await checkAccessibility(page, 'scheme dashboard (no JavaScript)');

    await openFromMenu(page, EN.people);
    await assertHeading(page, EN.peopleTitle);
    const all = await peopleCounts(page);
    const first = await peopleRows(page);
    assert.ok(first.length > 0 && all.total > first.length, `a first page of ${first.length} of ${all.total}`);
    await checkAccessibility(page, 'people list (no JavaScript)');

    // Paging is a link.
    const pager = page.getByRole('navigation', { name: EN.pages, exact: true });
    await follow(page, pager.getByRole('link', { name: new RegExp(`^${EN.next}\\b`) }));
    assert.deepEqual(await peopleCounts(page), all);
    const second = await peopleRows(page);
    const firstIds = new Set(first.map((r) => r.href));
    assert.ok(second.length > 0 && second.every((r) => !firstIds.has(r.href)), 'page 2 repeats people of page 1');

    // Search and the organisation filter are a GET form.
    const someone = first[0];
    const family = someone.name.split(',')[0].trim();
    await searchPeople(page, family);
    const hits = await peopleRows(page);
    assert.ok(hits.some((r) => r.href === someone.href), `searching "${family}" without JavaScript did not find ${someone.name}`);
    await page.getByLabel(EN.organisation, { exact: true }).selectOption({ label: someone.organisation });
    await follow(page, page.getByRole('search').getByRole('button', { name: EN.searchButton, exact: true }));
    const filtered = await peopleRows(page);
    assert.ok(filtered.length >= 1);
    for (const r of filtered) {
      assert.equal(r.organisation, someone.organisation);
      assert.ok(r.name.toLowerCase().includes(family.toLowerCase()));
    }
    await checkAccessibility(page, 'people list, searched and filtered (no JavaScript)');

    await page.goto(someone.href);
    await assertHeading(page, someone.name.split(',').map((s) => s.trim()).reverse().join(' '));
    await checkAccessibility(page, "a person's profile (no JavaScript)");

    // Signing out is a form too.
    await signOut(page);
    const res = await page.goto(d.url('/people'));
    assert.equal(new URL(page.url()).pathname, '/sign-in', `after sign-out /people gave HTTP ${res.status()} at ${page.url()}`);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close();
  }
});
