/**
 * Runs one scenario once: builds the world, starts one generator per
 * thread, and schedules them (the chooser decides at every switch point
 * where more than one thread can run). Ends with the invariants.
 */
import type { ParsedFile, SNode } from '../syntax';
import { KERNEL_KNOWLEDGE, type Knowledge } from '../knowledge';
import { buildWorld, type WorldStart } from './iommu';
import { MODEL } from './models';
import { Interpreter, type CodeFunction, type CoverageSink } from './interp';
import { Machine, SimStop, heldText, type Chooser, type Source, type Thread } from './machine';
import type { ModelFunction, ModelTable } from './model';
import { unknownModel, type ConfigValue } from './unknown';
import { checkInvariants } from './invariants';
import { parseSnippet, SnippetError } from './snippet';
import type { RunReport, Scenario } from './types';

export interface Program {
  code: Map<string, CodeFunction>;
  model: ModelTable;
  /** Calls the model does not list, by the knowledge's classes (`dev_err_ratelimited` prints, `IS_ENABLED()` is explored). */
  fallback(name: string, call: SNode, text: string): ModelFunction | undefined;
  /** What those calls assumed, each once: `dev_is_pci() may return 0 or 1: both explored`. */
  assumptions: Set<string>;
  /** Some run met more choice points than it explores. */
  choicesCut: boolean;
  snippets: Map<string, { src: Source; body: SNode }>;
  /** Partial functions (from a base-less patch) that some run executed. */
  partialRun: Set<string>;
}

export function buildProgram(files: ParsedFile[], knowledge: Knowledge = KERNEL_KNOWLEDGE, config: ReadonlyMap<string, ConfigValue> = new Map()): Program {
  const code = new Map<string, CodeFunction>();
  for (const file of files) for (const fn of file.functions) if (!code.has(fn.name)) code.set(fn.name, { fn, src: file });
  const assumptions = new Set<string>();
  const unknowns = { knowledge, config, assume: (text: string) => assumptions.add(text) };
  return { code, model: MODEL, fallback: (name, call, text) => unknownModel(name, call, text, unknowns), assumptions, choicesCut: false, snippets: new Map(), partialRun: new Set() };
}

export interface RunResult extends RunReport {
  pruned: boolean;
}

export function runScenario(program: Program, scenario: Scenario, maxSteps: number, chooser: Chooser, cov?: CoverageSink): RunResult {
  const m = new Machine(scenario, maxSteps, chooser);
  const out = (result: string, pruned = false): RunResult => {
    if (m.choicesCut) program.choicesCut = true;
    return { scenario: scenario.name, result, trace: m.trace, violations: m.violations, schedule: m.schedule.length ? m.schedule : undefined, pruned };
  };
  let start: WorldStart;
  try {
    start = buildWorld(m, scenario.world);
  } catch (e) {
    return out(`error: ${(e as Error).message}`);
  }
  const interp = new Interpreter(m, program.code, program.model, program.fallback, cov, program.partialRun);
  for (const spec of scenario.threads) {
    let parsed = program.snippets.get(spec.code);
    try {
      if (!parsed) program.snippets.set(spec.code, (parsed = parseSnippet(spec.name, spec.code)));
    } catch (e) {
      if (e instanceof SnippetError) return out(`error: ${spec.name}: ${e.message}`);
      throw e;
    }
    const t: Thread = { index: m.threads.length, name: spec.name, done: false, held: [], frames: [], atomic: 0, yields: 0 };
    t.gen = interp.runSnippet(t, parsed.src, parsed.body);
    m.threads.push(t);
  }
  m.preemptive = m.threads.length > 1;

  let current = 0;
  for (;;) {
    const ready = m.threads.filter((t) => !t.done && (t.blockedOn === undefined || !m.heap.get(t.blockedOn).owner));
    if (!ready.length) {
      if (m.threads.every((t) => t.done)) break;
      deadlock(m);
      return out('deadlock');
    }
    // The running thread first, so the first interleaving tried runs each thread as far as it can.
    ready.sort((a, b) => (a.index === current ? -1 : b.index === current ? 1 : a.index - b.index));
    let t = ready[0];
    if (ready.length > 1) {
      const pick = chooser.choose(ready.length, () => m.fingerprint());
      if (pick === 'prune') return out('cut at a state explored before', true);
      t = ready[pick];
      m.schedule.push(t.name);
    }
    current = t.index;
    try {
      const step = t.gen!.next();
      if (step.done) {
        t.done = true;
        t.result = step.value;
      }
    } catch (e) {
      // A bug in the interpreter or a tree it cannot read ends this run, not the simulation.
      if (!(e instanceof SimStop)) return out(`error: internal: ${(e as Error).message}`);
      if (e.result.startsWith('call depth limit')) return out(e.result);
      if (e.result === 'pruned') return out('cut at a state explored before', true);
      if (e.result === 'step limit') m.event({ t, line: m.trace.at(-1)?.line ?? 0, text: '' }, 'limit', `stopped after ${maxSteps} steps`);
      return out(e.result === 'step limit' ? `step limit (${maxSteps} steps)` : `${t.name}: ${e.result}`);
    }
  }
  checkInvariants(m, start, scenario, m.threads[0].result);
  return out(m.threads.map((t) => `${t.name} returned ${m.label(t.result)}`).join('; '));
}

function deadlock(m: Machine): void {
  const stuck = m.threads.filter((t) => !t.done);
  const chains = stuck.map((t) => ({ thread: t.name, holds: t.held.map(heldText), wants: t.wants ? heldText(t.wants) : '?' }));
  const message = 'deadlock: ' + stuck.map((t) => `${t.name} holds ${t.held.map((h) => h.label).join(', ') || 'nothing'} and waits for ${t.wants?.label ?? '?'}`).join('; ');
  const t = stuck[0];
  m.violate({ t, line: t.wants?.line ?? 0, text: '' }, 'sim/deadlock', message, { chains });
}
