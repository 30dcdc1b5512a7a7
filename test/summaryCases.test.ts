/** A helper's ways by tests of its parameters (summaryCases.ts), in a caller's terms, and one object under two names. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { casesInCaller, selfComparison } from '../src/core/locks/summaryCases';
import { FactSet } from '../src/core/locks/factSet';
import type { SummaryCase, SummaryEffect } from '../src/core/locks/summaryTypes';
import { reviewFiles } from '../src/core/review';

const take = (param: number): SummaryEffect => ({
  op: 'acquire',
  ref: { param, path: '$->lock', cls: 'cq.lock' },
  meta: { kind: 'spinlock', sleeps: false, atomic: true, shared: false },
  when: 'always',
  line: 1,
  chain: [],
});

const lockPair: SummaryCase[] = [
  { facts: [{ key: '$0', value: false }], effects: [] },
  { facts: [{ key: '$0', value: true }, { key: '$0->n<$1->n', value: true }], effects: [take(0), take(1)] },
  { facts: [{ key: '$0', value: true }, { key: '$0->n<$1->n', value: false }, { key: '$1->n==$0->n', value: true }], effects: [take(0)] },
];
const noConstants = () => undefined;

test("a case's tests are written with the caller's arguments, an equality's sides sorted again", () => {
  const cases = casesInCaller(lockPair, ['send', 'recv'], noConstants);
  assert.ok(cases);
  assert.deepEqual(cases[1].facts.map((f) => f.key), ['send', 'send->n<recv->n']);
  assert.deepEqual(cases[2].facts.map((f) => f.key), ['send', 'send->n<recv->n', 'recv->n==send->n']);
  assert.deepEqual(cases[2].facts[1].fact.deps, ['send', 'recv']);
});

test('an argument passed as a constant answers the test of it: the ways it contradicts are gone', () => {
  const cases = casesInCaller(lockPair, ['0', 'recv'], (param) => (param === 0 ? 0 : undefined));
  assert.ok(cases);
  assert.equal(cases.length, 1);
  assert.deepEqual(cases[0].effects, []);
  assert.deepEqual(cases[0].facts, []);
});

test('one object passed for both: its comparison with itself answers, and so decides the way', () => {
  const cases = casesInCaller(lockPair, ['cq', 'cq'], noConstants);
  assert.ok(cases);
  // `cq->n<cq->n` is false: the two-lock way is no way; `cq->n==cq->n` is true: the one-lock way stays.
  assert.deepEqual(cases.map((c) => c.effects.length), [0, 1]);
});

test('an argument that is no path cannot name the tests: no cases', () => {
  assert.equal(casesInCaller(lockPair, ['send', 'pick(q)'], noConstants), undefined);
});

test('a comparison answers itself only when both sides are one thing (and `->` is no comparison)', () => {
  assert.equal(selfComparison('a->n<a->n'), false);
  assert.equal(selfComparison('a->n==a->n'), true);
  assert.equal(selfComparison('a->n>=a->n'), true);
  assert.equal(selfComparison('a->n<b->n'), undefined);
  assert.equal(selfComparison('a->n'), undefined);
});

test('two names found one object: what was known of the one is known of the other, and a contradiction is no way', () => {
  const rename = (k: string) => k.replace(/\brecv\b/g, 'send');
  const consistent = FactSet.empty();
  consistent.assume('send', { value: true, deps: ['send'] });
  consistent.assume('recv', { value: true, deps: ['recv'] });
  assert.equal(consistent.rename(rename, selfComparison), true);
  assert.equal(consistent.get('send')?.value, true);
  assert.equal(consistent.get('recv')?.value, true, 'the old name is still known');

  const ordered = FactSet.empty();
  ordered.assume('send->n<recv->n', { value: true, deps: ['send', 'recv'] });
  assert.equal(ordered.rename(rename, selfComparison), false, 'send->n<send->n was true: impossible');

  const apart = FactSet.empty();
  apart.assume('send', { value: true, deps: ['send'] });
  apart.assume('recv', { value: false, deps: ['recv'] });
  assert.equal(apart.rename(rename, selfComparison), false, 'one object both NULL and not');
});

test('helpers whose ways multiply in one block are followed apart up to a bound, and the limit is said', async () => {
  const helper = [
    'struct cq { spinlock_t lock; int n; };',
    'static void lock_cqs(struct cq *s, struct cq *r)',
    '{',
    '\tif (s && r && s->n < r->n) {',
    '\t\tspin_lock(&s->lock);',
    '\t\tspin_lock_nested(&r->lock, 1);',
    '\t} else if (s) {',
    '\t\tspin_lock(&s->lock);',
    '\t} else if (r) {',
    '\t\tspin_lock(&r->lock);',
    '\t}',
    '}',
  ];
  const params = Array.from({ length: 12 }, (_, i) => `struct cq *s${i}, struct cq *r${i}`).join(', ');
  const calls = Array.from({ length: 12 }, (_, i) => `\tlock_cqs(s${i}, r${i});`);
  const text = [...helper, `void lock_all(${params})`, '{', ...calls, '}', ''].join('\n');
  // 4 ways each, 12 calls: 4^12 paths without the bound.
  const outcome = await reviewFiles([{ path: 'many.c', text }]);
  assert.ok(outcome.result.limits.some((l) => l.includes('ways of lock helpers')), outcome.result.limits.join('\n'));
});
