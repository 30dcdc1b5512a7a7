/**
 * lockflow_function_summary: what a function does to locks in its caller's terms, each effect
 * with the line that shows it, its entry context, and the lock events of its paths as evidence.
 */
import { refText } from '../review/context';
import type { LockEvent } from '../locks/api';
import { analyse, analysisOf, callSitesOf, MAX_SITES, site } from './analysis';
import type { ReviewOptions } from '../review';
import type { ToolTree } from './tree';

/** Paths listed as evidence: the first few, each with its first lock events only (a model's context is small). */
const MAX_EVIDENCE_PATHS = 8;
const MAX_EVIDENCE_EVENTS = 40;
const LOCK_EVENTS = new Set<LockEvent['kind']>(['acquire', 'release', 'try-acquire', 'guard-exit', 'assume']);

const CONTEXT_MEANING = {
  callers: 'only callers in view can call it: it runs with the locks every one of them holds',
  callback: 'a callback: it runs with the locks of the call that invokes it',
  unknown: 'callable from outside what was read: the locks held on entry are unknown',
} as const;

export type FunctionSummaryAnswer = Awaited<ReturnType<typeof functionSummary>>;

export async function functionSummary(tree: ToolTree, name: string, file?: string, options: ReviewOptions = {}) {
  const outcome = await analyse([await tree.definitionOf(name, file)], options);
  const a = analysisOf(outcome, name);
  const s = outcome.engine.summaries.get(name)!;
  const params = a.fn.params.map((p) => p.name);
  const path = a.file.path;
  const when = (w: string) => (w === 'always' ? {} : { when: `returns ${w === 'zero' ? '0' : 'nonzero'}` });
  const via = (chain: string[]) => (chain.length ? { via: chain } : {});
  const effects = (op: 'acquire' | 'release') =>
    s.effects.filter((e) => e.op === op).map((e) => ({ lock: refText(e.ref, params), at: site(path, e.line), ...when(e.when), ...via(e.chain) }));
  const flow = outcome.flows.get(name);
  return {
    function: name,
    at: site(path, a.fn.line),
    static: a.fn.isStatic,
    acquires: effects('acquire'),
    /** A release of a lock the function did not take gives back the caller's. */
    releases: effects('release'),
    requires: uniqueLocks(s.requires.map((r) => ({ lock: refText(r.ref, params), at: site(path, r.line), why: r.why }))),
    temporarilyDrops: a.drops.map((d) => ({ lock: d.lock, released: site(path, d.releaseLine), retaken: site(path, d.retakeLine) })),
    sleeps: a.sleepsAt ? { at: site(path, a.sleepsAt.line), what: a.sleepsAt.what, ...via(a.sleepsAt.chain), droppedFirst: a.sleepsAt.dropped } : null,
    entry: {
      context: a.context,
      meaning: CONTEXT_MEANING[a.context],
      held: (outcome.engine.contexts.get(name) ?? []).map((h) => h.inst),
      calledFrom: callSitesOf(outcome, name).slice(0, MAX_SITES).map((c) => c.at),
    },
    paths: flow?.paths.length ?? 0,
    truncated: flow?.truncated ?? false,
    evidence: (flow?.paths ?? []).slice(0, MAX_EVIDENCE_PATHS).map((p) => ({
      events: p.events.filter((e) => LOCK_EVENTS.has(e.kind)).slice(0, MAX_EVIDENCE_EVENTS).map((e) => ({ at: site(path, e.line), event: e.text, held: e.held })),
      ends: site(path, p.endLine),
      ...(p.returnValue !== undefined ? { returns: p.returnValue } : {}),
      heldAtEnd: p.heldAtEnd,
    })),
    limits: outcome.result.limits,
  };
}

/** Each required lock once, at its first line. */
function uniqueLocks<T extends { lock: string }>(items: T[]): T[] {
  return items.filter((x, i) => items.findIndex((y) => y.lock === x.lock) === i);
}
