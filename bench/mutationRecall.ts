/**
 * `npm run recall -- --tree DIR --list FILE [--per-kind N] [--headers] [--budget-ms N] [--json OUT]`:
 * recall on real kernel code. Plants lock bugs in each listed file of a kernel
 * tree (bench/mutationsLib.ts: an unlock dropped before a return, a lock dropped,
 * a lock taken twice, a sleep under a spinlock), reviews each mutant in a worker
 * with a time budget, and counts the planted bugs a finding of the expected rule
 * tells. Prints recall per kind and every miss (path:line, the lock call), so a
 * miss can be read like a false alarm. Nothing is written into the tree. Exit 0;
 * 2 on bad usage.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { KERNEL_KNOWLEDGE } from '../src/core/knowledge';
import { parseList } from './corpusLib';
import { CorpusRunner, readCapped } from './corpusRunner';
import { detected, findingCounts, MUTATION_KINDS, mutations, type MutationKind } from './mutationsLib';

interface Args {
  tree: string;
  list: string;
  perKind: number;
  headers: boolean;
  budgetMs: number;
  json?: string;
}

interface Outcome {
  path: string;
  kind: MutationKind;
  line: number;
  call: string;
  told: boolean;
  /** The mutant was not reviewed to the end (budget, engine error). */
  cut?: string;
}

function usage(msg: string): never {
  console.error(`recall: ${msg}`);
  console.error('usage: npm run recall -- --tree DIR --list FILE [--per-kind N] [--headers] [--budget-ms N] [--json OUT]');
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Partial<Args> = { perKind: 3, headers: false, budgetMs: 10_000 };
  for (let k = 0; k < argv.length; k++) {
    const opt = argv[k];
    const val = () => argv[++k] ?? usage(`${opt} needs a value`);
    const num = () => {
      const n = Number(val());
      if (!Number.isInteger(n) || n <= 0) usage(`${opt} needs a positive whole number`);
      return n;
    };
    if (opt === '--tree') a.tree = resolve(val());
    else if (opt === '--list') a.list = resolve(val());
    else if (opt === '--per-kind') a.perKind = num();
    else if (opt === '--headers') a.headers = true;
    else if (opt === '--budget-ms') a.budgetMs = num();
    else if (opt === '--json') a.json = resolve(val());
    else usage(`unknown option ${opt}`);
  }
  if (!a.tree || !existsSync(a.tree) || !statSync(a.tree).isDirectory()) usage('--tree DIR must name an extracted kernel tree');
  if (!a.list || !existsSync(a.list)) usage('--list FILE is required (a corpus list)');
  return a as Args;
}

const percent = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(0)}%` : '-');

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const paths = parseList(readFileSync(args.list, 'utf8'));
  const runner = new CorpusRunner(undefined, args.headers);
  const outcomes: Outcome[] = [];
  try {
    for (const [n, path] of paths.entries()) {
      const read = readCapped(args.tree, path);
      if (!('text' in read)) {
        console.log(`${path}: not read (${read.note})`);
        continue;
      }
      const original = await runner.reviewText(args.tree, path, read.text, args.budgetMs);
      if (original.status !== 'ok') {
        console.log(`${path}: the file itself was not reviewed (${original.status})`);
        continue;
      }
      const before = findingCounts(original.findings);
      const planted = mutations(read.text, KERNEL_KNOWLEDGE, args.perKind);
      for (const m of planted) {
        const r = await runner.reviewText(args.tree, path, m.text, args.budgetMs);
        const cut = r.status === 'ok' ? undefined : r.status;
        outcomes.push({ path, kind: m.kind, line: m.line, call: m.call, told: !cut && detected(m, before, r.findings), ...(cut ? { cut } : {}) });
      }
      const told = outcomes.filter((o) => o.path === path && o.told).length;
      process.stderr.write(`[${n + 1}/${paths.length}] ${path}: ${told} of ${planted.length} told\n`);
    }
  } finally {
    await runner.close();
  }

  console.log('\nrecall of planted lock bugs, per kind:');
  for (const kind of MUTATION_KINDS) {
    const of = outcomes.filter((o) => o.kind === kind);
    const told = of.filter((o) => o.told).length;
    console.log(`  ${kind.padEnd(18)} ${String(told).padStart(4)} of ${String(of.length).padStart(4)}  ${percent(told, of.length)}`);
  }
  const told = outcomes.filter((o) => o.told).length;
  const cut = outcomes.filter((o) => o.cut).length;
  console.log(`all: ${told} of ${outcomes.length} (${percent(told, outcomes.length)})${cut ? `; ${cut} mutants not reviewed to the end (budget or error), counted as missed` : ''}`);
  const missed = outcomes.filter((o) => !o.told);
  if (missed.length) {
    console.log('\nmissed:');
    for (const o of missed) console.log(`  ${o.path}:${o.line} ${o.kind} ${o.call}${o.cut ? ` (${o.cut})` : ''}`);
  }
  if (args.json) {
    writeFileSync(args.json, JSON.stringify({ tree: args.tree, list: args.list, perKind: args.perKind, headers: args.headers, outcomes }, null, 2) + '\n');
    console.log(`written to ${args.json}`);
  }
}

main().catch((e) => {
  console.error(`recall: ${(e as Error).message}`);
  process.exit(2);
});
