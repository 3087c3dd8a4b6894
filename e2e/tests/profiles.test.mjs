// Profiles in a browser, on a 390 px wide phone: the demo's participant with a telephone session
// edits their profile in Dutch (an invalid number is refused inline, the form kept as typed)
// and in English, reaches it from their own person page, and sees the number to call on the
// session's page and in its .ics download. Every page is checked by axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
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

/** The page is no wider than the phone: nothing scrolls sideways. */
async function assertFitsThePhone(label) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `${label}: the page is ${width} px wide on a 390 px phone`);
}

test('a participant edits their profile and sees the number to call for a telephone session', { timeout: 300_000 }, async (t) => {
  try {
    const who = d.participants.find((a) => a.label === 'Participant (telephone session booked)');
    assert.ok(who, 'the demo names a participant with a telephone session');
    await signIn(page, d, who.email, { english: true });

    // In Dutch: the page, its table of who sees what, and an invalid number refused inline.
    await page.goto(d.url('/profile?lang=nl-NL'));
    await page.getByRole('heading', { level: 1, name: 'Uw profiel' }).waitFor();
    await page.getByRole('table', { name: 'Wie elk deel van uw profiel kan zien' }).waitFor();
    await checkAccessibility(page, 'profile (nl-NL, 390 px)');
    await assertFitsThePhone('profile in Dutch');
    await page.getByLabel('Mobiel nummer (optioneel)', { exact: true }).fill('0770-090-0777');
    await follow(page, page.getByRole('button', { name: 'Profiel opslaan' }));
    await page.getByText('Vul een telefoonnummer in met cijfers').first().waitFor();
    assert.equal(await page.getByLabel('Mobiel nummer (optioneel)', { exact: true }).inputValue(), '0770-090-0777');
    await checkAccessibility(page, 'profile with an error (nl-NL, 390 px)');

    // In English: a valid profile is saved and shown formatted.
    await page.goto(d.url('/profile?lang=en-GB'));
    await page.getByRole('heading', { level: 1, name: 'Your profile' }).waitFor();
    const languages = page.getByRole('group', { name: 'Languages you speak' });
    await languages.getByLabel('Welsh', { exact: true }).check();
    await page.getByLabel('Location (optional)', { exact: true }).fill('Huddersfield');
    await page.getByLabel('Introduction (optional)', { exact: true }).fill('Ward manager.\nHappy to talk by phone.');
    await page.getByLabel('Mobile phone number (optional)', { exact: true }).fill('07700 900777');
    await page.getByRole('group', { name: 'Which number should people call?' }).getByLabel('Mobile', { exact: true }).check();
    await page.getByRole('group', { name: 'How do you prefer to be contacted?' }).getByLabel('Text message', { exact: true }).check();
    await follow(page, page.getByRole('button', { name: 'Save profile' }));
    assert.equal(new URL(page.url()).pathname, '/profile');
    await page.locator('#phones-shown').getByText('+44 7700 900777').waitFor();
    await checkAccessibility(page, 'profile saved (en-GB, 390 px)');
    await assertFitsThePhone('profile in English');

    // Their own person page shows it and leads back to the profile, not to the people list.
    await page.goto(d.url('/account'));
    await checkAccessibility(page, 'account (390 px)');
    await follow(page, page.getByRole('link', { name: 'View your profile', exact: true }));
    await page.locator('#profile-location').getByText('Huddersfield').waitFor();
    assert.equal(await page.locator('a.nhsuk-back-link').getAttribute('href'), '/profile');
    await checkAccessibility(page, 'own person page (390 px)');
    await follow(page, page.locator('#edit-profile'));
    assert.equal(new URL(page.url()).pathname, '/profile');

    // The telephone session: the number to call on its page and in its .ics file.
    await page.goto(d.url('/relationships'));
    const hrefs = await page.locator('a[href^="/relationships/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    const ids = [...new Set(hrefs.map((h) => h.match(/^\/relationships\/([0-9a-f-]{36})$/)?.[1]).filter(Boolean))];
    let call = null;
    for (const id of ids) {
      await page.goto(d.url(`/relationships/${id}/bookings`));
      if ((await page.locator('.number-to-call').count()) > 0) {
        call = page.locator('.number-to-call').first();
        break;
      }
    }
    assert.ok(call, `none of the relationships (${ids.join(', ')}) shows a number to call`);
    await call.getByText('Number to call:').waitFor();
    await call.getByRole('link', { name: '+44 7700 900777' }).waitFor();
    await checkAccessibility(page, 'sessions with a number to call (390 px)');
    await assertFitsThePhone('sessions page');
    const sessionId = (await call.getAttribute('id')).replace(/^call-/, '');
    const row = page.locator(`#session-${sessionId}`);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      row.getByRole('link', { name: 'Add to calendar (.ics)' }).click(),
    ]);
    const ics = await readFile(await download.path(), 'utf8');
    assert.match(ics, /LOCATION:Tel\. \+44 7700 900777/);
    assert.match(ics, /DESCRIPTION:Tel\. \+44 7700 900777/);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});
