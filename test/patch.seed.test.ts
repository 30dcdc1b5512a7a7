import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completeWithin, postImageWithoutBase, readPatchInput } from '../src/core/patch';
import { parseFile, walk } from '../src/core/syntax';
import { repoRoot, runCli } from './helpers';

const seedPath = join(repoRoot(), '..', 'shared', 'seeds', '000_10ed98600faab7e8.txt');
const seed = readFileSync(seedPath, 'utf8');

test('the seed reads as V3 1/3 for drivers/iommu/iommu.c with 3 hunks whose counts hold', async () => {
  const set = await readPatchInput(seed, 'seed');
  assert.equal(set.patches.length, 1);
  const p = set.patches[0];
  assert.deepEqual([p.version, p.part, p.of], [3, 1, 3]);
  assert.equal(p.subject, 'iommu: Add support to change default domain of an iommu_group');
  assert.equal(p.author, 'Sai Praneeth Prakhya');
  assert.equal(p.quoteDepth, 1);
  assert.match(p.body, /^Presently, the default domain/);
  assert.match(p.body, /Signed-off-by: Sai Praneeth Prakhya/);
  assert.doesNotMatch(p.body, /drivers\/iommu\/iommu\.c \|/, 'the diffstat is not part of the commit message');
  assert.equal(p.files.length, 1);
  const f = p.files[0];
  assert.deepEqual([f.oldPath, f.newPath, f.index], ['drivers/iommu/iommu.c', 'drivers/iommu/iommu.c', 'a4c2f122eb8b..2b6cca799055']);
  assert.deepEqual(
    f.hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines]),
    [[92, 6, 92, 8], [524, 7, 526, 8], [2847, 3, 2850, 209]],
  );
  for (const h of f.hunks) {
    assert.notEqual(h.status, 'broken');
    assert.equal(h.lines.filter((l) => l.kind !== '+').length, h.oldLines);
    assert.equal(h.lines.filter((l) => l.kind !== '-').length, h.newLines);
  }
  // Space-stuffed context is undone: the context line is the kernel's, without a leading space.
  assert.equal(f.hunks[0].lines[0].text, 'static int iommu_create_device_direct_mappings(struct iommu_group *group,');
});

test('the joined line "} > +" is split, with a notice at its input line', async () => {
  const set = await readPatchInput(seed, 'seed');
  const joined = set.notices.filter((n) => /joined/.test(n.message));
  assert.equal(joined.length, 1);
  assert.equal(joined[0].line, seed.split('\n').findIndex((l) => l.includes('} > +')) + 1);
  assert.equal(joined[0].hunk?.index, 2);
  const hunk = set.patches[0].files[0].hunks[2];
  const at = hunk.lines.findIndex((l) => l.inputLine === joined[0].line);
  assert.deepEqual(hunk.lines.slice(at, at + 2).map((l) => [l.kind, l.text]), [['+', '\t}'], ['+', '']]);
  assert.ok(set.notices.every((n) => n.severity !== 'error'));
});

test('the reviewer remarks come out anchored, the first to the commit message', async () => {
  const set = await readPatchInput(seed, 'seed');
  const c = set.comments;
  assert.equal(c.length, 10);
  assert.ok(c.every((x) => x.author === 'Lu Baolu' && x.date === 'Fri May 29 02:43:02 UTC 2020'));
  assert.equal(c[0].anchor, null);
  assert.equal(c[0].commitMessageLine, 2);
  assert.match(c[0].text, /^This is inaccurate/);
  assert.doesNotMatch(c[0].text, /\^/, 'the ^^^ underline is kept as a column span, not as text');
  assert.ok(c[0].marked && c[0].marked.end > c[0].marked.start);
  assert.deepEqual(c.slice(0, 3).map((x) => x.commitMessageLine), [2, 4, 15]);
  assert.deepEqual(
    c.slice(3).map((x) => x.anchor?.line),
    [2857, 2859, 2868, 2935, 2969, 3005, 3036],
  );
  assert.ok(c.slice(3).every((x) => x.anchor?.file === 'drivers/iommu/iommu.c'));
  assert.equal(c[8].text, '-EBUSY?');
  // The --- start --- / --- end --- markers delimit the span the last remark is about.
  assert.deepEqual(c[9].range, { file: 'drivers/iommu/iommu.c', startLine: 3016, endLine: 3036 });
  assert.ok(!c.some((x) => /start ---|end ---|Best regards|wrote:/.test(x.text)));
});

test('both new functions are complete in the base-less post-image and parse without errors', async () => {
  const set = await readPatchInput(seed, 'seed');
  const post = postImageWithoutBase(set.patches[0].files[0]);
  assert.deepEqual(post.known, [
    { startLine: 92, endLine: 99 },
    { startLine: 526, endLine: 533 },
    { startLine: 2850, endLine: 3058 },
  ]);
  const lines = post.text.split('\n');
  assert.equal(lines[2852 - 1], 'EXPORT_SYMBOL_GPL(iommu_sva_get_pasid);', 'line N of the text is new-file line N');
  assert.equal(lines[2854 - 1], '/*');
  const parsed = await parseFile('drivers/iommu/iommu.c', post.text);
  for (const name of ['iommu_change_dev_def_domain', 'iommu_group_store_type']) {
    const fn = parsed.functions.find((x) => x.name === name);
    assert.ok(fn, `${name} found`);
    assert.ok(completeWithin(post, fn.line, fn.endLine), `${name} complete`);
    let errors = 0;
    walk(fn.node, (n) => {
      if (n.type === 'ERROR' || n.missing) errors++;
    });
    assert.equal(errors, 0, `${name} parses cleanly`);
  }
  assert.equal(completeWithin(post, 2800, 2860), false);
});

test('lockflow patch --format json gives the issue shape for the seed', async () => {
  const r = await runCli(['patch', seedPath, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out).slice(0, 3), ['patches', 'comments', 'notices']);
  assert.deepEqual(Object.keys(out.patches[0]).slice(0, 7), ['subject', 'version', 'part', 'of', 'author', 'date', 'messageId']);
  assert.deepEqual(Object.keys(out.patches[0].files[0]), ['oldPath', 'newPath', 'index', 'hunks']);
  assert.deepEqual(Object.keys(out.patches[0].files[0].hunks[0]), ['oldStart', 'oldLines', 'newStart', 'newLines', 'status']);
  assert.deepEqual(Object.keys(out.comments[0]).slice(0, 3), ['author', 'text', 'anchor']);
  assert.equal(out.comments.length, 10);
  assert.deepEqual(out.comments[3].anchor, { file: 'drivers/iommu/iommu.c', line: 2857, side: 'new' });
  const text = await runCli(['patch', seedPath]);
  assert.match(text.stdout, /\[PATCH v3 1\/3\] iommu: Add support/);
  assert.match(text.stdout, /drivers\/iommu\/iommu\.c:2857: Lu Baolu: All devices/);
});
