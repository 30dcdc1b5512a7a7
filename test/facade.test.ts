/**
 * One core facade: the CLI, the extension and its worker import src/core/index.ts and nothing
 * deeper; its Session decides between a full and an incremental analysis, and both agree.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DEFAULT_OPTIONS, reviewFiles, Session } from '../src/core';
import { readFixture, repoRoot } from './helpers';

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

test('the shells import the core through its facade only', () => {
  const deep: string[] = [];
  let facade = 0;
  for (const shell of ['cli', 'extension', 'worker', 'indexer']) {
    for (const file of tsFiles(join(repoRoot(), 'src', shell))) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\bfrom\s+'((?:\.\.\/)+core(\/[^']*)?)'/g)) {
        if (m[2]) deep.push(`${relative(repoRoot(), file)} imports ${m[1]}`);
        else facade++;
      }
    }
  }
  assert.deepEqual(deep, []);
  assert.ok(facade > 10, 'the shells do use the core');
});

test('a Session reviews, then re-explores only what an edit reached, with the result a fresh review gives', async () => {
  const path = 'drivers/misc/foo.c';
  const base = readFixture('fingerprint', 'base.c');
  const session = new Session();
  const first = await session.update([{ path, text: base }]);
  assert.ok(session.explored.length > 2, 'everything, the first time');
  const edited = base.replace('return -ENODEV;', 'return -EIO;');
  const second = await session.update([{ path, text: edited }]);
  assert.ok(session.explored.length < first.result.functions.length, `only what the edit reached: ${session.explored.join(', ')}`);
  const fresh = await reviewFiles([{ path, text: edited }]);
  assert.deepEqual(second.result.findings.map((f) => f.fingerprint), fresh.result.findings.map((f) => f.fingerprint));
  // Other options start afresh.
  await session.update([{ path, text: edited }], { maxPaths: 50 });
  assert.equal(session.explored.length, fresh.result.functions.length);
  session.dispose();
});

test('one set of defaults: the editor settings default to the core\'s bounds', () => {
  const manifest = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
  const settings = manifest.contributes.configuration.properties;
  assert.equal(settings['lockflow.maxPaths'].default, DEFAULT_OPTIONS.review.maxPaths);
  assert.equal(settings['lockflow.simulation.maxInterleavings'].default, DEFAULT_OPTIONS.simulation.maxInterleavings);
});
