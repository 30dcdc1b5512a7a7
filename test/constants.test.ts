import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../src/core/syntax';
import { ConstantTable, integerExpression } from '../src/core/syntax/constants';

test('enumerators are numbered on from the one before (also of an enum a function body declares), and #defines are read as integer expressions', async () => {
  const text = [
    '#define SHIFT 3',
    '#define FLAG_BUSY (1U << SHIFT)',
    '#define LIMIT 0x10',
    '#define NAME "busy"',
    'enum scan { SCAN_FAIL, SCAN_OK, SCAN_BUSY = FLAG_BUSY, SCAN_STALE, SCAN_ODD = sizeof(int), SCAN_AFTER };',
    'static int f(void) { enum { LOCAL_ONLY = 7 }; int x = 1; if (x) { enum { NESTED = 9 }; } return SCAN_OK; }',
  ].join('\n');
  const file = await parseFile('c.c', text);
  assert.deepEqual(Object.fromEntries(file.constants), { SHIFT: 3, FLAG_BUSY: 8, LIMIT: 16, SCAN_FAIL: 0, SCAN_OK: 1, SCAN_BUSY: 8, SCAN_STALE: 9, LOCAL_ONLY: 7 });
});

test('a name given two values has none', async () => {
  const file = await parseFile('c.c', ['#ifdef CONFIG_A', '#define WIDTH 4', '#else', '#define WIDTH 8', '#endif', '#ifdef CONFIG_B', '#define DEPTH 2', '#else', '#define DEPTH 2', '#endif'].join('\n'));
  assert.deepEqual(Object.fromEntries(file.constants), { DEPTH: 2 });
  assert.deepEqual(Object.fromEntries(ConstantTable.join([new Map([['A', 1], ['B', 2]]), new Map([['A', 1], ['B', 3]])])), { A: 1 });
});

test('integer expressions: precedence, octal and hex, and nothing for what is not one', () => {
  assert.equal(integerExpression('1 + 2 * 3', new Map()), 7);
  assert.equal(integerExpression('(1 << 4) | 0x3', new Map()), 19);
  assert.equal(integerExpression('-010', new Map()), -8);
  assert.equal(integerExpression('~0 & 0xff', new Map()), 255);
  assert.equal(integerExpression('BASE + 1 /* next */', new Map([['BASE', 5]])), 6);
  assert.equal(integerExpression('BASE + 1', new Map()), undefined);
  assert.equal(integerExpression('(int)4', new Map()), undefined);
  assert.equal(integerExpression('1 << 40', new Map()), undefined);
  assert.equal(integerExpression('f(2)', new Map()), undefined);
  assert.equal(integerExpression('', new Map()), undefined);
});

test('only names written as constants are kept: a lower-case enumerator may name a local too', async () => {
  const file = await parseFile('c.c', 'enum run_state { idle, busy, STATE_MAX };\n');
  assert.deepEqual(Object.fromEntries(file.constants), { STATE_MAX: 2 });
});
