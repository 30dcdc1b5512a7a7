/**
 * Lockflow's tools for review agents, on a kernel-style fixture of our own: each tool through the
 * core (runTool) and through the MCP server (a client from the same SDK over stdio), with the
 * same answers; hostile input (a path out of the tree, an unknown function, a line out of range)
 * refused with a message the agent can act on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { parseKnowledgeText, runTool, TOOL_DEFINITIONS, type CallersAnswer, type FunctionSummaryAnswer, type LockOrderAnswer, type LocksAt, type ReviewAnswer } from '../src/core';
import { fixturePath, lineOf, repoRoot, runCli } from './helpers';
import { spawnSync } from 'node:child_process';
import { connectLockflow } from './mcpClient';
import { join } from 'node:path';
import { tempDir } from './tempDir';

const TREE = fixturePath('tools');
const FILE = 'drivers/widget/widget.c';
const TEXT = readFileSync(join(TREE, FILE), 'utf8');
const at = (needle: string, from = 0) => `${FILE}:${lineOf(TEXT, needle, from)}`;
const SET_MODE = TEXT.indexOf('static int widget_set_mode');
const STORE = TEXT.indexOf('static ssize_t mode_store');
const COUNT = TEXT.indexOf('static void widget_count');

interface Call {
  name: string;
  args: Record<string, unknown>;
  check(out: unknown): void;
}
/** A call and what its answer (of the tool's own type) must show. */
function call<T>(name: string, args: Record<string, unknown>, check: (out: T) => void): Call {
  return { name, args, check: (out) => check(out as T) };
}

/** The calls the tests make, and what each answer must show. */
const CALLS: Call[] = [
  // The helper's unlock: the caller's mutex is held there, on entry, because mode_store() holds it at the call.
  call<LocksAt>('lockflow_locks_at', { file: FILE, line: lineOf(TEXT, 'mutex_unlock(&group->mutex);', SET_MODE) }, (out) => {
    assert.equal(out.function, 'widget_set_mode');
    assert.deepEqual(out.must.map((h) => [h.lock, h.class]), [['group->mutex', 'widget_group.mutex']]);
    assert.match(out.must[0].heldOnEntry ?? '', /every caller in view holds it/);
    assert.deepEqual(out.may, []);
  }),
  call<LocksAt>('lockflow_locks_at', { file: FILE, line: lineOf(TEXT, 'wd->hits++;', STORE) }, (out) => {
    assert.equal(out.function, 'mode_store');
    assert.deepEqual(
      out.must.map((h) => [h.lock, h.taken.map((t) => t.at)]),
      [
        ['group->mutex', [at('mutex_lock(&group->mutex);', STORE)]],
        ['wd->stats_lock', [at('spin_lock(&wd->stats_lock);', STORE)]],
      ],
    );
    assert.equal(out.must[0].taken[0].by, 'mutex_lock(&group->mutex)');
  }),
  call<FunctionSummaryAnswer>('lockflow_function_summary', { function: 'widget_set_mode' }, (out) => {
    assert.equal(out.at, at('static int widget_set_mode'));
    assert.deepEqual(out.releases.map((r) => r.lock), ['group->mutex']);
    assert.deepEqual(out.acquires, []);
    assert.deepEqual(out.requires.map((r) => [r.lock, r.why]), [['group->mutex', 'releases-caller-lock']]);
    assert.equal(out.entry.context, 'callers');
    assert.deepEqual(out.entry.held, ['group->mutex']);
    assert.deepEqual(out.entry.calledFrom, [at('ret = widget_set_mode(group, mode);')]);
    assert.equal(out.paths, 2);
    for (const p of out.evidence) assert.deepEqual(p.heldAtEnd, [], 'every path gives the mutex back');
  }),
  call<FunctionSummaryAnswer>('lockflow_function_summary', { function: 'widget_flush', file: FILE }, (out) => {
    assert.deepEqual(out.releases, []);
    assert.deepEqual(out.temporarilyDrops, [{ lock: 'group->mutex', released: at('mutex_unlock(&group->mutex);'), retaken: at('mutex_lock(&group->mutex);') }]);
  }),
  call<CallersAnswer>('lockflow_callers', { function: 'widget_set_mode' }, (out) => {
    assert.deepEqual(out.scope, [FILE]);
    assert.deepEqual(out.callers, [
      { caller: 'mode_store', at: at('ret = widget_set_mode(group, mode);'), held: [{ lock: 'group->mutex', class: 'widget_group.mutex', since: at('mutex_lock(&group->mutex);', STORE) }], heldOnSomePaths: [] },
    ]);
  }),
  call<ReviewAnswer>('lockflow_review', { path: FILE }, (out) => {
    assert.equal(out.kind, 'file');
    const rules = out.findings.map((f) => `${f.rule} ${f.function}`).sort();
    assert.deepEqual(rules, ['lock/helper-drops-caller-lock mode_store', 'lock/helper-releases-caller-lock widget_set_mode', 'lock/order-inversion mode_store', 'lock/sleep-in-atomic widget_count']);
    const helper = out.findings.find((f) => f.rule === 'lock/helper-releases-caller-lock')!;
    assert.ok(helper.related.some((r) => r.at === at('mutex_lock(&group->mutex);', STORE)), 'the evidence names where the caller took the lock');
    assert.ok(helper.trace.length > 0);
  }),
  call<LockOrderAnswer>('lockflow_lock_order', { path: '.' }, (out) => {
    assert.deepEqual(out.read, [FILE]);
    assert.deepEqual(
      out.edges.map((e) => [e.from, e.to, e.sites.map((s) => s.at)]),
      [
        ['widget_group.mutex', 'widget_dev.stats_lock', [at('spin_lock(&wd->stats_lock);', STORE)]],
        ['widget_dev.stats_lock', 'widget_group.mutex', [at('mutex_lock(&group->mutex);', COUNT)]],
      ],
    );
    assert.equal(out.inversions.length, 1);
  }),
];

/** Bad calls, and the message each must give. */
const REFUSED: Array<{ name: string; args: Record<string, unknown>; message: RegExp }> = [
  { name: 'lockflow_locks_at', args: { file: '../../../package.json', line: 1 }, message: /outside the tree.*refused/ },
  { name: 'lockflow_review', args: { path: join(repoRoot(), 'package.json') }, message: /outside the tree.*refused/ },
  { name: 'lockflow_lock_order', args: { path: '..' }, message: /outside the tree.*refused/ },
  { name: 'lockflow_function_summary', args: { function: 'widget_missing' }, message: /no function widget_missing\(\) is defined/ },
  { name: 'lockflow_callers', args: { function: 'widget_missing', file: FILE }, message: /no function widget_missing\(\) is defined in drivers\/widget\/widget\.c/ },
  { name: 'lockflow_function_summary', args: { function: 'x); system("id' }, message: /not a C identifier/ },
  { name: 'lockflow_locks_at', args: { file: FILE, line: 900 }, message: /line 900 is out of range: drivers\/widget\/widget\.c has \d+ lines/ },
  { name: 'lockflow_locks_at', args: { file: FILE, line: '12' }, message: /'line' must be a whole number/ },
  { name: 'lockflow_locks_at', args: { file: FILE }, message: /'line' is required/ },
  { name: 'lockflow_review', args: { path: FILE, extra: 1 }, message: /unknown input 'extra'/ },
  { name: 'lockflow_review', args: { path: 'drivers/widget/none.c' }, message: /no such file or directory/ },
  { name: 'lockflow_nothing', args: {}, message: /unknown tool 'lockflow_nothing'/ },
];

test('each tool through the core answers with identity as values', async () => {
  for (const c of CALLS) c.check(await runTool(c.name, c.args, TREE));
});

test('bad input is refused through the core with a message the agent can act on', async () => {
  for (const r of REFUSED) await assert.rejects(runTool(r.name, r.args, TREE), r.message, `${r.name} ${JSON.stringify(r.args)}`);
});

test('a symlink out of the tree is refused, named directly or met in a directory', async () => {
  const tree = tempDir('tools');
  mkdirSync(join(tree, 'drivers'));
  symlinkSync(join(repoRoot(), 'package.json'), join(tree, 'drivers', 'leak.c'));
  await assert.rejects(runTool('lockflow_review', { path: 'drivers/leak.c' }, tree), /outside .*refused/);
  await assert.rejects(runTool('lockflow_lock_order', { path: 'drivers' }, tree), /outside .*refused/);
});

test('lockflow mcp serves the same tools with the same answers over stdio', async () => {
  const mcp = await connectLockflow(TREE);
  try {
    const listed = (await mcp.client.listTools()).tools;
    assert.deepEqual(
      listed.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
      TOOL_DEFINITIONS.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema })),
    );
    for (const c of CALLS) {
      const answer = await mcp.call(c.name, c.args);
      assert.equal(answer.isError, false, answer.text);
      const out = JSON.parse(answer.text);
      c.check(out);
      assert.deepEqual(out, await runTool(c.name, c.args, TREE), `${c.name}: the server answers as the core does`);
    }
    for (const r of REFUSED) {
      const answer = await mcp.call(r.name, r.args);
      assert.equal(answer.isError, true, `${r.name} ${JSON.stringify(r.args)}`);
      assert.match(answer.text, r.message);
    }
  } finally {
    await mcp.close();
  }
});

test('lockflow mcp answers calls piped in before stdin ends, then exits; it refuses to start without a tree', async () => {
  const requests = [
    { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipe', version: '0' } } },
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'lockflow_callers', arguments: { function: 'widget_set_mode' } } },
  ];
  const run = spawnSync(process.execPath, [join(repoRoot(), 'bin', 'lockflow.js'), 'mcp', '--tree', TREE], { input: requests.map((r) => JSON.stringify(r)).join('\n') + '\n', encoding: 'utf8', timeout: 20_000 });
  assert.equal(run.status, 0, run.stderr);
  const answers = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; result: { content: Array<{ text: string }> } });
  const call = answers.find((a) => a.id === 2);
  assert.ok(call, run.stdout);
  assert.deepEqual((JSON.parse(call.result.content[0].text) as CallersAnswer).callers.map((c) => c.caller), ['mode_store']);

  assert.equal((await runCli(['mcp'])).code, 2);
  assert.match((await runCli(['mcp'])).stderr, /--tree DIR is required/);
  assert.match((await runCli(['mcp', '--tree', join(TREE, FILE)])).stderr, /not a directory/);
});

test("the user's kernel knowledge (--knowledge, the editor's lockflow.knowledgeFile and lockFunctions) is used by the tools as by reviews", async () => {
  const tree = tempDir('tools-config');
  const ring = 'struct ring {\n\tstruct mutex m;\n\tint head;\n};\n\nvoid ring_push(struct ring *r)\n{\n\tring_lock(r);\n\tr->head++;\n\tring_unlock(r);\n}\n';
  writeFileSync(join(tree, 'ring.c'), ring);
  const config = { primitives: [{ name: 'ring_lock', op: 'acquire', kind: 'mutex', path: '$->m' }, { name: 'ring_unlock', op: 'release', kind: 'mutex', path: '$->m' }] };
  const configFile = join(tempDir('config'), 'locks.json');
  writeFileSync(configFile, JSON.stringify(config));
  const args = { file: 'ring.c', line: lineOf(ring, 'r->head++;') };
  const held = (out: LocksAt) => out.must.map((h) => h.lock);
  assert.deepEqual(held((await runTool('lockflow_locks_at', args, tree)) as LocksAt), [], 'ring_lock() is unknown without the table');
  assert.deepEqual(held((await runTool('lockflow_locks_at', args, tree, { knowledge: [parseKnowledgeText(JSON.stringify(config), 'locks.json')] })) as LocksAt), ['r->m']);
  const mcp = await connectLockflow(tree, undefined, ['--knowledge', configFile]);
  try {
    assert.deepEqual(held(JSON.parse((await mcp.call('lockflow_locks_at', args)).text) as LocksAt), ['r->m']);
  } finally {
    await mcp.close();
  }
});

test('package.json contributes the core\'s tools to VS Code, with the same names, descriptions and schemas', () => {
  const pkg = JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8'));
  const contributed = pkg.contributes.languageModelTools as Array<Record<string, unknown>>;
  assert.deepEqual(
    contributed.map((t) => ({ name: t.name, displayName: t.displayName, description: t.modelDescription, inputSchema: t.inputSchema })),
    TOOL_DEFINITIONS.map((t) => ({ name: t.name, displayName: t.displayName, description: t.description, inputSchema: t.inputSchema })),
  );
  for (const t of TOOL_DEFINITIONS) assert.ok(pkg.activationEvents.includes(`onLanguageModelTool:${t.name}`), `${t.name} activates the extension`);
});
