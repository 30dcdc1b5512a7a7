/** The benchmark's targets, and the readable table of its figures. */
import type { ReviewFigures } from './review';
import type { IncrementalFigures } from './incrementalBench';
import type { SimFigures } from './simBench';
import type { Coccinelle, ScalePoint } from './processes';
import type { ColdCli, Timing } from './coldStart';
import type { RealFileFigures } from './realFiles';
import type { PatternFigures } from './patternsBench';
import type { IndexFigures } from './indexBench';

export interface BenchResults {
  runs: number;
  review: ReviewFigures;
  incremental: IncrementalFigures[];
  simulation: SimFigures;
  coldCli: ColdCli;
  coccinelle: Coccinelle;
  scaling: { linesPerFile: number; points: ScalePoint[]; growthExponent: number };
  realFiles?: RealFileFigures;
  patterns?: PatternFigures;
  treeIndex?: IndexFigures;
}

interface Target {
  value: number | null;
  limit: number;
  met: boolean | null;
}

const target = (value: number | null, limit: number): Target => ({ value, limit, met: value === null ? null : value <= limit });

export function targetsOf(r: BenchResults): Record<string, Target> {
  return {
    reviewToNativeParse: target(r.review.reviewToNativeParse, 6),
    incrementalMs: target(Math.max(...r.incremental.map((i) => i.reanalysisMs)), 10),
    matrixMs: target(r.simulation.matrixColdMs, 1000),
    coldCliMs: target(r.coldCli.reviewMs, 500),
    // Issue 18: one file of a patch, from node's start to the exit.
    coldCliSmallFileMs: target(r.coldCli.smallReviewMs, 200),
    // 1 is linear; a little above is allowed for GC and cache effects.
    growthExponent: target(r.scaling.growthExponent, 1.1),
    ...(r.realFiles ? { realFilesReviewToNativeParse: target(r.realFiles.reviewToNativeParse, 6) } : {}),
    // The loop of lock hand-offs that once hit the path cap: merged states review it at once.
    ...(r.patterns ? { pathExplosionPatternMs: target(r.patterns.pathExplosionMs, 500) } : {}),
    // Issue 18: the whole tree on this machine's cores, and what a review pays for the index.
    ...(r.treeIndex
      ? {
          indexMinutes: target(r.treeIndex.minutes, 15),
          indexPeakRssMb: target(r.treeIndex.peakRssMb, 2048),
          reindexOneFileMs: target(r.treeIndex.reindexOneMs, 2000),
          reviewIndexCostMs: target(Math.round(r.treeIndex.reviewWithIndexMs - r.treeIndex.reviewAloneMs), 1000),
        }
      : {}),
  };
}

export function printTable(r: BenchResults & { targets: Record<string, Target> }): void {
  const rows: Array<[string, string]> = [];
  const ms = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(2)} ms`);
  const v = r.review;
  rows.push([`generated kernel-style file`, `${v.lines} lines, ${v.functions} functions, ${v.findings} findings`]);
  rows.push(['web-tree-sitter parse (wasm, tree only)', ms(v.parseMs)]);
  rows.push(['native tree-sitter parse', v.nativeParseMs === null ? `n/a: ${v.nativeNote}` : ms(v.nativeParseMs)]);
  rows.push(['full review (parse, CFG, locks, all rules)', ms(v.reviewMs)]);
  rows.push(['  of which parseFile / lock engine / rules', `${ms(v.breakdown.parseFileMs)} / ${ms(v.breakdown.engineMs)} / ${ms(v.breakdown.rulesMs)}`]);
  rows.push(['reviewToParse', `${v.reviewToParse.toFixed(2)}x`]);
  rows.push(['reviewToNativeParse', v.reviewToNativeParse === null ? 'n/a' : `${v.reviewToNativeParse.toFixed(2)}x`]);
  for (const i of r.incremental) {
    rows.push([`incremental, ${i.edit} in ${i.function}()`, `${ms(i.reanalysisMs)} re-analysis (${i.reexplored} functions explored again) + ${ms(i.rulesMs)} rules; re-parse ${ms(i.reparseMs)}; full review ${ms(i.fullReviewMs)}`]);
  }
  const s = r.simulation;
  rows.push([`simulator matrix (${s.matrixRuns} runs, ${s.input})`, `${ms(s.matrixColdMs)} cold, ${ms(s.matrixMs)} warm`]);
  rows.push([`two-thread exploration (${s.interleavings} interleavings)`, `${ms(s.explorationColdMs)} cold, ${ms(s.explorationMs)} warm`]);
  const cold = r.coldCli;
  const spread = (t: Timing) => `${ms(t.ms)} (${t.minMs.toFixed(0)}-${t.maxMs.toFixed(0)})`;
  rows.push(['CLI cold start: lockflow review (3,000 lines)', `${ms(cold.reviewMs)} (50-line file: ${ms(cold.smallReviewMs)}; lockflow --version: ${ms(cold.versionMs)})`]);
  rows.push(['  50-line file, median (min-max): code cache / none', `${spread(cold.cached.smallReview)} / ${spread(cold.uncached.smallReview)}`]);
  rows.push(['  of which node / CLI bundle / command', [cold.cached, cold.uncached].map((c) => phases(cold.node.ms, c.version.ms, c.smallReview.ms)).join('; without the code cache ')]);
  const c = r.coccinelle;
  rows.push(['Coccinelle spatch, bench/lock.cocci, same file', 'absent' in c ? c.absent : `${ms(c.ms)} (${c.version}); cold lockflow review / spatch = ${(r.coldCli.reviewMs / c.ms).toFixed(2)}x`]);
  for (const p of r.scaling.points) {
    rows.push([`scaling: ${p.files} files`, `${p.lines} lines: ${ms(p.ms)} (${p.msPerKLine.toFixed(1)} ms per 1k lines), peak RSS ${p.peakRssMb} MB`]);
  }
  rows.push(['growth exponent (1 = linear)', r.scaling.growthExponent.toFixed(2)]);
  if (r.patterns) rows.push([`shared patterns (${r.patterns.files} files)`, `slowest ${r.patterns.slowest.name} ${ms(r.patterns.slowest.ms)}; perf-loop-path-explosion.c ${ms(r.patterns.pathExplosionMs)}`]);
  const rf = r.realFiles;
  if (rf) {
    rows.push([`real files (${rf.reviewed} of ${rf.files} from --tree)`, `${rf.lines} lines: review ${ms(rf.reviewMs)} (${rf.reviewMsPer1kLines.toFixed(1)} ms per 1k lines)`]);
    rows.push(['  native tree-sitter parse, same files', rf.nativeParseMs === null ? `n/a: ${rf.nativeNote ?? 'no file reviewed'}` : `${ms(rf.nativeParseMs)} (${rf.nativeParseMsPer1kLines} ms per 1k lines)`]);
    rows.push(['  real-file reviewToNativeParse', rf.reviewToNativeParse === null ? 'n/a' : `${rf.reviewToNativeParse.toFixed(2)}x (highest: ${rf.worst?.path} ${rf.worst?.ratio ?? 'n/a'}x)`]);
    if (rf.overBudget.length) rows.push([`  over the ${rf.budgetMs} ms budget (not counted)`, rf.overBudget.join(', ')]);
  }
  const ix = r.treeIndex;
  if (ix) {
    rows.push([`tree index${ix.only.length ? ` (--only ${ix.only.join(' ')})` : ' (whole tree)'}`, `${ix.files} files, ${ix.lines.toLocaleString('en')} lines in ${ix.minutes.toFixed(2)} min, ${ix.linesPerSecond.toLocaleString('en')} lines/s, peak RSS ${ix.peakRssMb} MB, ${ix.filesCut} files cut`]);
    rows.push(['  re-index with nothing changed', ms(ix.reindexNoneMs)]);
    rows.push(['  re-index after one file changed', ms(ix.reindexOneMs)]);
    rows.push([`  review ${ix.reviewFile}`, `${ms(ix.reviewWithIndexMs)} with the index, ${ms(ix.reviewAloneMs)} without`]);
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  console.log(`Lockflow benchmark (median of ${r.runs} runs)`);
  for (const [k, val] of rows) console.log(`  ${k.padEnd(width)}  ${val}`);
  console.log('targets:');
  for (const [name, t] of Object.entries(r.targets)) {
    console.log(`  ${name.padEnd(22)} ${t.value === null ? 'n/a' : t.value} (target <= ${t.limit}): ${t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED'}`);
  }
}

/** `60 / 30 / 40 ms`: node alone, --version less node, then the review less --version. */
function phases(nodeMs: number, versionMs: number, reviewMs: number): string {
  return `${nodeMs.toFixed(0)} / ${(versionMs - nodeMs).toFixed(0)} / ${(reviewMs - versionMs).toFixed(0)} ms`;
}
