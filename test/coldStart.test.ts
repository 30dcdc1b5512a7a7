/**
 * What bin/lockflow.js does for a short run: the grammar's wasm compiled ahead of the first parse,
 * and node built-ins that only some commands use left unloaded until one does. This file runs in a
 * process of its own (node --test), so its first initSyntax() is the compiled one.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { initSyntax, parseFile } from '../src/core';
import { defaultGrammarDir } from '../src/core/syntax';
import { fixturePath, readFixture, repoRoot } from './helpers';
import { tempDir } from './tempDir';

declare const WebAssembly: { compile(bytes: Uint8Array): Promise<object> };

test('a grammar compiled ahead serves the parses that follow', async () => {
  const dir = defaultGrammarDir(join(repoRoot(), 'dist'));
  const compile = (name: string) => WebAssembly.compile(readFileSync(join(dir, name)));
  await initSyntax({ compiled: { runtime: compile('web-tree-sitter.wasm'), grammar: compile('tree-sitter-c.wasm') } });
  const file = await parseFile('store-type-inversion.c', readFixture('locks', 'store-type-inversion.c'));
  assert.ok(file.functions.length >= 3);
  assert.ok(file.functions.some((f) => f.name === 'group_store_type_locked'));
  assert.deepEqual(
    file.diagnostics.filter((d) => d.severity === 'error'),
    [],
  );
});

test('a review of a C file loads neither child_process nor worker_threads: only git and the index need them', () => {
  const hook = join(tempDir('cold-start'), 'modules.js');
  writeFileSync(hook, "process.on('exit', () => process.stderr.write('\\nMODULES ' + JSON.stringify(process.moduleLoadList)));\n");
  const r = spawnSync(process.execPath, ['--require', hook, join(repoRoot(), 'bin', 'lockflow.js'), 'review', fixturePath('locks', 'store-type-inversion.c'), '--fail-on', 'none'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /group_store_type_locked/);
  const loaded: string[] = JSON.parse(r.stderr.slice(r.stderr.lastIndexOf('MODULES ') + 8));
  assert.ok(loaded.includes('NativeModule fs'), 'the list is node’s module list');
  for (const unused of ['child_process', 'worker_threads']) assert.ok(!loaded.includes(`NativeModule ${unused}`), `${unused} was loaded`);
});
