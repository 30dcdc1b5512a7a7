import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile, walk, type ParsedFile } from '../src/core/syntax';
import { preprocessKernelC } from '../src/core/syntax/preprocess';
import { lineOf, parseFixture, readFixture } from './helpers';

function errorNodesInBodies(file: ParsedFile): string[] {
  const found: string[] = [];
  for (const fn of file.functions) {
    walk(fn.body, (n) => {
      if (n.type === 'ERROR' || n.missing) found.push(`${fn.name}:${file.lines.line(n.start)}`);
    });
  }
  return found;
}

test('kernel fixture parses with no ERROR node inside any function body', async () => {
  const file = await parseFixture('syntax', 'iommu_core.c');
  assert.deepEqual(errorNodesInBodies(file), []);
  assert.deepEqual(file.diagnostics, []);
});

test('every function is found with its exact range', async () => {
  const text = readFixture('syntax', 'iommu_core.c');
  const file = await parseFixture('syntax', 'iommu_core.c');
  const expected = [
    'iommu_group_device_count', '__iommu_group_for_each_dev', 'iommu_group_do_attach_device', 'iommu_group_do_count',
    'iommu_attach_group', 'iommu_group_stats', 'iommu_subsys_init', 'iommu_group_set_name', 'iommu_group_try_rename',
    'iommu_group_release_locked', 'iommu_domain_type_or_default', 'iommu_group_dma_domain', 'iommu_domain_set_type',
  ];
  assert.deepEqual(file.functions.map((f) => f.name), expected);
  const attach = file.functions.find((f) => f.name === 'iommu_attach_group')!;
  assert.equal(attach.line, lineOf(text, 'int iommu_attach_group('));
  assert.equal(attach.endLine, lineOf(text, 'static int iommu_group_stats(') - 2);
  assert.equal(text.slice(attach.start, attach.start + 3), 'int');
  assert.equal(text[attach.end - 1], '}');
  const count = file.functions.find((f) => f.name === 'iommu_group_device_count')!;
  assert.equal(count.line, lineOf(text, 'static int iommu_group_device_count('));
});

test('comments in a macro\'s continued lines are spaces: the functions after an X-macro table stay apart', async () => {
  const file = await parseFixture('locks', 'v2-directive-comments.c');
  assert.deepEqual(file.functions.map((f) => f.name), ['gen_thread_start', 'gen_thread_stop']);
  assert.deepEqual(file.diagnostics.filter((d) => d.severity !== 'info'), []);
});

test('parameters carry their types, function pointers marked', async () => {
  const file = await parseFixture('syntax', 'iommu_core.c');
  const each = file.functions.find((f) => f.name === '__iommu_group_for_each_dev')!;
  assert.deepEqual(
    each.params.map((p) => [p.name, p.type, p.typeName, p.isFunctionPointer]),
    [
      ['group', 'struct iommu_group *', 'iommu_group', false],
      ['data', 'void *', undefined, false],
      ['fn', 'int', undefined, true],
    ],
  );
});

test('lock annotations are read from definitions, prototypes and lockdep asserts', async () => {
  const file = await parseFixture('syntax', 'iommu_core.c');
  const byName = (n: string) => file.functions.find((f) => f.name === n)!;
  assert.deepEqual(byName('iommu_group_device_count').annotations.map((a) => [a.kind, a.args]), [['__must_hold', ['&group->mutex']]]);
  assert.deepEqual(byName('iommu_group_release_locked').annotations.map((a) => [a.kind, a.args]), [['__releases', ['&group->mutex']]]);
  assert.deepEqual(file.prototypes.get('iommu_group_put_locked')?.annotations.map((a) => a.kind), ['__must_hold']);
  const asserted = await parseFile('a.c', 'static void f(struct foo *p)\n{\n\tlockdep_assert_held(&p->lock);\n}\n');
  assert.deepEqual(asserted.functions[0].annotations, [{ kind: 'lockdep_assert_held', args: ['&p->lock'], line: 3 }]);
});

test('iterator macros become loops that remember the macro', async () => {
  const file = await parseFixture('syntax', 'iommu_core.c');
  const macros = [...file.loops.values()].map((l) => l.macro);
  assert.deepEqual(macros, ['list_for_each_entry', 'list_for_each_entry', 'list_for_each_entry_safe']);
  const pre = preprocessKernelC('void f(void)\n{\n\thlist_for_each_entry_rcu(p, &h, node)\n\t\tn++;\n\tfor_each_online_cpu(cpu) { x(cpu); }\n}\n');
  assert.deepEqual([...pre.loops.values()].map((l) => l.macro), ['hlist_for_each_entry_rcu', 'for_each_online_cpu']);
});

test('a call to a function named like an iterator stays a call, and its definition stays a function', async () => {
  const src = 'int iommu_group_for_each_dev(struct iommu_group *g, void *d, int (*fn)(struct device *, void *))\n{\n\treturn 0;\n}\nstatic void f(struct iommu_group *g)\n{\n\tiommu_group_for_each_dev(g, NULL, cb);\n}\n';
  const file = await parseFile('a.c', src);
  assert.deepEqual(file.functions.map((f) => f.name), ['iommu_group_for_each_dev', 'f']);
  assert.equal(file.loops.size, 0);
  assert.deepEqual(file.diagnostics, []);
});

test('rewriting keeps every offset: text, lines and columns are the original ones', async () => {
  const src = '/* é — 😀 */\nstatic int f(struct iommu_group *group) __must_hold(&group->mutex)\n{\n\tlist_for_each_entry(g, &group->devices, list)\n\t\tg->x = 1;\n\treturn 0;\n}\n';
  const pre = preprocessKernelC(src);
  assert.equal(pre.text.length, src.length);
  assert.deepEqual(pre.text.split('\n').map((l) => l.length), src.split('\n').map((l) => l.length));
  const file = await parseFile('u.c', src);
  const fn = file.functions[0];
  assert.equal(fn.line, 2);
  assert.equal(file.text.slice(fn.start, fn.start + 10), 'static int');
  const loop = [...file.loops.values()][0];
  assert.equal(file.lines.line(loop.start), 4);
  assert.equal(file.lines.column(loop.start), 1);
});

test('broken C still yields the functions that can be found, plus diagnostics', async () => {
  const src = [
    'static int good_one(int a)',
    '{',
    '\treturn a + 1;',
    '}',
    '',
    'static int broken(int a)',
    '{',
    '\tif (a >',
    '\t\treturn 2;',
    '\tint x = ;',
    '}',
    '',
    'static int good_two(void)',
    '{',
    '\treturn 0;',
    '}',
    '',
  ].join('\n');
  const file = await parseFile('broken.c', src);
  const names = file.functions.map((f) => f.name);
  assert.ok(names.includes('good_one'), names.join());
  assert.ok(names.includes('good_two'), names.join());
  assert.ok(file.diagnostics.length > 0);
  const d = file.diagnostics[0];
  assert.ok(d.line >= 8 && d.line <= 11, `diagnostic at line ${d.line}`);
  assert.equal(d.file, 'broken.c');
});

test('non-C text yields no functions and does not throw', async () => {
  const file = await parseFile('notes.txt', 'Hello Sai,\n\nThanks for the patch. > quoted line } {{ ]]\n');
  assert.deepEqual(file.functions, []);
});

test('struct field types are collected for lock classes', async () => {
  const file = await parseFixture('syntax', 'iommu_core.c');
  assert.equal(file.structs.get('iommu_group')?.get('mutex'), 'mutex');
  assert.equal(file.structs.get('group_device')?.get('dev'), 'device');
});

test('a function a macro of the file defines is read in place of the macro, once, for the macro used at file scope', async () => {
  const text = readFixture('locks', 'v2-macro-defined-functions.c');
  const file = await parseFixture('locks', 'v2-macro-defined-functions.c');
  const byName = new Map(file.functions.map((f) => [f.name, f]));
  // `field##_show` and `field##_store` of the macro used twice; `name##_store` of the one used once; nothing of the unused one.
  assert.deepEqual([...byName.keys()].sort(), ['field_show', 'field_store', 'lp_check_attr', 'lp_count', 'lp_errors', 'name_store']);
  assert.equal(byName.get('field_store')!.line, lineOf(text, 'static ssize_t field##_store'));
  assert.equal(byName.get('lp_errors')!.line, lineOf(text, 'u32 lp_errors('));
  // The same length and lines: every offset after the macros is the user's.
  assert.equal(file.text.length, text.length);
  assert.equal(file.text.split('\n').length, text.split('\n').length);
  assert.equal(file.text.slice(text.indexOf('u32 lp_errors(')), text.slice(text.indexOf('u32 lp_errors(')));
  assert.deepEqual(file.diagnostics, []);
});

test('functions two macros define under one name stay two; statement macros and stringified arguments are handled', async () => {
  const src = [
    '#define SHOW_A(f) \\',
    'static int f##_show(struct a *p) { return p->f; }',
    '#define SHOW_B(f) \\',
    'static int f##_show(struct a *p) \\',
    '{ \\',
    '\tpr_info("%s\\n", #f); \\',
    '\treturn helper(p); \\',
    '}',
    '#define LOCK_IT(p) do { spin_lock(&(p)->lock); } while (0)',
    '#define CALL_IT(p) return helper(p)',
    'SHOW_A(x);',
    'SHOW_B(y);',
    'static int helper(struct a *p)',
    '{',
    '\tLOCK_IT(p);',
    '\treturn 0;',
    '}',
    '',
  ].join('\n');
  const file = await parseFile('m.c', src);
  assert.deepEqual(file.functions.map((f) => f.name), ['f_show', 'f_show_2', 'helper']);
  assert.equal(file.functions[1].line, 4);
  assert.equal(file.text.length, src.length);
  assert.match(file.text.split('\n')[5], /pr_info\("%s\\n", ""\);/);
});

test("a file's macros that only compute on their arguments are value macros; one that assigns, calls a function or is a statement is not", async () => {
  const file = await parseFile(
    'v.c',
    [
      '#define KV_DIV_FROM_REG(reg) \\',
      '\t(1 << (((reg) & KV_DIV_MASK) >> 2))',
      '#define KV_FAN_FROM_REG(val, div) ((val) == 0 ? -1 : DIV_ROUND_CLOSEST(1350000, (val) * (div)))',
      '#define KV_SIZE(p) (sizeof(*(p)) * 2)',
      '#define KV_SET(p, v) ((p)->reg = (v))',
      '#define KV_READ(p) kv_read_reg((p)->client)',
      '#define KV_BUMP(p) do { (p)->count++; } while (0)',
      '#define KV_LESS(a, b) ((a) <= (b) && (a) != (b))',
    ].join('\n'),
  );
  assert.deepEqual([...(file.valueMacros ?? [])].sort(), ['KV_DIV_FROM_REG', 'KV_FAN_FROM_REG', 'KV_LESS', 'KV_SIZE']);
});

test("a global of a struct with no name has the variable's name for its struct: its fields and their locks are known", async () => {
  const file = await parseFile(
    'u.c',
    [
      'struct wd_named { int a; };',
      'static struct {',
      '\tchar fw_ver[6];',
      '\tint io_addr;',
      '\tspinlock_t io_lock;',
      '} wd_private;',
      'static struct wd_named wd_other;',
      'static struct { int count; } wd_named;',
    ].join('\n'),
  );
  assert.equal(file.globals.get('wd_private'), 'wd_private');
  assert.equal(file.structs.get('wd_private')?.get('io_lock'), 'spinlock_t');
  assert.equal(file.globals.get('wd_other'), 'wd_named');
  // (A variable named as a struct already is keeps the text of its type: the struct's fields are not merged.)
  assert.equal(file.structs.get('wd_named')?.has('count'), false);
});
