import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IncrementalTree, parseFile, type SNode } from '../src/core/syntax';
import { changedSpan } from '../src/core/syntax/parser';
import { readFixture } from './helpers';

function shape(n: SNode): string {
  return `${n.type}${n.field ? ':' + n.field : ''}@${n.start}-${n.end}${n.missing ? '!' : ''}(${n.children.map(shape).join(' ')})`;
}

test('an edited document parsed incrementally gives the same tree as a fresh parse', async () => {
  const base = readFixture('syntax', 'iommu_core.c');
  const loop = '\tlist_for_each_entry(entry, &group->devices, list)\n\t\tret++;';
  assert.ok(base.includes(loop));
  const versions = [
    base,
    // a statement added inside a function
    base.replace('\tint ret = 0;\n', '\tint ret = 0;\n\tint extra = 1;\n'),
    // a line deleted
    base.replace('\tgroup->attach_count++;\n', ''),
    // the iterator turned into a call statement: the macro rewrite switches off, away from the edit
    base.replace(loop, '\tlist_for_each_entry(entry, &group->devices, list);\n\t\tret++;'),
    // broken, then mended
    base.replace('if (ret == 0)', 'if (ret == 0'),
    base,
    // a whole function appended, and text in a comment with non-ASCII characters
    base + '\nstatic void extra_fn(void) /* é 😀 */\n{\n\tmutex_lock(&l);\n\tmutex_unlock(&l);\n}\n',
  ];
  const tree = new IncrementalTree();
  try {
    for (const [i, text] of versions.entries()) {
      const incremental = await parseFile('f.c', text, tree);
      const fresh = await parseFile('f.c', text);
      assert.equal(shape(incremental.root), shape(fresh.root), `version ${i}`);
      assert.deepEqual(incremental.functions.map((f) => [f.name, f.line, f.endLine]), fresh.functions.map((f) => [f.name, f.line, f.endLine]), `version ${i}`);
      assert.equal(incremental.diagnostics.length, fresh.diagnostics.length, `version ${i}`);
    }
  } finally {
    tree.dispose();
  }
});

test('the edit is the span where two texts differ, with rows and columns', () => {
  const e = changedSpan('ab\ncd\nef', 'ab\ncXYd\nef');
  assert.deepEqual([e.startIndex, e.oldEndIndex, e.newEndIndex], [4, 4, 6]);
  assert.deepEqual(e.startPosition, { row: 1, column: 1 });
  assert.deepEqual(e.newEndPosition, { row: 1, column: 3 });
  const same = changedSpan('abc', 'abc');
  assert.deepEqual([same.startIndex, same.oldEndIndex, same.newEndIndex], [3, 3, 3]);
  const removed = changedSpan('aaa', 'aa');
  assert.deepEqual([removed.startIndex, removed.oldEndIndex, removed.newEndIndex], [2, 3, 2]);
});
