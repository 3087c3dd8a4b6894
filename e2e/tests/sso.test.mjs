// Signing in without a password, in a browser: single sign-on through a real OpenID provider
// (`oidc-provider` from npm, started here on a free loopback port, whose account is a demo
// organisation coordinator with a verified e-mail), set up by the administrator on the settings
// pages; and the e-mailed single-use link. Tandem's pages are checked by axe-core; the provider's
// own login and consent pages are the provider's, and are not.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import Provider from 'oidc-provider';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { assertHeading, follow, signIn, signOut } from '../lib/app.mjs';
import { en } from '../lib/i18n.mjs';
import { linkIn, outboxNames, waitForMessage } from '../lib/outbox.mjs';

const d = demo();
const CLIENT_ID = 'tandem-e2e';
const CLIENT_SECRET = 'a secret only this test knows';
const administrator = d.accounts.find((a) => a.role === 'administrator');
// An organisation coordinator: the banner names their organisation, which employs them.
const person = d.organisationCoordinators[0];

let browser;
let provider;
let server;
let issuer;

/** A free loopback port (closed at once; the provider listens on it next). */
async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

before(async () => {
  assert.ok(administrator, 'the demo printed an administrator account');
  assert.ok(person?.organisation, 'the demo printed an organisation coordinator with an organisation');
  const port = await freePort();
  issuer = `http://127.0.0.1:${port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: [d.url('/sign-in/oidc/callback')],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // Whoever signs in at the provider is the demo person, with a verified e-mail.
    async findAccount(_ctx, sub) {
      return {
        accountId: sub,
        async claims() {
          return { sub, email: person.email, email_verified: true };
        },
      };
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'] },
    // The e-mail in the ID token itself (not only from the userinfo endpoint).
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    cookies: { keys: ['a cookie key for the e2e provider'] },
  });
  server = provider.listen(port, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  browser = await launchBrowser();
});

after(async () => {
  printAxeLog();
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

test('the administrator sets up single sign-on and a person signs in through the provider', { timeout: 240_000 }, async (t) => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false });
  try {
    // The administrator configures the person's organisation on the settings pages.
    await signIn(page, d, administrator.email, { english: true });
    await page.goto(d.url('/settings'));
    await follow(page, page.getByRole('link', { name: en('signin.settings.link'), exact: true }));
    await assertHeading(page, en('signin.settings.title'));
    await checkAccessibility(page, 'sign-in settings');
    const row = page.getByRole('row').filter({ hasText: person.organisation });
    await follow(page, row.getByRole('link', { name: new RegExp(`^${en('signin.settings.change')}`) }));
    await assertHeading(page, en('signin.settings.edit_title', { organisation: person.organisation }));
    await checkAccessibility(page, 'single sign-on of one organisation');
    // A plain-http issuer off loopback is refused inline, the form kept as typed.
    await page.getByLabel(en('signin.settings.issuer_url'), { exact: true }).fill('http://login.example.org/tenant');
    await page.getByLabel(en('signin.settings.client_id'), { exact: true }).fill(CLIENT_ID);
    await page.getByLabel(en('signin.settings.client_secret'), { exact: true }).fill(CLIENT_SECRET);
    await page.getByLabel(en('signin.settings.enabled'), { exact: true }).check();
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    await page.getByText(en('signin.error.issuer_url')).first().waitFor();
    await checkAccessibility(page, 'single sign-on form with an error');
    assert.equal(await page.getByLabel(en('signin.settings.client_id'), { exact: true }).inputValue(), CLIENT_ID);
    assert.equal(await page.getByLabel(en('signin.settings.client_secret'), { exact: true }).inputValue(), '');
    await page.getByLabel(en('signin.settings.issuer_url'), { exact: true }).fill(issuer);
    await page.getByLabel(en('signin.settings.client_secret'), { exact: true }).fill(CLIENT_SECRET);
    await page.getByLabel(en('signin.settings.enabled'), { exact: true }).check();
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    await assertHeading(page, en('signin.settings.title'));
    await page.getByText(en('notice.saved')).waitFor();
    assert.match(await row.innerText(), new RegExp(en('signin.settings.on')));
    // The secret is never shown back.
    assert.ok(!(await page.content()).includes(CLIENT_SECRET));
    await signOut(page);

    // The person signs in through their organisation's provider.
    await page.goto(d.url('/sign-in?lang=en-GB'));
    await checkAccessibility(page, 'sign-in page offering single sign-on');
    await follow(page, page.getByRole('link', { name: en('signin.sso.start_link'), exact: true }));
    await assertHeading(page, en('signin.sso.title'));
    await checkAccessibility(page, 'choosing one\'s organisation');
    await follow(page, page.getByRole('link', { name: person.organisation, exact: true }));
    // The provider's own pages (its development login and consent forms; not checked by axe).
    assert.equal(new URL(page.url()).origin, issuer, 'sent to the provider');
    await page.locator('input[name="login"]').fill('coordinator-at-the-provider');
    await page.locator('input[name="password"]').fill('any password');
    await follow(page, page.locator('button[type="submit"]'));
    if (new URL(page.url()).origin === issuer) {
      // The consent page.
      await follow(page, page.locator('button[type="submit"]').first());
    }
    assert.equal(new URL(page.url()).origin, new URL(d.baseUrl).origin, 'back at Tandem');
    assert.equal(new URL(page.url()).pathname, '/dashboard', 'signed in and on the dashboard');
    await page.goto(d.url('/account'));
    await page.getByText(person.email).first().waitFor();
    await checkAccessibility(page, 'account after single sign-on');
    await signOut(page);
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close().catch(() => {});
  }
});

test('a person signs in with an e-mailed link, once', { timeout: 120_000 }, async (t) => {
  const { context, page } = await newPage(browser, { javaScriptEnabled: false });
  try {
    assert.ok(d.outbox, 'the demo writes e-mails to an outbox directory');
    const who = d.participants[0];
    const seen = new Set(outboxNames(d.outbox));
    await page.goto(d.url('/sign-in?lang=en-GB'));
    await follow(page, page.getByRole('link', { name: en('signin.link.request_link'), exact: true }));
    await assertHeading(page, en('signin.link.request_title'));
    await checkAccessibility(page, 'asking for a sign-in link');
    await page.getByLabel(en('field.email'), { exact: true }).fill(who.email);
    await follow(page, page.getByRole('button', { name: en('signin.link.request_button'), exact: true }));
    await assertHeading(page, en('signin.link.sent_title'));
    await checkAccessibility(page, 'sign-in link on its way');
    const mail = await waitForMessage(d.outbox, seen, (m) => m.to === who.email, 'the sign-in link');
    const link = linkIn(mail, '/sign-in/link');
    // Opening the link shows a button; it signs in only when pressed.
    await page.goto(link);
    await assertHeading(page, en('signin.link.title'));
    await checkAccessibility(page, 'sign-in link page');
    await follow(page, page.getByRole('button', { name: en('signin.link.button'), exact: true }));
    assert.equal(new URL(page.url()).pathname, '/dashboard');
    await signOut(page);
    // Used: a clear page.
    await page.goto(link);
    await assertHeading(page, en('signin.link.invalid_title'));
    await checkAccessibility(page, 'sign-in link already used');
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  } finally {
    await context.close().catch(() => {});
  }
});
