import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultMatrix, defaultRaces, loadScenarios, ScenarioError } from '../src/core/sim';
import { fixturePath, runCli } from './helpers';
import { tempDir } from './tempDir';

const race = {
  name: 'store DMA vs unplug',
  world: { group: { devices: ['dev'], defaultDomain: 'IDENTITY' }, devices: [{ name: 'dev' }] },
  threads: [
    { name: 'store', code: '$function(group, "DMA", 3)' },
    { name: 'unplug', code: 'device_lock(dev); iommu_release_device(dev); device_unlock(dev); put_device(dev);' },
  ],
  expectType: 'DMA',
};

test('loadScenarios accepts one, an array, or { scenarios }', () => {
  assert.equal(loadScenarios(race)[0].name, 'store DMA vs unplug');
  assert.equal(loadScenarios([race, race]).length, 2);
  assert.equal(loadScenarios({ scenarios: [race] }).length, 1);
});

test('loadScenarios says what is wrong and where', () => {
  const bad = (v: unknown, re: RegExp) => assert.throws(() => loadScenarios(v), (e: Error) => e instanceof ScenarioError && re.test(e.message));
  bad([], /the scenario list is empty/);
  bad(42, /must be a JSON object/);
  bad({ ...race, name: '' }, /^scenario 1: "name" must be a non-empty string/);
  bad([race, { ...race, threads: [] }], /^scenario 2 \(store DMA vs unplug\): "threads" must be a non-empty array/);
  bad({ ...race, world: { ...race.world, group: { devices: ['nic'], defaultDomain: 'DMA' } } }, /"world.group.devices" must list names from "world.devices"/);
  bad({ ...race, world: { ...race.world, devices: [{ name: 'a-b' }] } }, /world.devices\[0\] needs a "name" that is a C identifier/);
  bad({ ...race, faults: [{ nth: 1 }] }, /faults\[0\] needs a "function"/);
  bad({ ...race, invariants: ['no-bugs'] }, /"invariants" must list some of no-locks-held/);
  bad({ ...race, expectType: 'FAST' }, /"expectType" must be one of/);
  bad({ ...race, threads: [{ name: 'x', code: 'device_lock(dev' }] }, /threads\[0\]\.code: expected ',' in the thread code at its end/);
  bad({ ...race, threads: [{ name: 'x', code: 'get_device(dev) put_device(dev);' }] }, /threads\[0\]\.code: expected ';' in the thread code at 'put_device'/);
  bad({ ...race, threads: [{ name: 'x', code: 'if (dev) put_device(dev);' }] }, /threads\[0\]\.code: 'if' is not supported in thread code: use calls/);
});

test('the default matrix crosses every axis with every injectable failure, plus the extra cases', () => {
  const model = { a: { failure: { ret: -1, text: 'x' }, *run() { return 0; } }, b: { *run() { return 0; } } };
  const m = defaultMatrix(model);
  // 5 buffers x 3 device counts x 2 bound x 2 user x 3 def types x 2 capable, without a fault and with a's.
  assert.equal(m.length, 5 * 3 * 2 * 2 * 3 * 2 * 2 + 2);
  assert.ok(m.some((s) => s.world.group === null));
  const auto = m.find((s) => s.threads[0].code === '$function(group, "auto", 4)' && s.world.devices[0].defDomainType === 'IDENTITY')!;
  assert.equal(auto.expectType, 'IDENTITY');
  assert.ok(m.some((s) => s.threads[0].code === '$function(group, "DMA\\n", 4)' && s.expectType === 'DMA'));
  assert.equal(defaultRaces()[0].threads.length, 2);
});

test('lockflow simulate --scenario FILE runs the given scenarios only', async () => {
  const dir = tempDir('sim');
  const file = join(dir, 'race.json');
  writeFileSync(file, JSON.stringify([race]));
  const r = await runCli(['simulate', fixturePath('sim', 'store_type_unlocked_window.c'), '--scenario', file, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.ok(out.runs.every((run: { scenario: string }) => run.scenario === 'store DMA vs unplug'));
  assert.ok(out.findings.some((f: { rule: string }) => f.rule === 'sim/use-after-free'));
  assert.equal(out.exploration[0].complete, true);

  writeFileSync(file, JSON.stringify({ ...race, threads: 'x' }));
  const bad = await runCli(['simulate', fixturePath('sim', 'store_type_fixed.c'), '--scenario', file]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /race\.json: scenario 1 \(store DMA vs unplug\): "threads" must be a non-empty array/);
  writeFileSync(file, JSON.stringify([race]));
  const few = await runCli(['simulate', fixturePath('sim', 'store_type_unlocked_window.c'), '--scenario', file, '--max-interleavings', '5', '--format', 'json']);
  const fewOut = JSON.parse(few.stdout);
  assert.equal(fewOut.exploration[0].interleavings, 5);
  assert.equal(fewOut.exploration[0].complete, false);
  assert.match(fewOut.limits[0], /^store DMA vs unplug: exploration stopped at 5 interleavings \(\d+ states seen\); more remain$/);
  const badN = await runCli(['simulate', fixturePath('sim', 'store_type_fixed.c'), '--max-steps', 'lots']);
  assert.equal(badN.code, 2);
  assert.match(badN.stderr, /--max-steps must be a whole number/);
  const helper = await runCli(['simulate', fixturePath('sim', 'store_type_nested_locks.c'), '--function', 'grp_switch_default_locked']);
  assert.equal(helper.code, 2);
  assert.match(helper.stderr, /the default scenarios call grp_switch_default_locked\(group, buf, count\), but it takes 4 parameters; give scenarios \(--scenario FILE\) for it/);
  const noFn = await runCli(['simulate', fixturePath('sim', 'store_type_fixed.c'), '--function', 'nope']);
  assert.equal(noFn.code, 2);
  assert.match(noFn.stderr, /no function 'nope' in the input \(functions: grp_switch_default_held, grp_type_store\)/);
});

test('a function the patch shows only in part is simulated with a stated limit', async () => {
  const dir = tempDir('sim');
  const file = join(dir, 'bump.json');
  writeFileSync(file, JSON.stringify({ name: 'bump', world: { group: null, devices: [] }, threads: [{ name: 't', code: 'demo_bump(3)' }] }));
  const r = await runCli(['simulate', fixturePath('sim', 'partial-function.patch'), '--function', 'demo_bump', '--scenario', file, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.runs[0].result, 't returned 8');
  assert.deepEqual(out.limits, ['demo_bump is only partly shown by the patch; the runs used the lines it shows']);
});
