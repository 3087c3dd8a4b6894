// The demo's e-mail outbox: `tandem demo` writes every message it sends as one JSON file
// ({to, subject, text, html, created_at}) in a directory next to its database, named so that a
// name sort is time order, and renamed into place only once complete (crates/mail OutboxMailer).
// The tests read links out of it as the recipient would read them out of their mail.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Names of the messages in the outbox now (hidden temporary files are not messages yet). */
export function outboxNames(dir) {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .sort();
}

/** The messages in `dir` whose names are not in `seen` (a Set from `outboxNames`), oldest first. */
export function newMessages(dir, seen = new Set()) {
  return outboxNames(dir)
    .filter((n) => !seen.has(n))
    .map((name) => ({ name, ...JSON.parse(readFileSync(join(dir, name), 'utf8')) }));
}

/**
 * Waits (bounded) until a message not in `seen` satisfies `predicate`, and returns it. The request
 * queues the message and wakes the server's notice workers, which write it moments later (see
 * docs/notices.md), so the wait is a margin rather than a poll interval.
 */
export async function waitForMessage(dir, seen, predicate, what, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = newMessages(dir, seen).filter(predicate);
    if (found.length > 0) {
      assert.equal(found.length, 1, `more than one new e-mail for ${what}: ${found.map((m) => m.subject).join(' | ')}`);
      return found[0];
    }
    if (Date.now() > deadline) {
      const subjects = newMessages(dir, seen).map((m) => `${m.to}: ${m.subject}`);
      throw new Error(`no e-mail for ${what} within ${timeoutMs / 1000} s; new messages: ${JSON.stringify(subjects)}`);
    }
    await sleep(100);
  }
}

/** The first link in a message's text that points at `path` on the server (e.g. "/manager-approval/"). */
export function linkIn(message, path) {
  const link = message.text.split(/\s+/).find((w) => /^https?:\/\//.test(w) && new URL(w).pathname.startsWith(path));
  assert.ok(link, `no ${path} link in the e-mail "${message.subject}":\n${message.text}`);
  return link;
}
