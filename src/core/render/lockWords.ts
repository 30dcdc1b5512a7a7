/**
 * What a function does with locks, in words a reviewer reads above it
 * (the CodeLens), and which functions matter to locking at all (the call
 * graph's emphasis). Both read the summary and the flow's events: a function
 * that takes and gives back a lock has an empty summary but is not neutral.
 */
import type { FunctionLockFlow, LockEvent } from '../locks/api';
import { KERNEL_KNOWLEDGE, type Knowledge } from '../knowledge';
import type { FunctionReport } from '../review/types';

const TAKES: LockEvent['kind'][] = ['acquire', 'try-acquire'];

function locksOf(flow: FunctionLockFlow | undefined, kinds: LockEvent['kind'][]): Set<string> {
  const out = new Set<string>();
  for (const p of flow?.paths ?? []) for (const e of p.events) if (e.lock && kinds.includes(e.kind)) out.add(e.lock);
  return out;
}

function lockName(effect: string): string {
  return effect.replace(/ \(when it returns [^)]*\)$/, '');
}

/** "takes and releases group->mutex · releases caller's x · needs y held · 4 paths". */
export function lockEffectWords(f: FunctionReport, flow: FunctionLockFlow | undefined): string {
  const { acquires, releases, requires } = f.summary;
  const taken = locksOf(flow, TAKES);
  const given = locksOf(flow, ['release', 'guard-exit']);
  // Summaries may say when an effect holds (`p->lock (when it returns 0)`); events name the lock alone.
  const netAcquired = new Set(acquires.map(lockName));
  const netReleased = new Set(releases.map(lockName));
  const parts: string[] = [];
  if (acquires.length) parts.push(`acquires ${acquires.join(', ')}`);
  // Taken here and given back on the way out: no net effect, but what the function is for.
  const takeAndRelease = [...taken].filter((l) => !netAcquired.has(l) && given.has(l));
  if (takeAndRelease.length) parts.push(`takes and releases ${takeAndRelease.join(', ')}`);
  // Net releases are of locks held on entry: the caller's.
  if (releases.length) parts.push(`releases caller's ${releases.join(', ')}`);
  // Given back and taken again though the caller holds it: a window the caller should know about.
  const drops = [...given].filter((l) => !taken.has(l) && !netReleased.has(l) && !netAcquired.has(l));
  if (drops.length) parts.push(`drops caller's ${drops.join(', ')} for a while`);
  // Releasing the caller's lock already says it must be held.
  const needs = requires.filter((r) => !releases.includes(r));
  if (needs.length) parts.push(`needs ${needs.join(', ')} held`);
  if (!parts.length) parts.push('no lock effects');
  if (f.paths !== undefined) parts.push(`${f.paths}${flow?.truncated ? '+' : ''} path${f.paths === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Functions that take, drop or need a lock, and the lock primitives themselves: a test for the call graph's emphasis. */
export function lockRelevance(functions: FunctionReport[], flows: Map<string, FunctionLockFlow>, knowledge: Knowledge = KERNEL_KNOWLEDGE): (name: string) => boolean {
  const relevant = new Set<string>();
  for (const f of functions) {
    const s = f.summary;
    if (s.acquires.length || s.releases.length || s.requires.length) relevant.add(f.name);
  }
  for (const [name, flow] of flows) if (locksOf(flow, [...TAKES, 'release', 'guard-exit']).size) relevant.add(name);
  return (name) => relevant.has(name) || knowledge.primitives.has(name);
}
