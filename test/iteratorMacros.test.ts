import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../src/core/syntax';
import { definedIterators, iteratorCursors } from '../src/core/locks/iteratorCursors';
import { KERNEL_KNOWLEDGE } from '../src/core/knowledge';

const DEFINES = [
  '#define ex_for_each_blk_rev(_dev, _id, _state) \\',
  '\tfor (_id = (_dev)->last - 1; _id >= (_dev)->first; _id--) \\',
  '\t\tif (ex_blk_state(_dev, _id) == _state)',
  '#define ex_for_each_entry(pos, head) for (pos = (head)->next; pos != (head); pos = pos->next)',
  '#define ex_for_each_slot(tbl, slot, entry) for ((slot) = 0; ((entry) = ex_slot_get(tbl, &(slot))) != NULL; (slot)++)',
  '#define ex_for_each_pair(bkt, obj, tbl) for ((bkt) = 0, obj = NULL; obj == NULL && (bkt) < 8; (bkt)++) ex_for_each_entry(obj, &(tbl)[bkt])',
  '#define ex_for_each_port(ports, port) ex_for_each_entry(port, &(ports)->list)',
  '#define ex_for_each_field(dev, n) for ((dev)->n = 0; (dev)->n < 4; (dev)->n++)',
  '#define ex_clamp(v) ((v) > 4 ? 4 : (v))',
].join('\n');

test('a loop macro defined in the file names its cursor: the argument its for statement assigns, tests or steps', async () => {
  const file = await parseFile('d.c', DEFINES);
  const cursors = Object.fromEntries([...file.iterators].map(([name, it]) => [name, it.candidates]));
  assert.deepEqual(cursors, {
    ex_for_each_blk_rev: [1],
    ex_for_each_entry: [0],
    // The test fetches the entry; the index beside it is only started and stepped.
    ex_for_each_slot: [2, 1],
    ex_for_each_pair: [0, 1],
    ex_for_each_port: [],
  });
  assert.equal(file.iterators.has('ex_clamp'), false, 'not a loop');
  assert.equal(file.iterators.has('ex_for_each_field'), false, 'assigns a field of an argument, not an argument');
});

test('a macro that expands to another loop macro takes that one\'s cursor; a macro not in view keeps the knowledge\'s word', async () => {
  const file = await parseFile('d.c', DEFINES);
  const cursor = iteratorCursors(definedIterators([file]), KERNEL_KNOWLEDGE);
  assert.equal(cursor('ex_for_each_blk_rev'), 1);
  assert.equal(cursor('ex_for_each_slot'), 2);
  assert.equal(cursor('ex_for_each_port'), 1);
  // The inner loop walks `obj`: the outer index is only how it gets there.
  assert.equal(cursor('ex_for_each_pair'), 1);
  assert.equal(cursor('idr_for_each_entry'), 1);
  assert.equal(cursor('list_for_each_entry'), 0);
});

test('the reviewed file\'s definition wins over a header\'s', async () => {
  const own = await parseFile('d.c', '#define ex_for_each_item(i, c) for (i = 0; i < (c)->n; i++)');
  const header = await parseFile('d.h', '#define ex_for_each_item(c, i) for (i = 0; i < (c)->n; i++)');
  assert.equal(iteratorCursors(definedIterators([own, header]), KERNEL_KNOWLEDGE)('ex_for_each_item'), 0);
  assert.equal(iteratorCursors(definedIterators([header, own]), KERNEL_KNOWLEDGE)('ex_for_each_item'), 1);
});
