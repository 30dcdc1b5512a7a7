/**
 * One fuzz input through everything a user's text meets: ingestion
 * (readPatchInput), parsing, review (reviewFiles / reviewPatch), simulation,
 * and rendering (CFG and call-graph mermaid, the text report, JSON). Clear
 * input errors are fine; any other exception, or JSON that does not fit the
 * review schema, is a failure. Each stage checks the 1 s budget and stops
 * there, saying so, rather than go on.
 */
import { InputError, rejectText } from '../../src/core/input/validate';
import { isPatchLike, readPatchInput } from '../../src/core/patch';
import { reviewFiles, type ReviewOutcome } from '../../src/core/review';
import { reviewPatch } from '../../src/core/review/patchReview';
import { defaultRaces, loadScenarios, ScenarioError, simulate, SimulationError } from '../../src/core/sim';
import { MAX_LINE_LENGTH } from '../../src/core/syntax/preprocess';
import { baseReader } from '../../src/cli/input';
import { hostileBase, hostileScenario } from './hostile';
import { cfgToMermaid } from '../../src/core/cfg';
import { callGraphToMermaid, selectCallGraph } from '../../src/core/callgraph';
import { reviewToText } from '../../src/core/render/reviewText';
import { validateReviewResult } from './schema';

export const BUDGET_MS = 1000;
/** Bounds the fuzz run states for the simulator: the race scenarios, this many interleavings each. */
export const SIM_INTERLEAVINGS = 200;

export type Outcome = 'ok' | 'rejected' | 'over-budget' | 'crash' | 'schema';

export interface RunResult {
  outcome: Outcome;
  ms: number;
  /** The stage reached, or the one that failed. */
  stage: string;
  detail?: string;
}

const EXPECTED = [InputError, SimulationError, ScenarioError];

let base: string | undefined;

export async function runInput(name: string, text: string): Promise<RunResult> {
  const t0 = performance.now();
  let stage = 'ingest';
  const over = () => performance.now() - t0 > BUDGET_MS;
  const done = (outcome: Outcome, detail?: string): RunResult => ({ outcome, ms: performance.now() - t0, stage, ...(detail ? { detail } : {}) });
  try {
    const why = rejectText(text, name);
    if (why) return done('rejected', why);
    let outcome: ReviewOutcome;
    const isPatch = !/\.[ch]$/.test(name) && isPatchLike(text);
    if (isPatch) {
      const set = await readPatchInput(text, name);
      if (over()) return done('over-budget');
      stage = 'review';
      // Half the patches against a base tree that has a symlink out of it: nothing outside is read.
      const readBase = text.length % 2 ? baseReader((base ??= hostileBase()), set) : undefined;
      const review = await reviewPatch(set, { readBase });
      if (JSON.stringify(review.files).includes('outside_secret')) return done('crash', 'a file outside the base was read');
      outcome = review.after;
    } else {
      stage = 'review';
      outcome = await reviewFiles([{ path: name, text }]);
    }
    if (over()) return done('over-budget');
    stage = 'schema';
    const problems = validateReviewResult(JSON.parse(JSON.stringify(outcome.result)));
    if (problems.length) return done('schema', problems.slice(0, 3).join('; '));
    // A line too long to read is never skipped silently.
    if (!isPatch && text.split(/\r?\n/).some((l) => l.length > MAX_LINE_LENGTH) && !outcome.result.limits.length) return done('schema', 'a long line was skipped without a limit');
    stage = 'render';
    reviewToText(outcome.result);
    callGraphToMermaid(selectCallGraph(outcome.engine.graph));
    for (const cfg of [...outcome.engine.cfgs.values()].slice(0, 40)) cfgToMermaid(cfg);
    if (over()) return done('over-budget');
    stage = 'simulate';
    try {
      loadScenarios(hostileScenario(text.length));
    } catch (e) {
      if (!(e instanceof ScenarioError)) throw e;
    }
    try {
      simulate(outcome.files, { scenarios: defaultRaces(), maxInterleavings: SIM_INTERLEAVINGS });
    } catch (e) {
      if (!(e instanceof SimulationError)) throw e;
    }
    stage = 'done';
    return done(over() ? 'over-budget' : 'ok');
  } catch (e) {
    if (EXPECTED.some((k) => e instanceof k)) return done('rejected', (e as Error).message);
    const err = e as Error;
    return done('crash', `${err.name}: ${err.message}\n${(err.stack ?? '').split('\n').slice(1, 6).join('\n')}`);
  }
}
