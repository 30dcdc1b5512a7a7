import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile, type ParsedFile } from '../src/core/syntax';
import { postImageWithoutBase, readPatchInput } from '../src/core/patch';
import { defaultMatrix, defaultRaces, simulate } from '../src/core/sim';
import { repoRoot } from './helpers';

async function seedPostImage(): Promise<ParsedFile> {
  const path = join(repoRoot(), '..', 'shared', 'seeds', '000_10ed98600faab7e8.txt');
  const set = await readPatchInput(readFileSync(path, 'utf8'), path);
  const file = set.patches[0].files[0];
  assert.equal(file.newPath, 'drivers/iommu/iommu.c');
  return parseFile(file.newPath, postImageWithoutBase(file).text);
}

test('seed V3: the default matrix alone reaches every return of iommu_group_store_type and finds the freed domain', async () => {
  const file = await seedPostImage();
  const r = simulate([file], { scenarios: defaultMatrix() });
  assert.equal(r.function, 'iommu_group_store_type');
  assert.equal(r.runs.length, 1442);
  assert.deepEqual([r.coverage.returnsCovered, r.coverage.returnsTotal], [6, 6]);
  assert.deepEqual(r.exploration, []);
  const freed = r.findings.filter((f) => /is left attached to a freed domain/.test(f.message));
  assert.equal(freed.length, 1);
  assert.match(freed[0].scenario, /, iommu_create_device_direct_mappings fails$/);
  const kinds = freed[0].trace.map((e) => `${e.kind} ${e.text.split('(')[0]}`);
  const attach = kinds.indexOf('model __iommu_attach_device');
  const fault = kinds.indexOf('fault iommu_create_device_direct_mappings');
  assert.ok(attach >= 0 && fault > attach, 'the mappings fail after the attach');
  assert.ok(!r.findings.some((f) => f.rule !== 'sim/invariant'), 'one thread: no deadlock, no use-after-free');
});

test('seed V3: unplug between mutex_unlock and device_lock(dev) frees dev under the store', async () => {
  const file = await seedPostImage();
  const r = simulate([file], { scenarios: defaultRaces() });
  const uaf = r.findings.find((f) => f.rule === 'sim/use-after-free' && /: device_lock\(dev\) at line \d+ in store$/.test(f.message));
  assert.ok(uaf, r.findings.map((f) => f.message).join('\n'));
  const lines = file.text.split('\n');
  const at = Number(/at line (\d+)/.exec(uaf.message)![1]);
  assert.match(lines[at - 1], /^\tdevice_lock\(dev\);$/);
  const unlock = uaf.trace.filter((e) => e.thread === 'store' && e.kind === 'unlock').at(-1)!;
  assert.match(lines[unlock.line - 1], /^\tmutex_unlock\(&group->mutex\);$/);
  assert.ok(r.exploration[0].complete);
  assert.ok(!r.findings.some((f) => f.rule === 'sim/deadlock'));
});
