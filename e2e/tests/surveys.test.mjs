// Answering a survey in a browser, without JavaScript: the demo's participant with a survey to
// answer sees it as due on the home page, opens their surveys from there, reads the form in
// Dutch, sends it half-filled and gets the errors with what they chose kept, then answers every
// question and sees the thanks page. Every page is checked by axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { assertHeading, follow, signIn, signOut } from '../lib/app.mjs';
import { en, t } from '../lib/i18n.mjs';

const d = demo();
let browser;
let context;
let page;

before(async () => {
  browser = await launchBrowser();
  ({ context, page } = await newPage(browser, { javaScriptEnabled: false }));
});
after(async () => {
  printAxeLog();
  await context?.close().catch(() => {});
  await browser?.close();
});

/** The names of the form's radio groups, in order. */
async function radioGroups() {
  const names = await page.locator('form input[type=radio]').evaluateAll((inputs) => inputs.map((i) => i.name));
  return [...new Set(names)];
}

test('a participant answers a due survey, in English and Dutch, without JavaScript', { timeout: 180_000 }, async (t_) => {
  try {
    const participant = d.participants.find((p) => p.label === 'Participant (survey to answer)');
    assert.ok(participant, 'the demo prints a participant with a survey to answer');
    await signIn(page, d, participant.email, { english: true });
    const due = page.locator('#surveys-due');
    await due.waitFor();
    await checkAccessibility(page, 'home page with a survey due');
    await follow(page, due.getByRole('link', { name: en('surveys.home.link') }));
    assert.equal(new URL(page.url()).pathname, '/surveys');
    await assertHeading(page, en('surveys.mine.title'));
    await checkAccessibility(page, 'my surveys');

    const link = page.locator('#survey-requests a').first();
    await follow(page, link);
    assert.match(new URL(page.url()).pathname, /^\/surveys\/[0-9a-f-]{36}$/);
    const path = new URL(page.url()).pathname;
    await checkAccessibility(page, 'survey form');

    // In Dutch: the same form with Dutch questions, also accessible.
    await page.goto(d.url(`${path}?lang=nl-NL`));
    await page.getByRole('button', { name: t('nl-NL', 'surveys.form.submit') }).waitFor();
    await checkAccessibility(page, 'survey form in Dutch');
    await page.goto(d.url(`${path}?lang=en-GB`));

    // Half-filled: refused, the first answer kept, errors in the summary.
    const groups = await radioGroups();
    assert.ok(groups.length >= 2, `radio groups: ${groups}`);
    const first = page.locator(`input[type=radio][name="${groups[0]}"]`).last();
    await first.check();
    await follow(page, page.getByRole('button', { name: en('surveys.form.submit'), exact: true }));
    await page.getByRole('heading', { name: en('error.summary_title') }).waitFor();
    assert.ok(await page.locator(`input[type=radio][name="${groups[0]}"]`).last().isChecked(), 'the answer given is kept');
    await checkAccessibility(page, 'survey form with errors');

    // Every question answered (and research consent chosen if asked): thanks.
    for (const name of await radioGroups()) {
      await page.locator(`input[type=radio][name="${name}"]`).last().check();
    }
    await follow(page, page.getByRole('button', { name: en('surveys.form.submit'), exact: true }));
    await assertHeading(page, en('surveys.thanks.title'));
    await checkAccessibility(page, 'survey answered');
    await page.goto(d.url('/surveys'));
    await page.locator('#survey-requests').getByText(en('surveys.state.answered'), { exact: true }).first().waitFor();
  } catch (e) {
    await screenshotOnFailure(t_, page);
    throw e;
  }
});

test('a coordinator sees the programme surveys and a locked instrument, accessible', { timeout: 180_000 }, async (t_) => {
  try {
    await signOut(page);
    await signIn(page, d, d.schemeCoordinator.email, { english: true });
    await page.goto(d.url('/programmes'));
    const hrefs = await page.locator('a[href^="/programmes/"]').evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    const programme = hrefs.find((h) => /^\/programmes\/[0-9a-f-]{36}$/.test(h));
    assert.ok(programme, `a programme link among ${hrefs}`);
    await page.goto(d.url(programme));
    await follow(page, page.getByRole('link', { name: en('surveys.builder.link'), exact: true }));
    assert.match(new URL(page.url()).pathname, /^\/programmes\/[0-9a-f-]{36}\/surveys$/);
    await checkAccessibility(page, 'programme surveys');
    await follow(page, page.locator('#surveys a').first());
    await page.getByText(en('surveys.builder.instrument')).first().waitFor();
    await checkAccessibility(page, 'survey builder');
    await page.goto(d.url(`${new URL(page.url()).pathname}?lang=nl-NL`));
    await page.getByRole('button', { name: t('nl-NL', 'surveys.builder.save') }).waitFor();
    await checkAccessibility(page, 'survey builder in Dutch');
  } catch (e) {
    await screenshotOnFailure(t_, page);
    throw e;
  }
});
