// People's choice of e-mails in a browser: a participant finds "Recent notices" and the link to
// their choices on the home page, switches one kind of e-mail off with radio buttons (no
// JavaScript needed) and sees it saved; essential e-mails are listed as always sent; a forged
// unsubscribe link shows a clear page. Every page is checked by axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { assertHeading, follow, signIn } from '../lib/app.mjs';
import { en } from '../lib/i18n.mjs';

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

test('a participant chooses which e-mails they receive, without JavaScript', { timeout: 180_000 }, async (t) => {
  try {
    const participant = d.participants[0];
    await signIn(page, d, participant.email, { english: true });
    await page.getByRole('heading', { name: en('notices.recent.heading') }).waitFor();
    await checkAccessibility(page, 'home page with recent notices');

    await follow(page, page.getByRole('link', { name: en('notices.preferences.link') }).first());
    assert.equal(new URL(page.url()).pathname, '/notices/preferences');
    await assertHeading(page, en('notices.preferences.title'));
    await checkAccessibility(page, 'notice preferences');
    // Essential e-mails are listed, not offered as a choice.
    const essential = page.locator('#essential');
    await essential.getByText(en('notices.kind.session.cancelled'), { exact: true }).waitFor();
    assert.equal(await page.getByRole('group', { name: en('notices.kind.session.cancelled') }).count(), 0);

    const kind = page.getByRole('group', { name: en('notices.kind.session.log_prompt'), exact: true });
    await kind.getByLabel(en('notices.preferences.mode.off'), { exact: true }).check();
    const digest = page.getByRole('group', { name: en('notices.kind.set.actions_due'), exact: true });
    await digest.getByLabel(en('notices.preferences.mode.digest'), { exact: true }).check();
    await follow(page, page.getByRole('button', { name: en('notices.preferences.save'), exact: true }));
    await page.getByText(en('notice.saved')).waitFor();
    await checkAccessibility(page, 'notice preferences saved');
    assert.ok(await kind.getByLabel(en('notices.preferences.mode.off'), { exact: true }).isChecked());
    assert.ok(await digest.getByLabel(en('notices.preferences.mode.digest'), { exact: true }).isChecked());

    // A forged unsubscribe link: a clear page that changes nothing.
    await page.goto(d.url('/unsubscribe/Zm9yZ2Vk.AAAA?lang=en-GB'));
    await assertHeading(page, en('notices.unsubscribe.bad_title'));
    await checkAccessibility(page, 'unsubscribe link that does not work');
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});
