// The precision harness's pure parts on synthetic inputs (CI has no kernel tree).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { matchTriage, parseList, parseTriage, strictFailures, summarize, triageStub, type CorpusFinding, type FileResult } from '../bench/corpusLib';

const f = (path: string, fn: string, rule: string, line: number, severity: 'error' | 'warning' = 'warning'): CorpusFinding => ({ path, function: fn, rule, line, severity, message: `m ${fn}` });

test('parseList: comments, blanks, duplicates; paths must stay inside the tree', () => {
  assert.deepEqual(parseList('# head\n\na/b.c\n  c/d.c  # trailing\na/b.c\r\n'), ['a/b.c', 'c/d.c']);
  assert.throws(() => parseList('/etc/passwd\n'), /inside the tree/);
  assert.throws(() => parseList('a/../../x.c\n'), /inside the tree/);
});

test('parseTriage: header, comments, tabs in the reason; malformed rows are errors', () => {
  const rows = parseTriage('path\tfunction\trule\tline\tverdict\treason\n# c\na.c\tfoo\tlock/x\t12\tFP\twrapper\tsee caller\n\nb.c\tbar\tlock/y\t\tTP\treal\n');
  assert.equal(rows.length, 2);
  assert.deepEqual({ ...rows[0], source: 0 }, { path: 'a.c', function: 'foo', rule: 'lock/x', line: 12, verdict: 'FP', reason: 'wrapper see caller', source: 0, file: 'triage.tsv' });
  assert.equal(rows[0].source, 3);
  assert.equal(rows[1].line, 0);
  assert.throws(() => parseTriage('a.c\tfoo\tlock/x\t1\tmaybe\tr\n'), /line 1: verdict/);
  assert.throws(() => parseTriage('a.c\tfoo\tlock/x\n'), /columns/);
  assert.throws(() => parseTriage('a.c\tfoo\tlock/x\t1\tTP\t \n'), /no reason/);
  // A list's headers-mode rows come from a file of their own, named in messages.
  assert.equal(parseTriage('a.c\tfoo\tlock/x\t1\tTP\tr\n', 'sixth-headers-triage.tsv')[0].file, 'sixth-headers-triage.tsv');
  assert.throws(() => parseTriage('a.c\tfoo\n', 'sixth-headers-triage.tsv'), /^Error: sixth-headers-triage.tsv: line 1/);
});

test('matchTriage: by path+function+rule, nearest line wins, stale rows', () => {
  const rows = parseTriage('a.c\tfoo\tlock/x\t10\tFP\tr1\na.c\tfoo\tlock/x\t50\tTP\tr2\na.c\tgone\tlock/x\t5\tintended\tr3\nb.c\tfoo\tlock/x\t1\tFP\tother file\n');
  const findings = [f('a.c', 'foo', 'lock/x', 48), f('a.c', 'foo', 'lock/x', 12), f('a.c', 'foo', 'lock/z', 12), f('c.c', 'foo', 'lock/x', 1)];
  const { matches, stale } = matchTriage(findings, rows);
  assert.deepEqual(matches.map((m) => m.row?.reason), ['r2', 'r1', undefined, undefined]);
  assert.deepEqual(stale.map((r) => r.reason), ['r3', 'other file']);
});

test('summarize: per-rule counts, density per 3,000 lines, verdicts; timeouts not counted in lines', () => {
  const ok = (path: string, lines: number, ms: number, findings: CorpusFinding[]): FileResult => ({
    path, lines, ms, status: 'ok', findings, errors: findings.filter((x) => x.severity === 'error').length,
    warnings: findings.filter((x) => x.severity === 'warning').length, infos: 0, limits: [],
  });
  const results: FileResult[] = [
    ok('a.c', 4000, 100, [f('a.c', 'foo', 'lock/x', 1, 'error'), f('a.c', 'bar', 'lock/y', 2)]),
    ok('b.c', 2000, 50, [f('b.c', 'baz', 'lock/x', 3)]),
    { path: 'slow.c', lines: 9000, ms: 10000, status: 'timeout', errors: 0, warnings: 0, infos: 0, limits: [], findings: [] },
  ];
  results[1].limits = ['paths capped'];
  const rows = parseTriage('a.c\tfoo\tlock/x\t1\tTP\treal\nb.c\tbaz\tlock/x\t3\tFP\tfalse\n');
  const { matches, stale } = matchTriage(results.flatMap((r) => r.findings), rows);
  const s = summarize(results, matches, stale);
  assert.equal(s.lines, 6000);
  assert.equal(s.ms, 150);
  assert.equal(s.msPer1kLines, 25);
  assert.equal(s.errors, 1);
  assert.equal(s.warnings, 2);
  assert.equal(s.per3kLines, 1.5);
  assert.deepEqual(s.byRule, [{ rule: 'lock/x', errors: 1, warnings: 1, total: 2 }, { rule: 'lock/y', errors: 0, warnings: 1, total: 1 }]);
  assert.deepEqual(s.verdicts, { TP: 1, FP: 1, intended: 0 });
  assert.equal(s.triaged, 2);
  assert.equal(s.untriaged, 1);
  assert.equal(s.precision, 0.5);
  assert.deepEqual(s.timeouts, ['slow.c']);
  assert.deepEqual(s.withLimits, ['b.c']);
  const why = strictFailures(s, 1);
  assert.equal(why.length, 3);
  assert.match(why.join('; '), /1 finding\(s\) not triaged.*1\.50 errors\+warnings.*slow\.c/);
  assert.deepEqual(strictFailures({ ...s, untriaged: 0, per3kLines: 0.5, timeouts: [] }, 1), []);
});

test('summarize: empty input does not divide by zero; a stub row round-trips once given a verdict', () => {
  const s = summarize([], []);
  assert.equal(s.per3kLines, 0);
  assert.equal(s.precision, 0);
  const stub = triageStub(f('x.c', 'foo', 'lock/x', 7)).replace('\t?\t', '\tFP\t');
  assert.equal(parseTriage(stub)[0].verdict, 'FP');
});
