/**
 * Patch review speaks about the patch: a fixture patch that introduces 2 findings and changes a
 * function with 1 pre-existing finding, in a file with 2 more elsewhere (test/fixtures/patchgroups).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Finding } from '../src/core/review';
import PostalMime from 'postal-mime';
import { fixturePath, runCli } from './helpers';

const BASE = fixturePath('patchgroups', 'base.c');
const review = (patch: string, ...args: string[]) => runCli(['review', fixturePath('patchgroups', patch), '--base', BASE, ...args]);

/** The lines of one `== title: N` section of the text report. */
function section(text: string, title: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.startsWith(`== ${title}:`));
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && (l.startsWith('== ') || l.startsWith('total:')));
  return lines.slice(start, end);
}

const headlines = (lines: string[]) => lines.filter((l) => /^\s*drivers\/misc\/widget\.c:\d+: (ERROR|WARNING|INFO): /.test(l));

test('text: the 2 introduced findings in full, the 3 pre-existing folded to one line each with the right split', async () => {
  const { stdout, code } = await review('introduce.patch');
  assert.equal(code, 1, 'the patch introduces warnings: --fail-on warning (the default) fails');
  const introduced = section(stdout, 'Introduced by this patch');
  assert.match(introduced[0], /^== Introduced by this patch: 2$/);
  assert.deepEqual(headlines(introduced).map((l) => /\[(\S+)\] (\w+)\(\)/.exec(l)!.slice(1).join(' ')), ['lock/sleep-in-atomic widget_set_rate', 'lock/held-at-return widget_set_max_rate']);
  assert.equal(introduced.filter((l) => l.trim() === 'path:').length, 2, 'each introduced finding shows its path');

  const changed = section(stdout, 'Pre-existing, in functions this patch changes');
  assert.match(changed[0], /: 1 \(folded/);
  assert.deepEqual(headlines(changed).map((l) => /\] (\w+)\(\)/.exec(l)![1]), ['widget_set_rate']);
  const elsewhere = section(stdout, 'Pre-existing, elsewhere in the files');
  assert.match(elsewhere[0], /: 2 \(folded/);
  assert.deepEqual(headlines(elsewhere).map((l) => /\] (\w+)\(\)/.exec(l)![1]), ['widget_stats_read', 'widget_flush']);
  for (const l of [...changed.slice(1), ...elsewhere.slice(1)]) assert.match(l, /^ {2}drivers\//, 'folded: nothing but the one line');
  assert.match(stdout, /\(2 introduced by the patch, 3 pre-existing\)/);

  const shown = (await review('introduce.patch', '--show', 'pre-existing')).stdout;
  assert.equal(section(shown, 'Pre-existing, elsewhere in the files').filter((l) => l.trim() === 'path:').length, 2, '--show pre-existing shows their evidence');
});

test('--fail-on counts what the patch introduces: a patch that introduces nothing passes, unless --fail-on-pre-existing', async () => {
  const clean = await review('clean.patch');
  assert.equal(clean.code, 0, clean.stdout);
  assert.match(clean.stdout, /^== Introduced by this patch: 0$/m);
  assert.equal(headlines(section(clean.stdout, 'Pre-existing, in functions this patch changes')).length, 1, 'the changed function keeps its old finding');
  assert.equal((await review('clean.patch', '--fail-on-pre-existing')).code, 1);
  assert.equal((await review('introduce.patch', '--fail-on', 'error')).code, 1, 'the introduced sleep in atomic context is an error');
  // Without a base nothing tells old from new: every finding counts.
  assert.equal((await runCli(['review', fixturePath('patchgroups', 'clean.patch')])).code, 0, 'base-less, the clean hunk alone has no finding');
  assert.equal((await runCli(['review', fixturePath('patchgroups', 'introduce.patch')])).code, 1);
});

test('JSON and SARIF: every finding says where it stands, and SARIF carries baselineState for all 5', async () => {
  const json = JSON.parse((await review('introduce.patch', '--format', 'json')).stdout);
  const where = (f: Finding) => `${f.function} ${f.patchStatus}${f.inChangedFunction ? ' changed' : ''}`;
  assert.deepEqual(json.findings.map(where).sort(), [
    'widget_flush pre-existing',
    'widget_set_max_rate introduced',
    'widget_set_rate introduced',
    'widget_set_rate pre-existing changed',
    'widget_stats_read pre-existing',
  ]);
  const sarif = JSON.parse((await review('introduce.patch', '--format', 'sarif')).stdout);
  const states = sarif.runs[0].results.map((r: { baselineState: string }) => r.baselineState).sort();
  assert.deepEqual(states, ['new', 'new', 'unchanged', 'unchanged', 'unchanged']);
});

/** Runs with git's user.name/user.email set for this process only (GIT_CONFIG_* beat every config file). */
async function asReviewer<T>(run: () => Promise<T>): Promise<T> {
  const env = { GIT_CONFIG_COUNT: '2', GIT_CONFIG_KEY_0: 'user.name', GIT_CONFIG_VALUE_0: 'Bo Reviewer', GIT_CONFIG_KEY_1: 'user.email', GIT_CONFIG_VALUE_1: 'bo@example.org' };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

test('the reply is sendable: from the reviewer git knows, to the author, copied to the recipients, threaded', async () => {
  const mail = (await asReviewer(() => review('introduce.patch', '--format', 'mail'))).stdout;
  const parsed = await PostalMime.parse(mail);
  assert.deepEqual(parsed.from, { name: 'Bo Reviewer', address: 'bo@example.org' });
  assert.deepEqual(parsed.to?.map((a) => a.address), ['ada@example.org']);
  assert.deepEqual(parsed.cc?.map((a) => a.address), ['maint@example.org', 'linux-widgets@vger.example.org'], 'the author is not copied twice');
  assert.equal(parsed.inReplyTo, '<20261130100000.1-widget@example.org>');
  assert.equal(parsed.subject, 'Re: [PATCH] widget: clear the read count on a rate change, add widget_set_max_rate()');
  assert.doesNotMatch(mail, /Lockflow/, 'no tool signature: the reviewer signs');
  const clean = (await asReviewer(() => review('clean.patch', '--format', 'mail', '--reviewed-by'))).stdout;
  assert.match(clean, /^Reviewed-by: Bo Reviewer <bo@example\.org>$/m, 'nothing to remark: a Reviewed-by, when asked for');
  assert.doesNotMatch((await asReviewer(() => review('introduce.patch', '--format', 'mail', '--reviewed-by'))).stdout, /Reviewed-by:/);
});

test('the reply mail speaks of the 2 introduced findings only, threaded to the patch', async () => {
  const mail = (await review('introduce.patch', '--format', 'mail')).stdout;
  assert.match(mail, /^In-Reply-To: <20261130100000\.1-widget@example\.org>$/m);
  assert.match(mail, /msleep\(\) may sleep while/);
  assert.match(mail, /returns with the lock still held/);
  for (const old of ['widget_stats_read', 'widget_flush', 'return -ENODEV']) assert.ok(!mail.includes(old), `the reply leaves ${old} alone`);
  const clean = (await review('clean.patch', '--format', 'mail')).stdout;
  assert.match(clean, /I found nothing to remark on in the locking of this patch/);
});

test('markdown and HTML: introduced in full under a counted heading, pre-existing folded', async () => {
  const md = (await review('introduce.patch', '--format', 'markdown')).stdout;
  assert.match(md, /^## Introduced by this patch \(2\)$/m);
  assert.match(md, /^## Pre-existing, elsewhere in the files \(2\)$/m);
  assert.match(md, /^- ERROR `lock\/double-acquire` in widget_stats_read\(\) at /m);
  assert.equal(md.match(/^### (ERROR|WARNING|INFO) /gm)?.length, 2, 'two findings in full');
  const html = (await review('introduce.patch', '--format', 'html')).stdout;
  assert.match(html, /<h2>Introduced by this patch \(2\)<\/h2>/);
  assert.match(html, /<details open><summary><h2 class="folded">Pre-existing, in functions this patch changes \(1\)<\/h2>/);
});
