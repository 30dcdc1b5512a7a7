/**
 * The agent tools on the seed mail's post-image (../shared/seeds): what its reviewer said, asked
 * as an agent would ask, through the core and through `lockflow mcp` over stdio with the same
 * answers. The post-image (rebuilt from the hunks) is written to a tree of its own.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { postImageWithoutBase, readPatchInput } from '../src/core/patch';
import { runTool, type CallersAnswer, type FunctionSummaryAnswer, type LockOrderAnswer, type LocksAt, type ReviewAnswer } from '../src/core';
import { lineOf, repoRoot } from './helpers';
import { connectLockflow } from './mcpClient';
import { tempDir } from './tempDir';

const SEED = join(repoRoot(), '..', 'shared', 'seeds', '000_10ed98600faab7e8.txt');
const FILE = 'drivers/iommu/iommu.c';

async function seedTree(): Promise<{ tree: string; text: string }> {
  const set = await readPatchInput(readFileSync(SEED, 'utf8'), SEED);
  const file = set.patches[0].files[0];
  assert.equal(file.newPath, FILE);
  const text = postImageWithoutBase(file).text;
  const tree = tempDir('seed-tree');
  mkdirSync(join(tree, 'drivers', 'iommu'), { recursive: true });
  writeFileSync(join(tree, FILE), text);
  return { tree, text };
}

/** Each question with what its answer must say, checked alike through the core and the server. */
function questions(text: string) {
  const helper = text.indexOf('static int iommu_change_dev_def_domain(');
  const store = text.indexOf('static ssize_t iommu_group_store_type(');
  const site = (needle: string, from: number) => `${FILE}:${lineOf(text, needle, from)}`;
  const call = site('ret = iommu_change_dev_def_domain(', store);
  // The store function takes the mutex back after device_lock(): that hold is the one passed to the helper.
  const relock = site('mutex_lock(&group->mutex);', text.indexOf('device_lock(dev);', store));
  return [
    {
      name: 'lockflow_locks_at',
      args: { file: FILE, line: lineOf(text, 'mutex_unlock(&group->mutex);', helper) },
      check(out: LocksAt) {
        assert.equal(out.function, 'iommu_change_dev_def_domain');
        const mutex = out.must.find((h) => h.lock === 'group->mutex');
        assert.ok(mutex, JSON.stringify(out));
        assert.equal(mutex.class, 'iommu_group.mutex');
        assert.deepEqual(mutex.taken, [], 'the helper did not take it');
        assert.match(mutex.heldOnEntry ?? '', /every caller in view holds it/);
      },
    },
    {
      name: 'lockflow_function_summary',
      args: { function: 'iommu_change_dev_def_domain' },
      check(out: FunctionSummaryAnswer) {
        assert.equal(out.at, site('static int iommu_change_dev_def_domain(', 0));
        assert.deepEqual(out.releases.map((r) => r.lock), ['group->mutex'], "it releases the caller's group->mutex");
        assert.deepEqual(out.acquires, []);
        assert.equal(out.entry.context, 'callers');
        // Its only caller holds the device lock and the group mutex when calling it.
        assert.deepEqual(out.entry.held, ['dev->mutex', 'group->mutex']);
        assert.deepEqual(out.entry.calledFrom, [call]);
        assert.ok(out.evidence.length > 0 && out.evidence.every((p) => !p.heldAtEnd.includes('group->mutex')), 'no path returns holding it');
      },
    },
    {
      name: 'lockflow_callers',
      args: { function: 'iommu_change_dev_def_domain', file: FILE },
      check(out: CallersAnswer) {
        assert.equal(out.count, 1);
        const [c] = out.callers;
        assert.equal(c.caller, 'iommu_group_store_type');
        assert.equal(c.at, call);
        const held = Object.fromEntries(c.held.map((h) => [h.lock, h.since]));
        assert.equal(held['group->mutex'], relock);
        assert.equal(held['dev->mutex'], site('device_lock(dev);', store));
      },
    },
    {
      name: 'lockflow_lock_order',
      args: { path: 'drivers' },
      check(out: LockOrderAnswer) {
        const edge = out.edges.find((e) => e.from === 'device.mutex' && e.to === 'iommu_group.mutex');
        assert.ok(edge, JSON.stringify(out.edges));
        assert.ok(edge.sites.some((s) => s.function === 'iommu_group_store_type' && s.at === relock && s.held === 'dev->mutex'));
      },
    },
  ] as Array<{ name: string; args: Record<string, unknown>; check(out: never): void }>;
}

test('the seed post-image through the core: the helper releases the caller\'s group->mutex, taken back in the store function', async () => {
  const { tree, text } = await seedTree();
  for (const q of questions(text)) q.check((await runTool(q.name, q.args, tree)) as never);
});

test('the seed post-image through lockflow mcp over stdio: the same answers', async () => {
  const { tree, text } = await seedTree();
  const mcp = await connectLockflow(tree);
  try {
    for (const q of questions(text)) {
      const answer = await mcp.call(q.name, q.args);
      assert.equal(answer.isError, false, answer.text);
      q.check(JSON.parse(answer.text) as never);
      assert.deepEqual(JSON.parse(answer.text), await runTool(q.name, q.args, tree));
    }
    const refused = await mcp.call('lockflow_locks_at', { file: SEED, line: 1 });
    assert.equal(refused.isError, true);
    assert.match(refused.text, /outside the tree.*refused/);
  } finally {
    await mcp.close();
  }
});

test('lockflow_review of the seed mail in a tree without its base: the reviewer\'s findings, with evidence', async () => {
  const tree = tempDir('seed-mail');
  copyFileSync(SEED, join(tree, 'v3.eml'));
  const out = (await runTool('lockflow_review', { path: 'v3.eml' }, tree)) as ReviewAnswer;
  assert.equal(out.kind, 'patch');
  const helper = out.findings.filter((f) => f.rule === 'lock/helper-releases-caller-lock');
  assert.deepEqual(helper.map((f) => f.function), ['iommu_change_dev_def_domain']);
  assert.ok(helper[0].trace.some((t) => /mutex_lock\(&group->mutex\)/.test(t.event)), 'the evidence shows where the caller took the lock');
  assert.ok(out.findings.some((f) => f.rule === 'lock/use-after-unlock' && f.function === 'iommu_group_store_type'));
});
