// API tokens on the account page, on a 390 px wide phone: a participant creates a named token
// with a lifetime, sees its secret once, finds it in the list (created, expires, never used),
// proves the secret works against the API, and revokes it; the secret then stops working.
// Every page is checked by axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { follow, signIn } from '../lib/app.mjs';
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

/** The API's answer to listing tokens with `secret` as the bearer token. */
async function apiStatus(secret) {
  const res = await fetch(d.url('/api/v1/tokens'), { headers: { Authorization: `Bearer ${secret}` } });
  return res.status;
}

test('a participant creates an API token, sees it once, and revokes it', { timeout: 180_000 }, async (t) => {
  try {
    const who = d.participants[0];
    await signIn(page, d, who.email, { english: true });
    await page.goto(d.url('/account'));
    await page.getByRole('heading', { level: 1, name: en('account.title') }).waitFor();
    await checkAccessibility(page, 'account page (390 px)');
    await assertFitsThePhone('account page');

    // A lifetime beyond the maximum is refused inline, the name kept.
    const name = `Reporting ${Date.now()}`;
    await page.getByLabel(en('field.token_name'), { exact: true }).fill(name);
    await page.getByLabel(en('security.tokens.days'), { exact: true }).fill('999');
    await follow(page, page.getByRole('button', { name: en('account.create_token'), exact: true }));
    await page.getByRole('link', { name: en('security.error.token_days', { max: '365' }) }).waitFor();
    assert.equal(await page.getByLabel(en('field.token_name'), { exact: true }).inputValue(), name);
    await checkAccessibility(page, 'account page with an error (390 px)');

    // Created: the secret is shown this once, and the token is listed.
    await page.getByLabel(en('security.tokens.days'), { exact: true }).fill('30');
    await follow(page, page.getByRole('button', { name: en('account.create_token'), exact: true }));
    const secret = (await page.locator('code.tandem-token').innerText()).trim();
    assert.match(secret, /^tandem_[A-Za-z0-9_-]{20,}$/);
    const item = page.locator('#api-tokens > li').filter({ has: page.getByRole('heading', { name }) });
    await item.waitFor();
    await item.getByText(en('security.tokens.never_used'), { exact: true }).waitFor();
    const expires = await item.locator('time').nth(1).getAttribute('datetime');
    const days = (Date.parse(expires) - Date.now()) / 86_400_000;
    assert.ok(days > 29 && days <= 30.01, `expires in ${days} days`);
    await checkAccessibility(page, 'account page with a new token (390 px)');
    await assertFitsThePhone('account page with a new token');
    assert.equal(await apiStatus(secret), 200, 'the new secret works');

    // Not shown again; the list now says it was used.
    await page.goto(d.url('/account'));
    assert.equal(await page.locator('code.tandem-token').count(), 0);
    assert.ok(!(await page.content()).includes(secret), 'the secret is never shown again');
    await item.getByText(en('security.tokens.never_used'), { exact: true }).waitFor({ state: 'detached' });

    // Revoked: gone from the list, and the secret stops working.
    await follow(page, item.getByRole('button', { name: new RegExp(`^${en('security.tokens.revoke')}`) }));
    await page.getByText(en('security.notice.token_revoked')).waitFor();
    assert.equal(await page.locator('#api-tokens > li').filter({ has: page.getByRole('heading', { name }) }).count(), 0);
    await checkAccessibility(page, 'account page after revoking (390 px)');
    assert.equal(await apiStatus(secret), 401, 'a revoked secret is refused');
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});
