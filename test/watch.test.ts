/**
 * Rules watch the walk: a watcher given to the engine is told of every lock
 * taken on every path, with what was held, and what it keeps is filed under
 * its id; the review's own rules get theirs without the walk knowing them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../src/core/syntax';
import { analyzeLocks } from '../src/core/locks/engine';
import { reviewParsed } from '../src/core/review';
import type { AcquireSeen, WatcherKind } from '../src/core/locks/watch';

const C = `struct box { spinlock_t a; spinlock_t b; int n; };
static void box_both(struct box *x)
{
	spin_lock(&x->a);
	if (x->n)
		spin_lock(&x->b);
	x->n++;
	if (x->n > 1)
		spin_unlock(&x->b);
	spin_unlock(&x->a);
}
`;

test('a watcher is told of each take with what the path held, and keeps its incidents under its id', async () => {
  const seen: AcquireSeen[] = [];
  const kind: WatcherKind = {
    id: 'test/takes-under-a',
    create: () => ({
      acquire: (s) => seen.push(s),
      incidents: () => seen.filter((s) => s.held.some((h) => h.inst === 'x->a')).map((s) => ({ line: s.line, lock: s.inst, message: `${s.inst} under x->a`, events: s.events() })),
    }),
  };
  const engine = analyzeLocks([await parseFile('box.c', C)], { watchers: [kind] });
  assert.deepEqual([...new Set(seen.map((s) => `${s.line} ${s.inst} after [${s.held.map((h) => h.inst).join(', ')}]`))].sort(), ['4 x->a after []', '6 x->b after [x->a]']);
  const kept = engine.analyses.get('box_both')!.watched.get('test/takes-under-a')!;
  assert.deepEqual([...new Set(kept.map((k) => `${k.line} ${k.message}`))], ['6 x->b under x->a']);
  assert.ok(kept[0].events.some((e) => e.kind === 'acquire' && e.lock === 'x->a'), 'the path so far comes with it');
  assert.deepEqual(engine.watchers, [kind], 'a re-analysis runs with the same watchers');
});

test('a review runs the watchers of its rules: same-class nesting comes from one, once per class', async () => {
  const text = `struct node { spinlock_t lock; struct node *next; };
static void node_pair(struct node *p, struct node *q)
{
	spin_lock(&p->lock);
	spin_lock(&q->lock);
	spin_lock(&q->next->lock);
	spin_unlock(&q->next->lock);
	spin_unlock(&q->lock);
	spin_unlock(&p->lock);
}
`;
  const out = reviewParsed([await parseFile('node.c', text)]);
  const nesting = out.result.findings.filter((f) => f.rule === 'lock/same-class-nesting');
  assert.deepEqual(nesting.map((f) => f.line), [5], nesting.map((f) => f.message).join('\n'));
  assert.ok(out.engine.analyses.get('node_pair')!.watched.has('lock/same-class-nesting'));
});
