/**
 * The group/domain simulator: runs the functions under review in a small
 * simulated kernel over scenarios (the default store matrix and the
 * store-against-unplug race unless given), explores interleavings of
 * multi-thread scenarios, and reports runs, coverage and findings.
 */
import { knowledgeWith } from '../knowledge';
import type { ParsedFile } from '../syntax';
import { CoverageRecorder } from './coverage';
import { explore } from './explore';
import { FindingCollector, normal } from './findings';
import { MAX_CHOICES } from './machine';
import { buildProgram, runScenario, type Program, type RunResult } from './run';
import { defaultMatrix, defaultRaces } from './scenarios';
import type { RunReport, Scenario, SimulateOptions, SimulationReport } from './types';

export { loadScenarios, defaultMatrix, defaultRaces, ScenarioError } from './scenarios';
export { renderText, renderMermaid, witnessText } from './render';
export * from './types';

export const DEFAULT_OPTIONS = { maxSteps: 20000, maxInterleavings: 3000 };

export class SimulationError extends Error {}

const ALWAYS_FIRST = { choose: () => 0 };

/** Runs a single-thread scenario explores at most: one per combination of assumed answers. */
const MAX_CHOICE_RUNS = 64;

export function simulate(files: ParsedFile[], options: SimulateOptions = {}): SimulationReport {
  const steps = simulation(files, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same simulation with a pause after each scenario, for the editor: `progress` says how far
 * it is and may stop it (false: cancelled, the result is undefined).
 */
export async function simulateWithProgress(files: ParsedFile[], options: SimulateOptions, progress: (done: number, total: number) => boolean): Promise<SimulationReport | undefined> {
  const steps = simulation(files, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (!progress(step.value.done, step.value.total)) return undefined;
    await new Promise((r) => setTimeout(r, 0));
  }
}

/** The simulation, scenario by scenario: yields how many are done. */
function* simulation(files: ParsedFile[], options: SimulateOptions): Generator<{ done: number; total: number }, SimulationReport> {
  const program = buildProgram(files, knowledgeWith(options.knowledge), new Map(Object.entries(options.config ?? {})));
  const fnName = pickFunction(program, options.function);
  const maxSteps = options.maxSteps ?? DEFAULT_OPTIONS.maxSteps;
  const maxInterleavings = options.maxInterleavings ?? DEFAULT_OPTIONS.maxInterleavings;
  const target = program.code.get(fnName)!;
  if (!options.scenarios && target.fn.params.length !== 3) {
    throw new SimulationError(`the default scenarios call ${fnName}(group, buf, count), but it takes ${target.fn.params.length} parameters; give scenarios (--scenario FILE) for it`);
  }
  const scenarios = (options.scenarios ?? [...defaultMatrix(program.model), ...defaultRaces()]).map((s) => withFunction(s, fnName));
  const cov = new CoverageRecorder(fnName, target.fn, target.src);
  const report: SimulationReport = { function: fnName, runs: [], coverage: cov.summary(), findings: [], exploration: [], assumptions: [], stopped: [], unhandled: [], limits: [] };
  const threadsOf = new Map<string, string[]>();
  const found = new FindingCollector();
  const unexplored: string[] = [];
  const stops = new Map<string, number>();
  const unhandled = new Map<string, number>();
  for (const [k, scenario] of scenarios.entries()) {
    if (k % 16 === 0) yield { done: k, total: scenarios.length };
    threadsOf.set(scenario.name, scenario.threads.map((t) => t.name));
    // Every scenario is explored: over interleavings when it races, else over the answers it assumed.
    const raced = scenario.threads.length > 1 || !!scenario.exploreAllocations;
    const ex = explore(program, scenario, maxSteps, raced ? maxInterleavings : Math.min(maxInterleavings, MAX_CHOICE_RUNS), cov);
    for (const run of ex.runs) {
      found.add(run);
      const why = stopReason(run);
      if (why) stops.set(why, (stops.get(why) ?? 0) + 1);
      const answer = /(?:^|: )unhandled answer: (.*)$/.exec(run.result)?.[1];
      if (answer) unhandled.set(answer, (unhandled.get(answer) ?? 0) + 1);
    }
    report.runs.push(...distinctOutcomes(ex.runs));
    if (raced) report.exploration.push(ex.stats);
    if (ex.stats.complete) continue;
    if (raced) report.limits.push(`${scenario.name}: exploration stopped at ${maxInterleavings} interleavings (${ex.stats.states} states seen); more remain`);
    else unexplored.push(scenario.name);
  }
  report.coverage = cov.summary();
  report.findings = found.findings(threadsOf);
  report.assumptions = [...program.assumptions];
  report.stopped = [...stops].map(([reason, runs]) => ({ reason, runs }));
  report.unhandled = [...unhandled].map(([answer, runs]) => ({ answer, runs }));
  report.limits.push(...report.stopped.map(({ reason, runs }) => `${runs} run${runs > 1 ? 's' : ''} stopped: ${reason}`));
  if (unexplored.length) report.limits.push(`${unexplored.length} scenario${unexplored.length > 1 ? 's' : ''} assumed more answers than ${Math.min(maxInterleavings, MAX_CHOICE_RUNS)} runs explore (${unexplored[0]}${unexplored.length > 1 ? ', ...' : ''})`);
  if (program.choicesCut) report.limits.push(`some runs met more than ${MAX_CHOICES} choice points; past that they took the first answer`);
  for (const name of program.partialRun) report.limits.push(`${name} is only partly shown by the patch; the runs used the lines it shows`);
  return report;
}

/** The default function under test: the named one, iommu_group_store_type, or a store taking (group, buf, count). */
function pickFunction(program: Program, name?: string): string {
  if (name) {
    if (!program.code.has(name)) throw new SimulationError(`no function '${name}' in the input (functions: ${someNames([...program.code.keys()])})`);
    return name;
  }
  if (program.code.has('iommu_group_store_type')) return 'iommu_group_store_type';
  const stores = [...program.code.values()].filter(({ fn }) => fn.params.length === 3 && /iommu_group/.test(fn.params[0].type) && /char/.test(fn.params[1].type));
  if (stores.length) return stores[stores.length - 1].fn.name;
  throw new SimulationError(`no store function to simulate: give --function NAME (functions: ${someNames([...program.code.keys()])})`);
}

function withFunction(s: Scenario, fn: string): Scenario {
  if (!s.threads.some((t) => t.code.includes('$function'))) return s;
  return { ...s, threads: s.threads.map((t) => ({ ...t, code: t.code.split('$function').join(fn) })) };
}

function strip(run: RunResult): RunReport {
  const { pruned: _pruned, ...rest } = run;
  return rest;
}

/** One run per distinct outcome (result and violations), the one with the shortest trace. */
function distinctOutcomes(runs: RunResult[]): RunReport[] {
  const best = new Map<string, RunResult>();
  for (const r of runs) {
    const key = r.result + '|' + r.violations.map((v) => normal(v.message)).join('|');
    const old = best.get(key);
    if (!old || r.trace.length < old.trace.length) best.set(key, r);
  }
  return [...best.values()].map(strip);
}

/** Why a run stopped on something the simulator cannot model (or a bound), or undefined. */
function stopReason(r: RunReport): string | undefined {
  if (/^(step|call depth) limit/.test(r.result)) return r.result;
  return /(^|: )error: /.test(r.result) ? r.result.replace(/^[^:]*: (?=error)/, '') : undefined;
}

/** For the benchmark: times the default matrix and the two-thread exploration on parsed files. */
export function benchSimulation(files: ParsedFile[], fn?: string): { matrixRuns: number; matrixMs: number; interleavings: number; explorationMs: number } {
  const program = buildProgram(files);
  const name = pickFunction(program, fn);
  const matrix = defaultMatrix(program.model).map((s) => withFunction(s, name));
  let t0 = performance.now();
  for (const s of matrix) runScenario(program, s, DEFAULT_OPTIONS.maxSteps, ALWAYS_FIRST);
  const matrixMs = performance.now() - t0;
  t0 = performance.now();
  let interleavings = 0;
  for (const s of defaultRaces()) interleavings += explore(program, withFunction(s, name), DEFAULT_OPTIONS.maxSteps, DEFAULT_OPTIONS.maxInterleavings).stats.interleavings;
  return { matrixRuns: matrix.length, matrixMs, interleavings, explorationMs: performance.now() - t0 };
}

/** The first few names and how many more: an error about a 20,000-function input stays one short line. */
function someNames(names: string[], shown = 10): string {
  if (!names.length) return 'none';
  return names.slice(0, shown).join(', ') + (names.length > shown ? `, ... ${names.length - shown} more` : '');
}
