// Issue #12, first part, in a browser: the scheme coordinator opens an intake, invites a person who
// has never signed in, the person accepts the invitation and lands on "Your home", which lists the
// open intake with an Apply link (no "You do not have access"); then the coordinator grants that
// person the organisation coordinator role on the roles page. Every page is checked with axe-core.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import { EN, assertHeading, follow, openFromMenu, peopleRows, signIn } from '../lib/app.mjs';
import { linkIn, outboxNames, waitForMessage } from '../lib/outbox.mjs';
import { en } from '../lib/i18n.mjs';

const d = demo();
const PROGRAMME = 'Peer mentoring for newcomers (roles test)';
const INTAKE = 'Newcomers, first round';
const PASSWORD = 'a first password of my own';

let browser;
before(async () => {
  assert.ok(d.outbox, 'TANDEM_E2E_OUTBOX is not set: run the browser tests through e2e/run.sh');
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

/** YYYY-MM-DD, `days` from today (UTC). */
const isoDate = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function fillDate(page, legend, iso) {
  const [year, month, day] = iso.split('-');
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel(en('date.day'), { exact: true }).fill(String(Number(day)));
  await group.getByLabel(en('date.month'), { exact: true }).fill(String(Number(month)));
  await group.getByLabel(en('date.year'), { exact: true }).fill(year);
}

/** The value of a summary list's row named `key` on the page. */
async function summaryValue(page, key) {
  const row = page.locator('.nhsuk-summary-list__row').filter({ has: page.getByText(key, { exact: true }) }).first();
  return (await row.locator('dd').first().innerText()).trim();
}

test('an invited person lands on their home with an open intake, then is made organisation coordinator', { timeout: 300_000 }, async (t) => {
  const { context, page } = await newPage(browser);
  const guest = await newPage(browser);
  try {
    await signIn(page, d, d.schemeCoordinator.email, { english: true });

    // Someone never invited, from the first page of people.
    await openFromMenu(page, EN.people);
    let invitee = null;
    for (const row of await peopleRows(page)) {
      await page.goto(row.href);
      // English-speaking, so the invitation's pages are English (a Dutch person's are Dutch).
      const english = (await summaryValue(page, en('field.language'))) === en('language.en-GB');
      if (english && (await summaryValue(page, en('person.account'))) === en('person.account_none')) {
        const name = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
        invitee = { ...row, name, email: (await summaryValue(page, en('field.email'))).trim().split(/\s+/)[0], url: page.url() };
        break;
      }
    }
    assert.ok(invitee, 'no person on the first page of people who was never invited');

    // An intake open today with places for the invitee's organisation.
    await openFromMenu(page, EN.programmes);
    await follow(page, page.getByRole('link', { name: en('programmes.add'), exact: true }));
    await page.getByLabel(en('field.name'), { exact: true }).fill(PROGRAMME);
    await page.getByRole('group', { name: en('field.programme_kind') }).getByRole('radio', { name: en('programme_kind.mentoring'), exact: true }).check();
    await page.getByLabel(en('field.description'), { exact: true }).fill('Mentoring for people new to the network.');
    await page.getByRole('group', { name: en('field.modes') }).getByRole('checkbox', { name: en('mode.video'), exact: true }).check();
    await page.getByLabel(en('field.term_months'), { exact: true }).fill('6');
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    await assertHeading(page, PROGRAMME);
    await follow(page, page.getByRole('link', { name: en('intakes.add'), exact: true }));
    await page.getByLabel(en('field.name'), { exact: true }).fill(INTAKE);
    await fillDate(page, en('field.opens_on'), isoDate(-1));
    await fillDate(page, en('field.closes_on'), isoDate(30));
    await fillDate(page, en('field.starts_on'), isoDate(60));
    await page.getByLabel(invitee.organisation, { exact: true }).fill('3');
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    await assertHeading(page, PROGRAMME);

    // The invitation.
    await page.goto(invitee.url);
    const seen = new Set(outboxNames(d.outbox));
    await follow(page, page.getByRole('button', { name: en('person.invite'), exact: true }));
    const mail = await waitForMessage(d.outbox, seen, (m) => m.to === invitee.email, `the invitation to ${invitee.email}`);
    const link = linkIn(mail, '/accept-invitation');

    // The person accepts, signs in and lands on their home.
    const g = guest.page;
    await g.goto(link);
    await assertHeading(g, en('invitation.title'));
    await checkAccessibility(g, 'accept the invitation');
    await g.getByLabel(en('field.new_password'), { exact: true }).fill(PASSWORD);
    await g.getByLabel(en('field.confirm_password'), { exact: true }).fill(PASSWORD);
    await follow(g, g.getByRole('button', { name: en('password.save'), exact: true }));
    assert.equal(new URL(g.url()).pathname, '/sign-in');
    await g.getByLabel(EN.email, { exact: true }).fill(invitee.email);
    await g.getByLabel(EN.password, { exact: true }).fill(PASSWORD);
    await follow(g, g.getByRole('button', { name: EN.signInButton, exact: true }));
    assert.equal(new URL(g.url()).pathname, '/dashboard');
    await assertHeading(g, en('home.title'));
    assert.equal(await g.getByText(en('error.page.forbidden')).count(), 0, 'the home is not a refusal');
    await g.getByRole('heading', { name: en('home.open_intakes'), exact: true }).waitFor();
    const apply = g.getByRole('link', { name: `${en('applications.open.apply_as', { role: en('applications.role.mentee') })} – ${PROGRAMME}, ${INTAKE}`, exact: true });
    assert.equal(await apply.count(), 1, 'the open intake is listed with an Apply link');
    await checkAccessibility(g, "the invited person's home");
    await follow(g, apply);
    assert.match(new URL(g.url()).pathname, /^\/intakes\/[^/]+\/apply$/);

    // The coordinator grants the organisation coordinator role on the roles page.
    await page.goto(invitee.url);
    await follow(page, page.getByRole('link', { name: en('roles.link'), exact: true }));
    await assertHeading(page, en('roles.person_title', { name: invitee.name }));
    const held = page.getByRole('table', { name: en('roles.held'), exact: true });
    await held.getByRole('cell', { name: en('roles.scheme_wide', { role: en('role.participant') }), exact: true }).waitFor();
    await checkAccessibility(page, "a person's roles");
    const choice = en('roles.scoped', { role: en('role.organisation_coordinator'), scope: invitee.organisation });
    await page.getByLabel(en('roles.choice'), { exact: true }).selectOption({ label: choice });
    await follow(page, page.getByRole('button', { name: en('roles.grant'), exact: true }));
    await assertHeading(page, en('roles.person_title', { name: invitee.name }));
    await held.getByRole('cell', { name: choice, exact: true }).waitFor();
    await checkAccessibility(page, "a person's roles after a grant");
    await page.goto(d.url('/roles'));
    await assertHeading(page, en('roles.list_title'));
    await checkAccessibility(page, 'the roles in the scheme');
  } catch (e) {
    await screenshotOnFailure(t, page);
    await screenshotOnFailure(t, guest.page);
    throw e;
  } finally {
    await context.close();
    await guest.context.close();
  }
});
