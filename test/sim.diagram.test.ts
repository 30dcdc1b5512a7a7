/**
 * Where each step of a run is drawn in its sequence diagram: the panel's
 * stepper marks that message (or the note that folds it) while stepping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSequence } from '../src/core/sim/diagram';
import type { TraceEvent } from '../src/core/sim/types';

/** The drawn messages and notes, in the order mermaid draws each kind. */
function drawn(text: string): { message: string[]; note: string[] } {
  const lines = text.split('\n');
  return {
    message: lines.flatMap((l) => /^ {2}[TO]\d+[-x>)]+[TO]\d+: (.*)$/.exec(l)?.[1] ?? []),
    note: lines.flatMap((l) => /^ {2}Note over [\w,]+: (.*)$/.exec(l)?.[1] ?? []),
  };
}

test('each step of a short run maps to its own message; a log line to none; a run without violation ends with its result', () => {
  const trace: TraceEvent[] = [
    { thread: 'store', line: 0, kind: 'call', text: 'store(group)' },
    { thread: 'store', line: 12, kind: 'lock', text: 'mutex_lock(&group->mutex)', obj: 'group' },
    { thread: 'store', line: 13, kind: 'log', text: 'dev_err(dev, "busy")' },
    { thread: 'unplug', line: 40, kind: 'block', text: 'waits for g->mutex', obj: 'group' },
    { thread: 'store', line: 14, kind: 'unlock', text: 'mutex_unlock(&group->mutex)', obj: 'group' },
    { thread: 'store', line: 15, kind: 'return', text: 'store() returns 0' },
  ];
  // Short: nothing folds (a stretch of one step would be drawn as itself anyway).
  const { text, marks } = runSequence(['store', 'unplug'], trace, 'store returned 0: no violation');
  const d = drawn(text);
  assert.deepEqual(d.message, ['store(group)', '12: mutex_lock()', '40: waits for g-#gt;mutex', '14: mutex_unlock()', '15: store() returns 0']);
  assert.deepEqual(marks, [
    { kind: 'message', index: 0 },
    { kind: 'message', index: 1 },
    undefined,
    { kind: 'message', index: 2 },
    { kind: 'message', index: 3 },
    { kind: 'message', index: 4 },
  ]);
  assert.deepEqual(d.note, ['store returned 0: no violation']);
  assert.match(text, /\n {2}Note over T0,O0: store returned 0: no violation$/, 'the ending spans every lifeline');
});

test('in a long run, folded steps map to their note and the earliest cut steps to the note that says so', () => {
  const trace: TraceEvent[] = [];
  for (let k = 0; k < 30; k++) {
    trace.push({ thread: 'a', line: 100 + k, kind: 'call', text: `helper(${k})` });
    trace.push({ thread: 'a', line: 100 + k, kind: 'return', text: 'helper() returns 0' });
    trace.push({ thread: 'a', line: 200 + k, kind: 'lock', text: 'mutex_lock(&g->m)', obj: 'g' });
  }
  trace.push({ thread: 'a', line: 300, kind: 'violation', text: 'boom' });
  const { text, marks } = runSequence(['a'], trace, { rule: 'sim/invariant', message: 'boom', line: 300 });
  const d = drawn(text);
  // 30 folds (a call and its return each), 30 locks and the violation: 61 drawn, the first 21 (32 steps) cut into one note.
  assert.equal(d.note[0], '32 earlier steps not shown');
  assert.deepEqual(marks[0], { kind: 'note', index: 0 });
  assert.deepEqual(marks[trace.length - 1], { kind: 'message', index: d.message.length - 1 });
  assert.equal(d.message.at(-1), '300: boom');
  // Each drawn item a step maps to says that step: its lock's line, or its fold.
  trace.forEach((e, k) => {
    const m = marks[k]!;
    if (m.kind === 'message') assert.ok(d.message[m.index].startsWith(`${e.line}: `), `${k}: ${d.message[m.index]}`);
    else assert.match(d.note[m.index], k < 32 ? /earlier steps not shown/ : /^2 steps: helper\(\)$/);
  });
});
