/**
 * The shapes of ../shared/patterns/: correct kernel code the engine must read
 * right (no error, no warning), except the two real bugs of
 * parse-syscall-define-skipped.c, which must both be found. Their README says
 * what each must give; the project's own fixtures (test/fixtures/locks/v2-*.c)
 * hold a buggy variant of each class that must still be reported.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewFiles } from '../src/core/review';
import { repoRoot } from './helpers';

const DIR = join(repoRoot(), '..', 'shared', 'patterns');

/** Errors and warnings each pattern must give, as `line rule`. */
const EXPECTED: Record<string, string[]> = {
  'parse-syscall-define-skipped.c': ['10 lock/held-at-return', '20 lock/held-at-return'],
};

for (const name of readdirSync(DIR).filter((f) => f.endsWith('.c')).sort()) {
  test(`pattern ${name} is read the way the kernel means it`, async () => {
    const text = readFileSync(join(DIR, name), 'utf8');
    const { result } = await reviewFiles([{ path: name, text }]);
    const loud = result.findings.filter((f) => f.severity !== 'info');
    assert.deepEqual(
      loud.map((f) => `${f.line} ${f.rule}`).sort(),
      EXPECTED[name] ?? [],
      loud.map((f) => `${f.line} ${f.rule}: ${f.message}`).join('\n'),
    );
    assert.deepEqual(result.limits, [], 'no bound is hit');
    assert.ok(result.functions.length > 0, 'its functions are found');
  });
}
