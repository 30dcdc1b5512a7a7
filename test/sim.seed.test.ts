import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot, runCli } from './helpers';

const seed = join(repoRoot(), '..', 'shared', 'seeds', '000_10ed98600faab7e8.txt');

test('lockflow simulate on the seed mail: V3 post-image, every return, the three bugs', async () => {
  const r = await runCli(['simulate', seed, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.function, 'iommu_group_store_type');
  assert.equal(out.coverage.returnsTotal, 6);
  assert.equal(out.coverage.returnsCovered, 6);
  assert.equal(out.coverage.branchesCovered, out.coverage.branchesTotal);
  const msgs = out.findings.map((f: { rule: string; message: string }) => `${f.rule} ${f.message}`);
  assert.ok(msgs.some((m: string) => /^sim\/invariant dev is left attached to a freed domain/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m: string) => /^sim\/use-after-free use-after-free of dev .*device_lock\(dev\)/.test(m)), msgs.join('\n'));
  assert.ok(!msgs.some((m: string) => /sim\/deadlock|sim\/lock-leak/.test(m)), 'V3 drops the mutex before device_lock: no deadlock');
  const freed = out.findings.find((f: { message: string }) => /freed domain/.test(f.message));
  assert.ok(freed.trace.some((e: { text: string }) => /__iommu_attach_device/.test(e.text)), 'the attach happened before the failure');
  assert.deepEqual(Object.keys(out.runs[0]), ['scenario', 'result', 'trace', 'violations']);
  assert.deepEqual(out.limits, []);
});

test('lockflow simulate --format mermaid and text', async () => {
  const m = await runCli(['simulate', seed, '--format', 'mermaid']);
  assert.equal(m.code, 0, m.stderr);
  assert.match(m.stdout, /%% sim\/use-after-free/);
  assert.match(m.stdout, /sequenceDiagram\n {2}participant T0 as store\n {2}participant T1 as unplug/);
  const t = await runCli(['simulate', seed]);
  assert.match(t.stdout, /coverage: returns 6\/6/);
  assert.match(t.stdout, /explored store identity vs unplug: \d+ interleavings/);
  // The three uses of dev after unplug freed it are one finding: its shortest interleaving, the others as witnesses.
  assert.match(t.stdout, /interleaving: store ×\d+ → unplug ×\d+\n {4}shown by \d+ runs: the shortest here, and \d+ more interleavings \(also at lines \d+, \d+\)/);
  assert.equal(t.stdout.match(/^ {2}sim\/use-after-free/gm)?.length, 1);
  assert.match(t.stdout, /Possible unsafe interleaving:\n\n {4}store {35}unplug\n/);
});
