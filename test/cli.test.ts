import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs, { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fixturePath, repoRoot, runCli } from './helpers';
import { tempDir } from './tempDir';

const fixture = fixturePath('syntax', 'iommu_core.c');

test('parse --format json gives functions with 1-based lines and params', async () => {
  const r = await runCli(['parse', fixture, '--format', 'json']);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const fn = out.functions.find((f: { name: string }) => f.name === 'iommu_attach_group');
  assert.deepEqual(Object.keys(fn).slice(0, 5), ['name', 'file', 'line', 'endLine', 'params']);
  assert.deepEqual(fn.params, [
    { name: 'domain', type: 'struct iommu_domain *' },
    { name: 'group', type: 'struct iommu_group *' },
  ]);
  assert.deepEqual(out.diagnostics, []);
});

test('cfg prints text, mermaid and json', async () => {
  const text = await runCli(['cfg', fixture, '--function', 'iommu_attach_group']);
  assert.equal(text.code, 0);
  assert.match(text.stdout, /goto out_unlock/);
  const mermaid = await runCli(['cfg', fixture, '--function', 'iommu_attach_group', '--format', 'mermaid']);
  assert.match(mermaid.stdout, /^flowchart TD/);
  assert.doesNotMatch(mermaid.stdout, /->group/, 'code in labels is escaped');
  const json = JSON.parse((await runCli(['cfg', fixture, '-f', 'iommu_attach_group', '--format', 'json'])).stdout);
  assert.equal(json.function, 'iommu_attach_group');
  assert.ok(json.blocks.some((b: { label?: string }) => b.label === 'out_unlock'));
});

test('callgraph json has callback edges', async () => {
  const r = await runCli(['callgraph', fixture, '--format', 'json']);
  assert.equal(r.code, 0);
  const out = JSON.parse(r.stdout);
  assert.ok(out.edges.some((e: { kind: string; from: string; to: string }) => e.kind === 'callback' && e.from === '__iommu_group_for_each_dev' && e.to === 'iommu_group_do_attach_device'));
});

test('bad input: one clear message and exit code 2, never a stack trace', async () => {
  const dir = tempDir('test');
  const empty = tempDir('empty');
  const binary = join(dir, 'blob.c');
  writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]));
  const huge = join(dir, 'huge.c');
  writeFileSync(huge, Buffer.alloc(17 * 1024 * 1024, 0x20));
  const cases: Array<[string[], RegExp]> = [
    [['parse', join(dir, 'missing.c')], /no such file/],
    [['parse', empty], /no \.c or \.h files/],
    [['parse', binary], /looks binary/],
    [['parse', huge], /at most 16 MB/],
    [['parse', fixture, '--format', 'xml'], /--format must be one of text, json/],
    [['cfg', fixture], /--function NAME is required/],
    [['cfg', fixture, '--function', 'nope'], /no function 'nope'/],
    [['callgraph', fixture, '--depth', 'x'], /--depth must be a whole number/],
    [['parse', fixture, '--bogus'], /Unknown option/],
    [['frobnicate'], /unknown command/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    if (args[0] !== 'frobnicate') assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
});

test('review reads each input once, a file checked for being a patch included', async (t) => {
  const dir = tempDir('cli');
  const c = join(dir, 'a.c');
  const notes = join(dir, 'notes.txt');
  writeFileSync(c, 'int a(void) { return 0; }\n');
  writeFileSync(notes, 'int b(void) { return 1; }\n');
  const opens = t.mock.method(fs, 'openSync');
  const times = (path: string) => opens.mock.calls.filter((call) => call.arguments[0] === path).length;
  for (const args of [[notes], [c, notes]]) {
    opens.mock.resetCalls();
    const r = await runCli(['review', ...args]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(times(notes), 1, args.join(' '));
  }
});

test('a reader that stops early (lockflow parse big.c | head) ends the run quietly, with no unhandled EPIPE', async () => {
  const body = Array.from({ length: 3000 }, (_, k) => `static int f${k}(int a)\n{\n\treturn a + ${k};\n}\n`).join('\n');
  const dir = tempDir('epipe');
  const file = join(dir, 'many.c');
  writeFileSync(file, body);
  const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'lockflow.js'), 'parse', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  // Read the first chunk, then close the pipe as `head` does.
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|Unhandled/);
});
