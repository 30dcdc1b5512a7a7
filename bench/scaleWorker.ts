/**
 * One scaling measurement in its own process, so peak RSS is this size's
 * alone: `node dist/bench/scaleWorker.js FILES LINES_PER_FILE` prints JSON.
 */
import { initSyntax } from '../src/core/syntax';
import { reviewFiles } from '../src/core/review';
import { generateKernelFile } from './generate';

async function main(): Promise<void> {
  const [files, perFile] = process.argv.slice(2).map(Number);
  await initSyntax();
  // Warm the JIT and the wasm heap first: the first parse alone costs ~1 s, and the
  // smallest size would otherwise measure mostly the warm-up.
  for (let k = 0; k < 3; k++) await reviewFiles([{ path: 'warm.c', text: generateKernelFile(3000, 99, 'warm_fn') }]);
  const baseRssMb = process.resourceUsage().maxRSS / 1024;
  const inputs = Array.from({ length: files }, (_, k) => ({ path: `drivers/bench/f${k}.c`, text: generateKernelFile(perFile, k + 1, `f${k}_fn`) }));
  const lines = inputs.reduce((n, f) => n + f.text.split('\n').length, 0);
  const t0 = performance.now();
  const outcome = await reviewFiles(inputs);
  const ms = performance.now() - t0;
  const out = { files, lines, ms, functions: outcome.result.functions.length, findings: outcome.result.findings.length, limits: outcome.result.limits.length, baseRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(out) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
