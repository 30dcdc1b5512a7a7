/**
 * Headers as context: a kernel-style tree made in the test, whose file calls a
 * lock wrapper that is a static inline in its subsystem's header. With the
 * tree, the wrapper is a summary and the header's struct names the lock class;
 * nothing in the header is reported on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contextHeaders, contextHeadersOf, includesOf, readEachOnce, treeOf } from '../src/core/input/includes';
import { readUserFile } from '../src/core/input/userFile';
import { fixturePath, runCli } from './helpers';
import { tempDir } from './tempDir';

/** A directory `--tree` takes for a kernel tree: a Kbuild and an include/linux. */
function emptyTree(): string {
  const root = tempDir('tree');
  writeFileSync(join(root, 'Kbuild'), '# kbuild\n');
  mkdirSync(join(root, 'include', 'linux'), { recursive: true });
  return root;
}

function kernelTree(): { root: string; file: string } {
  const root = emptyTree();
  writeFileSync(join(root, 'include', 'linux', 'pool.h'), 'struct pool {\n\tspinlock_t lock;\n\tint nr;\n};\n');
  mkdirSync(join(root, 'drivers', 'pool'), { recursive: true });
  // The subsystem header: a lock wrapper pair, and a function with a bug that is not ours to report.
  writeFileSync(
    join(root, 'drivers', 'pool', 'pool_lock.h'),
    [
      '#include <linux/pool.h>',
      'static inline void pool_lock(struct pool *p) { spin_lock(&p->lock); }',
      'static inline void pool_unlock(struct pool *p) { spin_unlock(&p->lock); }',
      'static inline int pool_leaky(struct pool *p)',
      '{',
      '\tspin_lock(&p->lock);',
      '\tif (p->nr)',
      '\t\treturn -EBUSY;',
      '\tspin_unlock(&p->lock);',
      '\treturn 0;',
      '}',
      '',
    ].join('\n'),
  );
  const file = join(root, 'drivers', 'pool', 'pool.c');
  writeFileSync(
    file,
    [
      '#include <linux/pool.h>',
      '#include "pool_lock.h"',
      '',
      'int pool_take(struct pool *p)',
      '{',
      '\tpool_lock(p);',
      '\tif (!p->nr)',
      '\t\treturn -ENOENT;',
      '\tp->nr--;',
      '\tpool_unlock(p);',
      '\treturn 0;',
      '}',
      '',
    ].join('\n'),
  );
  return { root, file };
}

test('includes are read in order, quoted and angled, each once', () => {
  assert.deepEqual(includesOf('#include <linux/a.h>\n# include "b.h"\n#include <linux/a.h>\n'), [
    { quoted: false, path: 'linux/a.h' },
    { quoted: true, path: 'b.h' },
  ]);
});

test('a file finds its tree and the headers it includes, its own subsystem first', () => {
  const { root, file } = kernelTree();
  assert.equal(treeOf(file, existsSync), root);
  const found = contextHeaders(file, '#include <linux/pool.h>\n#include "pool_lock.h"\n#include <linux/missing.h>\n', root, existsSync);
  assert.deepEqual(found.headers.map((h) => h.path), [join(root, 'drivers', 'pool', 'pool_lock.h'), join(root, 'include', 'linux', 'pool.h')]);
  assert.deepEqual(found.limits, []);
});

test('headers two C files share are read once for the run, a refused one too, with the same context as reading each time', () => {
  const { root, file } = kernelTree();
  // A header that links out of the tree: refused every time it is asked for, read once.
  const outside = join(tempDir('out'), 'out.h');
  writeFileSync(outside, 'struct out { int x; };\n');
  symlinkSync(outside, join(root, 'include', 'linux', 'out.h'));
  const other = join(root, 'drivers', 'pool', 'pool_more.c');
  const text = '#include <linux/pool.h>\n#include "pool_lock.h"\n#include <linux/out.h>\n';
  writeFileSync(other, text);
  const files = [
    { path: file, text },
    { path: other, text },
  ];
  const reads = new Map<string, number>();
  const counting = (path: string, within?: string) => {
    reads.set(path, (reads.get(path) ?? 0) + 1);
    return readUserFile(path, within);
  };
  const once = contextHeadersOf(files, root, existsSync, readEachOnce(root, counting));
  assert.deepEqual([...reads.values()], [1, 1, 1], [...reads.keys()].join(', '));
  const everyTime = contextHeadersOf(files, root, existsSync, (p) => readUserFile(p, root));
  assert.deepEqual(once, everyTime);
  assert.deepEqual(once.headers.map((h) => h.path), [join(root, 'drivers', 'pool', 'pool_lock.h'), join(root, 'include', 'linux', 'pool.h')]);
});

test('with --tree, a header wrapper is a lock for its callers and the header is not reported on', async () => {
  const { root, file } = kernelTree();
  const alone = JSON.parse((await runCli(['review', file, '--format', 'json'])).stdout);
  assert.deepEqual(alone.findings.map((f: { rule: string }) => f.rule), [], 'without the header the wrappers are unknown calls');
  const withTree = JSON.parse((await runCli(['review', file, '--tree', root, '--format', 'json'])).stdout);
  assert.deepEqual(
    withTree.findings.map((f: { rule: string; line: number; file: string }) => [f.rule, f.line, f.file]),
    [['lock/held-at-return', 8, file]],
    'the early return keeps the lock pool_lock() took; the header function with its own leak is context only',
  );
  assert.ok(withTree.functions.every((f: { file: string }) => f.file === file));
  const auto = JSON.parse((await runCli(['review', file, '--tree', 'auto', '--format', 'json'])).stdout);
  assert.deepEqual(auto.findings.length, 1);
  const notTree = await runCli(['review', file, '--tree', join(root, 'missing')]);
  assert.equal(notTree.code, 2);
});

test('with header context, a limit on a static that two reviewed files define is still said', async () => {
  const { reviewFiles } = await import('../src/core/review');
  const body = (file: string) => `static int helper(struct box *b)\n{\n\tmutex_lock(&b->lock);\n\tif (b->n)\n\t\treturn -EBUSY;\n\tmutex_unlock(&b->lock);\n\treturn 0;\n}\n\nint ${file}_use(struct box *b)\n{\n\treturn helper(b);\n}\n`;
  const files = [
    { path: 'drivers/a.c', text: body('a') },
    { path: 'drivers/b.c', text: body('b') },
  ];
  const context = [{ path: 'include/linux/box.h', text: 'struct box {\n\tstruct mutex lock;\n\tint n;\n};\n' }];
  const { result } = await reviewFiles(files, { context, maxPaths: 1 });
  assert.ok(result.limits.some((l) => l.includes('helper@a.c()')), result.limits.join('\n'));
  assert.ok(result.limits.some((l) => l.includes('helper@b.c()')), result.limits.join('\n'));
});

test('header context: only lock wrappers join the analysis; a lock-free inline stays what the knowledge says it is', async () => {
  const { reviewFiles } = await import('../src/core/review');
  const header = {
    path: 'include/linux/bin.h',
    text: [
      'struct item {',
      '\tstruct list_head node;',
      '\tint n;',
      '};',
      'struct bin {',
      '\tspinlock_t lock;',
      '\tstruct list_head items;',
      '};',
      '/* An unlinker by the knowledge; its body here says nothing of locks. */',
      'static inline void list_del(struct list_head *entry)',
      '{',
      '\tentry->next = NULL;',
      '}',
      'static inline void bin_lock(struct bin *b)',
      '{',
      '\tspin_lock(&b->lock);',
      '}',
      '/* A wrapper of a wrapper is a wrapper too. */',
      'static inline void bin_lock_twice_removed(struct bin *b)',
      '{',
      '\tbin_lock(b);',
      '}',
      '',
    ].join('\n'),
  };
  const take = (unlink: boolean) => ({
    path: 'drivers/bin.c',
    text: [
      'int bin_take(struct bin *b)',
      '{',
      '\tstruct item *it;',
      '\tint n;',
      '',
      '\tbin_lock_twice_removed(b);',
      '\tit = list_first_entry(&b->items, struct item, node);',
      ...(unlink ? ['\tlist_del(&it->node);'] : []),
      '\tspin_unlock(&b->lock);',
      '\tn = it->n;',
      '\tkfree(it);',
      '\treturn n;',
      '}',
      '',
    ].join('\n'),
  });
  const rules = (r: Awaited<ReturnType<typeof reviewFiles>>) => r.result.findings.filter((f) => f.severity !== 'info').map((f) => f.rule);
  // Taken out of the list under the lock: the item is this function's after the unlock.
  assert.deepEqual(rules(await reviewFiles([take(true)], { context: [header] })), []);
  // Left in the list: another thread can free it once the lock is dropped.
  assert.deepEqual(rules(await reviewFiles([take(false)], { context: [header] })), ['lock/use-after-unlock']);
});

test("header context: a header's function-like macro that takes a lock is a lock wrapper too", async () => {
  const { reviewFiles } = await import('../src/core/review');
  const header = {
    path: 'include/net/sack.h',
    text: [
      'struct sack {',
      '\tspinlock_t lock;',
      '\tint n;',
      '};',
      '#define sack_lock(s)\tspin_lock(&(s)->lock)',
      '#define sack_unlock(s) \\',
      '\tspin_unlock(&(s)->lock)',
      '#define SACK_MAX(a, b)\t((a) > (b) ? (a) : (b))',
      '',
    ].join('\n'),
  };
  const fill = (early: boolean) => ({
    path: 'net/sack.c',
    text: [
      'int sack_fill(struct sack *s, int n)',
      '{',
      '\tsack_lock(s);',
      ...(early ? ['\tif (s->n > n)', '\t\treturn -EBUSY;'] : []),
      '\ts->n = SACK_MAX(s->n, n);',
      '\tsack_unlock(s);',
      '\treturn 0;',
      '}',
      '',
    ].join('\n'),
  });
  const rules = async (early: boolean, context: Array<{ path: string; text: string }>) =>
    (await reviewFiles([fill(early)], { context })).result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}:${f.line}`);
  assert.deepEqual(await rules(true, [header]), ['lock/held-at-return:5'], 'the early return keeps the lock the macro took');
  assert.deepEqual(await rules(false, [header]), []);
  assert.deepEqual(await rules(true, []), [], 'without the header the macros are unknown calls');
});

test("a header's tracepoint named after a function does not make that function a callback", async () => {
  const { reviewFiles } = await import('../src/core/review');
  // DEFINE_EVENT(class, name, ...) names the tracepoint trace_<name>() after the function it traces:
  // the header takes no address of the file's function, which runs only under its callers' lock.
  const header = {
    path: 'include/trace/events/src.h',
    text: ['DEFINE_EVENT(src_class, src_deactivate,', '\tTP_PROTO(const char *name, unsigned int state),', '\tTP_ARGS(name, state)', ');', ''].join('\n'),
  };
  const file = (extraUse: boolean) => ({
    path: 'drivers/base/src.c',
    text: [
      'struct src {',
      '\tspinlock_t lock;',
      '\tint active;',
      '\tint count;',
      '};',
      '',
      'static void src_deactivate(struct src *ws)',
      '{',
      '\tws->active = 0;',
      '\tws->count++;',
      '}',
      '',
      'void src_relax(struct src *ws)',
      '{',
      '\tspin_lock_irq(&ws->lock);',
      '\tsrc_deactivate(ws);',
      '\tspin_unlock_irq(&ws->lock);',
      '}',
      '',
      'void src_timeout(struct src *ws)',
      '{',
      '\tspin_lock_irq(&ws->lock);',
      '\tif (ws->active)',
      '\t\tsrc_deactivate(ws);',
      '\tspin_unlock_irq(&ws->lock);',
      '}',
      '',
      'void src_activate(struct src *ws)',
      '{',
      '\tspin_lock_irq(&ws->lock);',
      '\tws->active = 1;',
      '\tws->count++;',
      '\tspin_unlock_irq(&ws->lock);',
      '}',
      '',
      'int src_count(struct src *ws)',
      '{',
      '\tint n;',
      '',
      '\tspin_lock_irq(&ws->lock);',
      '\tn = ws->count + ws->active;',
      '\tspin_unlock_irq(&ws->lock);',
      '\treturn n;',
      '}',
      // The file's own table takes its address: then it is a callback, run with no lock held.
      ...(extraUse ? ['', 'void (*src_hook)(struct src *ws) = src_deactivate;'] : []),
      '',
    ].join('\n'),
  });
  const rules = (r: { result: { findings: Array<{ severity: string; function?: string; rule: string }> } }) => r.result.findings.filter((f) => f.severity !== 'info').map((f) => `${f.function} ${f.rule}`);
  assert.deepEqual(rules(await reviewFiles([file(false)], { context: [header] })), []);
  assert.deepEqual(rules(await reviewFiles([file(true)], { context: [header] })), ['src_deactivate lock/unguarded-access']);
});

test("header context: a lock macro's undeclared name is the caller's, and a call's argument in it stays the call's", async () => {
  const { reviewFiles } = await import('../src/core/review');
  const header = {
    path: 'drivers/unit/unit.h',
    text: [
      'struct unit_sock { spinlock_t lock; int peer; };',
      'struct unit { struct mutex state_mutex; int ready; };',
      '#define unit_sk(s) ((struct unit_sock *)(s))',
      '#define unit_sock_unlock(s)\tspin_unlock(&unit_sk(s)->lock)',
      '/* Waits with the caller\'s ctx->state_mutex dropped; nonzero when it comes back without it. */',
      '#define unit_wait(cond) ({ int __r = 0; if (!(cond)) { mutex_unlock(&ctx->state_mutex); __r = mutex_lock_interruptible(&ctx->state_mutex); } __r; })',
      '',
    ].join('\n'),
  };
  const file = {
    path: 'drivers/unit/unit.c',
    text: [
      'int unit_read(struct unit *ctx)',
      '{',
      '\tint err;',
      '',
      '\tmutex_lock(&ctx->state_mutex);',
      '\terr = unit_wait(ctx->ready);',
      '\tif (err)',
      '\t\treturn err;',
      '\tctx->ready = 0;',
      '\tmutex_unlock(&ctx->state_mutex);',
      '\treturn 0;',
      '}',
      '',
      'int unit_poll(struct unit *ctx)',
      '{',
      '\tint err;',
      '',
      '\tmutex_lock(&ctx->state_mutex);',
      '\terr = unit_wait(ctx->ready);',
      '\tmutex_unlock(&ctx->state_mutex);',
      '\treturn err;',
      '}',
      '',
      'void unit_disconnect(struct unit_sock *us, struct unit_sock *other)',
      '{',
      '\tspin_lock(&unit_sk(us)->lock);',
      '\tspin_lock_nested(&unit_sk(other)->lock, 1);',
      '\tunit_sk(us)->peer = 0;',
      '\tunit_sock_unlock(other);',
      '\tunit_sock_unlock(us);',
      '}',
      '',
    ].join('\n'),
  };
  const { result } = await reviewFiles([file], { context: [header] });
  const said = result.findings.filter((f) => f.severity !== 'info').map((f) => [f.rule, f.function, f.line]);
  assert.deepEqual(said, [['lock/release-unheld', 'unit_poll', 20]], JSON.stringify(result.findings.map((f) => f.message)));
});

test("header context: a struct of a header only this file of its directory includes is the file's, so its ops table's member calls are in view", async () => {
  const { reviewFiles } = await import('../src/core/review');
  const fixture = readFileSync(fixturePath('locks', 'v2-variant-table-member-call.c'), 'utf8');
  // The fixture's two structs, moved into a header: the driver's own (its directory) or a shared one.
  const structs = /struct ex_hba \{[\s\S]*?\n\};\n\nstruct ex_variant \{[\s\S]*?\n\};\n/.exec(fixture)![0];
  const text = fixture.replace(structs, '');
  const told = async (header: { path: string; driverPrivate?: boolean }) => {
    const { result } = await reviewFiles([{ path: 'drivers/ex/ex.c', text }], { context: [{ ...header, text: structs }] });
    return result.findings.filter((f) => f.rule === 'lock/unguarded-access').map((f) => f.function).sort();
  };
  assert.deepEqual(await told({ path: 'drivers/ex/ex.h', driverPrivate: true }), ['ex_a_reset']);
  // Other files of the driver may call through the member (lpfc's completion handlers): the init stays a callback.
  assert.deepEqual(await told({ path: 'drivers/ex/ex.h' }), ['ex_a_reset', 'ex_enable_mbox']);
  // A struct from a shared header may have members the kernel calls.
  assert.deepEqual(await told({ path: 'include/linux/ex.h', driverPrivate: true }), ['ex_a_reset', 'ex_enable_mbox']);
});

test('a header of the file\'s directory that no other C file there includes is the driver\'s private one (links not followed)', () => {
  const root = tempDir('tree');
  mkdirSync(join(root, 'drivers', 'ex'), { recursive: true });
  mkdirSync(join(root, 'include', 'linux'), { recursive: true });
  for (const h of ['ex.h', 'ex_common.h']) writeFileSync(join(root, 'drivers', 'ex', h), 'struct x { int a; };\n');
  writeFileSync(join(root, 'include', 'linux', 'pool.h'), 'struct pool { int nr; };\n');
  const text = '#include <linux/pool.h>\n#include "ex.h"\n#include "ex_common.h"\n';
  const file = join(root, 'drivers', 'ex', 'ex.c');
  writeFileSync(file, text);
  writeFileSync(join(root, 'drivers', 'ex', 'ex_other.c'), '#include "ex_common.h"\n');
  // A link is not read (it may lead out of the tree): what it includes does not count.
  const outside = join(tempDir('outside'), 'elsewhere.c');
  writeFileSync(outside, '#include "ex.h"\n');
  symlinkSync(outside, join(root, 'drivers', 'ex', 'linked.c'));
  const found = contextHeaders(file, text, root, existsSync).headers.map((h) => [h.path.slice(root.length + 1), !!h.driverPrivate]);
  assert.deepEqual(found.sort(), [['drivers/ex/ex.h', true], ['drivers/ex/ex_common.h', false], ['include/linux/pool.h', false]]);
});

test("the files of one review read their directory's other C files once between them, with each file's own answer", () => {
  const root = tempDir('tree');
  const dir = join(root, 'drivers', 'ex');
  mkdirSync(dir, { recursive: true });
  for (const h of ['ex_a.h', 'ex_b.h', 'ex_both.h']) writeFileSync(join(dir, h), 'struct x { int a; };\n');
  const a = { path: join(dir, 'ex_a.c'), text: '#include "ex_a.h"\n#include "ex_both.h"\n' };
  const b = { path: join(dir, 'ex_b.c'), text: '#include "ex_b.h"\n#include "ex_both.h"\n' };
  for (const f of [a, b]) writeFileSync(f.path, f.text);
  writeFileSync(join(dir, 'ex_other.c'), '#include "ex_b.h"\n');
  const flags = (headers: Array<{ path: string; driverPrivate?: boolean }>) => headers.map((h) => [h.path.slice(dir.length + 1), !!h.driverPrivate]).sort();
  // ex_a.h is ex_a.c's alone; ex_both.h is included by both reviewed files; ex_b.h by another file too.
  assert.deepEqual(flags(contextHeadersOf([a, b], root, existsSync).headers), [['ex_a.h', true], ['ex_b.h', false], ['ex_both.h', false]]);
  // The same answers as each file read on its own.
  assert.deepEqual(flags([a, b].flatMap((f) => contextHeaders(f.path, f.text, root, existsSync).headers.filter((h) => !h.path.endsWith('ex_both.h') || f === a))), [['ex_a.h', true], ['ex_b.h', false], ['ex_both.h', false]]);
});

test("with --tree, a lockdep map's release names no lock: a header's bucket-locked removal gives back nothing of its caller's (rhashtable's rht_unlock)", async () => {
  const root = emptyTree();
  writeFileSync(
    join(root, 'include', 'linux', 'exhash.h'),
    [
      'struct ex_node {',
      '\tstruct ex_node *next;',
      '};',
      'struct ex_bucket_table {',
      '\tstruct lockdep_map dep_map;',
      '\tstruct ex_node *buckets[64];',
      '};',
      'static inline void ex_bkt_lock(struct ex_bucket_table *tbl, struct ex_node **bkt)',
      '{',
      '\tlocal_bh_disable();',
      '\tbit_spin_lock(0, (unsigned long *)bkt);',
      '\tlock_map_acquire(&tbl->dep_map);',
      '}',
      'static inline void ex_bkt_unlock(struct ex_bucket_table *tbl, struct ex_node **bkt)',
      '{',
      '\tlock_map_release(&tbl->dep_map);',
      '\tbit_spin_unlock(0, (unsigned long *)bkt);',
      '\tlocal_bh_enable();',
      '}',
      '/* Unlocks by publishing the new head: the bit is cleared by the store. */',
      'static inline void ex_bkt_assign_unlock(struct ex_bucket_table *tbl, struct ex_node **bkt, struct ex_node *head)',
      '{',
      '\tlock_map_release(&tbl->dep_map);',
      '\trcu_assign_pointer(*bkt, head);',
      '\tpreempt_enable();',
      '\t__release(bitlock);',
      '\tlocal_bh_enable();',
      '}',
      'static inline int ex_hash_remove(struct ex_bucket_table *tbl, struct ex_node **bkt, struct ex_node *obj)',
      '{',
      '\tstruct ex_node **pprev;',
      '',
      '\tex_bkt_lock(tbl, bkt);',
      '\tfor (pprev = bkt; *pprev; pprev = &(*pprev)->next) {',
      '\t\tif (*pprev != obj)',
      '\t\t\tcontinue;',
      '\t\tif (pprev != bkt) {',
      '\t\t\t*pprev = obj->next;',
      '\t\t\tex_bkt_unlock(tbl, bkt);',
      '\t\t} else {',
      '\t\t\tex_bkt_assign_unlock(tbl, bkt, obj->next);',
      '\t\t}',
      '\t\treturn 0;',
      '\t}',
      '\tex_bkt_unlock(tbl, bkt);',
      '\treturn -ENOENT;',
      '}',
      '',
      ].join('\n'),
  );
  mkdirSync(join(root, 'drivers', 'ex'), { recursive: true });
  const file = join(root, 'drivers', 'ex', 'router.c');
  const review = async (sleeps: boolean) => {
    const text = [
      '#include <linux/exhash.h>',
      'struct ex_router {',
      '\tstruct mutex lock;',
      '\tstruct ex_bucket_table *tbl;',
      '};',
      'static void ex_entry_destroy(struct ex_router *r, struct ex_node **bkt, struct ex_node *obj)',
      '{',
      '\tex_hash_remove(r->tbl, bkt, obj);',
      '}',
      'static int ex_entry_demote(struct ex_router *r, struct ex_node **bkt, struct ex_node *obj)',
      '{',
      ...(sleeps ? ['\tex_bkt_lock(r->tbl, bkt);', '\tmsleep(1);', '\tex_bkt_unlock(r->tbl, bkt);'] : []),
      '\tex_entry_destroy(r, bkt, obj);',
      '\treturn 0;',
      '}',
      'int ex_router_event(struct ex_router *r, struct ex_node **bkt, struct ex_node *obj)',
      '{',
      '\tint err;',
      '',
      '\tmutex_lock(&r->lock);',
      '\terr = ex_entry_demote(r, bkt, obj);',
      '\tmutex_unlock(&r->lock);',
      '\treturn err;',
      '}',
      '',
    ].join('\n');
    writeFileSync(file, text);
    return JSON.parse((await runCli(['review', file, '--tree', root, '--format', 'json'])).stdout);
  };
  type Report = { findings: Array<{ rule: string; function: string; severity: string }>; functions: Array<{ name: string; summary: { releases: string[] } }> };
  const quiet: Report = await review(false);
  assert.deepEqual(quiet.findings.filter((f) => f.severity !== 'info'), []);
  // No function is summarised as giving back its caller's `r->tbl`: a lockdep map's owner, no lock.
  assert.deepEqual(quiet.functions.filter((f) => f.summary.releases.some((r) => r.includes('tbl'))).map((f) => f.name), []);
  // Sleeping with the bucket's bit lock held is still said.
  const sleeping: Report = await review(true);
  assert.deepEqual(sleeping.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}:${f.function}`), ['lock/sleep-in-atomic:ex_entry_demote']);
});

test("with --tree, a header's inline function is typed with every struct the file's headers declare: its lock is the caller's class", async () => {
  const root = emptyTree();
  // The item's struct in one header, the AIL's struct and the helpers that assert its lock in another.
  writeFileSync(join(root, 'include', 'linux', 'ex_item.h'), 'struct ex_ail;\nstruct ex_item {\n\tstruct ex_ail *li_ailp;\n\tstruct list_head li_list;\n\tvoid *li_buf;\n\tunsigned long li_flags;\n};\n');
  mkdirSync(join(root, 'drivers', 'ex'), { recursive: true });
  writeFileSync(
    join(root, 'drivers', 'ex', 'ex_ail_priv.h'),
    [
      'struct ex_ail {',
      '\tspinlock_t ail_lock;',
      '\tstruct list_head ail_head;',
      '};',
      'static inline void ex_clear_failed(struct ex_item *lip)',
      '{',
      '\tvoid *bp = lip->li_buf;',
      '',
      '\tlockdep_assert_held(&lip->li_ailp->ail_lock);',
      '\tif (test_and_clear_bit(1, &lip->li_flags)) {',
      '\t\tlip->li_buf = NULL;',
      '\t\tex_buf_rele(bp);',
      '\t}',
      '}',
      'static inline void ex_set_failed(struct ex_item *lip, void *bp)',
      '{',
      '\tlockdep_assert_held(&lip->li_ailp->ail_lock);',
      '\tif (!test_and_set_bit(1, &lip->li_flags))',
      '\t\tlip->li_buf = bp;',
      '}',
      '',
    ].join('\n'),
  );
  const review = async (locked: boolean) => {
    const file = join(root, 'drivers', 'ex', locked ? 'ex_ail.c' : 'ex_ail_unlocked.c');
    const text = [
      '#include <linux/ex_item.h>',
      '#include "ex_ail_priv.h"',
      'static int ex_resubmit_item(struct ex_item *lip)',
      '{',
      '\tvoid *bp = lip->li_buf;',
      '',
      '\tif (!ex_buf_trylock(bp))',
      '\t\treturn 1;',
      '\tex_clear_failed(lip);',
      '\treturn 0;',
      '}',
      'static int ex_push_item(struct ex_ail *ailp, struct ex_item *lip)',
      '{',
      '\tif (test_bit(1, &lip->li_flags))',
      '\t\treturn ex_resubmit_item(lip);',
      '\treturn 0;',
      '}',
      'static void ex_push(struct ex_ail *ailp)',
      '{',
      '\tstruct ex_item *lip;',
      '',
      ...(locked ? ['\tspin_lock(&ailp->ail_lock);'] : []),
      '\tlist_for_each_entry(lip, &ailp->ail_head, li_list)',
      '\t\tex_push_item(ailp, lip);',
      ...(locked ? ['\tspin_unlock(&ailp->ail_lock);'] : []),
      '}',
      'static int ex_aild(void *data)',
      '{',
      '\tstruct ex_ail *ailp = data;',
      '',
      '\twhile (!kthread_should_stop())',
      '\t\tex_push(ailp);',
      '\treturn 0;',
      '}',
      'int ex_ail_init(struct ex_ail *ailp)',
      '{',
      '\treturn PTR_ERR_OR_ZERO(kthread_run(ex_aild, ailp, "ex_aild"));',
      '}',
      '',
    ].join('\n');
    writeFileSync(file, text);
    const report = JSON.parse((await runCli(['review', file, '--tree', root, '--format', 'json'])).stdout) as { findings: Array<{ rule: string; function: string; severity: string }> };
    return report.findings.filter((f) => f.severity !== 'info').map((f) => `${f.rule}:${f.function}`);
  };
  // The push loop holds ailp->ail_lock, the lock the helpers assert as lip->li_ailp->ail_lock: one class.
  assert.deepEqual(await review(true), []);
  // A push that forgot the lock reads the item's buffer without it.
  assert.deepEqual(await review(false), ['lock/unguarded-access:ex_resubmit_item']);
});
