// Evaluation in a browser: the demo's evaluator finds "Evaluation" in the navigation, opens a
// programme's figures (a chart drawn as an image beside the table it draws), the printable
// report, and the downloads (CSV, XLSX, the research zip). Every page is checked by axe-core.
// The demo may or may not hold survey answers: figures are asserted only where they exist.
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

test('the evaluator reads a programme\'s figures, its report and its downloads', { timeout: 180_000 }, async (t) => {
  try {
    const evaluator = d.accounts.find((a) => a.role === 'evaluator');
    assert.ok(evaluator, 'the demo has an evaluator');
    await signIn(page, d, evaluator.email, { english: true });
    await follow(page, page.getByRole('link', { name: en('nav.evaluation'), exact: true }).first());
    assert.equal(new URL(page.url()).pathname, '/evaluation');
    await assertHeading(page, en('evaluation.title'));
    await checkAccessibility(page, 'evaluation index');

    const programmes = page.locator('#evaluation-programmes a');
    assert.ok((await programmes.count()) > 0, 'the evaluator may evaluate the demo\'s programmes');
    await follow(page, programmes.first());
    assert.match(new URL(page.url()).pathname, /^\/evaluation\/programmes\/[0-9a-f-]+$/);
    await checkAccessibility(page, 'programme evaluation');
    const base = new URL(page.url()).pathname;

    // The participation chart is an image with a title, inside the same figure as its table.
    const figure = page.locator('div.tandem-figure', { has: page.locator('#table-participation') });
    await figure.locator('table').waitFor();
    const chart = figure.locator('svg[role="img"]');
    assert.equal(await chart.count(), 1, 'the chart sits beside its table');
    assert.ok((await chart.locator('title').textContent()).length > 0);
    await page.locator('#evidence').waitFor();
    // Sessions against the caps and goal progress are tables of their own (issue #14 item 4).
    await page.locator('#table-sessions').waitFor();
    await page.locator('#table-goals').waitFor();
    await page.locator('#rule').waitFor();

    await follow(page, page.getByRole('link', { name: en('evaluation.printable'), exact: true }));
    assert.equal(new URL(page.url()).pathname, `${base}/report`);
    await page.getByRole('heading', { level: 2, name: en('evaluation.report.rule') }).waitFor();
    await checkAccessibility(page, 'printable programme report');

    for (const [path, type] of [
      [`${base}/tables/participation.csv`, 'text/csv'],
      [`${base}/tables/sessions.csv`, 'text/csv'],
      [`${base}/tables/response_rates.xlsx`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      [`${base}/research.zip`, 'application/zip'],
    ]) {
      const res = await page.request.get(d.url(path));
      assert.equal(res.status(), 200, path);
      assert.ok(res.headers()['content-type'].startsWith(type), `${path}: ${res.headers()['content-type']}`);
    }
  } catch (e) {
    await screenshotOnFailure(t, page);
    throw e;
  }
});
