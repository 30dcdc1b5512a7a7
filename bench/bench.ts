/**
 * `npm run bench [-- --quick] [--tree DIR [--list FILE] [--index-only SUBDIR]... [--no-index-bench]]`: measured figures, printed as a table and
 * written to bench-results.json. Medians of several runs; ratios from the
 * same run. Targets are reported as met or missed, never asserted.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateKernelFile } from './generate';
import { reviewFigures } from './review';
import { incrementalFigures } from './incrementalBench';
import { simFigures } from './simBench';
import { coccinelleFigures, growthExponent, scaleFigures } from './processes';
import { coldCliFigures } from './coldStart';
import { printTable, targetsOf } from './table';
import { realFileFigures } from './realFiles';
import { patternFigures } from './patternsBench';
import { indexFigures } from './indexBench';

const ROOT = join(__dirname, '..', '..');

async function main(): Promise<void> {
  const quick = process.argv.includes('--quick');
  const argAfter = (name: string) => {
    const k = process.argv.indexOf(name);
    return k >= 0 ? process.argv[k + 1] : undefined;
  };
  const tree = argAfter('--tree');
  const list = argAfter('--list') ?? join(ROOT, 'corpus', 'files.txt');
  const runs = quick ? 3 : 9;
  const text = generateKernelFile(3000);
  const dir = mkdtempSync(join(tmpdir(), 'lockflow-bench-'));
  const file = join(dir, 'bench.c');
  writeFileSync(file, text);

  const review = await reviewFigures(text, runs);
  const incremental = await incrementalFigures(text, runs);
  const simPath = join(ROOT, 'test', 'fixtures', 'sim', 'store_type_unlocked_window.c');
  const simulation = await simFigures('test/fixtures/sim/store_type_unlocked_window.c', readFileSync(simPath, 'utf8'), runs);
  const coldCli = coldCliFigures(ROOT, file, quick ? 3 : 9);
  const coccinelle = coccinelleFigures(ROOT, file, 3);
  const scaling = scaleFigures(quick ? [10, 100] : [10, 100, 1000], 300, quick ? 1 : 3);
  const realFiles = tree ? await realFileFigures(resolve(tree), resolve(list), quick ? 1 : 3) : undefined;
  const patterns = await patternFigures(ROOT, runs);
  // The tree index over the whole tree (or the --index-only directories); --no-index-bench skips it.
  const indexOnly = process.argv.flatMap((a, k) => (a === '--index-only' ? [process.argv[k + 1]] : []));
  const treeIndex = tree && !process.argv.includes('--no-index-bench') ? indexFigures(ROOT, resolve(tree), indexOnly, quick ? 1 : 3) : undefined;
  const results = {
    machine: { cpus: cpus().length, node: process.version, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) },
    runs,
    review,
    incremental,
    simulation,
    coldCli,
    coccinelle,
    scaling: { linesPerFile: 300, points: scaling, growthExponent: growthExponent(scaling) },
    ...(realFiles ? { realFiles } : {}),
    ...(patterns ? { patterns } : {}),
    ...(treeIndex ? { treeIndex } : {}),
    targets: {} as ReturnType<typeof targetsOf>,
  };
  results.targets = targetsOf(results);
  writeFileSync(join(ROOT, 'bench-results.json'), JSON.stringify(results, null, 2) + '\n');
  printTable(results);
  console.log('written to bench-results.json');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
