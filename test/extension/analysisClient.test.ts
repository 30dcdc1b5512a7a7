/** The host's side of the worker protocol, against a scripted worker: shapes, superseding, cancellation, budget, crashes. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AnalysisClient, AnalysisError } from '../../src/extension/analysisClient';
import { TestToken, reviewOf, scriptedWorkers } from './workerTestKit';

type Echo = { seen: unknown[] };
const seen = (v: unknown) => (v as Echo).seen;

test('a request reaches the worker as the request plus an id; forget is sent without one', async () => {
  const client = new AnalysisClient(scriptedWorkers().spawn);
  try {
    await client.run(reviewOf('a.c', 'int x;'));
    client.forget('a.c');
    const echo = await client.run({ kind: 'patch', text: 'diff', name: 'x.patch', folders: ['/w'], options: { maxPaths: 5 } });
    assert.deepEqual(seen(echo), [
      { kind: 'review', doc: 'a.c', path: '/w/a.c', text: 'int x;', options: {}, id: 1 },
      { kind: 'forget', doc: 'a.c' },
      { kind: 'patch', text: 'diff', name: 'x.patch', folders: ['/w'], options: { maxPaths: 5 }, id: 2 },
    ]);
  } finally {
    client.dispose();
  }
});

test('a newer request for the same document supersedes the older one; other documents keep theirs', async () => {
  const client = new AnalysisClient(scriptedWorkers().spawn);
  try {
    const v1 = client.run(reviewOf('a.c', 'v1'));
    const other = client.run(reviewOf('b.c', 'b'));
    const v2 = client.run(reviewOf('a.c', 'v2'));
    const v3 = client.run(reviewOf('a.c', 'v3'));
    assert.equal(await v1, undefined, 'the running one is superseded: its answer is dropped');
    assert.equal(await v2, undefined, 'the queued one is dropped before it is sent');
    assert.ok(await other);
    const texts = seen(await v3).map((m) => (m as { text?: string }).text);
    assert.deepEqual(texts, ['v1', 'b', 'v3']);
  } finally {
    client.dispose();
  }
});

test('cancelling a queued request drops it; cancelling the running one (by its token or its document) stops the worker, and the next request gets a new one', async () => {
  const workers = scriptedWorkers();
  const client = new AnalysisClient(workers.spawn);
  try {
    const running = new TestToken();
    const queued = new TestToken();
    const spin = client.run(reviewOf('a.c', 'spin'), running);
    const waiting = client.run(reviewOf('b.c', 'b'), queued);
    queued.cancel();
    assert.equal(await waiting, undefined);
    running.cancel();
    assert.equal(await spin, undefined);
    const after = await client.run(reviewOf('c.c', 'c'));
    assert.deepEqual(seen(after).map((m) => (m as { doc: string }).doc), ['c.c'], 'a fresh worker saw only the new request');
    assert.equal(workers.started(), 2);
    const other = client.run(reviewOf('e.c', 'spin'));
    client.cancelDocument('e.c');
    assert.equal(await other, undefined, 'a Cancel for the document stops a review another caller started');
    assert.ok(await client.run(reviewOf('e.c', 'again')));
    assert.equal(workers.started(), 3);
    const cancelledBefore = new TestToken();
    cancelledBefore.cancel();
    assert.equal(await client.run(reviewOf('d.c', 'd'), cancelledBefore), undefined);
  } finally {
    client.dispose();
  }
});

test('a request over the time budget is stopped with a one-line error and the worker is recreated', async () => {
  const workers = scriptedWorkers();
  const client = new AnalysisClient(workers.spawn, 300);
  try {
    const started = Date.now();
    await assert.rejects(client.run(reviewOf('a.c', 'spin')), (e: unknown) => e instanceof AnalysisError && !e.input && /^the analysis took longer than 0.3 s and was stopped$/.test(e.message) && !e.message.includes('\n'));
    assert.ok(Date.now() - started < 5000);
    assert.ok(await client.run(reviewOf('a.c', 'fine')));
    assert.equal(workers.started(), 2);
  } finally {
    client.dispose();
  }
});

test('a worker that throws or dies fails its request with one line, and the next request works', async () => {
  const client = new AnalysisClient(scriptedWorkers().spawn);
  try {
    await assert.rejects(client.run(reviewOf('a.c', 'throw')), /the analysis worker stopped: boom$/);
    await assert.rejects(client.run(reviewOf('a.c', 'die')), /the analysis worker stopped: exit code 3/);
    assert.ok(await client.run(reviewOf('a.c', 'fine')));
  } finally {
    client.dispose();
  }
});

test('dispose answers every pending request with nothing', async () => {
  const client = new AnalysisClient(scriptedWorkers().spawn);
  const pending = [client.run(reviewOf('a.c', 'spin')), client.run(reviewOf('b.c', 'b'))];
  client.dispose();
  assert.deepEqual(await Promise.all(pending), [undefined, undefined]);
  assert.equal(await client.run(reviewOf('c.c', 'c')), undefined);
});
