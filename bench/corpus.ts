/**
 * `npm run corpus -- --tree DIR [--list FILE] [--triage FILE]... [--json OUT]
 * [--budget-ms N] [--max-per-3k N] [--strict] [--stubs] [--headers] [--index DIR]`: the precision harness
 * on real kernel code. Reviews each file of the list (corpus/files.txt) in a
 * worker thread with a time budget, prints per file lines, time, errors and
 * warnings (TIMEOUT, LIMIT), per-rule counts, findings per 3,000 lines, and the
 * comparison with the committed triage (corpus/triage.tsv; several --triage files are
 * read as one, such as a list's own and its headers-mode rows). Exit 0; with
 * --strict, 1 when a finding is untriaged, the density is over --max-per-3k
 * (default 1) or a file timed out; 2 on bad usage.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { matchTriage, parseList, parseTriage, strictFailures, summarize, triageStub, type FileResult, type TriageRow } from './corpusLib';
import { CorpusRunner } from './corpusRunner';

const ROOT = join(__dirname, '..', '..');

interface Args {
  tree: string;
  list: string;
  triage: string[];
  json?: string;
  budgetMs: number;
  maxPer3k: number;
  strict: boolean;
  stubs: boolean;
  /** Read the headers each file includes, as `lockflow review` does in a kernel tree. */
  headers: boolean;
  /** A tree index (lockflow index --cache DIR) the reviews use, as `lockflow review --index DIR`. */
  index?: string;
}

function usage(msg: string): never {
  console.error(`corpus: ${msg}`);
  console.error('usage: npm run corpus -- --tree DIR [--list FILE] [--triage FILE]... [--json OUT] [--budget-ms N] [--max-per-3k N] [--strict] [--stubs]');
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Partial<Args> = { list: join(ROOT, 'corpus', 'files.txt'), triage: [], budgetMs: 10_000, maxPer3k: 1, strict: false, stubs: false, headers: false };
  for (let k = 0; k < argv.length; k++) {
    const opt = argv[k];
    const val = () => argv[++k] ?? usage(`${opt} needs a value`);
    const num = () => {
      const n = Number(val());
      if (!Number.isFinite(n) || n <= 0) usage(`${opt} needs a positive number`);
      return n;
    };
    if (opt === '--tree') a.tree = resolve(val());
    else if (opt === '--list') a.list = resolve(val());
    else if (opt === '--triage') a.triage!.push(resolve(val()));
    else if (opt === '--json') a.json = resolve(val());
    else if (opt === '--budget-ms') a.budgetMs = num();
    else if (opt === '--max-per-3k') a.maxPer3k = num();
    else if (opt === '--strict') a.strict = true;
    else if (opt === '--stubs') a.stubs = true;
    else if (opt === '--headers') a.headers = true;
    else if (opt === '--index') a.index = resolve(val());
    else usage(`unknown option ${opt}`);
  }
  if (!a.tree) usage('--tree DIR is required (an extracted kernel tree, e.g. linux-source-6.1)');
  if (!existsSync(a.tree) || !statSync(a.tree).isDirectory()) usage(`--tree ${a.tree} is not a directory`);
  if (!existsSync(a.list!)) usage(`--list ${a.list} not found`);
  return a as Args;
}

const pad = (s: string | number, n: number) => String(s).padStart(n);

function marker(r: FileResult): string {
  if (r.status === 'timeout') return 'TIMEOUT';
  if (r.status !== 'ok') return `${r.status.toUpperCase()}: ${r.note ?? ''}`;
  return r.limits.length ? `LIMIT x${r.limits.length}: ${r.limits[0]}` : '';
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const paths = parseList(readFileSync(args.list, 'utf8'));
  const rows: TriageRow[] = [];
  for (const file of args.triage.length ? args.triage : [join(ROOT, 'corpus', 'triage.tsv')]) {
    if (existsSync(file)) rows.push(...parseTriage(readFileSync(file, 'utf8'), basename(file)));
    else console.log(`(no triage at ${file}: its findings count as untriaged)`);
  }

  const runner = new CorpusRunner(undefined, args.headers, args.index);
  const results: FileResult[] = [];
  const width = Math.max(...paths.map((p) => p.length), 4);
  console.log(`${'file'.padEnd(width)}  ${pad('lines', 6)}  ${pad('ms', 8)}  ${pad('err', 4)}  ${pad('warn', 4)}`);
  try {
    for (const path of paths) {
      const r = await runner.review(args.tree, path, args.budgetMs);
      results.push(r);
      console.log(`${path.padEnd(width)}  ${pad(r.lines, 6)}  ${pad(r.ms.toFixed(0), 8)}  ${pad(r.errors, 4)}  ${pad(r.warnings, 4)}  ${marker(r)}`);
    }
  } finally {
    await runner.close();
  }

  const findings = results.flatMap((r) => r.findings);
  const { matches, stale } = matchTriage(findings, rows);
  const s = summarize(results, matches, stale);
  console.log('\nper rule (errors + warnings):');
  for (const r of s.byRule) console.log(`  ${r.rule.padEnd(34)} ${pad(r.total, 4)}  (${r.errors} errors, ${r.warnings} warnings)`);
  console.log(`\nfiles: ${s.reviewed} of ${s.files} reviewed; ${s.lines} lines in ${(s.ms / 1000).toFixed(1)} s (${s.msPer1kLines.toFixed(0)} ms per 1,000 lines)`);
  if (s.timeouts.length) console.log(`over the ${args.budgetMs} ms budget: ${s.timeouts.join(', ')}`);
  if (s.failed.length) console.log(`not reviewed: ${s.failed.join(', ')}`);
  if (s.withLimits.length) console.log(`engine limits hit in: ${s.withLimits.join(', ')}`);
  console.log(`errors + warnings: ${s.errors + s.warnings} (${s.errors} errors, ${s.warnings} warnings) = ${s.per3kLines.toFixed(2)} per 3,000 lines (goal <= ${args.maxPer3k})`);
  console.log(`triage: ${s.triaged} of ${findings.length} triaged: TP ${s.verdicts.TP}, FP ${s.verdicts.FP}, intended ${s.verdicts.intended}; untriaged ${s.untriaged}; stale rows ${s.stale}`);
  const untriaged = matches.filter((m) => !m.row).map((m) => m.finding);
  if (untriaged.length) {
    console.log('\nuntriaged:');
    for (const f of untriaged) console.log(args.stubs ? triageStub(f) : `  ${f.path}:${f.line} ${f.function}() ${f.rule} [${f.severity}] ${f.message}`);
  }
  if (stale.length) {
    console.log('\nstale triage rows (no longer reported):');
    for (const r of stale) console.log(`  ${r.file}:${r.source} ${r.path} ${r.function}() ${r.rule} ${r.verdict}`);
  }
  if (args.json) {
    const out = { tree: args.tree, budgetMs: args.budgetMs, summary: s, files: results, findings: matches.map((m) => ({ ...m.finding, verdict: m.row?.verdict ?? null, reason: m.row?.reason ?? null })), stale };
    writeFileSync(args.json, JSON.stringify(out, null, 2) + '\n');
    console.log(`written to ${args.json}`);
  }
  if (args.strict) {
    const why = strictFailures(s, args.maxPer3k);
    if (why.length) {
      console.log(`\nstrict: FAILED: ${why.join('; ')}`);
      process.exit(1);
    }
    console.log('\nstrict: passed');
  }
}

main().catch((e) => {
  console.error(`corpus: ${(e as Error).message}`);
  process.exit(2);
});
