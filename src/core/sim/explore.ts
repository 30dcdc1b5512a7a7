/**
 * Interleaving exploration: depth-first over the choices a run makes
 * (which thread runs at each switch point, and allocation outcomes when
 * explored). Each interleaving is replayed from the start with a prefix of
 * choices; a state seen before is not explored again. Bounded.
 */
import type { CoverageSink } from './interp';
import type { Chooser } from './machine';
import { runScenario, type Program, type RunResult } from './run';
import type { ExplorationStats, Scenario } from './types';

export interface Exploration {
  runs: RunResult[];
  stats: ExplorationStats;
}

export function explore(program: Program, scenario: Scenario, maxSteps: number, maxInterleavings: number, cov?: CoverageSink): Exploration {
  const visited = new Set<number>();
  const pending: number[][] = [[]];
  const runs: RunResult[] = [];
  let tried = 0;
  let pruned = 0;
  while (pending.length && tried < maxInterleavings) {
    const prefix = pending.pop()!;
    const choices: Array<{ n: number; taken: number }> = [];
    const chooser: Chooser = {
      choose(n, fingerprint) {
        const k = choices.length;
        if (k < prefix.length) {
          choices.push({ n, taken: prefix[k] });
          return prefix[k];
        }
        const key = hash53(fingerprint());
        if (visited.has(key)) return 'prune';
        visited.add(key);
        choices.push({ n, taken: 0 });
        return 0;
      },
    };
    const run = runScenario(program, scenario, maxSteps, chooser, cov);
    tried++;
    if (run.pruned) pruned++;
    // A cut run still reports what went wrong before the cut.
    if (!run.pruned || run.violations.length) runs.push(run);
    // New choice points get their other options queued; the deepest is popped first.
    for (let k = prefix.length; k < choices.length; k++) {
      for (let alt = 1; alt < choices[k].n; alt++) pending.push([...choices.slice(0, k).map((c) => c.taken), alt]);
    }
  }
  return {
    runs,
    stats: { scenario: scenario.name, interleavings: tried, states: visited.size, pruned, complete: pending.length === 0 },
  };
}

/** cyrb53: a 53-bit string hash, so the visited set keeps numbers, not whole states. */
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
