// The "Done when" journey, in a browser: the scheme coordinator adds an organisation and a
// programme capped at 3 × 90 minutes, imports 50 people from a CSV that first has 3 bad rows
// (shown, nothing written), then the corrected file; organisation coordinators then see only
// their own organisation's people and are refused another organisation's person.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkAccessibility, demo, launchBrowser, newPage, printAxeLog, screenshotOnFailure } from '../lib/harness.mjs';
import {
  EN,
  assertHeading,
  assertNoScriptErrors,
  follow,
  openFromMenu,
  organisationRows,
  peopleByOrganisation,
  peopleCounts,
  peopleRows,
  searchPeople,
  signIn,
  signOut,
} from '../lib/app.mjs';
import { generatePeople, lineOf, toCsv } from '../lib/people-csv.mjs';
import { en } from '../lib/i18n.mjs';

const d = demo();
const NEW_ORGANISATION = 'Riverside Community Health NHS Trust';
const NEW_PROGRAMME = 'Virtual Mentoring Cohort 2027: Riverside and partners';
const SEED = 20260427;

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  printAxeLog();
  await browser?.close();
});

/** Every row of the people list, following "Next" to the last page. */
async function allPeopleRows(page) {
  const rows = [];
  for (let guard = 0; guard < 100; guard++) {
    const counts = await peopleCounts(page);
    assert.ok(!counts.more, 'the journey\'s lists are small enough to be counted exactly');
    const pageRows = await peopleRows(page);
    assert.ok(pageRows.length > 0 || counts.total === 0, 'an empty page in the middle of the list');
    const seen = new Set(rows.map((r) => r.href));
    assert.ok(pageRows.every((r) => !seen.has(r.href)), 'a page repeats people of an earlier page');
    rows.push(...pageRows);
    const pager = page.getByRole('navigation', { name: EN.pages, exact: true });
    const next = pager.getByRole('link', { name: new RegExp(`^${EN.next}\\b`) });
    if ((await pager.count()) === 0 || (await next.count()) === 0) {
      assert.equal(rows.length, counts.total, 'rows over all pages should add up to the total');
      return rows;
    }
    await follow(page, next);
  }
  throw new Error('more than 100 pages of people');
}

/** The problems table of an import preview: [{line, column, message}]. */
async function importProblems(page) {
  const table = page.getByRole('table', { name: en('import.problems_caption'), exact: true });
  await table.waitFor();
  const out = [];
  for (const row of await table.getByRole('row').all()) {
    const header = row.getByRole('rowheader');
    if ((await header.count()) !== 1) continue;
    const cells = await row.getByRole('cell').all();
    out.push({
      line: Number((await header.innerText()).trim()),
      column: (await cells[0].innerText()).trim(),
      message: (await cells[1].innerText()).trim(),
    });
  }
  return out;
}

async function uploadPeople(page, csv, name) {
  await openFromMenu(page, EN.people);
  await follow(page, page.getByRole('link', { name: en('import.title'), exact: true }));
  await assertHeading(page, en('import.title'));
  await page.getByLabel(en('import.file_label'), { exact: true }).setInputFiles({
    name,
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await follow(page, page.getByRole('button', { name: en('import.check'), exact: true }));
  await assertHeading(page, en('import.preview_title'));
}

test('the "Done when" journey: organisation, 3 × 90-minute programme, import with errors then fixed, scoped coordinators', { timeout: 900_000 }, async (t) => {
  const { context, page } = await newPage(browser);
  let current = page;
  try {
    await signIn(page, d, d.schemeCoordinator.email);
    await assertHeading(page, EN.dashboardTitle);

    // --- Add an organisation. ---
    await openFromMenu(page, EN.organisations);
    await assertHeading(page, EN.organisationsTitle);
    const before = await organisationRows(page);
    assert.ok(before.length >= 6, `the demo shows ${before.length} organisations`);
    assert.ok(!before.some((o) => o.name === NEW_ORGANISATION));
    await checkAccessibility(page, 'organisations');
    await follow(page, page.getByRole('link', { name: en('organisations.add'), exact: true }));
    await assertHeading(page, en('organisations.add'));
    await checkAccessibility(page, 'add an organisation');
    // Saving an empty form shows every problem and adds nothing.
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    const problems = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: EN.problem }) });
    await problems.getByRole('link', { name: en('error.choose_organisation_kind') }).waitFor();
    await problems.getByRole('link', { name: en('error.choose_country') }).waitFor();
    await checkAccessibility(page, 'add an organisation, with errors');
    await page.getByLabel(en('field.name'), { exact: true }).fill(NEW_ORGANISATION);
    await page.getByRole('group', { name: en('field.organisation_kind') }).getByRole('radio', { name: en('organisation_kind.nhs_trust'), exact: true }).check();
    await page.getByRole('group', { name: en('field.country') }).getByRole('radio', { name: en('country.GB'), exact: true }).check();
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    await assertHeading(page, EN.organisationsTitle);
    await page.getByText(en('notice.created'), { exact: true }).waitFor();
    const organisations = await organisationRows(page);
    assert.deepEqual(
      organisations.find((o) => o.name === NEW_ORGANISATION),
      { name: NEW_ORGANISATION, kind: en('organisation_kind.nhs_trust'), country: en('country.GB') },
    );
    assert.equal(organisations.length, before.length + 1);

    // --- Add a programme capped at 3 sessions of 90 minutes, by telephone or video. ---
    await openFromMenu(page, EN.programmes);
    await follow(page, page.getByRole('link', { name: en('programmes.add'), exact: true }));
    await assertHeading(page, en('programmes.add'));
    await checkAccessibility(page, 'add a programme');
    await page.getByLabel(en('field.name'), { exact: true }).fill(NEW_PROGRAMME);
    await page.getByRole('group', { name: en('field.programme_kind') }).getByRole('radio', { name: en('programme_kind.virtual_cohort'), exact: true }).check();
    await page.getByLabel(en('field.description'), { exact: true }).fill('Organisational-development mentoring for the Riverside cohort: each mentee gets at most three sessions of 90 minutes.');
    await page.getByLabel(en('field.session_cap'), { exact: true }).fill('3');
    await page.getByLabel(en('field.session_minutes'), { exact: true }).fill('90');
    const modes = page.getByRole('group', { name: en('field.modes') });
    await modes.getByRole('checkbox', { name: en('mode.telephone'), exact: true }).check();
    await modes.getByRole('checkbox', { name: en('mode.video'), exact: true }).check();
    await page.getByLabel(en('field.mentor_load_min'), { exact: true }).fill('2');
    await follow(page, page.getByRole('button', { name: en('page.save'), exact: true }));
    await assertHeading(page, NEW_PROGRAMME);
    const programmeUrl = page.url().split('?')[0];
    // The cap is shown as the coordinator set it: 3 sessions of 90 minutes, 270 minutes in all.
    const sessions = page.getByRole('definition').filter({ hasText: en('programme.cap_summary', { cap: 3, minutes: 90 }) });
    assert.equal(await sessions.count(), 1, 'the programme page does not show "3 sessions of 90 minutes"');
    assert.ok((await sessions.innerText()).includes(en('programme.minutes_total', { minutes: 270 })));
    const shownModes = await page.getByRole('definition').filter({ hasText: en('mode.telephone') }).innerText();
    assert.ok(shownModes.includes(en('mode.video')) && !shownModes.includes(en('mode.in_person')), `modes shown: ${shownModes}`);
    await checkAccessibility(page, 'programme page');
    // It is listed with the others.
    await openFromMenu(page, EN.programmes);
    await page.getByRole('link', { name: NEW_PROGRAMME, exact: true }).waitFor();

    // --- The people count before any import. ---
    await openFromMenu(page, EN.people);
    const peopleBefore = (await peopleCounts(page)).total;

    // --- A CSV of 50 people with 3 bad rows: shown, and nothing written. ---
    const good = generatePeople({ count: 50, organisations, seed: SEED });
    // Managers are the first person at each organisation; break only rows nobody reports to.
    const managers = new Set(good.map((p) => p.line_manager_email).filter(Boolean));
    const breakable = good.map((p, i) => i).filter((i) => i >= organisations.length && !managers.has(good[i].email));
    const [badEmail, badOrganisation] = [breakable[3], breakable[17]];
    const badGrade = breakable.find((i) => i > breakable[30] && good[i].grade_system === 'afc');
    assert.ok(badGrade !== undefined, 'the generated file has no Agenda for Change row to break');
    const bad = good.map((p) => ({ ...p }));
    bad[badEmail].email = bad[badEmail].email.replace('@', '.at.');
    bad[badOrganisation].organisation = "St Elsewhere's Hospital";
    bad[badGrade].grade = 'Band 10';
    await uploadPeople(page, toCsv(bad), 'riverside-hr-extract.csv');
    const alert = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: en('import.has_errors_title') }) });
    await alert.getByText(en('import.has_errors', { count: 3 }), { exact: true }).waitFor();
    const listed = await importProblems(page);
    assert.deepEqual(
      listed.map((p) => [p.line, p.column]).sort((a, b) => a[0] - b[0]),
      [
        [lineOf(badEmail), 'email'],
        [lineOf(badOrganisation), 'organisation'],
        [lineOf(badGrade), 'grade'],
      ].sort((a, b) => a[0] - b[0]),
      `the preview should list exactly the 3 broken rows, got ${JSON.stringify(listed, null, 1)}`,
    );
    const messageOf = (line) => listed.find((p) => p.line === line).message;
    assert.equal(messageOf(lineOf(badEmail)), en('import.bad_email', { value: bad[badEmail].email }));
    assert.equal(messageOf(lineOf(badOrganisation)), en('import.unknown_organisation', { value: "St Elsewhere's Hospital" }));
    assert.ok(messageOf(lineOf(badGrade)).startsWith(en('import.unknown_grade', { value: 'Band 10', system: '' })), messageOf(lineOf(badGrade)));
    assert.equal(await page.getByRole('button', { name: en('import.confirm') }).count(), 0, 'a file with problems must not offer the import');
    await checkAccessibility(page, 'import preview with problems');
    // Nothing was written: the same number of people, and a good row's person is not there.
    await openFromMenu(page, EN.people);
    assert.equal((await peopleCounts(page)).total, peopleBefore, 'the failed preview changed the number of people');
    await searchPeople(page, good[0].email);
    assert.equal((await peopleCounts(page)).total, 0, `${good[0].email} was written by a failed preview`);

    // --- The corrected file: previewed, confirmed, 50 added. ---
    await uploadPeople(page, toCsv(good), 'riverside-hr-extract-corrected.csv');
    await page.getByText(en('import.summary', { rows: 50, creates: 50, updates: 0, unchanged: 0 }), { exact: true }).waitFor();
    await page.getByRole('table', { name: en('import.rows_caption'), exact: true }).waitFor();
    await checkAccessibility(page, 'import preview, valid');
    await follow(page, page.getByRole('button', { name: en('import.confirm'), exact: true }));
    await assertHeading(page, en('import.done_title'));
    await page.getByText(en('import.done_body', { created: 50, updated: 0, unchanged: 0 }), { exact: true }).waitFor();
    await checkAccessibility(page, 'import complete');
    await openFromMenu(page, EN.people);
    assert.equal((await peopleCounts(page)).total, peopleBefore + 50);

    // An imported person, with the line manager from the file.
    const sample = good.find((p) => p.line_manager_email && p.organisation === NEW_ORGANISATION);
    const manager = good.find((p) => p.email === sample.line_manager_email);
    await searchPeople(page, sample.email);
    const [hit] = await peopleRows(page);
    assert.deepEqual([hit.name, hit.organisation, hit.jobTitle], [`${sample.family_name}, ${sample.given_name}`, NEW_ORGANISATION, sample.job_title]);
    await page.goto(hit.href);
    await assertHeading(page, `${sample.given_name} ${sample.family_name}`);
    await page.getByRole('link', { name: `${manager.given_name} ${manager.family_name}`, exact: true }).waitFor();

    // --- What the scheme coordinator knows, to check the organisation coordinators against. ---
    await openFromMenu(page, EN.dashboard);
    const byOrganisation = await peopleByOrganisation(page);
    assert.equal(byOrganisation.get(NEW_ORGANISATION), good.filter((p) => p.organisation === NEW_ORGANISATION).length);
    // For every coordinator, a person they must not see (imported at another organisation, so
    // employed there only) and one they must see.
    const profileUrl = new Map();
    for (const p of [...new Set(good.map((x) => x.organisation))].map((o) => good.find((x) => x.organisation === o))) {
      await openFromMenu(page, EN.people);
      await searchPeople(page, p.email);
      const rows = await peopleRows(page);
      assert.equal(rows.length, 1, `searching ${p.email}`);
      profileUrl.set(p.organisation, { ...rows[0], email: p.email });
    }
    assertNoScriptErrors(page);
    await signOut(page);
    await context.close();

    // --- Each organisation coordinator sees only their organisation's people. ---
    const coordinators = d.organisationCoordinators;
    for (const [n, coordinator] of coordinators.entries()) {
      const own = coordinator.organisation;
      assert.ok(byOrganisation.has(own), `the coordinator's organisation "${own}" is not on the dashboard`);
      const session = await newPage(browser);
      current = session.page;
      try {
        await signIn(current, d, coordinator.email, { english: true });
        if (n === 0) await checkAccessibility(current, "organisation coordinator's dashboard");
        await openFromMenu(current, EN.people);
        const rows = await allPeopleRows(current);
        if (n === 0) await checkAccessibility(current, "organisation coordinator's people list");
        assert.equal(rows.length, byOrganisation.get(own), `${own}: the coordinator's list should hold exactly the organisation's people`);
        const foreign = rows.filter((r) => r.organisation !== own);
        assert.deepEqual(
          foreign.map((r) => `${r.name} (${r.organisation}, ${r.jobTitle})`),
          [],
          `the coordinator of ${own} sees people listed with another organisation's employment`,
        );
        // Their own imported person opens; another organisation's does not.
        const mine = profileUrl.get(own);
        if (mine) {
          const res = await current.goto(mine.href);
          assert.equal(res.status(), 200, `${own}'s coordinator cannot open ${mine.href}`);
          assert.ok(rows.some((r) => r.href === mine.href), `${mine.email} is missing from ${own}'s list`);
        }
        const [otherOrg, theirs] = [...profileUrl].find(([org]) => org !== own);
        const refused = await current.goto(theirs.href);
        assert.ok(
          [403, 404].includes(refused.status()),
          `${own}'s coordinator opened ${otherOrg}'s person ${theirs.href}: HTTP ${refused.status()}`,
        );
        const body = await current.getByRole('main').innerText();
        assert.ok(!body.includes(theirs.email), "the refusal page shows the other organisation's person");
        assert.ok(!body.includes(theirs.name.split(',')[0]), "the refusal page names the other organisation's person");
        if (n === 0) await checkAccessibility(current, "another organisation's person, refused");
        // The new programme is visible to them, but they cannot change it.
        if (n === 0) {
          await current.goto(programmeUrl);
          await assertHeading(current, NEW_PROGRAMME);
          assert.equal(await current.getByRole('link', { name: en('programme.edit_rules') }).count(), 0);
        }
        assertNoScriptErrors(current);
      } catch (e) {
        await screenshotOnFailure(t, current);
        throw e;
      } finally {
        await session.context.close();
      }
    }
  } catch (e) {
    await screenshotOnFailure(t, current);
    throw e;
  } finally {
    await context.close().catch(() => {});
  }
});
