/**
 * What every tool reads from one review of its files: a function's analysis, where a lock was
 * taken, who calls a function holding what. Results name things as values: `file:line`, lock
 * instances as written (`group->mutex`), classes as lockdep's (`iommu_group.mutex`).
 */
import { reviewFiles, type ReviewOptions, type ReviewOutcome } from '../review';
import type { FunctionAnalysis } from '../locks/explore';
import type { LockEvent } from '../locks/api';
import { InputError } from '../input/validate';
import type { SourceText } from './tree';

/** At most this many sites are listed for one lock, caller or edge: enough to judge, bounded for a model's context. */
export const MAX_SITES = 10;

export function analyse(files: SourceText[], options: ReviewOptions): Promise<ReviewOutcome> {
  return reviewFiles(files, options);
}

export function site(file: string, line: number): string {
  return `${file}:${line}`;
}

export function analysisOf(outcome: ReviewOutcome, name: string): FunctionAnalysis {
  const a = outcome.engine.analyses.get(name);
  if (!a) throw new InputError(`${name}() was not analysed (${outcome.result.limits.find((l) => l.includes(name)) ?? 'not defined in the files read'})`);
  return a;
}

/** How a lock held at a point came to be held: the events that took it before there, or the entry context that holds it. */
export interface HoldOrigin {
  lock: string;
  class?: string;
  taken: Array<{ at: string; by: string }>;
  /** Why it is held when the function starts (`every caller in view holds it`, `annotated`). */
  heldOnEntry?: string;
}

const TAKING = new Set<LockEvent['kind']>(['acquire', 'try-acquire']);

export function holdOrigin(outcome: ReviewOutcome, fn: string, lock: string, atLine: number): HoldOrigin {
  const a = analysisOf(outcome, fn);
  const taken = new Map<number, string>();
  let entry: string | undefined;
  for (const path of outcome.flows.get(fn)?.paths ?? []) {
    // Along each path up to the line, the event that took the lock and still holds it there.
    let holder: LockEvent | undefined;
    for (const e of path.events) {
      if (e.line > atLine && e.kind !== 'assume') break;
      if (e.lock === lock && (TAKING.has(e.kind) || e.kind === 'assume')) holder = e;
      else if (!e.held.includes(lock)) holder = undefined;
    }
    if (holder?.kind === 'assume') entry = holder.text.replace(/^held on entry: /, '');
    else if (holder && !taken.has(holder.line)) taken.set(holder.line, holder.text);
  }
  return {
    lock,
    class: a.classes.get(lock),
    taken: [...taken].sort(([x], [y]) => x - y).slice(0, MAX_SITES).map(([line, by]) => ({ at: site(a.file.path, line), by })),
    ...(entry ? { heldOnEntry: entry } : {}),
  };
}

/** One call of `callee` with the locks held there: on every path reaching it (`held`) and on some only (`heldOnSomePaths`). */
export interface CallerSite {
  caller: string;
  at: string;
  held: Array<{ lock: string; class: string; since: string }>;
  heldOnSomePaths: string[];
}

export function callSitesOf(outcome: ReviewOutcome, callee: string): CallerSite[] {
  const out: CallerSite[] = [];
  for (const a of outcome.engine.analyses.values()) {
    const byLine = new Map<number, typeof a.callSites>();
    for (const s of a.callSites) if (s.callee === callee) byLine.set(s.line, [...(byLine.get(s.line) ?? []), s]);
    for (const [line, sites] of byLine) {
      const every = sites[0].held.filter((h) => sites.every((s) => s.held.some((x) => x.inst === h.inst)));
      const some = [...new Set(sites.flatMap((s) => s.held.map((h) => h.inst)))].filter((l) => !every.some((h) => h.inst === l));
      out.push({
        caller: a.fn.name,
        at: site(a.file.path, line),
        held: every.map((h) => ({ lock: h.inst, class: h.cls, since: h.origin === 'acquired' ? site(a.file.path, h.line) : `entry (${h.origin})` })),
        heldOnSomePaths: some,
      });
    }
  }
  return out.sort((x, y) => x.at.localeCompare(y.at, undefined, { numeric: true }));
}
