import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { parseFile } from '../src/core/syntax';
import { reviewEngine, reviewParsed } from '../src/core/review';
import { reanalyzeLocks } from '../src/core/locks/incremental';
import { generateKernelFile } from '../bench/generate';
import { editOneFunction, type OneEdit } from '../bench/edit';
import { fixturePath, readFixture } from './helpers';

/** Reviews `before`, applies the edit, and checks the incremental result against a full review of the edited text. */
async function sameAsFull(path: string, before: string, edit: OneEdit): Promise<string[]> {
  const old = reviewParsed([await parseFile(path, before)]);
  const after = [await parseFile(path, edit.text)];
  const { engine, reexplored } = reanalyzeLocks(old.engine, after);
  const incremental = reviewEngine(engine).result;
  const full = reviewParsed([await parseFile(path, edit.text)]).result;
  assert.deepEqual(JSON.parse(JSON.stringify(incremental)), JSON.parse(JSON.stringify(full)), `${path}: ${edit.kind} in ${edit.function}()`);
  return reexplored;
}

const FIXTURES = [...readdirSync(fixturePath('locks')).filter((f) => f.endsWith('.c')).map((f) => ['locks', f]), ['syntax', 'iommu_core.c']];

for (const [dir, name] of FIXTURES) {
  test(`incremental re-analysis of ${name} after one-function edits gives the full review's result`, async () => {
    const text = readFixture(dir, name);
    let applied = 0;
    for (const kind of ['drop-unlock', 'drop-lock', 'touch', 'add-line'] as const) {
      const edit = editOneFunction(text, kind);
      if (!edit) continue;
      applied++;
      const again = await sameAsFull(`${dir}/${name}`, text, edit);
      assert.ok(again.includes(edit.function), `${edit.function}() was edited and must be explored again`);
    }
    assert.ok(applied >= 3, `${applied} edits applied`);
  });
}

test('an edit that changes a summary re-explores the callers, and only the edited function otherwise', async () => {
  const text = generateKernelFile(600);
  const touch = editOneFunction(text, 'touch')!;
  assert.deepEqual(await sameAsFull('gen.c', text, touch), [touch.function]);
  const drop = editOneFunction(text, 'drop-unlock')!;
  const again = await sameAsFull('gen.c', text, drop);
  assert.equal(again[0], drop.function);
  assert.ok(again.length > 1, 'a caller of the function that now keeps the lock is explored again');
  const total = (await parseFile('gen.c', text)).functions.length;
  assert.ok(again.length < total / 4, `${again.length} of ${total} functions explored again`);
});

test('an edit that changes a fact every walk reads (a query now also told) re-analyses everything', async () => {
  const b = `struct obj { struct mutex m; int n; };
static int b(struct obj *o)
{
	mutex_lock(&o->m);
	if (obj_ready(o)) {
		mutex_unlock(&o->m);
		return -4;
	}
	o->n++;
	if (obj_ready(o))
		return -4;
	mutex_unlock(&o->m);
	return 0;
}
`;
  const before = `${b}static void a(struct obj *o)\n{\n\to->n = 0;\n}\n`;
  const after = `${b}static void a(struct obj *o)\n{\n\tobj_ready(o);\n}\n`;
  const edit = { kind: 'touch' as const, function: 'a', text: after };
  const again = await sameAsFull('facts.c', before, edit);
  assert.ok(again.includes('b'), 'b() read obj_ready() as a query: it is walked again once a() tells it');
});
