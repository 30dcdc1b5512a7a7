/** The seed mail of ../shared/seeds (run by `npm run test:seed`): what its reviewer found. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { repoRoot, runCli } from './helpers';
import type { Finding, LockOrderEdge } from '../src/core/review/types';

const SEED = join(repoRoot(), '..', 'shared', 'seeds', '000_10ed98600faab7e8.txt');

test('the seed, read as a mail with no base, gives what its reviewer found', async () => {
  const r = await runCli(['review', SEED, '--format', 'json']);
  assert.equal(r.code, 1, r.stderr);
  const out = JSON.parse(r.stdout) as { version: number; findings: Finding[]; lockOrder: LockOrderEdge[]; functions: Array<{ name: string; summary: { releases: string[] } }> };
  assert.equal(out.version, 1);
  const by = (rule: string, fn: string) => out.findings.filter((f) => f.rule === rule && f.function === fn);

  const helper = by('lock/helper-releases-caller-lock', 'iommu_change_dev_def_domain');
  assert.equal(helper.length, 1);
  assert.match(helper[0].message, /iommu_group_store_type\(\)/);
  assert.match(helper[0].message, /group->mutex/);
  assert.ok(helper[0].trace.some((t) => /mutex_lock\(&group->mutex\)/.test(t.event)), 'evidence shows where the caller took the lock');

  const uau = by('lock/use-after-unlock', 'iommu_group_store_type');
  assert.equal(uau.length, 1);
  assert.match(uau[0].message, /'dev'/);
  assert.match(uau[0].suggestion, /get_device\(dev\)/);

  // The device found before the unlock is used after the relock with nothing checked again.
  const stale = by('lock/stale-after-relock', 'iommu_group_store_type');
  assert.equal(stale.length, 1);
  assert.deepEqual(stale[0].subject, { lock: 'group->mutex', variable: 'dev' });
  assert.deepEqual(stale[0].related.map((x) => x.line), [2949, 2969, 2991]);
  assert.ok(stale[0].line > 2991);

  assert.ok(out.lockOrder.some((e) => e.from === 'device.mutex' && e.to === 'iommu_group.mutex' && e.function === 'iommu_group_store_type'));

  const busy = by('errno/busy-as-invalid', 'iommu_group_store_type');
  assert.equal(busy.length, 1);
  assert.match(busy[0].message, /assigned to user level/);

  const redundant = by('api/redundant-parameter', 'iommu_change_dev_def_domain');
  assert.equal(redundant.length, 1);
  assert.match(redundant[0].message, /'prev_dom'.*group->default_domain/);

  assert.deepEqual(by('lock/held-at-return', 'iommu_group_store_type'), []);
  assert.deepEqual(out.functions.find((f) => f.name === 'iommu_change_dev_def_domain')?.summary.releases, ['group->mutex']);
  for (const f of out.findings) assert.equal(f.file, 'drivers/iommu/iommu.c');
});

test("the headline finding's callee steps show the caller's group->mutex held, as the caller holds it", async () => {
  const out = JSON.parse((await runCli(['review', SEED, '--format', 'json', '--fail-on', 'none'])).stdout);
  const f: Finding = out.findings.find((x: Finding) => x.rule === 'lock/helper-releases-caller-lock' && x.function === 'iommu_change_dev_def_domain');
  const entry = f.trace.findIndex((t) => /held on entry: group->mutex/.test(t.event));
  assert.ok(entry > 0, 'the trace goes on into the helper');
  const inCallee = f.trace.slice(entry);
  assert.ok(inCallee.length >= 3);
  for (const t of inCallee) assert.ok(t.held.includes('group->mutex'), `line ${t.line} (${t.event}): held ${JSON.stringify(t.held)}`);
});
