/** The fuzz loop: fixtures, mutated per iteration from (seed, iteration), through the pipeline. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { mutate, pick, rng } from './mutate';
import { runInput, type Outcome, type RunResult } from './pipeline';

export interface Fixture {
  name: string;
  text: string;
}

export interface Failure {
  iteration: number;
  fixture: string;
  mutations: string[];
  result: RunResult;
  text: string;
}

export interface FuzzSummary {
  seed: number;
  iterations: number;
  counts: Record<Outcome, number>;
  slowestMs: number;
  medianMs: number;
  failures: Failure[];
  overBudget: Array<{ iteration: number; fixture: string; mutations: string[]; ms: number; stage: string }>;
}

export function loadFixtures(dir: string): Fixture[] {
  const out: Fixture[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push({ name: relative(dir, p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** The input of one iteration: the same (seed, iteration) always gives the same text. */
export function inputFor(fixtures: Fixture[], seed: number, iteration: number): { fixture: Fixture; text: string; mutations: string[] } {
  const r = rng((seed * 1_000_003 + iteration) >>> 0);
  const fixture = pick(fixtures, r);
  const { text, applied } = mutate(fixture.text, r);
  return { fixture, text, mutations: applied };
}

export async function fuzz(fixtures: Fixture[], seed: number, iterations: number, first = 0, progress?: (done: number) => void): Promise<FuzzSummary> {
  const counts: Record<Outcome, number> = { ok: 0, rejected: 0, 'over-budget': 0, crash: 0, schema: 0 };
  const times: number[] = [];
  const failures: Failure[] = [];
  const overBudget: FuzzSummary['overBudget'] = [];
  for (let i = first; i < first + iterations; i++) {
    const { fixture, text, mutations } = inputFor(fixtures, seed, i);
    const result = await runInput(fixture.name, text);
    counts[result.outcome]++;
    times.push(result.ms);
    if (result.outcome === 'crash' || result.outcome === 'schema') failures.push({ iteration: i, fixture: fixture.name, mutations, result, text });
    if (result.outcome === 'over-budget') overBudget.push({ iteration: i, fixture: fixture.name, mutations, ms: Math.round(result.ms), stage: result.stage });
    if (progress && (i - first + 1) % 500 === 0) progress(i - first + 1);
  }
  times.sort((a, b) => a - b);
  return { seed, iterations, counts, slowestMs: Math.round(times[times.length - 1] ?? 0), medianMs: Math.round((times[times.length >> 1] ?? 0) * 100) / 100, failures, overBudget };
}
