/** The real analysis worker (dist/analysisWorker.js) behind the client: what a review and a patch review send back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { AnalysisClient, AnalysisError } from '../../src/extension/analysisClient';
import { readPatchInput } from '../../src/core/patch';
import { reviewFiles } from '../../src/core/review';
import { reviewPatch } from '../../src/core/review/patchReview';
import { lockStateAt } from '../../src/worker/reviewData';
import { runTool, type LocksAt } from '../../src/core';
import { tempDir } from '../tempDir';

const WORKER = join(__dirname, '../../analysisWorker.js');
const WORKSPACE = join(__dirname, '../../../test/e2e/fixtures/workspace');
const POOL = readFileSync(join(WORKSPACE, 'pool.c'), 'utf8');
const client = () => new AnalysisClient(() => new Worker(WORKER));
const review = (c: AnalysisClient, text: string, doc = 'pool') => c.run({ kind: 'review', doc, path: '/w/pool.c', text, options: {} });

test('a review comes back as plain data equal to the core review: findings, outlines, flows and lock state per line', async () => {
  const c = client();
  try {
    const data = (await review(c, POOL))!;
    const core = await reviewFiles([{ path: '/w/pool.c', text: POOL }]);
    assert.deepEqual(data.result, core.result);
    assert.deepEqual([...data.flows.keys()].sort(), [...core.flows.keys()].sort());
    assert.deepEqual(data.flows.get('pool_reset'), core.flows.get('pool_reset'));
    assert.deepEqual(data.files.map((f) => f.functions.map((fn) => fn.name)), core.files.map((f) => f.functions.map((fn) => fn.name)));
    for (let line = 1; line <= POOL.split('\n').length; line++) assert.deepEqual(lockStateAt(data, '/w/pool.c', line), core.lockStateAt('/w/pool.c', line), `line ${line}`);
    assert.ok(data.result.findings.some((f) => f.rule === 'lock/helper-releases-caller-lock'));
  } finally {
    c.dispose();
  }
});

test('an edit is re-analysed from the state the worker kept, and agrees with an analysis afresh', async () => {
  const c = client();
  const fresh = client();
  try {
    await review(c, POOL);
    const edited = '/* one more line */\n' + POOL;
    const incremental = (await review(c, edited))!;
    assert.deepEqual(incremental.result, (await review(fresh, edited))!.result);
    const at = (d: typeof incremental) => d.result.findings.find((f) => f.rule === 'lock/helper-releases-caller-lock')!.line;
    assert.equal(at(incremental), at((await review(fresh, POOL, 'other'))!) + 1);
  } finally {
    c.dispose();
    fresh.dispose();
  }
});

test('text that cannot be analysed is an input error of one line, not a crash of the worker', async () => {
  const c = client();
  try {
    await assert.rejects(review(c, 'int x;\u0000'), (e: unknown) => e instanceof AnalysisError && e.input && /pool\.c looks binary/.test(e.message));
    assert.ok(await review(c, POOL));
  } finally {
    c.dispose();
  }
});

test('a patch review reads bases inside the folders only, and sends the reply mail ready', async () => {
  const c = client();
  try {
    const mail = readFileSync(join(WORKSPACE, 'pool-count-review.eml'), 'utf8');
    const data = (await c.run({ kind: 'patch', text: mail, name: 'pool-count-review.eml', folders: [WORKSPACE], options: {} }))!;
    assert.deepEqual(data.bases, { 'pool.c': join(WORKSPACE, 'pool.c') });
    const core = await reviewPatch(await readPatchInput(mail, 'pool-count-review.eml'), { readBase: (p) => readFileSync(join(WORKSPACE, p), 'utf8') });
    assert.deepEqual(data.after.result, core.after.result);
    assert.ok(data.files[0].text.includes('int pool_count(struct buf_pool *pool)'));
    assert.match(data.reply, /^Subject: Re: \[PATCH[^\n]*pool: add pool_count\(\)/m);
    assert.ok(data.set.comments.some((r) => /still held/.test(r.text)));

    const outside = tempDir('worker');
    writeFileSync(join(outside, 'secret.c'), 'int secret;\n');
    const escape = `--- a/../${outside.split('/').pop()}/secret.c\n+++ b/../${outside.split('/').pop()}/secret.c\n@@ -1 +1 @@\n-int secret;\n+int secret2;\n`;
    const refused = (await c.run({ kind: 'patch', text: escape, name: 'x.patch', folders: [join(outside, '..', 'nested')], options: {} }))!;
    assert.deepEqual(refused.bases, {});
    assert.match(refused.files[0].missing ?? '', /outside the workspace folder; refused/);
    await assert.rejects(c.run({ kind: 'patch', text: 'hello', name: 'x.patch', folders: [], options: {} }), (e: unknown) => e instanceof AnalysisError && e.input);
  } finally {
    c.dispose();
  }
});

test("an agent's tool call is answered in the worker as the core answers it; a path out of the folder fails as input", async () => {
  const c = client();
  try {
    const input = { file: 'pool.c', line: POOL.split('\n').findIndex((l) => l.includes('mutex_unlock(')) + 1 };
    const answer = await c.run({ kind: 'tool', name: 'lockflow_locks_at', input, root: WORKSPACE, options: {} });
    assert.deepEqual(answer, await runTool('lockflow_locks_at', input, WORKSPACE));
    assert.ok((answer as LocksAt).must.length > 0, 'a lock is held at the first unlock');
    await assert.rejects(c.run({ kind: 'tool', name: 'lockflow_review', input: { path: '../../package.json' }, root: WORKSPACE, options: {} }), (e: unknown) => e instanceof AnalysisError && e.input && /outside the tree.*refused/.test(e.message));
  } finally {
    c.dispose();
  }
});
