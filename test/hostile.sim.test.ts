import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFile } from '../src/core/syntax';
import { loadScenarios, renderMermaid, simulate, ScenarioError, type SimulationReport } from '../src/core/sim';
import { MAX_DEVICES, MAX_THREADS } from '../src/core/sim/scenarios';
import { measured } from './hostileFixtures';
import { fixturePath, readFixture, runCli } from './helpers';
import { tempDir } from './tempDir';

const UNPLUG = 'device_lock(dev); iommu_release_device(dev); device_unlock(dev); put_device(dev);';

function scenario(threads: number, devices: number) {
  const names = Array.from({ length: devices }, (_, k) => `dev${k}`);
  return {
    name: `${threads} threads, ${devices} devices`,
    world: { group: { devices: names, defaultDomain: 'DMA' }, devices: names.map((name) => ({ name, bound: false })) },
    threads: Array.from({ length: threads }, (_, k) => ({ name: `t${k}`, code: k ? UNPLUG.replace(/dev\b/g, 'dev0') : '$function(group, "identity", 9)' })),
  };
}

test('a scenario with 200 threads is refused at the thread cap, quickly and in little memory', async () => {
  const { value, ms, rssMb } = await measured(async () => {
    try {
      loadScenarios(scenario(200, 1));
      return undefined;
    } catch (e) {
      return e;
    }
  });
  assert.ok(value instanceof ScenarioError);
  assert.match((value as Error).message, new RegExp(`200 threads; a scenario has at most ${MAX_THREADS}`));
  assert.ok(ms < 10_000 && rssMb < 500, `${ms} ms, ${rssMb} MB`);
  assert.equal(loadScenarios(scenario(MAX_THREADS, 1)).length, 1);
});

test('200,000 devices are refused at the device cap in linear time; the CLI says so in one line', async () => {
  const dir = tempDir('sim');
  const file = join(dir, 'many.json');
  writeFileSync(file, JSON.stringify(scenario(2, 200_000)));
  const { value: r, ms, rssMb } = await measured(() => runCli(['simulate', fixturePath('sim', 'store_type_fixed.c'), '--scenario', file]));
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  assert.match(r.stderr, new RegExp(`200000 devices; a scenario has at most ${MAX_DEVICES}`));
  assert.ok(ms < 10_000 && rssMb < 500, `${ms} ms, ${rssMb} MB`);
});

test('the "no function" error names the first ten functions and how many more', async () => {
  const fns = Array.from({ length: 22_000 }, (_, k) => `void f${k}(void) { }`).join('\n');
  const dir = tempDir('sim');
  writeFileSync(join(dir, 'many.c'), fns);
  const r = await runCli(['simulate', join(dir, 'many.c')]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\(functions: f0, f1, f2, f3, f4, f5, f6, f7, f8, f9, \.\.\. 21990 more\)/);
  assert.ok(r.stderr.length < 300, `${r.stderr.length} characters`);
});

test('mermaid comments from simulated data cannot carry a %%{init}%% directive', async () => {
  const file = await parseFile('store.c', readFixture('sim', 'store_type_unlocked_window.c'));
  const report: SimulationReport = simulate([file], { maxInterleavings: 200 });
  const directive = '%%{init: {"theme": "forest", "securityLevel": "loose"}}%%';
  const hostile: SimulationReport = {
    ...report,
    function: `store ${directive}`,
    findings: report.findings.length ? [{ ...report.findings[0], message: `bad\n${directive}` }] : [],
  };
  for (const r of [hostile, { ...hostile, findings: [] }]) {
    const text = renderMermaid(r);
    assert.doesNotMatch(text, /%%\{/, text.slice(0, 300));
    for (const line of text.split('\n').filter((l) => l.startsWith('%%'))) assert.doesNotMatch(line.slice(2), /[%{}]/, line);
  }
});
