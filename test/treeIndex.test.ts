/**
 * The tree index (`lockflow index`) on a kernel tree in miniature
 * (test/fixtures/tree): lock helpers in one file, their users in two others.
 * With the index, a review of one file sees what the others do: a callee's
 * summary, the locks every caller holds, the orders other files take.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { joinRecords } from '../src/core/treeIndex/symbols';
import { INDEX_FORMAT, type FileRecord, type TreeSymbols } from '../src/core/treeIndex/types';
import { IndexStore } from '../src/core/treeIndex/store';
import { SHARDS, shardOf, shardsOfRecord } from '../src/core/treeIndex/shard';
import { LazyShards } from '../src/core/treeIndex/lazyShards';
import { treeFacts } from '../src/core/treeIndex/facts';
import { TreeSummaryMap } from '../src/core/locks/treeSummaryMap';
import { fixturePath, runCli } from './helpers';
import { tempDir } from './tempDir';

interface Finding {
  rule: string;
  line: number;
  function: string;
  message: string;
  severity: string;
}

const TREE = fixturePath('tree');
const file = (name: string) => join(TREE, 'drivers', 'box', `${name}.c`);

async function index(args: string[]): Promise<{ cache: string; stdout: string }> {
  const cache = tempDir('index');
  const run = await runCli(['index', ...args, '--cache', cache, '--jobs', '2']);
  assert.equal(run.code, 0, run.stderr);
  return { cache, stdout: run.stdout };
}

async function findings(path: string, ...args: string[]): Promise<Finding[]> {
  const run = await runCli(['review', path, '--format', 'json', '--fail-on', 'none', ...args]);
  assert.equal(run.code, 0, run.stderr);
  return (JSON.parse(run.stdout).findings as Finding[]).filter((f) => f.severity !== 'info');
}

/** The index's symbols, every shard read. */
function symbolsIn(cache: string): TreeSymbols {
  const symbols = new IndexStore(cache).readSymbols();
  assert.ok(symbols, `no symbols in ${cache}`);
  return symbols;
}

const brief = (fs: Finding[]) => fs.map((f) => `${f.rule} ${f.function}:${f.line}`).sort();

test('index: every file analysed in parallel and joined; a second run analyses nothing', async () => {
  const { cache, stdout } = await index([TREE]);
  assert.match(stdout, /3 files \(3 analysed, 0 unchanged\)/);
  assert.match(stdout, /peak RSS \d+ MB/);
  const symbols = symbolsIn(cache);
  assert.equal(symbols.files, 3);
  assert.deepEqual(symbols.summaries.box_find_locked.summary.effects.map((e: { op: string; ref: { path: string } }) => [e.op, e.ref.path]), [['acquire', '$->lock']]);
  assert.deepEqual(Object.keys(symbols.callers).sort(), ['box_count', 'box_settle', 'box_wait']);
  const again = await runCli(['index', TREE, '--cache', cache]);
  assert.match(again.stdout, /3 files \(0 analysed, 3 unchanged\)/);
});

test('index: a changed file alone is analysed again, and what it says changes', async () => {
  const root = tempDir('tree');
  cpSync(TREE, root, { recursive: true });
  const { cache } = await index([root]);
  const bad = join(root, 'drivers', 'box', 'box_bad.c');
  // box_reset() no longer waits under its spinlock: box_settle() has no caller holding a lock left.
  writeFileSync(bad, readFileSync(bad, 'utf8').replace('\tbox_settle(b);\n\tspin_unlock(&b->slock);', '\tspin_unlock(&b->slock);\n\tbox_settle(b);'));
  const again = await runCli(['index', root, '--cache', cache]);
  assert.match(again.stdout, /3 files \(1 analysed, 2 unchanged\)/);
  const symbols = symbolsIn(cache);
  assert.equal(symbols.callers.box_settle, undefined);
  // The join was updated (the old record out, the new one in), not redone: the same as indexing the tree afresh.
  const afresh = await index([root]);
  assert.deepEqual(symbols, symbolsIn(afresh.cache));
});

test('review with the index: a callee in another file is walked through its summary', async () => {
  const { cache } = await index([TREE]);
  // The correct file stays quiet: the pair helper and the locked lookup hand their locks over.
  assert.deepEqual(brief(await findings(file('box_user'), '--index', cache)).filter((f) => !f.startsWith('lock/order-inversion')), []);
  const bad = await findings(file('box_bad'), '--index', cache);
  assert.deepEqual(brief(bad), [
    'lock/held-at-return box_empty:28',
    'lock/held-at-return box_move:9',
    'lock/order-inversion box_flush:37',
    'lock/sleep-in-atomic box_reset:19',
  ]);
  // Both boxes the pair helper took are still held at the early return: one finding names both.
  assert.match(bad.find((f) => f.function === 'box_move')!.message, /a->lock .*; also still held there: b->lock/);
  // The finding names the file the sleeping callee is in.
  assert.match(bad.find((f) => f.rule === 'lock/sleep-in-atomic')!.message, /box_settle\(\) may sleep .*in drivers\/box\/box_lock\.c:18/);
  // Without the index, the helpers are calls out of view: none of this is seen.
  assert.deepEqual(brief(await findings(file('box_bad'), '--no-index')), []);
});

test('review with the index: the locks every caller in other files holds are the entry context', async () => {
  const { cache } = await index([TREE]);
  const lockFile = await findings(file('box_lock'), '--index', cache);
  // box_settle() sleeps, and its only caller (box_bad.c) holds a spinlock; box_wait() drops its callers' spinlock before it sleeps.
  assert.deepEqual(brief(lockFile), ['lock/sleep-in-atomic box_settle:20']);
  assert.match(lockFile[0].message, /held by every caller, as at drivers\/box\/box_bad\.c:19, in box_reset\(\)/);
  assert.deepEqual(brief(await findings(file('box_lock'), '--no-index')), []);
});

test('review with the index: an order another file takes the other way round is an inversion, citing it', async () => {
  const { cache } = await index([TREE]);
  const user = await findings(file('box_user'), '--index', cache);
  const inversion = user.find((f) => f.rule === 'lock/order-inversion');
  assert.ok(inversion, brief(user).join('\n'));
  assert.match(inversion.message, /box_flush\(\) takes box\.io_lock then box\.lock \(drivers\/box\/box_bad\.c:37\)/);
});

test('index shards made apart merge into the same symbols as one run', async () => {
  const whole = await index([TREE]);
  const a = await index([TREE, '--shard', '0/2']);
  const b = await index([TREE, '--shard', '1/2']);
  const into = tempDir('merged');
  const merged = await runCli(['index', '--merge', a.cache, b.cache, '--cache', into]);
  assert.equal(merged.code, 0, merged.stderr);
  assert.match(merged.stdout, /3 files/);
  const read = symbolsIn;
  assert.deepEqual(read(into), read(whole.cache));
});

test('index: a symlinked file or --only directory that leaves the tree is not read', async () => {
  const root = tempDir('tree');
  cpSync(TREE, root, { recursive: true });
  const outside = tempDir('outside');
  writeFileSync(join(outside, 'secret.c'), 'int secret_fn(void)\n{\n\treturn 42;\n}\n');
  symlinkSync(join(outside, 'secret.c'), join(root, 'drivers', 'box', 'link.c'));
  symlinkSync(outside, join(root, 'drivers', 'elsewhere'));
  const { cache, stdout } = await index([root]);
  assert.match(stdout, /^3 files/m);
  assert.equal(symbolsIn(cache).files, 3);
  const only = await runCli(['index', root, '--only', 'drivers/elsewhere', '--cache', cache]);
  assert.equal(only.code, 2);
  assert.match(only.stderr, /not inside/);
});

test('index: bad arguments are refused with a message', async () => {
  for (const [args, message] of [
    [['index', TREE, '--shard', '2/2'], /--shard must be I\/N/],
    [['index', TREE, '--only', '../..'], /not inside/],
    [['index', join(TREE, 'missing')], /not a directory/],
    [['index', '--merge', TREE], /--merge needs --cache/],
  ] as const) {
    const run = await runCli([...args]);
    assert.equal(run.code, 2, run.stdout);
    assert.match(run.stderr, message);
  }
});

test('joining records: callers under no lock in two files leave no entry context; two unlike definitions no summary', () => {
  const record = (path: string, over: Partial<FileRecord>): FileRecord => ({ format: INDEX_FORMAT, path, hash: '0'.repeat(64), lines: 1, cut: false, limits: [], functions: [], calls: {}, valueUses: [], orders: [], ...over });
  const held = [{ inst: 'x->lock', cls: 'x.lock', kind: 'mutex' as const, sleeps: true, atomic: false, shared: false, line: 1, origin: 'acquired' as const, count: 1 }];
  const summary = (line: number) => ({ name: 'f', effects: [], requires: [], takes: [], sleeps: { line, what: 'msleep()', chain: [], dropped: [] }, paths: 1, truncated: false });
  const symbols = joinRecords('/tree', [
    record('a.c', { functions: [{ name: 'f', line: 1, isStatic: false, params: ['x'], summary: summary(1) }, { name: 'g', line: 9, isStatic: false, params: ['x'] }] }),
    record('b.c', { functions: [{ name: 'f', line: 1, isStatic: false, params: ['x'], summary: summary(2) }], calls: { g: { bare: 1, held: [{ caller: 'h', line: 3, args: ['x'], held }] } } }),
    record('c.c', { calls: { g: { bare: 1, held: [] } } }),
  ]);
  assert.deepEqual(symbols.summaries, {});
  assert.deepEqual(symbols.callers, {});
  const two = joinRecords('/tree', [record('a.c', { functions: [{ name: 'g', line: 9, isStatic: false, params: ['x'] }] }), record('b.c', { calls: { g: { bare: 1, held: [{ caller: 'h', line: 3, args: ['x'], held }] } } })]);
  assert.deepEqual(Object.keys(two.callers), ['g']);
  assert.equal(two.callers.g.bareIn, 'b.c');
});

test('a patch reviewed against an indexed tree: a helper made to sleep is reported, its callers under a spinlock being in other files', async () => {
  const { cache } = await index([TREE]);
  const patch = fixturePath('tree-patches', 'box-count-waits.patch');
  const review = async (...args: string[]) => {
    const run = await runCli(['review', patch, '--base', TREE, '--format', 'json', '--fail-on', 'none', ...args]);
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout).findings as Array<Finding & { patchStatus?: string }>;
  };
  const introduced = (await review('--index', cache)).filter((f) => f.patchStatus === 'introduced');
  assert.deepEqual(brief(introduced), ['lock/sleep-in-atomic box_count:27']);
  assert.match(introduced[0].message, /held by every caller, as at drivers\/box\/box_user\.c:21, in box_tick\(\)/);
  assert.deepEqual(brief(await review('--no-index')), []);
});

test('the join: a record taken out again leaves the join as it was; symbols follow', async () => {
  const { applyRecord, emptyJoin, shardSymbols } = await import('../src/core/treeIndex/symbols');
  const record = (path: string, over: Partial<FileRecord>): FileRecord => ({ format: INDEX_FORMAT, path, hash: '0'.repeat(64), lines: 10, cut: false, limits: [], functions: [], calls: {}, valueUses: [], orders: [], ...over });
  const held = [{ inst: 'x->lock', cls: 'x.lock', kind: 'spinlock' as const, sleeps: false, atomic: true, shared: false, line: 1, origin: 'acquired' as const, count: 1 }];
  const a = record('a.c', { functions: [{ name: 'g', line: 9, isStatic: false, params: ['x'] }], orders: [{ from: 'x.a', to: 'x.b', file: 'a.c', function: 'g', line: 12 }] });
  const b = record('b.c', { calls: { g: { bare: 0, held: [{ caller: 'h', line: 3, args: ['x'], held }] } }, valueUses: ['k'] });
  const state = emptyJoin();
  applyRecord(state, a, 1);
  const before = JSON.stringify(state);
  applyRecord(state, b, 1);
  assert.deepEqual(Object.keys(shardSymbols(state).callers), ['g']);
  applyRecord(state, b, -1);
  assert.equal(JSON.stringify(state), before);
  assert.deepEqual(shardSymbols(state).callers, {});
  applyRecord(state, a, -1);
  assert.deepEqual(state, emptyJoin());
});

test('index: two files of the same text share a record and are still two files', async () => {
  const root = tempDir('tree');
  cpSync(TREE, root, { recursive: true });
  cpSync(join(root, 'drivers', 'box', 'box_user.c'), join(root, 'drivers', 'box', 'box_user_copy.c'));
  const { cache, stdout } = await index([root]);
  // (Both may be analysed when two workers take them at once; the record is the same.)
  assert.match(stdout, /^4 files \(/m);
  const symbols = symbolsIn(cache);
  assert.equal(symbols.files, 4);
  assert.deepEqual([...new Set(symbols.callers.box_count.held.map((s: { file: string }) => s.file))].sort(), ['drivers/box/box_user.c', 'drivers/box/box_user_copy.c']);
});

test('index, re-run after one file changed: only the shards its records name are written again, and the join equals a fresh one', async () => {
  const root = tempDir('tree');
  cpSync(TREE, root, { recursive: true });
  const { cache } = await index([root]);
  const store = new IndexStore(cache);
  const before = store.readSymbolsHead()!;
  assert.equal(before.shards.length, SHARDS);
  const joinShard = (i: number) => join(cache, 'join', `${i}.json`);
  const stamps = () => Array.from({ length: SHARDS }, (_, i) => statSync(joinShard(i)).mtimeMs);
  const stampsBefore = stamps();
  const manifest = () => JSON.parse(readFileSync(join(cache, 'manifest.json'), 'utf8')).files as Record<string, { hash: string }>;
  const bad = join(root, 'drivers', 'box', 'box_bad.c');
  const oldRecord = store.readRecord(manifest()['drivers/box/box_bad.c'].hash)!;
  writeFileSync(bad, readFileSync(bad, 'utf8').replace('\tbox_settle(b);\n\tspin_unlock(&b->slock);', '\tspin_unlock(&b->slock);\n\tbox_settle(b);'));
  const again = await runCli(['index', root, '--cache', cache]);
  assert.match(again.stdout, /3 files \(1 analysed, 2 unchanged\)/);
  const touched = new Set([...shardsOfRecord(oldRecord), ...shardsOfRecord(store.readRecord(manifest()['drivers/box/box_bad.c'].hash)!)]);
  const after = store.readSymbolsHead()!;
  const rewritten = stamps().flatMap((t, i) => (t !== stampsBefore[i] ? [i] : []));
  assert.ok(rewritten.length > 0 && rewritten.every((i) => touched.has(i)), `join shards written: ${rewritten.join(' ')}`);
  // A symbols shard changes only where the join did, and here one did: box_settle() lost its callers.
  const changedSymbols = after.shards.flatMap((s, i) => (s.file !== before.shards[i].file ? [i] : []));
  assert.deepEqual(changedSymbols, [shardOf('box_settle')]);
  assert.ok(!existsSync(join(cache, 'symbols', before.shards[shardOf('box_settle')].file)), 'the replaced shard is removed');
  const afresh = await index([root]);
  assert.deepEqual(symbolsIn(cache), symbolsIn(afresh.cache));
  for (let i = 0; i < SHARDS; i++) assert.deepEqual(new IndexStore(cache).readJoinShard(i), new IndexStore(afresh.cache).readJoinShard(i), `join shard ${i}`);
});

test('index: a join or symbols of another layout, or a join shard missing, is made again from the records, not misread', async () => {
  const { cache } = await index([TREE]);
  const whole = symbolsIn(cache);
  const store = new IndexStore(cache);
  // The unsharded layout of format 1: one symbols.json and one join.json.
  writeFileSync(join(cache, 'symbols.json'), JSON.stringify({ ...whole, format: 1 }));
  writeFileSync(join(cache, 'join.json'), JSON.stringify({ format: 1 }));
  assert.equal(store.readSymbols(), undefined);
  const rerun = await runCli(['index', TREE, '--cache', cache]);
  assert.match(rerun.stdout, /3 files \(0 analysed, 3 unchanged\)/);
  assert.deepEqual(symbolsIn(cache), whole);
  assert.ok(!existsSync(join(cache, 'join.json')), 'the old join is removed');
  // A run stopped before it wrote the join back leaves no join head: the next run joins afresh.
  rmSync(join(cache, 'join', 'head.json'));
  rmSync(join(cache, 'symbols'), { recursive: true });
  assert.equal(store.readSymbols(), undefined);
  await runCli(['index', TREE, '--cache', cache]);
  assert.deepEqual(symbolsIn(cache), whole);
  // A join shard lost: the file that needs it has the join made afresh.
  const user = join(tempDir('tree'), 'tree');
  cpSync(TREE, user, { recursive: true });
  const copy = await index([user]);
  for (const i of shardsOfRecord(new IndexStore(copy.cache).readRecord(JSON.parse(readFileSync(join(copy.cache, 'manifest.json'), 'utf8')).files['drivers/box/box_user.c'].hash)!)) rmSync(join(copy.cache, 'join', `${i}.json`), { force: true });
  const userFile = join(user, 'drivers', 'box', 'box_user.c');
  writeFileSync(userFile, `${readFileSync(userFile, 'utf8')}\n`);
  assert.equal((await runCli(['index', user, '--cache', copy.cache])).code, 0);
  assert.deepEqual(symbolsIn(copy.cache), symbolsIn((await index([user])).cache));
});

test('a name\'s shard is the same on every machine and run', () => {
  assert.equal(shardOf('box_settle'), shardOf(`box_${'settle'}`));
  // FNV-1a of the name: fixed numbers, so shards written by one machine are read right by another.
  assert.deepEqual([shardOf(''), shardOf('kfree'), shardOf('mutex_lock')], [0x811c9dc5 % SHARDS, fnv('kfree') % SHARDS, fnv('mutex_lock') % SHARDS]);
});

/** FNV-1a, 32 bits, written out apart from shard.ts. */
function fnv(s: string): number {
  let h = 2166136261n;
  for (const c of s) h = ((h ^ BigInt(c.charCodeAt(0))) * 16777619n) % 4294967296n;
  return Number(h);
}

test('review facts from the index: a name is looked up in its shard alone, and a name of Object.prototype is no entry', async () => {
  const { cache } = await index([TREE]);
  const store = new IndexStore(cache);
  const head = store.readSymbolsHead()!;
  const read: string[] = [];
  const facts = treeFacts(new LazyShards(head, (file) => (read.push(file), store.readSymbolsShard(file))), new Set(['drivers/box/box_bad.c']), 'stamp');
  assert.equal(facts.summaries.get('box_find_locked')?.file, 'drivers/box/box_lock.c');
  assert.deepEqual(read, [head.shards[shardOf('box_find_locked')].file]);
  for (const name of ['constructor', 'toString', '__proto__']) {
    assert.equal(facts.summaries.get(name), undefined);
    assert.equal(facts.callers.has(name), false);
    assert.equal(facts.valueUsed.has(name), false);
  }
  // The reviewed file's own facts are left out: box_settle()'s only caller is in box_bad.c.
  assert.equal(facts.callers.get('box_settle'), undefined);
  // Iterating reads every shard and gives what the symbols joined as one have, less the reviewed file's.
  const whole = symbolsIn(cache);
  assert.deepEqual([...facts.summaries.keys()].sort(), Object.keys(whole.summaries).filter((n) => whole.summaries[n].file !== 'drivers/box/box_bad.c').sort());
  assert.deepEqual(facts.orders, whole.orders.filter((o) => o.file !== 'drivers/box/box_bad.c'));
});

test('the engine\'s summaries: the tree\'s found by name when asked for, those in view alone iterated', () => {
  const asked: string[] = [];
  const summary = { name: 'g', effects: [], requires: [], takes: [], sleeps: null, paths: 1, truncated: false };
  const map = new TreeSummaryMap((name) => (asked.push(name), name === 'g' ? summary : undefined));
  map.set('f', { ...summary, name: 'f' });
  assert.equal(map.get('g'), summary);
  assert.equal(map.get('g'), summary);
  assert.equal(map.has('h'), false);
  assert.equal(map.get('f')?.name, 'f');
  assert.deepEqual(asked, ['g', 'h']);
  assert.deepEqual([...map.keys()], ['f']);
});
