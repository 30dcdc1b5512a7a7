/**
 * Lock rule fixtures: every line of test/fixtures/locks/*.c that must get a
 * finding says so with "expect: <rule>" ("expect: <rule> (info" for a note);
 * the findings must be exactly those, severity included,
 * so each fixture checks both that rules fire and that they stay quiet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { reviewFiles } from '../src/core/review';
import { fixturePath, readFixture } from './helpers';

function expectations(text: string): string[] {
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    // `expect: <rule> (info...` asks for a note; otherwise a warning or an error.
    for (const m of line.matchAll(/expect: ([\w/-]+)( \(info)?/g)) out.push(`${i + 1} ${m[1]}${m[2] ? ' info' : ''}`);
  });
  return out.sort();
}

for (const name of readdirSync(fixturePath('locks')).filter((f) => f.endsWith('.c')).sort()) {
  test(`lock rules: ${name}`, async () => {
    const text = readFixture('locks', name);
    const { result } = await reviewFiles([{ path: name, text }]);
    const actual = result.findings.map((f) => `${f.line} ${f.rule}${f.severity === 'info' ? ' info' : ''}`).sort();
    assert.deepEqual(actual, expectations(text), result.findings.map((f) => `${f.line} ${f.rule}: ${f.message}`).join('\n'));
    for (const f of result.findings) {
      assert.ok(f.message.length > 20, 'a finding explains itself');
      assert.ok(f.suggestion.length > 10, `${f.rule} suggests a change`);
    }
  });
}
