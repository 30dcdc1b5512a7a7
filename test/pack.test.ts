/**
 * The published package runs on its own: `npm pack` carries the CLI bundle, the grammars and the
 * report script, and `lockflow review` works from the unpacked tarball with no node_modules at all
 * (so also after `npm ci --omit=dev`): what the tests and the build use stays a dev dependency.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixturePath, repoRoot } from './helpers';
import { connectLockflow } from './mcpClient';
import { tempDir } from './tempDir';

test('the packed tarball reviews a file and writes an HTML report without any installed package', () => {
  const dir = tempDir('pack');
  // The build already ran (npm test's pretest): no prepack here.
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repoRoot(), encoding: 'utf8' }));
  const files = (packed.files as Array<{ path: string }>).map((f) => f.path).sort();
  assert.deepEqual(files, ['README.md', 'bin/lockflow.js', 'dist/cli.js', 'dist/codeCache.js', 'dist/indexWorker.js', 'dist/mcpSdk.js', 'grammars/tree-sitter-c.wasm', 'grammars/web-tree-sitter.wasm', 'media/dist/report.js', 'package.json']);
  execFileSync('tar', ['xzf', join(dir, packed.filename), '-C', dir]);
  const pkg = JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8'));
  for (const dev of ['diff', 'tree-sitter-c', 'tree-sitter', 'esbuild', 'typescript']) assert.ok(!(dev in (pkg.dependencies ?? {})), `${dev} is a dev dependency`);
  assert.ok(!existsSync(join(dir, 'package', 'node_modules')));

  const cli = join(dir, 'package', 'bin', 'lockflow.js');
  const review = spawnSync(process.execPath, [cli, 'review', fixturePath('fingerprint', 'base.c'), '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(review.status, 1, review.stderr);
  assert.deepEqual(JSON.parse(review.stdout).findings.map((f: { rule: string }) => f.rule).sort(), ['lock/double-acquire', 'lock/held-at-return']);
  const report = join(dir, 'report.html');
  const html = spawnSync(process.execPath, [cli, 'review', fixturePath('fingerprint', 'base.c'), '--format', 'html', '--fail-on', 'none', '--output', report], { cwd: dir, encoding: 'utf8' });
  assert.equal(html.status, 0, html.stderr);
  assert.match(readFileSync(report, 'utf8'), /<script>[\s\S]*mermaid/);
  // The tree index runs its worker threads from the package too.
  const index = spawnSync(process.execPath, [cli, 'index', fixturePath('tree'), '--cache', join(dir, 'index'), '--format', 'json'], { cwd: dir, encoding: 'utf8' });
  assert.equal(index.status, 0, index.stderr);
  assert.deepEqual([JSON.parse(index.stdout).files, JSON.parse(index.stdout).cut], [3, []]);
});

test('the packed tarball serves the agent tools over MCP (the SDK is bundled in dist/mcpSdk.js, not installed)', async () => {
  const dir = tempDir('pack-mcp');
  const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], { cwd: repoRoot(), encoding: 'utf8' }));
  execFileSync('tar', ['xzf', join(dir, packed.filename), '-C', dir]);
  assert.ok(!existsSync(join(dir, 'package', 'node_modules')));
  const mcp = await connectLockflow(fixturePath('tools'), join(dir, 'package', 'bin', 'lockflow.js'));
  try {
    const answer = await mcp.call('lockflow_callers', { function: 'widget_set_mode' });
    assert.equal(answer.isError, false, answer.text);
    assert.deepEqual(JSON.parse(answer.text).callers.map((c: { caller: string }) => c.caller), ['mode_store']);
  } finally {
    await mcp.close();
  }
});
