/**
 * Golden CFG fixtures: each test/fixtures/cfg/<construct>--<variant>.c ends
 * with a comment holding the expected graph of every function, written by
 * the same serializer `lockflow cfg` prints. LOCKFLOW_UPDATE_GOLDEN=1
 * rewrites them (then read the diff before committing).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { parseFile } from '../src/core/syntax';
import { buildCfg, cfgToText } from '../src/core/cfg';
import { fixturePath, readFixture } from './helpers';

const MARK = '/* expected CFG';

function split(text: string): { code: string; expected: string | undefined } {
  const at = text.indexOf(MARK);
  if (at < 0) return { code: text, expected: undefined };
  const end = text.indexOf('*/', at);
  return { code: text.slice(0, at).trimEnd() + '\n', expected: text.slice(at + MARK.length, end).trim() };
}

for (const name of readdirSync(fixturePath('cfg')).filter((f) => f.endsWith('.c')).sort()) {
  test(`cfg golden: ${name}`, async () => {
    const { code, expected } = split(readFixture('cfg', name));
    const file = await parseFile(name, code);
    assert.ok(file.functions.length > 0, 'fixture has functions');
    const actual = file.functions.map((fn) => cfgToText(buildCfg(file, fn))).join('\n\n');
    if (process.env.LOCKFLOW_UPDATE_GOLDEN) {
      writeFileSync(fixturePath('cfg', name), `${code}\n${MARK}\n${actual}\n*/\n`);
      return;
    }
    assert.ok(expected !== undefined, `${name} has no expected CFG: run with LOCKFLOW_UPDATE_GOLDEN=1 and review it`);
    assert.equal(actual, expected);
  });
}
