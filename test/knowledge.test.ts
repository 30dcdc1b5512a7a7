/**
 * Kernel knowledge is one document with a schema: the shipped one validates, a user's file
 * extends it (and every layer reads the extension), and a broken file is said field by field.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import { compileKnowledge, KERNEL_KNOWLEDGE, knowledgeWith, NameClass, parseKnowledge, parseKnowledgeText, SHIPPED_KNOWLEDGE } from '../src/core/knowledge';
import { InputError } from '../src/core/input/validate';
import { parseFile } from '../src/core/syntax';
import { simulate } from '../src/core/sim';
import { fixturePath, repoRoot, runCli } from './helpers';
import { join } from 'node:path';
import type { Finding } from '../src/core/review/types';
import generatedValidator from '../src/core/knowledge/knowledgeValidator.generated';

const SCHEMA = JSON.parse(readFileSync(join(repoRoot(), 'src', 'core', 'knowledge', 'knowledge.schema.json'), 'utf8'));

test('the shipped knowledge document validates against its schema, and the schema is itself valid', () => {
  const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false });
  assert.ok(ajv.validateSchema(SCHEMA), JSON.stringify(ajv.errors));
  const validate = ajv.compile(SCHEMA);
  assert.ok(validate(SHIPPED_KNOWLEDGE), JSON.stringify(validate.errors));
  assert.doesNotThrow(() => parseKnowledge(SHIPPED_KNOWLEDGE, 'kernel.json'));
  // What every layer reads is there: primitives with their defaults, guards, call classes.
  assert.equal(KERNEL_KNOWLEDGE.primitives.get('mutex_lock')?.sleeps, true);
  assert.equal(KERNEL_KNOWLEDGE.primitives.get('rcu_read_lock')?.path, 'rcu');
  assert.equal(KERNEL_KNOWLEDGE.guards.get('mutex_try')?.conditional, true);
  assert.ok(KERNEL_KNOWLEDGE.contextLocks.has('irqs-off'));
  assert.ok(KERNEL_KNOWLEDGE.calls.logging.has('dev_err_ratelimited'));
  assert.ok(KERNEL_KNOWLEDGE.lockNeutral.has('pr_info') && KERNEL_KNOWLEDGE.lockNeutral.has('kfree'));
  assert.ok(KERNEL_KNOWLEDGE.sleepingGfp.test('kmalloc(n, GFP_KERNEL)') && !KERNEL_KNOWLEDGE.sleepingGfp.test('kmalloc(n, GFP_ATOMIC)'));
});

test("the build's generated validator answers as ajv compiling the schema does", () => {
  const compiled = new Ajv({ allErrors: true, strict: true, strictRequired: false, verbose: true }).compile(SCHEMA);
  const bad = { primitives: [{ name: 'x', op: 'try', kind: 'mutx' }], structFields: { a: { b: 3 } }, calls: { sleepy: ['a'] }, guards: 7 };
  for (const doc of [SHIPPED_KNOWLEDGE, bad, {}, [], null]) {
    assert.equal(generatedValidator(doc), compiled(doc));
    assert.deepEqual(generatedValidator.errors ?? null, compiled.errors ?? null);
  }
  generatedValidator(bad);
  assert.ok((generatedValidator.errors ?? []).length >= 4, 'the broken document has an error per wrong field');
});

test('a * in a name stands for identifier characters only, anchored at both ends', () => {
  const k = compileKnowledge([{ calls: { referenceGetters: ['get_*', '*_hold', 'kref_get'] } }]);
  const getters = k.calls.referenceGetters;
  assert.ok(getters.has('get_device') && getters.has('sock_hold') && getters.has('kref_get'));
  assert.ok(!getters.has('forget_device') && !getters.has('sock_holder') && !getters.has('kref_get_unless_zero'));
});

test('a user document extends the shipped one: lists join, maps merge, a primitive of the same name replaces', () => {
  const k = knowledgeWith([
    {
      primitives: [{ name: 'mutex_lock', op: 'acquire', kind: 'mutex', path: '$->inner' }, { name: 'hw_lock', op: 'acquire', kind: 'spinlock' }],
      structFields: { device: { hw: 'hw_dev' } },
      calls: { sleeping: ['hw_wait_*'] },
    },
  ]);
  assert.equal(k.primitives.get('mutex_lock')?.path, '$->inner');
  assert.equal(k.primitives.get('hw_lock')?.atomic, true, 'defaults are filled in from the kind');
  assert.equal(k.primitives.size, KERNEL_KNOWLEDGE.primitives.size + 1);
  assert.equal(k.structFields.get('device')?.get('hw'), 'hw_dev');
  assert.equal(k.structFields.get('device')?.get('mutex'), 'mutex', 'the shipped fields of the struct stay');
  assert.ok(k.calls.sleeping.has('hw_wait_ready') && k.calls.sleeping.has('msleep'));
  assert.equal(knowledgeWith([]), KERNEL_KNOWLEDGE);
});

test('a broken knowledge file is refused with a message that names each wrong field', () => {
  const bad = JSON.stringify({
    primitives: [{ name: 'x', op: 'try', kind: 'mutx' }],
    structFields: { a: { b: 3 } },
    calls: { sleepy: ['a'] },
    callbackHelpers: [{ name: 'walk', fnArg: 1, holds: [{ path: 'group->mutex', cls: 'g.m' }] }],
  });
  assert.throws(() => parseKnowledgeText(bad, 'mine.json'), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /^mine\.json: /);
    assert.match(e.message, /primitives\[0\]\.heldWhen is missing/);
    assert.match(e.message, /primitives\[0\]\.kind must be one of mutex, spinlock, .* \(got "mutx"\)/);
    assert.match(e.message, /structFields\.a\.b must be string/);
    assert.match(e.message, /calls\.sleepy is not a field this file can have/);
    assert.match(e.message, /callbackHelpers\[0\]\.holds\[0\]\.path must match pattern/);
    return true;
  });
  assert.throws(() => parseKnowledgeText('{ "primitives": [', 'mine.json'), /mine\.json: not valid JSON/);
});

test('--knowledge FILE extends what review knows: wrappers, sleeping calls and known orders from the file', async () => {
  const c = fixturePath('knowledge', 'hw.c');
  const plain = JSON.parse((await runCli(['review', c, '--format', 'json', '--fail-on', 'none'])).stdout);
  assert.deepEqual(plain.findings, [], 'without the file, hw_lock() and hw_wait_ready() are unknown calls');
  const r = await runCli(['review', c, '--format', 'json', '--knowledge', fixturePath('knowledge', 'hw.lockflow.json')]);
  assert.equal(r.code, 1, r.stderr);
  const found = JSON.parse(r.stdout).findings.map((f: Finding) => [f.rule, f.function, f.line]);
  assert.deepEqual(found.sort(), [
    ['lock/held-at-return', 'hw_poke', 22],
    ['lock/order-inversion', 'hw_reconfigure', 38],
    ['lock/sleep-in-atomic', 'hw_flush', 31],
  ]);
  const bad = await runCli(['review', c, '--knowledge', fixturePath('knowledge', 'hw.c')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /hw\.c: not valid JSON/);
});

test('the simulator reads the knowledge too: a logging call it does not model prints instead of stopping the run', async () => {
  const file = await parseFile('t.c', 'static int store(int x)\n{\n\thw_log_ratelimited("store %d\\n", x);\n\treturn x + 1;\n}\n');
  const scenarios = [{ name: 'one', world: { group: null, devices: [] }, threads: [{ name: 't', code: 'store(41);' }] }];
  const unknown = simulate([file], { function: 'store', scenarios });
  assert.match(unknown.runs[0].result, /hw_log_ratelimited\(\) is neither in the code under review nor in the model/);
  const known = simulate([file], { function: 'store', scenarios, knowledge: [{ calls: { logging: ['hw_log_*'] } }] });
  assert.equal(known.runs[0].result, 't returned 42');
  assert.ok(known.runs[0].trace.some((s) => /store 41/.test(s.text)), JSON.stringify(known.runs[0].trace));
});

test('a class of names answers a pattern the same when it has remembered the answer, and past its bound', () => {
  const getters = new NameClass(['kref_get', '*_tryget*', 'mmget*']);
  assert.equal(getters.has('css_tryget_online'), true);
  assert.equal(getters.has('css_tryget_online'), true);
  assert.equal(getters.has('css_put'), false);
  assert.equal(getters.has('css_put'), false);
  assert.equal(getters.hasExactly('mmget_not_zero'), false);
  // More distinct names than it keeps answers for: it starts again and still answers right.
  for (let k = 0; k < 25_000; k++) getters.has(`fn_${k}`);
  assert.equal(getters.has('mmget_not_zero'), true);
  assert.equal(getters.has('kref_get'), true);
  assert.equal(getters.has('fn_7'), false);
});
