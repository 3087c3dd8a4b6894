// Shared set-up for the browser tests: where the demo runs, who can sign in, how Chromium is
// started on this kind of machine, and the axe-core check every visited page gets.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA (axe has no wcag22a tag; its 2.2 rules are AA). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

function requiredEnv(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the browser tests through e2e/run.sh`);
  return v;
}

/** The demo server and its accounts, as run.sh passes them. */
export function demo() {
  const baseUrl = requiredEnv('TANDEM_E2E_BASE_URL');
  const { password, accounts } = JSON.parse(requiredEnv('TANDEM_E2E_ACCOUNTS'));
  const byRole = (role) => {
    const found = accounts.filter((a) => a.role === role);
    assert.ok(found.length > 0, `the demo printed no ${role} account`);
    return found;
  };
  return {
    baseUrl,
    password,
    accounts,
    schemeCoordinator: byRole('scheme_coordinator')[0],
    organisationCoordinators: byRole('organisation_coordinator'),
    participants: accounts.filter((a) => a.role === 'participant'),
    /** The directory the demo writes its e-mails to (run.sh reads it from the banner). */
    outbox: process.env.TANDEM_E2E_OUTBOX || null,
    url: (path) => new URL(path, baseUrl).href,
  };
}

/**
 * Debian's Chromium, headless. The background-networking flags matter here: this machine's
 * network is closed, and without them Chromium keeps opening refused connections. Playwright gives
 * every launch a new, empty profile directory (it refuses a --user-data-dir argument to launch()).
 */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.TANDEM_E2E_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh browser context (its own cookies) in British English, plus a page that records uncaught
 * script errors so a test can assert there were none.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ locale: 'en-GB', ...options });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  page.javaScriptDisabled = options.javaScriptEnabled === false;
  // Uncaught script errors, console errors (a blocked script or stylesheet shows up here) and
  // sub-resources that failed, for assertNoScriptErrors.
  page.scriptErrors = [];
  page.on('pageerror', (e) => page.scriptErrors.push(`${page.url()}: uncaught ${e.message}`));
  page.on('console', (m) => {
    // Chromium also logs every 4xx response as "Failed to load resource", including pages that
    // answer 422 or 404 on purpose; failed sub-resources are caught below instead.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      page.scriptErrors.push(`${page.url()}: console: ${m.text()}`);
    }
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') {
      page.scriptErrors.push(`${page.url()}: HTTP ${r.status()} for ${r.url()}`);
    }
  });
  page.on('requestfailed', (r) => {
    // ERR_ABORTED: the browser cancelled it because the test moved on to the next page.
    const reason = r.failure()?.errorText ?? '';
    if (r.resourceType() !== 'document' && reason !== 'net::ERR_ABORTED') {
      page.scriptErrors.push(`${page.url()}: ${r.url()} failed: ${reason}`);
    }
  });
  return { context, page };
}

/** Formats axe violations so a failure says what is wrong, where, and how to fix it. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => {
          const summary = (n.failureSummary || '').replace(/\n/g, '\n        ');
          return `    - ${n.target.join(' ')}\n      ${n.html}\n        ${summary}`;
        })
        .join('\n');
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.tags.filter((t) => t.startsWith('wcag')).join(', ')})\n    ${v.helpUrl}\n${nodes}`;
    })
    .join('\n');
}

/** Results of every axe check in this process, for the summary at the end of each file. */
export const axeLog = [];

/** Rejects when `promise` takes longer than `ms`, so a stuck check fails instead of hanging. */
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * axe-core cannot run in a page whose scripts are disabled (its timers never fire). For such a page
 * the exact markup the browser holds is replayed at the same address in a second, script-enabled
 * context, with the page's own scripts blocked, so axe judges what a no-JavaScript reader gets.
 */
async function analyzeStaticCopy(page) {
  const html = await page.content();
  const url = page.url();
  const context = await page.context().browser().newContext({ locale: 'en-GB' });
  try {
    const copy = await context.newPage();
    await copy.route('**/*', (route) => {
      const req = route.request();
      if (req.resourceType() === 'document' && req.url() === url) {
        return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      }
      if (req.resourceType() === 'script') return route.abort();
      return route.continue();
    });
    await copy.goto(url);
    return await new AxeBuilder({ page: copy }).withTags(AXE_TAGS).analyze();
  } finally {
    await context.close();
  }
}

/** Runs axe-core (WCAG 2.0/2.1/2.2 A and AA) on the page as it is and asserts no violations. */
export async function checkAccessibility(page, label) {
  const results = await within(
    60_000,
    `axe-core on ${label}`,
    page.javaScriptDisabled ? analyzeStaticCopy(page) : new AxeBuilder({ page }).withTags(AXE_TAGS).analyze(),
  );
  axeLog.push({
    label,
    url: page.url(),
    violations: results.violations.length,
    passes: results.passes.length,
    incomplete: results.incomplete.length,
  });
  assert.equal(
    results.violations.length,
    0,
    `axe-core found ${results.violations.length} WCAG A/AA violation(s) on ${label} (${page.url()}):\n${formatViolations(results.violations)}`,
  );
  return results;
}

/** Prints the axe results of this file (the test runner shows them as TAP diagnostics). */
export function printAxeLog() {
  for (const r of axeLog) {
    console.log(
      `axe ${r.label}: ${r.violations} violations, ${r.passes} rules passed, ${r.incomplete} need review (${r.url})`,
    );
  }
}

/** Saves a screenshot of a failing page next to the server log (kept with TANDEM_E2E_KEEP=1). */
export async function screenshotOnFailure(t, page) {
  const dir = process.env.TANDEM_E2E_ARTIFACTS;
  if (!dir || !page || page.isClosed()) return;
  try {
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${t.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 80)}.png`);
    await page.screenshot({ path: file, fullPage: true });
    console.log(`screenshot of the failing page: ${file}`);
  } catch {
    // A screenshot is a convenience; the assertion's own message is the report.
  }
}
