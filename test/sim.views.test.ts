/** The simulation panel's data: runs by outcome, scenarios by dimension, the banner, a cancellable run. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultMatrix, defaultRaces } from '../src/core/sim';
import { groupRuns, scenarioGroups, simulateWithProgress, summaryLines } from '../src/core';
import type { RunReport } from '../src/core/sim';
import { parseFixture } from './helpers';

const run = (scenario: string, result: string, violation?: string): RunReport => ({
  scenario,
  result,
  trace: [],
  violations: violation ? [{ rule: 'sim/invariant', message: violation }] : [],
});

test('runs are grouped findings first, then returns by value, then stopped runs; only failing keeps the findings', () => {
  const runs = [
    run('a', 't returned 8'),
    run('b', 't: error: foo() is neither in the code under review nor in the model (line 3)'),
    run('c', 't returned -22'),
    run('d', 't: NULL pointer dereference', 'NULL pointer dereference: p at line 4'),
    run('e', 't returned -12'),
    run('f', 't: unhandled answer: get_it() = NULL, then p->x at line 5'),
  ];
  assert.deepEqual(groupRuns(runs).map((r) => `${r.outcome} ${r.run.scenario}`), ['finding d', 'returned e', 'returned c', 'returned a', 'stopped b', 'stopped f']);
  assert.deepEqual(groupRuns(runs, true).map((r) => r.run.scenario), ['d']);
});

test('the default scenarios group by buffer, devices, owner, def_domain_type, capability and failures; races stand alone', () => {
  const all = [...defaultMatrix(), ...defaultRaces()];
  const groups = scenarioGroups(all);
  const dims = [...new Set(groups.map((g) => g.dimension))];
  assert.deepEqual(dims, ['buffer', 'devices', 'owner', 'def_domain_type', 'capability', 'failures', 'other']);
  const buffers = groups.filter((g) => g.dimension === 'buffer');
  assert.deepEqual(buffers.map((g) => g.value), ['"identity"', '"DMA"', '"auto"', '"passthrough"', '"DMA\\n"']);
  // Each dimension splits the matrix: its groups hold every matrix scenario once.
  const matrix = all.filter((s) => s.name.startsWith('buf='));
  for (const d of dims.filter((x) => x !== 'other')) {
    assert.equal(groups.filter((g) => g.dimension === d).reduce((n, g) => n + g.scenarios.length, 0), matrix.length, d);
  }
  assert.deepEqual(groups.filter((g) => g.dimension === 'failures').map((g) => g.value), ['none', 'iommu_group_alloc_default_domain fails', '__iommu_attach_device fails', 'iommu_create_device_direct_mappings fails']);
  assert.ok(groups.some((g) => g.dimension === 'other' && g.value === 'store identity vs unplug'));
});

test('the banner and a run the editor can cancel', async () => {
  const file = await parseFixture('sim', 'store_type_whole_hold.c');
  const seen: number[] = [];
  const cancelled = await simulateWithProgress([file], {}, (done, total) => {
    seen.push(done);
    assert.ok(total > 1000);
    return done < 100;
  });
  assert.equal(cancelled, undefined);
  assert.deepEqual(seen.slice(0, 3), [0, 16, 32]);
  const done = await simulateWithProgress([file], { scenarios: defaultRaces() }, () => true);
  assert.ok(done);
  const lines = summaryLines(done);
  assert.match(lines[0], /^\d+ runs, 0 findings; coverage: returns \d+\/\d+, branches \d+\/\d+; stopped: none$/);
  assert.ok(lines.includes('assumed: CONFIG_PCI may be y or n (IS_ENABLED): both explored'), lines.join('\n'));
});
