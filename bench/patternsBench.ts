/**
 * The shared patterns (../shared/patterns, when present beside the checkout):
 * review time of each, the slowest named. perf-loop-path-explosion.c is the
 * state-merging case with a target of its own.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { reviewFiles } from '../src/core/review';
import { median } from './stats';

export interface PatternFigures {
  files: number;
  /** Median review time per pattern, ms. */
  perFileMs: Record<string, number>;
  slowest: { name: string; ms: number };
  pathExplosionMs: number | null;
}

export async function patternFigures(root: string, runs: number): Promise<PatternFigures | undefined> {
  const dir = join(root, '..', 'shared', 'patterns');
  if (!existsSync(dir)) return undefined;
  const perFileMs: Record<string, number> = {};
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.c')).sort()) {
    const text = readFileSync(join(dir, name), 'utf8');
    const times: number[] = [];
    for (let k = 0; k < runs; k++) {
      const t0 = performance.now();
      await reviewFiles([{ path: name, text }]);
      times.push(performance.now() - t0);
    }
    perFileMs[name] = Math.round(median(times) * 100) / 100;
  }
  const [name, ms] = Object.entries(perFileMs).sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return { files: Object.keys(perFileMs).length, perFileMs, slowest: { name, ms }, pathExplosionMs: perFileMs['perf-loop-path-explosion.c'] ?? null };
}
