// Assessment pages in a browser, on a 390 px wide phone: the scheme coordinator opens the
// demo's "Mentoring in de zorg" assessment page from its programme page, is refused switching a
// use on without its lawful basis (the form kept, an error summary), sees the criteria page's
// weights; a participant opens their equality-data form and is refused a self-description left
// empty. Every page is checked by axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { follow, signIn } from '../lib/app.mjs';

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

async function signOut() {
  await context.clearCookies();
}

test('coordinators set the basis and weights; a participant gives equality data', { timeout: 300_000 }, async (t) => {
  try {
    await signIn(page, d, d.schemeCoordinator.email, { english: true });
    await page.goto(d.url('/programmes?lang=en-GB'));
    await follow(page, page.getByRole('link', { name: 'Mentoring in de zorg', exact: true }));
    await follow(page, page.locator('#assessments-link'));
    await page.getByRole('heading', { level: 1, name: 'Assessments and equality-based matching' }).waitFor();
    await checkAccessibility(page, 'assessments set-up (390 px)');
    await assertFitsThePhone('assessments set-up');
    const programmePath = new URL(page.url()).pathname.replace(/\/assessments$/, '');

    // Switching equality-based matching on without a basis: refused, the text kept.
    await page.goto(d.url(`${programmePath}/assessments/use/equality`));
    await page.getByLabel('On', { exact: true }).check();
    await page.getByLabel('Lawful basis (Article 6)', { exact: true }).selectOption('');
    await page.getByLabel('Why does the programme need this for matching?', { exact: true }).fill('Shared language helps new starters');
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }));
    await page.locator('.nhsuk-error-summary').waitFor();
    assert.equal(await page.getByLabel('Why does the programme need this for matching?', { exact: true }).inputValue(), 'Shared language helps new starters');
    await checkAccessibility(page, 'matching use refused (390 px)');
    await assertFitsThePhone('matching use refused');

    await page.goto(d.url(`${programmePath}/matching-criteria`));
    await page.locator('#assessment-weights').waitFor();
    await checkAccessibility(page, 'criteria with assessment weights (390 px)');
    await assertFitsThePhone('criteria with assessment weights');

    await signOut();
    const who = d.participants[0];
    await signIn(page, d, who.email, { english: true });
    await page.goto(d.url('/profile?lang=en-GB'));
    await follow(page, page.locator('#equality-link'));
    await page.getByRole('heading', { level: 1, name: 'Your language and cultural background' }).waitFor();
    await checkAccessibility(page, 'equality data (390 px)');
    await assertFitsThePhone('equality data');
    await page.getByLabel('I will describe it myself', { exact: true }).check();
    await follow(page, page.getByRole('button', { name: 'Save', exact: true }));
    await page.locator('.nhsuk-error-summary').waitFor();
    await checkAccessibility(page, 'equality data refused (390 px)');
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});
