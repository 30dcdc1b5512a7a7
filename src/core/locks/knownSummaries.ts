/**
 * Summaries the knowledge makes for functions not in view: one that returns its
 * object locked (`find_or_create_page()`, as `lock_page()` locks a page) is walked
 * as a function in view that did so would be, its result held when not NULL (and,
 * for one that locks only when asked, when the call names the flag that asks);
 * one that takes a lock of its argument inside (`lockref_get()`) as one that takes it; one that
 * gives its argument's lock back when it returns zero (`block_read_full_folio()`) as one that does.
 */
import type { Knowledge } from '../knowledge';
import type { LockInside } from '../knowledge/types';
import type { LockMeta } from './state';
import { primitiveMeta } from './explore';
import { RETURNED, type LockRef } from './identity';
import type { FunctionSummary } from './summaryTypes';

export function knownSummary(knowledge: Knowledge, name: string): FunctionSummary | undefined {
  return lockedReturnerSummary(knowledge, name) ?? lockInsideSummary(knowledge, name) ?? unlockOnSuccessSummary(knowledge, name);
}

/**
 * One that gives back its argument's lock when it returns zero (`block_read_full_folio()`): a
 * release on that answer, so the caller holds it still on the error it is told of.
 */
function unlockOnSuccessSummary(knowledge: Knowledge, name: string): FunctionSummary | undefined {
  const lock = argumentLock(knowledge, knowledge.unlocksOnSuccess.get(name));
  if (!lock) return undefined;
  return {
    name,
    effects: [{ op: 'release', ref: lock.ref, meta: lock.meta, when: 'zero', line: 0, chain: [] }],
    requires: [],
    takes: [],
    sleeps: null,
    paths: 1,
    truncated: false,
  };
}

/**
 * One that takes a lock of its argument and gives it back (`lockref_get()`): a take and no
 * effect, so a caller holding that lock deadlocks in it, as in a function in view that did so.
 */
function lockInsideSummary(knowledge: Knowledge, name: string): FunctionSummary | undefined {
  const lock = argumentLock(knowledge, knowledge.locksInside.get(name));
  if (!lock) return undefined;
  const { ref, meta } = lock;
  return {
    name,
    effects: [],
    requires: [],
    takes: [{ ref, meta, line: 0, chain: [], file: '', always: true }],
    sleeps: meta.sleeps ? { line: 0, what: `${name}() may sleep`, chain: [], dropped: [] } : null,
    paths: 1,
    truncated: false,
  };
}

function lockedReturnerSummary(knowledge: Knowledge, name: string): FunctionSummary | undefined {
  const r = knowledge.lockedReturners.get(name);
  const prim = r && knowledge.primitives.get(r.as);
  if (!r || !prim) return undefined;
  const meta = primitiveMeta(prim);
  const ref = { param: RETURNED, path: '*$', cls: r.cls };
  return {
    name,
    effects: [{ op: 'acquire', ref, meta, when: 'nonzero', line: 0, chain: [], ...(r.whenFlag ? { ifFlag: r.whenFlag } : {}) }],
    requires: [],
    takes: [{ ref, meta, line: 0, chain: [], file: '', always: false }],
    // Taking a sleeping lock (and allocating the object) may sleep.
    sleeps: meta.sleeps ? { line: 0, what: `${name}() may sleep`, chain: [], dropped: [] } : null,
    paths: 1,
    truncated: false,
  };
}

/**
 * A knowledge entry's lock over the function's arguments (`$0->lock`; `$0`, the lock the argument
 * points at, is the object's lock `*$`, as a locked returner's), with its primitive's meaning.
 */
function argumentLock(knowledge: Knowledge, l: LockInside | undefined): { ref: LockRef; meta: LockMeta } | undefined {
  const prim = l && knowledge.primitives.get(l.as);
  const at = l && /^\$(\d+)(.*)$/.exec(l.path);
  if (!l || !prim || !at) return undefined;
  return { ref: { param: Number(at[1]), path: at[2] ? `$${at[2]}` : '*$', cls: l.cls }, meta: primitiveMeta(prim) };
}
