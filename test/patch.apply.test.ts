import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { applyPatch as jsdiffApply } from 'diff';
import { applyPatchSet, applyToBase, gitBlobId, readPatchInput } from '../src/core/patch';
import { fixturePath, readFixture, runCli } from './helpers';
import { tempDir } from './tempDir';

const basePath = fixturePath('patch', 'base', 'drivers', 'widget', 'widget_core.c');
const base = readFileSync(basePath, 'utf8');
const firstFile = async (name: string) => (await readPatchInput(readFixture('patch', name), name)).patches[0].files[0];

test('git blob id is sha1 of "blob <len>\\0" + content', () => {
  assert.equal(gitBlobId(''), 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391');
  assert.equal(gitBlobId('hello\n'), 'ce013625030ba8dba906f756967f9e9ca394464a');
  assert.equal(gitBlobId(base), 'd746ef64f41a8ffeb8cde34933f1788ab52c7c2e');
});

test('a hunk made against a shorter file applies at offset +5', async () => {
  const r = applyToBase(await firstFile('offset.diff'), base);
  assert.deepEqual(r.hunks, [{ status: 'offset', offset: 5, fuzz: 0 }]);
  assert.equal(r.blob.matches, null, 'a plain diff has no index line');
  const lines = r.text!.split('\n');
  assert.equal(lines[42], '\tmutex_lock(&hub->lock);');
  assert.equal(lines[43], '\tif (WARN_ON(!hub->count)) {');
  assert.equal(lines.length, base.split('\n').length + 4);
  assert.ok(r.notices.some((n) => n.message === 'hunk 1 applied at offset +5'));
});

test('a hunk whose first context line differs applies only with fuzz 1', async () => {
  const r = applyToBase(await firstFile('fuzz.patch'), base);
  assert.deepEqual(r.hunks, [{ status: 'fuzz', offset: 0, fuzz: 1 }]);
  assert.deepEqual(r.blob, { expected: 'd746ef64f41a', actual: gitBlobId(base), matches: true });
  const lines = r.text!.split('\n');
  assert.equal(lines[55], '\t\tret = widget_hw_reset(w);', 'the fuzzed context keeps the base text');
  assert.deepEqual(lines.slice(59, 64), ['', '\tspin_lock(&hub->stats_lock);', '\thub->resets++;', '\tspin_unlock(&hub->stats_lock);', '\tmutex_unlock(&hub->lock);']);
});

test('a hunk that does not apply is rejected with the line that differs, and the blob mismatch is reported', async () => {
  const r = applyToBase(await firstFile('reject.patch'), base);
  assert.equal(r.rejected, 1);
  assert.equal(r.text, base, 'its only hunk is left out, as patch --reject leaves the file');
  assert.equal(r.hunks[0].status, 'rejected');
  assert.match(r.hunks[0].reason ?? '', /at line 45 the base differs from the hunk's 'widget_hub_dec\(hub\);'/);
  assert.equal(r.blob.matches, false);
  assert.ok(r.notices.some((n) => n.severity === 'warning' && /made against 5a5a5a5a5a5a/.test(n.message)));
});

test('mail-stripped trailing whitespace still matches, with a notice', async () => {
  const withSpace = base.replace('\tlist_del(&w->node);\n', '\tlist_del(&w->node);  \n');
  const r = applyToBase(await firstFile('offset.diff'), withSpace);
  assert.equal(r.hunks[0].status, 'offset');
  assert.ok(r.notices.some((n) => /trailing whitespace/.test(n.message)));
  assert.match(r.text!, /list_del\(&w->node\);  \n/, 'the base line is kept as it was');
});

test('a damaged hunk is rejected with its reason, never applied half-way', async () => {
  const text = readFixture('patch', 'offset.diff').replace('@@ -36,6 +36,10 @@', '@@ -36,6 +36,12 @@');
  const set = await readPatchInput(text, 'cut.diff');
  const h = set.patches[0].files[0].hunks[0];
  assert.equal(h.status, 'broken');
  assert.match(h.problem ?? '', /announces -6 \+12 lines but only -6 \+10 follow/);
  assert.ok(set.notices.some((n) => n.severity === 'error' && n.hunk?.index === 0));
  const r = applyToBase(set.patches[0].files[0], base);
  assert.equal(r.text, base, 'not applied, not even in part');
  assert.equal(r.rejected, 1);
  assert.match(r.hunks[0].reason ?? '', /damaged/);
});

test('lockflow patch --base reports per hunk and never writes the base', async () => {
  const dir = tempDir('base');
  const tree = join(dir, 'drivers', 'widget');
  mkdirSync(tree, { recursive: true });
  copyFileSync(basePath, join(tree, 'widget_core.c'));
  const before = statSync(join(tree, 'widget_core.c')).mtimeMs;
  const fuzz = await runCli(['patch', fixturePath('patch', 'fuzz.patch'), '--base', dir]);
  assert.equal(fuzz.code, 0, fuzz.stderr);
  assert.match(fuzz.stdout, /@@ -56,11 \+56,11 @@ ok; fuzz 1$/m);
  const reject = await runCli(['patch', fixturePath('patch', 'reject.patch'), '--base', join(tree, 'widget_core.c'), '--format', 'json']);
  assert.equal(reject.code, 0, reject.stderr);
  const out = JSON.parse(reject.stdout);
  assert.equal(out.patches[0].files[0].hunks[0].apply.status, 'rejected');
  assert.equal(out.patches[0].files[0].apply.applied, false);
  assert.equal(readFileSync(join(tree, 'widget_core.c'), 'utf8'), base);
  assert.equal(statSync(join(tree, 'widget_core.c')).mtimeMs, before);
});

test('a series applies in order: part 2 sees the text part 1 left, blob ids chain', async () => {
  const set = await readPatchInput(readFixture('patch', 'series.mbox'), 'series.mbox');
  const results = applyPatchSet(set, (path) => (path === 'drivers/widget/widget_core.c' ? base : { missing: `${path} not in base` }));
  const [one, two] = set.patches.map((p) => results.get(p.files[0])!);
  assert.ok(!('missing' in one) && !('missing' in two));
  assert.deepEqual([one.hunks[0].status, two.hunks[0].status], ['applied', 'applied']);
  assert.deepEqual([one.blob.matches, two.blob.matches], [true, true]);
  assert.equal(gitBlobId(two.text!).slice(0, 12), 'c2a7c1b5b483');
  const missing = applyPatchSet(set, (path) => ({ missing: `${path} not in base` }));
  assert.deepEqual(missing.get(set.patches[0].files[0]), { missing: 'drivers/widget/widget_core.c not in base' });
});

test("jsdiff's applyPatch agrees with our text where it applies (it cannot say where or with what fuzz)", async () => {
  for (const [name, fuzzFactor] of [['offset.diff', 0], ['fuzz.patch', 1]] as const) {
    const ours = applyToBase(await firstFile(name), base).text;
    const theirs = jsdiffApply(base, diffOnly(name), { fuzzFactor });
    assert.equal(theirs, ours, name);
  }
  assert.equal(jsdiffApply(base, diffOnly('reject.patch'), { fuzzFactor: 2 }), false);
});

/** The diff of a fixture without its mail around it, as jsdiff wants it. */
function diffOnly(name: string): string {
  const raw = readFixture('patch', name);
  const end = raw.indexOf('\n-- \n');
  return raw.slice(raw.indexOf('--- a/'), end < 0 ? undefined : end + 1);
}
