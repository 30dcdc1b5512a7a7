/**
 * `npm run bench`: measured figures, printed as a table and written to
 * bench-results.json. Medians of several runs; ratios from the same run.
 */
import { writeFileSync } from 'node:fs';
import { initSyntax, parseFile } from '../src/core/syntax';
import { preprocessKernelC } from '../src/core/syntax/preprocess';
import { buildCfg } from '../src/core/cfg';
import { buildCallGraph } from '../src/core/callgraph';
import { generateKernelFile } from './generate';

const RUNS = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function time<T>(fn: () => Promise<T> | T): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const parser = await initSyntax();
  const text = generateKernelFile(3000);
  const lines = text.split('\n').length;

  // Warm up the JIT and the wasm module.
  for (let k = 0; k < 3; k++) await parseFile('bench.c', text);

  const parseOnly: number[] = [];
  const pipeline: number[] = [];
  for (let k = 0; k < RUNS; k++) {
    parseOnly.push(
      await time(() => {
        const tree = parser.parse(preprocessKernelC(text).text);
        tree?.delete();
      }),
    );
    pipeline.push(
      await time(async () => {
        const file = await parseFile('bench.c', text);
        for (const fn of file.functions) buildCfg(file, fn);
        buildCallGraph([file]);
      }),
    );
  }
  const results = {
    lines,
    runs: RUNS,
    parseMs: round(median(parseOnly)),
    parseCfgCallgraphMs: round(median(pipeline)),
    pipelineToParse: round(median(pipeline) / median(parseOnly)),
  };
  writeFileSync('bench-results.json', JSON.stringify(results, null, 2) + '\n');
  console.log(`Lockflow benchmark (${lines}-line generated kernel-style file, median of ${RUNS})`);
  console.log(`  web-tree-sitter parse            ${results.parseMs.toFixed(2)} ms`);
  console.log(`  parse + convert + CFG + callgraph ${results.parseCfgCallgraphMs.toFixed(2)} ms`);
  console.log(`  ratio                            ${results.pipelineToParse.toFixed(2)}x`);
  console.log('  written to bench-results.json');
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
