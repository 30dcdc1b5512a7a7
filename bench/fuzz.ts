/**
 * `npm run fuzz -- --iterations N --seed S [--from I] [--save DIR]`: mutated
 * fixtures through ingestion, parsing, review, simulation and rendering.
 * Exits 1 on any crash or schema violation; writes each failing input to DIR.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { initSyntax } from '../src/core/syntax';
import { fuzz, loadFixtures } from './fuzz/run';
import { BUDGET_MS, SIM_INTERLEAVINGS } from './fuzz/pipeline';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { iterations: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' }, from: { type: 'string', default: '0' }, save: { type: 'string' } } });
  const iterations = Number(values.iterations);
  const seed = Number(values.seed);
  const from = Number(values.from);
  if (![iterations, seed, from].every((n) => Number.isInteger(n) && n >= 0)) throw new Error('--iterations, --seed and --from take whole numbers');
  await initSyntax();
  const fixtures = loadFixtures(join(__dirname, '..', '..', 'test', 'fixtures'));
  const t0 = performance.now();
  const s = await fuzz(fixtures, seed, iterations, from, (n) => process.stderr.write(`  ${n} inputs...\n`));
  const secs = (performance.now() - t0) / 1000;
  console.log(`lockflow fuzz: seed ${seed}, ${iterations} inputs from ${fixtures.length} fixtures in ${secs.toFixed(1)} s`);
  console.log(`  ok ${s.counts.ok}, rejected with a clear message ${s.counts.rejected}, over the ${BUDGET_MS} ms budget ${s.counts['over-budget']}, crashes ${s.counts.crash}, schema violations ${s.counts.schema}`);
  console.log(`  median ${s.medianMs} ms per input, slowest ${s.slowestMs} ms; simulation bounded to the race scenarios at ${SIM_INTERLEAVINGS} interleavings`);
  for (const o of s.overBudget.slice(0, 10)) console.log(`  over budget: iteration ${o.iteration} ${o.fixture} [${o.mutations.join(', ')}] ${o.ms} ms, stopped after ${o.stage}`);
  if (s.failures.length) {
    const dir = values.save ?? join(tmpdir(), 'lockflow-fuzz');
    mkdirSync(dir, { recursive: true });
    for (const f of s.failures) {
      const file = join(dir, `seed${seed}-it${f.iteration}-${basename(f.fixture)}`);
      writeFileSync(file, f.text);
      console.log(`  ${f.result.outcome.toUpperCase()} at iteration ${f.iteration} (${f.fixture}, [${f.mutations.join(', ')}]) in ${f.result.stage}: ${f.result.detail}\n    input: ${file}\n    replay: npm run fuzz -- --seed ${seed} --from ${f.iteration} --iterations 1`);
    }
    process.exitCode = 1;
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
