/**
 * The precision harness's pure parts: the file list, the triage table, matching
 * findings to triage rows, and the summary arithmetic. No kernel tree, no
 * engine: test/corpus.test.ts runs these on synthetic inputs.
 */

export type Verdict = 'TP' | 'FP' | 'intended';
export const VERDICTS: readonly Verdict[] = ['TP', 'FP', 'intended'];

export interface TriageRow {
  path: string;
  function: string;
  rule: string;
  /** Informational: lines move as the tree changes. */
  line: number;
  verdict: Verdict;
  reason: string;
  /** Line of the row in its file (1-based), and the file's name, for messages. */
  source: number;
  file: string;
}

/** One error or warning the engine reported on a corpus file. */
export interface CorpusFinding {
  path: string;
  function: string;
  rule: string;
  line: number;
  severity: 'error' | 'warning';
  message: string;
}

/** What reviewing one file of the list gave. */
export interface FileResult {
  path: string;
  lines: number;
  ms: number;
  /** ok: reviewed; timeout: over the budget; error: the engine threw; missing / too-big: not reviewed. */
  status: 'ok' | 'timeout' | 'error' | 'missing' | 'too-big';
  errors: number;
  warnings: number;
  infos: number;
  /** Limits the engine reported (path caps, unsettled fixpoints). */
  limits: string[];
  findings: CorpusFinding[];
  note?: string;
}

/** Paths of a list file: one per line, `#` starts a comment, blank lines ignored, duplicates dropped. */
export function parseList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) continue;
    if (line.startsWith('/') || line.split('/').includes('..')) throw new Error(`list entry ${JSON.stringify(line)} must be a path inside the tree`);
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

/**
 * triage.tsv: tab-separated path, function, rule, line, verdict, reason. Lines
 * starting with `#` and blank lines are skipped, as is a header row whose first
 * column is `path`. Malformed rows are errors (with their line number).
 */
export function parseTriage(text: string, file = 'triage.tsv'): TriageRow[] {
  const rows: TriageRow[] = [];
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, k) => {
    if (!raw.trim() || raw.startsWith('#')) return;
    const cols = raw.split('\t');
    if (cols[0] === 'path') return;
    if (cols.length < 6) return void problems.push(`line ${k + 1}: ${cols.length} columns, want 6 (path, function, rule, line, verdict, reason)`);
    const [path, fn, rule, line, verdict] = cols.map((c) => c.trim());
    const reason = cols.slice(5).join(' ').trim();
    if (!VERDICTS.includes(verdict as Verdict)) return void problems.push(`line ${k + 1}: verdict ${JSON.stringify(verdict)} is not TP, FP or intended`);
    if (!path || !fn || !rule) return void problems.push(`line ${k + 1}: empty path, function or rule`);
    if (!reason) return void problems.push(`line ${k + 1}: no reason`);
    rows.push({ path, function: fn, rule, line: Number(line) || 0, verdict: verdict as Verdict, reason, source: k + 1, file });
  });
  if (problems.length) throw new Error(`${file}: ${problems.join('; ')}`);
  return rows;
}

export const triageKey = (x: { path: string; function: string; rule: string }): string => `${x.path}\t${x.function}\t${x.rule}`;

export interface Match {
  finding: CorpusFinding;
  /** The row with the same path, function and rule whose line is nearest; undefined when untriaged. */
  row?: TriageRow;
}

/**
 * Each finding against the triage by path+function+rule (the line only picks
 * the nearest row when several share the key). Rows that match no finding are
 * stale: the engine no longer says it (or the tree moved on).
 */
export function matchTriage(findings: CorpusFinding[], rows: TriageRow[]): { matches: Match[]; stale: TriageRow[] } {
  const byKey = new Map<string, TriageRow[]>();
  for (const r of rows) byKey.set(triageKey(r), [...(byKey.get(triageKey(r)) ?? []), r]);
  const used = new Set<TriageRow>();
  const matches = findings.map((finding) => {
    const cands = byKey.get(triageKey(finding)) ?? [];
    let row: TriageRow | undefined;
    for (const c of cands) if (!row || Math.abs(c.line - finding.line) < Math.abs(row.line - finding.line)) row = c;
    if (row) used.add(row);
    return { finding, row };
  });
  // A row is stale only when nothing with its key is reported any more.
  const reportedKeys = new Set(findings.map(triageKey));
  const stale = rows.filter((r) => !used.has(r) && !reportedKeys.has(triageKey(r)));
  return { matches, stale };
}

export interface Summary {
  files: number;
  reviewed: number;
  timeouts: string[];
  failed: string[];
  withLimits: string[];
  lines: number;
  ms: number;
  errors: number;
  warnings: number;
  /** errors + warnings per 3,000 lines of the files in the list that were reviewed. */
  per3kLines: number;
  msPer1kLines: number;
  byRule: Array<{ rule: string; errors: number; warnings: number; total: number }>;
  triaged: number;
  untriaged: number;
  verdicts: Record<Verdict, number>;
  /** TP over triaged findings (0 when none is triaged). */
  precision: number;
  stale: number;
}

/** The figures over all files. Lines and time count reviewed files only (a timed-out file has no findings to count). */
export function summarize(results: FileResult[], matches: Match[], stale: TriageRow[] = []): Summary {
  const reviewed = results.filter((r) => r.status === 'ok');
  const lines = reviewed.reduce((n, r) => n + r.lines, 0);
  const ms = reviewed.reduce((n, r) => n + r.ms, 0);
  const errors = reviewed.reduce((n, r) => n + r.errors, 0);
  const warnings = reviewed.reduce((n, r) => n + r.warnings, 0);
  const rules = new Map<string, { errors: number; warnings: number }>();
  for (const r of reviewed) {
    for (const f of r.findings) {
      const e = rules.get(f.rule) ?? { errors: 0, warnings: 0 };
      if (f.severity === 'error') e.errors++;
      else e.warnings++;
      rules.set(f.rule, e);
    }
  }
  const byRule = [...rules].map(([rule, c]) => ({ rule, ...c, total: c.errors + c.warnings })).sort((a, b) => b.total - a.total || a.rule.localeCompare(b.rule));
  const verdicts: Record<Verdict, number> = { TP: 0, FP: 0, intended: 0 };
  let triaged = 0;
  for (const m of matches) {
    if (!m.row) continue;
    triaged++;
    verdicts[m.row.verdict]++;
  }
  return {
    files: results.length,
    reviewed: reviewed.length,
    timeouts: results.filter((r) => r.status === 'timeout').map((r) => r.path),
    failed: results.filter((r) => r.status === 'error' || r.status === 'missing' || r.status === 'too-big').map((r) => r.path),
    withLimits: reviewed.filter((r) => r.limits.length).map((r) => r.path),
    lines,
    ms,
    errors,
    warnings,
    per3kLines: lines ? ((errors + warnings) * 3000) / lines : 0,
    msPer1kLines: lines ? (ms * 1000) / lines : 0,
    byRule,
    triaged,
    untriaged: matches.length - triaged,
    verdicts,
    precision: triaged ? verdicts.TP / triaged : 0,
    stale: stale.length,
  };
}

/** Why `--strict` fails, or an empty list. */
export function strictFailures(s: Summary, maxPer3k: number): string[] {
  const out: string[] = [];
  if (s.untriaged) out.push(`${s.untriaged} finding(s) not triaged`);
  if (s.per3kLines > maxPer3k) out.push(`${s.per3kLines.toFixed(2)} errors+warnings per 3,000 lines, over ${maxPer3k}`);
  if (s.timeouts.length) out.push(`over the time budget: ${s.timeouts.join(', ')}`);
  if (s.failed.length) out.push(`not reviewed: ${s.failed.join(', ')}`);
  return out;
}

/** A triage row for a finding, for pasting into triage.tsv (verdict and reason left to the triager). */
export function triageStub(f: CorpusFinding): string {
  return [f.path, f.function, f.rule, String(f.line), '?', f.message.replace(/\s+/g, ' ')].join('\t');
}
