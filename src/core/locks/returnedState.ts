/**
 * A lock that goes with the returned object in one state of it: a walk returns the entry it
 * found and keeps the table lock only when the entry is a huge one (`if (!pmd_large(*pmdp))
 * spin_unlock(...); return pmdp;`), and its partner gives the lock back only when the entry it
 * is handed is huge (`if (pmd_large(*pmdp)) spin_unlock(...)`). The returns that keep the lock
 * and those that give it back differ by a state the caller still holds in its hands and the
 * partner asks: a contract, not a forgotten unlock. Only when a function in view asks the same
 * question of its parameter and gives the lock back on the very answer the keeping returns had.
 */
import type { FunctionAnalysis, PathEnd } from './explore';
import { keyVariables, renameKeyVariables } from './conditions';
import { canon } from './identity';
import type { FunctionSummary } from './summaryTypes';

const IDENTIFIER = /^[A-Za-z_]\w*$/;

/** Whether the lock of class `cls`, held at `held` and given back at `free`, goes with the returned object's state. */
export function keptWithReturnedState(a: FunctionAnalysis, held: readonly PathEnd[], free: readonly PathEnd[], cls: string, summaries: ReadonlyMap<string, FunctionSummary>): boolean {
  const returned = new Set(held.map((e) => canon(e.returnValue ?? '')));
  const [v] = returned;
  if (returned.size !== 1 || !IDENTIFIER.test(v)) return false;
  for (const [key, value] of statesOf(held, v)) {
    // A free return with the same answer would hand the partner a lock it never kept.
    if (free.some((e) => e.facts.alternatives().some((w) => w.get(key)?.value === value))) continue;
    if (partnerGivesBack(a.fn.name, key, v, value, cls, summaries)) return true;
  }
  return false;
}

/** Tests of the returned variable's state (`pmd_large(*pmdp)`, not `pmdp` itself) answered alike on every way to every end. */
function statesOf(ends: readonly PathEnd[], v: string): Map<string, boolean> {
  let common: Map<string, boolean> | undefined;
  for (const e of ends) {
    for (const w of e.facts.alternatives()) {
      const here = new Map<string, boolean>();
      for (const [key, f] of w) {
        const vars = keyVariables(key);
        if (key !== v && !f.bits && vars.length && vars.every((x) => x === v)) here.set(key, f.value);
      }
      common = common ? new Map([...common].filter(([k, b]) => here.get(k) === b)) : here;
      if (!common.size) return common;
    }
  }
  return common ?? new Map();
}

/** A function in view whose ways give `cls` back exactly when its parameter answers the test as the keeping returns did. */
function partnerGivesBack(self: string, key: string, v: string, value: boolean, cls: string, summaries: ReadonlyMap<string, FunctionSummary>): boolean {
  for (const s of summaries.values()) {
    if (s.name === self || !s.cases) continue;
    for (const param of new Set(s.cases.flatMap((c) => c.facts.flatMap((f) => f.key.match(/\$\d+/g) ?? [])))) {
      const asked = renameKeyVariables(key, (x) => (x === v ? param : undefined));
      const answering = s.cases.filter((c) => c.facts.some((f) => f.key === asked));
      if (!answering.length) continue;
      const gives = (c: (typeof answering)[number]) => c.effects.some((e) => e.op === 'release' && e.ref.cls === cls);
      const answer = (c: (typeof answering)[number]) => c.facts.find((f) => f.key === asked)!.value;
      if (answering.some(gives) && answering.every((c) => gives(c) === (answer(c) === value))) return true;
    }
  }
  return false;
}
