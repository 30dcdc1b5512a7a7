/**
 * The CLI's V8 code cache (src/cli/codeCache.ts): used only for the bundle, node and V8 it was made
 * with, grown once per new command, and never a reason for a run to fail or to differ.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultCodeCacheDir, loadWithCodeCache } from '../src/cli/codeCache';
import { fixturePath, repoRoot } from './helpers';
import { tempDir } from './tempDir';

function scratch(): string {
  return tempDir('code-cache');
}

/** A module whose answer is its text: two versions of the same length tell stale bytecode apart. */
function moduleFile(dir: string, answer: string): string {
  const file = join(dir, 'bundle.js');
  writeFileSync(file, `"use strict";\nfunction answer() { return ${JSON.stringify(answer)}; }\nmodule.exports = { answer, dir: __dirname };\n`);
  return file;
}

function cacheFiles(dir: string): string[] {
  return readdirSync(dir).map((f) => join(dir, f));
}

test('a run writes the cache, the next run uses it, and a new command grows it once', () => {
  const dir = scratch();
  const cache = join(dir, 'cache');
  const file = moduleFile(dir, 'first');
  const cold = loadWithCodeCache(file, 'review', cache);
  assert.equal(cold.cache, 'absent');
  assert.equal((cold.exports.answer as () => string)(), 'first');
  assert.equal(cold.exports.dir, dir);
  cold.save();
  const [written] = cacheFiles(cache);
  assert.equal(statSync(written).mode & 0o777, 0o600);

  const warm = loadWithCodeCache(file, 'review', cache);
  assert.equal(warm.cache, 'accepted');
  assert.equal((warm.exports.answer as () => string)(), 'first');
  const before = readFileSync(written);
  warm.save();
  assert.deepEqual(readFileSync(written), before, 'a command the cache already covers does not rewrite it');

  const other = loadWithCodeCache(file, 'parse', cache);
  other.save();
  assert.match(readFileSync(written).subarray(0, 200).toString(), /"labels":\["review","parse"\]/);
  assert.equal(loadWithCodeCache(file, 'parse', cache).cache, 'accepted');
});

test('a changed bundle of the same length, or a damaged cache, is a miss: the new code runs', () => {
  const dir = scratch();
  const cache = join(dir, 'cache');
  loadWithCodeCache(moduleFile(dir, 'aaaa'), 'review', cache).save();
  const changed = loadWithCodeCache(moduleFile(dir, 'bbbb'), 'review', cache);
  assert.equal(changed.cache, 'absent');
  assert.equal((changed.exports.answer as () => string)(), 'bbbb');
  changed.save();
  assert.equal(loadWithCodeCache(join(dir, 'bundle.js'), 'review', cache).cache, 'accepted');

  const written = cacheFiles(cache).sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  const damaged = readFileSync(written);
  damaged[damaged.length - 10] ^= 0xff;
  writeFileSync(written, damaged);
  const afterDamage = loadWithCodeCache(join(dir, 'bundle.js'), 'review', cache);
  assert.equal(afterDamage.cache, 'stale');
  assert.equal((afterDamage.exports.answer as () => string)(), 'bbbb');
});

test('each build adds a cache, and only the most recent few are kept', () => {
  const dir = scratch();
  const cache = join(dir, 'cache');
  for (let k = 0; k < 12; k++) loadWithCodeCache(moduleFile(dir, `build ${k}`), 'review', cache).save();
  assert.equal(cacheFiles(cache).length, 8);
  assert.equal(loadWithCodeCache(moduleFile(dir, 'build 11'), 'review', cache).cache, 'accepted');
});

test('a cache that cannot be written does not fail the run', () => {
  const dir = scratch();
  const blocked = join(dir, 'not-a-directory');
  writeFileSync(blocked, '');
  const load = loadWithCodeCache(moduleFile(dir, 'x'), 'review', join(blocked, 'v8'));
  assert.doesNotThrow(() => load.save());
  assert.equal((load.exports.answer as () => string)(), 'x');
  assert.equal(loadWithCodeCache(join(dir, 'bundle.js'), 'review', undefined).cache, 'off');
});

test('the cache lives in $XDG_CACHE_HOME/lockflow, else ~/.cache/lockflow', () => {
  assert.equal(defaultCodeCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), join('/var/cache/me', 'lockflow', 'v8'));
  assert.match(defaultCodeCacheDir({ XDG_CACHE_HOME: 'relative/path' }) ?? '', /[/\\]\.cache[/\\]lockflow[/\\]v8$/);
});

test('lockflow prints the same from its code cache as without one, and writes the cache where XDG says', () => {
  const dir = scratch();
  const bin = join(repoRoot(), 'bin', 'lockflow.js');
  const input = fixturePath('locks', 'store-type-inversion.c');
  const run = (cacheHome: string) => spawnSync(process.execPath, [bin, 'review', input, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
  const blocked = join(dir, 'file');
  writeFileSync(blocked, '');
  const uncached = run(blocked);
  assert.equal(uncached.status, 0, uncached.stderr);
  const first = run(dir);
  assert.equal(cacheFiles(join(dir, 'lockflow', 'v8')).length, 1);
  const second = run(dir);
  for (const r of [first, second]) {
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, uncached.stderr);
    assert.equal(r.stdout, uncached.stdout);
  }
});

test('with source maps on, lockflow is loaded by node itself (stack traces name the TypeScript) and writes no cache', () => {
  const dir = scratch();
  const r = spawnSync(process.execPath, ['--enable-source-maps', join(repoRoot(), 'bin', 'lockflow.js'), '--version'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: dir } });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(dir), []);
});

test('the CLI bundle has no import(): run from a code cache, V8 has no loader for it', () => {
  assert.doesNotMatch(readFileSync(join(repoRoot(), 'dist', 'cli.js'), 'utf8'), /\bimport\(/);
});
