import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzz, inputFor, loadFixtures } from '../bench/fuzz/run';
import { MUTATIONS, rng } from '../bench/fuzz/mutate';
import { runInput } from '../bench/fuzz/pipeline';
import { validateReviewResult } from '../bench/fuzz/schema';
import { reviewFiles } from '../src/core/review';
import { fixturePath, readFixture } from './helpers';

const fixtures = loadFixtures(fixturePath());

test('300 mutated fixtures go through ingestion, review, simulation and rendering without a crash or a schema violation', async () => {
  const s = await fuzz(fixtures, 7, 300);
  const failures = s.failures.map((f) => `iteration ${f.iteration} ${f.fixture} [${f.mutations.join(', ')}] ${f.result.outcome} in ${f.result.stage}: ${f.result.detail}`);
  assert.deepEqual(failures, []);
  // Real work was done: most inputs were reviewed (within the 1 s budget or not: that is a
  // benchmark figure, not a test), and some were refused with a message.
  assert.ok(s.counts.ok + s.counts['over-budget'] > 150, `reviewed: ${s.counts.ok} + ${s.counts['over-budget']}`);
  assert.ok(s.counts.rejected > 0);
});

test('every mutation the issue lists exists and changes the text', () => {
  const text = readFixture('locks', 'goto-unwinding.c');
  for (const name of ['byte-flip', 'drop-line', 'duplicate-line', 'swap-lines', 'truncate', 'quote', 'crlf', 'nul', 'huge-line', 'invalid-utf8', 'binary']) {
    assert.ok(MUTATIONS[name], name);
    // Some draws leave the text as it was (a line swapped with itself); most do not.
    assert.ok([1, 2, 3, 4, 5].some((seed) => MUTATIONS[name](text, rng(seed)) !== text), name);
  }
  assert.equal(MUTATIONS.unquote('> a\n>> b\nc', rng(1)), 'a\nb\nc');
  assert.ok(MUTATIONS['huge-line'](text, rng(5)).length > 1 << 20);
});

test('the same seed and iteration give the same input', () => {
  const a = inputFor(fixtures, 11, 42);
  const b = inputFor(fixtures, 11, 42);
  assert.equal(a.text, b.text);
  assert.deepEqual(a.mutations, b.mutations);
  assert.notEqual(inputFor(fixtures, 11, 43).text + inputFor(fixtures, 12, 42).text, a.text + a.text);
});

test('the schema validator accepts a real review and names what is wrong in a broken one', async () => {
  const outcome = await reviewFiles([{ path: 'store.c', text: readFixture('locks', 'store-type-inversion.c') }]);
  const good = JSON.parse(JSON.stringify(outcome.result));
  assert.deepEqual(validateReviewResult(good), []);
  assert.ok(good.findings.length > 0);
  const bad = structuredClone(good);
  bad.version = 2;
  bad.findings[0].rule = 'lock/nonsense';
  bad.findings[0].line = -1;
  bad.functions[0].summary.acquires = [1];
  const problems = validateReviewResult(bad).join('\n');
  assert.match(problems, /version/);
  assert.match(problems, /rule 'lock\/nonsense'/);
  assert.match(problems, /line/);
  assert.match(problems, /summary/);
});

test('a 1 MB line and a binary file are handled: the line is skipped with a warning, the binary refused', async () => {
  const text = readFixture('locks', 'goto-unwinding.c');
  const huge = await reviewFiles([{ path: 'huge.c', text: `${text}\nint x = ${'1 + '.repeat(300_000)}1;\n` }]);
  assert.ok(huge.result.diagnostics.some((d) => /KB long; lines over 16 KB are not read as C/.test(d.message)));
  assert.ok(huge.result.functions.length > 0, 'the rest of the file is still reviewed');
  const binary = await runInput('blob.c', MUTATIONS.binary('', rng(9)) + '\u0000');
  assert.equal(binary.outcome, 'rejected');
  assert.match(binary.detail ?? '', /binary|NUL/);
});
